"""Small builders for test data. Each call makes distinct rows, so tests never collide."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from fairinspect.accounts.models import SchoolMembership
from fairinspect.accounts.roles import Role
from fairinspect.frameworks.models import Framework, TrainingCourse
from fairinspect.schools import gias
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.schools.models import LocalAuthority, School
from fairinspect.workforce.models import Inspector, InspectorKind, Phase, TrainingRecord

_numbers = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_local_authority(**fields) -> LocalAuthority:
    number = next(_numbers)
    defaults = {"code": 800 + number % 100, "name": f"Testshire {number}", "region": "South West"}
    defaults.update(fields)
    local_authority, _ = LocalAuthority.objects.get_or_create(code=defaults.pop("code"), defaults=defaults)
    return local_authority


def make_school(**fields) -> School:
    number = next(_numbers)
    defaults = {
        "urn": 900000 + number,
        "name": f"Test Primary School {number}",
        "type_name": "Community school",
        "phase_name": "Primary",
        "status_code": gias.OPEN,
        "status_name": "Open",
        "open_date": date(1990, 9, 1),
        "statutory_low_age": 4,
        "statutory_high_age": 11,
        "has_early_years": True,
        "number_of_pupils": 210,
        "town": "Testbury",
        "postcode": f"TE{number % 90 + 1} 1AA",
        "easting": 400000 + number * 10,
        "northing": 300000,
    }
    defaults.update(fields)
    if "local_authority" not in defaults:
        defaults["local_authority"] = make_local_authority()
    return School.objects.create(**defaults)


def make_closed_school(close_date: date, **fields) -> School:
    """A school GIAS lists as closed since `close_date`."""
    return make_school(status_code=gias.CLOSED, status_name="Closed", close_date=close_date, **fields)


def make_user(*roles: Role, school: School | None = None, is_headteacher: bool = False, **fields):
    number = next(_numbers)
    user = get_user_model().objects.create_user(
        username=fields.pop("username", f"user{number}"), password=PASSWORD, **fields
    )
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    if Role.SCHOOL_USER in roles:
        SchoolMembership.objects.create(user=user, school=school or make_school(), is_headteacher=is_headteacher)
    return user


def make_historic_outcome(school: School, framework_code: str, **fields) -> HistoricOutcome:
    """A published inspection of `school` under the framework with this code (grades: area code → scale code)."""
    number = next(_numbers)
    defaults = {
        "inspection_number": f"T{number:07d}",
        "urn": school.urn,
        "inspection_type": "Full inspection",
        "start_date": date(2025, 12, 1),
        "publication_date": date(2026, 1, 15),
    }
    defaults.update(fields)
    return HistoricOutcome.objects.create(framework=Framework.objects.get(code=framework_code), **defaults)


def make_inspector(user=None, *, trained: bool = True, **fields) -> Inspector:
    """An active HM Inspector for every phase, with every course any framework requires (unless `trained`
    is False), and no own school: eligible for any inspection unless a test adds a reason."""
    number = next(_numbers)
    user = user or make_user(
        Role.INSPECTOR, first_name="Inspector", last_name=f"Number{number}", email=f"inspector{number}@example.org"
    )
    defaults = {
        "reference": f"T{number:06d}",
        "kind": InspectorKind.HM_INSPECTOR,
        "phases": sorted(Phase.values),
        "load_cap_per_term": 6,
    }
    defaults.update(fields)
    inspector = Inspector.objects.create(user=user, **defaults)
    if trained:
        TrainingRecord.objects.bulk_create(
            TrainingRecord(inspector=inspector, course=course, completed_on=date(2024, 9, 1))
            for course in TrainingCourse.objects.all()
        )
    return inspector

