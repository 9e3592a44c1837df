import pytest

from fairinspect.accounts.roles import Role
from fairinspect.inspections.models import Kind, State
from tests import factories
from tests.reports.walk import walk_to


@pytest.fixture
def quality_assurer(db):
    return factories.make_user(Role.QUALITY_ASSURER)


@pytest.fixture
def report_at(make_inspection, quality_assurer):
    """An inspection walked to a report stage (tests.reports.walk.STAGES), and a user of its school."""

    def build(stage: str, *, kind=Kind.FULL, grades=None, school=None):
        inspection = make_inspection(State.ON_SITE, kind=kind, school=school)
        school_user = factories.make_user(
            Role.SCHOOL_USER, school=inspection.school, email=f"office{inspection.pk}@school.example"
        )
        inspection = walk_to(
            inspection, stage, school_user=school_user, quality_assurer=quality_assurer, grades=grades
        )
        return inspection, school_user

    return build
