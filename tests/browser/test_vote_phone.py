"""Voting from a phone at the conference (390×844), in Debian's Chromium: a member opens
the poll, sees one large "Bỏ phiếu", ticks one radio button, votes and sees its receipt;
the poll page then says when it voted instead of offering the ballot again; the chair
reads the check page (turnout against quorum, who has not voted) and closes; the result
lists the counted ballots' marks, the member's among them. No page scrolls sideways.
Screenshots at 390×844 and 1366×768 go to tests/browser/screenshots/ (not committed)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service.accounts import accounts
from service.audit.schema import create_schema
from service.demo.cluster_year import Demo
from service.demo.cluster_year_data import PROVINCES
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.polls import polls
from web.shell.store import EXTENSION
from web.site.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SHOTS = Path(__file__).with_name("screenshots")
PASSWORD = "mat-khau-thu-nghiem"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}


@pytest.fixture
def served_poll(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The demo cluster's 2015 year with a secret one-choice poll open (leading unit,
    Lạng Sơn or Quảng Ninh), one account per province: the site's address and poll."""
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    create_schema(url)
    app = ThiduaApplication(url)
    demo = Demo(app)
    demo.units_and_cluster()
    year_id = demo.open_and_adopt()
    for code, name in PROVINCES:
        accounts.create_account(
            app, SYSTEM_PRINCIPAL, code.lower(), f"Cán bộ {name}", code, [], PASSWORD,
            date(2015, 1, 1),
        )  # fmt: skip
    options = [demo.unit("LANGSON"), demo.unit("QUANGNINH")]
    poll = polls.open_poll(
        app, demo.officer("CAOBANG"), year_id, "leading", options, date(2015, 12, 10)
    )
    app.close()
    flask_app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "browser-test", "SESSION_COOKIE_SECURE": False,
         "TODAY": "2015-12-10", "LOGIN_LIMIT": "1000 per minute",
         "UPLOAD_DIR": str(tmp_path / "up")}
    )  # fmt: skip
    http = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}", poll.hex
    finally:
        http.shutdown()
        thread.join(10)
        flask_app.extensions[EXTENSION].close()


def test_a_member_votes_from_a_phone_and_sees_its_receipt(
    served_poll: tuple[str, str],
) -> None:
    from playwright.sync_api import Page, expect, sync_playwright

    base, poll = served_poll
    SHOTS.mkdir(exist_ok=True)

    def fits(page: Page) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], (page.url, width)  # type: ignore[index]

    def shot(page: Page, name: str) -> None:
        fits(page)
        page.screenshot(path=str(SHOTS / f"poll-{name}.png"), full_page=True)

    def login(page: Page, user: str) -> None:
        page.goto(base + "/login")
        page.get_by_label("Tên đăng nhập").fill(user)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        phone = browser.new_page(viewport=PHONE)
        login(phone, "langson")
        phone.goto(f"{base}/polls/{poll}")
        shot(phone, "01-page-390")
        vote = phone.get_by_role("link", name="Bỏ phiếu", exact=True)
        assert vote.bounding_box()["height"] >= 44  # type: ignore[index]
        vote.click()
        expect(phone.locator("input[type=radio][name=choices]")).to_have_count(3)
        expect(phone.locator("input[type=checkbox]")).to_have_count(0)
        choice = phone.get_by_label("Liên đoàn Lao động tỉnh Quảng Ninh")
        row = phone.locator("label.choice").filter(has_text="Quảng Ninh")
        assert row.bounding_box()["height"] >= 44  # type: ignore[index]
        choice.check()
        shot(phone, "02-ballot-390")
        phone.get_by_role("button", name="Bỏ phiếu", exact=True).click()
        expect(phone.get_by_role("heading", name="Biên nhận phiếu bầu")).to_be_visible()
        expect(phone.locator(".receipt")).to_contain_text("Lạng Sơn")
        expect(phone.locator(".receipt")).not_to_contain_text("Quảng Ninh")  # secret ballot
        reference = phone.locator(".receipt .mark").inner_text()
        assert re.fullmatch(r"1/[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", reference)
        shot(phone, "03-receipt-390")
        phone.get_by_role("link", name="Về trang cuộc bỏ phiếu").click()
        expect(phone.locator(".voted")).to_contain_text("Đơn vị đã bỏ phiếu lúc")
        expect(phone.locator(".voted")).to_contain_text(reference)
        expect(phone.get_by_role("link", name="Bỏ phiếu", exact=True)).to_have_count(0)
        shot(phone, "04-page-voted-390")
        phone.goto(f"{base}/polls/{poll}/vote")  # the ballot again: a notice, no form
        expect(phone.locator(".voted")).to_contain_text(reference)
        expect(phone.locator("input[name=choices]")).to_have_count(0)

        for size, tag in ((PHONE, "390"), (DESK, "1366")):
            chair = browser.new_page(viewport=size)
            login(chair, "caobang")
            chair.goto(f"{base}/polls/{poll}")
            chair.get_by_role("link", name="Đóng bỏ phiếu", exact=True).click()
            expect(chair.locator(".check")).to_contain_text(
                "Đã nhận 1/7 phiếu, cần ít nhất 5 để đủ túc số."
            )
            expect(chair.locator("ul.missing")).to_contain_text("Cao Bằng")
            expect(chair.locator("ul.missing")).not_to_contain_text("Lạng Sơn")
            shot(chair, f"05-check-{tag}")
            if tag == "1366":
                chair.get_by_role("button", name="Đóng bỏ phiếu và công bố kết quả").click()
                expect(chair.locator(".flash")).to_contain_text("Đã đóng bỏ phiếu")
                expect(chair.get_by_text("Mở vòng bỏ phiếu tiếp theo")).to_be_visible()
                shot(chair, "06-result-1366")
            chair.close()

        phone.goto(f"{base}/polls/{poll}")
        phone.locator("details.ballots summary").click()
        expect(phone.locator("ol.marks")).to_contain_text(reference)
        shot(phone, "07-result-390")
        desk = browser.new_page(viewport=DESK)
        login(desk, "langson")
        desk.goto(f"{base}/polls/{poll}/receipt")
        shot(desk, "08-receipt-1366")
        browser.close()
