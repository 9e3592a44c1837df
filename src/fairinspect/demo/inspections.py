"""The demo's inspections, each walked to its state through the lifecycle services on the days their rules
ask for (a school is notified on its call day, on-site work starts on the first day on site), so that every
step is on the audit trail and every page has something to show: inspections planned over the coming weeks,
one due to be called today, notified, on site (with evidence being written), paused, deferred and cancelled
ones, one whose final feedback was given yesterday, a pending request to defer, a visit and a pilot.

The schools are taken as a scheduling team would take them: first those whose last inspection put them in
a category of concern, which are monitored, then the ones longest since their last published inspection.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import OuterRef, Subquery

from fairinspect.accounts.roles import Role
from fairinspect.accounts.services import create_user
from fairinspect.core import working_days
from fairinspect.demo import people
from fairinspect.demo.clock import WalkingClock
from fairinspect.demo.errors import DemoRefused
from fairinspect.demo.registry import inspected_schools
from fairinspect.demo.reports import walk_reports
from fairinspect.demo.workforce import graded_framework_in_force
from fairinspect.evidence.models import Activity
from fairinspect.evidence.services import write_evidence
from fairinspect.grading import services as grading
from fairinspect.grading.rules import judgements_for, minimum_citations
from fairinspect.grading.selectors import applicable_areas, gives_grades, toolkit_of
from fairinspect.frameworks.models import Area, Framework
from fairinspect.inspections import services
from fairinspect.inspections.eligibility import eligible_inspectors
from fairinspect.inspections.models import DeferralGround, Inspection, Kind, PauseGround
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector, Phase, phases_needed_for

# About 7,000 school inspections a year for some 22,000 state-funded schools, over a 39-week school year:
# the share of schools inspected in the weeks the scheduler's board shows.
INSPECTIONS_A_YEAR_PER_SCHOOL = 7_000 / 22_000
SCHOOL_WEEKS_A_YEAR = 39


def _last_first_day() -> int:
    """The latest first day on site of the inspections planned ahead, in working days from today: the end of
    the weeks the scheduler's board shows."""
    return 5 * settings.FAIRINSPECT["BOARD_WEEKS"] - 1


def on_site_span(today: date) -> tuple[date, date]:
    """The first and last days the walk's inspections can be on site: from the working day before today (those
    paused and resumed since) to the last day of the last one planned ahead."""
    last = _last_first_day() + settings.FAIRINSPECT["ON_SITE_WORKING_DAYS"] - 1
    return working_days.add_working_days(today, -1), working_days.add_working_days(today, last)


@dataclass(frozen=True)
class Cast:
    scheduler: User
    duty_decision_maker: User
    lead_inspector: Inspector


def _schools_in_turn() -> tuple[list[School], set[int]]:
    """Inspected schools in the order they fall due (those in a category of concern first, then the longest
    since their last inspection), and the URNs of those whose last graded inspection put them in one."""
    latest = HistoricOutcome.objects.filter(urn=OuterRef("urn")).order_by("-start_date", "-inspection_number")
    schools = list(
        inspected_schools()
        .annotate(
            last_started=Subquery(latest.values("start_date")[:1]),
            last_category=Subquery(latest.exclude(grades={}).values("category_of_concern")[:1]),
        )
        .order_by("last_started", "urn")
    )
    in_concern = {school.urn for school in schools if school.last_category}
    return sorted(schools, key=lambda school: school.urn not in in_concern), in_concern


