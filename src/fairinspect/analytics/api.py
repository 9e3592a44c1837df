"""The open data over HTTP, open to everyone: the Data Package descriptor (schemas and audit checkpoint), the
published inspections as CSV or as pages of JSON, and the consistency figures' input (see analytics.opendata)."""

from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from ninja import Router
from ninja.pagination import paginate

from fairinspect.analytics import opendata
from fairinspect.analytics.figure_tables import FIGURE_TABLES
from fairinspect.web.api_errors import Problem, ValidationProblem
from fairinspect.web.api_inputs import Pages

router = Router(tags=["open data"])
_CSV = {"responses": {200: {"description": "The table as CSV (UTF-8), described by datapackage.json.",
                            "content": {"text/csv": {"schema": {"type": "string"}}}}}}  # fmt: skip


def _csv(name: str, lines) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@router.get("/opendata/datapackage.json", response={200: dict[str, Any]}, url_name="opendata-package")
def package(request, response: HttpResponse):
    """The Frictionless Data Package descriptor: each table's schema, the licence, and the latest audit
    checkpoint (a signed statement of the audit trail's head when it was made)."""
    # The checkpoint verifies the whole audit chain first, which grows with every decision: a copy up to ten
    # minutes old is as good an anchor, so caches in between may keep it that long.
    response["Cache-Control"] = "public, max-age=600"
    return opendata.datapackage()


@router.get("/opendata/inspections.csv", url_name="opendata-inspections-csv", openapi_extra=_CSV)
def inspections_csv(request):
    """Every published inspection, one row each and one column per area, with the inspectorate's headers (the
    file imports back through `fairinspect import_outcomes`)."""
    frameworks = opendata.published_frameworks()
    return _csv(opendata.INSPECTIONS, opendata.csv_lines(opendata.inspection_headers(frameworks), opendata.inspection_rows(frameworks)))


@router.get("/opendata/inspections", response={200: list[dict[str, Any]], 422: ValidationProblem}, url_name="opendata-inspections")
@paginate(Pages, page_size=500, max_page_size=1000)
def inspections_json(request):
    """The same rows as inspections.csv, as JSON objects keyed by its headers, a page at a time."""
    return _Rows()


class _Rows:
    """The published inspections as a sequence ninja's pagination can count and slice without reading them all."""

    def __init__(self):
        self._frameworks = opendata.published_frameworks()

    def count(self) -> int:
        return opendata.published_outcomes(self._frameworks).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        outcomes = opendata.published_outcomes(self._frameworks)[window]
        return [opendata.json_value(row) for row in opendata.inspection_rows(self._frameworks, outcomes)]


@router.get("/opendata/figures/{name}.csv", response={404: Problem}, url_name="opendata-figures", openapi_extra=_CSV)
def figures_csv(request, name: str):
    """One analytics page's figures that the published inspections cannot make again, as its page gives them:
    monthly-rates, time-to-publish, impact-survey or proposed-grades (each described in datapackage.json)."""
    table = FIGURE_TABLES.get(name)
    if table is None:
        raise Http404(f"The open data has no figures called {name!r}: it has {', '.join(FIGURE_TABLES)}.")
    return _csv(table.name, opendata.csv_lines(table.headers, table.rows()))


@router.get("/opendata/lead-residuals.csv", url_name="opendata-lead-residuals", openapi_extra=_CSV)
def lead_residuals_csv(request):
    """Per inspection led through fairinspect: its framework, the lead's pseudonymous code and its residual, the
    consistency page's input; nothing says which inspection it was."""
    return _csv(opendata.LEAD_RESIDUALS, opendata.csv_lines(opendata.LEAD_RESIDUAL_HEADERS, opendata.lead_residual_rows()))
