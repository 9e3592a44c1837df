"""The parts of `core.csv_import` that the school imports added: columns known by several names, reading
several cells at once, remembered parses, keyed records, and bounded numbers and texts; and what every import
refuses before it reads a row: files that are not CSV text in the encodings published files come in, headers
with no rows, and line breaks or control characters in the cells it reads."""

import io
import random
import zipfile

import pytest

from fairinspect.core import csv_import
from fairinspect.core.csv_import import (
    CsvFile,
    CsvImportError,
    Layout,
    RowProblem,
    encoding_of,
    int_parser,
    memoised,
    not_csv_text,
    parse_date,
    parse_int,
    parse_text,
)

LAYOUT = Layout("test file", required=("URN", ("Safeguarding is effective?", "Latest OEIF safeguarding is effective?")))


def write(tmp_path, text: str):
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="cp1252")
    return path


def test_a_column_may_go_by_any_of_its_names_with_whitespace_collapsed(tmp_path):
    csv_file = CsvFile(write(tmp_path, "URN,Latest OEIF  safeguarding is effective?\n100001,Yes\n"), [LAYOUT])

    column = LAYOUT.required[1]
    assert csv_file.name_in_file(column) == "Latest OEIF safeguarding is effective?"
    assert [csv_file.getter(column)(row) for _, row in csv_file.rows(progress=False)] == ["Yes"]


def test_utf_8_is_told_from_windows_1252_however_far_into_the_file_the_first_accent_is(monkeypatch):
    monkeypatch.setattr(csv_import, "UTF8_CHECK_BYTES", 3)  # the file is checked in pieces of 3 bytes

    assert encoding_of("URN,Town\n1,Orléans\n".encode()) == "utf-8"  # é's two bytes straddle two pieces
    assert encoding_of("URN,Town\n1,Orléans\n".encode("cp1252")) == "cp1252"
    assert encoding_of("\ufeffURN,Town\n".encode()) == "utf-8-sig"


@pytest.mark.parametrize(
    ("start", "bad_line", "message"),
    [
        (b"URN,Town\n", b"2,Y\x81ork\n", r"line 5002 has a byte \(0x81\) that is neither UTF-8 nor Windows-1252"),
        (
            b"\xef\xbb\xbfURN,Town\n",
            b"2,Orl\xe9ans\n",
            r"starts with a UTF-8 byte-order mark but is not UTF-8 \(line 5002 has the byte 0xe9\)",
        ),
    ],
    ids=["neither encoding", "a byte-order mark on Windows-1252"],
)
def test_a_byte_the_encoding_cannot_read_stops_the_import_naming_its_line(tmp_path, start, bad_line, message):
    path = tmp_path / "file.csv"
    # Far enough into the file to be decoded only once rows are being read.
    path.write_bytes(start + b"1,Bath\n" * 5000 + bad_line)
    rows = CsvFile(path, [Layout("test file", required=("URN",))]).rows(progress=False)

    with pytest.raises(CsvImportError, match=message):
        list(rows)


def test_a_missing_column_with_several_names_is_named_by_all_of_them(tmp_path):
    with pytest.raises(CsvImportError, match=r"lacks the required column Safeguarding is effective\? or Latest OEIF"):
        CsvFile(write(tmp_path, "URN,Safeguarding\n100001,Yes\n"), [LAYOUT])


def test_cells_reads_several_columns_stripped_in_the_order_asked(tmp_path):
    csv_file = CsvFile(write(tmp_path, "Safeguarding is effective?,Other,URN\n Yes ,x, 100001\n"), [LAYOUT])

    cells = csv_file.cells(LAYOUT.required)
    assert [cells(row) for _, row in csv_file.rows(progress=False)] == [["100001", "Yes"]]
    with pytest.raises(KeyError, match="Postcode"):
        csv_file.cells(["URN", "Postcode"])


