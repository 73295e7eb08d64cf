"""Security policy: headers on every kind of answer (HSTS only over HTTPS behind the
proxy), session expiry (moved clock, never a sleep), the password policy enforced by
the service, and the audit of sign-ins, refusals and lockouts (events, bounded)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from domain.accounts.access import AccessRecord
from domain.kernel.base import DomainError
from service.accounts import access_log, accounts
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.platform.wording import text
from tests.prepared import install_key
from tests.web.site import PASSWORD, ROLE_ACCOUNTS, Demos, Site, csrf_of
from web.shell import login as web_login
from web.site.app import create_app

ON = date(2016, 1, 10)


@pytest.fixture(autouse=True)
def own_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access_log, "THROTTLE", access_log.Throttle())


@pytest.fixture(scope="module")
def module_key(tmp_path_factory: pytest.TempPathFactory, demos: Demos) -> Path:
    """A key file holding the demo store's ballot secret."""
    path = tmp_path_factory.mktemp("keys") / "ballot.key"
    install_key(demos.key, path)
    return path


@pytest.fixture(autouse=True)
def ballot_key(module_key: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The module's store seals password hashes with one key for all its tests."""
    monkeypatch.setenv("THIDUA_BALLOT_KEY_FILE", str(module_key))
    monkeypatch.delenv("THIDUA_BALLOT_SECRET", raising=False)
    return module_key


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory, module_key: Path, demos: Demos
) -> Iterator[Site]:
    """One demo store for the module (building one is the slow part); tests that need
    other settings get another Flask app on it (`with_config`)."""
    tmp = tmp_path_factory.mktemp("security")
    with pytest.MonkeyPatch.context() as m:
        m.setenv("THIDUA_BALLOT_KEY_FILE", str(module_key))
        m.delenv("THIDUA_BALLOT_SECRET", raising=False)
        yield from demos.site("sqlite", tmp, module_key)


@pytest.fixture
def sqlite_site(shared: Site) -> Site:
    return shared


def with_config(site: Site, **config: object) -> Site:
    tmp = Path(site.url.removeprefix("sqlite:///")).parent
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": site.url,
            "SECRET_KEY": "test",
            "SESSION_COOKIE_SECURE": False,
            "UPLOAD_DIR": str(tmp / "uploads"),
            "TODAY": "2016-01-10",
            "LOGIN_LIMIT": "1000 per minute",
            **config,
        }
    )
    return Site(app, site.url, site.summary, site.tokens)


def access_records(url: str) -> list[AccessRecord]:
    app = ThiduaApplication(url)
    try:
        found = [
            n
            for n in app.recorder.select_notifications(None, 10**7)
            if n.topic == "thidua.AccessRecord.AccessRecorded"
        ]
        return [app.get(n.originator_id) for n in found]
    finally:
        app.close()


def raw_store_text(url: str) -> str:
    app = ThiduaApplication(url)
    try:
        return "\n".join(
            n.state.decode("utf-8", "replace")
            for n in app.recorder.select_notifications(None, 10**7)
        )
    finally:
        app.close()


# -- headers -----------------------------------------------------------------------------
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


def answers_of_every_kind(site: Site, client: FlaskClient, **kw: object) -> dict[str, object]:
    api = site.api("admin")
    uploaded = api.post(
        "/api/v1/uploads", data={"file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf")}
    ).get_json()
    member, _token = site.login("member")
    return {
        "html": client.get("/login", **kw),
        "json": api.get("/api/v1/me", **kw),
        "json error 401": site.api(None).get("/api/v1/me", **kw),
        "html 404": client.get("/nowhere", **kw),
        "json 404": api.get("/api/v1/nowhere", **kw),
        "html 403": member.get("/admin", **kw),
        "csrf 400": member.post("/logout", **kw),
        "405": client.get("/logout", **kw),
        "file": api.get(f"/api/v1/files/{uploaded['sha256']}", **kw),
        "static": client.get("/static/thidua.css", **kw),
        "health": client.get("/healthz", **kw),
    }


