"""The parts of `core.csv_import` that the school imports added: columns known by several names, reading
several cells at once, remembered parses, keyed records, and bounded numbers and texts."""

import pytest

from fairinspect.core.csv_import import (
    CsvFile,
    CsvImportError,
    Layout,
    RowProblem,
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


def test_keyed_records_reject_every_line_of_a_repeated_key(tmp_path):
    path = write(tmp_path, "URN,Safeguarding is effective?\n1,Yes\n2,Yes\n1,No\nx,Yes\n3,No\n")
    csv_file = CsvFile(path, [LAYOUT])
    urn, safeguarding = csv_file.getter("URN"), csv_file.getter(LAYOUT.required[1])

    records, errors = csv_file.keyed_records(
        lambda row: (parse_int(urn(row), "URN", required=True), safeguarding(row)), lambda key: f"URN {key}", False
    )

    assert records == {2: "Yes", 3: "No"}
    assert [str(error) for error in errors] == [
        "line 2: URN 1 is on more than one line (2, 4)",
        "line 4: URN 1 is on more than one line (2, 4)",
        "line 5: URN 'x' is not a whole number",
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


def test_a_bad_date_is_reported_in_the_form_its_file_uses():
    with pytest.raises(RowProblem, match=r"expected DD/MM/YYYY"):
        parse_date("31/02/2022", "Inspection start date")
    with pytest.raises(RowProblem, match=r"expected DD-MM-YYYY"):
        parse_date("31-02-2022", "OpenDate")
