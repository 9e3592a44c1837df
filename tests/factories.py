"""Small builders for test data. Each call makes distinct rows, so tests never collide."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from fairinspect.accounts.models import SchoolMembership
from fairinspect.accounts.roles import Role
from fairinspect.schools.models import LocalAuthority, School

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


def make_user(*roles: Role, school: School | None = None, is_headteacher: bool = False, **fields):
    number = next(_numbers)
    user = get_user_model().objects.create_user(
        username=fields.pop("username", f"user{number}"), password=PASSWORD, **fields
    )
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    if Role.SCHOOL_USER in roles:
        SchoolMembership.objects.create(user=user, school=school or make_school(), is_headteacher=is_headteacher)
    return user
