"""Running axe-core, the accessibility engine, on a page in the browser and reporting what it finds."""

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
