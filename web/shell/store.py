"""The store handle of this process: one ThiduaApplication per worker, and the URL
converter for ids. Imports nothing of the web that uses it (flaskr's `db.py`)."""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import tempfile
import threading
from pathlib import Path
from uuid import UUID

from flask import current_app
from werkzeug.routing import BaseConverter

from service.platform.app import ThiduaApplication
from service.platform.paths import private_dir
from service.platform.store import is_postgres

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
    private_dir(path.parent)
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
