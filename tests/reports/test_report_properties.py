"""Random sequences of a report's actions, by random people, against the real services, from the final feedback
on: a full inspection and a pilot. Whatever happens, after every step:
- nothing is published without a quality assurer's approval, after the report went through quality assurance;
- a pilot is never published, and never reaches the school's record;
- nothing under embargo is public: no report card, no row in the published record, and the public, a researcher
  and another school's user cannot read it;
- a refused action changes nothing (no state, no audit event, no version).

The run is derandomized, and fails if a change stops it reaching the steps that matter (`MUST_HAPPEN`).
"""

from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest
from django.http import Http404
from hypothesis import HealthCheck, event, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from fairinspect.accounts.permissions import QUALITY_ASSURE, holds
from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import events_for
from fairinspect.core import working_days
from fairinspect.core.errors import DomainError
from fairinspect.inspections.models import Inspection, InspectionEvent, Kind, State
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.reports import services
from fairinspect.reports.models import Answer, ReportVersion
from fairinspect.reports.selectors import card_version_or_404, embargoed_reports_visible_to, report_of
from tests import factories
from tests.grading.factories import lead_user
from tests.reports.walk import walk_to
from tests.transactions import rolled_back

MUST_HAPPEN = {
    "start_draft", "revise_draft", "send_for_factual_accuracy", "comment_on_facts", "answer_comment",
    "finish_commenting", "send_to_quality_assurance", "return_to_lead", "publish_report", "amend_report",
    "publish_report refused for a pilot",
}  # fmt: skip
TEXTS = st.sampled_from(["", "Pupils read widely.", "The garden is the pupils' council's."])
# Half the time the person whose job it is acts (None); otherwise anyone at all, who is usually refused.
PERSON = st.one_of(st.none(), st.integers(0, 20))


