"""Formal complaints: the window after the report, the hold on publication, the handler's deadline, outcomes and
actions, independent adjudication and the public answer to a declined recommendation, and who sees them."""

from datetime import date, timedelta

import pytest
from django.core import mail

from fairinspect.accounts.roles import Role
from fairinspect.audit.selectors import events_for
from fairinspect.complaints import selectors, services
from fairinspect.complaints.models import ActionKind, ComplaintEvent, Outcome, Response
from fairinspect.core import working_days
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.inspections.models import InspectionProposal, Kind, State
from tests import factories
from tests.complaints.conftest import moved_on, school_user_of
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_on_site(make_inspection, clock):
    """An inspection whose on-site work ended, the clock on its last day on site."""

    def build(state=State.FEEDBACK_GIVEN):
        inspection = moved_on(make_inspection(State.ON_SITE), state)
        clock.set(inspection.ends_on)
        return inspection

    return build


def test_a_complaint_within_the_hold_window_holds_publication_until_decided(
    after_on_site, clock, officer, django_capture_on_commit_callbacks
):
    inspection = after_on_site()
    user = school_user_of(inspection, email="head@example.org")
    clock.set(working_days.add_working_days(inspection.ends_on, 2))  # the last day of the default window
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.make_complaint(actor=user, inspection=inspection, grounds="The grades ignore our data.")
    assert complaint.holds_publication
    assert complaint.respond_by == working_days.add_working_days(working_days.today(), 30)
    assert "holds publication" in selectors.publication_hold(inspection)
    assert {tuple(message.to) for message in mail.outbox} == {("officer@example.org",), ("head@example.org",)}
    assert events_for(complaint).last().action == ComplaintEvent.COMPLAINT_MADE
    services.decide_complaint(actor=officer, complaint=complaint, outcome=Outcome.NOT_UPHELD, reason="The evidence holds.")
    assert selectors.publication_hold(inspection) is None


def test_a_complaint_after_the_hold_window_does_not_hold_publication(after_on_site, clock):
    inspection = after_on_site(State.QUALITY_ASSURANCE)
    user = school_user_of(inspection)
    clock.set(working_days.add_working_days(inspection.ends_on, 3))
    complaint = services.make_complaint(actor=user, inspection=inspection, grounds="Unfair.")
    assert not complaint.holds_publication
    assert selectors.publication_hold(inspection) is None


def test_the_hold_window_is_configurable(after_on_site, clock, settings):
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "COMPLAINT_HOLD_WORKING_DAYS": 4}
    inspection = after_on_site()
    clock.set(working_days.add_working_days(inspection.ends_on, 4))
    assert selectors.would_hold_publication(inspection, working_days.today())
    assert not selectors.would_hold_publication(inspection, working_days.next_working_day(working_days.today()))


def test_complaints_staff_may_release_a_hold_saying_why(after_on_site, officer):
    inspection = after_on_site()
    complaint = services.make_complaint(actor=school_user_of(inspection), inspection=inspection, grounds="Unfair.")
    services.release_hold(actor=officer, complaint=complaint, reason="The complaint is not about the report.")
    assert selectors.publication_hold(inspection) is None
    with refused(WrongState, "does not hold"):
        services.release_hold(actor=officer, complaint=complaint, reason="Again.")


def test_a_complaint_is_made_within_the_working_days_after_publication(after_on_site, clock, published):
    inspection = published(after_on_site(), date(2026, 4, 20))
    user = school_user_of(inspection)
    last_day = working_days.add_working_days(date(2026, 4, 20), 10)
    clock.set(last_day)
    assert selectors.complaint_refusal(inspection, last_day) is None
    clock.set(working_days.next_working_day(last_day))
    with refused(WrongState, "within 10 working days of the report's publication on 20 April 2026"):
        services.make_complaint(actor=user, inspection=inspection, grounds="Late.")


def test_a_complaint_after_publication_never_holds_it(after_on_site, clock, published):
    inspection = published(after_on_site(), working_days.today())
    complaint = services.make_complaint(actor=school_user_of(inspection), inspection=inspection, grounds="Unfair.")
    assert not complaint.holds_publication


