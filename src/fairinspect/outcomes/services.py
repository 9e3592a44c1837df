"""Changes to the published record: imports of the inspectorate's management-information files of inspection
outcomes.

Like every import (see `schools.services`): each row is checked and written while the rest is read, in one
transaction with one audit event naming the file; by default one bad row means nothing is written, and
`skip_invalid` writes the good rows and lists the bad ones. A file imported twice changes nothing the second
time.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fairinspect.audit.services import public_service, record_import
from fairinspect.core.actors import Actor
from fairinspect.core.bulk import INTEGER_MAX, max_lengths, upsert_records
from fairinspect.core.csv_import import (
    Column,
    CsvFile,
    CsvImportError,
    ImportSummary,
    Layout,
    RowProblem,
    blank,
    column_label,
    memoised,
    normalise_header,
    parse_date,
    parse_int,
    parse_text,
)
from fairinspect.frameworks.models import Framework
from fairinspect.outcomes import mi
from fairinspect.outcomes.models import HistoricOutcome, OutcomesEvent
from fairinspect.outcomes.publication import record_changed

LATEST_INSPECTIONS = Layout(
    "latest inspections (one row per school)", required=(mi.URN, mi.LATEST_INSPECTIONS_MARKER)
)
OUTCOME_FIELDS = (
    "urn", "framework_id", "inspection_type", "type_grouping", "event_type_grouping", "start_date", "end_date",
    "publication_date", "overall_grade", "safeguarding", "grades", "category_of_concern", "ungraded_outcome",
)  # fmt: skip


@dataclass(frozen=True)
class _Spellings:
    """How published data writes one judgement's values, e.g. "2" or "Good" for the code `good`."""

    meaning: str
    codes: dict[str, str]
    shown: tuple[str, ...]

    @classmethod
    def of(cls, meaning: str, values) -> "_Spellings":
        """From scale points or safeguarding outcomes: each has a `code` and its `published_as` spellings."""
        values = list(values)
        return cls(
            meaning,
            {normalise_header(spelling): value.code for value in values for spelling in value.published_as},
            tuple(" or ".join(value.published_as) for value in values if value.published_as),
        )

    def parse(self, value: str, column: str) -> str:
        """The code for a published value; "" for a blank, "NULL", "Not judged" and the like."""
        if blank(value):
            return ""
        try:
            return self.codes[normalise_header(value)]
        except KeyError:
            raise RowProblem(f"{column} {value!r} is not {self.meaning} ({'; '.join(self.shown)}; or blank)") from None


@dataclass(frozen=True)
class _PublishedFramework:
    """A framework whose inspections the MI files publish, with the columns its layout requires."""

    framework: Framework
    layout: Layout
    overall: Column | None
    safeguarding: Column | None
    areas: tuple[tuple[str, Column], ...]  # area code, its column
    grades: _Spellings
    safeguarding_outcomes: _Spellings


def _published_frameworks() -> list[_PublishedFramework]:
    """Every loaded framework that names its grade columns in published data, newest first."""
    published = []
    frameworks = Framework.objects.filter(is_graded=True).prefetch_related("scale", "safeguarding_outcomes", "areas")
    for framework in frameworks:
        areas = tuple((area.code, tuple(area.published_as)) for area in framework.areas.all() if area.published_as)
        if not areas:
            continue
        overall = tuple(framework.published_columns.get("overall_grade", ())) or None
        safeguarding = tuple(framework.published_columns.get("safeguarding", ())) or None
        grade_columns = tuple(column for column in (overall, safeguarding) if column) + tuple(c for _, c in areas)
        published.append(
            _PublishedFramework(
                framework=framework,
                layout=Layout(
                    f"{framework.title} inspections",
                    required=(mi.URN, mi.INSPECTION_NUMBER, mi.START_DATE, *grade_columns),
                    optional=(
                        mi.INSPECTION_TYPE, mi.TYPE_GROUPING, mi.EVENT_TYPE_GROUPING, mi.END_DATE,
                        mi.PUBLICATION_DATE, mi.CATEGORY_OF_CONCERN, mi.UNGRADED_OUTCOME,
                    ),  # fmt: skip
                    multiline=(mi.UNGRADED_OUTCOME,),
                ),
                overall=overall,
                safeguarding=safeguarding,
                areas=areas,
                grades=_Spellings.of(f"a grade of {framework.title}", framework.scale.all()),
                safeguarding_outcomes=_Spellings.of(
                    f"a safeguarding judgement of {framework.title}", framework.safeguarding_outcomes.all()
                ),
            )
        )
    return published


