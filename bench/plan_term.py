"""The term planner on a generated national instance: the solver's plan against a greedy nearest-available one.

    .venv/bin/python bench/plan_term.py [--inspections 2500] [--inspectors 1200] [--weeks 13] [--seed 11]
                                        [--seconds 60] [--quick]

Generates, in memory, a term of `--inspections` inspections over `--weeks` weeks (on site Tuesday and Wednesday,
each a school placed in England's geography as the demo's generator places schools, in the national mix of
phases and sizes) and a workforce of `--inspectors` (a quarter HM Inspectors living anywhere, the rest Ofsted
Inspectors living near their own schools, some with recent HMI experience; the training the framework
requires, a few lapsed; declared conflicts, schools worked at, trusts, time away, load caps), as the facts the
eligibility rules read. Then, on this machine (HiGHS on 2 threads), it plans the whole term and, separately, the
busiest week alone, and prints side by side: the greedy plan's price, travel and load beyond fair shares; the
solver's; the proven lower bound and the gap to it; the times and the peak memory. The last line is one JSON
object with the keys greedy_cost, plan_cost, bound, gap, seconds, peak_rss_mb, unstaffed, week_seconds and
week_gap. `seconds` counts building the problem (the eligibility rules' bulk checks, journeys, capacity) and
solving it, not generating the facts, which the planner loads from the database.

Targets: a complete plan within 60 s and within 0.5% of the proven bound, clearly cheaper than the greedy one;
one week's batch (about 200 inspections) at its proven optimum in under 2 s; under 4 GB of memory.
`--quick` runs a small instance (150 inspections, 360 inspectors, 2 weeks) in well under a minute.
"""

import argparse
import json
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

FIRST_MONDAY = date(2027, 4, 12)
# Phases as the eligibility rules name them, in England's mix of school inspections; team sizes by pupils.
PHASE_MIX = (("primary", 76), ("secondary", 15), ("special", 5), ("nursery", 1), ("primary+secondary", 2), ("post-16", 1))
PUPILS = {"primary": (260, 120), "secondary": (1000, 350), "special": (110, 50), "nursery": (95, 35),
          "primary+secondary": (1300, 400), "post-16": (700, 300)}  # fmt: skip
COURSES = ((1, "Report card framework and toolkits"), (2, "Mental health awareness"), (3, "Safeguarding for inspectors"))


def team_size(phases: str, pupils: int) -> int:
    if phases in ("primary", "nursery"):
        return 1 if pupils < 120 else 2 if pupils < 420 else 3
    if phases in ("special", "post-16"):
        return 2
    return 3 if pupils < 800 else 4 if pupils < 1400 else 5


