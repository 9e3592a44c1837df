"""Inspections the demo walks from planning to a report's stage in the weeks and months before today: on site for
two days, graded by secure fit on the second, the final feedback given, then the report drafted, checked for
factual accuracy and sent to quality assurance or published, each step a service on its day."""

import random
from datetime import date

from django.contrib.auth.models import User

from fairinspect.demo import people
from fairinspect.demo.clock import WalkingClock
from fairinspect.demo.inspections import Cast, Walk
from fairinspect.demo.workforce import graded_framework_in_force
from fairinspect.grading import services as grading
from fairinspect.grading.selectors import gives_grades
from fairinspect.inspections import services as inspections
from fairinspect.inspections.models import Inspection, Kind, State
from fairinspect.reports import services as reports
from fairinspect.schools.models import School

# How many schools in turn an inspection is offered to before it is left out.
TRIES = 5


class ReportingWalk(Walk):
    def __init__(self, *, clock: WalkingClock, rng: random.Random, cast: Cast, today: date, quality_assurer: User):
        super().__init__(clock=clock, rng=rng, cast=cast, today=today)
        self.quality_assurer = quality_assurer

    def next_school(self) -> School:
        # The schools in turn, past those an earlier walk took already.
        while True:
            school = super().next_school()
            if not school.inspections.exists():
                return school

    def staffed_or_none(self, *, starts: int, planned: int) -> Inspection | None:
        """A full inspection of one of the next few schools in turn that can be staffed then, or None (a demo loaded
        soon after the holidays may find no lead free in the weeks before); one that cannot is cancelled."""
        for _ in range(TRIES):
            inspection = self.plan(self.next_school(), starts=starts, planned=planned, kind=Kind.FULL)
            if self.staff(inspection):
                return inspection
            self.cancel(inspection)
        return None

    def cancel(self, inspection: Inspection) -> None:
        inspections.cancel_inspection(
            actor=self.scheduler, inspection=inspection, reason="No inspector could lead it on these dates."
        )

    def reported(
        self, *, ended: int, stage: State, head: people.DemoAccount | None = None
    ) -> tuple[Inspection, User] | None:
        """An inspection whose two days on site ended `ended` working days from today, its report walked to `stage`
        (see `walk_report`), and its headteacher; None when none could be staffed."""
        starts = ended - 1
        if not gives_grades(graded_framework_in_force(self.day(starts))):
            # Before report cards began (a demo loaded in late 2025): the demo's inspections are all under them.
            return None
        inspection = self.staffed_or_none(starts=starts, planned=starts - 10)
        if inspection is None:
            return None
        return inspection, self.walk_report(inspection, ended=ended, stage=stage, head=head)

    def walk_report(
        self, inspection: Inspection, *, ended: int, stage: State, head: people.DemoAccount | None = None,
        grades: dict[str, str] | None = None,
    ) -> User:  # fmt: skip
        """A staffed inspection on site for two days to `ended` (working days from today), graded on the second (the
        expected standard where `grades` says nothing), its report walked to `stage` (feedback given, quality
        assurance or published); returns its headteacher."""
        starts = ended - 1
        head_user = self.headteacher(inspection, head)
        self.notify(inspection, on=starts - 1)
        self.start(inspection, on=starts)
        lead_user = self._lead_user(inspection)
        self.grade(inspection, grades or {}, on=ended)
        self.at(ended, 16)
        grading.give_feedback(actor=lead_user, inspection=inspection)
        if stage == State.FEEDBACK_GIVEN:
            return head_user
        self.at(ended + 1, 10)
        reports.start_draft(actor=lead_user, inspection=inspection)
        reports.revise_draft(
            actor=lead_user, inspection=inspection, pupil_experience="Pupils are kind to each other and keen to learn.",
            next_steps="Make sure every pupil reads widely and often.",
        )  # fmt: skip
        reports.send_for_factual_accuracy(actor=lead_user, inspection=inspection)
        self.at(ended + 2, 9)
        reports.finish_commenting(actor=head_user, inspection=inspection)
        self.at(ended + 2, 11)
        reports.send_to_quality_assurance(actor=lead_user, inspection=inspection)
        if stage == State.QUALITY_ASSURANCE:
            return head_user
        self.at(ended + 3, 10)
        reports.publish_report(actor=self.quality_assurer, inspection=inspection)
        return head_user
