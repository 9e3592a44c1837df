"""Random sequences of actions, by random people, against the real services, with national halts thrown in.

Whatever happens, these hold after every step:
- a halted system notifies, starts and resumes nothing, and no inspection is on site while a halt lasts;
- lifting a halt changes no inspection's state (nothing resumes by itself);
- a visit is never under a framework with grades (so it can never be graded);
- every state change has exactly one audit event, and replaying an inspection's events gives its state;
- a request granted by a standing offer was made on the offer's ground, in its window, while it stood;
- a refused action changes nothing (no state, no audit event);
- the audit chain verifies.

The run is derandomized, so what it covers is the same on every machine, and the test fails if a change
stops it reaching any of the steps that matter (`MUST_HAPPEN`).
"""

from collections import Counter
from datetime import datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, event, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import events_for, find_chain_break
from fairinspect.core import working_days
from fairinspect.core.errors import DomainError
from fairinspect.frameworks.models import Framework
from fairinspect.inspections import services
from fairinspect.inspections.models import (
    BlanketDeferralOffer,
    DeferralGround,
    DeferralRequest,
    Decision,
    Inspection,
    Kind,
    Pause,
    PauseGround,
    State,
)
from fairinspect.inspections.selectors import active_halt
from fairinspect.workforce.models import InspectorKind
from tests import factories
from tests.conftest import A_MONDAY
from tests.transactions import rolled_back

REASONS = st.sampled_from(["", "  ", "The school has asked.", "A national emergency."])
# Half the time the person whose job it is acts (None); otherwise anyone at all, who is usually refused.
PERSON = st.one_of(st.none(), st.integers(0, 20))
HELD_BY_HALT = {"notify_school", "start_inspection", "resume_inspection"}
# The choices (see `_advance`) of a few steps of one inspection's life in a row.
STEPS = st.lists(st.integers(0, 2), min_size=1, max_size=3)
MOST_INSPECTIONS = 5
MOST_OFFERS = 3
# What the runs must reach between them: every transition, the halt holding each action it holds, a
# halt's pause resumed once the halt is lifted, and a request granted by a standing offer.
MUST_HAPPEN = {
    "plan_inspection", "assign_inspector", "notify_school", "start_inspection", "request_deferral",
    "decide_deferral", "pause_inspection", "confirm_pause", "resume_inspection", "defer_inspection",
    "replan_inspection", "cancel_inspection", "halt_inspections", "lift_halt", "create_blanket_offer",
    "withdraw_blanket_offer", "notify_school held by a halt", "start_inspection held by a halt",
    "resume_inspection held by a halt", "a halt's pause resumed after the lift", "granted by a standing offer",
}  # fmt: skip


