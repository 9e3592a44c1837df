"""The demo's concerns, complaints, adjudication and learning review (issue 12), each walked through the services
on its day: a concern waiting for the senior inspector on duty and one answered; complaints at every stage (one
holding the report's publication, one overdue in the queue, one decided that its school can take to adjudication,
one upheld with its actions, one escalated whose declined recommendation is published); and a learning review with
its published summary.

The complaints need inspections past their on-site work, so this walks a few of its own, in the weeks before
today, through evidence, grades, the final feedback and the report (as far as each complaint needs).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User

from fairinspect.complaints import actions
from fairinspect.complaints import services as complaints
from fairinspect.complaints.models import Response
from fairinspect.core import working_days
from fairinspect.demo import people
from fairinspect.demo.clock import WalkingClock
from fairinspect.demo.inspections import Cast
from fairinspect.demo.reported import ReportingWalk
from fairinspect.inspections import services as inspections
from fairinspect.inspections.models import Inspection, PauseGround, State


@dataclass(frozen=True)
class Staff:
    duty_decision_maker: User
    quality_assurer: User
    complaints_officer: User
    administrator: User


class _Complaints(ReportingWalk):
    def __init__(self, *, clock: WalkingClock, rng: random.Random, cast: Cast, today: date, staff: Staff):
        super().__init__(clock=clock, rng=rng, cast=cast, today=today, quality_assurer=staff.quality_assurer)
        self.officers = staff


def walk_complaints(*, clock: WalkingClock, rng: random.Random, cast: Cast, today: date, staff: Staff) -> None:
    walk = _Complaints(clock=clock, rng=rng, cast=cast, today=today, staff=staff)
    # Concerns: one raised this morning on an inspection on site, waiting for the senior inspector on duty; one
    # raised yesterday on another, answered, the duty senior inspector pausing the inspection as they did.
    on_site = Inspection.objects.filter(state=State.ON_SITE, school__memberships__user__username=people.HEAD_ON_SITE.username).get()
    walk.at(0, 9)
    complaints.raise_concern(
        actor=on_site.school.memberships.get().user, inspection=on_site,
        details="The lead inspector will not look at our own assessment data, and we could not agree on it this morning.",
    )  # fmt: skip
    answered_on = walk.staffed_or_none(starts=-1, planned=-12)
    if answered_on is not None:
        _concern_answered(walk, answered_on, staff.duty_decision_maker)
    # Complaints at every stage, each left out on the rare day no inspection of the weeks before could be staffed.
    held = walk.reported(ended=-3, stage=State.QUALITY_ASSURANCE)
    if held is not None:
        _hold_publication(walk, *held)
    overdue = walk.reported(ended=-45, stage=State.PUBLISHED)
    if overdue is not None:
        _overdue(walk, *overdue)
    decided = walk.reported(ended=-30, stage=State.PUBLISHED, head=people.HEAD_COMPLAINING)
    if decided is not None:
        _decided(walk, *decided)
    upheld = walk.reported(ended=-60, stage=State.PUBLISHED)
    if upheld is not None:
        _upheld(walk, *upheld)
    escalated = walk.reported(ended=-70, stage=State.PUBLISHED)
    if escalated is not None:
        _escalated(walk, *escalated)
    _learning_review(walk, escalated[0] if escalated else answered_on or on_site)


def _concern_answered(walk: _Complaints, answered_on: Inspection, duty: User) -> None:
    """A concern raised yesterday, answered by the duty senior inspector, who paused the inspection."""
    head = walk.headteacher(answered_on)
    walk.notify(answered_on, on=-2)
    walk.start(answered_on, on=-1)
    walk.at(-1, 11)
    concern = complaints.raise_concern(
        actor=head, inspection=answered_on,
        details="Our deputy head became unwell during a meeting; the team carried on with the timetable regardless.",
    )  # fmt: skip
    walk.at(-1, 13)
    inspections.pause_inspection(actor=duty, inspection=answered_on, ground=PauseGround.LEADER_WELLBEING)
    walk.at(-1, 13, 15)
    complaints.answer_concern(
        actor=duty, concern=concern,
        response="I have paused the inspection until tomorrow and spoken to the lead inspector, who will agree the "
        "rest of the timetable with you before work resumes.",
    )  # fmt: skip


def _hold_publication(walk: _Complaints, held: Inspection, head: User) -> None:
    """A complaint made the day after on-site work: it holds the report, ready for quality assurance."""
    walk.at(-1, 10)
    complaints.make_complaint(
        actor=head, inspection=held,
        grounds="The team judged our curriculum on one morning's lessons while Year 6 were on a residential trip.",
    )  # fmt: skip



def _overdue(walk: _Complaints, overdue: Inspection, head: User) -> None:
    """A complaint made after publication and now past its deadline: at the top of the complaints officers' queue."""
    walk.at(-35, 14)
    complaints.make_complaint(
        actor=head, inspection=overdue, grounds="The report says little about our pupils with special educational needs.",
    )  # fmt: skip



