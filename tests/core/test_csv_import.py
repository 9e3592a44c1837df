"""The parts of `core.csv_import` that the school imports added: columns known by several names, reading
several cells at once, remembered parses, keyed records, and bounded numbers and texts."""

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
    with pytest.raises(CsvImportError, match=r"lacks required column\(s\): Safeguarding is effective\? or Latest OEIF"):
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
