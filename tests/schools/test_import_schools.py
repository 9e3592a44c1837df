"""`import_schools`: the GIAS establishment export into schools, local authorities and trusts."""

import csv
import hashlib
import random
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fairinspect.audit.models import AuditEvent
from fairinspect.core import bulk
from fairinspect.core.csv_import import CsvImportError, RowsRejected
from fairinspect.demo.generator import generate_schools, write_gias_csv
from fairinspect.schools.models import LocalAuthority, School, Trust
from fairinspect.schools.services import import_schools

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
CURRENT = FIXTURES / "edubasealldata_current.csv"
FICTIONAL_URNS = set(range(199901, 199908))


def stored_registry() -> dict:
    """Everything an import writes, as plain values, to compare before and after."""
    return {
        "schools": sorted(School.objects.values_list()),
        "local_authorities": sorted(LocalAuthority.objects.values_list()),
        "trusts": sorted(Trust.objects.values_list()),
        "audit_events": AuditEvent.objects.count(),
    }


def test_a_current_windows_1252_export_creates_schools_authorities_and_trusts():
    summary = import_schools(CURRENT, progress=False)

    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (7, 0, 0, [])
    assert set(School.objects.values_list("urn", flat=True)) == FICTIONAL_URNS
    becket = School.objects.get(urn=199901)
    assert becket.name == "St Thomas à Becket Catholic Primary School"
    assert (becket.type_code, becket.type_name, becket.type_group_code) == (2, "Voluntary aided school", 4)
    assert (becket.phase_code, becket.status_code, becket.status_name) == (2, 1, "Open")
    assert (becket.statutory_low_age, becket.statutory_high_age, becket.number_of_pupils) == (3, 11, 236)
    assert becket.percentage_fsm is None  # published as SUPP
    assert (becket.postcode, becket.easting, becket.northing) == ("NW5 2AB", 528900, 184800)
    local_authority = becket.local_authority
    assert (local_authority.code, local_authority.name, local_authority.region) == (202, "Camden", "London")
    assert becket.trust is None

    academy = School.objects.get(urn=199902)
    assert (academy.trust.code, academy.trust.name) == (16384, "Bright Futures Learning Trust")
    assert School.objects.get(urn=199907).trust_id == 16384
    assert academy.open_date == date(2022, 9, 1) and academy.percentage_fsm == Decimal("14.2")
    closed = School.objects.get(urn=199903)
    assert (closed.status_name, closed.close_date, closed.is_open) == ("Closed", date(2022, 8, 31), False)
    assert sorted(LocalAuthority.objects.values_list("code", "region")) == [
        (202, "London"), (330, "West Midlands"), (879, "South West"), (886, "South East"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("urn", "flag", "expected", "why"),
    [
        (199901, "has_early_years", True, "nursery classes"),
        (199904, "has_early_years", True, "takes pupils from age 4 (reception), though it has no nursery classes"),
        (199905, "has_early_years", False, "a junior school, from age 7"),
        (199902, "has_early_years", False, "a secondary school"),
        (199902, "has_sixth_form", True, "OfficialSixthForm (code) 1"),
        (199906, "has_sixth_form", True, "no code, but OfficialSixthForm (name) 'Has a sixth form'"),
        (199901, "has_sixth_form", False, "code 2, 'Does not have a sixth form'"),
    ],
)
def test_early_years_and_sixth_forms_follow_from_the_published_columns(urn, flag, expected, why):
    import_schools(CURRENT, progress=False)
    assert getattr(School.objects.get(urn=urn), flag) is expected, why


def test_the_same_file_imported_again_changes_nothing():
    import_schools(CURRENT, progress=False)
    before = stored_registry()

    summary = import_schools(CURRENT, progress=False)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 7)
    after = stored_registry()
    assert after.pop("audit_events") == before.pop("audit_events") + 1  # the import itself is recorded
    assert after == before


