"""A report card's PDF: made from the page's template by WeasyPrint's PDF/UA variant, tagged, its text
extractable, and made once however often its task runs."""

import io

import pytest
from pypdf import PdfReader

from fairinspect.reports.pdf import render_card_pdf
from fairinspect.reports.selectors import published_report
from tests.reports.cards import A_CARD


def test_the_pdf_is_tagged_for_accessibility_and_its_text_can_be_extracted():
    pdf = PdfReader(io.BytesIO(render_card_pdf(A_CARD, version_number=1)))
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # a tagged PDF
    assert "/StructTreeRoot" in root and root["/Lang"] == "en-GB"
    text = " ".join(page.extract_text() for page in pdf.pages)
    for words in (
        "Brookside Primary School", "Curriculum and teaching", "Strong standard", "Needs attention",
        "this is not a fail", "Pupils are proud of their school", "What the school should do next",
    ):  # fmt: skip
        assert words in " ".join(text.split()), words
    # It says it conforms to PDF/UA, in its metadata, as the variant writes it.
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


@pytest.mark.django_db
def test_the_pdf_shows_the_schools_inspections_as_its_page_does(report_at, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inspection, _ = report_at("published")
    version = published_report(inspection)
    assert version is not None
    version.refresh_from_db()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(version.pdf.open("rb")).pages).split())
    assert "The school's inspections" in text and "Each area of the school is judged on its own" in text
    assert f"Inspection number {version.report.inspection_number}" in text
