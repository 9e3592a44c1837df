"""What every page needs to draw the GOV.UK header, navigation and footer."""

from django.conf import settings

from fairinspect.web.navigation import footer_links, links_for, service_navigation

# The service's front page is the site's root, whichever app serves it.
SERVICE_URL = "/"


def service_identity() -> dict:
    """The service's name and home, which need neither the request nor the database."""
    return {"service_name": settings.FAIRINSPECT["SERVICE_NAME"], "service_url": SERVICE_URL}


def service(request):
    return {
        **service_identity(),
        "navigation": links_for(service_navigation, request.user, request.path),
        "footer_links": links_for(footer_links, request.user),
    }