def test_a_changed_row_is_updated_and_only_that_one(tmp_path):
    import_schools(CURRENT, progress=False)
    edited = tmp_path / "edubasealldata.csv"
    edited.write_bytes(
        CURRENT.read_bytes().replace(b'"Millbrook Junior School"', b'"Millbrook Junior Academy"', 1)
    )

    summary = import_schools(edited, progress=False)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 6)
    assert School.objects.get(urn=199905).name == "Millbrook Junior Academy"


@pytest.mark.parametrize(
    "fixture",
    ["edubasealldata_utf8_bom.csv", "edubasealldata_spaced_header.csv"],
    ids=["utf-8 with a byte-order mark", "doubled spaces in the header and unknown extra columns"],
)
def test_the_same_rows_read_alike_in_every_published_variant(fixture):
    import_schools(CURRENT, progress=False)
    before = stored_registry()

    summary = import_schools(FIXTURES / fixture, progress=False)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 7)
    after = stored_registry()
    del before["audit_events"], after["audit_events"]
    assert after == before
    assert School.objects.get(urn=199901).name == "St Thomas à Becket Catholic Primary School"


def test_a_2018_export_with_ofsted_columns_imports_and_ignores_them():
    summary = import_schools(FIXTURES / "edubasealldata_2018.csv", progress=False)

    assert (summary.created, summary.rejected) == (4, [])
    college = School.objects.get(urn=100459)
    assert (college.name, college.phase_name, college.has_sixth_form) == ("St Aloysius RC College", "Secondary", True)
    assert college.local_authority.name == "Islington"
    assert School.objects.get(urn=100492).has_early_years  # "Has Nursery Classes"


BAD_ROWS = [
    (3, "URN '1999X2' is not a whole number"),
    (4, "OpenDate '31-02-2020' is not a real date"),
    (5, "PhaseOfEducation (code) 9 is not one of GIAS's codes"),
    (6, "CloseDate 31-08-2019 is before OpenDate 01-09-2020"),
    (7, "URN 199916 is on more than one line (7, 8)"),
    (8, "URN 199916 is on more than one line (7, 8)"),
    (9, "StatutoryHighAge 4 is below StatutoryLowAge 11"),
    (10, "PercentageFSM 'lots' is not a number"),
]


def test_bad_rows_are_named_by_line_and_reason_and_nothing_is_written():
    import_schools(CURRENT, progress=False)
    before = stored_registry()

    with pytest.raises(RowsRejected) as rejected:
        import_schools(FIXTURES / "edubasealldata_bad_rows.csv", progress=False)

    assert [error.line for error in rejected.value.errors] == [line for line, _ in BAD_ROWS]
    for error, (line, reason) in zip(rejected.value.errors, BAD_ROWS):
        assert reason in error.reason, f"line {line}"
    assert "line 5: PhaseOfEducation (code) 9" in str(rejected.value)
    assert stored_registry() == before


def test_skip_invalid_writes_the_good_rows_and_returns_the_bad_ones():
    summary = import_schools(FIXTURES / "edubasealldata_bad_rows.csv", skip_invalid=True, progress=False)

    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    assert [error.line for error in summary.rejected] == [line for line, _ in BAD_ROWS]
    assert set(School.objects.values_list("urn", flat=True)) == {199911, 199920}
    event = AuditEvent.objects.get(action="schools.imported")
    assert event.after["rejected"] == 8
    assert event.after["rejected_lines"] == [line for line, _ in BAD_ROWS]


def test_a_nul_character_in_a_cell_is_a_bad_row_naming_its_column(tmp_path):
    """PostgreSQL cannot store it (COPY failed with a traceback); SQLite would have stored it unnoticed."""
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(CURRENT.read_bytes().replace(b'"Oakfield Academy"', b'"Oakfield\x00Academy"'))

    with pytest.raises(RowsRejected, match=r"line 3: EstablishmentName holds the NUL character"):
        import_schools(path, progress=False)

    summary = import_schools(path, skip_invalid=True, progress=False)
    assert (summary.created, [error.line for error in summary.rejected]) == (6, [3])
    assert not School.objects.filter(urn=199902).exists()


