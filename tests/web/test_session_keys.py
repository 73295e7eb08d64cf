"""The session's signing serializer is made once per key set (web/shell/sessions.py):
a cookie signed with a key that is no longer the secret key is refused, and accepted
again once that key is listed among the fallbacks."""

from __future__ import annotations

from tests.web.site import Site

COOKIE = "thidua_session"


def test_a_new_secret_key_refuses_old_cookies_until_listed_as_a_fallback(
    sqlite_site: Site,
) -> None:
    app = sqlite_site.app
    client, _token = sqlite_site.login("member")
    assert client.get("/account").status_code == 200
    signed = client.get_cookie(COOKIE)
    assert signed is not None
    old_key = app.config["SECRET_KEY"]

    app.config["SECRET_KEY"] = "a-new-key-" + "x" * 40
    assert client.get("/account").status_code == 302  # signed out: the old signature

    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    client.set_cookie(COOKIE, signed.value)
    assert client.get("/account").status_code == 200  # the old key, as a fallback

    app.config["SECRET_KEY_FALLBACKS"] = []
    client.set_cookie(COOKIE, signed.value)
    assert client.get("/account").status_code == 302
