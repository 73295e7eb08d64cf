"""Accounts: sign-in and its rate limit, hardened cookies and headers, password change
and policy, disabling, API tokens, `thidua users create`, the domain's rules."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from domain.accounts.account import Account
from domain.kernel.base import DomainError
from service.accounts import accounts
from service.accounts.credentials import open_hash
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from tests.web.site import PASSWORD, Site, csrf_of
from web.cli.users import users_cli

ON = date(2016, 1, 1)


def test_sign_in_sets_a_hardened_session_and_security_headers(sqlite_site: Site) -> None:
    client = sqlite_site.app.test_client()
    page = client.get("/login")
    for header, value in [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
    ]:
        assert page.headers[header] == value
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "script-src 'none'" in page.headers["Content-Security-Policy"]
    response = client.post(
        "/login",
        data={
            "username": "langson",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.get_data(as_text=True)),
        },
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert (
        "HttpOnly" in cookie and "SameSite=Lax" in cookie and cookie.startswith("thidua_session=")
    )


def test_cookies_are_secure_unless_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.site.app import create_app

    monkeypatch.delenv("THIDUA_SECURE_COOKIES", raising=False)
    assert create_app({"SECRET_KEY": "k"}).config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("THIDUA_SECURE_COOKIES", "0")
    assert create_app({"SECRET_KEY": "k"}).config["SESSION_COOKIE_SECURE"] is False


def test_wrong_password_is_refused_logged_and_rate_limited(
    sqlite_site_with: Callable[..., Site], caplog: pytest.LogCaptureFixture
) -> None:
    site = sqlite_site_with(LOGIN_LIMIT="3 per minute")
    client = site.app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    caplog.set_level(logging.WARNING)
    responses = [
        client.post("/login", data={"username": "langson", "password": "sai", "csrf_token": token})
        for _ in range(4)
    ]
    assert [r.status_code for r in responses] == [401, 401, 401, 429]
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in responses[0].get_data(as_text=True)
    assert 'value="langson"' in responses[0].get_data(as_text=True)
    assert "Quá nhiều lần thử" in responses[3].get_data(as_text=True)
    assert "sign-in refused for 'langson'" in caplog.text
    ok = client.get("/login")  # reading the form is not limited
    assert ok.status_code == 200


def test_changing_the_password_ends_other_sessions(site: Site) -> None:
    client, token = site.login("member")
    other, _ = site.login("member")
    weak = client.post(
        "/account/password", data={"csrf_token": token, "current": PASSWORD, "new": "ngan"}
    )
    assert weak.status_code == 409
    assert "ít nhất 10 ký tự" in weak.get_data(as_text=True)
    wrong = client.post(
        "/account/password",
        data={"csrf_token": token, "current": "khong-dung-mat-khau", "new": "mat-khau-moi-dai"},
    )
    assert wrong.status_code == 409
    changed = client.post(
        "/account/password",
        data={"csrf_token": token, "current": PASSWORD, "new": "mat-khau-moi-dai"},
    )
    assert changed.status_code == 302
    assert other.get("/account").status_code == 302  # sent to sign in again
    assert other.get("/account").headers["Location"].startswith("/login")
    site.login("member", "mat-khau-moi-dai")
    with pytest.raises(AssertionError):
        site.login("member", PASSWORD)


def test_a_disabled_account_cannot_sign_in_nor_use_its_token(site: Site) -> None:
    member, _ = site.login("member")
    admin, token = site.login("admin")
    response = admin.post(
        "/admin/accounts/disable",
        data={"csrf_token": token, "username": "langson", "reason": "Chuyển công tác"},
    )
    assert response.status_code == 302
    assert member.get("/account").status_code == 302
    assert site.api("member").get("/api/v1/me").status_code == 401
    with pytest.raises(AssertionError):
        site.login("member")
    admin.post("/admin/accounts/enable", data={"csrf_token": token, "username": "langson"})
    assert site.api("member").get("/api/v1/me").status_code == 200
    self_lock = admin.post(
        "/admin/accounts/disable", data={"csrf_token": token, "username": "quantri"}
    )
    assert self_lock.status_code == 403


def test_tokens_are_stored_as_hashes_and_can_be_revoked(sqlite_site: Site) -> None:
    app = ThiduaApplication(sqlite_site.url)
    try:
        account = accounts.load_account(app, "langson")
        token = sqlite_site.tokens["member"]
        assert token not in str(account.__dict__)
        assert accounts.token_digest(token) in account.tokens
        me = sqlite_site.api("member").get("/api/v1/me").get_json()
        assert me["account"] == "langson" and me["roles"] == []
        accounts.revoke_token(
            app, accounts.principal_for(account), accounts.token_digest(token), ON
        )
        assert sqlite_site.api("member").get("/api/v1/me").status_code == 401
    finally:
        app.close()


def test_users_create_makes_the_first_administrator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.audit.schema import create_schema
    from web.site.app import create_app

    url = f"sqlite:///{tmp_path / 'e.sqlite3'}"
    create_schema(url)
    flask_app = create_app({"DATABASE_URL": url, "SECRET_KEY": "k"})
    monkeypatch.setenv("THIDUA_ADMIN_PASSWORD", "mot-mat-khau-dai")
    result = flask_app.test_cli_runner().invoke(users_cli, ["create", "QuanTri", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo tài khoản quantri" in result.output
    again = flask_app.test_cli_runner().invoke(users_cli, ["create", "quantri", "--role", "admin"])
    assert again.exit_code == 1 and "đã tồn tại" in again.output
    app = ThiduaApplication(url)
    try:
        found = accounts.authenticate(app, "quantri", "mot-mat-khau-dai")
        assert found is not None and found.roles == ["admin"]
        assert not found.password_hash.startswith("$argon2")  # sealed in the store
        assert open_hash(found.id, found.password_hash).startswith("$argon2id$")
        assert accounts.authenticate(app, "quantri", "sai-mat-khau-roi") is None
    finally:
        app.close()


def test_account_rules() -> None:
    with pytest.raises(DomainError) as e:
        Account.create("kt", "Kiểm toán", Account.id_for("x"), ["auditor"], "h", ON)
    assert e.value.code == "account.auditor_exclusive"
    with pytest.raises(DomainError) as e:
        Account.create("Nguyễn Văn A", "A", None, [], "h", ON)
    assert e.value.code == "account.bad_username"
    with pytest.raises(DomainError) as e:
        Account.create("a", "A", None, ["chair"], "h", ON)
    assert e.value.code == "account.bad_role"  # chair is derived from events, never granted
    with pytest.raises(DomainError):
        accounts.check_policy("nguyenvana", "nguyenvana")
    auditor = Account.create("kt", "Kiểm toán", None, ["auditor"], "h", ON)
    who = accounts.principal_for(auditor)
    assert who.unit is None and who.roles == frozenset({"auditor"})
    assert SYSTEM_PRINCIPAL.is_admin
