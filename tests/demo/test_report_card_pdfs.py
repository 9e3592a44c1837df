"""The demo's published report cards can be read as PDFs: the walked history's tasks are kept, not run, so the
demo queues each card's PDF for the worker it serves beside it once loading ends (run at once in the tests)."""

import pytest
from django.urls import reverse

from fairinspect.reports.models import ReportVersion

pytestmark = pytest.mark.django_db


def test_every_published_report_card_of_the_demo_has_its_pdf(client, demo):
    versions = list(ReportVersion.objects.select_related("report"))
    assert versions, "the demo publishes report cards"
    for version in versions:
        response = client.get(reverse("reports:card-pdf", args=[version.report.inspection_number, version.number]))
        assert response.status_code == 200, f"{version.report.inspection_number} v{version.number}: {response.status_code}"
        assert response["Content-Type"] == "application/pdf"
