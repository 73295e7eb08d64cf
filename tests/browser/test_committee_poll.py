"""Issue 16 in Debian's Chromium: the chair opens a secret poll with a 2-of-3 counting
committee; the three members run the key ceremony from the poll page (their key and
share files downloaded, then chosen again in the form); five members vote from a
390×844 page and see their receipt (the ballot's hash); two members give their partial
decryption; the chair closes; the result shows and links the election record, which
tools/verify_tally.py accepts (with a member's receipt). axe-core finds no serious or
critical violation on the new pages; no page is wider than the phone. Screenshots in
tests/browser/screenshots/committee/ (not committed)."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from nacl import pwhash
from werkzeug.serving import make_server

from service.accounts import accounts
from service.audit.schema import create_schema
from service.demo.cluster_year import Demo
from service.demo.cluster_year_data import PROVINCES
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.polls import committee as counting
from tests.browser.pages import ARGS, CHROMIUM, axe_violations, too_wide
from web.cli.committee import committee_cli
from web.shell.store import EXTENSION
from web.site.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).with_name("screenshots") / "committee"
PASSWORD = "mat-khau-thu-nghiem"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}
COMMITTEE = ("caobang", "laocai", "langson")
PASS = {who: f"cụm mật khẩu của {who}" for who in COMMITTEE}
VOTES = {"caobang": "Lạng Sơn", "laocai": "Lạng Sơn", "langson": "Quảng Ninh",
         "hagiang": "Lạng Sơn", "laichau": "Lạng Sơn"}  # fmt: skip


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """The demo cluster's 2015 year (Cao Bằng chairs), one account per province: the
    site's address and the year. Members' files with the smallest Argon2id limits."""
    monkeypatch.setattr(counting, "OPSLIMIT", pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(counting, "MEMLIMIT", pwhash.argon2id.MEMLIMIT_MIN)
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
        yield f"http://127.0.0.1:{http.server_port}", year_id.hex
    finally:
        http.shutdown()
        thread.join(10)
        flask_app.extensions[EXTENSION].close()


def test_a_committee_counts_a_secret_poll_through_the_web(
    served: tuple[str, str], tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect, sync_playwright

    base, year = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []

    def look(page: Page, name: str, axe: bool = True) -> None:
        width = too_wide(page, page.viewport_size["width"])  # type: ignore[index]
        if width:
            problems.append(f"{name}: {width} px wide")
        if axe:
            problems.extend(f"{name}: {v}" for v in axe_violations(page))
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def login(page: Page, user: str) -> None:
        page.goto(base + "/login")
        page.get_by_label("Tên đăng nhập").fill(user)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def as_user(user: str, size: dict[str, int] = PHONE) -> Any:
            # bypass_csp: only so that the test can inject axe; the pages run no script
            context = browser.new_context(viewport=size, bypass_csp=True, accept_downloads=True)  # type: ignore[arg-type]
            page = context.new_page()
            login(page, user)
            return page

        # the chair opens the poll: a 2-of-3 committee named in words, k typed
        chair = as_user("caobang", DESK)
        chair.goto(f"{base}/years/{year}/polls/open")
        form = chair.locator("main form.form")
        form.get_by_label("Nội dung bỏ phiếu").select_option(label="Suy tôn đơn vị dẫn đầu")
        options = form.locator("fieldset").filter(has_text="Các đơn vị được đề cử")
        options.get_by_label("Liên đoàn Lao động tỉnh Lạng Sơn").check()
        options.get_by_label("Liên đoàn Lao động tỉnh Quảng Ninh").check()
        form.get_by_label("Bỏ phiếu kín hay công khai").select_option(label="Bỏ phiếu kín")
        committee = form.locator("fieldset").filter(has_text="Ban kiểm phiếu")
        for name in ("Cao Bằng", "Lào Cai", "Lạng Sơn"):
            committee.get_by_label(f"Liên đoàn Lao động tỉnh {name}").check()
        form.get_by_label("Số thành viên cần có để mở kết quả").fill("4")
        form.locator("button[type=submit]").click()
        expect(chair.locator("main")).to_contain_text("không quá 3")  # beside k, kept
        expect(committee.get_by_label("Liên đoàn Lao động tỉnh Lào Cai")).to_be_checked()
        look(chair, "01-open-error-1366")
        form.get_by_label("Số thành viên cần có để mở kết quả").fill("2")
        form.locator("button[type=submit]").click()
        chair.locator("main a[href^='/polls/']").first.click()
        poll = re.search(r"/polls/([0-9a-f]{32})", chair.url).group(1)  # type: ignore[union-attr]
        expect(chair.locator("#committee")).to_contain_text("chưa bắt đầu")

        # the ceremony, each member from its own page
        members = {who: as_user(who) for who in COMMITTEE}
        keys: dict[str, Path] = {}
        for who, page in members.items():
            page.goto(f"{base}/polls/{poll}")
            steps = page.locator("#committee")
            expect(steps.locator("li.blocked")).to_have_count(3)  # greyed, with why
            expect(page.get_by_role("link", name="Bỏ phiếu", exact=True)).to_have_count(0)
            if who == "caobang":
                look(page, "02-ceremony-begin-390")
            form = steps.locator("form")
            form.get_by_label("Cụm mật khẩu của tệp khoá").fill(PASS[who])
            form.get_by_label("Nhập lại cụm mật khẩu").fill(PASS[who])
            with page.expect_download() as got:
                form.get_by_role("button", name="Tạo khoá và tải tệp khoá").click()
            download = got.value
            assert re.fullmatch(
                r"khoa-ban-kiem-phieu-\w{8}-\w{8}\.thidua-key", download.suggested_filename
            )
            keys[who] = tmp_path / download.suggested_filename
            download.save_as(keys[who])

        def with_file(who: str, label: str, file: Path, button: str, passphrase: str) -> None:
            page = members[who]
            page.goto(f"{base}/polls/{poll}")
            form = page.locator("#committee form")
            form.get_by_label(label).set_input_files(str(file))
            form.get_by_label("Cụm mật khẩu của tệp khoá").fill(passphrase)
            form.get_by_role("button", name=button).click()

        key_label = "Tệp khoá của thành viên"
        with_file("langson", key_label, keys["langson"], "Gửi phần khoá", "không phải mật khẩu")
        page = members["langson"]
        expect(page.locator(".error")).to_contain_text("Sai cụm mật khẩu")  # beside the field
        look(page, "03-ceremony-wrong-passphrase-390")
        for who in COMMITTEE:
            with_file(who, key_label, keys[who], "Gửi phần khoá", PASS[who])
            expect(members[who].locator(".flash")).to_contain_text("Đã gửi phần khoá")
        shares: dict[str, Path] = {}
        for who in COMMITTEE:
            page = members[who]
            page.goto(f"{base}/polls/{poll}")
            form = page.locator("#committee form")
            form.get_by_label(key_label).set_input_files(str(keys[who]))
            form.get_by_label("Cụm mật khẩu của tệp khoá").fill(PASS[who])
            with page.expect_download() as got:
                form.get_by_role("button", name="Nhận và tải tệp phần khoá").click()
            shares[who] = tmp_path / got.value.suggested_filename
            assert shares[who].suffix == ".thidua-share"
            got.value.save_as(shares[who])
        page.goto(f"{base}/polls/{poll}")
        expect(page.locator("#committee")).to_contain_text("đã tạo xong khoá chung")
        look(page, "04-ceremony-done-390")

        # five members vote from a phone and see their receipt
        hashes = {}
        for who, choice in VOTES.items():
            page = members.get(who) or as_user(who)
            page.goto(f"{base}/polls/{poll}")
            page.get_by_role("link", name="Bỏ phiếu", exact=True).click()
            page.get_by_label(f"Liên đoàn Lao động tỉnh {choice}").check()
            page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
            expect(page.get_by_role("heading", name="Biên nhận phiếu bầu")).to_be_visible()
            hashes[who] = page.locator(".receipt .hash").inner_text()
            assert re.fullmatch(r"[0-9a-f]{64}", hashes[who])
            if who == "langson":
                look(page, "05-receipt-390")

        # closing refused in words until two partials are in
        chair.goto(f"{base}/polls/{poll}/close")
        expect(chair.locator(".partials")).to_contain_text("Đã có 0/2 phần giải mã")
        expect(chair.get_by_role("button", name="Đóng bỏ phiếu và công bố kết quả")).to_have_count(
            0
        )
        look(chair, "06-close-refused-1366")
        page = members["caobang"]
        page.goto(f"{base}/polls/{poll}")
        form = page.locator("#committee form")
        form.get_by_label("Tệp phần khoá của thành viên").set_input_files(str(shares["caobang"]))
        form.get_by_label("Cụm mật khẩu của tệp khoá").fill(PASS["caobang"])
        look(page, "07-decrypt-390")
        form.get_by_role("button", name="Góp phần giải mã").click()
        expect(page.locator(".flash")).to_contain_text("Đã ghi nhận phần giải mã")
        # Lạng Sơn computes its partial on its own machine: its share file stays there
        page = members["langson"]
        page.goto(f"{base}/polls/{poll}")
        page.get_by_text("Hoặc tính phần giải mã trên máy của mình").click()
        look(page, "07b-own-machine-390")
        with page.expect_download() as got:
            page.get_by_role("link", name="Tải tổng phiếu mã hoá (JSON)").click()
        tally = tmp_path / got.value.suggested_filename
        got.value.save_as(tally)
        computed = tmp_path / "phan-giai-ma.json"
        done = CliRunner().invoke(
            committee_cli,
            ["partial", str(tally), str(shares["langson"]), "-o", str(computed)],
            input=PASS["langson"] + "\n",
        )
        assert done.exit_code == 0, done.output
        own = page.locator("details.own-machine form")
        own.get_by_label("Tệp phần giải mã").set_input_files(str(computed))
        own.get_by_role("button", name="Nộp phần giải mã").click()
        expect(page.locator(".flash")).to_contain_text("Đã ghi nhận phần giải mã")
        chair.goto(f"{base}/polls/{poll}/close")
        expect(chair.locator(".partials")).to_contain_text("Đã có 2/2 phần giải mã")
        expect(chair.locator(".partials")).to_contain_text("Cao Bằng")
        look(chair, "08-close-ready-1366")
        chair.get_by_role("button", name="Đóng bỏ phiếu và công bố kết quả").click()
        expect(chair.locator(".flash")).to_contain_text("Đã đóng bỏ phiếu")
        expect(chair.locator("table.result")).to_contain_text("Trúng cử")
        look(chair, "09-result-1366")

        phone = members["laocai"]
        phone.goto(f"{base}/polls/{poll}")
        expect(phone.locator(".counted-by-committee")).to_contain_text("kiểm dưới khoá")
        look(phone, "10-result-390")
        with phone.expect_download() as got:
            phone.get_by_role("link", name="Tải hồ sơ kiểm phiếu điện tử (JSON)").click()
        record = tmp_path / "record.json"
        got.value.save_as(record)
        browser.close()

    checked = subprocess.run(
        [sys.executable, str(ROOT / "tools/verify_tally.py"), str(record),
         "--receipt", hashes["langson"]],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert not problems, "\n".join(problems)
