"""Tasks are queued with the change that calls for them: with the database task backend (production's), in the
change's own transaction, so that a process dying the moment its change commits (killed, or its database
connection cut) loses none of the change's emails."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from fairinspect.core.email import email_after_commit

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_an_email_is_queued_in_the_transaction_of_its_change_so_no_commit_hook_is_needed(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    # The commit hooks are kept and never run: as for a process killed just after its change committed.
    with django_capture_on_commit_callbacks(execute=False) as hooks, transaction.atomic():
        email_after_commit("Your inspection", "It is paused.", ["b@example.org", "a@example.org"])
    assert hooks == []
    queued = DBTaskResult.objects.filter(task_path="fairinspect.core.email.send_email")
    assert sorted(task.args_kwargs["args"][2] for task in queued) == ["a@example.org", "b@example.org"]


def test_a_change_rolled_back_queues_no_email(settings):
    settings.TASKS = DATABASE_TASKS
    with transaction.atomic():
        email_after_commit("Your inspection", "It is paused.", ["a@example.org"])
        transaction.set_rollback(True)
    assert not DBTaskResult.objects.exists()


def test_another_backend_is_given_the_email_once_the_change_commits(django_capture_on_commit_callbacks):
    # The tests' immediate backend would send it at once, before the change is known to have committed.
    with django_capture_on_commit_callbacks(execute=False) as hooks:
        email_after_commit("Your inspection", "It is paused.", ["a@example.org"])
    assert len(hooks) == 1