@pytest.mark.parametrize(
    ("published", "edited", "reason"),
    [
        (b'"Oakfield Academy"', b'"Oakfield\r\nAcademy"', "EstablishmentName holds a line break where one line of text is expected"),
        (b'"Oakfield Academy"', b'"Oakfield\tAcademy"', "EstablishmentName holds a tab where one line of text is expected"),
        (b'"Oakfield Academy"', b'"Oakfield\x1bAcademy"', "EstablishmentName holds the control character U+001B, which text cannot hold"),
    ],
    ids=["a line break", "a tab", "an escape character"],
)  # fmt: skip
def test_a_line_break_or_control_character_in_a_name_is_a_bad_row_naming_its_line(tmp_path, published, edited, reason):
    """A school's name heads the emails about it: with a line break in it, every one of them failed."""
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(CURRENT.read_bytes().replace(published, edited, 1))
    before = stored_registry()

    with pytest.raises(RowsRejected) as rejected:
        import_schools(path, progress=False)

    assert [str(error) for error in rejected.value.errors] == [f"line 3: {reason}"]
    assert stored_registry() == before
    summary = import_schools(path, skip_invalid=True, progress=False)
    assert (summary.created, [error.line for error in summary.rejected]) == (6, [3])
    assert not School.objects.filter(urn=199902).exists()


def test_a_header_with_no_rows_is_refused_and_nothing_is_written(tmp_path):
    import_schools(CURRENT, progress=False)
    before = stored_registry()
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(CURRENT.read_bytes().splitlines(keepends=True)[0] + b"\r\n")

    with pytest.raises(CommandError, match=r"edubasealldata\.csv: has a header row but no rows of data: nothing was imported"):
        call_command("import_schools", str(path), "--no-progress")

    assert stored_registry() == before  # and so no audit event either


def test_an_export_saved_as_utf_16_is_refused_naming_its_encoding(tmp_path):
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(CURRENT.read_bytes().decode("cp1252").encode("utf-16"))
    before = stored_registry()

    with pytest.raises(
        CommandError,
        match=r"is encoded as UTF-16; save it as UTF-8 or Windows-1252 \(the encodings GIAS and the inspectorate publish in\)",
    ):
        call_command("import_schools", str(path), "--no-progress")

    assert stored_registry() == before


def test_a_urn_repeated_on_a_later_line_that_is_bad_in_another_way_takes_its_first_line_back_too(tmp_path):
    lines = CURRENT.read_bytes().splitlines(keepends=True)
    repeated = lines[2].replace(b'"Oakfield Academy"', b'""')  # URN 199902 again, with no name
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(b"".join([*lines, repeated]))

    summary = import_schools(path, skip_invalid=True, progress=False)

    assert [str(error) for error in summary.rejected] == [
        "line 3: URN 199902 is on more than one line (3, 9)",
        "line 9: EstablishmentName is blank",
        "line 9: URN 199902 is on more than one line (3, 9)",
    ]
    assert summary.created == 6 and not School.objects.filter(urn=199902).exists()


def test_a_missing_required_column_stops_the_import_naming_it():
    before = stored_registry()

    with pytest.raises(CsvImportError, match=r"lacks the required column EstablishmentName\. Nothing was imported"):
        import_schools(FIXTURES / "edubasealldata_missing_column.csv", progress=False)

    assert stored_registry() == before


