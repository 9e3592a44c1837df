"""The page furniture every page relies on: start page, security headers, assets, and the error pages."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from fairinspect.web.middleware import StaticFilesMiddleware

from tests.factories import PASSWORD
from tests.html import attribute, find, find_all, page, text

pytestmark = pytest.mark.django_db


def test_start_page_searches_schools(client):
    document = page(client.get(reverse("schools:start")))
    assert text(find(document, "h1")) == "Find a school's inspections"
    form = find(document, "form")
    assert attribute(form, "action") == reverse("schools:search") and attribute(form, "method") == "get"
    assert attribute(find(form, "input", id="id_q"), "name") == "q"


PUBLIC_PAGE_TITLES = {
    "start": (lambda school: reverse("schools:start"), "Find a school's inspections"),
    "accessibility statement": (lambda school: reverse("web:accessibility"), "Accessibility statement"),
    "search": (lambda school: reverse("schools:search") + "?q=oakfield", "Find a school"),
    "school page": (lambda school: reverse("outcomes:school", args=[school.urn]), "Oakfield Primary School"),
    "sign-in": (lambda school: reverse("accounts:sign-in"), "Sign in"),
    "not found": (lambda school: "/no-such-page/", "Page not found"),
}


@pytest.mark.parametrize("name", PUBLIC_PAGE_TITLES)
def test_every_public_page_has_a_title_naming_the_page_and_the_service(client, make_school, name):
    path, title = PUBLIC_PAGE_TITLES[name]
    response = client.get(path(make_school(name="Oakfield Primary School")))
    assert text(find(find(page(response), "head"), "title")) == f"{title} – School inspections"


def test_csp_header_is_sent_and_the_inline_script_carries_this_responses_nonce(client):
    nonces = []
    for _ in range(2):
        response = client.get(reverse("schools:start"))
        policy = response["Content-Security-Policy"]
        nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
        inline_scripts = [script for script in find_all(page(response), "script") if attribute(script, "src") is None]
        assert [attribute(script, "nonce") for script in inline_scripts] == [nonce]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        nonces.append(nonce)
    assert nonces[0] != nonces[1], "a nonce must not be reused between responses"


def test_no_inline_styles_or_event_handlers(client):
    for path in (reverse("schools:start"), reverse("schools:search") + "?q=x", reverse("accounts:sign-in")):
        html = client.get(path).content.decode()
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


@pytest.mark.parametrize(
    "path",
    [
        "/static/govuk/govuk-frontend.min.css",
        "/static/govuk/govuk-frontend.min.js",
        "/static/web/init.js",
        # The precompiled stylesheet asks for its fonts and images at /assets/.
        "/assets/fonts/bold-b542beb274-v2.woff2",
        "/assets/images/govuk-crest.svg",
    ],
)
def test_govuk_frontend_assets_are_served_by_the_app(client, path):
    response = client.get(path)
    assert response.status_code == 200
    response.close()


def test_stylesheet_asks_for_assets_only_where_they_are_served(client):
    css = b"".join(client.get("/static/govuk/govuk-frontend.min.css").streaming_content).decode()
    for url in set(re.findall(r"url\(([^)]+)\)", css)):
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_not_found_is_a_govuk_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    document = page(response)
    assert text(find(document, "h1")) == "Page not found"
    assert find(document, cls="govuk-header") and find(document, cls="govuk-footer")


@pytest.mark.urls("tests.web.error_urls")
def test_forbidden_is_a_govuk_page_saying_why_when_the_refusal_says(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert text(find(page(response), "h1")) == "You cannot see this page"
    assert text(find_all(find(page(response), "main"), "p")[0]).startswith("Your account does not give you access")

    reasoned = client.get("/forbidden-with-reason/")
    assert text(find_all(find(page(reasoned), "main"), "p")[0]) == "Only schedulers may plan inspections."


def test_a_form_sent_without_its_csrf_token_gets_a_govuk_page(make_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:sign-in"), {"username": make_user().username, "password": PASSWORD})
    assert response.status_code == 403
    assert text(find(page(response), "h1")) == "Sorry, we could not accept that form"
    assert SESSION_KEY not in client.session


@pytest.mark.urls("tests.web.error_urls")
def test_server_error_is_a_govuk_page_drawn_without_the_database(client, make_user, django_assert_num_queries):
    client.force_login(make_user())
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/broken/")
    assert response.status_code == 500
    document = page(response)
    assert text(find(document, "h1")) == "Sorry, there is a problem with the service"
    assert "Nothing you entered has been saved." in text(find(document, "main"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert attribute(find_all(document, "script")[0], "nonce") == nonce


@pytest.mark.parametrize("path", ["/", "/api/v1/openapi.json"])
def test_a_host_not_allowed_gets_the_400_page_not_a_server_error(client, path):
    # Django refuses the Host before the signed-in user is read; the page for it used to need the user, and failed.
    response = client.get(path, HTTP_HOST="not-this-service.example")
    assert response.status_code == 400
    assert text(find(page(response), "h1")) == "Sorry, there is a problem with that request"


def serve(path: str) -> tuple[int, bytes]:
    """What a fresh StaticFilesMiddleware, set up from the settings as they are, answers for `path`."""
    response = StaticFilesMiddleware(lambda request: HttpResponse(status=404))(RequestFactory().get(path))
    try:
        return response.status_code, response.getvalue()
    finally:
        response.close()


def test_collected_govuk_assets_are_served_at_assets_without_node_modules(settings, tmp_path, monkeypatch):
    """In production collectstatic has copied the assets to STATIC_ROOT, and node_modules need not exist."""
    (tmp_path / "govuk" / "assets" / "images").mkdir(parents=True)
    (tmp_path / "govuk" / "assets" / "images" / "crest.svg").write_text("<svg>collected</svg>")
    settings.STATIC_ROOT = tmp_path
    monkeypatch.setattr(finders, "find", lambda path, **options: None)

    assert serve("/assets/images/crest.svg") == (200, b"<svg>collected</svg>")


def test_without_collected_assets_the_finders_serve_them(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # collectstatic has not run
    crest = Path(finders.find("govuk/assets/images/govuk-crest.svg"))

    assert serve("/assets/images/govuk-crest.svg") == (200, crest.read_bytes())
