"""Email, sent after the change it reports has committed, by the task worker.

Each recipient gets a message of their own, sent by a task of its own (GOV.UK Notify sends one per address
anyway): no one sees who else was told, an address that fails stops no one else's message, and a retried
task sends only its own. The mailer is Django's default one: SMTP, the console in the demo, or GOV.UK
Notify when NOTIFY_API_KEY is set (see settings).

No message is lost because of the data it carries: a subject is made from data (a school's name, say), and
a line break there would make the mailer refuse every recipient's message, so the subject is folded onto
one line; an address that is not one is skipped, with a warning in the log, since no mailer could send to
it and one might read it as other addresses (a comma) or other headers (a line break).
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.validators import validate_email
from django.db import transaction
from django.tasks import task

from fairinspect.core.text import one_line

logger = logging.getLogger(__name__)


@task
def send_email(subject: str, body: str, recipient: str) -> int:
    message = EmailMessage(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return mailers.default.send_messages([message])


def _is_email_address(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def email_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue an email to each recipient for when the current transaction commits; nothing is sent if it
    rolls back."""
    addresses = sorted({address for address in recipients if address})

    def enqueue() -> None:
        for address in addresses:
            if _is_email_address(address):
                send_email.enqueue(subject, body, address)
            else:
                logger.warning("Not emailing %r about %r: it is not an email address", address, one_line(subject))

    if addresses:
        transaction.on_commit(enqueue)


class ReadableConsoleBackend(ConsoleBackend):
    """The demo's mailer: each message printed as a person reads it (who it is to, its subject, its text), where
    Django's console mailer prints it as sent, its text in quoted-printable ("inspect=" at a line's end)."""

    def write_message(self, message):
        self.stream.write(
            f"From: {message.from_email}\nTo: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n"
        )
        self.stream.write("-" * 79 + "\n")
