"""Email goes through Django's mailer after commit; with NOTIFY_API_KEY set, through GOV.UK Notify."""

import io
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished

from fairinspect.core.email import ReadableConsoleBackend, email_after_commit, send_email

pytestmark = pytest.mark.django_db

NOTIFY = {"default": {"BACKEND": "django_gov_notify.backends.NotifyEmailBackend"}}


@pytest.fixture
def finished_tasks():
    """The result of every task that finishes during the test."""
    finished = []

    def collect(sender, task_result, **kwargs):
        finished.append(task_result)

    task_finished.connect(collect)
    yield finished
    task_finished.disconnect(collect)


def test_each_recipient_gets_their_own_message_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email_after_commit("Subject", "Body", ["b@example.org", "a@example.org", "", "a@example.org"])
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["a@example.org"], ["b@example.org"]]


def test_each_recipient_has_a_task_of_their_own_so_a_failure_stops_no_one_else_and_a_retry_sends_only_theirs(
    django_capture_on_commit_callbacks, monkeypatch, finished_tasks
):
    unreachable = "bounce@example.org"
    deliver = locmem.EmailBackend.send_messages

    def refuse_one_address(backend, messages):
        if any(unreachable in message.to for message in messages):
            raise ConnectionError("the mail server refused the address")
        return deliver(backend, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse_one_address)
    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit("Subject", "Body", ["a@example.org", unreachable, "c@example.org"])
    assert [message.to for message in mail.outbox] == [["a@example.org"], ["c@example.org"]]
    failed = [result for result in finished_tasks if result.status == TaskResultStatus.FAILED]
    assert [result.args for result in failed] == [["Subject", "Body", unreachable]]

    # Retried once the address works, the failed task sends its one message and no one else's again.
    monkeypatch.setattr(locmem.EmailBackend, "send_messages", deliver)
    mail.outbox.clear()
    send_email.enqueue(*failed[0].args)
    assert [message.to for message in mail.outbox] == [[unreachable]]


def test_a_line_break_or_control_character_in_the_subject_is_folded_into_a_space_and_every_message_sent(
    django_capture_on_commit_callbacks, finished_tasks
):
    """A school's name reaches the subject as imported; with a line break in it the mailer refused every
    message about the school ("Header values may not contain linefeed")."""
    subject = "Oakfield\r\nAcademy will be inspected\u2028on 1 and 2 December\x0b2026\t(notice)"
    body = "Dear colleagues at Oakfield\r\nAcademy,\n\nThis is to confirm our call today."

    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit(subject, body, ["head@oakfield.example", "office@oakfield.example"])

    assert [result.status for result in finished_tasks] == [TaskResultStatus.SUCCESSFUL] * 2
    assert [message.to for message in mail.outbox] == [["head@oakfield.example"], ["office@oakfield.example"]]
    for message in mail.outbox:
        assert message.subject == "Oakfield Academy will be inspected on 1 and 2 December 2026 (notice)"
        assert message.message()["Subject"] == message.subject
        assert message.body == body  # the body may hold line breaks


def test_an_address_that_is_not_one_is_skipped_with_a_warning_and_everyone_else_is_emailed(
    django_capture_on_commit_callbacks, finished_tasks, caplog
):
    not_addresses = [
        "tom at example.org",
        "head@oakfield.example\nBcc: everyone@example.org",  # would be another header
        "head@oakfield.example, everyone@example.org",  # would be two addresses
        "a@b@example.org",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit("Your\ninspection", "Body", ["office@oakfield.example", *not_addresses, "a@example.org"])

    assert [message.to for message in mail.outbox] == [["a@example.org"], ["office@oakfield.example"]]
    assert [result.status for result in finished_tasks] == [TaskResultStatus.SUCCESSFUL] * 2
    warnings = [record for record in caplog.records if record.name == "fairinspect.core.email"]
    assert [record.levelname for record in warnings] == ["WARNING"] * len(not_addresses)
    assert {record.getMessage() for record in warnings} == {
        f"Not emailing {address!r} about 'Your inspection': it is not an email address" for address in not_addresses
    }


def test_with_notify_configured_the_plain_template_carries_subject_and_body(settings):
    settings.MAILERS = NOTIFY
    settings.GOVUK_NOTIFY_API_KEY = "test-key"
    settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = "template-id"
    with mock.patch("django_gov_notify.backends.NotificationsAPIClient") as client_class:
        send_email.enqueue("Your inspection", "Dear colleagues", "head@school.example")
    client_class.assert_called_once_with("test-key")
    client_class.return_value.send_email_notification.assert_called_once_with(
        email_address="head@school.example",
        template_id="template-id",
        personalisation={"subject": "Your inspection", "body": "Dear colleagues"},
    )


def run_settings(**environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NOTIFY", "DJANGO_SETTINGS"))}
    env.update(environment, DEBUG="1")
    code = "import django.conf as c, os; os.environ['DJANGO_SETTINGS_MODULE']='fairinspect.settings'; print(c.settings.MAILERS['default']['BACKEND'])"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_notify_needs_its_template_and_is_chosen_by_the_key():
    refused = run_settings(NOTIFY_API_KEY="key")
    assert refused.returncode != 0 and "NOTIFY_PLAIN_EMAIL_TEMPLATE_ID is not" in refused.stderr
    chosen = run_settings(NOTIFY_API_KEY="key", NOTIFY_PLAIN_EMAIL_TEMPLATE_ID="template")
    assert chosen.stdout.strip() == "django_gov_notify.backends.NotifyEmailBackend"


def test_the_demos_console_prints_each_email_as_a_person_reads_it():
    stream = io.StringIO()
    body = "The inspection of Brook Lane Primary School – a long line that a sent message would wrap and encode " * 2
    message = mail.EmailMessage("Notified: Brook Lane", body, "no-reply@example.org", ["head@school.example"])
    assert ReadableConsoleBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert printed.startswith("From: no-reply@example.org\nTo: head@school.example\nSubject: Notified: Brook Lane\n\n")
    assert body in printed and "=\n" not in printed and "=E2=80=93" not in printed
