"""The open data: the published record, one row per published inspection and one column per area, with the
schema that documents it (a Frictionless Data Package, https://specs.frictionlessdata.io/) and the latest
audit checkpoint.

What it holds and never holds:
- Only inspections in the published record with a publication date: nothing unpublished, and nothing from a
  visit's firewalled evidence or a pilot (neither is ever in the published record).
- Headers are the inspectorate's own (outcomes.mi and each framework's `published_as`), and grades are written
  as its files write them, so `fairinspect import_outcomes inspections.csv` reads the file back unchanged.
- Each school's context as the figures group it (phase, region, type, free-school-meals and size bands), so
  every figure can be made again from this file alone; no person is named. Leads appear only in
  lead-residuals.csv, as a pseudonymous code (analytics.models.LeadCode) beside each inspection's residual,
  with no inspection number, school or date.
- The figures the published inspections cannot make again (rates by month, time to publish with the waits on a
  complaint, the impact survey, proposed against confirmed grades) as tables of counts
  (analytics.figure_tables), each made by its page's own selector.
- In the CSV, a text value a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage return)
  is written with a leading apostrophe, which spreadsheets show as text.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet

from fairinspect.analytics.figure_tables import FIGURE_TABLES
from fairinspect.analytics.models import PublishedFact
from fairinspect.analytics.selectors import lead_residuals
from fairinspect.audit.selectors import latest_checkpoint
from fairinspect.core.hooks import Registry
from fairinspect.frameworks.models import Framework
from fairinspect.outcomes import mi
from fairinspect.outcomes.models import HistoricOutcome

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Download:
    """A file of the open data as the open data page lists it: the API serves them, and the API's app (above this
    one) registers them in `downloads`."""

    text: str
    url_name: str
    about: str
    order: int
    url_args: tuple[str, ...] = ()


downloads: Registry[Download] = Registry("the open data's files", order=lambda download: download.order)
INSPECTIONS = "inspections"
LEAD_RESIDUALS = "lead-residuals"
# The figures' grouping of each school, in the open data's words. Not in the inspectorate's files: an import
# ignores them.
CONTEXT_COLUMNS = (
    ("phase", "School phase"),
    ("region", "School region"),
    ("school_type", "School type"),
    ("fsm_band", "Pupils eligible for free school meals (band)"),
    ("size_band", "Number of pupils (band)"),
)
FRAMEWORK_COLUMN = "Framework"


def neutralised(value: str) -> str:
    """A text value as a spreadsheet will show it rather than run it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class _FrameworkColumns:
    framework: Framework
    overall: str | None
    safeguarding: str | None
    areas: list[tuple[str, str]]  # area code, column
    grade_spelling: dict[str, str]
    safeguarding_spelling: dict[str, str]


def published_frameworks() -> list[_FrameworkColumns]:
    """The graded frameworks that name their columns in published data, oldest first."""
    found = []
    for framework in Framework.objects.filter(is_graded=True).order_by("valid_from").prefetch_related(
        "scale", "safeguarding_outcomes", "areas"
    ):
        areas = [(area.code, area.published_as[0]) for area in framework.areas.all() if area.published_as]
        if not areas:
            continue
        columns = framework.published_columns
        found.append(
            _FrameworkColumns(
                framework,
                (columns.get("overall_grade") or [None])[0],
                (columns.get("safeguarding") or [None])[0],
                areas,
                {point.code: point.published_as[0] for point in framework.scale.all() if point.published_as},
                {o.code: o.published_as[0] for o in framework.safeguarding_outcomes.all() if o.published_as},
            )
        )
    return found


_RECORD_COLUMNS = (
    mi.URN, mi.INSPECTION_NUMBER, mi.INSPECTION_TYPE, mi.TYPE_GROUPING, mi.EVENT_TYPE_GROUPING, mi.START_DATE,
    mi.END_DATE, mi.PUBLICATION_DATE, mi.CATEGORY_OF_CONCERN, mi.UNGRADED_OUTCOME[0],
)  # fmt: skip


def inspection_headers(frameworks: list[_FrameworkColumns]) -> list[str]:
    grade_columns: list[str] = []
    for entry in frameworks:
        for column in (entry.overall, entry.safeguarding, *(column for _, column in entry.areas)):
            if column and column not in grade_columns:
                grade_columns.append(column)
    return [*_RECORD_COLUMNS, FRAMEWORK_COLUMN, *grade_columns, *(label for _, label in CONTEXT_COLUMNS)]


