"""The demo's inspectors, imported from a generated inspector list and kept through the workforce services.

The mix follows the real workforce: about one in four an HM Inspector (employed, inspecting several phases,
leading inspections), the rest contracted Ofsted Inspectors who lead schools of their own and inspect a few
times a term in their own phase. Each has the training the frameworks require, mostly in date; a few have
let a course lapse or not taken the current framework's course yet, some are away in the coming weeks,
some have declared conflicts of interest or recently worked at another school, and one has withdrawn.
"""

import csv
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db.models import Q, QuerySet

from fairinspect.demo import people
from fairinspect.demo.registry import inspected_schools
from fairinspect.frameworks.models import Framework, TrainingCourse
from fairinspect.schools.models import School, Trust
from fairinspect.workforce import services
from fairinspect.workforce.models import Inspector, InspectorKind, Phase, phases_needed_for

# England has about 1,200 inspectors (300 HMI, 900 Ofsted Inspectors) for some 22,000 state-funded schools.
SCHOOLS_PER_INSPECTOR = 18
# Enough for the inspections the demo walks on the same few days, whatever the size of the registry.
FEWEST_INSPECTORS = 40
HMI_SHARE = 0.25
# Training is refreshed every three years in the demo; a course completed longer ago has expired.
TRAINING_LASTS = timedelta(days=3 * 365)

_UNAVAILABLE = ("Annual leave", "Training", "Commitments at my own school", "")
_SCHOOL_CONFLICTS = (
    "My child attends this school",
    "A close relative works at this school",
    "I was a governor of this school until last year",
)
_TRUST_CONFLICTS = ("I am a trustee of this trust", "I am seconded to this trust's central team")
_WITHDRAWAL_REASON = "Has stepped back from inspecting during a dispute with their employer"


@dataclass(frozen=True)
class _Person:
    reference: str
    username: str
    first_name: str
    last_name: str
    kind: InspectorKind
    phases: tuple[Phase, ...]
    own_school: School | None
    home: tuple[int, int]
    load_cap: int
    last_worked_as_hmi_on: date | None

    @property
    def email(self) -> str:
        return f"{self.username}@{people.STAFF_EMAIL_DOMAIN}"


def inspector_count(open_schools: int) -> int:
    return max(FEWEST_INSPECTORS, round(open_schools / SCHOOLS_PER_INSPECTOR))


def _near(rng: random.Random, school: School, spread: int) -> tuple[int, int]:
    return (
        max(0, (school.easting or 0) + rng.randint(-spread, spread)),
        max(0, (school.northing or 0) + rng.randint(-spread, spread)),
    )


def _lead_inspector(rng: random.Random, schools: list[School]) -> _Person:
    """The demo's signed-in HM Inspector: every phase, nothing to stop them leading the on-site inspection."""
    account = people.LEAD_INSPECTOR
    return _Person(
        reference="HMI100001", username=account.username, first_name=account.first_name,
        last_name=account.last_name, kind=InspectorKind.HM_INSPECTOR, phases=tuple(Phase), own_school=None,
        home=_near(rng, rng.choice(schools), 10_000), load_cap=12, last_worked_as_hmi_on=None,
    )  # fmt: skip


