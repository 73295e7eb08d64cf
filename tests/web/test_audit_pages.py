"""Auditors' pages: chain and timeline, a case's history with changes, as of any event."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from service.audit.chain import verify
from service.audit.history import chain_status, record_verification
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from tests.web.site import Site


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_only_administrators_and_auditors(site: Site) -> None:
    for role in ("member", "chair", "tld", "steering"):
        client, _ = site.login(role)
        assert client.get("/audit").status_code == 403
        assert client.get(f"/audit/cases/{site.year15}").status_code == 403
    admin, _ = site.login("admin")
    assert admin.get("/audit").status_code == 200


def test_chain_head_and_last_verification(site: Site) -> None:
    client, _ = site.login("auditor")
    app = ThiduaApplication(site.url)
    try:
        head = chain_status(app).head
        assert head in text(client.get("/audit")) and "Chưa kiểm tra" in text(client.get("/audit"))
        record_verification(app, SYSTEM_PRINCIPAL, verify(app))
    finally:
        app.close()
    page = text(client.get("/audit"))
    assert "Nguyên vẹn" in page and "Chưa kiểm tra" not in page


def test_case_history_filtered_with_changes_and_sealed_ballots(site: Site) -> None:
    client, _ = site.login("auditor")
    page = text(
        client.get(f"/audit/cases/{site.year15}?kind=thidua.Dossier.Appraised&unit=CAOBANG")
    )
    rows = re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", page)
    # Cao Bằng (the chair) appraised six members on 13 criteria, plus the three bonus
    # items and one penalty item they claimed (Lào Cai appraised Cao Bằng itself): 82
    # events, 50 a page
    assert f"{6 * 13 + 3 + 1} sự kiện, trang 1 / 2" in page and len(rows) == 50
    second = text(
        client.get(f"/audit/cases/{site.year15}?kind=thidua.Dossier.Appraised&unit=CAOBANG&page=2")
    )
    assert len(re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", second)) == 32 and "Trang trước" in second
    assert "Trang sau" in page and "Trang sau" not in second
    assert page.count("Thẩm định điểm") >= len(rows) and "Tự chấm điểm</td>" not in page
    assert "Thiếu" not in page or "Lý do" in page
    sealed = text(client.get(f"/audit/cases/{site.year15}?kind=thidua.Poll.BallotSealed"))
    assert "nội dung được niêm phong" in sealed and "Lựa chọn" not in sealed
    mine = text(
        client.get(
            f"/audit/cases/{site.year15}?account=canbo.langson&kind=thidua.Dossier.Registered"
        )
    )
    assert len(re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", mine)) == 1
    assert "Liên đoàn Lao động tỉnh Lạng Sơn" in mine and "Cam kết" in mine


def test_as_of_before_the_inspection_beside_today(site: Site) -> None:
    client, _ = site.login("auditor")
    page = text(client.get(f"/audit/cases/{site.year15}?kind=thidua.Dossier.Appraised"))
    first = min(int(p) for p in re.findall(r"/as-of/(\d+)", page))
    before = text(client.get(f"/audit/cases/{site.year15}/as-of/{first - 1}"))
    cells = re.findall(r'<td class="num">([^<]*)</td>', before)
    then_appraised, now_appraised = cells[1::6], cells[4::6]
    assert set(then_appraised) == {"—"} and "101,4" in now_appraised  # only the inspection differs
    assert before.count("<svg") == 2
    review = text(client.get(f"/audit/cases/{site.summary['review']['campaign_id'].hex}"))
    last = max(int(p) for p in re.findall(r"/as-of/(\d+)", review))
    assert (
        client.get(
            f"/audit/cases/{site.summary['review']['campaign_id'].hex}/as-of/{last}"
        ).status_code
        == 200
    )
    assert client.get(f"/audit/cases/{site.year15}/as-of/abc").status_code == 404


def test_english(site: Site) -> None:
    client, token = site.login("auditor")
    client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/audit"})
    page = text(client.get("/audit"))
    assert '<html lang="en">' in page and "Hash chain" in page and "Event log" in page
    history = text(client.get(f"/audit/cases/{site.year15}?kind=thidua.Dossier.SelfScored"))
    assert "Case history" in history and "View as of this event" in history


def test_the_filtered_log_exports_in_words_and_vietnam_time(site: Site) -> None:
    client, _ = site.login("auditor")
    kind = "kind=thidua.Dossier.SelfScored"
    page = text(client.get(f"/audit?{kind}"))
    assert "UTC" not in page and "Tự chấm điểm" in page and "sự kiện, trang 1 /" in page
    csv_file = client.get(f"/audit?{kind}&export=csv")
    assert csv_file.mimetype == "text/csv"
    lines = csv_file.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Số thứ tự,Thời điểm ghi (giờ Việt Nam)")
    assert len(lines) > 51 and all("Tự chấm điểm" in line for line in lines[1:])
    assert re.search(r",\d\d/\d\d/\d{4} \d\d:\d\d,", lines[1])
    book = load_workbook(io.BytesIO(client.get(f"/audit?{kind}&export=xlsx").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Số thứ tự" and len(rows) == len(lines)


def test_as_of_by_date_and_time(site: Site) -> None:
    client, _ = site.login("auditor")
    far = text(client.get(f"/audit/cases/{site.year15}/as-of?day=31/12/2099&time=17:00"))
    assert "Bảng xếp hạng lúc" in far and "vị trí" not in far
    assert client.get(f"/audit/cases/{site.year15}/as-of?day=31/02/2016").status_code == 404
