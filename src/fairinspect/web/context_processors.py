"""What every page needs to draw the GOV.UK header and navigation."""

from django.conf import settings
from django.urls import reverse

from fairinspect.accounts.selectors import navigation_for


def service_identity() -> dict:
    """The service's name and home, which need neither the request nor the database."""
    return {"service_name": settings.FAIRINSPECT["SERVICE_NAME"], "service_url": reverse("web:start")}


def service(request):
    return {**service_identity(), "navigation": navigation_for(request.user, request.path)}
