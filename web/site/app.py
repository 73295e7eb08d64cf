"""The Flask application factory (flaskr pattern) and the per-process event store.

Configuration comes from `THIDUA_*` environment variables, then `test_config`:

- THIDUA_DATABASE_URL  sqlite:///PATH (default instance/thidua.sqlite3) or postgresql://...
- THIDUA_SECRET_KEY    session key; if unset, one is generated once and kept in
                       instance/secret_key (mode 600), so every worker shares it
- THIDUA_INSTANCE_PATH where instance files live (default ./instance)
- THIDUA_SECURE_COOKIES 1 (default): session cookie only over HTTPS; 0 for plain-HTTP
                       local use (scripts/run.sh on 127.0.0.1)
- THIDUA_LOGIN_LIMIT   sign-in attempts per client address (default "10 per minute")
- THIDUA_MAX_UPLOAD_MB largest accepted file (default 20)
- THIDUA_UPLOAD_DIR    where files are kept (default instance/uploads)
- THIDUA_TODAY         a fixed "today" (yyyy-mm-dd) for demos; default the date in Vietnam;
                       read on every request (service/platform/clock.py), so a change
                       takes effect without a restart (test_config TODAY overrides it)
- THIDUA_PROXY         1: behind a TLS proxy (trust one X-Forwarded-* hop); HSTS is sent
                       on HTTPS answers only
- THIDUA_SESSION_HOURS a session ends this long after sign-in (default 8)
- THIDUA_SESSION_IDLE_MINUTES ... or this long after its last request (default 120)
- THIDUA_SQLITE_LOCK_TIMEOUT, THIDUA_PG_CONNECT_TIMEOUT: see service/store.py
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from service.platform.app import begin_fresh_reads, end_fresh_reads
from service.platform.paths import instance_path, keep_private, private_dir, secret_file
from service.platform.store import default_url
from service.platform.uploads import UploadStore, max_bytes
from service.views import projector
from web.shell import i18n, login, resilience, security
from web.shell.first_reads import read_first
from web.shell.limits import limiter
from web.shell.sessions import CookieSessions
from web.shell.store import EXTENSION, SECRET_FILE, HexUUIDConverter, Store, persistent_secret
from web.shell.templating import ThiduaFlask
from web.site.registry import register_all

WEB = Path(__file__).resolve().parents[1]  # web/: templates/, static/, translations/


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    keep_private()  # every file this process creates: 600, folders 700
    instance = str(private_dir(instance_path()))
    app = ThiduaFlask(
        "web",
        instance_path=instance,
        instance_relative_config=True,
        template_folder=str(WEB / "templates"),
        static_folder=str(WEB / "static"),
    )
    env = os.environ.get
    app.config.from_mapping(
        DATABASE_URL=env("THIDUA_DATABASE_URL") or default_url(),
        SECRET_KEY=env("THIDUA_SECRET_KEY"),
        SESSION_COOKIE_NAME="thidua_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=env("THIDUA_SECURE_COOKIES", "1") != "0",
        # the cookie is signed and sent again only when the session changes (its last
        # use is noted at most once a minute, web/shell/login.py), not on every answer
        SESSION_REFRESH_EACH_REQUEST=False,
        SESSION_HOURS=float(env("THIDUA_SESSION_HOURS") or 8),
        SESSION_IDLE_MINUTES=float(env("THIDUA_SESSION_IDLE_MINUTES") or 120),
        REMEMBER_COOKIE_DURATION=timedelta(0),
        LOGIN_LIMIT=env("THIDUA_LOGIN_LIMIT") or "10 per minute",
        RATELIMIT_STORAGE_URI=env("THIDUA_RATELIMIT_STORAGE") or "memory://",
        MAX_UPLOAD_BYTES=max_bytes(),
        UPLOAD_DIR=env("THIDUA_UPLOAD_DIR"),
    )
    if test_config:
        app.config.from_mapping(test_config)
    if not (test_config or {}).get("PERMANENT_SESSION_LIFETIME"):  # Flask's default: 31 days
        app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config["SESSION_HOURS"])
    # (the cookie's own expiry; web/login.py ends the session itself, idle or too old)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = persistent_secret(secret_file(SECRET_FILE))
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is None: setdefault no-op
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + 2 * 1024 * 1024
    app.session_interface = CookieSessions()
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Vietnamese as is, not \uXXXX
    if env("THIDUA_PROXY") == "1":
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    app.extensions[EXTENSION] = Store(app.config["DATABASE_URL"])
    upload_dir = app.config["UPLOAD_DIR"] or os.path.join(app.instance_path, "uploads")
    app.extensions["thidua.uploads"] = UploadStore(Path(upload_dir), app.config["MAX_UPLOAD_BYTES"])

    app.url_map.converters["uuid"] = HexUUIDConverter
    app.before_request(begin_reads)  # first: the session's account load reads through it
    app.before_request(read_first)  # the account and the endpoint's cases, with the check
    app.teardown_request(end_reads)
    security.init(app)
    resilience.init(app)
    limiter.init_app(app)
    login.init(app)
    i18n.init(app)
    register_all(app)
    app.before_request(settle_views)
    app.teardown_request(unsettle_views)
    return app


def begin_reads() -> None:
    """A request reads each unchanged cached aggregate without a query (one check at its
    first read: service/platform/app.py `fresh_reads`)."""
    g.fresh_reads = begin_fresh_reads()


def end_reads(_error: BaseException | None) -> None:
    token = g.pop("fresh_reads", None)
    if token is not None:
        end_fresh_reads(token)


def settle_views() -> None:
    """A request checks the views are caught up once, and again only after it saves."""
    g.views_settled = projector.settle()


def unsettle_views(_error: BaseException | None) -> None:
    token = g.pop("views_settled", None)
    if token is not None:
        projector.unsettle(token)
