"""Email, sent after the change it reports has committed, by the task worker.

Each recipient gets a message of their own (GOV.UK Notify sends one per address anyway), so no one
sees who else was told. The mailer is Django's default one: SMTP, the console in the demo, or GOV.UK
Notify when NOTIFY_API_KEY is set (see settings).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task


@task
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    return mailers.default.send_messages(messages)


def email_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue an email for when the current transaction commits; nothing is sent if it rolls back."""
    addresses = sorted({address for address in recipients if address})
    if addresses:
        transaction.on_commit(lambda: send_email.enqueue(subject, body, addresses))
