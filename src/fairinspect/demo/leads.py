"""The past year of a few lead inspectors, so that the consistency page has something to say: each led a handful of
inspections since report cards began, every one walked from planning to its published report card through the
services on its days. One lead grades lower than most, one higher, the rest as most do; the consistency page should
name the first two (and only them, unless chance says otherwise), as it would name real leads who grade so.

A lead's inspections are of schools they may lead (phases, conflicts of interest, training, time away, their load
in the term: the same rules as assigning by hand), found among the next schools in turn."""

import random
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from fairinspect.core import working_days
from fairinspect.demo.errors import DemoRefused
from fairinspect.demo.reported import ReportingWalk
from fairinspect.demo.workforce import graded_framework_in_force
from fairinspect.frameworks.models import Framework
from fairinspect.grading.selectors import applicable_areas, gives_grades
from fairinspect.inspections.eligibility import InspectorFacts, facts_of_new_inspection, inspector_facts, refusals_for
from fairinspect.inspections.models import Kind, State
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector

EXPECTED = "expected-standard"
BELOW, ABOVE = "needs-attention", "strong-standard"


@dataclass(frozen=True)
class Tendency:
    """How a lead grades: the chance that an area they grade falls a grade below the expected standard, or above."""

    below: float
    above: float

    def grades(self, rng: random.Random, areas: list[str]) -> dict[str, str]:
        grades = {}
        for area in areas:
            draw = rng.random()
            grades[area] = BELOW if draw < self.below else ABOVE if draw < self.below + self.above else EXPECTED
        return grades


LOWER, HIGHER, AS_MOST = Tendency(below=0.6, above=0.0), Tendency(below=0.0, above=0.6), Tendency(below=0.1, above=0.1)
TENDENCIES = (LOWER, HIGHER, AS_MOST, AS_MOST)
# Each lead's inspections: the consistency page names a lead only after five (analytics.consistency).
LED_BY_EACH = 5
# How far back the leads' inspections go, in working days (a school year), and the most recent one's last day.
LOOK_BACK, LATEST = 190, -8
# How many of the next schools in turn are looked at for one a lead may inspect on a given day.
LOOK_AHEAD = 15


@dataclass(frozen=True)
class LeadsWalked:
    leads: int
    published: int


def _leads(framework: Framework, first_day: date, last_day: date, count: int) -> list[Inspector]:
    """The leads whose year is walked: those who may lead, trained for the framework, throughout it, and inspect
    the most phases (so that most schools are open to them), by name."""
    courses = list(framework.required_courses.values_list("pk", flat=True))

    def trained_throughout(person: InspectorFacts) -> bool:
        return all(
            any(record.completed_on <= first_day and (record.expires_on or last_day) >= last_day for record in person.training[course])
            for course in courses
        )  # fmt: skip

    able = Inspector.objects.filter(withdrawn_on=None).select_related("user").order_by("user__last_name", "pk")
    people = inspector_facts(inspector for inspector in able if inspector.may_lead_on(first_day))
    chosen = [person.inspector for person in people.values() if trained_throughout(person)]
    chosen.sort(key=lambda inspector: -len(inspector.phases))
    return chosen[:count]


class _SchoolsInTurn:
    """The next schools in turn, held back while no lead may inspect them on the day asked."""

    def __init__(self, walk: ReportingWalk):
        self.walk = walk
        self.waiting: list[School] = []

    def for_lead(self, lead: Inspector, framework: Framework, starts_on: date) -> School | None:
        person = inspector_facts([lead])[lead.pk]
        ends_on = working_days.add_working_days(starts_on, settings.FAIRINSPECT["ON_SITE_WORKING_DAYS"] - 1)
        for position in range(LOOK_AHEAD):
            if position == len(self.waiting):
                try:
                    self.waiting.append(self.walk.next_school())
                except DemoRefused:  # a small registry runs out of schools: the leads' year is shorter
                    return None
            school = self.waiting[position]
            if not refusals_for(person, facts_of_new_inspection(school, framework, starts_on, ends_on), as_lead=True):
                return self.waiting.pop(position)
        return None


def walk_leads_year(walk: ReportingWalk) -> LeadsWalked:
    """Each lead's inspections over the past school year (since report cards began, if later), spread out and
    taken in turn, each published; a lead who may inspect none of the next schools on a day tries a later one."""
    framework = graded_framework_in_force(walk.today)
    if not gives_grades(framework):
        return LeadsWalked(0, 0)
    began = -working_days.working_days_between(framework.valid_from, walk.today)
    # The first days on site, in working days from today: from soon after report cards began (or a school year ago)
    # to the day before the most recent inspection's last.
    first, last = max(began + 1, -LOOK_BACK), LATEST - 1
    leads = _leads(framework, walk.day(first), walk.day(last), len(TENDENCIES))
    slots = len(leads) * LED_BY_EACH
    if not leads or last - first < slots:
        return LeadsWalked(0, 0)
    led = {lead.pk: 0 for lead in leads}
    schools = _SchoolsInTurn(walk)
    step, starts, turn = (last - first) // (slots + 2), first, 0
    while starts < last and (waiting := [lead for lead in leads if led[lead.pk] < LED_BY_EACH]):
        lead = waiting[turn % len(waiting)]
        if _led(walk, schools, lead, TENDENCIES[leads.index(lead)], starts):
            led[lead.pk] += 1
            starts += step
        else:  # the next lead, a day later
            starts += 1
        turn += 1
    return LeadsWalked(len(leads), sum(led.values()))


def _led(walk: ReportingWalk, schools: _SchoolsInTurn, lead: Inspector, tendency: Tendency, starts: int) -> bool:
    """An inspection `lead` leads from `starts` (working days from today), published; False if they may lead none of
    the next schools then."""
    starts_on = walk.day(starts)
    school = schools.for_lead(lead, graded_framework_in_force(starts_on), starts_on)
    if school is None:
        return False
    inspection = walk.plan(school, starts=starts, planned=starts - 10, kind=Kind.FULL)
    if not walk.staff(inspection, lead):
        walk.cancel(inspection)
        return False
    grades = tendency.grades(walk.rng, [area.code for area in applicable_areas(inspection)])
    walk.walk_report(inspection, ended=starts + 1, stage=State.PUBLISHED, grades=grades)
    return True