def test_every_answer_carries_the_security_headers_and_no_hsts_over_http(
    sqlite_site: Site,
) -> None:
    answers = answers_of_every_kind(sqlite_site, sqlite_site.app.test_client())
    statuses = {name: r.status_code for name, r in answers.items()}  # type: ignore[attr-defined]
    assert statuses["html 403"] == 403 and statuses["csrf 400"] == 400
    assert statuses["file"] == 200 and statuses["static"] == 200 and statuses["405"] == 405
    for name, r in answers.items():
        h = r.headers  # type: ignore[attr-defined]
        missing = [k for k in SECURITY_HEADERS if not h.get(k)]
        assert not missing, f"{name}: {missing}"
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"], name
        assert h["X-Content-Type-Options"] == "nosniff", name
        assert h["Referrer-Policy"] == "same-origin", name
        assert "Strict-Transport-Security" not in h, f"{name}: HSTS over plain HTTP"


def test_hsts_only_over_https_behind_the_proxy(
    shared: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THIDUA_PROXY", "1")
    site = with_config(shared)
    tls = {"headers": {"X-Forwarded-Proto": "https"}}
    for name, r in answers_of_every_kind(site, site.app.test_client(), **tls).items():
        hsts = r.headers.get("Strict-Transport-Security", "")  # type: ignore[attr-defined]
        assert hsts.startswith("max-age=31536000"), name
    plain = site.app.test_client().get("/login", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers
    monkeypatch.delenv("THIDUA_PROXY")
    direct = with_config(shared)
    spoofed = direct.app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in spoofed.headers  # no proxy: header not trusted


# -- session expiry ------------------------------------------------------------------------
class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.t = 1_700_000_000.0
        monkeypatch.setattr(web_login, "now", lambda: self.t)

    def move(self, minutes: float) -> None:
        self.t += minutes * 60


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    yield Clock(monkeypatch)


EXPIRED = "Phiên đăng nhập đã hết hạn"


def test_an_idle_session_expires_with_a_message(sqlite_site: Site, clock: Clock) -> None:
    client, _token = sqlite_site.login("member")
    clock.move(119)
    assert client.get("/account").status_code == 200  # within the idle limit (120 min)
    clock.move(119)
    assert client.get("/account").status_code == 200  # each use restarts the idle time
    clock.move(121)
    gone = client.get("/account")
    assert gone.status_code == 302 and "/login" in gone.headers["Location"]
    page = client.get(gone.headers["Location"]).get_data(as_text=True)
    assert EXPIRED in page
    assert client.get("/account").status_code == 302  # ended, not only warned


def test_the_session_cookie_is_sent_again_only_when_the_session_changes(
    sqlite_site: Site, clock: Clock
) -> None:
    client, _token = sqlite_site.login("member")
    client.get("/account")  # the page's form token, kept in the session once

    def sets_cookie() -> bool:
        answer = client.get("/account")
        assert answer.status_code == 200
        return any("thidua_session=" in c for c in answer.headers.getlist("Set-Cookie"))

    assert not sets_cookie()  # a page read a moment later: the same cookie stands
    clock.move(0.5)
    assert not sets_cookie()
    clock.move(1)
    assert sets_cookie()  # its last use noted, at most once a minute
    assert not sets_cookie()


def test_a_session_ends_hours_after_sign_in_however_busy(sqlite_site: Site, clock: Clock) -> None:
    client, _token = sqlite_site.login("member")
    for _hour in range(7):
        clock.move(60)
        assert client.get("/account").status_code == 200
    clock.move(59)
    assert client.get("/account").status_code == 200  # 7 h 59 min
    clock.move(2)
    assert client.get("/account").status_code == 302  # 8 h 01 min: THIDUA_SESSION_HOURS=8
    api = sqlite_site.login("member")[0]
    clock.move(60 * 9)
    answer = api.get("/api/v1/me")  # an API call on the session cookie
    assert answer.status_code == 401
    assert answer.get_json()["code"] == "auth.session_expired"
    assert EXPIRED in answer.get_json()["message"]


def test_session_lifetimes_are_settings(shared: Site, clock: Clock) -> None:
    site = with_config(shared, SESSION_HOURS=1, SESSION_IDLE_MINUTES=10)
    client, _token = site.login("member")
    clock.move(9)
    assert client.get("/account").status_code == 200
    clock.move(11)
    assert client.get("/account").status_code == 302


# -- password policy -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("ngan-qua", "account.password_too_short"),
        ("langson-2016-xyz", "account.password_is_username"),
        ("LANGSONLANGSON", "account.password_is_username"),
        ("matkhau123", "account.password_common"),
        ("Password123", "account.password_common"),
        ("1234567890", "account.password_common"),
        ("ababababababab", "account.password_common"),  # 2 different characters
    ],
)
def test_weak_passwords_are_refused_by_the_service(password: str, code: str) -> None:
    with pytest.raises(DomainError) as e:
        accounts.check_policy("langson", password)
    assert e.value.code == code
    worded = text(e.value)
    assert worded and "{" not in worded and worded != text(e.value, "en")  # both languages