class Walk:
    def __init__(self, *, clock: WalkingClock, rng: random.Random, cast: Cast, today: date):
        self.clock, self.rng, self.today, self.scheduler = clock, rng, today, cast.scheduler
        self.ungraded = Framework.objects.filter(is_graded=False).latest("valid_from")
        schools, self.in_concern = _schools_in_turn()
        self.schools: Iterator[School] = iter(schools)

    def day(self, offset: int) -> date:
        """The working day `offset` working days from today (before it when negative)."""
        return working_days.add_working_days(self.today, offset)

    def at(self, offset: int, hour: int, minute: int = 0) -> None:
        self.clock.set(self.day(offset), time(hour, minute))

    def plan(self, school: School, *, starts: int, planned: int, kind: Kind | None = None) -> Inspection:
        kind = kind or (Kind.MONITORING if school.urn in self.in_concern else Kind.FULL)
        self.at(planned, 10)
        # Under the framework in force on its first day on site, which need not be today's.
        return services.plan_inspection(
            actor=self.scheduler,
            school=school,
            framework=self.ungraded if kind == Kind.VISIT else graded_framework_in_force(self.day(starts)),
            kind=kind,
            starts_on=self.day(starts),
        )

    def staff(self, inspection: Inspection, lead: Inspector | None = None) -> bool:
        """A lead (`lead`, when given) and a team, chosen among those eligible; False when no one (or not `lead`) may
        lead it."""
        leads = eligible_inspectors(inspection, as_lead=True)
        if lead is not None:
            leads = [lead] if lead in leads else []
        if not leads:
            return False
        lead = self.rng.choice(leads)
        services.assign_inspector(actor=self.scheduler, inspection=inspection, inspector=lead, as_lead=True)
        # Teams are made of Ofsted Inspectors, keeping those who may lead free to lead other inspections.
        members = [member for member in eligible_inspectors(inspection, as_lead=False) if not member.may_lead_on(inspection.starts_on)]
        large = bool({Phase.SECONDARY, Phase.POST_16} & phases_needed_for(inspection.school.phase_name))
        size = min(len(members), self.rng.choice((0, 1, 1, 2)) + large)
        for member in self.rng.sample(members, size):
            services.assign_inspector(actor=self.scheduler, inspection=inspection, inspector=member)
        return True

    def staffed(
        self, *, starts: int, planned: int, kind: Kind | None = None, lead: Inspector | None = None
    ) -> Inspection:
        """An inspection of the next school in turn that can be staffed (one that cannot stays planned,
        waiting for a team, as happens)."""
        while True:
            inspection = self.plan(self.next_school(), starts=starts, planned=planned, kind=kind)
            if self.staff(inspection, lead):
                return inspection

    def next_school(self) -> School:
        school = next(self.schools, None)
        if school is None:
            raise DemoRefused("The registry has too few schools for the demo's inspections: load more schools.")
        return school

    def headteacher(self, inspection: Inspection, account: people.DemoAccount | None = None):
        """The school's headteacher: one of the demo's sign-ins, or one who cannot sign in."""
        if account:
            return people.create_account(account, school=inspection.school)
        first, last = people.random_name(self.rng)
        return create_user(
            actor=None, username=f"head.{inspection.school.urn}", password=None, roles=[Role.SCHOOL_USER],
            email=f"head.{inspection.school.urn}@{people.SCHOOL_EMAIL_DOMAIN}", first_name=first, last_name=last,
            school=inspection.school, is_headteacher=True,
        )  # fmt: skip

    # The lifecycle, each step on the day (working days from today) and at the time it happens; today's steps
    # happen no later than the walking clock allows, so a demo loaded early in the morning still loads.

    def notify(self, inspection: Inspection, *, on: int, hour: int = 11) -> None:
        self.at(on, hour)
        services.notify_school(actor=self.scheduler, inspection=inspection)

    def start(self, inspection: Inspection, *, on: int) -> None:
        self.at(on, 8)
        services.start_inspection(actor=self._lead_user(inspection), inspection=inspection)

    def pause(self, inspection: Inspection, *, on: int, hour: int) -> None:
        self.at(on, hour)
        services.pause_inspection(
            actor=self._lead_user(inspection), inspection=inspection, ground=PauseGround.LEADER_WELLBEING
        )

    def ask_to_defer(self, inspection: Inspection, *, on: int, ground: DeferralGround, details: str):
        self.at(on, 14)
        return services.request_deferral(
            actor=self.headteacher(inspection), inspection=inspection, ground=ground, details=details
        )

    def _lead_user(self, inspection: Inspection):
        return inspection.team.get(is_lead=True).inspector.user

    # On site: evidence, each record about one area and bearing on one of its criteria, in the words of the
    # criterion it supports (or, for an area that falls short, shows missing).

    def evidence(self, inspection: Inspection, area: Area, how_many: int, *, on: int, hour: int) -> list[int]:
        criteria = list(area.criteria.filter(is_indicator=False).order_by("level__rank", "order"))
        written = []
        for number in range(how_many):
            self.at(on, hour, 5 * number)
            # An older framework's areas may have no criteria: the record is then about the area as it describes it.
            criterion = criteria[number % len(criteria)] if criteria else None
            activity = self.rng.choice([a for a in Activity if a != Activity.OTHER])
            written.append(write_evidence(
                actor=self._lead_user(inspection), inspection=inspection, activity=activity, area_code=area.code,
                criteria=[criterion.code] if criterion else [],
                text=f"{activity.label}, {area.title.lower()}. What we saw bears on this: "
                f"{criterion.text if criterion else area.description or area.title}",
            ).pk)  # fmt: skip
        return written

    def grade(self, inspection: Inspection, grades: dict[str, str], *, on: int) -> None:
        """Every area the inspection grades confirmed (expected standard unless `grades` says otherwise) from the
        fewest judgements that support it, citing evidence written that morning, and safeguarding met."""
        lead = self._lead_user(inspection)
        cited: list[int] = []
        for hour, area in enumerate(applicable_areas(inspection), start=8):
            grade = grades.get(area.code, "expected-standard")
            records = self.evidence(inspection, area, minimum_citations(inspection.framework.rules, grade), on=on, hour=hour)
            cited = cited or records
            self.at(on, hour, 50)
            grading.judge_area(
                actor=lead, inspection=inspection, area_code=area.code, version=0, confirm=grade,
                judgements={
                    code: grading.Judgement(holds, tuple(records))
                    for code, holds in judgements_for(toolkit_of(area), grade).items()
                },
                rationale=f"The evidence shows {area.title.lower()} at {grade.replace('-', ' ')}, by secure fit.",
            )  # fmt: skip
        self.at(on, 15)
        grading.judge_safeguarding(
            actor=lead, inspection=inspection, outcome="met", cites=cited, version=0,
            rationale="Leaders keep pupils safe: the checks on staff are made and concerns are acted on promptly.",
        )  # fmt: skip


