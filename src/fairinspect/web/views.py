from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.templatetags.static import static
from django.template.loader import render_to_string

from fairinspect.web.context_processors import service_identity
from fairinspect.web.navigation import footer_links, links_for


def accessibility(request):
    return render(request, "web/accessibility.html", {"page_title": "Accessibility statement"})


def favicon(request):
    # Pages name GOV.UK Frontend's icons in their head; browsers still ask the root for one (for the API's JSON).
    return HttpResponsePermanentRedirect(static("govuk/assets/images/favicon.ico"))


def _error_page(request, status: int, title: str, *advice: str):
    return render(request, "web/error.html", {"page_title": title, "advice": advice}, status=status)


def _bare_error_page(request, status: int, title: str, *advice: str):
    """An error page drawn without the context processors, which read the request's user (and so the database)."""
    context = {
        **service_identity(),
        "navigation": [],
        "footer_links": links_for(footer_links, None),
        "csp_nonce": get_nonce(request),
        "page_title": title,
        "advice": advice,
    }
    return HttpResponse(render_to_string("web/error.html", context), status=status)


def bad_request(request, exception=None):
    # Django refuses some requests (a Host header not in ALLOWED_HOSTS, say) in middleware that runs before the
    # signed-in user is read, so this page must not need one: drawn bare, it is a 400 rather than a second error.
    return _bare_error_page(request, 400, "Sorry, there is a problem with that request", "Go back and try again.")


def permission_denied(request, exception=None):
    # A refusal raised by our own code says why (e.g. "Only schedulers may plan inspections"); say it too.
    reason = str(exception) if exception is not None and exception.args else ""
    return _error_page(
        request,
        403,
        "You cannot see this page",
        *([reason] if reason else []),
        "Your account does not give you access to this page. If you think it should, contact the "
        "inspectorate's service desk.",
    )


def csrf_failure(request, reason=""):
    return _error_page(
        request,
        403,
        "Sorry, we could not accept that form",
        "This happens when a page has been open for a long time, or when your browser blocks cookies.",
        "Go back, reload the page and try again. Nothing you entered has been saved.",
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct.",
        "If you pasted the web address, check you copied the entire address.",
    )


def server_error(request):
    # Drawn bare: the database may be what failed. The page offers no navigation rather than risk failing itself.
    return _bare_error_page(
        request, 500, "Sorry, there is a problem with the service", "Try again later. Nothing you entered has been saved."
    )