@pytest.mark.parametrize("state", [State.NOTIFIED, State.ON_SITE, State.CANCELLED])
def test_no_complaint_before_on_site_work_ends(state, make_inspection):
    inspection = make_inspection(state)
    user = school_user_of(inspection)
    with refused(WrongState, "once on-site work has ended"):
        services.make_complaint(actor=user, inspection=inspection, grounds="Early.")


def test_only_the_schools_users_complain(after_on_site):
    inspection = after_on_site()
    stranger = factories.make_user(Role.SCHOOL_USER)
    with refused(NotPermitted, "Only a user of this school"):
        services.make_complaint(actor=stranger, inspection=inspection, grounds="Not ours.")


def test_the_handler_decides_and_the_deadline_shows_what_is_overdue(after_on_site, officer, clock):
    inspection = after_on_site()
    complaint = services.make_complaint(actor=school_user_of(inspection), inspection=inspection, grounds="Unfair.")
    assert list(selectors.complaint_queue()) == [complaint]
    assert not selectors.is_complaint_overdue(complaint)
    assert selectors.is_complaint_overdue(complaint, working_days.next_working_day(complaint.respond_by))
    services.assign_handler(actor=officer, complaint=complaint, handler=officer)
    other = factories.make_user(Role.COMPLAINTS_OFFICER)
    with refused(NotPermitted, "Only the complaint's handler"):
        services.decide_complaint(actor=other, complaint=complaint, outcome=Outcome.UPHELD, reason="Yes.")
    with refused(InvalidRequest, "Choose the outcome"):
        services.decide_complaint(actor=officer, complaint=complaint, outcome="maybe", reason="Hmm.")
    services.decide_complaint(actor=officer, complaint=complaint, outcome=Outcome.PARTLY_UPHELD, reason="In part.")
    assert list(selectors.complaint_queue()) == []
    with refused(WrongState, "was decided on"):
        services.decide_complaint(actor=officer, complaint=complaint, outcome=Outcome.UPHELD, reason="Again.")


def test_a_handler_must_be_complaints_staff(after_on_site, officer):
    inspection = after_on_site()
    complaint = services.make_complaint(actor=school_user_of(inspection), inspection=inspection, grounds="Unfair.")
    scheduler = factories.make_user(Role.SCHEDULER)
    with refused(InvalidRequest, "The handler must be a complaints officer"):
        services.assign_handler(actor=officer, complaint=complaint, handler=scheduler)
    with refused(NotPermitted, "Only a complaints officer can assign complaints"):
        services.assign_handler(actor=scheduler, complaint=complaint, handler=officer)


def test_an_upheld_complaint_proposes_a_reinspection_to_the_scheduling_team(after_on_site, officer, clock):
    inspection = after_on_site()
    complaint = services.make_complaint(actor=school_user_of(inspection), inspection=inspection, grounds="Unfair.")
    due_by = working_days.today() + timedelta(days=60)
    with refused(WrongState, "upheld in whole or in part"):
        services.propose_reinspection(actor=officer, complaint=complaint, due_by=due_by, reason="Again.")
    services.decide_complaint(actor=officer, complaint=complaint, outcome=Outcome.UPHELD, reason="The team erred.")
    action = services.propose_reinspection(actor=officer, complaint=complaint, due_by=due_by, reason="Inspect again.")
    assert action.kind == ActionKind.REINSPECTION_PROPOSED
    proposal = InspectionProposal.objects.get()
    assert (proposal.school, proposal.kind, proposal.follows, proposal.due_by) == (
        inspection.school, Kind.FOCUSED_MONITORING, inspection, due_by
    )


def _decided(after_on_site, officer, outcome=Outcome.NOT_UPHELD):
    inspection = after_on_site()
    user = school_user_of(inspection)
    complaint = services.make_complaint(actor=user, inspection=inspection, grounds="Unfair.")
    return user, services.decide_complaint(actor=officer, complaint=complaint, outcome=outcome, reason="No.")


