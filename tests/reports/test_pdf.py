"""A report card's PDF: made from the page's template by WeasyPrint's PDF/UA variant, tagged, its text
extractable, and made once however often its task runs."""

import io

from pypdf import PdfReader

from fairinspect.reports.pdf import render_card_pdf
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
