"""The transitions of an inspection's life, through the services every page and API endpoint calls."""

from datetime import date, time, timedelta
from unittest import mock

import pytest
from django.core import mail

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import events_for
from fairinspect.core import working_days
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.inspections import messages, services
from fairinspect.inspections.eligibility import Ineligible
from fairinspect.inspections.models import (
    Decision,
    DeferralGround,
    Inspection,
    Kind,
    PausedBy,
    PauseEnding,
    PauseGround,
    State,
)
from fairinspect.inspections.selectors import on_site_time, promised_decision
from fairinspect.workforce import services as workforce_services
from tests import factories
from tests.refusals import refused

pytestmark = pytest.mark.django_db


def last_event(inspection: Inspection) -> AuditEvent:
    return events_for(inspection).last()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the services inside queue for after their commit (the test's own
    transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def scheduler():
    return factories.make_user(Role.SCHEDULER, email="scheduler@example.org")


# Planning.


def test_planning_records_the_inspection_and_its_event(scheduler, clock, frameworks):
    school = factories.make_school()
    inspection = services.plan_inspection(
        actor=scheduler, school=school, framework=frameworks["report-card-2025"], kind=Kind.FULL, starts_on=date(2026, 3, 10)
    )
    assert inspection.state == State.PLANNED
    assert (inspection.starts_on, inspection.ends_on) == (date(2026, 3, 10), date(2026, 3, 11))
    event = last_event(inspection)
    assert event.action == "inspection.planned"
    assert event.before == {"state": None}
    assert event.after["state"] == "planned" and event.after["school"] == school.urn


@pytest.mark.parametrize(
    "starts_on, message",
    [
        (date(2026, 3, 2), "must be in the future"),
        (date(2026, 2, 20), "must be in the future"),
        (date(2026, 3, 7), "7 March 2026 is not, as it is a weekend"),
        (date(2026, 4, 6), r"6 April 2026 is not, as it is a bank holiday \(Easter Monday\)"),
    ],
)
def test_planning_refuses_dates_that_are_past_or_not_working_days(scheduler, clock, frameworks, starts_on, message):
    school = factories.make_school()
    with refused(InvalidRequest, message):
        services.plan_inspection(
            actor=scheduler, school=school, framework=frameworks["report-card-2025"], kind=Kind.FULL,
            starts_on=starts_on,
        )
    assert not Inspection.objects.exists()


def test_a_visit_is_never_planned_under_a_graded_framework_nor_a_graded_inspection_under_visits(scheduler, clock, frameworks):
    school = factories.make_school()
    with refused(InvalidRequest, "A visit is never graded"):
        services.plan_inspection(
            actor=scheduler, school=school, framework=frameworks["report-card-2025"], kind=Kind.VISIT, starts_on=date(2026, 3, 3)
        )
    with refused(InvalidRequest, "is graded, so it cannot be under"):
        services.plan_inspection(
            actor=scheduler, school=school, framework=frameworks["visit-2020"], kind=Kind.FULL, starts_on=date(2026, 3, 3)
        )
    visit = services.plan_inspection(
        actor=scheduler, school=school, framework=frameworks["visit-2020"], kind=Kind.VISIT, starts_on=date(2026, 3, 3)
    )
    assert not visit.is_graded


def test_only_a_scheduler_plans_and_only_under_the_framework_in_force(scheduler, clock, frameworks):
    school = factories.make_school()
    administrator = factories.make_user(Role.ADMINISTRATOR)
    with refused(NotPermitted, "Only a scheduler"):
        services.plan_inspection(
            actor=administrator, school=school, framework=frameworks["report-card-2025"], kind=Kind.FULL,
            starts_on=date(2026, 3, 3),
        )
    with refused(InvalidRequest, "is not in force on 3 March 2026"):
        services.plan_inspection(
            actor=scheduler, school=school, framework=frameworks["eif-2019"], kind=Kind.FULL, starts_on=date(2026, 3, 3)
        )


# Notification.


def test_notifying_emails_the_school_and_the_team_after_commit(scheduler, clock, make_inspection, committed):
    inspection = make_inspection(State.PLANNED)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True, email="head@school.example")
    mail.outbox.clear()
    # Emails wait for the commit: a service that fails after queueing one sends nothing (the school's email is
    # queued before the team's is written, which here fails).
    with committed(), pytest.raises(RuntimeError), mock.patch.object(messages, "notice_to_team", side_effect=RuntimeError):
        services.notify_school(actor=scheduler, inspection=inspection)
    assert mail.outbox == []
    assert Inspection.objects.get(pk=inspection.pk).state == State.PLANNED

    with committed():
        notified = services.notify_school(actor=scheduler, inspection=inspection)
    assert notified.state == State.NOTIFIED and notified.school_told_at is not None
    to_school = next(message for message in mail.outbox if message.to == [head.email])
    assert "3 to 4 March 2026" in to_school.subject
    assert "Ask to defer" in to_school.body and "08000 562 561" in to_school.body
    lead_email = inspection.team.get(is_lead=True).inspector.user.email
    assert any(message.to == [lead_email] for message in mail.outbox)
    assert last_event(inspection).action == "inspection.notified"


