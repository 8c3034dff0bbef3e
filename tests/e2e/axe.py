"""axe-core, vendored under tests/e2e/vendor/axe-core (never a CDN), run in a Playwright page."""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """Run axe-core on the loaded page (evaluated through the DevTools protocol: the site's CSP, which forbids
    inline scripts, stays in force for the page itself) and return its serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + n.failureSummary)}));
        }"""
    )
    return [v for v in result if v["impact"] in BLOCKING]