class ReportLives(RuleBasedStateMachine):
    happened: Counter = Counter()
    world: dict = {}  # the inspections and people, built once by the test, before any example

    def __init__(self):
        super().__init__()
        self._rolled_back = rolled_back()
        self._rolled_back.__enter__()
        self.now = working_days.now()
        self._clock = mock.patch.object(working_days, "now", lambda: self.now)
        self._clock.start()
        world = self.world
        self.inspections = [Inspection.objects.get(pk=pk) for pk in world["inspections"]]
        self.actors = world["actors"]

    def teardown(self):
        self._clock.stop()
        self._rolled_back.__exit__(None, None, None)

    def _snapshot(self):
        return (
            dict(Inspection.objects.filter(pk__in=[i.pk for i in self.inspections]).values_list("pk", "state")),
            AuditEvent.objects.count(),
            ReportVersion.objects.count(),
        )

    def attempt(self, change, **arguments) -> None:
        before = self._snapshot()
        try:
            change(**arguments)
        except DomainError as refusal:
            assert self._snapshot() == before, f"{change.__name__} was refused but changed something"
            if change is services.publish_report and "pilot" in refusal.message:
                self.happen("publish_report refused for a pilot")
            return
        self.happen(change.__name__)

    def happen(self, what: str) -> None:
        event(what)
        self.happened[what] += 1

    def who(self, person, whose_job):
        return whose_job if person is None else self.actors[person % len(self.actors)]

    def pick(self, index: int) -> Inspection:
        return Inspection.objects.get(pk=self.inspections[index % len(self.inspections)].pk)

    @rule(index=st.integers(0, 1), person=PERSON)
    def start(self, index, person):
        inspection = self.pick(index)
        self.attempt(services.start_draft, actor=self.who(person, lead_user(inspection)), inspection=inspection)

    @rule(index=st.integers(0, 1), person=PERSON, text=TEXTS)
    def revise(self, index, person, text):
        inspection = self.pick(index)
        self.attempt(
            services.revise_draft, actor=self.who(person, lead_user(inspection)), inspection=inspection,
            pupil_experience=text, next_steps=text,
        )  # fmt: skip

    @rule(index=st.integers(0, 1), person=PERSON)
    def send_to_school(self, index, person):
        inspection = self.pick(index)
        self.attempt(services.send_for_factual_accuracy, actor=self.who(person, lead_user(inspection)), inspection=inspection)

    @rule(index=st.integers(0, 1), person=PERSON, text=TEXTS, section=st.sampled_from(["next-steps", "inclusion", "nowhere"]))
    def comment(self, index, person, text, section):
        inspection = self.pick(index)
        school = self.world["schools"][inspection.pk]
        self.attempt(services.comment_on_facts, actor=self.who(person, school), inspection=inspection, section=section, text=text)

    @rule(index=st.integers(0, 1), person=PERSON, accepted=st.booleans(), reason=TEXTS)
    def answer(self, index, person, accepted, reason):
        inspection = self.pick(index)
        report = report_of(inspection)
        comment = report.comments.filter(answer=Answer.PENDING).first() if report else None
        self.attempt(
            services.answer_comment, actor=self.who(person, lead_user(inspection)), inspection=inspection,
            comment_id=comment.pk if comment else 0, accepted=accepted, reason=reason,
        )  # fmt: skip

    @rule(index=st.integers(0, 1), person=PERSON)
    def finish(self, index, person):
        inspection = self.pick(index)
        self.attempt(services.finish_commenting, actor=self.who(person, self.world["schools"][inspection.pk]), inspection=inspection)

    @rule(index=st.integers(0, 1), person=PERSON)
    def to_quality_assurance(self, index, person):
        inspection = self.pick(index)
        self.attempt(services.send_to_quality_assurance, actor=self.who(person, lead_user(inspection)), inspection=inspection)

    @rule(index=st.integers(0, 1), person=PERSON, comments=TEXTS)
    def return_it(self, index, person, comments):
        self.attempt(
            services.return_to_lead, actor=self.who(person, self.world["qa"]), inspection=self.pick(index), comments=comments
        )

    @rule(index=st.integers(0, 1), person=PERSON)
    def publish(self, index, person):
        self.attempt(services.publish_report, actor=self.who(person, self.world["qa"]), inspection=self.pick(index))

    @rule(index=st.integers(0, 1), person=PERSON, reason=TEXTS)
    def amend(self, index, person, reason):
        self.attempt(
            services.amend_report, actor=self.who(person, self.world["qa"]), inspection=self.pick(index), reason=reason,
            next_steps="Read more widely.",
        )  # fmt: skip

    @rule(index=st.integers(0, 1), steps=st.lists(st.booleans(), min_size=1, max_size=4))
    def advance(self, index, steps):
        """The next step of the report, by the person whose job it is, with what they would send (a comment, then
        an answer; quality assurance returning the report or publishing it as `steps` says)."""
        for returned in steps:
            inspection = self.pick(index)
            report = report_of(inspection)
            lead, school, qa = lead_user(inspection), self.world["schools"][inspection.pk], self.world["qa"]
            state = inspection.state
            if state == State.FEEDBACK_GIVEN:
                self.attempt(services.start_draft, actor=lead, inspection=inspection)
            elif state == State.DRAFT_REPORT and not (report and report.pupil_experience):
                self.attempt(
                    services.revise_draft, actor=lead, inspection=inspection, pupil_experience="Kind.", next_steps="Read."
                )
            elif state == State.DRAFT_REPORT and report and report.sent_to_school_at is None:
                self.attempt(services.send_for_factual_accuracy, actor=lead, inspection=inspection)
            elif state == State.FACTUAL_ACCURACY_CHECK and report and not report.comments.exists():
                self.attempt(services.comment_on_facts, actor=school, inspection=inspection, section="next-steps", text="No.")
            elif state == State.FACTUAL_ACCURACY_CHECK and report and report.comments.filter(answer=Answer.PENDING).exists():
                self.answer(index, None, not returned, "Checked.")
            elif state == State.FACTUAL_ACCURACY_CHECK and report and report.school_finished_at is None and not returned:
                self.attempt(services.finish_commenting, actor=school, inspection=inspection)
            elif state in (State.FACTUAL_ACCURACY_CHECK, State.DRAFT_REPORT):
                self.attempt(services.send_to_quality_assurance, actor=lead, inspection=inspection)
            elif state == State.QUALITY_ASSURANCE and returned:
                self.attempt(services.return_to_lead, actor=qa, inspection=inspection, comments="Say more.")
            elif state == State.QUALITY_ASSURANCE:
                self.attempt(services.publish_report, actor=qa, inspection=inspection)
            else:
                self.attempt(services.amend_report, actor=qa, inspection=inspection, reason="Corrected.", next_steps="Read.")

    @rule(index=st.integers(0, 1), steps=st.lists(st.booleans(), min_size=1, max_size=4))
    def advance_again(self, index, steps):
        self.advance(index, steps)

    @rule(days=st.integers(1, 10))
    def time_passes(self, days):
        self.now += timedelta(days=days)

    @invariant()
    def nothing_is_published_without_quality_assurance(self):
        for inspection in Inspection.objects.filter(pk__in=[i.pk for i in self.inspections]):
            current = ReportVersion.objects.filter(report__inspection=inspection, replaced_at__isnull=True).first()
            assert (current is not None) == (inspection.state == State.PUBLISHED)
            if current is None:
                continue
            events = list(events_for(inspection))
            published = next(e for e in events if e.action == InspectionEvent.PUBLISHED)
            assert holds(published.actor, QUALITY_ASSURE)
            assert any(
                e.action == InspectionEvent.SENT_TO_QUALITY_ASSURANCE and e.sequence < published.sequence for e in events
            )

    @invariant()
    def nothing_embargoed_is_public(self):
        for inspection in Inspection.objects.filter(pk__in=[i.pk for i in self.inspections]):
            number = f"FI{inspection.pk:08d}"
            if inspection.state != State.PUBLISHED:
                with pytest.raises(Http404):
                    card_version_or_404(number)
                assert not HistoricOutcome.objects.filter(inspection_number=number).exists()
                for outsider in self.world["outsiders"]:
                    assert not embargoed_reports_visible_to(outsider).filter(pk=inspection.pk).exists()
            if inspection.kind == Kind.PILOT:
                assert inspection.state != State.PUBLISHED
                assert not HistoricOutcome.objects.filter(urn=inspection.school_id).exists()