def test_notice_is_given_the_configured_working_days_before_on_site_work(scheduler, clock, make_inspection, settings):
    inspection = make_inspection(State.PLANNED)  # on site Tuesday 3 March; today is Monday 2 March
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "NOTICE_WORKING_DAYS": 2}
    with refused(InvalidRequest, "the day to notify the school has passed: replan it first"):
        services.notify_school(actor=scheduler, inspection=inspection)
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "NOTICE_WORKING_DAYS": 1}
    clock.set(date(2026, 2, 27))  # the Friday before
    with refused(InvalidRequest, "the day to notify the school is 2 March 2026"):
        services.notify_school(actor=scheduler, inspection=inspection)
    clock.set(date(2026, 3, 1))
    with refused(InvalidRequest, "today is not one"):
        services.notify_school(actor=scheduler, inspection=inspection)


def test_notice_counts_over_bank_holidays(scheduler, clock, frameworks):
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April. On site Tuesday 7 April → call on Thursday 2 April.
    clock.set(date(2026, 3, 30))
    inspection = services.plan_inspection(
        actor=scheduler, school=factories.make_school(), framework=frameworks["report-card-2025"], kind=Kind.FULL,
        starts_on=date(2026, 4, 7),
    )
    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=factories.make_inspector(), as_lead=True)
    with refused(InvalidRequest, "the day to notify the school is 2 April 2026"):
        services.notify_school(actor=scheduler, inspection=inspection)
    clock.set(date(2026, 4, 2))
    assert services.notify_school(actor=scheduler, inspection=inspection).state == State.NOTIFIED


def test_a_school_is_not_notified_without_a_lead_or_with_a_team_no_longer_eligible(scheduler, clock, frameworks):
    inspection = services.plan_inspection(
        actor=scheduler, school=factories.make_school(), framework=frameworks["report-card-2025"], kind=Kind.FULL,
        starts_on=date(2026, 3, 3),
    )
    with refused(InvalidRequest, "Assign a lead inspector"):
        services.notify_school(actor=scheduler, inspection=inspection)
    lead = factories.make_inspector()
    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=lead, as_lead=True)
    lead.training.all().delete()
    with refused(InvalidRequest, rf"{lead.name}: they have not completed the required course"):
        services.notify_school(actor=scheduler, inspection=inspection)


def test_nobody_but_a_scheduler_notifies(clock, make_inspection):
    inspection = make_inspection(State.PLANNED)
    lead = inspection.team.get(is_lead=True).inspector.user
    for actor in (lead, factories.make_user(Role.ADMINISTRATOR), factories.make_user(Role.SCHOOL_USER, school=inspection.school)):
        with refused(NotPermitted, "Only a scheduler can notify the school"):
            services.notify_school(actor=actor, inspection=inspection)


# Starting.


