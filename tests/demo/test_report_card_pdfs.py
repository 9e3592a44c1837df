"""The demo's published report cards can be read as PDFs: the walked history's tasks are kept, not run, so the demo
queues each card's PDF for the worker it serves beside it once loading ends; the tests keep those too
(tests.demo.conftest), and this runs them."""

import pytest
from django.urls import reverse

from fairinspect.reports.models import ReportVersion
from fairinspect.reports.tasks import make_report_pdf

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
