import pytest

from fairinspect.accounts.roles import Role
from fairinspect.inspections.models import Inspection, State
from tests import factories


@pytest.fixture
def duty(db):
    """A senior inspector on duty, on no team."""
    return factories.make_user(Role.DUTY_DECISION_MAKER, email="duty@example.org")


@pytest.fixture
def officer(db):
    return factories.make_user(Role.COMPLAINTS_OFFICER, email="officer@example.org")


def school_user_of(inspection: Inspection, **fields):
    return factories.make_user(Role.SCHOOL_USER, school=inspection.school, **fields)


def moved_on(inspection: Inspection, state: State) -> Inspection:
    """The inspection moved past on-site work, as the reports app's transitions will (tests only)."""
    inspection.enter_state(state)
    inspection.save()
    return Inspection.objects.get(pk=inspection.pk)


@pytest.fixture
def published(monkeypatch):
    """Say when an inspection's report was published: `published(inspection, day)`."""
    from fairinspect.complaints import selectors

    days: dict[int, object] = {}
    monkeypatch.setattr(selectors, "published_on", lambda inspection: days.get(inspection.pk))

    def publish(inspection: Inspection, day) -> Inspection:
        days[inspection.pk] = day
        return moved_on(inspection, State.PUBLISHED)

    return publish


# The reports app's walk of an inspection to each report stage, for holds and windows against real publications.
from tests.reports.conftest import quality_assurer, report_at  # noqa: E402, F401
