"""What the browser tests share: signing in as a demo account, axe-core's verdict on a
page, the page's width on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from web.cli.users import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def sign_in(page: Any, base: str, user: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/login" not in page.url, f"{user} could not sign in: {page.inner_text('main')}"


def axe_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ' (' + v.impact + '): ' +
                   v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return list(found)


def too_wide(page: Any, width: int) -> int | None:
    """The page's width when it scrolls sideways, else None."""
    scroll = int(page.evaluate("document.documentElement.scrollWidth"))
    return scroll if scroll > width else None