def published_outcomes(frameworks: list[_FrameworkColumns]) -> QuerySet[HistoricOutcome]:
    """The published record's inspections under these frameworks, in the open data's order: only those with a
    publication date, as the rest were never published."""
    return HistoricOutcome.objects.filter(
        ~Q(publication_date=None), framework_id__in=[entry.framework.id for entry in frameworks]
    ).order_by("publication_date", "inspection_number")


def inspection_rows(
    frameworks: list[_FrameworkColumns], outcomes: Iterable[HistoricOutcome] | None = None
) -> Iterator[dict[str, Any]]:
    """Each published inspection (of `outcomes`, by default all) as a dict of header → value (dates as dates, the
    rest text)."""
    by_id = {entry.framework.id: entry for entry in frameworks}
    if outcomes is None:
        outcomes = published_outcomes(frameworks).iterator(chunk_size=5000)
        facts = PublishedFact.objects.all()
    else:
        outcomes = list(outcomes)
        facts = PublishedFact.objects.filter(inspection_number__in=[outcome.inspection_number for outcome in outcomes])
    context = {
        number: values
        for number, *values in facts.values_list("inspection_number", *(field for field, _ in CONTEXT_COLUMNS)).iterator(
            chunk_size=5000
        )
    }
    for outcome in outcomes:
        entry = by_id[outcome.framework_id]
        row: dict[str, Any] = {
            mi.URN: outcome.urn,
            mi.INSPECTION_NUMBER: outcome.inspection_number,
            mi.INSPECTION_TYPE: outcome.inspection_type,
            mi.TYPE_GROUPING: outcome.type_grouping,
            mi.EVENT_TYPE_GROUPING: outcome.event_type_grouping,
            mi.START_DATE: outcome.start_date,
            mi.END_DATE: outcome.end_date,
            mi.PUBLICATION_DATE: outcome.publication_date,
            mi.CATEGORY_OF_CONCERN: outcome.category_of_concern,
            mi.UNGRADED_OUTCOME[0]: outcome.ungraded_outcome,
            FRAMEWORK_COLUMN: entry.framework.code,
        }
        if entry.overall:
            row[entry.overall] = entry.grade_spelling.get(outcome.overall_grade, "")
        if entry.safeguarding:
            row[entry.safeguarding] = entry.safeguarding_spelling.get(outcome.safeguarding, "")
        for area, column in entry.areas:
            row[column] = entry.grade_spelling.get(outcome.grades.get(area, ""), "")
        for (_, label), value in zip(CONTEXT_COLUMNS, context.get(outcome.inspection_number, ()), strict=False):
            row[label] = value
        yield row


def lead_residual_rows() -> Iterator[dict[str, Any]]:
    """Per inspection led through fairinspect: the lead's code and the inspection's residual (the consistency
    page's input, rounded as the page rounds it), with nothing that says which inspection it was."""
    for framework in Framework.objects.filter(is_graded=True).order_by("valid_from"):
        for lead, residual in lead_residuals(framework.code):
            yield {"Framework": framework.code, "Lead code": lead, "Residual": residual}


LEAD_RESIDUAL_HEADERS = ["Framework", "Lead code", "Residual"]


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def csv_lines(headers: list[str], rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The CSV, a line at a time (for a streamed download)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_value(row.get(header)) for header in headers])
        yield buffer.getvalue()


def json_value(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in row.items()}


def _field(name: str, kind: str, description: str, **more) -> dict[str, Any]:
    return {"name": name, "type": kind, "description": description, **more}