def test_the_policy_holds_for_every_way_a_password_is_set(sqlite_site: Site) -> None:
    app = ThiduaApplication(sqlite_site.url)
    try:
        with pytest.raises(DomainError) as common:
            accounts.create_account(app, SYSTEM_PRINCIPAL, "moi", "Mới", None, [], "qwertyuiop", ON)
        assert "phổ biến" in text(common.value)
        with pytest.raises(DomainError) as named:
            accounts.reset_password(app, SYSTEM_PRINCIPAL, "langson", "langson-moi-2016", ON)
        assert "tên đăng nhập" in text(named.value)
        assert accounts.check_policy("langson", "ngựa ô phi nước đại") is None
    finally:
        app.close()
    client, token = sqlite_site.login("member")
    form = client.post(
        "/account/password", data={"current": PASSWORD, "new": "password123", "csrf_token": token}
    )
    assert form.status_code == 409
    assert "Mật khẩu này quá phổ biến" in form.get_data(as_text=True)
    api = sqlite_site.api("member").post(
        "/api/v1/account/password", json={"current": PASSWORD, "new": "langson12345"}
    )
    assert api.status_code == 409 and api.get_json()["code"] == "account.password_is_username"


# -- audit of sign-ins -----------------------------------------------------------------------
def sign_in(client: FlaskClient, username: str, password: str) -> int:
    token = csrf_of(client.get("/login").get_data(as_text=True))
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code


def test_sign_ins_and_refusals_are_recorded_without_the_password(sqlite_site: Site) -> None:
    client = sqlite_site.app.test_client()
    before = len(access_records(sqlite_site.url))
    assert sign_in(client, "langson", "mat-khau-sai-bi-mat") == 401
    assert sign_in(client, "mat-khau-go-nham-o-ten", "x") == 401  # a secret typed as a name
    assert sign_in(client, "langson", PASSWORD) == 302
    records = access_records(sqlite_site.url)[before:]
    seen = [(r.outcome, r.account, r.address) for r in records]
    assert seen == [
        ("refused", "langson", "127.0.0.1"),
        ("refused", "", "127.0.0.1"),
        ("signed_in", "langson", "127.0.0.1"),
    ]
    stored = raw_store_text(sqlite_site.url)
    assert "mat-khau-sai-bi-mat" not in stored and "mat-khau-go-nham-o-ten" not in stored
    assert PASSWORD not in stored