def _outcome_parser(csv_file: CsvFile, candidates: list[_PublishedFramework]):
    """The inspection number of a row, and the rest of it, read apart (as `CsvFile.keyed_records` takes them).

    Each row is read under the framework in force on its start date, of `candidates` (the frameworks whose
    grade columns the file has, newest first): a newer framework may publish under the names an older one
    used, and a file may hold inspections from before it.
    """
    columns = {column for entry in candidates for column in (*entry.layout.required, *entry.layout.optional)}
    cell = {column: csv_file.getter(column) for column in columns}
    # Each column by the name this file gives it; a column the file lacks (its cells read as blank, so no
    # message names it) by its label.
    named = {column: csv_file.name_in_file(column) or column_label(column) for column in columns}
    lengths = max_lengths(HistoricOutcome)
    described = " and ".join(
        f"{entry.framework.title} (from {entry.framework.valid_from:%d/%m/%Y}"
        + (f" to {entry.framework.valid_until:%d/%m/%Y})" if entry.framework.valid_until else ")")
        for entry in candidates
    )

    def text(row, column: Column, field: str, *, required: bool = False) -> str:
        value = cell[column](row)
        if blank(value):
            if required:
                raise RowProblem(f"{named[column]} is blank")
            return ""
        return parse_text(value, named[column], max_length=lengths.get(field))

    def judgement(row, column: Column | None, spellings: _Spellings) -> str:
        return spellings.parse(cell[column](row), named[column]) if column else ""

    @memoised
    def published_on(start: str) -> tuple[date, _PublishedFramework]:
        start_date = parse_date(start, mi.START_DATE, required=True)
        for entry in candidates:
            if entry.framework.is_in_force_on(start_date):
                return start_date, entry
        raise RowProblem(
            f"{mi.START_DATE} {start_date:%d/%m/%Y} is outside the dates of {described}, whose grade columns this "
            "file has"
        )

    def inspection_number(row: list[str]) -> str:
        return text(row, mi.INSPECTION_NUMBER, "inspection_number", required=True)

    def parse(row: list[str]) -> dict[str, Any]:
        start_date, published = published_on(cell[mi.START_DATE](row))
        framework = published.framework
        end_date = parse_date(cell[mi.END_DATE](row), mi.END_DATE)
        if end_date and end_date < start_date:
            raise RowProblem(f"{mi.END_DATE} {end_date:%d/%m/%Y} is before {mi.START_DATE} {start_date:%d/%m/%Y}")
        overall_grade = judgement(row, published.overall, published.grades)
        if overall_grade and framework.overall_grade_until and start_date >= framework.overall_grade_until:
            raise RowProblem(
                f"{csv_file.name_in_file(published.overall)} is given, but inspections from "
                f"{framework.overall_grade_until:%d/%m/%Y} had no overall grade"
            )
        grades = {}
        for area, column in published.areas:
            grade = judgement(row, column, published.grades)
            if grade:
                grades[area] = grade
        return {
            "urn": parse_int(cell[mi.URN](row), mi.URN, required=True, minimum=1, maximum=INTEGER_MAX),
            "framework_id": framework.id,
            "inspection_type": text(row, mi.INSPECTION_TYPE, "inspection_type"),
            "type_grouping": text(row, mi.TYPE_GROUPING, "type_grouping"),
            "event_type_grouping": text(row, mi.EVENT_TYPE_GROUPING, "event_type_grouping"),
            "start_date": start_date,
            "end_date": end_date,
            "publication_date": parse_date(cell[mi.PUBLICATION_DATE](row), mi.PUBLICATION_DATE),
            "overall_grade": overall_grade,
            "safeguarding": judgement(row, published.safeguarding, published.safeguarding_outcomes),
            "grades": grades,
            "category_of_concern": text(row, mi.CATEGORY_OF_CONCERN, "category_of_concern"),
            "ungraded_outcome": text(row, mi.UNGRADED_OUTCOME, "ungraded_outcome"),
        }

    return inspection_number, parse


@public_service
def import_outcomes(
    path: Path | str, *, skip_invalid: bool = False, progress: bool = True, actor: Actor = None
) -> ImportSummary:
    """Create or update historic outcomes from an in-year MI file of inspections (one row per inspection),
    matched by inspection number.

    The file's header says which frameworks its inspections may be under: those whose grade columns (as
    their data files name them) it has. Each row is then under the one of them in force on its start date.
    The header may sit below a title row.
    """
    published = _published_frameworks()
    if not published:
        raise CsvImportError(
            f"{path}: no loaded framework names its grade columns in published data; "
            "run `fairinspect load_frameworks` first. Nothing was imported."
        )
    by_layout = {entry.layout: entry for entry in published}
    csv_file = CsvFile(path, [LATEST_INSPECTIONS, *by_layout])
    if LATEST_INSPECTIONS in csv_file.layouts:
        raise CsvImportError(
            f"{path}: this is a 'latest inspections' file (it has the column "
            f"'{csv_file.name_in_file(mi.LATEST_INSPECTIONS_MARKER)}'): each row is one open school with its "
            "latest inspection of each kind side by side, so it leaves out closed schools and every earlier "
            "inspection. Import the in-year files of inspections (one row per inspection) instead. "
            "Nothing was imported."
        )
    candidates = [by_layout[layout] for layout in csv_file.layouts]
    inspection_number_of, outcome_of = _outcome_parser(csv_file, candidates)
    records = csv_file.keyed_records(
        inspection_number_of, outcome_of, lambda number: f"Inspection number {number}", progress
    )
    counts = upsert_records(HistoricOutcome, records, skip_invalid, key="inspection_number", fields=OUTCOME_FIELDS)
    summary = ImportSummary(*counts, rejected=records.errors)
    if summary.created or summary.updated:
        record_changed()
    record_import(
        OutcomesEvent.IMPORTED, csv_file, summary, actor, frameworks=[entry.framework.code for entry in candidates]
    )
    return summary
