"""`import_outcomes`: the inspectorate's in-year management-information files into historic outcomes.

The layouts and value spellings come from the framework data files, so these tests also prove that a new
framework's published file is read without a change of code.
"""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml

from fairinspect.audit.models import AuditEvent
from fairinspect.core.csv_import import CsvImportError, RowsRejected
from fairinspect.frameworks.files import DATA_DIR
from fairinspect.frameworks.services import load_frameworks
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.outcomes.services import import_outcomes

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
EIF_FILE = FIXTURES / "mi_eif.csv"
REPORT_CARDS_FILE = FIXTURES / "mi_report_cards.csv"


def stored_outcomes() -> list[tuple]:
    return sorted(HistoricOutcome.objects.values_list())


def test_an_eif_file_with_a_title_row_above_its_header_is_read(frameworks):
    summary = import_outcomes(EIF_FILE, progress=False)

    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (5, 0, 0, [])
    graded = HistoricOutcome.objects.get(inspection_number="10200001")
    assert graded.framework == frameworks["eif-2019"]
    assert (graded.urn, graded.inspection_type, graded.type_grouping, graded.event_type_grouping) == (
        199903, "S5 Inspection", "Graded inspection", "Section 5",
    )  # fmt: skip
    assert (graded.start_date, graded.end_date, graded.publication_date) == (
        date(2021, 11, 10), date(2021, 11, 11), date(2021, 12, 7),
    )  # fmt: skip
    assert (graded.overall_grade, graded.safeguarding, graded.category_of_concern) == ("good", "effective", "")
    # "NULL" for early years: the school has none, so there is no grade rather than a grade "NULL".
    assert graded.grades == {
        "quality-of-education": "good",
        "behaviour-and-attitudes": "outstanding",
        "personal-development": "good",
        "leadership-and-management": "good",
        "sixth-form": "good",
    }


def test_eif_values_for_no_grade_and_the_end_of_the_overall_grade(frameworks):
    import_outcomes(EIF_FILE, progress=False)

    ungraded = HistoricOutcome.objects.get(inspection_number="10200002")
    assert (ungraded.overall_grade, ungraded.grades, ungraded.ungraded_outcome) == ("", {}, "School remains Good")
    # From September 2024 the overall grade is published as "Not judged".
    after_overall_grades = HistoricOutcome.objects.get(inspection_number="10200003")
    assert after_overall_grades.overall_grade == ""
    assert after_overall_grades.grades["early-years"] == "good"
    failing = HistoricOutcome.objects.get(inspection_number="10200004")
    assert (failing.overall_grade, failing.safeguarding, failing.category_of_concern) == (
        "inadequate", "not-effective", "Special measures",
    )  # fmt: skip


def test_a_report_card_file_is_told_apart_by_its_header(frameworks):
    summary = import_outcomes(REPORT_CARDS_FILE, progress=False)

    assert (summary.created, summary.rejected) == (3, [])
    card = HistoricOutcome.objects.get(inspection_number="10400001")
    assert card.framework == frameworks["report-card-2025"]
    assert (card.safeguarding, card.overall_grade, card.end_date) == ("met", "", None)
    assert card.grades == {
        "inclusion": "strong-standard",
        "curriculum-and-teaching": "expected-standard",
        "achievement": "expected-standard",
        "attendance-and-behaviour": "strong-standard",
        "personal-development-and-well-being": "expected-standard",
        "post-16": "expected-standard",
        "leadership-and-governance": "strong-standard",
    }
    concern = HistoricOutcome.objects.get(inspection_number="10400002")
    assert (concern.safeguarding, concern.category_of_concern) == ("not-met", "Special measures")
    assert concern.grades["leadership-and-governance"] == "urgent-improvement"
    assert HistoricOutcome.objects.get(inspection_number="10400003").grades["early-years"] == "exceptional"


def test_the_same_file_imported_again_changes_nothing(frameworks):
    import_outcomes(EIF_FILE, progress=False)
    import_outcomes(REPORT_CARDS_FILE, progress=False)
    before = stored_outcomes()

    summaries = [import_outcomes(EIF_FILE, progress=False), import_outcomes(REPORT_CARDS_FILE, progress=False)]

    assert [(s.created, s.updated, s.unchanged) for s in summaries] == [(0, 0, 5), (0, 0, 3)]
    assert stored_outcomes() == before


def test_a_regraded_inspection_is_updated(tmp_path, frameworks):
    import_outcomes(REPORT_CARDS_FILE, progress=False)
    amended = tmp_path / "mi.csv"
    amended.write_bytes(REPORT_CARDS_FILE.read_bytes().replace(b"Strong standard", b"Exceptional", 1))

    summary = import_outcomes(amended, progress=False)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    assert HistoricOutcome.objects.get(inspection_number="10400001").grades["inclusion"] == "exceptional"


