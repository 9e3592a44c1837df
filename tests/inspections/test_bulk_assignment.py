"""Putting many inspectors on teams at once (a planner's approved plan): one transaction, all or none, each
assignment checked and audited as one made alone."""

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.audit.selectors import events_for
from fairinspect.inspections import services
from fairinspect.inspections.eligibility import Ineligible
from fairinspect.inspections.models import State
from fairinspect.inspections.services import Assignment
from tests import factories
from tests.refusals import refused

pytestmark = pytest.mark.django_db


def assigned(inspection) -> list[tuple[str, bool]]:
    return [
        (event.after["inspector"], event.after["lead"])
        for event in events_for(inspection)
        if event.action == "inspection.inspector_assigned"
    ]


def test_every_assignment_is_made_and_audited_on_its_own(clock, make_inspection, frameworks):
    scheduler = factories.make_user(Role.SCHEDULER)
    first, second = make_inspection(State.PLANNED), make_inspection(State.PLANNED)
    members = [factories.make_inspector() for _ in range(3)]
    made = services.assign_inspectors(
        actor=scheduler,
        assignments=[Assignment(second, members[2]), Assignment(first, members[0]), Assignment(first, members[1])],
    )
    assert len(made) == 3
    lead = first.team.get(is_lead=True).inspector
    assert assigned(first) == [(lead.reference, True), (members[0].reference, False), (members[1].reference, False)]
    assert assigned(second)[-1] == (members[2].reference, False)


def test_one_refused_assignment_refuses_them_all(clock, make_inspection, frameworks):
    scheduler = factories.make_user(Role.SCHEDULER)
    inspection = make_inspection(State.PLANNED)
    able = factories.make_inspector()
    withdrawn = factories.make_inspector()
    withdrawn.withdrawn_on, withdrawn.withdrawal_reason = clock.today, "Stepping back"
    withdrawn.save()
    with refused(Ineligible, "cannot join this team: they withdrew from inspecting"):
        services.assign_inspectors(
            actor=scheduler, assignments=[Assignment(inspection, able), Assignment(inspection, withdrawn)]
        )
    assert not inspection.team.filter(inspector=able).exists()
