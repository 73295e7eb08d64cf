"""Forms: invalid input comes back with the person's input and a Vietnamese message
per field (422, nothing stored); a refused command shows its message (409); NFC;
"9,5" and dd/mm/yyyy; CSRF on every POST; the API's errors are JSON."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from tests.web.site import Site


def test_invalid_form_returns_422_with_input_and_a_message_per_field(site: Site) -> None:
    client, token = site.login("member")
    before = site.head()
    response = client.post(
        f"/years/{site.year16}/self-score",
        data={
            "csrf_token": token,
            "rows-0-criterion": "1.1",
            "rows-0-points": "chín",
            "rows-0-evidence": "Minh chứng số 7",
            "rows-1-criterion": "1.2",
            "rows-1-points": "4,5",
            "rows-1-evidence": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Phải là một số (ví dụ 9,5)." in html  # points of 1.1
    assert "Không được để trống." in html  # evidence of 1.2
    assert 'value="chín"' in html and "Minh chứng số 7" in html and 'value="4,5"' in html
    assert site.head() == before

    plain = client.post(f"/years/{site.year16}/register", data={"csrf_token": token, "title": ""})
    text = plain.get_data(as_text=True)
    assert plain.status_code == 422
    assert "Không được để trống." in text and "Trường này là bắt buộc." in text


def test_refused_command_returns_409_with_its_message(site: Site) -> None:
    client, token = site.login("member")
    form = {"csrf_token": token, "title": "Cờ thi đua", "commitments": "Một\nHai"}
    assert client.post(f"/years/{site.year16}/register", data=form).status_code == 302
    before = site.head()
    again = client.post(f"/years/{site.year16}/register", data=form)
    assert again.status_code == 409
    assert "Đơn vị đã đăng ký thi đua năm này." in again.get_data(as_text=True)
    assert site.head() == before


def test_unicode_is_normalised_and_decimals_take_a_comma(site: Site) -> None:
    client, token = site.login("member")
    title = unicodedata.normalize("NFD", "Cờ thi đua của Tổng Liên đoàn")
    client.post(
        f"/years/{site.year16}/register",
        data={"csrf_token": token, "title": title, "commitments": "Phát triển đoàn viên"},
    )
    scored = client.post(
        f"/years/{site.year16}/self-score",
        data={
            "csrf_token": token,
            "rows-0-criterion": "1.1",
            "rows-0-points": "9,5",
            "rows-0-evidence": unicodedata.normalize("NFD", "Báo cáo tổng kết"),
        },
    )
    assert scored.status_code == 302
    body = (
        site.api("auditor")
        .get(f"/api/v1/years/{site.year16}/dossiers/{site_unit('LANGSON')}")
        .get_json()
    )
    assert body["registration"]["title"] == unicodedata.normalize("NFC", title)
    assert Decimal(body["self_scores"]["1.1"]["points"]) == Decimal("9.5")
    assert body["self_scores"]["1.1"]["note"] == "Báo cáo tổng kết"
    page = client.get(f"/years/{site.year16}/dossiers/{site_unit('LANGSON')}").get_data(
        as_text=True
    )
    assert ">9,5<" in page  # shown the Vietnamese way


def site_unit(code: str) -> str:
    from tests.web.site import unit

    return unit(code)


def test_dates_are_dd_mm_yyyy_and_bad_ones_are_named(site: Site) -> None:
    client, token = site.login("vice")  # chair of 2016
    bad = client.post(
        f"/years/{site.year16}/reopen",
        data={
            "csrf_token": token,
            "task": "member_registration",
            "until": "31/02/2016",
            "reason": "Lý do",
        },
    )
    assert bad.status_code == 422
    assert "31/02/2016 không phải ngày có thật." in bad.get_data(as_text=True)  # well formed
    shapeless = client.post(
        f"/years/{site.year16}/reopen",
        data={"csrf_token": token, "task": "member_registration", "until": "2016/02/01"},
    )
    assert "Ngày cần có dạng ngày/tháng/năm, ví dụ 05/12/2016." in shapeless.get_data(as_text=True)
    good = client.post(
        f"/years/{site.year16}/reopen",
        data={
            "csrf_token": token,
            "task": "member_registration",
            "until": "29/02/2016",
            "reason": "Lý do",
        },
    )
    assert good.status_code == 302
    board = client.get(f"/years/{site.year16}/board").get_data(as_text=True)
    assert "01/01/2016 – 29/02/2016" in board


def test_a_post_without_csrf_token_is_refused_and_stores_nothing(site: Site) -> None:
    client, _token = site.login("member")
    before = site.head()
    response = client.post(
        f"/years/{site.year16}/register", data={"title": "Cờ thi đua", "commitments": "Một"}
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert site.head() == before
    api = client.post(
        f"/api/v1/years/{site.year16}/register",
        json={"title": "Cờ thi đua", "commitments": ["Một"]},
    )
    assert api.status_code == 400 and api.get_json()["code"] == "csrf"  # session API calls too
    with_header = client.post(
        f"/api/v1/years/{site.year16}/register",
        json={"title": "Cờ thi đua", "commitments": ["Một"]},
        headers={"X-CSRFToken": _token},
    )
    assert with_header.status_code == 200
    assert site.head() > before


def test_api_errors_are_json_with_code_and_message(site: Site) -> None:
    path = f"/api/v1/years/{site.year16}/register"
    anonymous = site.app.test_client().post(path, json={})
    assert anonymous.status_code == 401 and anonymous.get_json()["code"] == "auth.login_required"
    bad_token = site.app.test_client().post(path, json={}, headers={"Authorization": "Bearer x.y"})
    assert bad_token.status_code == 401
    invalid = site.api("member").post(path, json={"title": "", "commitments": []})
    body = invalid.get_json()
    assert invalid.status_code == 422 and body["code"] == "validation"
    assert body["fields"]["title"] == ["Không được để trống."]
    assert body["fields"]["commitments"] == ["Cần ít nhất 1 mục."]
    forbidden = site.api("tld").post(path, json={"title": "A", "commitments": ["B"]})
    assert forbidden.status_code == 403
    assert forbidden.get_json() == {
        "code": "auth.forbidden",
        "message": "Bạn không có quyền thực hiện thao tác này.",
    }
    site.api("member").post(path, json={"title": "A", "commitments": ["B"]})
    conflict = site.api("member").post(path, json={"title": "A", "commitments": ["B"]})
    assert (
        conflict.status_code == 409 and conflict.get_json()["code"] == "dossier.already_registered"
    )
    english = site.api("member").post(
        path, json={"title": "A", "commitments": ["B"]}, headers={"Accept-Language": "en"}
    )
    assert english.get_json()["message"] == "The unit has already registered this year."
    missing = site.api("member").get("/api/v1/years/" + "0" * 32)
    assert missing.status_code == 404 and "message" in missing.get_json()