def test_only_the_lead_of_this_inspection_starts_it_on_its_dates(clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    lead = inspection.team.get(is_lead=True).inspector.user
    other_lead = make_inspection(State.NOTIFIED).team.get(is_lead=True).inspector.user
    with refused(NotPermitted, "Only the lead inspector of this inspection can start"):
        services.start_inspection(actor=other_lead, inspection=inspection)
    with refused(InvalidRequest, "today is 2 March 2026"):
        services.start_inspection(actor=lead, inspection=inspection)
    clock.set(date(2026, 3, 3))
    started = services.start_inspection(actor=lead, inspection=inspection)
    assert started.state == State.ON_SITE and started.started_at == clock.now
    with refused(WrongState, "it is on site, and this can only be done when it is school notified"):
        services.start_inspection(actor=lead, inspection=inspection)


def test_starting_checks_the_team_again_as_notifying_does(clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    lead = inspection.team.get(is_lead=True).inspector
    scheduler = factories.make_user(Role.SCHEDULER)
    workforce_services.add_unavailability(actor=lead.user, inspector=lead, starts_on=date(2026, 3, 3), ends_on=date(2026, 3, 3))
    workforce_services.withdraw_inspector(actor=scheduler, inspector=lead, reason="Unwell for a while.")
    clock.set(inspection.starts_on)
    with refused(Ineligible, "so on-site work cannot start: the scheduling team must change it") as refusal:
        services.start_inspection(actor=lead.user, inspection=inspection)
    assert [problem.message for problem in refusal.value.refusals] == [
        f"{lead.name}: they withdrew from inspecting on 2 March 2026",
        f"{lead.name}: they are unavailable on 3 March 2026",
    ]


def test_someone_joining_the_team_after_the_call_is_told_and_checked_again_at_the_start(clock, make_inspection, committed):
    inspection = make_inspection(State.NOTIFIED)
    scheduler = factories.make_user(Role.SCHEDULER)
    newcomer = factories.make_inspector()
    mail.outbox.clear()
    with committed():
        services.assign_inspector(actor=scheduler, inspection=inspection, inspector=newcomer)
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([newcomer.user.email], f"Inspection of {inspection.school.name} (URN {inspection.school.urn}) "
                                "from 3 to 4 March 2026: school notified"),
    ]
    workforce_services.declare_conflict(
        actor=newcomer.user, inspector=newcomer, school=inspection.school, reason="My niece started there."
    )
    clock.set(inspection.starts_on)
    with refused(Ineligible, "My niece started there"):
        services.start_inspection(actor=inspection.team.get(is_lead=True).inspector.user, inspection=inspection)


def test_a_scheduler_defers_a_notified_inspection_that_cannot_go_ahead_and_gives_it_new_dates(
    scheduler, clock, make_inspection, committed
):
    inspection = make_inspection(State.NOTIFIED, scheduler=scheduler)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True, email="head@school.example")
    lead_email = inspection.team.get(is_lead=True).inspector.user.email
    duty = factories.make_user(Role.DUTY_DECISION_MAKER)
    with refused(NotPermitted, "Only a scheduler"):
        services.defer_inspection(actor=duty, inspection=inspection, reason="x")
    with refused(InvalidRequest, "Enter the reason for deferring"):
        services.defer_inspection(actor=scheduler, inspection=inspection, reason=" ")
    mail.outbox.clear()
    with committed():
        deferred = services.defer_inspection(actor=scheduler, inspection=inspection, reason="The lead inspector is ill.")
    assert deferred.state == State.DEFERRED
    event = last_event(inspection)
    assert (event.action, event.before["state"], event.reason) == ("inspection.deferred", "notified", "The lead inspector is ill.")
    assert sorted(message.to[0] for message in mail.outbox if "is deferred" in message.subject) == sorted(
        [head.email, lead_email]
    )
    assert all("from 3 to 4 March 2026" in message.body for message in mail.outbox)
    replanned = services.replan_inspection(actor=scheduler, inspection=inspection, starts_on=date(2026, 3, 17))
    assert (replanned.state, replanned.starts_on) == (State.PLANNED, date(2026, 3, 17))


def test_a_notified_inspection_the_school_asked_to_defer_is_deferred_by_deciding_the_request(scheduler, clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED, scheduler=scheduler)
    services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
        ground=DeferralGround.BUILDING_WORK, details="Scaffolding everywhere.",
    )
    with refused(WrongState, "decide its request instead"):
        services.defer_inspection(actor=scheduler, inspection=inspection, reason="The lead inspector is ill.")


# Deferral.


