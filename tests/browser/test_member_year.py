"""A person's walk through the cluster year in a real browser (Debian's Chromium).

A member signs in, registers, uploads its year-end report (a real PDF) and scores
itself; the chair appraises it; five members vote it the leading unit; the chair
closes the poll; the standings table and chart show the result. Screenshots go to
tests/browser/screenshots/ (not committed).
"""

from __future__ import annotations

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
from web.shell.store import EXTENSION
from web.site.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).with_name("screenshots")
PASSWORD = "mat-khau-thu-nghiem"
VOTERS = ["langson", "caobang", "laocai", "hagiang", "quangninh"]


def minimal_pdf(text: str) -> bytes:
    """A small valid one-page PDF (what a member would upload)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    create_schema(url)
    app = ThiduaApplication(url)
    demo = Demo(app)
    demo.units_and_cluster()
    year_id = demo.open_and_adopt()  # criteria adopted and pact signed; nobody registered yet
    for code, name in PROVINCES:
        accounts.create_account(
            app,
            SYSTEM_PRINCIPAL,
            code.lower(),
            f"Cán bộ {name}",
            code,
            [],
            PASSWORD,
            date(2015, 1, 1),
        )
    app.close()
    flask_app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "browser-test",
            "SESSION_COOKIE_SECURE": False,
            "TODAY": "2015-12-10",
            "LOGIN_LIMIT": "1000 per minute",
            "UPLOAD_DIR": str(tmp_path / "up"),
        }
    )
    flask_app.extensions["thidua.uploads"].root = tmp_path / "up"
    http = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}", year_id.hex
    finally:
        http.shutdown()
        thread.join(10)
        flask_app.extensions[EXTENSION].close()


def test_member_registers_reports_scores_chair_appraises_members_vote(
    server: tuple[str, str], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, year = server
    SHOTS.mkdir(exist_ok=True)
    report = tmp_path / "bao-cao-tong-ket-2015.pdf"
    report.write_bytes(minimal_pdf("Bao cao tong ket 2015 - LDLD Lang Son"))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})

        def shot(name: str) -> None:
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

        def login(user: str) -> None:
            page.goto(base + "/login")
            page.get_by_label("Tên đăng nhập").fill(user)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()

        def logout() -> None:
            page.get_by_role("button", name="Đăng xuất").click()

        # -- the member: Lạng Sơn ------------------------------------------------------
        login("langson")
        shot("01-home-member")
        page.goto(f"{base}/years/{year}")
        page.get_by_role("link", name="Đăng ký thi đua").click()
        page.get_by_label("Danh hiệu đăng ký phấn đấu").fill("Cờ thi đua của Tổng Liên đoàn")
        page.get_by_label("Các chỉ tiêu cam kết").fill(
            "Phát triển mới 3.000 đoàn viên\nThành lập 20 Công đoàn cơ sở"
        )
        page.get_by_role("button", name="Đăng ký thi đua").click()
        expect(page.locator(".flash")).to_contain_text("muộn")  # registered after 31/01
        expect(page.locator(".flash.receipt")).to_contain_text("Liên đoàn Lao động tỉnh Lạng Sơn")

        page.get_by_role("link", name="Báo cáo tổng kết năm").click()
        page.get_by_label("Loại báo cáo").select_option("yearend")
        page.get_by_label("Tóm tắt báo cáo").fill("Báo cáo tổng kết công tác thi đua năm 2015")
        page.get_by_label("Tệp đính kèm").set_input_files(str(report))
        shot("02-report-form")
        page.get_by_role("button", name="Gửi báo cáo của đơn vị").click()
        expect(page.locator(".flash")).to_contain_text("Đã lưu")
        page.get_by_text("Các việc khác trong kế hoạch").click()
        page.get_by_role("link", name="Hồ sơ của đơn vị mình").click()
        expect(page.get_by_role("link", name="bao-cao-tong-ket-2015.pdf")).to_be_visible()
        page.goto(f"{base}/years/{year}")

        page.get_by_role("link", name="Tự chấm điểm").click()
        page.get_by_label("Điểm 1.1", exact=False).fill("9,5")
        page.get_by_label("Minh chứng 1.1").fill("Báo cáo tổng kết, mục 1")
        page.get_by_label("Điểm 3.1", exact=False).fill("14")
        page.get_by_label("Minh chứng 3.1").fill("Số liệu phát triển đoàn viên")
        page.get_by_label("Điểm 1.2", exact=False).fill("99")  # above the benchmark: refused
        page.get_by_label("Minh chứng 1.2").fill("Chuyên đề năm 2015")
        page.get_by_role("button", name="Tự chấm điểm").click()
        expect(page.locator(".refusal, .error").first).to_be_visible()
        shot("03-self-score-refused")
        page.get_by_label("Điểm 1.2", exact=False).fill("4,5")
        page.get_by_role("button", name="Tự chấm điểm").click()
        expect(page.locator(".flash")).to_contain_text("Đã lưu")
        shot("04-year-after-self-score")
        logout()

        # -- the chair: Cao Bằng appraises Lạng Sơn --------------------------------------
        login("caobang")
        page.goto(f"{base}/years/{year}")
        row = page.get_by_role("row").filter(has_text="Lạng Sơn")
        row.get_by_role("link", name="Chấm thẩm định").click()
        page.get_by_label("Điểm 3.1", exact=False).fill("12,5")
        page.get_by_label("Lý do 3.1").fill("Số đoàn viên phát triển mới thấp hơn báo cáo")
        shot("05-appraisal-form")
        page.get_by_role("button", name="Thẩm định, chấm điểm đơn vị").click()
        expect(page.locator(".flash")).to_contain_text("Đã lưu")

        page.goto(f"{base}/years/{year}")
        page.get_by_role("link", name="Bỏ phiếu bình xét, suy tôn tại Hội nghị").click()
        page.get_by_label("Nội dung bỏ phiếu").select_option("leading")
        nominees = page.get_by_role("group", name="Các đơn vị được đề cử")
        nominees.get_by_label("Liên đoàn Lao động tỉnh Lạng Sơn").check()
        page.locator("select[name=method]").select_option("electronic")
        page.get_by_role("button", name="Mở cuộc bỏ phiếu").click()
        expect(page.locator(".flash")).to_contain_text("Đã lưu")
        poll_link = page.locator("#polls ~ table a").first
        poll_url = poll_link.get_attribute("href")
        logout()

        # -- members vote ---------------------------------------------------------------
        for user in VOTERS:
            login(user)
            page.goto(base + str(poll_url))
            page.get_by_role("link", name="Bỏ phiếu", exact=True).click()
            page.get_by_label("Liên đoàn Lao động tỉnh Lạng Sơn").check()
            if user == "hagiang":
                shot("06-ballot")
            page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
            expect(page.get_by_role("heading", name="Biên nhận phiếu bầu")).to_be_visible()
            logout()

        # -- the chair closes the poll; the standings show the leading unit -------------
        login("caobang")
        page.goto(base + str(poll_url))
        page.get_by_role("link", name="Đóng bỏ phiếu", exact=True).click()
        expect(page.get_by_text("Đã nhận 5/7 phiếu")).to_be_visible()
        page.get_by_role("button", name="Đóng bỏ phiếu và công bố kết quả").click()
        expect(page.locator(".flash")).to_contain_text("Đã đóng bỏ phiếu")
        shot("07-poll-result")
        expect(page.get_by_text("Trúng cử / được đề nghị")).to_be_visible()

        page.goto(f"{base}/years/{year}")
        standing = page.locator("table.standings tr").filter(has_text="Lạng Sơn")
        expect(standing).to_contain_text("đơn vị dẫn đầu")
        expect(standing).to_contain_text("28")  # self 9,5 + 4,5 + 14
        expect(standing).to_contain_text("26,5")  # appraised: 3.1 cut to 12,5
        chart = page.locator(".chart svg").first
        expect(chart).to_contain_text("26,5")
        shot("08-standings-chart")
        browser.close()