def test_escalation_to_adjudication_and_its_recommendations_answered(after_on_site, officer, clock):
    user, complaint = _decided(after_on_site, officer)
    with refused(WrongState, "not asked for independent adjudication"):
        services.refer_to_adjudicator(actor=officer, complaint=complaint, adjudicator="ICASE", sent="The file.")
    services.escalate_complaint(actor=user, complaint=complaint, grounds="You did not look at our evidence.")
    assert list(selectors.adjudications_open()) == [complaint]
    with refused(WrongState, "already asked for"):
        services.escalate_complaint(actor=user, complaint=complaint, grounds="Again.")
    with refused(WrongState, "Send the complaint to the adjudicator"):
        services.record_recommendation(actor=officer, complaint=complaint, text="Apologise.")
    services.refer_to_adjudicator(
        actor=officer, complaint=complaint, adjudicator="Independent Complaints Adjudication Service",
        sent="The complaint, our decision letter, the evidence base and the report.",
    )  # fmt: skip
    assert events_for(complaint).last().after["sent"].startswith("The complaint, our decision letter")
    accepted = services.record_recommendation(actor=officer, complaint=complaint, text="Apologise for the delay.")
    declined = services.record_recommendation(actor=officer, complaint=complaint, text="Withdraw the report.")
    services.answer_recommendation(actor=officer, recommendation=accepted, response=Response.ACCEPTED, reason="")
    with refused(InvalidRequest, "Enter why it is declined"):
        services.answer_recommendation(actor=officer, recommendation=declined, response=Response.DECLINED, reason=" ")
    services.answer_recommendation(
        actor=officer, recommendation=declined, response=Response.DECLINED,
        reason="The adjudicator cannot overturn a judgement, and the evidence supports it.",
    )  # fmt: skip
    assert list(selectors.adjudications_open()) == []
    (public,) = selectors.declined_recommendations()
    assert public.recommendation == "Withdraw the report."
    assert public.reason.startswith("The adjudicator cannot overturn")
    with refused(WrongState, "already answered"):
        services.answer_recommendation(actor=officer, recommendation=declined, response=Response.ACCEPTED, reason="")


def test_escalation_needs_a_decision_and_comes_within_its_window(after_on_site, officer, clock):
    inspection = after_on_site()
    user = school_user_of(inspection)
    complaint = services.make_complaint(actor=user, inspection=inspection, grounds="Unfair.")
    with refused(WrongState, "once the complaint has been decided"):
        services.escalate_complaint(actor=user, complaint=complaint, grounds="Early.")
    services.decide_complaint(actor=officer, complaint=complaint, outcome=Outcome.NOT_UPHELD, reason="No.")
    clock.set(working_days.add_working_days(working_days.today(), 61))
    with refused(WrongState, "within 60 working days of the outcome"):
        services.escalate_complaint(actor=user, complaint=complaint, grounds="Late.")


def test_a_complaint_is_seen_by_its_school_and_complaints_staff_only(after_on_site, officer):
    inspection = after_on_site()
    user = school_user_of(inspection)
    complaint = services.make_complaint(actor=user, inspection=inspection, grounds="Unfair.")
    assert list(selectors.complaints_visible_to(user)) == [complaint]
    assert list(selectors.complaints_visible_to(officer)) == [complaint]
    lead = inspection.team.get(is_lead=True).inspector.user
    others = [lead, factories.make_user(Role.SCHOOL_USER), *(factories.make_user(role) for role in Role if role not in (Role.COMPLAINTS_OFFICER, Role.SCHOOL_USER))]
    for viewer in others:
        assert not selectors.complaints_visible_to(viewer).exists(), viewer
    stranger = factories.make_user(Role.SCHOOL_USER)
    with refused(NotPermitted, "Only a user of this school"):
        services.escalate_complaint(actor=stranger, complaint=complaint, grounds="Not ours.")


def test_monthly_counts_count_concerns_complaints_and_upheld_ones(after_on_site, officer, duty, make_inspection, clock):
    on_site = make_inspection(State.ON_SITE)
    services.raise_concern(actor=school_user_of(on_site), inspection=on_site, details="Unfair.")
    _decided(after_on_site, officer, Outcome.UPHELD)
    _decided(after_on_site, officer, Outcome.NOT_UPHELD)
    (month,) = selectors.monthly_counts()
    assert (month.month, month.concerns, month.complaints, month.upheld_complaints) == (
        working_days.today().replace(day=1), 1, 2, 1
    )
