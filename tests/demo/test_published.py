"""What the demo publishes: report cards that can be read as PDFs, and enough of them that the consistency page
names the leads who grade lower or higher than most, as a researcher would find them, and reproduces from the open
data.

The walked history's tasks are kept, not run, so the demo queues each card's PDF for the worker it serves beside it
once loading ends; the tests keep those too (tests.demo.conftest), and this runs them."""

import csv
import io
from collections import defaultdict

import pytest
from django.urls import reverse

from fairinspect.analytics.consistency import MIN_INSPECTIONS, estimate
from fairinspect.analytics.models import LeadCode
from fairinspect.demo import people
from fairinspect.grading.models import AreaGrade
from fairinspect.inspections.models import State, TeamMember
from fairinspect.reports.models import ReportVersion
from fairinspect.reports.tasks import make_report_pdf
from tests.demo.test_walk_through import sign_in, words
from tests.html import table_cells

pytestmark = pytest.mark.django_db


def test_every_published_report_card_of_the_demo_has_its_pdf_made_by_the_worker(client, demo):
    versions = list(ReportVersion.objects.select_related("report"))
    assert versions, "the demo publishes report cards"
    queued = [task for task in demo if task.task.name == make_report_pdf.name]
    assert sorted(task.args[0] for task in queued) == sorted(version.pk for version in versions)
    # Behind the emails of anything done in the demo meanwhile.
    assert all(task.task.priority < make_report_pdf.priority for task in queued)
    for task in queued:
        task.task.call(*task.args)
    for version in versions:
        response = client.get(reverse("reports:card-pdf", args=[version.report.inspection_number, version.number]))
        assert response.status_code == 200, f"{version.report.inspection_number} v{version.number}: {response.status_code}"
        assert response["Content-Type"] == "application/pdf"


def _mean_rank_by_lead() -> dict[str, float]:
    """Each lead's mean grade (as its rank) over the inspections they led to publication, by their published code,
    for leads with enough inspections to be named: what the consistency page is about, counted from the grades."""
    led = dict(
        TeamMember.objects.filter(is_lead=True, inspection__state=State.PUBLISHED).values_list("inspection_id", "inspector_id")
    )
    ranks = defaultdict(list)
    inspections = defaultdict(set)
    for inspection, rank in AreaGrade.objects.filter(inspection__in=led).values_list("inspection_id", "grade__rank"):
        ranks[led[inspection]].append(rank)
        inspections[led[inspection]].add(inspection)
    codes = dict(LeadCode.objects.values_list("inspector_id", "code"))
    return {
        codes[lead]: sum(values) / len(values) for lead, values in ranks.items() if len(inspections[lead]) >= MIN_INSPECTIONS
    }


def test_a_researcher_sees_which_leads_stand_out_and_why_and_reproduces_it_from_the_open_data(client, demo):
    by_lead = _mean_rank_by_lead()
    assert len(by_lead) >= 4, "the demo walks a year of several leads' inspections"
    lowest, *typical, highest = sorted(by_lead, key=by_lead.get)

    printed = {row.username: row for row in people.sign_ins()}
    sign_in(client, printed[people.RESEARCHER.username])
    page = words(client.get(reverse("analytics:consistency")))
    assert "leads stand out" in page
    named = page[page.index("leads stand out") : page.index("Each lead's shrunk difference")]
    assert lowest in named and "below what their schools' context predicts" in named
    assert highest in named and "above what their schools' context predicts" in named
    for lead in typical:
        assert lead not in named

    # The open data (no sign-in needed) holds the page's input: the estimate made from it names the same leads.
    client.post(reverse("accounts:sign-out"))
    response = client.get(reverse("api:opendata-lead-residuals"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    framework = {row["Framework"] for row in rows}
    assert framework == {"report-card-2025"}
    reproduced = estimate((row["Lead code"], float(row["Residual"])) for row in rows)
    assert {lead.lead_code for lead in reproduced.named} == {lowest, highest}
    assert f"2 of {len(reproduced.leads)} leads stand out" in page
    for lead in reproduced.named:
        assert f"{lead.lead_code} : Over {lead.inspections} inspections" in page
        assert f"{lead.shrunk:+.2f}" in page


def _served_csv(client, name: str, *args) -> list[dict[str, str]]:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_rates_and_time_to_publish_pages_are_their_open_data_tables(client, demo):
    """What the published inspections cannot make again (deferrals, pauses, concerns and complaints; waits on a
    complaint) a researcher finds in the open data's figure tables, the same numbers as the pages'."""
    rates = _served_csv(client, "api:opendata-figures", "monthly-rates")
    published = _served_csv(client, "api:opendata-figures", "time-to-publish")
    printed = {row.username: row for row in people.sign_ins()}
    sign_in(client, printed[people.RESEARCHER.username])

    page = table_cells(client.get(reverse("analytics:rates")), "By month")
    columns = ("Inspections", "Deferred", "Paused", "Concerns", "Complaints", "Complaints upheld")
    assert [[row["Month"], *(row[column] for column in columns)] for row in rates] == [
        [cells[0], *(cell.split(" (")[0].replace(",", "") for cell in cells[1:])] for cells in page
    ]
    assert sum(int(row["Complaints"]) for row in rates) > 0 and sum(int(row["Paused"]) for row in rates) > 0
    by_month = table_cells(client.get(reverse("analytics:timeliness")), "By month of publication")
    assert [[row["Group"], row["Published"], f"{float(row['Mean working days']):.1f}"] for row in published if row["Grouped by"] == "Month"] == [
        [cells[0], cells[1].replace(",", ""), cells[2]] for cells in by_month
    ]  # fmt: skip
