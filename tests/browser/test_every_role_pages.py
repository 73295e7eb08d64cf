"""Every demo role's pages in a real browser (Debian's Chromium), at 1366×768 and 390×844.

Each demo sign-in (README, "Demo sign-ins") opens its home page and follows the links it
is offered (the header's and the page's own, two steps deep, one page per kind of
address), as a person would. On every page visited, at both sizes:

- axe-core (npm's `axe-core`, installed by scripts/bootstrap.sh into node_modules/) is
  injected by Playwright and finds no serious or critical violation;
- at 390 px, nothing is wider than the screen (`scrollWidth` ≤ the viewport's width).

Screenshots of every page at both sizes go to tests/browser/screenshots/roles/ (not
committed). Pages that still fail are named below, by address pattern: those lists must
only shrink; a page on them that passes is reported so that it can be taken off.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import ARGS, AXE, CHROMIUM, SIZES, axe_violations, sign_in

SHOTS = Path(__file__).with_name("screenshots") / "roles"
ROLES = [
    "quantri",  # administrator
    "caobang",  # chair 2015
    "laocai",  # vice-chair 2015, chair 2016
    "langson",  # member unit
    "tld",  # TLĐ officer
    "kiemtoan",  # auditor
    "bcd.langson",  # review steering committee
    "thamdinh.langson",  # reviewer
    "vanquan",  # reporting district
]
PAGES_PER_ROLE = 12
# Not followed: acts and files (sign-out and language are forms; these are links that
# start work or answer a file), and pages outside the person's journey.
SKIP = re.compile(
    r"(\.pdf|\.csv|\.xlsx|/export|/bundle$|/download|/files?/|/api/|/healthz|/openapi|/static/"
    r"|/logout|/revoke|/account/)"
)
ID = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Pages (address patterns) that still scroll sideways at 390 px. This list must shrink:
# each is a colleague's page in issue 15's work; take it off once it passes.
KNOWN_WIDE: set[str] = set()
# Pages (address patterns) with a serious or critical axe violation. Must shrink too.
KNOWN_AXE: set[str] = set()


def pattern(url: str) -> str:
    """The kind of page an address is: ids and numbers replaced, the query dropped."""
    path = urlsplit(url).path
    return re.sub(r"/\d+(?=/|$)", "/{n}", ID.sub("{id}", path))


def links(page: Any, base: str) -> list[str]:
    """The page's own links first (its tasks, polls, reports), then the header's."""
    script = "els => els.map(e => e.href)"
    hrefs: list[str] = page.eval_on_selector_all("main a[href]", script)
    hrefs += page.eval_on_selector_all("header a[href]", script)
    return [h.split("#")[0] for h in hrefs if h.startswith(base) and not SKIP.search(h)]


def walk(page: Any, base: str) -> list[str]:
    """The role's pages: home, then what it links to, two steps deep, one per pattern."""
    seen: set[str] = set()
    chosen: list[str] = []
    frontier = [base + "/"]
    for _depth in range(3):
        following: list[str] = []
        for url in frontier:
            if len(chosen) >= PAGES_PER_ROLE or pattern(url) in seen:
                continue
            response = page.goto(url)
            if response is None or response.status >= 400:
                continue
            seen.add(pattern(url))
            chosen.append(url)
            following += links(page, base)
        frontier = following
    return chosen


@pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run scripts/bootstrap.sh")
def test_every_role_pages_readable_on_a_phone_and_accessible(demo_site: str) -> None:
    from playwright.sync_api import sync_playwright

    base = demo_site
    SHOTS.mkdir(parents=True, exist_ok=True)
    wide: dict[str, str] = {}  # pattern -> "role url: width"
    axe: dict[str, str] = {}  # pattern -> "role url: violations"
    visited: set[str] = set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for role in ROLES:
            pages: list[str] = []
            for size, (width, height) in SIZES.items():
                # bypass_csp: only so that the test can inject axe; the pages run no script
                context = browser.new_context(
                    viewport={"width": width, "height": height}, bypass_csp=True
                )
                page = context.new_page()
                sign_in(page, base, role)
                if not pages:
                    pages = walk(page, base)
                for i, url in enumerate(pages):
                    page.goto(url)
                    kind = pattern(url)
                    visited.add(kind)
                    slug = re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-") or "home"
                    page.screenshot(
                        path=str(SHOTS / f"{role}-{i:02d}-{slug}-{size}.png"), full_page=True
                    )
                    if size == "phone":
                        scroll = page.evaluate("document.documentElement.scrollWidth")
                        if scroll > width:
                            wide.setdefault(kind, f"{role} {url}: {scroll} px")
                    problems = axe_violations(page)
                    if problems:
                        axe.setdefault(kind, f"{role} {url} ({size}): " + "; ".join(problems))
                context.close()
        browser.close()

    assert len(visited) >= 15, f"too few kinds of page visited: {sorted(visited)}"
    new_wide = [v for k, v in wide.items() if k not in KNOWN_WIDE]
    new_axe = [v for k, v in axe.items() if k not in KNOWN_AXE]
    passing = sorted((KNOWN_WIDE - set(wide)) | (KNOWN_AXE - set(axe)))
    if passing:
        warnings.warn(f"now passing, take off KNOWN_WIDE/KNOWN_AXE: {passing}", stacklevel=1)
    assert not new_wide and not new_axe, (
        f"visited: {sorted(visited)}\n"
        + "wider than a 390 px phone:\n"
        + "\n".join(new_wide)
        + "\nserious or critical axe violations:\n"
        + "\n".join(new_axe)
    )
