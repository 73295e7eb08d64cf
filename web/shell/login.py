"""Signing in (Flask-Login), who is asking (the service Principal), and the auth pages.

The session holds `username:password_version`: changing a password ends every other
session of that account, and a disabled account's sessions end at their next request.
The login form is rate-limited per client address (Flask-Limiter; THIDUA_LOGIN_LIMIT,
default "10 per minute"). Sign-ins, refused sign-ins and lockouts are recorded as
events (service/access_log.py, bounded) and logged. A session ends
THIDUA_SESSION_HOURS after sign-in or THIDUA_SESSION_IDLE_MINUTES after its last use.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_login import login_required as _login_required

from domain.accounts.access import FORBIDDEN, LIMITED, REFUSED, SIGNED_IN
from domain.accounts.account import Account
from service.accounts import access_log, accounts
from service.platform.auth import Principal
from web.shell.limits import limiter
from web.shell.store import store

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Vui lòng đăng nhập.")
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"
login_required = _login_required
LOCALES = ("vi", "en")


class User(UserMixin):
    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.username}:{self.account.password_version}"

    @property
    def principal(self) -> Principal:
        return accounts.principal_for(self.account)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    username, _sep, version = user_id.rpartition(":")
    account = accounts.read_account(store(), username)
    if account is None or not account.enabled or str(account.password_version) != version:
        return None
    return User(account)


def session_account() -> UUID | None:
    """The id of the account the session is signed in as (None: none), which
    `load_user` reads: what every signed-in request reads first."""
    user_id = session.get("_user_id")
    if not isinstance(user_id, str):
        return None
    return accounts.account_id(user_id.rpartition(":")[0])


def current_principal() -> Principal | None:
    if current_user.is_authenticated:
        return current_user.principal
    return None


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def api_principal() -> Principal | None:
    """Token (Authorization: Bearer) or session; a token, when sent, is the only proof."""
    if "api_principal" in g:
        return g.api_principal
    token = bearer_token()
    if token is not None:
        account = accounts.account_for_token(store(), token)
        found = accounts.principal_for(account) if account else None
        if found is None:
            current_app.logger.warning("API token refused from %s", request.remote_addr)
    else:
        found = current_principal()
    g.api_principal = found
    return found


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"], methods=["POST"])
def login() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("auth/login.html", values={}, failed=False)
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    account = accounts.authenticate(store(), username, password)
    if account is None:
        current_app.logger.warning(
            "sign-in refused for %r from %s", username[:64], request.remote_addr
        )
        access_log.record(store(), REFUSED, username, _address())
        values = {"username": username}
        return render_template("auth/login.html", values=values, failed=True), 401
    _fresh_session()  # no fixation across the sign-in
    session.permanent = True
    session[SIGNED_IN_AT] = session[SEEN_AT] = now()
    login_user(User(account))
    current_app.logger.info("signed in: %s from %s", account.username, request.remote_addr)
    access_log.record(store(), SIGNED_IN, account.username, _address(), account.unit)
    return redirect(_safe_next(request.args.get("next")))


def _fresh_session() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _address() -> str:
    return request.remote_addr or ""


# -- session lifetime ---------------------------------------------------------------------
SIGNED_IN_AT, SEEN_AT = "signed_in_at", "seen_at"


def now() -> float:
    """The clock sessions are timed by (tests move it; they never sleep)."""
    return time.time()


def expire_session() -> ResponseReturnValue | None:
    """Before each request: a session older than THIDUA_SESSION_HOURS since sign-in, or
    idle for THIDUA_SESSION_IDLE_MINUTES, is ended with a message to sign in again."""
    if "_user_id" not in session:
        return None
    t = now()
    started = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT, started)
    config = current_app.config
    if (
        not isinstance(started, int | float)
        or not isinstance(seen, int | float)
        or t - started > config["SESSION_HOURS"] * 3600
        or t - seen > config["SESSION_IDLE_MINUTES"] * 60
    ):
        logout_user()
        _fresh_session()
        text = _("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.")
        if request.path.startswith("/api/"):
            return jsonify(code="auth.session_expired", message=text), 401
        flash(text, "info")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))
    if t - seen >= 60:  # rewrite the cookie at most once a minute for this
        session[SEEN_AT] = t
    return None


def record_refusals(response: Any) -> Any:
    """After each request: a sign-in refused by the rate limit (429) and any act refused
    as not allowed (403) are recorded (bounded, service/access_log.py)."""
    if response.status_code == 429 and request.endpoint == "auth.login":
        access_log.record(store(), LIMITED, "", _address())
    elif response.status_code == 403:
        try:
            who = g.get("api_principal") or current_principal()
            access_log.record(
                store(),
                FORBIDDEN,
                who.account if who else "",
                _address(),
                who.unit if who else None,
                request=f"{request.method} {request.path}",
            )
        except Exception:  # the refusal is answered even if it cannot be recorded
            current_app.logger.exception("could not record a refusal of %s", request.path)
    return response


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    logout_user()
    session.clear()
    flash(_("Đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language() -> ResponseReturnValue:
    wanted = request.form.get("lang", "vi")
    session["lang"] = wanted if wanted in LOCALES else "vi"
    return redirect(_safe_next(request.form.get("next")))


def select_locale() -> str:
    if request.blueprint == "api":
        return request.accept_languages.best_match(LOCALES) or "vi"
    return str(session.get("lang", "vi"))


def init(app: Any) -> None:
    login_manager.init_app(app)
    app.before_request(expire_session)
    app.after_request(record_refusals)