def generate(rng: random.Random, inspections: int, inspectors: int, weeks: int):
    """The facts of a national term: (slots, people) for `scheduling.staffing`."""
    from django.contrib.auth import get_user_model

    from fairinspect.core.working_days import school_term
    from fairinspect.demo.generator import local_authorities
    from fairinspect.inspections.eligibility import InspectionFacts, InspectorFacts
    from fairinspect.scheduling.staffing import Person, Slot
    from fairinspect.schools.models import School
    from fairinspect.workforce.models import (
        Inspector, InspectorKind, Phase, SchoolWorkedAt, TrainingRecord, Unavailability,
    )  # fmt: skip

    areas = local_authorities()
    area_weights = [area.schools for area in areas]

    def place() -> tuple[int, int]:
        area = rng.choices(areas, area_weights)[0]
        return (max(0, round(rng.gauss(area.easting, area.spread / 2))), max(0, round(rng.gauss(area.northing, area.spread / 2))))

    def phases_of(mix: str) -> frozenset:
        return frozenset(Phase(name) for name in mix.split("+"))

    # The schools: those inspected this term, and as many again where Ofsted Inspectors work; a trust for some.
    schools = []
    for number in range(inspections + inspectors):
        easting, northing = place()
        mix = rng.choices([name for name, _ in PHASE_MIX], [weight for _, weight in PHASE_MIX])[0]
        trust = 5000 + number // 8 if rng.random() < 0.45 else None
        schools.append((School(urn=100000 + number, trust_id=trust, easting=easting, northing=northing), mix))
    mondays = [FIRST_MONDAY + timedelta(weeks=week) for week in range(weeks)]
    slots = []
    for number, (school, mix) in enumerate(schools[:inspections]):
        monday = mondays[number * weeks // inspections]
        days = (monday + timedelta(days=1), monday + timedelta(days=2))
        size = team_size(mix, max(20, round(rng.gauss(*PUPILS[mix]))))
        facts = InspectionFacts(
            id=None, school_urn=school.urn, trust_code=school.trust_id, easting=school.easting,
            northing=school.northing, phases_needed=phases_of(mix), starts_on=days[0], ends_on=days[-1],
            term=school_term(days[0]), required_courses=COURSES,
        )  # fmt: skip
        slots.append(Slot(facts=facts, days=days, lead_places=1, member_places=size - 1))

    people = []
    user_model = get_user_model()
    for number in range(inspectors):
        hmi = rng.random() < 0.25
        own, mix = (None, None) if hmi else schools[inspections + number]
        if hmi:
            phases = {Phase.PRIMARY, Phase.SECONDARY} | {phase for phase in Phase if rng.random() < 0.3}
            home = place()
        else:
            phases = set(phases_of(mix))
            home = (own.easting + rng.randint(-8000, 8000), own.northing + rng.randint(-8000, 8000))
        inspector = Inspector(
            id=number + 1, kind=InspectorKind.HM_INSPECTOR if hmi else InspectorKind.OFSTED_INSPECTOR,
            phases=sorted(phases), own_school=own, load_cap_per_term=rng.randint(10, 12) if hmi else rng.randint(3, 5),
            last_worked_as_hmi_on=FIRST_MONDAY - timedelta(days=rng.randint(30, 900)) if not hmi and rng.random() < 0.08 else None,
        )  # fmt: skip
        inspector.user = user_model(username=f"inspector{number}", first_name="Inspector", last_name=str(number + 1))
        facts = InspectorFacts(inspector)
        for course, _ in COURSES:
            completed = FIRST_MONDAY - timedelta(days=rng.randint(30, 700))
            lapsed = rng.random() < 0.03
            facts.training[course].append(
                TrainingRecord(course_id=course, completed_on=completed,
                               expires_on=FIRST_MONDAY + timedelta(days=rng.randint(5, 60)) if lapsed else None)
            )  # fmt: skip
        if rng.random() < 0.15:
            first = rng.choice(mondays)
            facts.unavailability.append(Unavailability(starts_on=first, ends_on=first + timedelta(days=rng.choice((4, 11)))))
        if rng.random() < 0.06:
            facts.declared_schools[rng.choice(schools)[0].urn] = "A family member works there"
        if not hmi and rng.random() < 0.3:
            facts.worked_at.append(SchoolWorkedAt(school_id=rng.choice(schools)[0].urn, started_on=date(2015, 9, 1), left_on=date(2023, 8, 31)))
        fits = frozenset() if hmi else phases_of(mix)
        people.append(Person(facts=facts, home=home, week_cap=1, fits=fits))
    return slots, people


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inspections", type=int, default=2500)
    parser.add_argument("--inspectors", type=int, default=1200)
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--seconds", type=float, default=60.0, help="the solver's time limit")
    parser.add_argument("--quick", action="store_true", help="a small instance: 150 inspections, 360 inspectors, 2 weeks")
    options = parser.parse_args()
    if options.quick:
        options.inspections, options.inspectors, options.weeks = 150, 360, 2
    os.environ.update(
        SECRET_KEY="benchmark-only-not-a-secret", AUDIT_KEYS="benchmark:benchmark-only-not-a-secret-but-long-enough"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairinspect.settings")
    import django

    django.setup()
    from fairinspect.scheduling.solver import Settings, solve
    from fairinspect.scheduling.staffing import StaffingProblem, shortfalls

    rng = random.Random(options.seed)
    started = time.perf_counter()
    slots, people = generate(rng, options.inspections, options.inspectors, options.weeks)
    print(f"generated {len(slots):,} inspections over {options.weeks} weeks and {len(people):,} inspectors "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip

    started = time.perf_counter()
    problem = StaffingProblem(slots, people)
    solution = solve(problem, Settings(seconds=options.seconds))
    seconds = time.perf_counter() - started

    by_week: dict[date, list] = {}
    for slot in slots:
        by_week.setdefault(slot.week, []).append(slot)
    busiest = max(by_week.values(), key=len)
    started = time.perf_counter()
    week = solve(StaffingProblem(busiest, people), Settings(seconds=options.seconds))
    week_seconds = time.perf_counter() - started

    rows = [
        ("", "greedy", "solver"),
        ("price", f"{solution.greedy.total:,.1f}", f"{solution.price.total:,.1f}"),
        ("travel (km)", f"{solution.greedy.travel_km:,.1f}", f"{solution.price.travel_km:,.1f}"),
        ("beyond fair share (inspections)", f"{solution.greedy.beyond_fair_share:,}", f"{solution.price.beyond_fair_share:,}"),
        ("members off their phase (km priced)", f"{solution.greedy.off_phase:,.0f}", f"{solution.price.off_phase:,.0f}"),
        ("without a lead", f"{solution.greedy.no_lead}", f"{solution.price.no_lead}"),
        ("team members short", f"{solution.greedy.missing_members}", f"{solution.price.missing_members}"),
    ]  # fmt: skip
    for label, greedy_figure, solver_figure in rows:
        print(f"{label:<38}{greedy_figure:>16}{solver_figure:>16}")
    print(f"proven lower bound {solution.bound:,.1f}; gap {solution.gap:.3%}; {solution.rounds} pricing rounds, "
          f"{solution.columns:,} pairs in the model; {seconds:.1f} s "
          f"({', '.join(f'{stage} {taken:.1f} s' for stage, taken in solution.timings.items())})")  # fmt: skip
    print(f"one week alone ({len(busiest)} inspections): price {week.price.total:,.1f}, bound {week.bound:,.1f}, "
          f"gap {week.gap:.3%}, {week_seconds:.2f} s")  # fmt: skip
    print(f"peak memory {peak_rss_mb():,.0f} MB")
    print(json.dumps({
        "greedy_cost": round(solution.greedy.total, 1), "plan_cost": round(solution.price.total, 1),
        "bound": round(solution.bound, 1), "gap": round(solution.gap, 6), "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_rss_mb()), "unstaffed": len(shortfalls(problem, solution.places)),
        "week_seconds": round(week_seconds, 2), "week_gap": round(week.gap, 6),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
