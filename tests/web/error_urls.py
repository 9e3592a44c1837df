"""The project's URLs plus two that fail on purpose, to see the 403 and 500 pages users would get."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from fairinspect.urls import handler400, handler403, handler404, handler500, urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request):
    raise PermissionDenied


def forbidden_with_reason(request):
    raise PermissionDenied("Only schedulers may plan inspections.")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("forbidden/", forbidden),
    path("forbidden-with-reason/", forbidden_with_reason),
    path("broken/", broken),
    *project_urlpatterns,
]