def _people(rng: random.Random, schools: list[School], count: int, today: date) -> list[_Person]:
    generated = [_lead_inspector(rng, schools)]
    usernames = {generated[0].username}
    number = {InspectorKind.HM_INSPECTOR: 100001, InspectorKind.OFSTED_INSPECTOR: 200000}
    while len(generated) < count:
        kind = InspectorKind.HM_INSPECTOR if rng.random() < HMI_SHARE else InspectorKind.OFSTED_INSPECTOR
        number[kind] += rng.randint(1, 40)
        first, last = people.random_name(rng)
        base = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        username, suffix = base, 1
        while username in usernames:
            suffix += 1
            username = f"{base}{suffix}"
        usernames.add(username)
        if kind == InspectorKind.HM_INSPECTOR:
            own = None
            phases = {Phase.PRIMARY, Phase.SECONDARY} | {phase for phase in Phase if rng.random() < 0.3}
            home, load_cap, worked_as_hmi = _near(rng, rng.choice(schools), 10_000), rng.randint(10, 14), None
        else:
            own = rng.choice(schools)
            phases = set(phases_needed_for(own.phase_name))
            if Phase.SECONDARY in phases and rng.random() < 0.5:
                phases.add(Phase.POST_16)
            if Phase.PRIMARY in phases and rng.random() < 0.2:
                phases.add(Phase.NURSERY)
            home, load_cap = _near(rng, own, 8_000), rng.randint(2, 5)
            # A few were HMIs, most of them recently enough to lead.
            worked_as_hmi = today - timedelta(days=rng.randint(60, 4 * 365)) if rng.random() < 0.08 else None
        prefix = "HMI" if kind == InspectorKind.HM_INSPECTOR else "OI"
        generated.append(
            _Person(
                reference=f"{prefix}{number[kind]}", username=username, first_name=first, last_name=last, kind=kind,
                phases=tuple(sorted(phases)), own_school=own, home=home, load_cap=load_cap,
                last_worked_as_hmi_on=worked_as_hmi,
            )  # fmt: skip
        )
    return generated


def _write_list(path: Path, generated: list[_Person]) -> None:
    columns = (
        services.REFERENCE, services.USERNAME, services.FIRST_NAME, services.LAST_NAME, services.EMAIL, services.KIND,
        services.PHASES, services.OWN_SCHOOL, services.HOME_EASTING, services.HOME_NORTHING, services.LOAD_CAP,
        services.LAST_WORKED_AS_HMI,
    )  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        for person in generated:
            writer.writerow(
                (
                    person.reference, person.username, person.first_name, person.last_name, person.email,
                    person.kind.value, ";".join(person.phases), person.own_school.urn if person.own_school else "",
                    *person.home, person.load_cap, person.last_worked_as_hmi_on or "",
                )  # fmt: skip
            )


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def graded_frameworks_in_force(first: date, last: date) -> QuerySet[Framework]:
    """The frameworks schools are inspected under on any day from `first` to `last`."""
    return Framework.objects.filter(is_graded=True, valid_from__lte=last).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=first)
    )


def graded_framework_in_force(day: date) -> Framework:
    """The framework a school inspection starting on `day` is under."""
    return graded_frameworks_in_force(day, day).latest("valid_from")


def _courses_needed(inspected_under: list[Framework]) -> dict[TrainingCourse, date]:
    """The courses the frameworks in use require, each with the day the first of them requiring it came in."""
    needed: dict[TrainingCourse, date] = {}
    for framework in sorted(inspected_under, key=lambda framework: framework.valid_from):
        for course in framework.required_courses.order_by("code"):
            needed.setdefault(course, framework.valid_from)
    return dict(sorted(needed.items(), key=lambda item: item[0].code))