def test_a_school_user_asks_to_defer_and_a_scheduler_grants_it_then_replans(scheduler, clock, make_inspection, committed):
    inspection = make_inspection(State.NOTIFIED, scheduler=scheduler)
    school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school, email="office@school.example")
    request = services.request_deferral(
        actor=school_user, inspection=inspection, ground=DeferralGround.HEADTEACHER_ABSENT, details="Our head is in hospital."
    )
    # Asked on the day of the call for an inspection starting tomorrow: it is decided today.
    assert request.decision == Decision.PENDING and request.decide_by == date(2026, 3, 2)
    assert Inspection.objects.get(pk=inspection.pk).state == State.NOTIFIED

    with refused(InvalidRequest, "Enter the reason for your decision"):
        services.decide_deferral(actor=scheduler, request=request, grant=True, reason="  ")
    with refused(NotPermitted, "Only a scheduler"):
        services.decide_deferral(actor=school_user, request=request, grant=True, reason="Because.")
    mail.outbox.clear()
    with committed():
        services.decide_deferral(actor=scheduler, request=request, grant=True, reason="The headteacher is absent.")
    assert Inspection.objects.get(pk=inspection.pk).state == State.DEFERRED
    assert [message.to for message in mail.outbox if "is granted" in message.subject] == [["office@school.example"]]
    lead_email = inspection.team.get(is_lead=True).inspector.user.email
    assert [message.to for message in mail.outbox if "is deferred" in message.subject] == [[lead_email]]
    with refused(WrongState, "already decided: granted"):
        services.decide_deferral(actor=scheduler, request=request, grant=False, reason="Changed my mind.")

    replanned = services.replan_inspection(actor=scheduler, inspection=inspection, starts_on=date(2026, 3, 17))
    assert replanned.state == State.PLANNED and replanned.ends_on == date(2026, 3, 18)
    assert [event.action for event in events_for(inspection)][-3:] == [
        "inspection.deferral_requested", "inspection.deferral_granted", "inspection.replanned",
    ]


def test_refusing_a_deferral_keeps_the_inspection_and_tells_the_school(scheduler, clock, make_inspection, committed):
    inspection = make_inspection(State.NOTIFIED, scheduler=scheduler)
    school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school, email="office@school.example")
    request = services.request_deferral(
        actor=school_user, inspection=inspection, ground=DeferralGround.EXCEPTIONAL, details="An Ofsted-themed party."
    )
    with refused(WrongState, "already asked to defer"):
        services.request_deferral(actor=school_user, inspection=inspection, ground=DeferralGround.EXCEPTIONAL, details="Again.")
    with committed():
        services.decide_deferral(actor=scheduler, request=request, grant=False, reason="This is not a reason to defer.")
    assert Inspection.objects.get(pk=inspection.pk).state == State.NOTIFIED
    assert any("is refused" in message.subject for message in mail.outbox)
    event = last_event(inspection)
    assert event.action == "inspection.deferral_refused" and event.before["state"] == event.after["state"] == "notified"


def test_deferral_is_asked_for_by_this_school_only_before_on_site_work_with_grounds_and_details(clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    other_school_user = factories.make_user(Role.SCHOOL_USER)
    own = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
    with refused(NotPermitted, "Only a user of this school"):
        services.request_deferral(actor=other_school_user, inspection=inspection, ground="exceptional", details="x")
    with refused(InvalidRequest, "Choose why"):
        services.request_deferral(actor=own, inspection=inspection, ground="tired", details="x")
    with refused(InvalidRequest, "Enter what has happened"):
        services.request_deferral(actor=own, inspection=inspection, ground="exceptional", details=" ")
    on_site = make_inspection(State.ON_SITE)
    on_site_school_user = factories.make_user(Role.SCHOOL_USER, school=on_site.school)
    with refused(WrongState, "it is on site"):
        services.request_deferral(actor=on_site_school_user, inspection=on_site, ground="exceptional", details="x")


def test_a_pending_deferral_must_be_decided_before_on_site_work_starts(clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
        ground=DeferralGround.SERIOUS_INCIDENT, details="A fire in the hall last night.",
    )
    clock.set(inspection.starts_on)
    with refused(WrongState, "must decide before on-site work starts"):
        services.start_inspection(actor=inspection.team.get(is_lead=True).inspector.user, inspection=inspection)


def test_a_standing_offer_grants_requests_on_its_ground_at_once(scheduler, clock, make_inspection):
    offer = services.create_blanket_offer(
        actor=scheduler, ground=DeferralGround.BLANKET_OFFER, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31),
        description="Any school may defer an inspection due before Easter.",
    )
    inspection = make_inspection(State.NOTIFIED)
    school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
    request = services.request_deferral(
        actor=school_user, inspection=inspection, ground=DeferralGround.BLANKET_OFFER, details="We accept the offer."
    )
    request.refresh_from_db()
    assert request.decision == Decision.GRANTED and request.granted_by_offer == offer
    assert Inspection.objects.get(pk=inspection.pk).state == State.DEFERRED
    granted = last_event(inspection)
    assert granted.action == "inspection.deferral_granted"
    assert granted.actor is None and granted.actor_label == f"standing offer {offer.pk}"
    assert granted.after["offer"] == offer.pk

    services.withdraw_blanket_offer(actor=scheduler, offer=offer)
    later = make_inspection(State.NOTIFIED)
    services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=later.school), inspection=later,
        ground=DeferralGround.BLANKET_OFFER, details="We accept the offer.",
    )
    assert Inspection.objects.get(pk=later.pk).state == State.NOTIFIED


