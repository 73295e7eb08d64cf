"""The project's own error pages, in Vietnamese, with a way back: a page not found,
a method not allowed, and a failure of the server that shows no trace."""

from __future__ import annotations

from tests.web.site import Site


def _boom() -> str:
    raise RuntimeError("secret detail: Traceback in web/year/years.py")


def test_404_405_and_500_are_our_own_pages_in_vietnamese(sqlite_site: Site) -> None:
    app = sqlite_site.app
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler answers
    app.add_url_rule("/__boom", "boom", _boom)
    client, _ = sqlite_site.login("member")
    missing = client.get("/khong-co-trang-nay")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 404 and "Không tìm thấy trang" in page
    assert 'href="/"' in page and "Not Found" not in page
    wrong = client.get("/language")  # a form's POST only
    assert wrong.status_code == 405 and "Phương thức không được hỗ trợ" in wrong.get_data(
        as_text=True
    )
    failed = client.get("/__boom")
    text = failed.get_data(as_text=True)
    assert failed.status_code == 500 and "Hệ thống gặp sự cố" in text
    assert "secret detail" not in text and "Traceback" not in text
    assert "Internal Server Error" not in text and 'href="/"' in text
