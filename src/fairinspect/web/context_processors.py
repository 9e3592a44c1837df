"""What every page needs to draw the GOV.UK header and navigation."""

from django.conf import settings
from django.urls import reverse

from fairinspect.accounts.selectors import navigation_for


def service(request):
    return {
        "service_name": settings.FAIRINSPECT["SERVICE_NAME"],
        "service_url": reverse("web:start"),
        "navigation": navigation_for(request.user, request.path),
    }
