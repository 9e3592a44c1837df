"""The demo's school registry: the real schools of the GIAS extract shipped in `data/`, and generated ones
around them in the real mix, each imported through the registry's imports as published files would be."""

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db.models import QuerySet

from fairinspect.core.csv_import import ImportSummary
from fairinspect.demo import generator
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.schools.models import School
from fairinspect.outcomes.services import import_outcomes
from fairinspect.schools.services import import_links, import_schools

DATA_DIR = Path(__file__).resolve().parent / "data"
REAL_SCHOOLS = DATA_DIR / "gias_edubasealldata_2018_london.csv"
# Inspections are published three to six weeks after they start, so the generated history stops that
# long before the demo's today: nothing in it is published in the future.
_PUBLICATION_LAG = timedelta(days=45)


def real_urns() -> list[int]:
    with REAL_SCHOOLS.open(encoding="cp1252", newline="") as file:  # Windows-1252, as GIAS publishes
        return [int(row["URN"]) for row in csv.DictReader(file)]


def _holds_rows(path: Path) -> bool:
    """Whether a generated file has any row under its header: a demo loaded before report cards began has
    none of theirs to publish, and an import refuses a header with no rows."""
    with path.open(encoding="cp1252", newline="") as file:
        return sum(1 for row in csv.reader(file) if row) > 1


@dataclass(frozen=True)
class RegistrySummary:
    real_schools: ImportSummary
    generated_schools: ImportSummary
    outcomes: list[ImportSummary]
    links: ImportSummary


def load_registry(directory: Path, *, seed: int, count: int, today: date) -> RegistrySummary:
    """Import the real schools, then `count` generated establishments (open and closed, as GIAS lists them)
    with their published inspections and predecessor links, written as files into `directory` first."""
    real = import_schools(REAL_SCHOOLS, progress=False)
    files = generator.write_registry_files(
        directory, seed=seed, count=count, as_of=today - _PUBLICATION_LAG, reserved_urns=real_urns()
    )
    generated = import_schools(files.establishments, progress=False)
    outcomes = [
        import_outcomes(path, progress=False)
        for path in (files.eif_outcomes, files.report_card_outcomes)
        if _holds_rows(path)
    ]
    return RegistrySummary(real, generated, outcomes, import_links(files.links, progress=False))


def inspected_schools() -> QuerySet[School]:
    """Open schools with published inspections: the state-funded schools inspectors inspect and lead."""
    return School.objects.open().filter(urn__in=HistoricOutcome.objects.values("urn")).order_by("urn")
