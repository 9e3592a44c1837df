"""Which schools are open: one rule, from GIAS's establishment status, for the model, its querysets, the
search, the API and the planning of inspections."""

from datetime import date

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.core import working_days
from fairinspect.core.errors import InvalidRequest
from fairinspect.inspections import services
from fairinspect.inspections.models import Kind
from fairinspect.schools import gias
from fairinspect.schools.models import School
from fairinspect.schools.selectors import search_schools

pytestmark = pytest.mark.django_db

# GIAS gives a school proposed to close its (future) close date, and one proposed to open its opening date.
STATUSES = {
    gias.OPEN: {},
    gias.OPEN_BUT_PROPOSED_TO_CLOSE: {"close_date": date(2027, 8, 31)},
    gias.PROPOSED_TO_OPEN: {"open_date": date(2027, 9, 1)},
    gias.CLOSED: {"close_date": date(2020, 8, 31)},
}


@pytest.fixture
def by_status(make_school) -> dict[int, School]:
    return {
        status: make_school(name=f"Riverside {name}", status_code=status, status_name=name, **dates)
        for status, dates in STATUSES.items()
        for name in [gias.ESTABLISHMENT_STATUS[status]]
    }


def test_open_means_open_or_open_but_proposed_to_close_for_the_model_and_its_querysets(by_status):
    open_now = {gias.OPEN, gias.OPEN_BUT_PROPOSED_TO_CLOSE}
    assert {status for status, school in by_status.items() if school.is_open} == open_now
    assert {school.status_code for school in School.objects.open()} == open_now
    assert {school.status_code for school in School.objects.not_closed()} == open_now | {gias.PROPOSED_TO_OPEN}


def test_search_lists_every_school_not_closed_and_closed_ones_last_when_asked_for(by_status):
    # By name: "Riverside Open", "Riverside Open, but proposed to close", "Riverside Proposed to open".
    assert [school.status_code for school in search_schools(query="riverside")] == [
        gias.OPEN, gias.OPEN_BUT_PROPOSED_TO_CLOSE, gias.PROPOSED_TO_OPEN,
    ]  # fmt: skip
    assert [school.status_code for school in search_schools(query="riverside", include_closed=True)] == [
        gias.OPEN, gias.OPEN_BUT_PROPOSED_TO_CLOSE, gias.PROPOSED_TO_OPEN, gias.CLOSED,
    ]  # fmt: skip


def test_the_api_lists_the_schools_the_search_does(client, by_status):
    listed = client.get("/api/v1/schools", {"q": "riverside"}).json()["items"]
    assert [school["status"] for school in listed] == ["Open", "Open, but proposed to close", "Proposed to open"]


def test_only_an_open_school_can_have_an_inspection_planned(by_status, clock, frameworks, make_user):
    scheduler = make_user(Role.SCHEDULER)

    def plan(school):
        return services.plan_inspection(
            actor=scheduler,
            school=school,
            framework=frameworks["report-card-2025"],
            kind=Kind.FULL,
            starts_on=working_days.next_working_day(clock.today),
        )

    for status in (gias.OPEN, gias.OPEN_BUT_PROPOSED_TO_CLOSE):
        assert plan(by_status[status]).school == by_status[status]
    for status, said in ((gias.PROPOSED_TO_OPEN, "is not yet open"), (gias.CLOSED, "is closed")):
        with pytest.raises(InvalidRequest, match=f"{said}, so it cannot be inspected"):
            plan(by_status[status])
