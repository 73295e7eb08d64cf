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
- THIDUA_TODAY         a fixed "today" (yyyy-mm-dd) for demos; default the date in Vietnam
- THIDUA_PROXY         1: behind a TLS proxy (trust one X-Forwarded-* hop); HSTS is sent
                       on HTTPS answers only
- THIDUA_SESSION_HOURS a session ends this long after sign-in (default 8)
- THIDUA_SESSION_IDLE_MINUTES ... or this long after its last request (default 120)
- THIDUA_SQLITE_LOCK_TIMEOUT, THIDUA_PG_CONNECT_TIMEOUT: see service/store.py
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from flask import Flask, current_app, g
from werkzeug.routing import BaseConverter

from service import projector
from service.app import ThiduaApplication
from service.store import default_url, is_postgres
from service.uploads import UploadStore, max_bytes

EXTENSION = "thidua"
SECRET_FILE = "secret_key"


class Store:
    """One ThiduaApplication per process, built on first use and closed at exit.

    Never built at import or in the factory: gunicorn workers each build their own
    after the fork (no --preload), with table creation off (`thidua db init` does it).
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._application: ThiduaApplication | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._atexit_registered = False

    @property
    def kind(self) -> str:
        return "postgresql" if is_postgres(self.url) else "sqlite"

    def get(self) -> ThiduaApplication:
        with self._lock:
            if self._application is None or self._pid != os.getpid():
                # A copy inherited through fork shares connections: build our own.
                self._application = ThiduaApplication(self.url, create_table=False)
                self._pid = os.getpid()
                if not self._atexit_registered:
                    atexit.register(self.close)
                    self._atexit_registered = True
            return self._application

    def close(self) -> None:
        with self._lock:
            application, self._application = self._application, None
            if application is not None and self._pid == os.getpid():
                application.close()

    def built(self) -> ThiduaApplication | None:
        """This process's application if it was built already (never builds one)."""
        with self._lock:
            return self._application if self._pid == os.getpid() else None

    def reset(self) -> None:
        """Drop this process's connections after an outage (web/resilience.py): the next
        request builds the application afresh, so a restarted database is used again."""
        with contextlib.suppress(Exception):  # closing a lost connection may fail too
            self.close()


def store() -> ThiduaApplication:
    """The current Flask app's event-sourced application (built on first use)."""
    holder: Store = current_app.extensions[EXTENSION]
    return holder.get()


def store_holder() -> Store:
    return current_app.extensions[EXTENSION]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    instance = os.environ.get("THIDUA_INSTANCE_PATH") or os.path.abspath("instance")
    app = Flask(__name__, instance_path=instance, instance_relative_config=True)
    env = os.environ.get
    app.config.from_mapping(
        DATABASE_URL=env("THIDUA_DATABASE_URL") or default_url(),
        SECRET_KEY=env("THIDUA_SECRET_KEY"),
        SESSION_COOKIE_NAME="thidua_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=env("THIDUA_SECURE_COOKIES", "1") != "0",
        SESSION_HOURS=float(env("THIDUA_SESSION_HOURS") or 8),
        SESSION_IDLE_MINUTES=float(env("THIDUA_SESSION_IDLE_MINUTES") or 120),
        REMEMBER_COOKIE_DURATION=timedelta(0),
        LOGIN_LIMIT=env("THIDUA_LOGIN_LIMIT") or "10 per minute",
        RATELIMIT_STORAGE_URI=env("THIDUA_RATELIMIT_STORAGE") or "memory://",
        MAX_UPLOAD_BYTES=max_bytes(),
        UPLOAD_DIR=env("THIDUA_UPLOAD_DIR"),
        TODAY=env("THIDUA_TODAY"),
    )
    if test_config:
        app.config.from_mapping(test_config)
    if not (test_config or {}).get("PERMANENT_SESSION_LIFETIME"):  # Flask's default: 31 days
        app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config["SESSION_HOURS"])
    # (the cookie's own expiry; web/login.py ends the session itself, idle or too old)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = persistent_secret(Path(app.instance_path) / SECRET_FILE)
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is None: setdefault no-op
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + 2 * 1024 * 1024
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Vietnamese as is, not \uXXXX
    if env("THIDUA_PROXY") == "1":
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    app.extensions[EXTENSION] = Store(app.config["DATABASE_URL"])
    upload_dir = app.config["UPLOAD_DIR"] or os.path.join(app.instance_path, "uploads")
    app.extensions["thidua.uploads"] = UploadStore(Path(upload_dir), app.config["MAX_UPLOAD_BYTES"])

    from web import health, i18n, login, resilience, security
    from web.blueprints import register_all
    from web.limits import limiter

    app.url_map.converters["uuid"] = HexUUIDConverter
    security.init(app)
    resilience.init(app)
    limiter.init_app(app)
    login.init(app)
    i18n.init(app)
    app.register_blueprint(health.bp)
    register_all(app)
    app.before_request(settle_views)
    app.teardown_request(unsettle_views)
    return app


def settle_views() -> None:
    """A request checks the views are caught up once, and again only after it saves."""
    g.views_settled = projector.settle()


def unsettle_views(_error: BaseException | None) -> None:
    token = g.pop("views_settled", None)
    if token is not None:
        projector.unsettle(token)


class HexUUIDConverter(BaseConverter):
    """Ids in URLs as 32 hex digits (the dashed form is accepted too)."""

    regex = r"[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

    def to_python(self, value: str) -> UUID:
        return UUID(value)

    def to_url(self, value: object) -> str:
        return value.hex if isinstance(value, UUID) else UUID(str(value)).hex


def persistent_secret(path: Path) -> str:
    """The key stored at `path`, created once (atomically: workers may race at boot)."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
    try:
        with os.fdopen(fd, "w") as f:  # mkstemp makes it mode 600
            f.write(secrets.token_hex(32) + "\n")
        os.link(tmp, path)  # fails if another process won the race; then use theirs
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path.read_text().strip()
