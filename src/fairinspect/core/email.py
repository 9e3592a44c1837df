"""Email, sent after the change it reports has committed, by the task worker.

Each recipient gets a message of their own, sent by a task of its own (GOV.UK Notify sends one per address
anyway): no one sees who else was told, an address that fails stops no one else's message, and a retried
task sends only its own. The mailer is Django's default one: SMTP, the console in the demo, or GOV.UK
Notify when NOTIFY_API_KEY is set (see settings).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task


@task
def send_email(subject: str, body: str, recipient: str) -> int:
    return mailers.default.send_messages([EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])])


def email_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue an email to each recipient for when the current transaction commits; nothing is sent if it
    rolls back."""
    addresses = sorted({address for address in recipients if address})

    def enqueue() -> None:
        for address in addresses:
            send_email.enqueue(subject, body, address)

    if addresses:
        transaction.on_commit(enqueue)