BAD_ROWS = [
    (3, "Quality of education '5' is not a grade of Education inspection framework (2019) (4 or Inadequate;"),
    (4, "Behaviour and attitudes 'Excellent' is not a grade of"),
    (5, "Inspection start date '31/02/2022' is not a real date (expected DD/MM/YYYY)"),
    (6, "Inspection start date 15/03/2018 is outside the dates of Education inspection framework (2019) (from 01/09/"),
    (7, "Inspection number 10300006 is on more than one line (7, 8)"),
    (8, "Inspection number 10300006 is on more than one line (7, 8)"),
    (9, "Safeguarding is effective? 'Maybe' is not a safeguarding judgement of"),
    (10, "Overall effectiveness is given, but inspections from 01/09/2024 had no overall grade"),
    (11, "Inspection end date 09/11/2021 is before Inspection start date 10/11/2021"),
]


def test_bad_rows_are_named_by_line_and_reason_and_nothing_is_written(frameworks):
    import_outcomes(EIF_FILE, progress=False)
    before, events = stored_outcomes(), AuditEvent.objects.count()

    with pytest.raises(RowsRejected) as rejected:
        import_outcomes(FIXTURES / "mi_bad_rows.csv", progress=False)

    assert [error.line for error in rejected.value.errors] == [line for line, _ in BAD_ROWS]
    for error, (line, reason) in zip(rejected.value.errors, BAD_ROWS):
        assert reason in error.reason, f"line {line}"
    assert (stored_outcomes(), AuditEvent.objects.count()) == (before, events)


def test_skip_invalid_writes_the_good_rows(frameworks):
    summary = import_outcomes(FIXTURES / "mi_bad_rows.csv", skip_invalid=True, progress=False)

    assert (summary.created, len(summary.rejected)) == (2, len(BAD_ROWS))
    assert set(HistoricOutcome.objects.values_list("inspection_number", flat=True)) == {"10300001", "10300011"}
    event = AuditEvent.objects.get(action="historic_outcomes.imported")
    assert (event.after["frameworks"], event.after["created"], event.after["rejected"]) == (["eif-2019"], 2, 9)


def test_a_missing_grade_column_stops_the_import_naming_it(tmp_path, frameworks):
    path = tmp_path / "mi.csv"
    path.write_bytes(EIF_FILE.read_bytes().replace(b"Behaviour and attitudes", b"Behaviour"))

    with pytest.raises(CsvImportError, match=r"lacks the required column Behaviour and attitudes\. Nothing"):
        import_outcomes(path, progress=False)
    assert not HistoricOutcome.objects.exists()


def test_the_latest_inspections_file_is_refused_saying_why(frameworks):
    with pytest.raises(CsvImportError) as refused:
        import_outcomes(FIXTURES / "mi_latest_inspections.csv", progress=False)

    message = str(refused.value)
    assert "this is a 'latest inspections' file" in message
    assert "leaves out closed schools and every earlier inspection" in message
    assert "Nothing was imported" in message
    assert not HistoricOutcome.objects.exists()


def test_a_line_break_is_refused_in_a_one_line_column_and_kept_in_the_outcome_s_prose(tmp_path, frameworks):
    path = tmp_path / "mi.csv"
    path.write_bytes(
        EIF_FILE.read_bytes()
        .replace(b",S5 Inspection,", b',"S5\nInspection",', 1)
        .replace(b",School remains Good", b',"School remains Good.\r\nThe next inspection will be graded."', 1)
    )
    events = AuditEvent.objects.count()

    with pytest.raises(RowsRejected) as rejected:
        import_outcomes(path, progress=False)

    assert [str(error) for error in rejected.value.errors] == [
        "line 3: Inspection type holds a line break where one line of text is expected"
    ]
    assert (stored_outcomes(), AuditEvent.objects.count()) == ([], events)
    summary = import_outcomes(path, skip_invalid=True, progress=False)
    assert (summary.created, [error.line for error in summary.rejected]) == (4, [3])
    ungraded = HistoricOutcome.objects.get(inspection_number="10200002")
    assert ungraded.ungraded_outcome == "School remains Good.\r\nThe next inspection will be graded."


def test_a_header_with_no_rows_is_refused_and_nothing_is_written(tmp_path, frameworks):
    import_outcomes(EIF_FILE, progress=False)
    before, events = stored_outcomes(), AuditEvent.objects.count()
    path = tmp_path / "mi.csv"
    path.write_bytes(b"".join(EIF_FILE.read_bytes().splitlines(keepends=True)[:2]))  # the title row and header

    with pytest.raises(CsvImportError, match=r"mi\.csv: has a header row but no rows of data: nothing was imported"):
        import_outcomes(path, progress=False)

    assert (stored_outcomes(), AuditEvent.objects.count()) == (before, events)


