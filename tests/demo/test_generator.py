"""The seeded generator: the demo and the benchmark rely on its files being reproducible, realistic and in
exactly the published formats the importers read."""

import collections
import csv
import io
import random
from datetime import timedelta

import pytest

from fairinspect.schools import gias
from fairinspect.demo.generator import (
    EIF,
    REPORT_CARD,
    generate_outcomes,
    generate_schools,
    local_authorities,
    write_registry_files,
)
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.schools.models import School, SchoolLink
from fairinspect.outcomes.selectors import published_history
from fairinspect.outcomes.services import import_outcomes
from fairinspect.schools.services import import_links, import_schools


def _files_bytes(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_the_same_seed_writes_byte_identical_files(tmp_path):
    write_registry_files(tmp_path / "first", seed=11, count=400)
    write_registry_files(tmp_path / "second", seed=11, count=400)
    write_registry_files(tmp_path / "other", seed=12, count=400)

    first = _files_bytes(tmp_path / "first")
    assert len(first) == 4
    assert first == _files_bytes(tmp_path / "second")
    assert first["edubasealldata.csv"] != _files_bytes(tmp_path / "other")["edubasealldata.csv"]


@pytest.fixture(scope="module")
def world():
    rng = random.Random(2025)
    schools = generate_schools(rng, 8000)
    return schools, generate_outcomes(rng, schools)


def test_the_gias_file_has_the_current_header_in_windows_1252(tmp_path):
    files = write_registry_files(tmp_path, seed=3, count=3000)
    data = files.establishments.read_bytes()

    rows = list(csv.reader(io.StringIO(data.decode("cp1252"), newline="")))
    assert tuple(rows[0]) == gias.ESTABLISHMENT_COLUMNS
    assert len(rows[0]) == 135 and not any(column.startswith("Ofsted") for column in rows[0])
    assert len(rows) == 3001 and {len(row) for row in rows} == {135}
    # Names such as "St Thomas à Becket" are written as Windows-1252 bytes, as GIAS publishes them.
    assert "à Becket".encode("cp1252") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_the_mix_of_establishments_is_that_of_a_real_export(world):
    schools, _ = world
    assert len(schools) == 8000
    assert len({school.urn for school in schools}) == 8000
    status = collections.Counter(school.status_code for school in schools)
    # About half of a GIAS export is closed establishments.
    assert 0.40 < status[2] / len(schools) < 0.55
    real_authorities = {area.code for area in local_authorities()}
    assert {school.local_authority.code for school in schools} <= real_authorities
    open_schools = [school for school in schools if school.status_code == 1]
    phases = collections.Counter(school.band.phase for school in open_schools)
    assert phases.most_common(1)[0][0] == 2  # primary
    assert 0.50 < phases[2] / len(open_schools) < 0.70
    types = collections.Counter(school.type.name for school in open_schools)
    assert types.most_common(1)[0][0] == "Academy converter"
    for school in schools:
        assert school.band.low <= school.band.high
        assert 0 < school.easting < 700_000 and 0 < school.northing < 700_000


def test_academies_replace_closed_schools_the_day_before_they_open(world):
    schools, _ = world
    academies = [school for school in schools if school.predecessor]
    assert len(academies) > 1000
    for academy in academies:
        before = academy.predecessor
        assert before.status_code == 2
        assert before.close_date == academy.open_date - timedelta(days=1)
        assert before.urn < academy.urn
        assert academy.trust is not None


def test_the_rating_mix_of_primary_schools_is_the_published_one(world):
    """About 78% good, 14% outstanding, 8% requires improvement and 0.4% inadequate (2024)."""
    _, outcomes = world
    words = {"1": "outstanding", "2": "good", "3": "requires improvement", "4": "inadequate"}
    rating = {}
    for outcome in sorted((o for o in outcomes if o.framework == EIF), key=lambda o: o.start_date):
        overall = outcome.cells["Overall effectiveness"]
        remains = outcome.cells["Outcomes for ungraded and monitoring inspections"]
        if overall in words:
            rating[outcome.school.urn] = words[overall]
        elif remains.startswith("School remains"):
            rating[outcome.school.urn] = remains.split()[2].lower()
    phase = {outcome.school.urn: outcome.school.band.ofsted_phase for outcome in outcomes}
    primary = [grade for urn, grade in rating.items() if phase[urn] == "Primary"]
    mix = {grade: count / len(primary) for grade, count in collections.Counter(primary).items()}
    assert len(primary) > 1500
    assert 0.72 < mix["good"] < 0.84
    assert 0.10 < mix["outstanding"] < 0.19
    assert 0.05 < mix["requires improvement"] < 0.12
    assert mix.get("inadequate", 0) < 0.02


def test_report_card_grades_are_mostly_at_the_expected_standard(world):
    _, outcomes = world
    grades = collections.Counter(
        value
        for outcome in outcomes
        if outcome.framework == REPORT_CARD
        for value in outcome.cells.values()
        if value in ("Exceptional", "Strong standard", "Expected standard", "Needs attention", "Urgent improvement")
    )
    total = sum(grades.values())
    assert grades.most_common(1)[0][0] == "Expected standard"
    assert grades["Strong standard"] > grades["Needs attention"] > grades["Exceptional"]
    assert grades["Urgent improvement"] / total < 0.02
    assert grades["Exceptional"] / total < 0.05


def test_generated_files_import_cleanly_and_an_academy_shows_its_predecessors_history(tmp_path, frameworks):
    files = write_registry_files(tmp_path, seed=5, count=600)

    summaries = [
        import_schools(files.establishments, progress=False),
        import_links(files.links, progress=False),
        import_outcomes(files.eif_outcomes, progress=False),
        import_outcomes(files.report_card_outcomes, progress=False),
    ]

    assert [summary.rejected for summary in summaries] == [[], [], [], []]
    assert School.objects.count() == 600
    assert HistoricOutcome.objects.filter(framework=frameworks["eif-2019"]).exists()
    assert HistoricOutcome.objects.filter(framework=frameworks["report-card-2025"]).exists()
    converted = next(
        School.objects.get(urn=link.urn)
        for link in SchoolLink.objects.filter(link_type=gias.PREDECESSOR).order_by("urn")
        if HistoricOutcome.objects.filter(urn=link.linked_urn).exists()
    )
    predecessor_urns = set(
        SchoolLink.objects.filter(urn=converted.urn, link_type=gias.PREDECESSOR).values_list("linked_urn", flat=True)
    )
    assert {inspection.urn for inspection in published_history(converted)} & predecessor_urns
