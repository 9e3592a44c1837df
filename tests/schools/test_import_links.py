"""`import_links`: the GIAS links export, and what it is for: a converted academy's page shows the
inspections of the school it replaced."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from fairinspect.audit.models import AuditEvent
from fairinspect.core.csv_import import CsvImportError, RowsRejected
from fairinspect.schools.models import School, SchoolLink
from fairinspect.outcomes.selectors import published_history
from fairinspect.schools.selectors import predecessor_urns
from fairinspect.outcomes.services import import_outcomes
from fairinspect.schools.services import import_links, import_schools

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
OUTCOME_FIXTURES = Path(__file__).parent.parent / "outcomes" / "fixtures"
LINKS = FIXTURES / "links_edubasealldata.csv"


def stored_links() -> list[tuple]:
    return sorted(SchoolLink.objects.values_list("urn", "linked_urn", "link_type", "established_date"))


def test_a_links_export_as_published_is_read():
    """Windows-1252, CRLF line endings, no newline after the last row, some blank dates."""
    summary = import_links(LINKS, progress=False)

    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (9, 0, 0, [])
    links = stored_links()
    assert (100016, 132245, "Successor", None) in links
    assert (100012, 100021, "Successor - merged", date(2021, 8, 31)) in links
    assert (108299, 138950, "Successor", date(2012, 10, 31)) in links  # "St Thomas à Becket …"
    assert (199903, 199902, "Successor", date(2022, 9, 1)) in links  # the last row, with no newline after it


def test_the_same_file_imported_again_changes_nothing():
    import_links(LINKS, progress=False)
    before = stored_links()

    summary = import_links(LINKS, progress=False)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 9)
    assert stored_links() == before


def test_a_changed_date_updates_the_link(tmp_path):
    import_links(LINKS, progress=False)
    changed = tmp_path / "links.csv"
    published, corrected = b'100016,132245,"Kingsgate Primary School","Successor",""', b'"01-09-2004"'
    changed.write_bytes(LINKS.read_bytes().replace(published, published[:-2] + corrected, 1))

    summary = import_links(changed, progress=False)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 8)
    assert SchoolLink.objects.get(urn=100016, linked_urn=132245).established_date == date(2004, 9, 1)


BAD_ROWS = [
    (3, "LinkURN 199904 is the school's own URN"),
    (4, "LinkURN '19990X' is not a whole number"),
    (5, "LinkEstablishedDate '31-09-2020' is not a real date (expected DD-MM-YYYY)"),
    (6, "the 'Other' link from URN 199901 to 199905 is on more than one line (6, 7)"),
    (7, "the 'Other' link from URN 199901 to 199905 is on more than one line (6, 7)"),
    (8, "LinkType is blank"),
]


def test_bad_rows_are_named_by_line_and_reason_and_nothing_is_written():
    import_links(LINKS, progress=False)
    before, events = stored_links(), AuditEvent.objects.count()

    with pytest.raises(RowsRejected) as rejected:
        import_links(FIXTURES / "links_bad_rows.csv", progress=False)

    assert [(error.line, error.reason) for error in rejected.value.errors] == BAD_ROWS
    assert (stored_links(), AuditEvent.objects.count()) == (before, events)


def test_skip_invalid_writes_the_good_rows():
    summary = import_links(FIXTURES / "links_bad_rows.csv", skip_invalid=True, progress=False)

    assert [(error.line, error.reason) for error in summary.rejected] == BAD_ROWS
    assert stored_links() == [(199902, 199903, "Predecessor", date(2022, 9, 1))]
    assert AuditEvent.objects.get(action="school_links.imported").after["rejected_lines"] == [3, 4, 5, 6, 7, 8]


def test_a_line_break_in_the_link_type_is_a_bad_row_but_anything_goes_in_the_name_the_import_ignores(tmp_path):
    path = tmp_path / "links.csv"
    path.write_bytes(
        LINKS.read_bytes()
        .replace(b'"Kingsgate Primary School","Successor"', b'"Kingsgate Primary School","Succ\r\nessor"')
        .replace(b'"Carlton Primary School"', b'"Carlton\r\nPrimary\tSchool"')
    )
    events = AuditEvent.objects.count()

    with pytest.raises(RowsRejected) as rejected:
        import_links(path, progress=False)

    assert [str(error) for error in rejected.value.errors] == [
        "line 3: LinkType holds a line break where one line of text is expected"
    ]
    assert (stored_links(), AuditEvent.objects.count()) == ([], events)
    summary = import_links(path, skip_invalid=True, progress=False)
    assert (summary.created, [error.line for error in summary.rejected]) == (8, [3])
    assert (100021, 100012, "Predecessor - merged", date(2021, 8, 31)) in stored_links()


def test_a_header_with_no_rows_is_refused_and_nothing_is_written(tmp_path):
    import_links(LINKS, progress=False)
    before, events = stored_links(), AuditEvent.objects.count()
    path = tmp_path / "links.csv"
    path.write_bytes(LINKS.read_bytes().splitlines(keepends=True)[0])

    with pytest.raises(CsvImportError, match=r"links\.csv: has a header row but no rows of data: nothing was imported"):
        import_links(path, progress=False)

    assert (stored_links(), AuditEvent.objects.count()) == (before, events)


def test_a_converted_academy_shows_the_inspections_of_the_school_it_replaced(client, frameworks):
    for service, fixture in (
        (import_schools, FIXTURES / "edubasealldata_current.csv"),
        (import_links, FIXTURES / "links_edubasealldata.csv"),
        (import_outcomes, OUTCOME_FIXTURES / "mi_eif.csv"),
        (import_outcomes, OUTCOME_FIXTURES / "mi_report_cards.csv"),
    ):
        assert service(fixture, progress=False).rejected == []
    academy_urn, replaced_urn = 199902, 199903

    assert predecessor_urns(academy_urn) == [replaced_urn]
    history = published_history(School.objects.get(urn=academy_urn))
    assert [(inspection.inspection_number, inspection.urn) for inspection in history] == [
        ("10400001", academy_urn),  # its report card, January 2026
        ("10200005", academy_urn),  # its first inspection as an academy, June 2024
        ("10200001", replaced_urn),  # Oakfield High School's, November 2021
    ]
    replaced = history[-1]
    assert replaced.school_name == "Oakfield High School"
    assert [(grade.area, grade.grade) for grade in replaced.area_grades] == [
        ("Quality of education", "Good"),
        ("Behaviour and attitudes", "Outstanding"),
        ("Personal development", "Good"),
        ("Leadership and management", "Good"),
        ("Sixth form provision", "Good"),
    ]

    page = client.get(reverse("outcomes:school", args=[academy_urn]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "10200001" in text and "Oakfield High School (URN 199903)" in text
    # The school it replaced does not show the academy's later inspections as its own.
    assert [inspection.inspection_number for inspection in published_history(School.objects.get(urn=replaced_urn))] == [
        "10200001"
    ]
