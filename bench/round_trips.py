"""Round trips and statements per report submission on PostgreSQL (issue 18, P9's path).

    python -m bench.round_trips postgresql://USER@HOST:PORT/DB [--units 80]

A fresh database of that server gets P9's store at `units` districts (bench/deadline.py
`prepare`). In this process, through the Flask test client, every officer signs in and
opens its submit form; the first half submit (each worker connection opened, the
aggregates of the province read once); the second half are counted: the POST of the
submit form (302) and, apart, the report's page its redirect leads to.

Counted on every PostgreSQL connection of the process (the event pool's and the views
store's): statements, each psycopg `execute`/`executemany` (the pool's empty check
query included); round trips, from libpq's protocol trace, one where the client's
messages are followed by the server's answer (a pipeline's batch is one).
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from flask.testing import FlaskClient

from bench.deadline import PASSWORD, code_of, prepare
from bench.site import environment, web_env
from web.site.app import create_app

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Counter:
    """What the process's PostgreSQL connections did while `counting` was on."""

    on: bool = False
    statements: int = 0
    known: list[Any] = field(default_factory=list)  # every connection made
    traced: list[tuple[Any, Path]] = field(default_factory=list)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="trips-")))

    def start(self) -> None:
        self.statements, self.traced, self.on = 0, [], True
        for conn in self.known:
            if not conn.closed:
                self.trace(conn)

    def trace(self, conn: Any) -> None:
        path = self.folder / f"{len(self.traced)}.trace"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        conn.pgconn.trace(fd)  # libpq writes through its own stream on this descriptor
        conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        self.traced.append((conn, path))

    def round_trips(self) -> int:
        """Client messages followed by the server's answer, over every trace."""
        trips = 0
        for conn, _path in self.traced:
            if not conn.closed:
                conn.pgconn.untrace()  # flushes libpq's stream
        for _conn, path in self.traced:
            last = ""
            for line in path.read_text(errors="replace").splitlines():
                side = line.split("\t", 1)[0]
                if side == "B" and last == "F":
                    trips += 1
                if side in ("F", "B"):
                    last = side
        return trips


def patched(counter: Counter) -> Callable[[], None]:
    """psycopg's connect, execute and executemany counting; returns the undo."""
    connect = psycopg.Connection.connect.__func__  # type: ignore[attr-defined]
    execute, executemany = psycopg.Cursor.execute, psycopg.Cursor.executemany

    def counted_connect(cls: Any, *args: Any, **kwargs: Any) -> Any:
        conn = connect(cls, *args, **kwargs)
        counter.known.append(conn)
        if counter.on:
            counter.trace(conn)
        return conn

    def counted_execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        counter.statements += counter.on
        return execute(self, *args, **kwargs)

    def counted_executemany(self: Any, *args: Any, **kwargs: Any) -> Any:
        counter.statements += counter.on
        return executemany(self, *args, **kwargs)

    psycopg.Connection.connect = classmethod(counted_connect)  # type: ignore[assignment,method-assign]
    psycopg.connect = psycopg.Connection.connect  # the module's alias (the views store's)
    psycopg.Cursor.execute = counted_execute  # type: ignore[method-assign]
    psycopg.Cursor.executemany = counted_executemany  # type: ignore[method-assign]

    def undo() -> None:
        psycopg.Connection.connect = classmethod(connect)  # type: ignore[assignment,method-assign]
        psycopg.connect = psycopg.Connection.connect
        psycopg.Cursor.execute = execute  # type: ignore[method-assign]
        psycopg.Cursor.executemany = executemany  # type: ignore[method-assign]

    return undo


def token_of(html: str) -> str:
    found = TOKEN.search(html)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


@dataclass
class Submitter:
    client: FlaskClient
    path: str
    token: str

    def submit(self) -> str:
        answer = self.client.post(self.path, data={"csrf_token": self.token})
        if answer.status_code != 302:
            raise RuntimeError(f"submission refused: HTTP {answer.status_code}")
        return str(answer.headers["Location"])


def signed_in(app: Any, campaign: uuid.UUID, i: int) -> Submitter:
    client = app.test_client()
    token = token_of(client.get("/login").get_data(as_text=True))
    username = code_of(i).lower()
    signed = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    if signed.status_code != 302:
        raise RuntimeError(f"sign-in of {username} refused")
    path = f"/reviews/{campaign.hex}/reports/{code_of(i)}/submit"
    return Submitter(client, path, token_of(client.get(path).get_data(as_text=True)))


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    name = "trips_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name


def measure(server: str, units: int) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="trips-work-"))
    key = {"THIDUA_BALLOT_KEY_FILE": str(work / "ballot.key")}
    with fresh_database(server) as url, environment(key):
        campaign = prepare(url, units)
        env = web_env(url, work / "instance", work / "ballot.key", "2015-12-10")
        with environment(env):
            return _count(create_app(), campaign, units)


def _count(app: Any, campaign: uuid.UUID, units: int) -> dict[str, float]:
    counter = Counter()
    undo = patched(counter)
    try:
        officers = [signed_in(app, campaign, i) for i in range(units)]
        half = units // 2
        for officer in officers[:half]:
            officer.client.get(officer.submit())
        figures: dict[str, float] = {}
        counted = officers[half:]
        for what in ("submission", "report page"):
            counter.start()
            for officer in counted:
                if what == "submission":
                    officer.path = officer.submit()  # then the page the redirect names
                else:
                    page = officer.client.get(officer.path)
                    if page.status_code != 200:
                        raise RuntimeError(f"report page: HTTP {page.status_code}")
            figures[f"{what}: statements"] = counter.statements / len(counted)
            figures[f"{what}: round trips"] = counter.round_trips() / len(counted)
            counter.on = False
        return figures
    finally:
        undo()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="postgresql://... (a fresh database is made on it)")
    parser.add_argument("--units", type=int, default=80)
    args = parser.parse_args()
    for name, value in measure(args.server, args.units).items():
        print(f"{name:34} {value:6.2f}")


if __name__ == "__main__":
    main()
