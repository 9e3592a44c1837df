from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.tasks import default_task_backend
from django.tasks.base import TaskResult
from django.test import override_settings

from fairinspect.demo.loading import load_demo
from tests.conftest import A_MONDAY
from tests.transactions import rolled_back

# The day the demo is loaded as of in these tests, at the clock fixture's time, its seed and a size that has
# every scenario yet loads in a few seconds.
DEMO_DAY = A_MONDAY
LOADED_AT = datetime.combine(DEMO_DAY, time(9), ZoneInfo("Europe/London"))
SEED = 7
SCHOOLS = 300
KEPT = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def load_keeping_tasks(**arguments) -> list[TaskResult]:
    """`load_demo`, keeping the tasks it queues for the worker served beside it (its report cards' PDFs, a second
    each to make) rather than running them at once as the tests' other tasks are; returns them, for the test of
    them to run."""
    with override_settings(TASKS=KEPT):
        load_demo(**arguments)
        return list(default_task_backend.results)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for a module's tests (each runs in a savepoint inside), then rolled back; its value is
    the tasks it queued for the worker."""
    with django_db_blocker.unblock(), rolled_back():
        yield load_keeping_tasks(seed=SEED, schools=SCHOOLS, now=LOADED_AT)
