"""The JSON API (django-ninja) under /api/v1/. Each app contributes its own router."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError

from fairinspect.schools.api import router as schools_router

api = NinjaAPI(
    title="fairinspect API",
    version="1",
    description="School inspections in England: the school registry and published inspection outcomes.",
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


@api.exception_handler(ValidationError)
def invalid_request(request, exc: ValidationError):
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", ())), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    summary = "; ".join(f"{error['location']}: {error['message']}" for error in errors)
    return api.create_response(request, {"detail": f"Invalid request: {summary}", "errors": errors}, status=422)


api.add_router("", schools_router)
