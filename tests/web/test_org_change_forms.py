"""The forms of organisation changes and of the decisions on an open year: bad input
is answered beside the field in Vietnamese and stores nothing; a good one is stored."""

from __future__ import annotations

from tests.web.site import Site, unit


def test_split_and_merge_forms_refuse_bad_input_and_store_nothing(site: Site) -> None:
    client, token = site.login("admin")
    before = site.head()
    bad = client.post(
        "/admin/units/split",
        data={
            "csrf_token": token,
            "code": "LAICHAU",
            "parts": "LC1 không có tên",
            "on": "01/07/2016",
        },
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Cần ít nhất 2 mục." in html or "cách nhau bởi dấu «;»" in html
    no_date = client.post(
        "/admin/units/merge",
        data={"csrf_token": token, "code": "LAICHAU", "into_code": "LAOCAI", "on": "31/02/2016"},
    )
    assert no_date.status_code == 422 and "31/02/2016 không phải ngày có thật." in no_date.get_data(
        as_text=True
    )
    itself = client.post(
        "/admin/units/merge",
        data={"csrf_token": token, "code": "LAICHAU", "into_code": "LAICHAU", "on": "01/07/2016"},
    )
    assert itself.status_code == 409
    assert "Không thể hợp nhất đơn vị vào chính nó." in itself.get_data(as_text=True)
    assert site.head() == before


def test_a_merge_waits_on_the_year_page_and_the_decision_form_carries_the_dossier(
    site: Site,
) -> None:
    client, token = site.login("admin")
    merged = client.post(
        "/admin/units/merge",
        data={"csrf_token": token, "code": "LAICHAU", "into_code": "LAOCAI", "on": "05/01/2016"},
    )
    assert merged.status_code == 302
    page = client.get(f"/years/{site.year16}").get_data(as_text=True)
    assert "Thay đổi tổ chức trong năm" in page and "đã hợp nhất" in page
    assert "05/01/2016" in page
    home = client.get("/").get_data(as_text=True)
    assert "Thay đổi tổ chức chờ quyết định" in home

    form = client.get(f"/years/{site.year16}/changes/take-over?unit={unit('LAICHAU')}")
    assert form.status_code == 200
    assert "selected" in form.get_data(as_text=True)  # the default is offered
    before = site.head()
    empty = client.post(
        f"/years/{site.year16}/changes/take-over",
        data={
            "csrf_token": token,
            "unit": unit("LAICHAU"),
            "successor": unit("LAOCAI"),
            "reason": "",
        },
    )
    assert empty.status_code == 422 and "Không được để trống." in empty.get_data(as_text=True)
    wrong = client.post(
        f"/years/{site.year16}/changes/take-over",
        data={
            "csrf_token": token,
            "unit": unit("LAICHAU"),
            "successor": unit("HAGIANG"),
            "reason": "Hợp nhất",
        },
    )
    assert wrong.status_code == 409
    assert "Đơn vị tiếp nhận phải là đơn vị kế thừa" in wrong.get_data(as_text=True)
    assert site.head() == before

    done = client.post(
        f"/years/{site.year16}/changes/take-over",
        data={
            "csrf_token": token,
            "unit": unit("LAICHAU"),
            "successor": unit("LAOCAI"),
            "reason": "Hợp nhất theo Nghị quyết",
        },
    )
    assert done.status_code == 302, done.get_data(as_text=True)[-3000:]
    page = client.get(f"/years/{site.year16}").get_data(as_text=True)
    assert "tiếp nhận hồ sơ của" in page and "Hợp nhất theo Nghị quyết" in page
    assert "hồ sơ do" in page  # the carried dossier's row keeps its old name
