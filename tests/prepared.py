"""Stores built once per test process and copied for each test that uses one.

Building the demo takes seconds; copying it takes milliseconds. A `Prepared` store is
built by `prepare` and never opened again: a SQLite event file and its views file
(checkpointed, then copied file by file), or a PostgreSQL database that copies are
created from (`CREATE DATABASE ... TEMPLATE`, which wants nothing connected to the
template: the builder closes every application it opens). Its ballot secret seals the
secret ballots and the stored password hashes, so a copy is used with that secret:
`install_key` writes it into the key file of whoever uses the copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from service.audit.schema import create_schema
from service.platform.ballots import KEY_FILE_ENV, SECRET_ENV, ballot_secret
from service.platform.store import is_postgres
from service.views.viewstore import views_path

PG_URL = os.environ.get("THIDUA_TEST_POSTGRES_URL")
EVENTS = "events.sqlite3"


def fresh_postgres_db(template: str | None = None) -> str:
    """A new database on the test server: empty, or a copy of `template`."""
    import psycopg

    assert PG_URL
    name = "t_" + uuid.uuid4().hex[:12]
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    base, _, _ = PG_URL.rpartition("/")
    return f"{base}/{name}"


def sqlite_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path[1:]))


def sqlite_files(events: Path) -> list[Path]:
    """The files of the SQLite store whose event file is `events`: it and its views'."""
    return [events, Path(views_path(str(events)))]


def copy_sqlite(source: Path, target: Path) -> None:
    """The closed SQLite store at `source` (its files checkpointed) copied to `target`,
    over whatever was there (a stale write-ahead log beside the target removed)."""
    for s, t in zip(sqlite_files(source), sqlite_files(target), strict=True):
        for side in (Path(f"{t}-wal"), Path(f"{t}-shm")):
            side.unlink(missing_ok=True)
        shutil.copyfile(s, t)


def checkpoint(events: Path) -> None:
    """Everything in the write-ahead logs moved into the store's files (closed already)."""
    for f in sqlite_files(events):
        with closing(sqlite3.connect(f)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def install_key(key: Path, path: Path) -> None:
    """The ballot secret of the key file `key` in the key file at `path` (mode 600), where
    a copy's users read it. A key file already there must hold that secret."""
    secret = key.read_bytes()
    if path.exists():
        assert path.read_bytes() == secret, f"{path} holds another ballot secret"
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secret)


@contextmanager
def sealing_with(key: Path) -> Iterator[Path]:
    """Ballots and password hashes sealed with the key file `key` (made now if missing)
    while in the block."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv(KEY_FILE_ENV, str(key))
        env.delenv(SECRET_ENV, raising=False)
        ballot_secret()
        yield key


@dataclass(frozen=True)
class Prepared:
    url: str  # the built store, never opened again
    key: Path  # the ballot key file it was built with
    data: Any  # what the builder returned

    @property
    def kind(self) -> str:
        return "postgres" if is_postgres(self.url) else "sqlite"

    def copy(self, tmp: Path) -> str:
        """A private copy: the SQLite files under `tmp`, or a new PostgreSQL database."""
        if self.kind == "postgres":
            return fresh_postgres_db(template=urlsplit(self.url).path.lstrip("/"))
        target = tmp / EVENTS
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_sqlite(sqlite_path(self.url), target)
        return f"sqlite:///{target}"

    def install_key(self, path: Path) -> None:
        install_key(self.key, path)


def prepare(
    directory: Path,
    kind: str,
    key: Path,
    build: Callable[[str], Any],
    start: Prepared | None = None,
) -> Prepared:
    """The store of `kind` that `build(url)` makes (closing what it opens) in a new store
    (its tables made), or in a copy of `start`; sealed with the key file `key`, its SQLite
    files in `directory`."""
    if start is not None:
        url = start.copy(directory)
    elif kind == "postgres":
        url = fresh_postgres_db()
    else:
        url = f"sqlite:///{directory / EVENTS}"
    with sealing_with(key):
        if start is None:
            create_schema(url)
        data = build(url)
    if kind == "sqlite":
        checkpoint(sqlite_path(url))
    return Prepared(url, key, data)