def _decided(walk: _Complaints, decided: Inspection, head: User) -> None:
    """Decided last week, not upheld: its school (a demo sign-in) can ask for independent adjudication."""
    officer = walk.officers.complaints_officer
    walk.at(-25, 10)
    complaint = complaints.make_complaint(
        actor=head, inspection=decided, grounds="An inspector was rude to a teaching assistant in front of pupils.",
    )  # fmt: skip
    walk.at(-5, 15)
    complaints.assign_handler(actor=officer, complaint=complaint, handler=officer)
    complaints.decide_complaint(
        actor=officer, complaint=complaint, outcome="not_upheld",
        reason="We spoke to the team and the teaching assistant's line manager; the inspector's questions were "
        "direct but not rude. We have shared your concern with the inspector.",
    )  # fmt: skip



def _upheld(walk: _Complaints, upheld: Inspection, head: User) -> None:
    """Partly upheld: the report amended as a new version, and a focused monitoring inspection proposed."""
    officer = walk.officers.complaints_officer
    walk.at(-55, 10)
    complaint = complaints.make_complaint(
        actor=head, inspection=upheld, grounds="The report names a club that closed two years ago as a strength.",
    )  # fmt: skip
    walk.at(-40, 11)
    complaint = complaints.decide_complaint(
        actor=officer, complaint=complaint, outcome="partly_upheld",
        reason="The report should not have named the club; the judgement it supports stands on other evidence.",
    )  # fmt: skip
    actions.amend_report_after_complaint(
        actor=officer, complaint=complaint, reason="A club that has closed is no longer named.",
        pupil_experience="Pupils are kind to each other and keen to learn; many take part in clubs after school.",
    )  # fmt: skip
    complaints.propose_reinspection(
        actor=officer, complaint=complaint, due_by=walk.today + timedelta(weeks=20),
        reason="To see the school's extra-curricular offer as it is now.",
    )  # fmt: skip



def _escalated(walk: _Complaints, escalated: Inspection, head: User) -> None:
    """Escalated to independent adjudication: one recommendation accepted, one declined (published with why)."""
    officer = walk.officers.complaints_officer
    walk.at(-66, 10)
    complaint = complaints.make_complaint(
        actor=head, inspection=escalated, grounds="We were not told why our leadership grade was lower than expected.",
    )  # fmt: skip
    walk.at(-45, 10)
    complaints.decide_complaint(
        actor=officer, complaint=complaint, outcome="not_upheld",
        reason="The report and the feedback meeting gave the reasons for the leadership grade.",
    )  # fmt: skip
    walk.at(-40, 10)
    complaints.escalate_complaint(actor=head, complaint=complaint, grounds="Our complaint took longer than promised.")
    walk.at(-38, 10)
    complaints.refer_to_adjudicator(
        actor=officer, complaint=complaint, adjudicator="Independent Complaints Adjudication Service",
        sent="The complaint and its evidence, our decision letter, the inspection's evidence base, the report.",
    )  # fmt: skip
    walk.at(-10, 10)
    accepted = complaints.record_recommendation(
        actor=officer, complaint=complaint, text="Apologise to the school for the time the complaint took."
    )
    declined = complaints.record_recommendation(
        actor=officer, complaint=complaint, text="Remove the leadership grade from the published report."
    )
    walk.at(-8, 10)
    complaints.answer_recommendation(
        actor=officer, recommendation=accepted, response=Response.ACCEPTED, reason="We have written to apologise."
    )
    complaints.answer_recommendation(
        actor=officer, recommendation=declined, response=Response.DECLINED,
        reason="The adjudicator looks at how a complaint was handled and cannot change a judgement; the leadership "
        "grade follows from the evidence the inspection recorded, which the complaint did not dispute.",
    )  # fmt: skip



def _learning_review(walk: _Complaints, inspection: Inspection) -> None:
    """A learning review after a serious incident connected with an inspection, its summary published."""
    officer, reviewer = walk.officers.complaints_officer, walk.officers.administrator
    # Its steps follow the inspection's last day on site, none after today (when they happen at once).
    ended = working_days.working_days_between(inspection.ends_on, walk.today)
    incident_on = -min(ended - 1, 2) if ended > 1 else 0
    walk.at(incident_on, 9)
    incident = complaints.record_incident(
        actor=officer, inspection=inspection, occurred_on=walk.day(incident_on),
        description="A senior leader was taken seriously ill in the weeks after the inspection.",
    )  # fmt: skip
    review = complaints.commission_review(
        actor=officer, incident=incident, reviewer=reviewer,
        terms_of_reference="How the inspection was carried out and supported the school's leaders; what we should change.",
    )  # fmt: skip
    walk.at(min(incident_on + 40, 0), 10)
    complaints.record_findings(
        actor=reviewer, review=review,
        findings="The team did not offer a pause when leaders said they were struggling; support was not signposted.",
    )  # fmt: skip
    complaints.add_review_action(
        actor=reviewer, review=review, description="Lead inspectors offer a pause whenever wellbeing is raised.",
        owner="Head of inspection quality", due_on=walk.today + timedelta(weeks=8),
    )  # fmt: skip
    walk.at(min(incident_on + 45, 0), 11)
    complaints.publish_summary(
        actor=officer, review=review,
        summary="Leaders told the team they were struggling and no pause was offered. Lead inspectors now offer a "
        "pause whenever wellbeing is raised, and every feedback meeting signposts support.",
    )  # fmt: skip
