"""Random sequences of actions, by random people, against the real services, with national halts thrown in.

Whatever happens, these hold after every step:
- a halted system notifies, starts and resumes nothing, and no inspection is on site while a halt lasts;
- a visit is never under a framework with grades (so it can never be graded);
- every state change has exactly one audit event, and replaying an inspection's events gives its state;
- a refused action changes nothing (no state, no audit event);
- the audit chain verifies.
"""

from datetime import datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import events_for, find_chain_break
from fairinspect.core import working_days
from fairinspect.core.errors import DomainError
from fairinspect.frameworks.models import Framework
from fairinspect.inspections import services
from fairinspect.inspections.models import (
    DeferralGround,
    DeferralRequest,
    Decision,
    Inspection,
    Kind,
    PauseGround,
    State,
)
from fairinspect.inspections.selectors import active_halt
from fairinspect.workforce.models import InspectorKind
from tests import factories
from tests.conftest import A_MONDAY

REASONS = st.sampled_from(["", "  ", "The school has asked.", "A national emergency."])
# Half the time the person whose job it is acts (None); otherwise anyone at all, who is usually refused.
PERSON = st.one_of(st.none(), st.integers(0, 20))
HELD_BY_HALT = {"notify_school", "start_inspection", "resume_inspection"}


class InspectionLives(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each example runs in a transaction of its own, rolled back at the end, so examples do not mix.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.now = datetime.combine(A_MONDAY, time(9), ZoneInfo("Europe/London"))
        self._clock = mock.patch.object(working_days, "now", lambda: self.now)
        self._clock.start()
        self.inspections: list[int] = []
        self.state_changes: dict[int, int] = {}

    def teardown(self):
        self._clock.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def set_up_people(self):
        self.schools = [factories.make_school(), factories.make_school(phase_name="Secondary")]
        self.heads = [factories.make_user(Role.SCHOOL_USER, school=school, is_headteacher=True) for school in self.schools]
        self.staff = [factories.make_user(Role.SCHOOL_USER, school=school) for school in self.schools]
        self.leads = [factories.make_inspector(), factories.make_inspector()]
        self.contracted = factories.make_inspector(kind=InspectorKind.OFSTED_INSPECTOR)
        self.office = {role: factories.make_user(role) for role in (Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR, Role.RESEARCHER)}
        self.actors = [
            *self.heads, *self.staff, *[lead.user for lead in self.leads], self.contracted.user, *self.office.values()
        ]
        self.frameworks = list(Framework.objects.order_by("code"))

    # Helpers.

    def _states(self) -> dict[int, str]:
        return dict(Inspection.objects.filter(pk__in=self.inspections).values_list("pk", "state"))

    def attempt(self, change, **arguments):
        """Run one service call; a refusal must change nothing, a success must be allowed by a halt."""
        before, events = self._states(), AuditEvent.objects.count()
        halted = active_halt() is not None
        try:
            result = change(**arguments)
        except DomainError:
            assert self._states() == before, f"{change.__name__} was refused but changed a state"
            assert AuditEvent.objects.count() == events, f"{change.__name__} was refused but wrote to the audit trail"
            return None
        assert not (halted and change.__name__ in HELD_BY_HALT), f"{change.__name__} succeeded during a national halt"
        after = self._states()
        for pk, state in after.items():
            if before.get(pk) != state:
                self.state_changes[pk] = self.state_changes.get(pk, 0) + 1
        return result

    def who(self, person: int | None, whose_job) -> object:
        return whose_job if person is None else self.actors[person % len(self.actors)]

    def lead_of(self, inspection: Inspection):
        member = inspection.team.filter(is_lead=True).select_related("inspector__user").first()
        return member.inspector.user if member else self.office[Role.SCHEDULER]

    def school_user_of(self, inspection: Inspection, *, head: bool = False):
        index = [school.pk for school in self.schools].index(inspection.school_id)
        return self.heads[index] if head else self.staff[index]

    def pick(self, index: int) -> Inspection:
        return Inspection.objects.get(pk=self.inspections[index % len(self.inspections)])

    # Actions.

    @rule(person=PERSON, school=st.integers(0, 1), kind=st.sampled_from(Kind.values), framework=st.one_of(st.none(), st.integers(0, 2)))
    def plan(self, person, school, kind, framework):
        fitting = "visit-2020" if kind == Kind.VISIT else "report-card-2025"
        created = self.attempt(
            services.plan_inspection,
            actor=self.who(person, self.office[Role.SCHEDULER]),
            school=self.schools[school],
            framework=next(f for f in self.frameworks if f.code == fitting) if framework is None else self.frameworks[framework],
            kind=kind,
            starts_on=working_days.next_working_day(working_days.today()),
        )
        if created is not None:
            self.inspections.append(created.pk)
            self.state_changes[created.pk] = 1

    @precondition(lambda self: self.inspections)
    @rule(person=PERSON, index=st.integers(0, 9), who=st.integers(0, 2), as_lead=st.booleans())
    def assign(self, person, index, who, as_lead):
        inspector = [*self.leads, self.contracted][who]
        self.attempt(services.assign_inspector, actor=self.who(person, self.office[Role.SCHEDULER]), inspection=self.pick(index), inspector=inspector, as_lead=as_lead)

    @precondition(lambda self: self.inspections)
    @rule(person=PERSON, index=st.integers(0, 9), action=st.sampled_from(["notify_school", "start_inspection", "resume_inspection"]))
    def act_without_data(self, person, index, action):
        inspection = self.pick(index)
        whose_job = self.office[Role.SCHEDULER] if action == "notify_school" else self.lead_of(inspection)
        self.attempt(getattr(services, action), actor=self.who(person, whose_job), inspection=inspection)

    @precondition(lambda self: self.inspections)
    @rule(person=PERSON, index=st.integers(0, 9), ground=st.sampled_from(DeferralGround.values), details=REASONS)
    def ask_to_defer(self, person, index, ground, details):
        inspection = self.pick(index)
        self.attempt(services.request_deferral, actor=self.who(person, self.school_user_of(inspection)), inspection=inspection, ground=ground, details=details)

    @precondition(lambda self: DeferralRequest.objects.filter(decision=Decision.PENDING).exists())
    @rule(person=PERSON, grant=st.booleans(), reason=REASONS)
    def decide(self, person, grant, reason):
        request = DeferralRequest.objects.filter(decision=Decision.PENDING).first()
        self.attempt(services.decide_deferral, actor=self.who(person, self.office[Role.SCHEDULER]), request=request, grant=grant, reason=reason)

    @precondition(lambda self: self.inspections)
    @rule(person=PERSON, index=st.integers(0, 9), ground=st.sampled_from(PauseGround.values), by_head=st.booleans())
    def pause(self, person, index, ground, by_head):
        inspection = self.pick(index)
        whose_job = self.school_user_of(inspection, head=True) if by_head else self.lead_of(inspection)
        self.attempt(services.pause_inspection, actor=self.who(person, whose_job), inspection=inspection, ground=ground)

    @precondition(lambda self: self.inspections)
    @rule(person=PERSON, index=st.integers(0, 9))
    def confirm_pause(self, person, index):
        self.attempt(services.confirm_pause, actor=self.who(person, self.office[Role.DUTY_DECISION_MAKER]), inspection=self.pick(index))

    @precondition(lambda self: self.inspections)
    @rule(person=PERSON, index=st.integers(0, 9), action=st.sampled_from(["defer_inspection", "cancel_inspection"]), reason=REASONS)
    def end_with_reason(self, person, index, action, reason):
        self.attempt(getattr(services, action), actor=self.who(person, self.office[Role.DUTY_DECISION_MAKER]), inspection=self.pick(index), reason=reason)

    @precondition(lambda self: self.inspections)
    @rule(person=PERSON, index=st.integers(0, 9))
    def replan(self, person, index):
        self.attempt(
            services.replan_inspection, actor=self.who(person, self.office[Role.SCHEDULER]), inspection=self.pick(index),
            starts_on=working_days.next_working_day(working_days.today()),
        )

    def _move_clock_to(self, day) -> None:
        """Time only moves forward: to 9am on `day` if that is still to come."""
        self.now = max(self.now, datetime.combine(day, time(9), ZoneInfo("Europe/London")))

    def _advance(self, inspection: Inspection, variant: int) -> None:
        """A next step of an ordinary life, by the person whose job it is (a halt may refuse it); `variant`
        chooses between the steps open at that point."""
        scheduler, duty = self.office[Role.SCHEDULER], self.office[Role.DUTY_DECISION_MAKER]
        if inspection.state == State.PLANNED and not inspection.team.filter(is_lead=True).exists():
            for lead in self.leads:
                if self.attempt(services.assign_inspector, actor=scheduler, inspection=inspection, inspector=lead, as_lead=True):
                    return
        elif inspection.state == State.PLANNED:
            call_day = working_days.add_working_days(inspection.starts_on, -1)
            if call_day < working_days.today():
                starts_on = working_days.add_working_days(working_days.today(), 1)
                self.attempt(services.replan_inspection, actor=scheduler, inspection=inspection, starts_on=starts_on)
            else:
                self._move_clock_to(call_day)
                self.attempt(services.notify_school, actor=scheduler, inspection=inspection)
        elif inspection.state == State.NOTIFIED:
            request = inspection.deferral_requests.filter(decision=Decision.PENDING).first()
            if request is not None:
                self.attempt(services.decide_deferral, actor=scheduler, request=request, grant=variant == 0, reason="Decided.")
            elif variant == 0:
                self.attempt(
                    services.request_deferral, actor=self.school_user_of(inspection), inspection=inspection,
                    ground=DeferralGround.EXCEPTIONAL, details="Something has happened.",
                )
            else:
                self._move_clock_to(inspection.starts_on)
                self.attempt(services.start_inspection, actor=self.lead_of(inspection), inspection=inspection)
        elif inspection.state == State.ON_SITE:
            self.attempt(services.pause_inspection, actor=self.lead_of(inspection), inspection=inspection, ground=PauseGround.OTHER)
        elif inspection.state == State.PAUSED and variant == 0:
            self.attempt(services.confirm_pause, actor=duty, inspection=inspection)
        elif inspection.state == State.PAUSED and variant == 1:
            self.attempt(services.resume_inspection, actor=duty, inspection=inspection)
        elif inspection.state == State.PAUSED:
            self.attempt(services.defer_inspection, actor=duty, inspection=inspection, reason="Not today.")
        elif inspection.state == State.DEFERRED:
            starts_on = working_days.add_working_days(working_days.today(), 1)
            self.attempt(services.replan_inspection, actor=scheduler, inspection=inspection, starts_on=starts_on)

    # Random actions alone seldom get far; these take one inspection a step further along its life.
    @precondition(lambda self: self.inspections)
    @rule(index=st.integers(0, 9), variant=st.integers(0, 2))
    def advance(self, index, variant):
        self._advance(self.pick(index), variant)

    @precondition(lambda self: self.inspections)
    @rule(index=st.integers(0, 9), variant=st.integers(0, 2))
    def advance_again(self, index, variant):
        self._advance(self.pick(index), variant)

    @precondition(lambda self: self.inspections)
    @rule(index=st.integers(0, 9), variant=st.integers(0, 2))
    def advance_once_more(self, index, variant):
        self._advance(self.pick(index), variant)

    @precondition(lambda self: Inspection.objects.filter(state__in=[State.NOTIFIED, State.ON_SITE]).exists())
    @rule(person=PERSON, reason=REASONS)
    def halt(self, person, reason):
        self.attempt(services.halt_inspections, actor=self.who(person, self.office[Role.ADMINISTRATOR]), reason=reason)

    @precondition(lambda self: active_halt() is not None)
    @rule(person=PERSON, reason=REASONS)
    def lift(self, person, reason):
        self.attempt(services.lift_halt, actor=self.who(person, self.office[Role.ADMINISTRATOR]), reason=reason)

    @rule(days=st.integers(0, 3))
    def time_passes(self, days):
        self.now += timedelta(days=days, hours=2)

    # What must always hold.

    @invariant()
    def halted_means_nothing_on_site(self):
        if active_halt() is not None:
            assert not Inspection.objects.filter(state=State.ON_SITE).exists()

    @invariant()
    def visits_are_never_graded(self):
        assert not Inspection.objects.filter(kind=Kind.VISIT, framework__is_graded=True).exists()
        assert not Inspection.objects.filter(framework__is_graded=False).exclude(kind=Kind.VISIT).exists()

    @invariant()
    def every_state_change_has_exactly_one_event(self):
        for inspection in Inspection.objects.filter(pk__in=self.inspections):
            events = list(events_for(inspection))
            changes = [event for event in events if event.before["state"] != event.after["state"]]
            assert len(changes) == self.state_changes[inspection.pk]
            replayed = None
            for event in events:
                assert event.before["state"] == replayed, f"event #{event.sequence} does not follow the one before"
                replayed = event.after["state"]
            assert replayed == inspection.state

    @invariant()
    def the_audit_chain_verifies(self):
        assert find_chain_break() is None


@pytest.mark.django_db
def test_random_lives_of_inspections_keep_the_invariants(frameworks):
    InspectionLives.TestCase.settings = settings(
        max_examples=40, stateful_step_count=50, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    InspectionLives.TestCase().runTest()