class InspectionLives(RuleBasedStateMachine):
    happened: Counter = Counter()  # across every run of the test

    def __init__(self):
        super().__init__()
        # Each example runs in a transaction of its own, rolled back at the end, so examples do not mix.
        self._rolled_back = rolled_back()
        self._rolled_back.__enter__()
        self.now = datetime.combine(A_MONDAY, time(9), ZoneInfo("Europe/London"))
        self._clock = mock.patch.object(working_days, "now", lambda: self.now)
        self._clock.start()
        self.inspections: list[int] = []
        self.state_changes: dict[int, int] = {}
        self._look()

    def teardown(self):
        self._clock.stop()
        self._rolled_back.__exit__(None, None, None)

    @initialize()
    def set_up_people(self):
        self.schools = [factories.make_school(), factories.make_school(phase_name="Secondary")]
        self.heads = [factories.make_user(Role.SCHOOL_USER, school=school, is_headteacher=True) for school in self.schools]
        self.staff = [factories.make_user(Role.SCHOOL_USER, school=school) for school in self.schools]
        self.leads = [factories.make_inspector(), factories.make_inspector()]
        # Two more who may lead, kept free for `walk_through_a_halt`.
        self.walkers = [factories.make_inspector(), factories.make_inspector()]
        self.walked = False
        self.contracted = factories.make_inspector(kind=InspectorKind.OFSTED_INSPECTOR)
        self.office = {role: factories.make_user(role) for role in (Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR, Role.RESEARCHER)}
        self.actors = [
            *self.heads, *self.staff, *[lead.user for lead in self.leads], self.contracted.user, *self.office.values()
        ]
        self.frameworks = list(Framework.objects.order_by("code"))

    # Helpers.

    def _states(self) -> dict[int, str]:
        return dict(Inspection.objects.filter(pk__in=self.inspections).values_list("pk", "state"))

    def _look(self) -> None:
        """Read what the preconditions ask once after each change (every change goes through `attempt`, and
        the date only moves through the clock's two methods) rather than in every rule at every step."""
        states = list(self._states().values())
        self.states_now = set(states)
        self.in_play = len(states) - states.count(State.CANCELLED)
        self.halted = active_halt() is not None
        self.offer_in_force = self.offers_in_force().exists()
        self.offers_made = BlanketDeferralOffer.objects.count()
        self.request_pending = DeferralRequest.objects.filter(decision=Decision.PENDING).exists()
        self.halt_lifted_from_a_pause = Pause.objects.filter(ended_at__isnull=True, halt__lifted_at__isnull=False).exists()

    def offers_in_force(self):
        today = working_days.today()
        return BlanketDeferralOffer.objects.filter(withdrawn_at__isnull=True, starts_on__lte=today, ends_on__gte=today)

    def happen(self, what: str) -> None:
        event(what)
        self.happened[what] += 1

    def attempt(self, change, **arguments):
        """Run one service call; a refusal must change nothing, a success must be allowed by a halt."""
        before, events, halted = self._states(), AuditEvent.objects.count(), self.halted
        try:
            result = change(**arguments)
        except DomainError as refusal:
            assert self._states() == before, f"{change.__name__} was refused but changed a state"
            assert AuditEvent.objects.count() == events, f"{change.__name__} was refused but wrote to the audit trail"
            if "halted nationally" in refusal.message:
                self.happen(f"{change.__name__} held by a halt")
            return None
        assert not (halted and change.__name__ in HELD_BY_HALT), f"{change.__name__} succeeded during a national halt"
        self.happen(change.__name__)
        if change is services.request_deferral and result.granted_by_offer_id:
            self.happen("granted by a standing offer")
        if change is services.lift_halt:
            assert self._states() == before, "lifting a halt changed an inspection's state"
        if change is services.resume_inspection and result.pauses.latest("started_at").halt_id:
            self.happen("a halt's pause resumed after the lift")
        for pk, state in self._states().items():
            if before.get(pk) != state:
                self.state_changes[pk] = self.state_changes.get(pk, 0) + 1
        self._look()
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

    # A few inspections in play at a time, so that the steps take them through their lives rather than start new ones.
    @precondition(lambda self: self.in_play < MOST_INSPECTIONS)
    @rule(person=PERSON, school=st.integers(0, 1), kind=st.sampled_from(Kind.values), framework=st.one_of(st.none(), st.integers(0, 2)))
    def plan(self, person, school, kind, framework):
        fitting = "visit-2020" if kind == Kind.VISIT else "report-card-2025"
        self._plan(
            actor=self.who(person, self.office[Role.SCHEDULER]),
            school=self.schools[school],
            framework=next(f for f in self.frameworks if f.code == fitting) if framework is None else self.frameworks[framework],
            kind=kind,
            starts_on=working_days.next_working_day(working_days.today()),
        )

    def _plan(self, **arguments) -> Inspection | None:
        created = self.attempt(services.plan_inspection, **arguments)
        if created is not None:
            self.inspections.append(created.pk)
            self.state_changes[created.pk] = 1
            self._look()
        return created

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

    @precondition(lambda self: self.request_pending)
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
        inspection = self.pick(index)
        # The duty decision-maker ends pauses; otherwise deferring and cancelling are the schedulers' call.
        whose_job = self.office[Role.DUTY_DECISION_MAKER if inspection.state == State.PAUSED else Role.SCHEDULER]
        self.attempt(getattr(services, action), actor=self.who(person, whose_job), inspection=inspection, reason=reason)

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
        self._look()

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
            if inspection.starts_on < working_days.today():
                # Its dates have passed (a halt held it, or time ran on): the scheduler defers it, to replan it.
                self.attempt(services.defer_inspection, actor=scheduler, inspection=inspection, reason="Its dates passed.")
            elif request is not None:
                self.attempt(services.decide_deferral, actor=scheduler, request=request, grant=variant == 0, reason="Decided.")
            elif variant == 0 or (variant == 1 and self.offer_in_force):
                # On the ground of a standing offer (which grants it at once), or for the scheduler to decide.
                ground = self.offers_in_force().first().ground if variant == 1 else DeferralGround.EXCEPTIONAL
                self.attempt(
                    services.request_deferral, actor=self.school_user_of(inspection), inspection=inspection,
                    ground=ground, details="Something has happened.",
                )
            else:
                self._move_clock_to(inspection.starts_on)
                self.attempt(services.start_inspection, actor=self.lead_of(inspection), inspection=inspection)
        elif inspection.state == State.ON_SITE and variant == 0 and not self.halted:
            self._halt_then_try_what_it_holds(actor=self.office[Role.ADMINISTRATOR], reason="A national emergency.")
        elif inspection.state == State.ON_SITE:
            self.attempt(services.pause_inspection, actor=self.lead_of(inspection), inspection=inspection, ground=PauseGround.OTHER)
        elif inspection.state == State.PAUSED and self.halted and variant == 2:
            # Halts end: the administrator lifts it, and nothing resumes by itself.
            self.attempt(services.lift_halt, actor=self.office[Role.ADMINISTRATOR], reason="The emergency is over.")
        elif inspection.state == State.PAUSED and (variant == 1 or inspection.pauses.get(ended_at__isnull=True).halt_id):
            self.attempt(services.resume_inspection, actor=duty, inspection=inspection)
        elif inspection.state == State.PAUSED and variant == 0:
            self.attempt(services.confirm_pause, actor=duty, inspection=inspection)
        elif inspection.state == State.PAUSED:
            self.attempt(services.defer_inspection, actor=duty, inspection=inspection, reason="Not today.")
        elif inspection.state == State.DEFERRED and variant == 2:
            self.attempt(services.cancel_inspection, actor=scheduler, inspection=inspection, reason="The school is closing.")
        elif inspection.state == State.DEFERRED:
            starts_on = working_days.add_working_days(working_days.today(), 1)
            self.attempt(services.replan_inspection, actor=scheduler, inspection=inspection, starts_on=starts_on)

    # Random actions alone seldom get far; these take one inspection a few steps further along its life.
    def _advance_steps(self, index: int, variants: list[int]) -> None:
        for variant in variants:
            self._advance(self.pick(index), variant)

    @precondition(lambda self: self.inspections)
    @rule(index=st.integers(0, 9), variants=STEPS)
    def advance(self, index, variants):
        self._advance_steps(index, variants)

    @precondition(lambda self: self.inspections)
    @rule(index=st.integers(0, 9), variants=STEPS)
    def advance_again(self, index, variants):
        self._advance_steps(index, variants)

    @precondition(lambda self: self.inspections)
    @rule(index=st.integers(0, 9), variants=STEPS)
    def advance_once_more(self, index, variants):
        self._advance_steps(index, variants)

    # A halt after a school has been notified (`_advance` halts while work is on site); then everyone whose job
    # it is tries what the halt holds.
    @precondition(lambda self: not self.halted and State.NOTIFIED in self.states_now)
    @rule(person=PERSON, reason=REASONS)
    def halt(self, person, reason):
        self._halt_then_try_what_it_holds(actor=self.who(person, self.office[Role.ADMINISTRATOR]), reason=reason)

    def _halt_then_try_what_it_holds(self, *, actor, reason: str) -> None:
        """A halt, then everyone whose job it is tries what a halt holds: while it lasts each must be refused
        for the halt (`attempt` checks, and records it)."""
        self.attempt(services.halt_inspections, actor=actor, reason=reason)
        for inspection in Inspection.objects.filter(pk__in=self.inspections, state__in=[State.PLANNED, State.NOTIFIED, State.PAUSED]):
            if inspection.state == State.PLANNED:
                self.attempt(services.notify_school, actor=self.office[Role.SCHEDULER], inspection=inspection)
            elif inspection.state == State.NOTIFIED:
                self.attempt(services.start_inspection, actor=self.lead_of(inspection), inspection=inspection)
            else:
                self.attempt(services.resume_inspection, actor=self.lead_of(inspection), inspection=inspection)

    @precondition(lambda self: self.halted)
    @rule(person=PERSON, reason=REASONS)
    def lift(self, person, reason):
        self.attempt(services.lift_halt, actor=self.who(person, self.office[Role.ADMINISTRATOR]), reason=reason)

    @precondition(lambda self: not self.halted and self.halt_lifted_from_a_pause)
    @rule(by_lead=st.booleans())
    def resume_after_the_lift(self, by_lead):
        inspection = Pause.objects.filter(ended_at__isnull=True, halt__lifted_at__isnull=False).first().inspection
        actor = self.lead_of(inspection) if by_lead else self.office[Role.DUTY_DECISION_MAKER]
        self.attempt(services.resume_inspection, actor=actor, inspection=inspection)

    # Standing offers: made (by anyone, usually refused), withdrawn, and taken up. One at a time and a few in
    # all: under an offer every request is granted, so more would defer most lives.
    @precondition(lambda self: not self.offer_in_force and self.offers_made < MOST_OFFERS)
    @rule(person=PERSON, ground=st.sampled_from(DeferralGround.values), starts=st.integers(-1, 0), days=st.integers(0, 30))
    def make_offer(self, person, ground, starts, days):
        starts_on = working_days.today() + timedelta(days=starts)
        self.attempt(
            services.create_blanket_offer, actor=self.who(person, self.office[Role.SCHEDULER]), ground=ground,
            starts_on=starts_on, ends_on=starts_on + timedelta(days=days), description="Any school may defer.",
        )  # fmt: skip

    @precondition(lambda self: self.offer_in_force)
    @rule(person=PERSON)
    def withdraw_offer(self, person):
        offer = self.offers_in_force().first()
        self.attempt(services.withdraw_blanket_offer, actor=self.who(person, self.office[Role.SCHEDULER]), offer=offer)

    @precondition(lambda self: self.offer_in_force and State.NOTIFIED in self.states_now)
    @rule(index=st.integers(0, 9))
    def ask_to_defer_under_an_offer(self, index):
        notified = list(Inspection.objects.filter(pk__in=self.inspections, state=State.NOTIFIED))
        inspection = notified[index % len(notified)]
        self.attempt(
            services.request_deferral, actor=self.school_user_of(inspection), inspection=inspection,
            ground=self.offers_in_force().first().ground, details="We take up the offer.",
        )  # fmt: skip

    # Random steps reach a halt with inspections in each state it holds only now and then. This walks fresh
    # ones there (on site, notified, planned), halts, tries what the halt holds, lifts it, resumes the one it
    # paused (which its lead then pauses again), and has the notified school take up a standing offer; the
    # random steps go on around it. Once in a life, from a moment with no halt or offer in force.
    @precondition(lambda self: not self.walked and not self.halted and not self.offer_in_force)
    @rule()
    def walk_through_a_halt(self):
        self.walked = True
        scheduler, admin = self.office[Role.SCHEDULER], self.office[Role.ADMINISTRATOR]
        framework = next(framework for framework in self.frameworks if framework.code == "report-card-2025")
        self._move_clock_to(working_days.next_working_day(working_days.today()))
        first_day = working_days.next_working_day(working_days.today())
        second_day = working_days.next_working_day(first_day)

        def plan_and_notify(walker, school, starts_on) -> Inspection | None:
            inspection = self._plan(actor=scheduler, school=school, framework=framework, kind=Kind.FULL, starts_on=starts_on)
            if inspection and self.attempt(services.assign_inspector, actor=scheduler, inspection=inspection, inspector=walker, as_lead=True):
                return self.attempt(services.notify_school, actor=scheduler, inspection=inspection)
            return None

        on_site = plan_and_notify(self.walkers[0], self.schools[0], first_day)
        self._move_clock_to(first_day)
        if not (on_site and self.attempt(services.start_inspection, actor=self.walkers[0].user, inspection=on_site)):
            return
        notified = plan_and_notify(self.walkers[1], self.schools[1], second_day)
        planned = self._plan(actor=scheduler, school=self.schools[0], framework=framework, kind=Kind.FULL, starts_on=second_day)
        if not (notified and planned and self.attempt(services.halt_inspections, actor=admin, reason="A national emergency.")):
            return
        self.attempt(services.notify_school, actor=scheduler, inspection=planned)
        self.attempt(services.start_inspection, actor=self.walkers[1].user, inspection=notified)
        self.attempt(services.resume_inspection, actor=self.walkers[0].user, inspection=on_site)
        self.attempt(services.lift_halt, actor=admin, reason="The emergency is over.")
        duty = self.office[Role.DUTY_DECISION_MAKER]
        if self.attempt(services.resume_inspection, actor=duty, inspection=on_site):
            # Paused again, by its lead this time, and the pause confirmed.
            self.attempt(services.pause_inspection, actor=self.walkers[0].user, inspection=on_site, ground=PauseGround.OTHER)
            self.attempt(services.confirm_pause, actor=duty, inspection=on_site)
        offer = self.attempt(
            services.create_blanket_offer, actor=scheduler, ground=DeferralGround.BLANKET_OFFER,
            starts_on=working_days.today(), ends_on=second_day, description="Any school may defer this week.",
        )  # fmt: skip
        self.attempt(
            services.request_deferral, actor=self.school_user_of(notified), inspection=notified,
            ground=DeferralGround.BLANKET_OFFER, details="We take up the offer.",
        )  # fmt: skip
        if offer:
            self.attempt(services.withdraw_blanket_offer, actor=scheduler, offer=offer)

    @rule(days=st.integers(0, 3))
    def time_passes(self, days):
        self.now += timedelta(days=days, hours=2)
        self._look()

    # What must always hold.

    @invariant()
    def halted_means_nothing_on_site(self):
        if self.halted:
            assert State.ON_SITE not in self.states_now

    @invariant()
    def visits_are_never_graded(self):
        assert not Inspection.objects.filter(kind=Kind.VISIT, framework__is_graded=True).exists()
        assert not Inspection.objects.filter(framework__is_graded=False).exclude(kind=Kind.VISIT).exists()

    @invariant()
    def every_state_change_has_exactly_one_event(self):
        for inspection in Inspection.objects.filter(pk__in=self.inspections):
            events = list(events_for(inspection))
            changes = [change for change in events if change.before["state"] != change.after["state"]]
            assert len(changes) == self.state_changes[inspection.pk]
            replayed = None
            for step in events:
                assert step.before["state"] == replayed, f"event #{step.sequence} does not follow the one before"
                replayed = step.after["state"]
            assert replayed == inspection.state

    @invariant()
    def requests_granted_by_an_offer_were_in_its_window_on_its_ground_while_it_stood(self):
        for request in DeferralRequest.objects.filter(granted_by_offer__isnull=False).select_related("granted_by_offer"):
            offer = request.granted_by_offer
            assert request.decision == Decision.GRANTED and request.ground == offer.ground
            assert offer.starts_on <= timezone.localdate(request.requested_at) <= offer.ends_on
            # The clock stands still within a step, so the audit trail's order tells which came first.
            withdrawn = events_for(offer).filter(action="deferral_offer.withdrawn").first()
            granted = next(
                event for event in events_for(request.inspection).filter(action="inspection.deferral_granted")
                if event.after["request"] == request.pk
            )
            assert withdrawn is None or granted.sequence < withdrawn.sequence

    @invariant()
    def the_audit_chain_verifies(self):
        assert find_chain_break() is None


@pytest.mark.django_db
def test_random_lives_of_inspections_keep_the_invariants(frameworks):
    InspectionLives.happened.clear()
    InspectionLives.TestCase.settings = settings(
        max_examples=40, stateful_step_count=30, deadline=None, database=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    InspectionLives.TestCase().runTest()
    missed = sorted(MUST_HAPPEN - set(InspectionLives.happened))
    assert not missed, f"the runs never reached: {missed} (reached: {dict(InspectionLives.happened)})"