def test_standing_offers_need_a_window_that_is_not_past(scheduler, clock):
    with pytest.raises(InvalidRequest, match="must end on or after"):
        services.create_blanket_offer(
            actor=scheduler, ground="exceptional", starts_on=date(2026, 3, 9), ends_on=date(2026, 3, 6), description="x"
        )
    with pytest.raises(InvalidRequest, match="must not end in the past"):
        services.create_blanket_offer(
            actor=scheduler, ground="exceptional", starts_on=date(2026, 2, 1), ends_on=date(2026, 2, 6), description="x"
        )
    with pytest.raises(NotPermitted):
        services.create_blanket_offer(
            actor=factories.make_user(Role.INSPECTOR), ground="exceptional", starts_on=date(2026, 3, 9),
            ends_on=date(2026, 3, 16), description="x",
        )


@pytest.mark.parametrize(
    "asked_on, decide_by",
    [
        (date(2026, 3, 2), date(2026, 3, 3)),  # the call, three working days ahead: within a working day
        (date(2026, 3, 4), date(2026, 3, 4)),  # the day before on-site work: that day
        (date(2026, 3, 5), date(2026, 3, 5)),  # the first day on site, not yet started: at once
    ],
)
def test_a_request_to_defer_is_due_before_the_inspection_would_start(scheduler, clock, settings, frameworks, asked_on, decide_by):
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "NOTICE_WORKING_DAYS": 3}
    inspection = services.plan_inspection(
        actor=scheduler, school=factories.make_school(), framework=frameworks["report-card-2025"], kind=Kind.FULL,
        starts_on=date(2026, 3, 5),
    )
    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=factories.make_inspector(), as_lead=True)
    services.notify_school(actor=scheduler, inspection=inspection)
    clock.set(asked_on)
    request = services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
        ground=DeferralGround.LEADER_WELLBEING, details="Our deputy is unwell.",
    )
    assert request.decide_by == decide_by


def test_a_request_to_defer_over_a_weekend_is_due_the_working_day_before_on_site_work(scheduler, clock, settings, frameworks):
    settings.FAIRINSPECT = {**settings.FAIRINSPECT, "NOTICE_WORKING_DAYS": 2, "DEFERRAL_DECISION_WORKING_DAYS": 3}
    clock.set(date(2026, 3, 5))  # Thursday; on site from Tuesday
    inspection = services.plan_inspection(
        actor=scheduler, school=factories.make_school(), framework=frameworks["report-card-2025"], kind=Kind.FULL,
        starts_on=date(2026, 3, 10),
    )
    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=factories.make_inspector(), as_lead=True)
    clock.set(date(2026, 3, 6))
    services.notify_school(actor=scheduler, inspection=inspection)
    clock.set(date(2026, 3, 7), time(10))  # asked on the Saturday
    request = services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
        ground=DeferralGround.SERIOUS_INCIDENT, details="A flood in the hall.",
    )
    assert request.decide_by == date(2026, 3, 9)
    assert promised_decision(request) == "by 9 March 2026, before the inspection would start"


def test_a_request_to_defer_at_the_weekend_for_monday_is_due_on_monday_before_on_site_work(scheduler, clock, frameworks):
    clock.set(date(2026, 3, 6))  # Friday, the call; on site from Monday
    inspection = services.plan_inspection(
        actor=scheduler, school=factories.make_school(), framework=frameworks["report-card-2025"], kind=Kind.FULL,
        starts_on=date(2026, 3, 9),
    )
    services.assign_inspector(actor=scheduler, inspection=inspection, inspector=factories.make_inspector(), as_lead=True)
    services.notify_school(actor=scheduler, inspection=inspection)
    clock.set(date(2026, 3, 7), time(21, 30))  # Saturday evening
    request = services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
        ground=DeferralGround.SERIOUS_INCIDENT, details="A flood in the hall.",
    )
    # Never a day the scheduling team does not work, nor a day gone by the time the school reads it.
    assert request.decide_by == date(2026, 3, 9)
    assert promised_decision(request) == "before on-site work would start on 9 March 2026"


def test_a_request_on_the_eve_of_on_site_work_is_promised_a_decision_before_it_starts(scheduler, clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED, scheduler=scheduler)  # on site tomorrow, Tuesday 3 March
    clock.set(date(2026, 3, 2), time(21, 32))
    request = services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
        ground=DeferralGround.HEADTEACHER_ABSENT, details="Our head is in hospital.",
    )
    assert request.decide_by == date(2026, 3, 2)  # the scheduling team's deadline: today
    assert promised_decision(request) == "before on-site work would start on 3 March 2026"


