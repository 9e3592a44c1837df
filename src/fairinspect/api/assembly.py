"""The JSON API (django-ninja) under /api/v1/. Each app contributes its own router."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError

from fairinspect.complaints.api import router as complaints_router
from fairinspect.analytics.api import router as analytics_router
from fairinspect.core.errors import DomainError
from fairinspect.evidence.api import router as evidence_router
from fairinspect.grading.api import router as grading_router
from fairinspect.inspections.api import router as inspections_router
from fairinspect.outcomes.api import router as outcomes_router
from fairinspect.reports.api import public as report_cards_router
from fairinspect.reports.api import router as reports_router
from fairinspect.scheduling.api import router as scheduling_router
from fairinspect.schools.api import router as schools_router
from fairinspect.workforce.api import router as workforce_router

api = NinjaAPI(
    title="fairinspect API",
    version="1",
    description=(
        "School inspections in England. Open to everyone: schools, from the national registry, and their "
        "published inspection outcomes; the open data (every published inspection as CSV or JSON, with its schema). "
        "For signed-in staff, as their role allows: inspections through their life (planning, teams, notice, "
        "pauses, deferrals and standing offers to defer, national halts), the evidence written on site and its grading "
        "(the grades that follow from it), reports from the draft to publication, the inspectors who carry them out (their "
        "training, time away, conflicts of interest, withdrawal), plans of a term's inspections and teams, and "
        "concerns and complaints about inspections (seen only by the school concerned and the complaints team). "
        "Published report cards are open to everyone."
    ),
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    # Without this Django would answer an API client with the HTML "You cannot see this page".
    return api.create_response(request, {"detail": str(exc) or "Your account may not do this"}, status=403)


@api.exception_handler(ValidationError)
def invalid_request(request, exc: ValidationError):
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", ())), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    summary = "; ".join(f"{error['location']}: {error['message']}" for error in errors)
    return api.create_response(request, {"detail": f"Invalid request: {summary}", "errors": errors}, status=422)


@api.exception_handler(DomainError)
def refused(request, exc: DomainError):
    """A service refused the change: 403 (who), 409 (state) or 422 (data), with a message to act on."""
    return api.create_response(request, exc.as_dict(), status=exc.status)


api.add_router("", schools_router)
api.add_router("", outcomes_router)
api.add_router("", inspections_router)
api.add_router("", workforce_router)
api.add_router("", evidence_router)
api.add_router("", grading_router)
api.add_router("", scheduling_router)
api.add_router("", report_cards_router)
api.add_router("", reports_router)
api.add_router("", complaints_router)
api.add_router("", analytics_router)