def walk_inspections(
    *, clock: WalkingClock, rng: random.Random, cast: Cast, today: date, busy: int = 0, board: bool = True
) -> None:
    """The demo's inspections; with `busy`, that many more on site today and as many notified this morning, each
    school with a headteacher who signs in as `head.URN` with the demo's password (a national day has some 36 of
    each: what bench/soak.py loads); without `board`, none of the weeks ahead on the scheduler's board."""
    walk = Walk(clock=clock, rng=rng, cast=cast, today=today)
    scheduler, duty = cast.scheduler, cast.duty_decision_maker
    notice = settings.FAIRINSPECT["NOTICE_WORKING_DAYS"]

    # On site today, led by the demo's lead inspector, who can pause it.
    on_site = walk.staffed(starts=0, planned=-10, lead=cast.lead_inspector)
    walk.notify(on_site, on=-notice)
    walk.start(on_site, on=0)
    # Its evidence is being written: a first record about most areas, and (where its framework grades by secure
    # fit) the team's first proposal.
    for area in Area.objects.filter(framework=on_site.framework).order_by("order")[:4]:
        walk.evidence(on_site, area, 1, on=0, hour=8)
    if gives_grades(on_site.framework):
        grading.propose_grade(
            actor=walk._lead_user(on_site), inspection=on_site, area_code=applicable_areas(on_site)[0].code,
            grade="expected-standard", note="A first view after the morning's lesson visits.",
        )  # fmt: skip

    # On site the two days before today and given its final feedback yesterday afternoon: its school sees the
    # provisional outcome, one area needing attention. (Loaded on a day before report cards, when no framework in
    # force grades by secure fit, it is still on site.)
    fed_back = walk.staffed(starts=-2, planned=-14)
    walk.headteacher(fed_back, people.HEAD_FEEDBACK)
    walk.notify(fed_back, on=-2 - notice)
    walk.start(fed_back, on=-2)
    if gives_grades(fed_back.framework):
        walk.grade(fed_back, {"achievement": "needs-attention"}, on=-1)
        walk.at(-1, 16)
        grading.give_feedback(actor=walk._lead_user(fed_back), inspection=fed_back)

    # Paused by its lead this morning, on its second day: a duty decision-maker is to confirm it.
    paused = walk.staffed(starts=-1, planned=-12)
    walk.notify(paused, on=-1 - notice)
    walk.start(paused, on=-1)
    walk.pause(paused, on=0, hour=8)

    # Paused yesterday afternoon, confirmed, and resumed this morning: it ends a working day later. Its headteacher
    # can ask for a pause again (another inspection than the lead inspector's, so that both can try it).
    resumed = walk.staffed(starts=-1, planned=-11)
    walk.headteacher(resumed, people.HEAD_ON_SITE)
    walk.notify(resumed, on=-1 - notice)
    walk.start(resumed, on=-1)
    walk.pause(resumed, on=-1, hour=13)
    walk.at(-1, 13, 30)
    services.confirm_pause(actor=duty, inspection=resumed)
    walk.at(0, 8)
    services.resume_inspection(actor=duty, inspection=resumed)

    # Due to be called today: the newcomer notifies the school, which then asks to defer (issue 4).
    to_call = walk.staffed(starts=notice, planned=-10)
    walk.headteacher(to_call, people.HEAD_TO_CALL)

    # Notified this morning: its headteacher can ask to defer at once.
    notified = walk.staffed(starts=notice, planned=-8)
    walk.headteacher(notified, people.HEAD_NOTIFIED)
    walk.notify(notified, on=0, hour=8)

    # Notified this morning too; the school has asked to defer and waits for the scheduling team.
    asked = walk.staffed(starts=notice, planned=-9)
    walk.notify(asked, on=0, hour=8)
    walk.ask_to_defer(
        asked, on=0, ground=DeferralGround.HEADTEACHER_ABSENT,
        details="The headteacher is away leading the Year 6 residential trip until Friday.",
    )  # fmt: skip

    # Deferred yesterday on the school's request: it is back in planning, to be given new dates.
    deferred = walk.staffed(starts=-1 + notice, planned=-12)
    walk.notify(deferred, on=-1)
    request = walk.ask_to_defer(
        deferred, on=-1, ground=DeferralGround.BUILDING_WORK,
        details="The roof of the main building is being replaced: half the classrooms are closed this week.",
    )  # fmt: skip
    walk.at(-1, 16)
    services.decide_deferral(
        actor=scheduler, request=request, grant=True,
        reason="With half the classrooms closed the inspection would not see the school as it is.",
    )  # fmt: skip

    # Deferred at once under the standing offer the scheduling team made a fortnight ago.
    walk.at(-10, 9)
    offer = services.create_blanket_offer(
        actor=scheduler, ground=DeferralGround.BLANKET_OFFER, starts_on=walk.day(-10),
        ends_on=today + timedelta(weeks=6),
        description="While the new report cards bed in, any school that asks to defer its inspection may do so.",
    )  # fmt: skip
    by_offer = walk.staffed(starts=-2 + notice, planned=-12)
    walk.notify(by_offer, on=-2)
    walk.ask_to_defer(
        by_offer, on=-2, ground=DeferralGround.BLANKET_OFFER, details=f"We take up the offer: {offer.description}"
    )

    # Cancelled: the school is to close.
    cancelled = walk.staffed(starts=4, planned=-15)
    walk.at(-3, 15)
    services.cancel_inspection(
        actor=scheduler, inspection=cancelled,
        reason="The school closes at the end of term: its local authority has confirmed the date.",
    )  # fmt: skip

    # A visit (never graded), a pilot (never published) and a focused monitoring inspection ahead.
    walk.staffed(starts=7, planned=-5, kind=Kind.VISIT)
    walk.staffed(starts=8, planned=-5, kind=Kind.PILOT)
    walk.staffed(starts=4, planned=-2, kind=Kind.FOCUSED_MONITORING)

    # Reports at each stage, from a draft to published report cards (demo.reports).
    walk_reports(walk, cast)

    for _ in range(busy):
        on_site = walk.staffed(starts=0, planned=-10)
        walk.notify(on_site, on=-notice, hour=8)
        walk.start(on_site, on=0)
        notified = walk.staffed(starts=notice, planned=-10)
        walk.notify(notified, on=0, hour=8)
        for inspection in (on_site, notified):
            first, last = people.random_name(rng)
            urn = inspection.school_id
            walk.headteacher(inspection, people.DemoAccount(f"head.{urn}", first, last, Role.SCHOOL_USER))

    if not board:
        return
    # The weeks ahead on the scheduler's board, most with a team and some still waiting for one.
    weeks = settings.FAIRINSPECT["BOARD_WEEKS"]
    ahead = round(inspected_schools().count() * INSPECTIONS_A_YEAR_PER_SCHOOL * weeks / SCHOOL_WEEKS_A_YEAR)
    for _ in range(ahead):
        starts, planned = rng.randint(2, _last_first_day()), -rng.randint(0, 10)
        inspection = walk.plan(walk.next_school(), starts=starts, planned=planned)
        if rng.random() < 0.9:
            walk.staff(inspection)
