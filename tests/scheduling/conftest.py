from datetime import date

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.workforce.models import InspectorKind, Phase
from tests import factories


@pytest.fixture
def scheduler(db):
    return factories.make_user(Role.SCHEDULER, first_name="Sam", last_name="Scheduler")


@pytest.fixture
def due_schools(clock, frameworks):
    """Four primary schools last inspected in spring 2022, so due in the summer term 2026, around (400 km, 300 km)."""
    schools = []
    for number in range(4):
        school = factories.make_school(easting=400_000 + number * 5_000, northing=300_000, number_of_pupils=200)
        factories.make_historic_outcome(school, "eif-2019", start_date=date(2022, 4, 20 + number), inspection_type="S5 Inspection")
        schools.append(school)
    return schools


@pytest.fixture
def workforce(frameworks):
    """Two HM Inspectors who may lead, and three Ofsted Inspectors, all in the primary phase, living nearby."""
    def inspector(number: int, kind: InspectorKind):
        return factories.make_inspector(
            kind=kind, phases=[Phase.PRIMARY], home_easting=400_000 + number * 3_000, home_northing=301_000,
            load_cap_per_term=6,
        )  # fmt: skip

    return {
        "leads": [inspector(number, InspectorKind.HM_INSPECTOR) for number in range(2)],
        "members": [inspector(number, InspectorKind.OFSTED_INSPECTOR) for number in range(2, 5)],
    }
