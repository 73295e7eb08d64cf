"""Each role's journey from its first screen, in Debian's Chromium at 1366×768 and 390×844.

A person signs in and finds the next task on the home page (the inbox): following it
opens the task's own page. The chair of the open 2016 year asks for the dossier and is
told what is missing instead of getting a signed file with blanks; the auditor reads the
log in sentences and a bad date is refused beside its field. On every page: axe-core
finds no serious or critical violation, nothing is wider than a phone, a screenshot is
written to tests/browser/screenshots/journeys/ (not committed).

Voting from a phone, its receipt and the close check page: test_vote_phone.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import ARGS, AXE, CHROMIUM, SIZES, axe_violations, sign_in, too_wide

SHOTS = Path(__file__).with_name("screenshots") / "journeys"
# sign-in → what its inbox must offer (the text of a task link)
INBOX = {
    "langson": "Đăng ký thi đua năm 2016",  # member clerk
    "laocai": "Đăng ký thi đua năm 2016 với Tổng Liên đoàn",  # chair 2016
    "caobang": "Đăng ký thi đua năm 2016",  # chair 2015, member 2016
    "tld": "",  # TLĐ officer: proposals to receive, or nothing waiting
    "bcd.langson": "",  # steering committee
    "thamdinh.langson": "",  # reviewer
    "vanquan": "",  # reporting district
}


class Walk:
    """One person at one size: pages visited, each checked and photographed."""

    def __init__(self, page: Any, who: str, size: str, width: int) -> None:
        self.page, self.who, self.size, self.width = page, who, size, width
        self.problems: list[str] = []
        self.count = 0

    def check(self, name: str) -> None:
        self.count += 1
        slug = f"{self.who}-{self.count:02d}-{name}-{self.size}"
        self.page.screenshot(path=str(SHOTS / f"{slug}.png"), full_page=True)
        wide = too_wide(self.page, self.width)
        if wide:
            self.problems.append(f"{slug}: {wide} px wide")
        for found in axe_violations(self.page):
            self.problems.append(f"{slug}: {found}")


def inbox_links(page: Any) -> list[Any]:
    return page.locator("main ul.inbox a").all()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run scripts/bootstrap.sh")
def test_each_role_finds_its_next_task_on_the_first_screen(demo_site: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, (width, height) in SIZES.items():
            for who, task in INBOX.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, bypass_csp=True
                )
                page = context.new_page()
                walk = Walk(page, who, size, width)
                sign_in(page, demo_site, who)
                expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
                walk.check("home")
                links = inbox_links(page)
                if task:
                    link = page.locator("main ul.inbox a", has_text=task).first
                    expect(link).to_be_visible()
                elif links:
                    link = links[0]
                else:
                    expect(page.locator("main")).to_contain_text("Không có việc")
                    link = None
                if link is not None:
                    name = link.inner_text().strip()
                    link.click()
                    page.wait_for_load_state()
                    heading = page.locator("main h1").first
                    expect(heading).to_be_visible()
                    assert page.url != demo_site + "/", f"{who}: {name} led nowhere"
                    walk.check("task")
                problems += walk.problems
                context.close()
        browser.close()
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run scripts/bootstrap.sh")
def test_the_chair_is_stopped_before_signing_a_dossier_with_blanks(demo_site: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, (width, height) in SIZES.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, bypass_csp=True
            )
            page = context.new_page()
            walk = Walk(page, "laocai", size, width)
            sign_in(page, demo_site, "laocai")
            page.goto(demo_site + "/clusters")
            page.get_by_role("link", name="2016").first.click()
            expect(page.get_by_role("heading", name="Các bước của năm thi đua")).to_be_visible()
            walk.check("year")
            # a step not possible yet is greyed with its reason, not linked
            blocked = page.locator("ol.task-list li.blocked").first
            expect(blocked).to_contain_text("Chưa thể làm")
            assert blocked.locator("a").count() == 0
            page.get_by_role("link", name="Hồ sơ gửi Tổng Liên đoàn (PDF, ký số)").click()
            expect(page.get_by_role("alert")).to_contain_text("Chưa thể ký hồ sơ")
            gaps = page.locator("ol.gaps > li")
            expect(gaps.first).to_be_visible()
            said = " ".join(gaps.all_inner_texts())
            for words in ("Chưa gửi báo cáo tổng kết năm", "Chưa được thẩm định", "Lạng Sơn"):
                assert words in said, said
            assert page.locator("a[href$='bundle.pdf']").count() == 0  # no file offered
            walk.check("dossier-missing")
            problems += walk.problems
            context.close()
        browser.close()
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run scripts/bootstrap.sh")
def test_the_auditor_reads_the_log_in_words_by_vietnam_time(demo_site: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, (width, height) in SIZES.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, bypass_csp=True
            )
            page = context.new_page()
            walk = Walk(page, "kiemtoan", size, width)
            sign_in(page, demo_site, "kiemtoan")
            page.goto(demo_site + "/audit")
            rows = page.locator("table.history tbody tr")
            expect(rows.first).to_be_visible()
            assert rows.count() <= 50  # a page at a time
            first = rows.first.inner_text()
            assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", first), first
            assert not re.search(r"\b[a-z]+_[a-z_]+\b|[0-9a-f]{32}", first), first
            walk.check("audit")
            page.fill("input[name=from]", "31/02/2016")
            page.get_by_role("button", name="Lọc").click()
            expect(page.locator("#e-from")).to_contain_text("không phải ngày có thật")
            expect(page.locator("input[name=from]")).to_have_value("31/02/2016")
            walk.check("audit-bad-date")
            problems += walk.problems
            context.close()
        browser.close()
    assert not problems, "\n".join(problems)
