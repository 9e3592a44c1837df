"""The open data: what it holds (only the published record), its schema and checkpoint, the spreadsheet guard,
and the round trip through `import_outcomes`."""

import csv
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from fairinspect.analytics import opendata
from fairinspect.analytics.figure_tables import FIGURE_TABLES
from fairinspect.audit.selectors import checkpoint_problem
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.outcomes.services import import_outcomes

pytestmark = pytest.mark.django_db


def stored() -> list[tuple]:
    return sorted(HistoricOutcome.objects.values_list(
        "inspection_number", "urn", "framework__code", "inspection_type", "type_grouping", "event_type_grouping",
        "start_date", "end_date", "publication_date", "overall_grade", "safeguarding", "grades",
        "category_of_concern", "ungraded_outcome",
    ))  # fmt: skip


def test_the_csv_imports_back_unchanged(published, tmp_path):
    before = stored()
    call_command("export_opendata", str(tmp_path))
    HistoricOutcome.objects.all().delete()

    summary = import_outcomes(tmp_path / "inspections.csv", progress=False)

    assert summary.rejected == []
    assert stored() == before
    assert len(before) == summary.created


def test_only_published_inspections_are_in_it(published, tmp_path):
    HistoricOutcome.objects.filter(inspection_number="10400001").update(publication_date=None)
    opendata.export(tmp_path)

    with open(tmp_path / "inspections.csv", encoding="utf-8") as file:
        numbers = {row["Inspection number"] for row in csv.DictReader(file)}
    assert "10400001" not in numbers
    assert numbers == set(
        HistoricOutcome.objects.exclude(publication_date=None).values_list("inspection_number", flat=True)
    )
    rows = json.loads((tmp_path / "inspections.json").read_text())
    assert {row["Inspection number"] for row in rows} == numbers


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"])
def test_values_a_spreadsheet_would_run_are_neutralised(published, tmp_path, value):
    HistoricOutcome.objects.filter(inspection_number="10400002").update(category_of_concern=value)
    opendata.export(tmp_path)

    with open(tmp_path / "inspections.csv", encoding="utf-8", newline="") as file:
        row = next(row for row in csv.DictReader(file) if row["Inspection number"] == "10400002")
    assert row["Category of concern"] == "'" + value
    assert all(not cell.startswith(opendata.FORMULA_STARTS) for cell in row.values() if cell)


def test_the_package_documents_every_column_and_carries_a_valid_checkpoint(published, tmp_path):
    opendata.export(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text())

    with open(tmp_path / "inspections.csv", encoding="utf-8") as file:
        header = next(csv.reader(file))
    schema = package["resources"][0]["schema"]
    assert [field["name"] for field in schema["fields"]] == header
    assert all(field["description"] for field in schema["fields"])
    assert checkpoint_problem(package["audit_checkpoint"]) is None


def test_no_person_is_named(published, tmp_path, users_by_role):
    opendata.export(tmp_path)
    text = "".join(path.read_text() for path in tmp_path.iterdir())
    for user in users_by_role.values():
        assert user.username not in text
        assert not user.email or user.email not in text


def test_the_api_serves_the_same_rows(published, client, tmp_path):
    opendata.export(tmp_path)
    csv_response = client.get(reverse("api:opendata-inspections-csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert b"".join(csv_response.streaming_content).decode() == (tmp_path / "inspections.csv").read_bytes().decode()

    page = client.get(reverse("api:opendata-inspections"), {"page_size": 3}).json()
    assert page["count"] == HistoricOutcome.objects.exclude(publication_date=None).count()
    assert page["items"] == json.loads((tmp_path / "inspections.json").read_text())[:3]

    response = client.get(reverse("api:opendata-package"))
    assert checkpoint_problem(response.json()["audit_checkpoint"]) is None
    assert response["Cache-Control"] == "public, max-age=600"


def test_the_open_data_page_links_every_file_for_anyone(published, client):
    page = client.get(reverse("analytics:opendata")).content.decode()
    hrefs = [reverse(f"api:{name}") for name in ("opendata-inspections-csv", "opendata-inspections", "opendata-lead-residuals", "opendata-package")]
    hrefs += [reverse("api:opendata-figures", args=[name]) for name in FIGURE_TABLES]
    for href in hrefs:
        assert f'href="{href}"' in page
        assert client.get(href).status_code == 200


def test_the_figures_the_record_cannot_make_again_are_tables_of_their_own_documented_in_the_package(
    published, client, tmp_path, users_by_role
):
    counts = opendata.export(tmp_path)
    package = {resource["name"]: resource for resource in json.loads((tmp_path / "datapackage.json").read_text())["resources"]}
    for table in FIGURE_TABLES.values():
        with open(tmp_path / f"{table.name}.csv", encoding="utf-8") as file:
            rows = list(csv.reader(file))
        assert rows[0] == [field["name"] for field in package[table.name]["schema"]["fields"]] == table.headers
        assert all(field["description"] for field in package[table.name]["schema"]["fields"])
        assert len(rows) - 1 == counts[table.name]
        served = client.get(reverse("api:opendata-figures", args=[table.name]))
        assert b"".join(served.streaming_content) == (tmp_path / f"{table.name}.csv").read_bytes()
    # The fixtures' history has a month of publications for the time to publish, under the inspectorate's target.
    with open(tmp_path / "time-to-publish.csv", encoding="utf-8") as file:
        assert any(row["Grouped by"] == "Month" and int(row["Published"]) > 0 for row in csv.DictReader(file))
    missing = client.get(reverse("api:opendata-figures", args=["complaints-by-school"]))
    assert missing.status_code == 404