def test_a_lockout_is_recorded_and_a_flood_does_not_bloat_the_store(shared: Site) -> None:
    url, client = shared.url, shared.app.test_client()
    # the throttle counts per clock hour: mid-way through one, so that 25 attempts never
    # straddle two (the wall clock did once, at 05:00, and all 25 were recorded)
    now = (time.time() // 3600) * 3600 + 1800
    access_log.THROTTLE.clock = lambda: now
    before = len(access_records(url))
    statuses = [sign_in(client, "langson", f"doan-sai-{n}") for n in range(25)]
    assert set(statuses) == {401}
    assert len(access_records(url)) - before == access_log.PER_ADDRESS_PER_HOUR  # 20 of 25
    later = now + 3600  # the next clock hour: the throttle counts afresh
    access_log.THROTTLE.clock = lambda: later
    assert sign_in(client, "langson", "doan-sai-lan-nua") == 401
    last = access_records(url)[-1]
    assert last.suppressed == 5, "the records left out are counted in the next one"
    limited = with_config(shared, LOGIN_LIMIT="2 per minute").app.test_client()
    before = len(access_records(url))
    assert [sign_in(limited, "langson", "sai-roi-sai-roi") for _ in range(3)] == [401, 401, 429]
    outcomes = [r.outcome for r in access_records(url)[before:]]
    assert outcomes == ["refused", "refused", "limited"]


def test_auditors_see_the_sign_in_log_others_do_not(sqlite_site: Site) -> None:
    client = sqlite_site.app.test_client()
    assert sign_in(client, "langson", "mat-khau-sai-bi-mat") == 401
    auditor, _t = sqlite_site.login("auditor")
    page = auditor.get("/audit/access")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Nhật ký đăng nhập" in html and "Từ chối" in html and "langson" in html
    assert "kiemtoan" in html  # the auditor's own sign-in
    assert "mat-khau-sai-bi-mat" not in html
    only = auditor.get("/audit/access?account=kiemtoan").get_data(as_text=True)
    assert "kiemtoan" in only and "Từ chối" not in only
    member, _t = sqlite_site.login("member")
    assert member.get("/audit/access").status_code == 403


def test_refused_acts_are_recorded_with_who_and_what(sqlite_site: Site) -> None:
    before = len(access_records(sqlite_site.url))
    member, _t = sqlite_site.login("member")
    assert member.get("/audit/access").status_code == 403  # a page
    api = sqlite_site.api("member")
    body = {"code": "TUCHOI", "kind": "province", "name": "Không được", "on": "2016-01-10"}
    assert api.post("/api/v1/admin/units/new", json=body).status_code == 403  # an act
    assert sqlite_site.app.test_client().get("/audit/access").status_code == 302  # anonymous
    records = access_records(sqlite_site.url)[before:]
    refused = [(r.outcome, r.account, r.request) for r in records if r.outcome == "forbidden"]
    member_name = ROLE_ACCOUNTS["member"][0]
    assert refused == [
        ("forbidden", member_name, "GET /audit/access"),
        ("forbidden", member_name, "POST /api/v1/admin/units/new"),
    ]  # the anonymous visitor was sent to sign in, not refused
    auditor, _t = sqlite_site.login("auditor")
    html = auditor.get("/audit/access").get_data(as_text=True)
    assert "Không có quyền" in html and "POST /api/v1/admin/units/new" in html


def test_a_flood_of_refused_acts_is_bounded(shared: Site) -> None:
    member, _t = shared.login("member")
    before = len(access_records(shared.url))
    assert {member.get("/audit/access").status_code for _ in range(25)} == {403}
    assert len(access_records(shared.url)) - before == access_log.PER_ADDRESS_PER_HOUR


def test_the_session_cookie_expires_with_the_session(shared: Site) -> None:
    site = with_config(shared, SESSION_HOURS=2)
    client = site.app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    answer = client.post(
        "/login", data={"username": "langson", "password": PASSWORD, "csrf_token": token}
    )
    cookie = next(c for c in answer.headers.getlist("Set-Cookie") if "thidua_session=" in c)
    expires = cookie.split("Expires=")[1].split(";")[0]

    left = parsedate_to_datetime(expires).timestamp() - time.time()
    assert 1.9 * 3600 < left <= 2 * 3600 + 5, cookie  # Flask's default would be 31 days