def test_each_import_is_one_audit_event_naming_the_file_and_what_changed(tmp_path, make_user):
    path = tmp_path / "edubasealldata20250422.csv"
    shutil.copy(CURRENT, path)
    user = make_user()

    import_schools(path, progress=False, actor=user)
    import_schools(path, progress=False)

    first, second = AuditEvent.objects.filter(action="schools.imported").order_by("sequence")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (first.actor, first.object_type, first.object_id) == (user, "import", digest)
    assert first.after["file"] == "edubasealldata20250422.csv" and first.after["sha256"] == digest
    assert {name: first.after[name] for name in ("created", "updated", "unchanged", "rejected")} == {
        "created": 7, "updated": 0, "unchanged": 0, "rejected": 0,
    }  # fmt: skip
    assert first.after["local_authorities"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert first.after["trusts"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert (second.actor, second.actor_label) == (None, "system:schools.imported")
    assert (second.after["created"], second.after["unchanged"]) == (0, 7)


def test_the_command_prints_the_summary_and_refuses_bad_files(capsys):
    call_command("import_schools", str(CURRENT), "--no-progress")
    assert "edubasealldata_current.csv: created 7, updated 0, unchanged 0, rejected 0" in capsys.readouterr().out

    with pytest.raises(CommandError, match="line 3: URN '1999X2' is not a whole number"):
        call_command("import_schools", str(FIXTURES / "edubasealldata_bad_rows.csv"), "--no-progress")

    call_command("import_schools", str(FIXTURES / "edubasealldata_bad_rows.csv"), "--skip-invalid", "--no-progress")
    output = capsys.readouterr()
    assert "created 2, updated 0, unchanged 0, rejected 8" in output.out
    assert "rejected line 10: PercentageFSM 'lots' is not a number" in output.err


# Rows are written while the file is read; these prove a problem found further on still undoes them.


@pytest.fixture
def generated_export(tmp_path, monkeypatch):
    """A generated export of 60 establishments whose first 30 are already imported: (each column's index by
    name, the rows to edit, a function writing rows to the export). Importing all 60 again writes 30 known
    and 30 new rows while the file is read."""
    # Write every few rows, as a real file does every few thousand: switch between streaming new and known
    # rows (PostgreSQL), and insert in small batches (SQLite).
    monkeypatch.setattr(bulk, "SWITCH_AFTER", 4)
    monkeypatch.setattr(bulk, "INSERT_BATCH", 4)
    path = tmp_path / "edubasealldata.csv"
    write_gias_csv(path, generate_schools(random.Random(7), 60))
    with path.open(encoding="cp1252", newline="") as file:
        header, *rows = csv.reader(file)
    column = {name: index for index, name in enumerate(header)}

    def write(rows) -> Path:
        with path.open("w", encoding="cp1252", newline="") as file:
            csv.writer(file, lineterminator="\n").writerows([header, *rows])
        return path

    import_schools(write(rows[:30]), progress=False)
    return column, rows, write


def test_a_bad_last_row_undoes_the_rows_already_written(generated_export):
    column, rows, write = generated_export
    before = stored_registry()
    rows[-1][column["OpenDate"]] = "31-02-2020"

    with pytest.raises(RowsRejected, match="line 61: OpenDate '31-02-2020' is not a real date"):
        import_schools(write(rows), progress=False)

    assert stored_registry() == before


def test_an_unreadable_byte_near_the_end_undoes_the_rows_already_written(generated_export):
    _, rows, write = generated_export
    before = stored_registry()
    path = write(rows)
    data = path.read_bytes()
    path.write_bytes(data[:-40] + b"\x81" + data[-39:])  # in the last row

    with pytest.raises(CsvImportError, match="line 61 has a byte \\(0x81\\)"):
        import_schools(path, progress=False)

    assert stored_registry() == before


def test_skip_invalid_takes_back_the_first_line_of_a_urn_found_again_later(generated_export):
    column, rows, write = generated_export
    known, new = rows[10], rows[40]
    stored_name = School.objects.get(urn=known[column["URN"]]).name
    known[column["EstablishmentName"]] = "Renamed on the first of its lines"
    # The new school is the only one of a local authority, which must not be created either.
    new[column["LA (code)"]], new[column["LA (name)"]] = "999", "Nowhere"

    summary = import_schools(write([*rows, known, new]), skip_invalid=True, progress=False)

    assert [error.line for error in summary.rejected] == [12, 42, 62, 63]
    assert (summary.created, summary.updated, summary.unchanged) == (29, 0, 29)
    assert School.objects.get(urn=known[column["URN"]]).name == stored_name
    assert not School.objects.filter(urn=new[column["URN"]]).exists()
    assert not LocalAuthority.objects.filter(code=999).exists()
    assert School.objects.count() == 59
