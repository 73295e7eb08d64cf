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
import threading
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from domain.org.unit import Unit
from service.accounts import accounts
from service.audit.schema import create_schema
from service.demo.cluster_year import load_demo
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from web.cli.users import DEMO_ACCOUNTS, DEMO_PASSWORD
from web.shell.store import EXTENSION
from web.site.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).with_name("screenshots") / "roles"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
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


@pytest.fixture
def demo_site(tmp_path: Path, ballot_key: Path) -> Iterator[str]:
    """The README's demo and its sign-ins, served on a free port (ballots sealed with this
    test's own key: conftest's ballot_key)."""
    tmp = tmp_path
    url = f"sqlite:///{tmp / 'events.sqlite3'}"
    create_schema(url)
    app = ThiduaApplication(url)
    load_demo(app)
    for username, name, unit, roles in DEMO_ACCOUNTS:
        if unit and not app.exists(Unit.id_for(unit)):
            continue
        accounts.create_account(
            app, SYSTEM_PRINCIPAL, username, name, unit, roles, DEMO_PASSWORD, date(2015, 1, 1)
        )
    app.close()
    flask_app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "browser-test",
            "SESSION_COOKIE_SECURE": False,
            "LOGIN_LIMIT": "1000 per minute",
            "UPLOAD_DIR": str(tmp / "up"),
        }
    )
    flask_app.extensions["thidua.uploads"].root = tmp / "up"
    http = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(10)
        flask_app.extensions[EXTENSION].close()


def sign_in(page: Any, base: str, user: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/login" not in page.url, f"{user} could not sign in: {page.inner_text('main')}"


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
