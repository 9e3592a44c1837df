"""A real browser for the accessibility tests: Debian's Chromium, driven by Playwright, one for all of them.

Each test gets a fresh browser context (no cookies) and a page whose console errors and uncaught exceptions
are collected, so a test can insist that GOV.UK Frontend's JavaScript ran cleanly under the CSP. A test signs
the browser in as a user with a real session of the live server.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import ConsoleMessage, Page, sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: run scripts/ensure-chromium (or set CHROMIUM_PATH), "
            "or leave the browser tests out with -m 'not browser'"
        )
    # Playwright's synchronous API keeps an event loop running in this thread, which makes Django refuse
    # database calls from the tests as if they came from async code. They do not, so allow them while the
    # browser lives; package scope closes it (and this) before any other package's tests run.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # Playwright gives the browser a new, empty profile directory of its own on every launch.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class BrowserPage:
    """A page in a fresh context, and what went wrong in its JavaScript."""

    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)

    def open(self, path: str, status: int = 200) -> Page:
        # What went wrong on the page before is that page's business, checked before moving on.
        self.errors.clear()
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path}: expected {status}, got {response.status}"
        # A page that redirects (to sign-in, say) would have axe check the wrong page and pass.
        assert self.page.url == self.base_url + path, f"{path}: redirected to {self.page.url}"
        return self.page

    def sign_in(self, user) -> None:
        """Signs the browser in as `user` alone (any earlier session is dropped).

        Django's own login() makes the session, as the sign-in form would; the form itself is tested once in
        test_accessibility, and going through it on every page would only make the suite slower.
        """
        client = Client()
        client.force_login(user)
        context = self.page.context
        context.clear_cookies()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
              "url": self.base_url}]
        )

    def console_error(self, message: ConsoleMessage) -> None:
        location = message.location.get("url", "")
        # Chromium logs a page that answers 404 (on purpose, the not-found page) as a failed resource.
        if message.text.startswith("Failed to load resource") and location == self.page.url:
            return
        self.errors.append(f"console {message.type}: {message.text} ({location})")


@pytest.fixture
def browser_page(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    visit = BrowserPage(page=page, base_url=live_server.url)
    page.on("console", lambda message: message.type == "error" and visit.console_error(message))
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught exception: {error}"))
    yield visit
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return (settings.NODE_MODULES_DIR / "axe-core" / "axe.min.js").read_text()