# Pauses.


def test_the_lead_pauses_and_the_duty_decision_maker_confirms(clock, make_inspection, committed):
    inspection = make_inspection(State.ON_SITE)  # Tuesday 3 March
    lead = inspection.team.get(is_lead=True).inspector.user
    duty = factories.make_user(Role.DUTY_DECISION_MAKER, email="duty@example.org")
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True, email="head@school.example")
    mail.outbox.clear()
    with committed():
        pause = services.pause_inspection(actor=lead, inspection=inspection, ground=PauseGround.LEADER_WELLBEING)
    assert pause.paused_by == PausedBy.LEAD_INSPECTOR and pause.until == date(2026, 3, 4)
    assert Inspection.objects.get(pk=inspection.pk).state == State.PAUSED
    # Only those who can confirm it are asked to; the school is told, and the lead who paused it is sent nothing.
    assert [message.to for message in mail.outbox if message.subject.startswith("Please confirm")] == [[duty.email]]
    assert [message.to for message in mail.outbox if message.subject.endswith("is paused")] == [[head.email]]
    assert "until 4 March 2026 at the latest" in mail.outbox[-1].body

    with refused(NotPermitted, "Only a duty decision-maker"):
        services.confirm_pause(actor=lead, inspection=inspection)
    with refused(InvalidRequest, "at most 5 working days: it must end by 10 March 2026"):
        services.confirm_pause(actor=duty, inspection=inspection, until=date(2026, 3, 11))
    confirmed = services.confirm_pause(actor=duty, inspection=inspection, until=date(2026, 3, 10))
    assert confirmed.confirmed_by == duty and confirmed.until == date(2026, 3, 10)
    with refused(WrongState, "already confirmed"):
        services.confirm_pause(actor=duty, inspection=inspection)


def test_the_headteacher_of_this_school_may_pause_but_no_other_school_user(clock, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    staff = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
    other_head = factories.make_user(Role.SCHOOL_USER, is_headteacher=True)
    for actor in (staff, other_head):
        with refused(NotPermitted, "Only the lead inspector, the school's headteacher or a duty decision-maker can pause"):
            services.pause_inspection(actor=actor, inspection=inspection, ground=PauseGround.OTHER)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True)
    with refused(InvalidRequest, "200 characters or fewer"):
        services.pause_inspection(actor=head, inspection=inspection, ground=PauseGround.OTHER, note="x" * 201)
    with refused(InvalidRequest, "Choose why"):
        services.pause_inspection(actor=head, inspection=inspection, ground=PauseGround.NATIONAL_HALT)
    pause = services.pause_inspection(actor=head, inspection=inspection, ground=PauseGround.SERIOUS_INCIDENT)
    assert pause.paused_by == PausedBy.HEADTEACHER


def test_resuming_adds_the_lost_working_days_and_time_on_site_leaves_out_the_pause(clock, make_inspection):
    inspection = make_inspection(State.ON_SITE)  # started Tuesday 3 March at 9am, due to end Wednesday 4 March
    lead = inspection.team.get(is_lead=True).inspector.user
    clock.advance(hours=2)
    services.pause_inspection(actor=lead, inspection=inspection, ground=PauseGround.LEADER_WELLBEING)
    clock.set(date(2026, 3, 4), working_days.now().timetz().replace(tzinfo=None))  # Wednesday 9am
    resumed = services.resume_inspection(actor=lead, inspection=inspection)
    assert resumed.state == State.ON_SITE
    assert resumed.ends_on == date(2026, 3, 5)  # one working day (Tuesday) lost
    assert resumed.pauses.get().ending == PauseEnding.RESUMED
    clock.advance(hours=3)
    assert on_site_time(resumed, list(resumed.pauses.all()), working_days.now()) == timedelta(hours=5)


def test_a_pause_on_a_friday_lasts_to_monday_and_resuming_adds_the_friday(clock, make_inspection):
    clock.set(date(2026, 3, 5))
    inspection = make_inspection(State.ON_SITE)  # Friday 6 March and Monday 9 March
    lead = inspection.team.get(is_lead=True).inspector.user
    pause = services.pause_inspection(actor=lead, inspection=inspection, ground=PauseGround.LEADER_WELLBEING)
    assert pause.until == date(2026, 3, 9)
    clock.set(date(2026, 3, 9))
    assert services.resume_inspection(actor=lead, inspection=inspection).ends_on == date(2026, 3, 10)


