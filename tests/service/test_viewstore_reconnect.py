"""The views store's one PostgreSQL connection, lost (issue 18: no ping per request).

A connection found dead as a transaction begins is replaced and the transaction run on
the new one; a transaction whose connection dies once begun is not run again: the
caller gets the error (an outage), and nothing of it is stored twice or half. Real
PostgreSQL: the backend is ended with `pg_terminate_backend` from another connection.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from projections.kernel.cases import Case
from service.views.viewstore import ViewStore

ON_POSTGRES = pytest.mark.parametrize(
    "store_kind", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
# Makes a COMMIT last: a deferred trigger, run by the COMMIT itself, waits.
SLOW_COMMIT = [
    """CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$""",
    """CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON view_cases
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()""",
]


@pytest.fixture
def store(store_url: str) -> Iterator[ViewStore]:
    views = ViewStore(store_url)
    views.create_tables()
    yield views
    views.close()


def backend_of(store: ViewStore) -> int:
    with store.transaction(write=False) as cur:
        cur.execute("SELECT pg_backend_pid()")
        return int(cur.fetchone()[0])


def terminate(url: str, pid: int) -> None:
    """End the backend `pid` and wait until it is gone."""
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)
        for _ in range(200):
            if not conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
                return
            time.sleep(0.01)
    raise AssertionError(f"backend {pid} still there")


def cases_stored(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        return int(conn.execute("SELECT count(*) FROM view_cases").fetchone()[0])


@ON_POSTGRES
def test_a_killed_connection_is_replaced_at_the_next_transaction(
    store: ViewStore, store_url: str
) -> None:
    case = Case(uuid.uuid4(), "review")
    store.commit_batch({}, {}, {case.id: case})
    old = backend_of(store)
    terminate(store_url, old)
    assert store.case_of(case.id) == case  # a read: no error, on a new connection
    assert backend_of(store) != old
    other = Case(uuid.uuid4(), "year")
    terminate(store_url, backend_of(store))
    store.commit_batch({}, {}, {other.id: other})  # a write begun on a dead one too
    assert store.case_of(other.id) == other
    assert cases_stored(store_url) == 2


@ON_POSTGRES
def test_a_database_still_down_is_an_error_not_a_loop(store: ViewStore, store_url: str) -> None:
    """The reconnection is tried once: a server that refuses gives its error at once."""
    terminate(store_url, backend_of(store))
    store.url = "postgresql://postgres@127.0.0.1:1/nowhere"  # nothing listens there
    started = time.monotonic()
    with pytest.raises(psycopg.OperationalError):
        store.case_of(uuid.uuid4())
    assert time.monotonic() - started < 5


@ON_POSTGRES
def test_a_write_whose_connection_dies_during_its_commit_is_not_run_again(
    store: ViewStore, store_url: str
) -> None:
    with store.transaction() as cur:
        for statement in SLOW_COMMIT:
            cur.execute(statement)
    pid, seen_committing = backend_of(store), threading.Event()

    def kill_during_commit() -> None:
        with psycopg.connect(store_url, autocommit=True) as conn:
            for _ in range(500):
                row = conn.execute(
                    "SELECT query FROM pg_stat_activity WHERE pid = %s AND state = 'active'",
                    (pid,),
                ).fetchone()
                if row is not None and row[0] == "COMMIT":
                    seen_committing.set()
                    break
                time.sleep(0.01)
        terminate(store_url, pid)

    killer = threading.Thread(target=kill_during_commit)
    killer.start()
    case = Case(uuid.uuid4(), "review")
    with pytest.raises(psycopg.OperationalError) as raised:
        store.commit_batch({}, {}, {case.id: case})
    killer.join()
    assert seen_committing.is_set(), "the backend was not ended during its COMMIT"
    assert isinstance(raised.value, psycopg.errors.AdminShutdown)
    assert store.case_of(case.id) is None  # the next transaction: a new connection
    time.sleep(0.2)
    assert cases_stored(store_url) == 0  # not written again behind the caller's back


@ON_POSTGRES
def test_a_transaction_whose_connection_dies_once_begun_is_not_run_again(
    store: ViewStore, store_url: str
) -> None:
    case = Case(uuid.uuid4(), "unit")
    statements: list[Any] = []
    with pytest.raises(psycopg.OperationalError), store.transaction() as cur:
        cur.execute("SELECT pg_backend_pid()")
        terminate(store_url, int(cur.fetchone()[0]))
        statements.append("insert")
        cur.execute(
            "INSERT INTO view_cases (originator, case_id, kind) VALUES (%s, %s, %s)",
            (case.id.hex, case.id.hex, case.kind),
        )
    assert statements == ["insert"]  # the body ran once
    assert store.case_of(case.id) is None
    assert cases_stored(store_url) == 0


@ON_POSTGRES
def test_a_read_whose_connection_dies_after_its_first_statement_is_not_run_again(
    store: ViewStore, store_url: str
) -> None:
    """Reads go without BEGIN (autocommit): only their first statement may be sent
    again on a new connection; a later one raises, as a write's does."""
    with pytest.raises(psycopg.OperationalError), store.transaction(write=False) as cur:
        cur.execute("SELECT pg_backend_pid()")
        terminate(store_url, int(cur.fetchone()[0]))
        cur.execute("SELECT 1")
    assert store.case_of(uuid.uuid4()) is None  # the next read: a new connection