@pytest.mark.django_db
def test_random_lives_of_reports_keep_the_invariants(make_inspection):
    full = walk_to(make_inspection(State.ON_SITE), "feedback_given")
    pilot = walk_to(make_inspection(State.ON_SITE, kind=Kind.PILOT), "feedback_given")
    schools = {
        inspection.pk: factories.make_user(Role.SCHOOL_USER, school=inspection.school) for inspection in (full, pilot)
    }
    quality_assurer = factories.make_user(Role.QUALITY_ASSURER)
    outsiders = [factories.make_user(Role.RESEARCHER), factories.make_user(Role.SCHOOL_USER)]
    ReportLives.world = {
        "inspections": [full.pk, pilot.pk], "schools": schools, "qa": quality_assurer, "outsiders": outsiders,
        "actors": [*schools.values(), lead_user(full), lead_user(pilot), quality_assurer, *outsiders,
                   factories.make_user(Role.DUTY_DECISION_MAKER), factories.make_user(Role.SCHEDULER)],
    }  # fmt: skip
    ReportLives.happened.clear()
    ReportLives.TestCase.settings = settings(
        max_examples=60, stateful_step_count=40, deadline=None, database=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    ReportLives.TestCase().runTest()
    missed = sorted(MUST_HAPPEN - set(ReportLives.happened))
    assert not missed, f"the runs never reached: {missed} (reached: {dict(ReportLives.happened)})"
