"""Running axe-core, the accessibility engine, on a page in the browser, and the checks every page must pass."""

from playwright.sync_api import Page

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it stands.

    axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern,
    so the policy stays on and the page is checked exactly as users get it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    results = page.evaluate(
        "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    return results["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


def assert_accessible_and_scripted(visit, axe_source: str, where: str) -> None:
    """No WCAG 2.2 AA violation, every GOV.UK component initialised, and no JavaScript error.

    `visit` is the `browser_page` fixture's BrowserPage.
    """
    violations = axe_violations(visit.page, axe_source)
    assert not violations, f"{where}: axe found WCAG 2.2 AA violations:\n{describe(violations)}"
    uninitialised = visit.page.evaluate(
        """() => [...document.querySelectorAll('[data-module]')]
                 .filter(el => !el.hasAttribute(`data-${el.dataset.module}-init`))
                 .map(el => el.dataset.module)"""
    )
    assert visit.page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')"), (
        f"{where}: the template's inline script did not run (is its CSP nonce right?)"
    )
    assert not uninitialised, f"{where}: GOV.UK Frontend did not start these components: {uninitialised}"
    assert not visit.errors, f"{where}: JavaScript problems:\n" + "\n".join(visit.errors)
    assert_reflows(visit.page, where)


def assert_reflows(page: Page, where: str) -> None:
    """At 320 CSS pixels wide (400% zoom of a 1280px screen) nothing needs scrolling sideways (WCAG 1.4.10)."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{where}: at 320px wide the page is {width}px wide, so it scrolls sideways"
    finally:
        page.set_viewport_size(viewport)