def test_memoised_parses_each_distinct_cell_once_and_never_remembers_a_problem():
    calls = []

    def parse(value):
        calls.append(value)
        return parse_int(value, "Age")

    parse_once = memoised(parse)
    assert [parse_once(value) for value in ("4", "4", "11", "4")] == [4, 4, 11, 4]
    assert calls == ["4", "11"]
    for _ in range(2):
        with pytest.raises(RowProblem, match="Age 'four' is not a whole number"):
            parse_once("four")
    assert calls == ["4", "11", "four", "four"]


def keyed_urns(csv_file: CsvFile):
    """Records of URN → safeguarding, the safeguarding cell refused unless it says Yes or No."""
    urn, safeguarding = csv_file.getter("URN"), csv_file.getter(LAYOUT.required[1])

    def answer(row):
        if safeguarding(row) not in ("Yes", "No"):
            raise RowProblem(f"Safeguarding is effective? {safeguarding(row)!r} is not Yes or No")
        return safeguarding(row)

    return csv_file.keyed_records(
        lambda row: parse_int(urn(row), "URN", required=True), answer, lambda key: f"URN {key}", False
    )


def test_keyed_records_reject_every_line_of_a_repeated_key_and_name_it_for_taking_back(tmp_path):
    path = write(tmp_path, "URN,Safeguarding is effective?\n1,Yes\n2,Yes\n1,No\nx,Yes\n3,No\n")
    records = keyed_urns(CsvFile(path, [LAYOUT]))

    # Handed on as read: URN 1 from its first line, before line 4 shows it is repeated.
    assert list(records) == [(1, "Yes"), (2, "Yes"), (3, "No")]
    assert records.repeated == [1]
    assert [str(error) for error in records.errors] == [
        "line 2: URN 1 is on more than one line (2, 4)",
        "line 4: URN 1 is on more than one line (2, 4)",
        "line 5: URN 'x' is not a whole number",
    ]


def test_a_key_is_repeated_by_a_later_line_that_is_bad_in_another_way(tmp_path):
    path = write(tmp_path, "URN,Safeguarding is effective?\n1,Yes\n2,Yes\n1,Maybe\n")
    records = keyed_urns(CsvFile(path, [LAYOUT]))

    assert list(records) == [(1, "Yes"), (2, "Yes")]
    assert records.repeated == [1]  # to be taken back: nothing says line 2 is right rather than line 4
    assert [str(error) for error in records.errors] == [
        "line 2: URN 1 is on more than one line (2, 4)",
        "line 4: Safeguarding is effective? 'Maybe' is not Yes or No",
        "line 4: URN 1 is on more than one line (2, 4)",
    ]


def test_a_key_whose_first_line_is_bad_is_never_handed_on(tmp_path):
    path = write(tmp_path, "URN,Safeguarding is effective?\n1,Maybe\n1,Yes\n2,No\n")
    records = keyed_urns(CsvFile(path, [LAYOUT]))

    assert list(records) == [(2, "No")]
    assert records.repeated == []  # nothing of URN 1 was handed on, so there is nothing to take back
    assert [error.line for error in records.errors] == [2, 2, 3]


def test_a_cell_holding_the_nul_character_is_a_problem_of_its_row_naming_the_column(tmp_path):
    path = tmp_path / "file.csv"
    path.write_bytes(b"URN,Safeguarding is effective?\n1,Yes\n2,Y\x00es\n3,No\n")
    csv_file = CsvFile(path, [LAYOUT])
    errors = []

    assert [line for line, _ in csv_file.checked_rows(errors, progress=False)] == [2, 4]
    assert [str(error) for error in errors] == [
        "line 3: Safeguarding is effective? holds the NUL character (byte 0), which text cannot hold"
    ]


def test_numbers_and_texts_are_bounded_with_the_bound_named():
    assert parse_int("7", "Age", minimum=0, maximum=99) == 7
    assert parse_int("NULL", "Age", minimum=0) is None
    with pytest.raises(RowProblem, match="Age 120 is more than 99"):
        parse_int("120", "Age", maximum=99)
    with pytest.raises(RowProblem, match="URN -4 is less than 1"):
        parse_int("-4", "URN", minimum=1)
    assert parse_text("NA", "Town", max_length=10) == "NA"  # a name, not a blank
    with pytest.raises(RowProblem, match="Postcode is 11 characters long; at most 10 fit"):
        parse_text("SW1A 1AA XX", "Postcode", max_length=10)
    with pytest.raises(RowProblem, match="EstablishmentName is blank"):
        parse_text("", "EstablishmentName", required=True)