def test_the_management_information_as_an_xlsx_workbook_is_refused_saying_to_save_it_as_csv(tmp_path, frameworks):
    """The inspectorate publishes the same data as XLSX; given by mistake, it once read as having no header."""
    path = tmp_path / "Management_information_-_state-funded_schools.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("xl/worksheets/sheet1.xml", EIF_FILE.read_bytes())
    path.write_bytes(buffer.getvalue())

    with pytest.raises(CsvImportError) as refused:
        import_outcomes(path, progress=False)

    assert str(refused.value) == (
        f"{path}: is a ZIP archive (as an Excel workbook, .xlsx, is), not a CSV file: if it is a spreadsheet (the "
        "inspectorate publishes its management information as XLSX as well as CSV), open it and save it as CSV"
    )
    assert not HistoricOutcome.objects.exists()


def load_a_2030_framework(tmp_path, published_as) -> dict:
    """A made-up successor of report-card-2025 from September 2030, loaded from a file beside the shipped
    ones; `published_as(spec)` names its columns and spellings. Returns its definition."""
    spec = yaml.safe_load((DATA_DIR / "report-card-2025.yaml").read_text(encoding="utf-8"))
    spec.update(code="report-card-2030", title="School report cards (2030)", valid_from=date(2030, 9, 1))
    published_as(spec)
    (tmp_path / "report-card-2030.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    load_frameworks(tmp_path)
    return spec


def write_mi_file(tmp_path, header: list[str], *rows: list[str]) -> Path:
    path = tmp_path / "mi.csv"
    path.write_text("".join(",".join(line) + "\r\n" for line in (header, *rows)), encoding="cp1252")
    return path


def test_a_new_framework_file_with_its_published_names_is_importable_without_code(tmp_path, frameworks):
    """A made-up 2030 framework: its own column names and grade spellings, given only in its data file."""

    def published_as(spec):
        spec["safeguarding"]["published_as"] = ["Safeguarding (2030)"]
        for point in spec["scale"]:
            point["published_as"] = [point["label"].upper()]
        for area in spec["areas"]:
            area["published_as"] = [f"{area['title']} (2030)"]

    areas = [area["title"] for area in load_a_2030_framework(tmp_path, published_as)["areas"]]
    path = write_mi_file(
        tmp_path,
        ["URN", "Inspection number", "Inspection start date", "Safeguarding (2030)", *(f"{a} (2030)" for a in areas)],
        ["199901", "20300001", "15/10/2030", "Met", *["STRONG STANDARD"] * len(areas)],
    )

    summary = import_outcomes(path, progress=False)

    assert (summary.created, summary.rejected) == (1, [])
    outcome = HistoricOutcome.objects.get(inspection_number="20300001")
    assert outcome.framework.code == "report-card-2030"
    assert outcome.safeguarding == "met"
    assert set(outcome.grades.values()) == {"strong-standard"} and len(outcome.grades) == len(areas)


def test_each_row_is_under_the_framework_in_force_on_its_start_date_of_those_sharing_the_files_columns(
    tmp_path, frameworks
):
    """A 2030 framework publishing under report-card-2025's column names, with grades written 1 to 5: a file
    holding inspections from either side of September 2030 reads each under its own framework."""

    def published_as(spec):
        for rank, point in enumerate(spec["scale"], start=1):
            point["published_as"] = [str(rank)]

    load_a_2030_framework(tmp_path, published_as)
    header = ["URN", "Inspection number", "Inspection start date", "Safeguarding standards", "Inclusion",
              "Curriculum and teaching", "Achievement", "Attendance and behaviour",
              "Personal development and well-being", "Leadership and governance", "Early years",
              "Post-16 provision"]  # fmt: skip
    not_applicable = ["Not applicable"] * 2
    path = write_mi_file(
        tmp_path,
        header,
        ["199901", "10400001", "20/01/2026", "Met", *["Strong standard"] * 6, *not_applicable],
        ["199901", "20300001", "12/11/2030", "Met", *["4"] * 6, *not_applicable],
        ["199901", "10200001", "10/11/2021", "Met", *["Strong standard"] * 6, *not_applicable],
    )

    with pytest.raises(RowsRejected) as rejected:
        import_outcomes(path, progress=False)
    assert [str(error) for error in rejected.value.errors] == [
        "line 4: Inspection start date 10/11/2021 is outside the dates of School report cards (2030) (from "
        "01/09/2030) and School inspection report cards (2025) (from 10/11/2025), whose grade columns this file has"
    ]

    summary = import_outcomes(path, skip_invalid=True, progress=False)

    assert (summary.created, len(summary.rejected)) == (2, 1)
    outcomes = {outcome.inspection_number: outcome for outcome in HistoricOutcome.objects.select_related("framework")}
    assert outcomes["10400001"].framework.code == "report-card-2025"
    assert outcomes["20300001"].framework.code == "report-card-2030"
    for outcome in outcomes.values():
        assert set(outcome.grades.values()) == {"strong-standard"} and len(outcome.grades) == 6
    event = AuditEvent.objects.filter(action="historic_outcomes.imported").latest("sequence")
    assert event.after["frameworks"] == ["report-card-2030", "report-card-2025"]
