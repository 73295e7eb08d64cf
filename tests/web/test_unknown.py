"""What is not there is answered 404 with its Vietnamese message, never a 500; what a
JSON call names but the form does not have is refused (422), never silently dropped."""

from __future__ import annotations

from uuid import uuid4

from tests.web.site import Site


def test_unknown_year_poll_and_review_ids_are_404_in_vietnamese(sqlite_site: Site) -> None:
    client, _ = sqlite_site.login("auditor")
    unknown = uuid4().hex
    pages = {
        f"/years/{unknown}": "Không tìm thấy bảng xếp hạng.",
        f"/polls/{unknown}": "Không tìm thấy cuộc bỏ phiếu.",
        f"/reviews/{unknown}": "Không tìm thấy",
    }
    for path, said in pages.items():
        answer = client.get(path)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 404, (path, answer.status_code)
        assert said in html and "Traceback" not in html and "Internal Server Error" not in html
    read = sqlite_site.api("auditor").get(f"/api/v1/polls/{unknown}")
    assert read.status_code == 404 and read.get_json()["code"] == "store.not_found"


def test_an_api_field_the_form_does_not_have_is_refused_and_nothing_is_stored(
    sqlite_site: Site,
) -> None:
    path = f"/api/v1/years/{sqlite_site.year16}/register"
    before = sqlite_site.head()
    refused = sqlite_site.api("member").post(
        path, json={"title": "Cờ thi đua", "commitments": ["Một"], "unit": "HAGIANG"}
    )
    body = refused.get_json()
    assert refused.status_code == 422 and body["code"] == "validation"
    assert body["fields"] == {"unit": ["Trường không có trong biểu mẫu."]}
    assert sqlite_site.head() == before
    english = sqlite_site.api("member").post(
        path,
        json={"title": "Cờ thi đua", "commitments": ["Một"], "unit": "HAGIANG"},
        headers={"Accept-Language": "en"},
    )
    assert english.status_code == 422 and "unit" in english.get_json()["fields"]
    accepted = sqlite_site.api("member").post(
        path, json={"title": "Cờ thi đua", "commitments": ["Một"]}
    )
    assert accepted.status_code == 200 and sqlite_site.head() > before
