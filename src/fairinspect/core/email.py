"""Email, sent after the change it reports has committed, by the task worker.

Each recipient gets a message of their own, sent by a task of its own (GOV.UK Notify sends one per address
anyway): no one sees who else was told, an address that fails stops no one else's message, and a retried
task sends only its own. The mailer is Django's default one: SMTP, the console in the demo, or GOV.UK
Notify when NOTIFY_API_KEY is set (see settings).

No message is lost or sent twice because a worker dies: a task whose worker died is run again (see
`core.worker`), and finds the `SentEmail` row its first run wrote the moment the mailer accepted its message.
The one moment left is between the mailer accepting a message and that row being written (milliseconds): a
worker killed just then sends the message again, with the same Message-ID, by which mail systems tell a copy.

No message is lost because of the data it carries: a subject is made from data (a school's name, say), and
a line break there would make the mailer refuse every recipient's message, so the subject is folded onto
one line; an address that is not one is skipped, with a warning in the log, since no mailer could send to
it and one might read it as other addresses (a comma) or other headers (a line break).
"""

import logging
import time
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.validators import validate_email
from django.db import DatabaseError, connection
from django.tasks import TaskContext, task
from django.utils import timezone

from fairinspect.core.models import SentEmail
from fairinspect.core.tasks import with_the_change
from fairinspect.core.text import one_line

logger = logging.getLogger(__name__)


# How long a message the mailer accepted waits, at most, for the database to take its `SentEmail` row again
# after losing its connection, before the task gives up (and the message may be sent a second time).
RECORD_SENT_PATIENCE_SECONDS = 60


@task(takes_context=True)
def send_email(context: TaskContext, subject: str, body: str, recipient: str) -> int:
    task_id = context.task_result.id
    if SentEmail.objects.filter(task_id=task_id).exists():
        logger.info("Email task %s was sent by an earlier run: not sending it again", task_id)
        return 0
    message = EmailMessage(
        one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [recipient], headers={"Message-ID": _message_id(task_id)}
    )
    sent = mailers.default.send_messages([message])
    if sent:
        _record_sent(task_id)
    return sent


def _message_id(task_id: str) -> str:
    """The same for every run of one task, so that a copy sent again is known as the same message."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "fairinspect"
    return f"<{task_id}@{domain}>"


def _record_sent(task_id: str) -> None:
    """Write that the task's message went, riding out a cut connection: the message has gone, and without the row
    a run again would send it twice."""
    deadline = time.monotonic() + RECORD_SENT_PATIENCE_SECONDS
    while True:
        try:
            SentEmail.objects.get_or_create(task_id=task_id, defaults={"sent_at": timezone.now()})
            return
        except DatabaseError:
            if connection.in_atomic_block or time.monotonic() > deadline:
                raise
            logger.warning("Email task %s was sent but could not be recorded yet: trying again", task_id)
            connection.close()
            time.sleep(1)


def _is_email_address(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def email_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue an email to each recipient, sent once the current transaction commits; nothing is sent if it
    rolls back, and nothing is lost if the process dies just after the commit (`core.tasks.with_the_change`)."""
    addresses = sorted({address for address in recipients if address})

    def enqueue() -> None:
        for address in addresses:
            if _is_email_address(address):
                send_email.enqueue(subject, body, address)
            else:
                logger.warning("Not emailing %r about %r: it is not an email address", address, one_line(subject))

    if addresses:
        with_the_change(enqueue)


class ReadableConsoleBackend(ConsoleBackend):
    """The demo's mailer: each message printed as a person reads it (who it is to, its subject, its text), where
    Django's console mailer prints it as sent, its text in quoted-printable ("inspect=" at a line's end)."""

    def write_message(self, message):
        self.stream.write(
            f"From: {message.from_email}\nTo: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n"
        )
        self.stream.write("-" * 79 + "\n")
