"""Taking an inspector off an inspection's team: the scheduler's to do while the inspection is planned or notified,
with one audit event naming who left; every refusal changes nothing, and whoever left can be put back."""

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import events_for
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.inspections import services
from fairinspect.inspections.models import Inspection, State
from tests import factories
from tests.refusals import nothing_changed, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduler():
    return factories.make_user(Role.SCHEDULER)


def team(inspection: Inspection) -> dict[int, bool]:
    """Who is on the team: each inspector's id, and whether they lead."""
    return dict(inspection.team.values_list("inspector_id", "is_lead"))


def lead_of(inspection: Inspection):
    return inspection.team.get(is_lead=True).inspector


def team_events(inspection: Inspection) -> list[tuple[str, str, bool]]:
    """The team's changes on the audit trail, oldest first: the action, the inspector's reference, whether as lead."""
    return [
        (event.action, event.after["inspector"], event.after["lead"])
        for event in events_for(inspection)
        if event.action in ("inspection.inspector_assigned", "inspection.inspector_removed")
    ]


@pytest.mark.parametrize("state", [State.PLANNED, State.NOTIFIED])
def test_a_scheduler_removes_a_member_and_one_event_names_them(scheduler, make_inspection, state):
    inspection = make_inspection(state)
    member = factories.make_inspector()
    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=member)
    events = AuditEvent.objects.count()

    services.unassign_inspector(actor=scheduler, inspection=inspection, inspector=member)

    assert team(inspection) == {lead_of(inspection).pk: True}
    assert AuditEvent.objects.count() == events + 1
    event = events_for(inspection).last()
    assert (event.action, event.actor) == ("inspection.inspector_removed", scheduler)
    assert event.before == {"state": state}
    assert event.after == {"state": state, "inspector": member.reference, "lead": False}
    assert Inspection.objects.get(pk=inspection.pk).state == state, "a change of team is no step in the lifecycle"


def test_removing_the_lead_holds_the_call_until_a_new_lead_is_assigned(scheduler, make_inspection):
    inspection = make_inspection(State.PLANNED)
    lead = lead_of(inspection)

    services.unassign_inspector(actor=scheduler, inspection=inspection, inspector=lead)

    assert team(inspection) == {}
    assert events_for(inspection).last().after == {"state": State.PLANNED, "inspector": lead.reference, "lead": True}
    with refused(InvalidRequest, "Assign a lead inspector before notifying the school"):
        services.notify_school(actor=scheduler, inspection=inspection)
    successor = factories.make_inspector()
    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=successor, as_lead=True)
    assert services.notify_school(actor=scheduler, inspection=inspection).state == State.NOTIFIED


def test_an_inspector_removed_can_be_put_back_as_a_member_or_as_the_lead(scheduler, make_inspection):
    inspection = make_inspection(State.PLANNED)
    lead = lead_of(inspection)
    services.unassign_inspector(actor=scheduler, inspection=inspection, inspector=lead)

    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=lead)
    assert team(inspection) == {lead.pk: False}
    services.unassign_inspector(actor=scheduler, inspection=inspection, inspector=lead)
    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=lead, as_lead=True)

    assert team(inspection) == {lead.pk: True}
    reference = lead.reference
    assert team_events(inspection) == [
        ("inspection.inspector_assigned", reference, True),
        ("inspection.inspector_removed", reference, True),
        ("inspection.inspector_assigned", reference, False),
        ("inspection.inspector_removed", reference, False),
        ("inspection.inspector_assigned", reference, True),
    ]


def test_someone_not_on_the_team_is_named_and_nothing_changes(scheduler, make_inspection):
    inspection = make_inspection(State.PLANNED)
    stranger = factories.make_inspector()
    with refused(InvalidRequest, f"{stranger.name} is not on this team") as refusal:
        services.unassign_inspector(actor=scheduler, inspection=inspection, inspector=stranger)
    assert refusal.value.field == "inspector"

    services.unassign_inspector(actor=scheduler, inspection=inspection, inspector=lead_of(inspection))
    with refused(InvalidRequest, "is not on this team"):  # removed once already
        services.unassign_inspector(actor=scheduler, inspection=inspection, inspector=stranger)


@pytest.mark.parametrize("state", [State.ON_SITE, State.PAUSED, State.DEFERRED, State.CANCELLED])
def test_the_team_is_fixed_once_on_site_work_starts_or_the_inspection_is_off(scheduler, make_inspection, state):
    inspection = make_inspection(state)
    lead = lead_of(inspection)
    with refused(WrongState, f"You cannot change the team of this inspection: it is {state.label.lower()}"):
        services.unassign_inspector(actor=scheduler, inspection=inspection, inspector=lead)
    assert team(inspection) == {lead.pk: True}


def test_nobody_but_a_scheduler_changes_the_team(make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    lead = lead_of(inspection)
    headteacher = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True)
    office = [factories.make_user(role) for role in (Role.ADMINISTRATOR, Role.DUTY_DECISION_MAKER, Role.RESEARCHER)]
    for someone in (lead.user, headteacher, *office):
        with refused(NotPermitted, "Only a scheduler can change the team of this inspection"):
            services.unassign_inspector(actor=someone, inspection=inspection, inspector=lead)


def delete_member(client, inspection: Inspection, inspector):
    path = reverse("api:inspection-team-member", kwargs={"inspection_id": inspection.pk, "inspector_id": inspector.pk})
    return client.delete(path)


def test_over_the_api_someone_elses_inspection_is_not_found_and_a_refusal_changes_nothing(client, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    lead = lead_of(inspection)
    refusals = [
        # An inspector not on the team, and a user of another school, cannot see the inspection at all.
        (factories.make_inspector().user, 404, f"No inspection {inspection.pk} that you can see"),
        (factories.make_user(Role.SCHOOL_USER), 404, f"No inspection {inspection.pk} that you can see"),
        # Its lead and its school's headteacher can see it, but the team is the scheduler's.
        (lead.user, 403, "Only a scheduler can change the team of this inspection"),
        (factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True), 403, "Only a scheduler"),
        (factories.make_user(Role.DUTY_DECISION_MAKER), 403, "Only a scheduler"),
    ]
    for someone, status, detail in refusals:
        client.force_login(someone)
        with nothing_changed(f"removing the lead as {someone.username}"):
            response = delete_member(client, inspection, lead)
        assert response.status_code == status, response.content
        assert detail in response.json()["detail"]

    client.force_login(factories.make_user(Role.SCHEDULER))
    stranger = factories.make_inspector()
    with nothing_changed("removing someone not on the team"):
        response = delete_member(client, inspection, stranger)
    assert response.status_code == 422 and response.json()["field"] == "inspector"
    removed = delete_member(client, inspection, lead)
    assert removed.status_code == 200 and removed.json()["team"] == []