def inspections_schema(frameworks: list[_FrameworkColumns]) -> dict[str, Any]:
    """The Frictionless table schema of inspections.csv (and of each object in inspections.json)."""
    fields = [
        _field(mi.URN, "integer", "The school's unique reference number (GIAS)."),
        _field(mi.INSPECTION_NUMBER, "string", "The inspection's number: one row per inspection.", constraints={"required": True, "unique": True}),
        _field(mi.INSPECTION_TYPE, "string", "The kind of inspection, as published."),
        _field(mi.TYPE_GROUPING, "string", "The group of that kind, as published."),
        _field(mi.EVENT_TYPE_GROUPING, "string", "The legal basis, as published."),
        _field(mi.START_DATE, "date", "The first day on site."),
        _field(mi.END_DATE, "date", "The last day on site."),
        _field(mi.PUBLICATION_DATE, "date", "The day the report was published."),
        _field(mi.CATEGORY_OF_CONCERN, "string", "Special measures or serious weaknesses, where given; else blank."),
        _field(mi.UNGRADED_OUTCOME[0], "string", "The outcome of an ungraded or monitoring inspection."),
        _field(FRAMEWORK_COLUMN, "string", "The framework inspected under (its code).",
               constraints={"enum": [entry.framework.code for entry in frameworks]}),
    ]  # fmt: skip
    described: set[str] = set()
    for entry in frameworks:
        scale = "; ".join(f"{spelling} = {point}" for point, spelling in entry.grade_spelling.items())
        grade_columns = [
            (entry.overall, "The overall grade (given only before 1 September 2024)"),
            (entry.safeguarding, "The safeguarding judgement"),
            *((column, f"The grade for the area “{column}”") for _, column in entry.areas),
        ]
        for column, what in grade_columns:
            if not column or column in described:
                continue
            described.add(column)
            values = entry.safeguarding_spelling if column == entry.safeguarding else entry.grade_spelling
            fields.append(
                _field(column, "string", f"{what} under {entry.framework.title}: "
                       + ("; ".join(f"{s} = {code}" for code, s in values.items()) if column == entry.safeguarding else scale)
                       + ". Blank where not graded.", constraints={"enum": ["", *values.values()]})
            )  # fmt: skip
    for field, label in CONTEXT_COLUMNS:
        fields.append(_field(label, "string", f"The school's {field.replace('_', ' ')} as the analytics figures group it "
                             "(from the school registry when the figures were made)."))  # fmt: skip
    return {"fields": fields, "primaryKey": [mi.INSPECTION_NUMBER], "missingValues": [""]}


LEAD_RESIDUALS_SCHEMA = {
    "fields": [
        _field("Framework", "string", "The framework's code."),
        _field("Lead code", "string", "A stable pseudonymous code standing for one lead inspector; no name is published."),
        _field("Residual", "number", "The inspection's mean, over its areas, of the grade's rank (lowest 1) less the mean rank "
               "every published inspection under the framework gave that area in schools of the same phase and free-school-"
               "meals band."),
    ],
    "missingValues": [""],
}  # fmt: skip


def datapackage(checkpoint: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Data Package descriptor: the resources, their schemas, and the audit checkpoint they were made under."""
    frameworks = published_frameworks()
    return {
        "profile": "tabular-data-package",
        "name": "fairinspect-published-inspections",
        "title": "Published school inspection outcomes",
        "licenses": [{"name": "OGL-UK-3.0", "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}],
        "resources": [
            {"name": INSPECTIONS, "path": f"{INSPECTIONS}.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8", "schema": inspections_schema(frameworks)},
            {"name": LEAD_RESIDUALS, "path": f"{LEAD_RESIDUALS}.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8", "schema": LEAD_RESIDUALS_SCHEMA},
            *({"name": table.name, "path": f"{table.name}.csv", "title": table.title, "format": "csv",
               "mediatype": "text/csv", "encoding": "utf-8", "schema": table.schema} for table in FIGURE_TABLES.values()),
        ],
        "audit_checkpoint": checkpoint if checkpoint is not None else latest_checkpoint(),
    }  # fmt: skip


def export(directory: Path) -> dict[str, int]:
    """Write datapackage.json, inspections.csv, inspections.json, lead-residuals.csv and the figure tables
    (analytics.figure_tables) into `directory`; returns how many rows each table holds."""
    directory.mkdir(parents=True, exist_ok=True)
    frameworks = published_frameworks()
    headers = inspection_headers(frameworks)
    counts = {INSPECTIONS: 0, LEAD_RESIDUALS: 0, **dict.fromkeys(FIGURE_TABLES, 0)}

    def counted(name: str, rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            counts[name] += 1
            yield row

    with open(directory / f"{INSPECTIONS}.csv", "w", encoding="utf-8", newline="") as out:
        out.writelines(csv_lines(headers, counted(INSPECTIONS, inspection_rows(frameworks))))
    with open(directory / f"{INSPECTIONS}.json", "w", encoding="utf-8") as out:
        out.write("[")
        for index, row in enumerate(inspection_rows(frameworks)):
            out.write(("," if index else "") + "\n" + json.dumps(json_value(row), ensure_ascii=False))
        out.write("\n]\n")
    with open(directory / f"{LEAD_RESIDUALS}.csv", "w", encoding="utf-8", newline="") as out:
        out.writelines(csv_lines(LEAD_RESIDUAL_HEADERS, counted(LEAD_RESIDUALS, lead_residual_rows())))
    for table in FIGURE_TABLES.values():
        with open(directory / f"{table.name}.csv", "w", encoding="utf-8", newline="") as out:
            out.writelines(csv_lines(table.headers, counted(table.name, table.rows())))
    (directory / "datapackage.json").write_text(json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n")
    return counts