def test_a_pause_over_easter_counts_only_working_days(clock, make_inspection):
    clock.set(date(2026, 4, 1))
    inspection = make_inspection(State.ON_SITE)  # Thursday 2 April and, after Good Friday and Easter Monday, Tuesday 7th
    assert inspection.ends_on == date(2026, 4, 7)
    lead = inspection.team.get(is_lead=True).inspector.user
    pause = services.pause_inspection(actor=lead, inspection=inspection, ground=PauseGround.SERIOUS_INCIDENT)
    assert pause.until == date(2026, 4, 7)
    duty = factories.make_user(Role.DUTY_DECISION_MAKER)
    with refused(InvalidRequest, "at most 5 working days: it must end by 13 April 2026"):
        services.confirm_pause(actor=duty, inspection=inspection, until=date(2026, 4, 14))
    with refused(InvalidRequest, "6 April 2026 is not, as it is a bank holiday"):
        services.confirm_pause(actor=duty, inspection=inspection, until=date(2026, 4, 6))
    services.confirm_pause(actor=duty, inspection=inspection, until=date(2026, 4, 8))
    clock.set(date(2026, 4, 8))
    resumed = services.resume_inspection(actor=duty, inspection=inspection)
    assert resumed.ends_on == date(2026, 4, 9)  # Thursday 2 and Tuesday 7 April lost: two working days


def test_resuming_tells_the_school_and_the_team_the_new_last_day(clock, make_inspection, committed):
    inspection = make_inspection(State.PAUSED)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True, email="head@school.example")
    clock.set(date(2026, 3, 4))
    mail.outbox.clear()
    with committed():
        resumed = services.resume_inspection(actor=inspection.team.get(is_lead=True).inspector.user, inspection=inspection)
    assert (resumed.ends_on, resumed.told_ends_on) == (date(2026, 3, 5), date(2026, 3, 5))
    lead_email = inspection.team.get(is_lead=True).inspector.user.email
    assert sorted(message.to[0] for message in mail.outbox) == sorted([head.email, lead_email])
    assert "the last day on site is now 5 March 2026" in mail.outbox[0].subject


def test_a_pause_ends_in_deferral_or_cancellation(scheduler, clock, make_inspection):
    duty = factories.make_user(Role.DUTY_DECISION_MAKER)
    deferred = make_inspection(State.PAUSED)
    with refused(InvalidRequest, "Enter the reason"):
        services.defer_inspection(actor=duty, inspection=deferred, reason="")
    assert services.defer_inspection(actor=duty, inspection=deferred, reason="The head needs time.").state == State.DEFERRED
    assert deferred.pauses.get().ending == PauseEnding.DEFERRED

    cancelled = make_inspection(State.PAUSED)
    assert services.cancel_inspection(actor=duty, inspection=cancelled, reason="The school is closing.").state == State.CANCELLED
    assert cancelled.pauses.get().ending == PauseEnding.CANCELLED
    planned = make_inspection(State.PLANNED)
    with refused(NotPermitted, "Only a scheduler"):
        services.cancel_inspection(actor=duty, inspection=planned, reason="x")


def test_cancelling_lapses_a_pending_deferral_request(scheduler, clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED, scheduler=scheduler)
    request = services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
        ground=DeferralGround.BUILDING_WORK, details="Scaffolding everywhere.",
    )
    services.cancel_inspection(actor=scheduler, inspection=inspection, reason="The school has closed.")
    request.refresh_from_db()
    assert request.decision == Decision.LAPSED


# What the school is told.


def test_a_school_only_ever_reads_the_dates_it_was_told(scheduler, clock, make_inspection, committed):
    inspection = make_inspection(State.DEFERRED, scheduler=scheduler)  # the school was told 3 to 4 March
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True, email="head@school.example")
    services.replan_inspection(actor=scheduler, inspection=inspection, starts_on=date(2026, 3, 17))
    mail.outbox.clear()
    with committed():
        services.cancel_inspection(actor=scheduler, inspection=inspection, reason="The school is to close.")
    (to_school,) = [message for message in mail.outbox if message.to == [head.email]]
    assert "that was due from 3 to 4 March 2026 is cancelled" in to_school.body
    assert "17 March" not in to_school.body and "18 March" not in to_school.body
    (to_team,) = [message for message in mail.outbox if message.to != [head.email]]
    assert "that was due from 17 to 18 March 2026 is cancelled" in to_team.body


