"""A report card as a PDF: the same template as its page (`reports/_card.html`), rendered by WeasyPrint in its
PDF/UA variant, so that the file is tagged (headings, lists, reading order) and its text can be extracted and
read aloud."""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from fairinspect.core import working_days
from fairinspect.outcomes.selectors import PublishedInspection

# WeasyPrint logs each step of each document, and fontTools each font it subsets, at INFO: a worker's log would be
# mostly that.
for _chatty in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_chatty).setLevel(logging.WARNING)

# Plain print styles: GOV.UK Frontend's stylesheet is for screens, and its fonts are not the PDF's to embed.
_PRINT_CSS = CSS(
    string="""
    @page { size: A4; margin: 2cm 1.8cm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; } }
    body { font-family: sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c; }
    h1 { font-size: 20pt; margin: 0 0 6pt; } h2 { font-size: 14pt; margin: 16pt 0 6pt; } h3 { font-size: 12pt; }
    dl { margin: 0 0 12pt; } dt { font-weight: bold; margin-top: 8pt; } dd { margin: 2pt 0 0 0; }
    .govuk-caption-l, .govuk-body-s { color: #505a5f; }
    .govuk-summary-card__title-wrapper { border-bottom: 1pt solid #b1b4b6; }
    a { color: #1d70b8; }
    """
)


def render_card_pdf(
    content: dict, *, version_number: int, history: Sequence[PublishedInspection] = (), replaced: bool = False
) -> bytes:
    """The PDF of one version of a report card, with the school's published inspections (`selectors.card_history`)
    as they stand when it is made, as its page shows them."""
    html = render_to_string(
        "reports/card_document.html",
        {
            "card": content,
            "version_number": version_number,
            "replaced": replaced,
            "history": history,
            "school": content["school"],
            "made_on": working_days.today(),
            "service_name": settings.FAIRINSPECT["SERVICE_NAME"],
        },
    )
    return HTML(string=html).write_pdf(stylesheets=[_PRINT_CSS], pdf_variant="pdf/ua-1")
