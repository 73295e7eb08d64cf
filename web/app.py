"""The Flask application factory (flaskr pattern) and the per-process event store.

Configuration comes from `THIDUA_*` environment variables, then `test_config`:

- THIDUA_DATABASE_URL  sqlite:///PATH (default instance/thidua.sqlite3) or postgresql://...
- THIDUA_SECRET_KEY    session key; if unset, one is generated once and kept in
                       instance/secret_key (mode 600), so every worker shares it
- THIDUA_INSTANCE_PATH where instance files live (default ./instance)
"""

from __future__ import annotations

import atexit
import os
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app, render_template

from service.app import ThiduaApplication
from service.store import default_url, is_postgres

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


def store() -> ThiduaApplication:
    """The current Flask app's event-sourced application (built on first use)."""
    holder: Store = current_app.extensions[EXTENSION]
    return holder.get()


def store_holder() -> Store:
    return current_app.extensions[EXTENSION]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    instance = os.environ.get("THIDUA_INSTANCE_PATH") or os.path.abspath("instance")
    app = Flask(__name__, instance_path=instance, instance_relative_config=True)
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("THIDUA_DATABASE_URL") or default_url(),
        SECRET_KEY=os.environ.get("THIDUA_SECRET_KEY"),
    )
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = persistent_secret(Path(app.instance_path) / SECRET_FILE)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Vietnamese as is, not \uXXXX

    app.extensions[EXTENSION] = Store(app.config["DATABASE_URL"])

    from web import health

    app.register_blueprint(health.bp)
    app.add_url_rule("/", "index", index)
    return app


def index() -> str:
    return render_template("index.html")


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
