"""Check pages before what cannot be undone, and a receipt after each act.

The 2016 year of the demo is open: no member reported at year-end, self-scored or was
appraised, no poll was held, nothing was proposed. Its dossier must not be signed; the
page lists what is missing, unit by unit. The 2015 year is complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.documents.keys import DevKeys, make_dev_keys
from tests.web.site import Demos, Site


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> DevKeys:
    return make_dev_keys(tmp_path_factory.mktemp("keys"), bits=2048)


@pytest.fixture
def signed_site(
    tmp_path: Path,
    ballot_key: Path,
    demos: Demos,
    keys: DevKeys,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Site]:
    monkeypatch.setenv("THIDUA_SIGNING_P12", str(keys.p12))
    monkeypatch.setenv("THIDUA_SIGNING_P12_PASSWORD", keys.password)
    monkeypatch.setenv("THIDUA_TRUST_CA", str(keys.ca))
    yield from demos.site("sqlite", tmp_path, ballot_key)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_a_dossier_with_blanks_is_not_signed_and_the_page_says_what_is_missing(
    signed_site: Site,
) -> None:
    site = signed_site
    chair16, _ = site.login("vice")  # Lào Cai chairs 2016
    page = chair16.get(f"/years/{site.year16}/bundle")
    body = text(page)
    assert page.status_code == 409
    assert "Chưa thể ký hồ sơ" in body
    gaps = re.findall(r'<li id="gap-\d+">(.*?)</li>\s*(?=<li id="gap-|</ol>)', body, re.S)
    said = [re.sub(r"<[^>]+>", " ", g) for g in gaps]
    assert any("Chưa gửi báo cáo tổng kết năm" in s and "Lạng Sơn" in s for s in said), said
    assert any("Chưa được thẩm định" in s and "Cao Bằng" in s for s in said), said
    assert any("Chưa có cuộc bỏ phiếu nào kết thúc" in s for s in said), said
    assert any("Chưa lập tờ trình" in s for s in said), said
    # the score table would go out without a date: the check page names it
    assert any(
        "Văn bản chưa có ngày" in s and "Bảng tổng hợp điểm tự chấm và thẩm định" in s for s in said
    ), said
    # no unit reported, so none is offered for appraisal yet
    assert "/appraise" not in body
    file = chair16.get(f"/years/{site.year16}/bundle.pdf")
    assert file.status_code == 409 and file.mimetype == "text/html"
    # the complete 2015 year goes on to be built and signed
    chair15, _ = site.login("chair")
    assert chair15.get(f"/years/{site.year15}/bundle").status_code in (200, 202)


def test_the_chair_records_who_signs_the_documents_and_the_form_shows_them(
    sqlite_site: Site,
) -> None:
    site = sqlite_site
    chair16, token = site.login("vice")  # Lào Cai chairs 2016
    year_page = text(chair16.get(f"/years/{site.year16}"))
    assert f"/years/{site.year16}/signers" in year_page
    data = {
        "secretary_name": "Nông Thị Mai",
        "secretary_title": "Chánh Văn phòng",
        "counting_head_name": "Lương Văn Tùng",
        "csrf_token": token,
    }
    done = chair16.post(f"/years/{site.year16}/signers", data=data)
    assert done.status_code in (200, 302, 303), text(done)
    form = text(chair16.get(f"/years/{site.year16}/signers"))
    assert 'value="Nông Thị Mai"' in form and 'value="Chánh Văn phòng"' in form
    assert 'value="Lương Văn Tùng"' in form
    api = site.api("vice")
    answer = api.post(f"/api/v1/years/{site.year16}/signers", json={"secretary_name": " "})
    assert answer.status_code == 422  # a name is required, beside its field
    member, member_token = site.login("member")
    refused = member.post(
        f"/years/{site.year16}/signers", data={**data, "csrf_token": member_token}
    )
    assert refused.status_code == 403  # only the year's chair (or the administrator)


def test_the_proposal_check_page_shows_each_units_appraisal_and_vote(sqlite_site: Site) -> None:
    chair, _ = sqlite_site.login("chair")
    body = text(chair.get(f"/years/{sqlite_site.year15}/awards/submit"))
    rows = re.findall(r"<tr[^>]*>\s*<td class=\"target\">(.*?)</tr>", body, re.S)
    assert len(rows) == 4, rows  # one flag, three merit certificates in the demo
    first = re.sub(r"<[^>]+>", " ", rows[0])
    assert "Quảng Ninh" in first and "101,4" in first and "7/7 đơn vị đồng ý" in first
    assert "Gửi tờ trình tới Tổng Liên đoàn" in body


def test_a_receipt_names_the_act_the_unit_the_time_and_a_log_reference(
    sqlite_site: Site,
) -> None:
    site = sqlite_site
    client, token = site.login("member")
    before = site.head()
    done = client.post(
        f"/years/{site.year16}/register",
        data={"csrf_token": token, "title": "Cờ thi đua", "commitments": "Một"},
        follow_redirects=True,
    )
    body = text(done)
    receipt = body.split('class="flash receipt"')[1].split("</div>")[0]
    assert "Đăng ký thi đua" in receipt
    assert "Liên đoàn Lao động tỉnh Lạng Sơn" in receipt
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}", receipt)
    reference = re.search(r'<strong class="mark">(\d+)(?:–(\d+))?</strong>', receipt)
    assert reference, receipt
    assert int(reference.group(1)) > before and int(reference.group(2) or 0) <= site.head()
    # the reference finds the act in the auditor's log
    auditor, _ = site.login("auditor")
    log = text(auditor.get("/audit", query_string={"account": "langson"}))
    assert f">{reference.group(1)}<" in log