def test_a_column_s_int_parser_bounds_every_cell_as_parse_int_does():
    urn = int_parser("URN", required=True, minimum=1, maximum=999_999)

    assert [urn(value) for value in ("100001", "007", "999999")] == [100001, 7, 999999]
    for value, problem in [
        ("0", "URN 0 is less than 1"), ("1000000", "URN 1000000 is more than 999999"), ("", "URN is blank"),
        ("1999X2", "URN '1999X2' is not a whole number"),
    ]:  # fmt: skip
        with pytest.raises(RowProblem, match=problem):
            urn(value)
    assert int_parser("Pupils")("NULL") is None
    assert int_parser("Change", minimum=-10)("-3") == -3


def test_a_bad_date_is_reported_in_the_form_its_file_uses():
    with pytest.raises(RowProblem, match=r"expected DD/MM/YYYY"):
        parse_date("31/02/2022", "Inspection start date")
    with pytest.raises(RowProblem, match=r"expected DD-MM-YYYY"):
        parse_date("31-02-2022", "OpenDate")


# Files that are not CSV text in UTF-8 or Windows-1252 are named for what they are.

ROWS = "URN,Safeguarding is effective?\r\n100001,Yes\r\n100002,No\r\n"


def xlsx() -> bytes:
    """The start of a workbook as Excel saves it: a ZIP archive of XML parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        workbook.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + "<row><c>100001</c></row>" * 200 + "</worksheet>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (ROWS.encode("utf-16"), "is encoded as UTF-16"),  # with the byte-order mark of the machine, little-endian
        (ROWS.encode("utf-16-be"), "is encoded as UTF-16"),
        (ROWS.encode("utf-16-le"), "is encoded as UTF-16"),
        (b"\xfe\xff" + ROWS.encode("utf-16-be"), "is encoded as UTF-16"),
        (ROWS.encode("utf-32"), "is encoded as UTF-32"),
        (ROWS.encode("utf-32-be"), "is encoded as UTF-32"),
        (ROWS.encode("utf-32-le"), "is encoded as UTF-32"),
        (b"\x00\x00\xfe\xff" + ROWS.encode("utf-32-be"), "is encoded as UTF-32"),
        ("URN,Town\r\n100001,Orléans\r\n".encode("utf-16-le"), "is encoded as UTF-16"),
        (xlsx(), "is a ZIP archive (as an Excel workbook, .xlsx, is), not a CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "is an Excel 97-2003 workbook (.xls), not a CSV file"),
        (b"%PDF-1.7\n" + random.Random(1).randbytes(2000), "is a PDF document, not a CSV file"),
        (random.Random(2).randbytes(3000), "is not a CSV file: it holds binary data, not text"),
    ],
    ids=[
        "UTF-16 with a byte-order mark", "UTF-16BE without one", "UTF-16LE without one", "UTF-16BE with one",
        "UTF-32 with a byte-order mark", "UTF-32BE without one", "UTF-32LE without one", "UTF-32BE with one",
        "UTF-16 with an accent", "XLSX", "XLS", "PDF", "other binary data",
    ],
)  # fmt: skip
def test_a_file_in_another_encoding_or_not_text_at_all_is_named_for_what_it_is(tmp_path, data, named):
    path = tmp_path / "file.csv"
    path.write_bytes(data)

    with pytest.raises(CsvImportError) as refused:
        CsvFile(path, [LAYOUT])

    assert str(refused.value).startswith(f"{path}: {named}")
    if "UTF-" in named:
        assert str(refused.value).endswith(
            "; save it as UTF-8 or Windows-1252 (the encodings GIAS and the inspectorate publish in)"
        )
    else:
        assert "save it as CSV" in str(refused.value)


@pytest.mark.parametrize(
    "data",
    [
        ROWS.encode("cp1252"),
        "URN,Town\r\n100001,Orléans – Ville\r\n".encode(),
        "\ufeffURN,Town\r\n100001,Orléans\r\n".encode(),
        b"URN,Safeguarding is effective?\n1,Yes\n2,Y\x00es\n3,No\n",  # a stray NUL is its row's problem
        b"",
    ],
    ids=["Windows-1252", "UTF-8", "UTF-8 with a byte-order mark", "a stray NUL", "empty"],
)
def test_csv_text_in_the_published_encodings_is_not_taken_for_anything_else(data):
    assert not_csv_text(data) is None


def test_a_header_with_no_rows_under_it_is_refused(tmp_path):
    for text in ("URN,Safeguarding is effective?\n", "Title\nURN,Safeguarding is effective?\r\n\r\n  \r\n"):
        csv_file = CsvFile(write(tmp_path, text), [LAYOUT])

        with pytest.raises(CsvImportError, match=r"file\.csv: has a header row but no rows of data: nothing was imported$"):
            list(csv_file.rows(progress=False))


# Line breaks and control characters in the cells an import reads.

PROSE = Layout("file with prose", required=("URN", "Name"), optional=("Outcome",), multiline=("Outcome",))


def rows_and_errors(tmp_path, text: str, encoding="utf-8"):
    path = tmp_path / "file.csv"
    path.write_bytes(text.encode(encoding))
    errors = []
    rows = list(CsvFile(path, [PROSE]).checked_rows(errors, progress=False))
    return [(line, row[0]) for line, row in rows], [str(error) for error in errors]


def test_a_line_break_in_a_one_line_cell_is_refused_naming_the_line_the_row_starts_on(tmp_path):
    rows, errors = rows_and_errors(
        tmp_path,
        'URN,Name,Outcome,Notes\r\n1,Oakfield,,\r\n2,"Oakfield\r\nAcademy",,\r\n3,Brookside,,\r\n'
        '4,"Riverside\u2028School",,\r\n5,Millbrook\tJunior,,\r\n',
    )

    assert rows == [(2, "1"), (5, "3")]
    assert errors == [
        "line 3: Name holds a line break where one line of text is expected",
        "line 6: Name holds a line separator (U+2028) where one line of text is expected",
        "line 7: Name holds a tab where one line of text is expected",
    ]


def test_a_multiline_column_may_hold_line_breaks_and_tabs_and_a_column_not_read_anything(tmp_path):
    rows, errors = rows_and_errors(
        tmp_path,
        'URN,Name,Outcome,Notes\n1,Oakfield,"School remains Good.\n\tSee the letter.",\n'
        '2,Brookside,,"Called twice:\nno answer\x07"\n3," Millbrook\n",,\n4,Riverside,,\n',
    )

    # A line break at either end of a cell is space the import strips, so it never reaches what is stored.
    assert rows == [(2, "1"), (4, "2"), (6, "3"), (8, "4")]
    assert errors == []


@pytest.mark.parametrize(
    ("cell", "encoding", "named"),
    [
        ("Oak\x1bfield", "cp1252", "the control character U+001B"),
        ("Oak\x7ffield", "cp1252", "the control character U+007F"),
        ("Oak\x85field", "utf-8", "the control character U+0085"),  # NEL, which is a C1 control
        ("Oak\x9cfield", "utf-8", "the control character U+009C"),
    ],
)
def test_a_control_character_is_refused_in_every_cell_read_prose_included(tmp_path, cell, encoding, named):
    text = f"URN,Name,Outcome\n1,{cell},\n2,Oakfield,{cell}\n3,Oakfield,\n"

    rows, errors = rows_and_errors(tmp_path, text, encoding)

    assert rows == [(4, "3")]
    assert errors == [
        f"line 2: Name holds {named}, which text cannot hold",
        f"line 3: Outcome holds {named}, which text cannot hold",
    ]


def test_a_non_breaking_space_or_a_soft_hyphen_is_text(tmp_path):
    rows, errors = rows_and_errors(tmp_path, "URN,Name,Outcome\n1,St\xa0Mary\xads,\n")

    assert (rows, errors) == ([(2, "1")], [])