def _train(
    rng: random.Random, *, admin, inspector: Inspector, today: date, needed: dict[TrainingCourse, date], with_gaps: bool
) -> None:
    """The courses the frameworks in use require (`needed`), as this inspector took them: within the last three
    years, and a new framework's course in the months before it came in; the courses of earlier frameworks when
    those came in, long expired; the visit briefing for some HM Inspectors. With gaps, a few are missing or
    lapsed."""
    courses = list(needed)
    gap = rng.random() if with_gaps else 1.0
    not_taken = rng.choice(courses) if gap < 0.03 else None
    lapsed = rng.choice(courses) if 0.03 <= gap < 0.08 else None
    recorded = {not_taken.code} if not_taken else set()

    def record(course: TrainingCourse, completed_on: date) -> None:
        services.record_training(
            actor=admin, inspector=inspector, course=course, completed_on=completed_on,
            expires_on=completed_on + TRAINING_LASTS,
        )  # fmt: skip
        recorded.add(course.code)

    for course in courses:
        if course == not_taken:
            continue
        earliest = max(today - TRAINING_LASTS + timedelta(days=30), needed[course] - timedelta(days=120))
        # Before the framework came in, as no one inspects under it untrained; recently, when that was long ago.
        latest = max(earliest, min(today, needed[course]) - timedelta(days=7))
        if course == lapsed:
            earliest = today - TRAINING_LASTS - timedelta(days=300)
            record(course, _day_between(rng, earliest, earliest + timedelta(days=280)))
        else:
            record(course, _day_between(rng, earliest, latest))
    # The frameworks in use have every course in `recorded` by now: what is left is earlier frameworks' and visits'.
    for framework in Framework.objects.order_by("valid_from"):
        for course in framework.required_courses.order_by("code"):
            if course.code in recorded:
                continue
            if framework.is_graded and framework.valid_from < today and rng.random() < 0.7:
                record(course, framework.valid_from - timedelta(days=rng.randint(14, 90)))
            elif not framework.is_graded and inspector.kind == InspectorKind.HM_INSPECTOR and rng.random() < 0.4:
                earliest = today - TRAINING_LASTS + timedelta(days=60)
                record(course, _day_between(rng, earliest, today - timedelta(days=7)))


def build_workforce(
    directory: Path, *, rng: random.Random, admin, today: date, inspected_under: list[Framework]
) -> None:
    """Import the demo's inspectors and record their training for the frameworks the demo's inspections are
    under, their availability, conflicts and histories. The signed-in lead inspector comes first and has none
    of the gaps the others may have."""
    schools = list(inspected_schools())
    generated = _people(rng, schools, inspector_count(len(schools)), today)
    inspector_list = directory / "inspectors.csv"
    _write_list(inspector_list, generated)
    services.import_inspectors(inspector_list, progress=False, actor=admin)
    by_reference = {inspector.reference: inspector for inspector in Inspector.objects.select_related("user")}
    inspectors = [by_reference[person.reference] for person in generated]
    trusts = list(Trust.objects.filter(code__in={school.trust_id for school in schools}).order_by("code"))
    needed = _courses_needed(inspected_under)
    for index, inspector in enumerate(inspectors):
        _train(rng, admin=admin, inspector=inspector, today=today, needed=needed, with_gaps=index > 0)
        if index == 0:
            continue
        if rng.random() < 0.12:
            starts_on = today + timedelta(days=rng.randint(0, 40))
            services.add_unavailability(
                actor=inspector.user, inspector=inspector, starts_on=starts_on,
                ends_on=starts_on + timedelta(days=rng.randint(0, 9)), reason=rng.choice(_UNAVAILABLE),
            )  # fmt: skip
        # A few declare a conflict of interest, the first of them always (so that the demo shows one).
        if rng.random() < 0.06 or index == 1:
            if trusts and rng.random() < 0.3:
                services.declare_conflict(
                    actor=inspector.user, inspector=inspector, trust=rng.choice(trusts),
                    reason=rng.choice(_TRUST_CONFLICTS),
                )  # fmt: skip
            else:
                services.declare_conflict(
                    actor=inspector.user, inspector=inspector, school=rng.choice(schools),
                    reason=rng.choice(_SCHOOL_CONFLICTS),
                )  # fmt: skip
        if inspector.kind == InspectorKind.OFSTED_INSPECTOR and rng.random() < 0.3:
            left_on = today - timedelta(days=rng.randint(365, 9 * 365))
            services.record_school_worked_at(
                actor=admin, inspector=inspector, school=rng.choice(schools),
                started_on=left_on - timedelta(days=rng.randint(3 * 365, 10 * 365)), left_on=left_on,
            )  # fmt: skip
    withdrawn = next(inspector for inspector in inspectors if inspector.kind == InspectorKind.OFSTED_INSPECTOR)
    services.withdraw_inspector(
        actor=admin, inspector=withdrawn, reason=_WITHDRAWAL_REASON, withdrawn_on=today - timedelta(days=20)
    )