def test_a_school_never_told_of_an_inspection_is_not_told_of_its_cancellation(scheduler, clock, make_inspection, committed):
    inspection = make_inspection(State.PLANNED, scheduler=scheduler)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True, email="head@school.example")
    with committed():
        services.cancel_inspection(actor=scheduler, inspection=inspection, reason="Planned by mistake.")
    assert [message.to for message in mail.outbox if message.to == [head.email]] == []


# National halts.


def test_a_national_halt_pauses_on_site_inspections_and_holds_everything_else(scheduler, clock, make_inspection):
    planned = make_inspection(State.PLANNED, scheduler=scheduler)
    notified = make_inspection(State.NOTIFIED)
    on_site = make_inspection(State.ON_SITE)  # clock now on Tuesday 3 March
    admin = factories.make_user(Role.ADMINISTRATOR)
    with refused(NotPermitted, "Only an administrator"):
        services.halt_inspections(actor=scheduler, reason="x")
    with refused(InvalidRequest, "Enter the reason for the halt"):
        services.halt_inspections(actor=admin, reason="")

    halt = services.halt_inspections(actor=admin, reason="A national emergency.")
    on_site.refresh_from_db()
    assert on_site.state == State.PAUSED
    pause = on_site.pauses.get()
    assert pause.halt == halt and pause.paused_by == PausedBy.NATIONAL_HALT
    assert last_event(on_site).reason == "National halt: A national emergency."
    assert events_for(halt).get().action == "national_halt.started"

    clock.set(date(2026, 3, 2))
    with refused(WrongState, "halted nationally"):
        services.notify_school(actor=scheduler, inspection=planned)
    clock.set(date(2026, 3, 3))
    with refused(WrongState, "halted nationally"):
        services.start_inspection(actor=notified.team.get(is_lead=True).inspector.user, inspection=notified)
    with refused(WrongState, "halted nationally"):
        services.resume_inspection(actor=on_site.team.get(is_lead=True).inspector.user, inspection=on_site)
    with refused(WrongState, "already halted"):
        services.halt_inspections(actor=admin, reason="Again.")

    lifted = services.lift_halt(actor=admin, reason="The emergency is over.")
    assert events_for(lifted).last().after == {"still_paused": [on_site.pk]}
    assert Inspection.objects.get(pk=on_site.pk).state == State.PAUSED  # nothing resumes by itself
    with refused(WrongState, "not halted"):
        services.lift_halt(actor=admin, reason="Again.")
    assert services.resume_inspection(actor=on_site.team.get(is_lead=True).inspector.user, inspection=on_site).state == State.ON_SITE


def test_a_halt_and_its_lift_are_told_to_the_schools_and_teams_of_inspections_under_way(clock, make_inspection, committed):
    heads = {}
    inspections = {}
    for state in (State.PLANNED, State.NOTIFIED, State.ON_SITE, State.CANCELLED):
        school = factories.make_school()
        heads[state] = factories.make_user(
            Role.SCHOOL_USER, school=school, is_headteacher=True, email=f"head.{state}@school.example"
        )
        inspections[state] = make_inspection(state, school=school)
    admin = factories.make_user(Role.ADMINISTRATOR)

    def told() -> dict[str, str]:
        return {message.to[0]: message.subject for message in mail.outbox}

    mail.outbox.clear()
    with committed():
        services.halt_inspections(actor=admin, reason="A national emergency.")
    leads = {state: inspection.team.get(is_lead=True).inspector.user.email for state, inspection in inspections.items()}
    halted = told()
    for state in (State.NOTIFIED, State.ON_SITE):
        assert halted[heads[state].email].startswith("Inspections are halted nationally") and leads[state] in halted
    assert not {heads[State.PLANNED].email, heads[State.CANCELLED].email, leads[State.PLANNED]} & set(halted)
    to_paused_school = next(message for message in mail.outbox if message.to == [heads[State.ON_SITE].email])
    assert "paused until the halt is lifted" in to_paused_school.body and "A national emergency." in to_paused_school.body

    mail.outbox.clear()
    with committed():
        services.lift_halt(actor=admin, reason="The emergency is over.")
    lifted = told()
    assert {heads[State.NOTIFIED].email, heads[State.ON_SITE].email, leads[State.NOTIFIED], leads[State.ON_SITE]} == set(lifted)
    assert all(subject.startswith("The national halt of inspections is lifted") for subject in lifted.values())
