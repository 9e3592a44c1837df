"""How fast the eligibility rules check every (inspector, inspection) pair, as a scheduler's optimiser would.

    .venv/bin/python bench/eligibility.py [--inspectors 1200] [--inspections 300] [--seed 4]

Builds, in a scratch SQLite file, a workforce of `--inspectors` trained inspectors (a quarter of them
serving leaders with their own school, some with declared conflicts and unavailability) and `--inspections`
planned inspections over one term with two-person teams, then times loading the facts once
(`EligibilityBatch`) and checking every pair, and prints the figures.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inspectors", type=int, default=1200)
    parser.add_argument("--inspections", type=int, default=300)
    parser.add_argument("--seed", type=int, default=4)
    options = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="fairinspect-bench-")
    os.environ.update(
        FAIRINSPECT_VAR_DIR=scratch,
        SECRET_KEY="benchmark-only-not-a-secret",
        AUDIT_KEYS="benchmark:benchmark-only-not-a-secret-but-long-enough",
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairinspect.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from fairinspect.accounts.roles import Role
    from fairinspect.core import working_days
    from fairinspect.frameworks.models import Framework, TrainingCourse
    from fairinspect.frameworks.services import load_frameworks
    from fairinspect.inspections.eligibility import EligibilityBatch
    from fairinspect.inspections.models import TeamMember
    from fairinspect.inspections.services import plan_inspection
    from fairinspect.schools import gias
    from fairinspect.schools.models import LocalAuthority, School
    from fairinspect.workforce.models import DeclaredConflict, Inspector, Phase, TrainingRecord, Unavailability

    random.seed(options.seed)
    call_command("migrate", verbosity=0)
    load_frameworks()
    authority = LocalAuthority.objects.create(code=999, name="Benchshire")
    schools = School.objects.bulk_create(
        School(urn=100000 + n, name=f"School {n}", phase_name=random.choice(["Primary", "Secondary"]),
               status_code=gias.OPEN, status_name=gias.ESTABLISHMENT_STATUS[gias.OPEN],
               local_authority=authority, easting=random.randint(100000, 600000), northing=random.randint(100000, 600000))
        for n in range(options.inspections * 2)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"inspector{n}", last_name=f"Inspector {n}") for n in range(options.inspectors)
    )
    inspectors = Inspector.objects.bulk_create(
        Inspector(user=user, reference=f"B{n:06d}", kind="hmi" if n % 4 else "oi", phases=sorted(Phase.values),
                  load_cap_per_term=6, own_school=None if n % 4 else random.choice(schools))
        for n, user in enumerate(users)
    )
    courses = list(TrainingCourse.objects.all())
    TrainingRecord.objects.bulk_create(
        TrainingRecord(inspector=inspector, course=course, completed_on=date(2024, 9, 1)) for inspector in inspectors for course in courses
    )
    DeclaredConflict.objects.bulk_create(
        DeclaredConflict(inspector=inspector, school=random.choice(schools), reason="Family", declared_on=date(2025, 1, 1))
        for inspector in inspectors[::5]
    )
    Unavailability.objects.bulk_create(
        Unavailability(inspector=inspector, starts_on=date(2026, 3, 9), ends_on=date(2026, 3, 13)) for inspector in inspectors[::7]
    )
    scheduler = get_user_model().objects.create(username="scheduler")
    scheduler.groups.set([Group.objects.get(name=Role.SCHEDULER)])
    framework = Framework.objects.get(code="report-card-2025")
    days = [working_days.add_working_days(date(2026, 3, 2), n) for n in range(40)]
    with mock.patch.object(working_days, "today", lambda: date(2026, 3, 1)):
        inspections = [
            plan_inspection(actor=scheduler, school=school, framework=framework, kind="full", starts_on=random.choice(days))
            for school in schools[: options.inspections]
        ]
    TeamMember.objects.bulk_create(
        TeamMember(inspection=inspection, inspector=inspector, is_lead=lead)
        for inspection in inspections
        for inspector, lead in zip(random.sample(inspectors, 2), (True, False))
    )

    started = time.perf_counter()
    batch = EligibilityBatch(inspectors, inspections)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    eligible = sum(
        not batch.refusals(inspector, inspection, as_lead=False) for inspector in inspectors for inspection in inspections
    )
    checked = time.perf_counter() - started
    pairs = len(inspectors) * len(inspections)
    print(f"{len(inspectors)} inspectors × {len(inspections)} inspections = {pairs:,} pairs")
    print(f"loading the facts: {loaded:.2f} s")
    print(f"checking every pair: {checked:.2f} s ({pairs / checked:,.0f} pairs a second); {eligible:,} pairs eligible")


if __name__ == "__main__":
    main()
