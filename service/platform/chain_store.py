"""Application recorders that write each event's chain link in the event's own transaction.

Table `event_chain`, one row per stored event (position = its notification id):
`link` is the chain (service/chain_format.py); `prev_position`, `originator_id`,
`originator_version`, `topic` and `state_sha256` are what the writer saw, kept only so
verification can say *what* differs (they are not hashed: the link is the authority).

Writes are serialised, so "the previous head" is well defined: on SQLite the event
INSERT takes the database's write lock before the head is read; on PostgreSQL the
recorder takes the library's `LOCK TABLE <events> IN EXCLUSIVE MODE` first, held until
commit, and one statement then inserts the events and their links, hashed by PostgreSQL
(`APPEND`: the format of `chain_format.link` in SQL; the chain's tests verify its links
with the Python one). A failed or rolled-back save leaves neither events nor links.
PostgreSQL may skip notification ids after a failed insert: the chain links consecutive
*existing* positions, and `prev_position` records the gap, so a gap is not tampering.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import (
    InterfaceError,
    OperationalError,
    PersistenceError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import retry
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composable, Identifier

from service.platform.chain_format import GENESIS, link

TABLE = "event_chain"
COLUMNS = "position, prev_position, originator_id, originator_version, topic, state_sha256, link"
# The events of each wanted aggregate (w: its id, and the version after which to read),
# through the primary key whatever the planner knows: the subquery is a fence (OFFSET 0),
# run once a wanted aggregate. As a plain join with unnest, a store without statistics
# (just loaded) had PostgreSQL hash the whole events table: 5.4 ms against 0.2 ms a read
# at 12,000 events (EXPLAIN ANALYZE). {0}: the events table.
EVENTS_AFTER = (
    "FROM unnest(%s::uuid[], %s::bigint[]) AS w(id, after) CROSS JOIN LATERAL "
    "(SELECT * FROM {0} x WHERE x.originator_id = w.id "
    "AND x.originator_version > w.after OFFSET 0) e"
)

# The events' insert and their links' in one statement, the links hashed by PostgreSQL as
# `chain_format.link` does (integers as 8 bytes big-endian: int8send; the originator's 16
# bytes: uuid_send), each after the one before it in position order (the recursive
# part), the first after the chain's head (read in the statement, after LOCK TABLE: no
# other writer can move it). A position not past its predecessor's is written NULL,
# which the primary key refuses (NotNullViolation: `_broken`). {0}: the library's insert
# returning (notification_id, originator_id, originator_version, topic, state); {1}: the
# chain's table; {2}: its columns.
APPEND = (
    "WITH RECURSIVE ins AS ({0}), "
    "n AS (SELECT row_number() OVER (ORDER BY notification_id) AS i, ins.* FROM ins), "
    "head AS (SELECT position, link FROM {1} ORDER BY position DESC LIMIT 1), "
    "c (i, position, prev_position, link) AS ("
    "SELECT 0::bigint, COALESCE((SELECT position FROM head), 0), 0::bigint, "
    f"COALESCE((SELECT link FROM head), '\\x{GENESIS.hex()}'::bytea) "
    "UNION ALL SELECT n.i, "
    "CASE WHEN n.notification_id > c.position THEN n.notification_id END, c.position, "
    "sha256(c.link || int8send(n.notification_id) || uuid_send(n.originator_id) "
    "|| int8send(n.originator_version) || int8send(octet_length(convert_to(n.topic, 'UTF8'))) "
    "|| convert_to(n.topic, 'UTF8') || int8send(octet_length(n.state)) || n.state) "
    "FROM c JOIN n ON n.i = c.i + 1), "
    "links AS (INSERT INTO {1} ({2}) SELECT c.position, c.prev_position, n.originator_id, "
    "n.originator_version, n.topic, sha256(n.state), c.link FROM c JOIN n ON n.i = c.i) "
    "SELECT notification_id, originator_id, originator_version FROM ins"
)


class ChainBroken(PersistenceError):
    """A new event cannot extend the chain (its position is not past the head)."""


@dataclass(frozen=True)
class ChainRow:
    position: int
    prev_position: int
    originator: Any  # as the store gives it (hex text or UUID): parsed only when asked
    originator_version: int
    topic: str
    state_sha256: bytes
    link: bytes

    @property
    def originator_id(self) -> UUID:
        return _uuid(self.originator)


@dataclass(frozen=True)
class Row:
    """A stored event with its position, as the chain hashes it."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


class ChainMixin:
    """Chain reads and writes shared by both stores; `_q` adapts the SQL."""

    datastore: Any
    events_table_name: str
    postgres = False

    def _table(self) -> str:
        return TABLE

    def _events(self) -> str:
        return self.events_table_name

    def _q(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def _oid(self, originator: UUID) -> Any:
        return originator if self.postgres else originator.hex

    def chain_ddl(self) -> list[str]:
        blob, integer = ("bytea", "bigint") if self.postgres else ("BLOB", "INTEGER")
        oid = "uuid" if self.postgres else "TEXT"
        return [
            f"CREATE TABLE IF NOT EXISTS {self._table()} ("
            f"position {integer} PRIMARY KEY, prev_position {integer} NOT NULL, "
            f"originator_id {oid} NOT NULL, originator_version {integer} NOT NULL, "
            f"topic TEXT NOT NULL, state_sha256 {blob} NOT NULL, link {blob} NOT NULL)"
        ]

    # -- writing -------------------------------------------------------------------------
    def _head_sql(self) -> str:
        return f"SELECT position, link FROM {self._table()} ORDER BY position DESC LIMIT 1"

    def _head(self, cur: Any) -> tuple[int, bytes]:
        cur.execute(self._head_sql())
        row = cur.fetchone()
        return (0, GENESIS) if row is None else (int(row["position"]), bytes(row["link"]))

    def _append_links(self, cur: Any, rows: Sequence[Row]) -> list[bytes]:
        """Link `rows` (in position order) after the current head; returns their links."""
        params, links = self._links_after(self._head(cur), rows)
        if params:
            cur.executemany(self._insert_links_sql(), params)
        return links

    def _insert_links_sql(self) -> str:
        marks = ", ".join("?" * 7)
        return self._q(f"INSERT INTO {self._table()} ({COLUMNS}) VALUES ({marks})")

    def _links_after(
        self, head: tuple[int, bytes], rows: Sequence[Row]
    ) -> tuple[list[tuple[Any, ...]], list[bytes]]:
        """The link rows to insert for `rows` after `head`, and their links."""
        position, prev = head
        params: list[tuple[Any, ...]] = []
        links: list[bytes] = []
        for r in sorted(rows, key=lambda r: r.position):
            if r.position <= position:
                raise ChainBroken(f"chuỗi băm: vị trí {r.position} không sau đầu chuỗi {position}")
            prev = link(prev, r.position, r.originator_id, r.originator_version, r.topic, r.state)
            state_sha = hashlib.sha256(r.state).digest()
            oid = self._oid(r.originator_id)
            params.append(
                (r.position, position, oid, r.originator_version, r.topic, state_sha, prev)
            )
            links.append(prev)
            position = r.position
        return params, links

    # -- reading -------------------------------------------------------------------------
    def chain_rows(self, after: int, stop: int, limit: int) -> list[ChainRow]:
        sql = f"SELECT {COLUMNS} FROM {self._table()} WHERE position > ? AND position <= ? ORDER BY position LIMIT ?"
        with self.datastore.transaction(commit=False) as cur:
            cur.execute(self._q(sql), (after, stop, limit))
            return [
                ChainRow(
                    position=int(r["position"]),
                    prev_position=int(r["prev_position"]),
                    originator=r["originator_id"],
                    originator_version=int(r["originator_version"]),
                    topic=r["topic"],
                    state_sha256=bytes(r["state_sha256"]),
                    link=bytes(r["link"]),
                )
                for r in cur.fetchall()
            ]

    def chain_walk(self, after: int, stop: int, limit: int) -> tuple[list[Any], int | None]:
        """What `verify` walks, in one read: up to `limit` events in (after, stop], each as
        (position, originator as stored, version, topic, state, its link or None), and the
        first link in the range those events cover (to `stop` after the last event) whose
        event is gone. The rest of a link's row is fetched only when it does not match."""
        e = f"e.{self._id_column()}"
        # No upper bound and the link by a scalar subquery on its key: the plan is an
        # ordered index scan cut by the LIMIT on both stores, with or without statistics
        # (a join or `<= stop` let PostgreSQL hash or sort the whole rest of the log per
        # batch on a fresh store).
        events = (
            f"SELECT {e}, e.originator_id, e.originator_version, e.topic, e.state, "
            f"(SELECT c.link FROM {self._table()} c WHERE c.position = {e}) "
            f"FROM {self._events()} e WHERE {e} > ? ORDER BY {e} LIMIT ?"
        )
        orphans = (
            f"SELECT MIN(c.position) FROM {self._table()} c WHERE c.position > ? "
            f"AND c.position <= ? AND NOT EXISTS (SELECT 1 FROM {self._events()} e "
            f"WHERE {e} = c.position)"
        )
        with self.datastore.transaction(commit=False) as cur:
            self._plain_rows(cur)
            self._execute_binary(cur, self._q(events), (after, limit))
            rows = cur.fetchall()
            if len(rows) == limit and rows[-1][0] <= stop:
                covered = rows[-1][0]
            else:  # the last batch: what lies past `stop` was written after verify began
                rows, covered = [r for r in rows if r[0] <= stop], stop
            cur.execute(self._q(orphans), (after, covered))
            orphan = cur.fetchone()[0]
        return rows, None if orphan is None else int(orphan)

    def _plain_rows(self, cur: Any) -> None:
        """Rows as plain tuples on this cursor (the stores' default is by column name)."""
        cur.sqlite_cursor.row_factory = None

    def _execute_binary(self, cur: Any, sql: str, params: tuple[Any, ...]) -> None:
        """Results in the store's cheapest form to load (SQLite has only the one)."""
        cur.execute(sql, params)

    def chain_links(self, after: int, stop: int, limit: int) -> list[tuple[int, bytes]]:
        sql = f"SELECT position, link FROM {self._table()} WHERE position > ? AND position <= ? ORDER BY position LIMIT ?"
        with self.datastore.transaction(commit=False) as cur:
            cur.execute(self._q(sql), (after, stop, limit))
            return [(int(r["position"]), bytes(r["link"])) for r in cur.fetchall()]

    def links_up_to(self, stop: int, batch: int) -> list[tuple[int, bytes]]:
        """Every (position, link) of the chain up to `stop`, in order, read `batch` at a
        time."""
        found: list[tuple[int, bytes]] = []
        after = 0
        while after < stop:
            rows = self.chain_links(after, stop, batch)
            if not rows:
                break
            found.extend(rows)
            after = rows[-1][0]
        return found

    def chain_head(self) -> tuple[int, bytes]:
        """(position, link) of the chain's last link; (0, GENESIS) when empty."""
        with self.datastore.transaction(commit=False) as cur:
            return self._head(cur)

    def chain_extent(self) -> tuple[int, int]:
        """(highest event position, highest chain position), read together."""
        sql = (
            f"SELECT (SELECT MAX({self._id_column()}) FROM {self._events()}) AS events, "
            f"(SELECT MAX(position) FROM {self._table()}) AS chain"
        )
        with self.datastore.transaction(commit=False) as cur:
            cur.execute(sql)
            row = cur.fetchone()
            return int(row["events"] or 0), int(row["chain"] or 0)

    def chain_next(self, after: int) -> int:
        """The first position after `after` holding an event or a link, reading the
        positions only (so a row whose other values cannot be read is still found)."""
        sql = (
            f"SELECT MIN(p) AS p FROM (SELECT MIN({self._id_column()}) AS p FROM {self._events()} "
            f"WHERE {self._id_column()} > ? UNION ALL SELECT MIN(position) FROM {self._table()} "
            "WHERE position > ?) AS firsts"
        )
        with self.datastore.transaction(commit=False) as cur:
            cur.execute(self._q(sql), (after, after))
            row = cur.fetchone()
            return after + 1 if row["p"] is None else int(row["p"])

    def chain_position_of(self, originator: UUID, version: int) -> int | None:
        """Where the chain recorded (originator, version) when it was written."""
        sql = f"SELECT position FROM {self._table()} WHERE originator_id = ? AND originator_version = ?"
        with self.datastore.transaction(commit=False) as cur:
            cur.execute(self._q(sql), (self._oid(originator), version))
            row = cur.fetchone()
            return None if row is None else int(row["position"])

    def _id_column(self) -> str:
        return "notification_id" if self.postgres else "rowid"

    # -- what changed since a position (the web's per-request freshness check) ---------
    def changed_after(self, after: int, limit: int) -> list[tuple[int, UUID]]:
        """(position, originator) of the first `limit` events after `after`, in order.

        Positions become visible in order on both stores (SQLite has one writer; the
        PostgreSQL insert holds the table lock from before its ids are drawn until its
        commit), so none can appear later below the highest one returned."""
        sql = (
            f"SELECT {self._id_column()}, originator_id FROM {self._events()} "
            f"WHERE {self._id_column()} > ? ORDER BY {self._id_column()} LIMIT ?"
        )
        with self._reading() as cur:
            cur.execute(self._q(sql), (after, limit))
            return [(int(r[0]), _uuid(r[1])) for r in cur.fetchall()]

    def last_position(self) -> int:
        """The highest position stored (0 when the log is empty)."""
        sql = f"SELECT MAX({self._id_column()}) FROM {self._events()}"
        with self._reading() as cur:
            cur.execute(sql)
            row = cur.fetchone()
            return int(row[0] or 0)

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """A cursor for one read, rows as tuples."""
        with self.datastore.transaction(commit=False) as cur:
            self._plain_rows(cur)
            yield cur

    # -- restoring -----------------------------------------------------------------------
    def is_empty(self, cur: Any) -> bool:
        cur.execute(
            f"SELECT (SELECT COUNT(*) FROM {self._events()}) + (SELECT COUNT(*) FROM {self._table()}) AS n"
        )
        return int(cur.fetchone()["n"]) == 0

    def _insert_at(self, cur: Any, rows: Sequence[Row]) -> None:
        sql = (
            f"INSERT INTO {self._events()} ({self._id_column()}, originator_id, "
            "originator_version, topic, state) VALUES (?, ?, ?, ?, ?)"
        )
        cur.executemany(
            self._q(sql),
            [
                (r.position, self._oid(r.originator_id), r.originator_version, r.topic, r.state)
                for r in rows
            ],
        )

    def restore_rows(self, cur: Any, rows: Sequence[Row]) -> list[bytes]:
        """Insert events at their given positions and link them; returns the links."""
        self._insert_at(cur, rows)
        return self._append_links(cur, rows)

    def lock_for_restore(self, cur: Any) -> None:
        """SQLite: the restore's first insert takes the write lock."""

    def finish_restore(self, cur: Any) -> None:
        """After a restore: nothing to do here (SQLite's next rowid follows the highest)."""

    def restore_transaction(self) -> Any:
        return self.datastore.transaction(commit=True)


class ChainedSQLiteRecorder(ChainMixin, SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *self.chain_ddl()]

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        assert ids is not None
        rows = [
            Row(i, _uuid(s.originator_id), s.originator_version, s.topic, s.state)
            for i, s in zip(ids, stored_events, strict=True)
        ]
        self._append_links(c, rows)
        return ids


class ChainedPostgresRecorder(ChainMixin, PostgresApplicationRecorder):
    postgres = True

    def __init__(self, datastore: Any, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.sql_create_statements.extend(SQL(s) for s in self.chain_ddl())  # type: ignore[misc]
        self._rendered: dict[Any, list[bytes]] = {}

    def _sql(self, key: Any, conn: Any, build: Callable[[], Sequence[Any]]) -> list[bytes]:
        """Statements rendered once. psycopg renders a composed statement (the library's
        are) at every execution, quoting its names through libpq each time."""
        found = self._rendered.get(key)
        if found is None:
            found = self._rendered[key] = [
                q.as_bytes(conn) if isinstance(q, Composable) else q.encode() for q in build()
            ]
        return found

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """The library's read of one aggregate's events, its statement rendered once for
        each shape of the arguments, its rows read as tuples in binary (each state arrives
        as bytes, not hex text to unescape): 123 -> 90 µs of CPU a read (2,000 reports).
        """
        shape = (gt is not None, lte is not None, desc, limit is not None)
        params = [originator_id, *(p for p in (gt, lte, limit) if p is not None)]
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
            sql = self._sql(shape, conn, lambda: [self._select_sql(*shape)])
            cur.execute(sql[0], params, prepare=True, binary=True)
            return [
                StoredEvent(
                    originator_id=r[0], originator_version=r[1], topic=r[2], state=bytes(r[3])
                )
                for r in cur.fetchall()
            ]

    def select_events_after(self, wanted: Mapping[UUID, int]) -> dict[UUID, list[StoredEvent]]:
        """The events of each aggregate in `wanted` after the version given with it (0:
        all of them), in one statement, each aggregate's in version order. Not retried:
        a read ahead of time (`ThiduaApplication.prefetch`) gives up at once."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
            cur.execute(self._after_sql(conn), _after_params(wanted), prepare=True, binary=True)
            return _by_originator(wanted, cur.fetchall())

    def check_and_read(
        self, after: int, limit: int, wanted: Mapping[UUID, int]
    ) -> tuple[list[tuple[int, UUID]], dict[UUID, list[StoredEvent]]]:
        """`changed_after(after, limit)` and `select_events_after(wanted)` in one
        statement (one snapshot: the read sees exactly the events the check saw). Not
        retried, as `select_events_after`."""
        changed: list[tuple[int, UUID]] = []
        rows: list[Any] = []
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
            sql = self._sql("check_and_read", conn, lambda: [self._check_and_read_sql()])[0]
            cur.execute(sql, (after, limit, *_after_params(wanted)), prepare=True, binary=True)
            for r in cur.fetchall():
                if r[0]:  # (originator, version, topic, state), as the events' own read
                    rows.append((r[2], r[1], r[3], r[4]))
                else:
                    changed.append((int(r[1]), _uuid(r[2])))
        return changed, _by_originator(wanted, rows)

    def _check_and_read_sql(self) -> Composable:
        """The check's rows (0, position, originator), then the events' (1, version,
        originator, topic, state), each in order."""
        return SQL(
            "(SELECT 0, notification_id, originator_id, NULL::text, NULL::bytea FROM {0} "
            "WHERE notification_id > %s ORDER BY notification_id LIMIT %s) UNION ALL "
            "(SELECT 1, e.originator_version, e.originator_id, e.topic, e.state "
            + EVENTS_AFTER
            + ") ORDER BY 1, 2"
        ).format(self._events_table())

    def _after_sql(self, conn: Any) -> bytes:
        return self._sql("after", conn, lambda: [self._select_after_sql()])[0]

    def _select_after_sql(self) -> Composable:
        return SQL(
            "SELECT e.originator_id, e.originator_version, e.topic, e.state "
            + EVENTS_AFTER
            + " ORDER BY e.originator_id, e.originator_version"
        ).format(self._events_table())

    def _events_table(self) -> Composable:
        return SQL("{0}.{1}").format(
            Identifier(self.datastore.schema), Identifier(self.events_table_name)
        )

    def _select_sql(self, gt: bool, lte: bool, desc: bool, limit: bool) -> Composable:
        return SQL(
            "SELECT originator_id, originator_version, topic, state FROM {0}.{1} "
            "WHERE originator_id = %s{2}{3} ORDER BY originator_version {4}{5}"
        ).format(
            Identifier(self.datastore.schema),
            Identifier(self.events_table_name),
            SQL(" AND originator_version > %s" if gt else ""),
            SQL(" AND originator_version <= %s" if lte else ""),
            SQL("DESC" if desc else "ASC"),
            SQL(" LIMIT %s" if limit else ""),
        )

    def _table(self) -> str:
        return f'"{self.datastore.schema}"."{TABLE}"'

    def _events(self) -> str:
        return f'"{self.datastore.schema}"."{self.events_table_name}"'

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """The library's lock and insert (no NOTIFY), the events' links written by the
        same statement, in one transaction and one round trip (psycopg's pipeline mode):
        BEGIN, `SET LOCAL lock_timeout`, `LOCK TABLE`, `APPEND` (below), COMMIT.

        The links are hashed by PostgreSQL (`sha256`, the format of `chain_format.link`),
        so nothing waits for the head to come back before the links are sent. A failed
        statement leaves the transaction aborted and COMMIT skipped; it is rolled back
        here. Replaces the library's version (and its optional database-function path,
        which takes no table lock).
        """
        if not stored_events:
            return []
        failed: Exception | None = None
        returned: list[Any] = []
        with self.datastore.get_connection() as conn:
            try:
                with (
                    conn.pipeline() as pipeline,
                    conn.cursor() as cur,
                    conn.cursor(row_factory=tuple_row) as appended,
                ):
                    try:
                        cur.execute("BEGIN")
                        *locks, append = self._sql("insert", conn, self._writes)
                        for lock in locks:
                            cur.execute(lock, prepare=True)
                        appended.execute(append, (self._pg_events(stored_events),))
                        cur.execute("COMMIT")
                        pipeline.sync()  # a version conflict raises IntegrityError here
                        returned = appended.fetchall()
                    except Exception as e:  # raised after the pipeline ends (as the library)
                        failed = e
            except psycopg.Error:
                if failed is None:
                    raise
                # else: the pipeline's end reports the statements the failure aborted
            if failed is not None:
                with contextlib.suppress(psycopg.Error):
                    conn.rollback()  # nothing stored; the pool gets the connection idle
                raise self._broken(conn, failed) or failed
        return _positions(returned, stored_events)

    def _writes(self) -> list[Any]:
        """The library's lock statements, and the append: its insert (returning what the
        links hash) and the links' insert in one statement. Not the library's NOTIFY:
        thidua never listens (its views ask the store for what is new), and each
        notification is queued at commit under a lock every committing writer takes."""
        returning = self.insert_events_statement + SQL(
            ", originator_id, originator_version, topic, state"
        )
        append = SQL(APPEND).format(returning, SQL(self._table()), SQL(COLUMNS))
        return [*self.lock_table_statements, append]

    def _broken(self, conn: Any, failed: Exception) -> ChainBroken | None:
        """The append's refusal of a position not past the chain's head, as ChainBroken
        (the head read on the failed insert's own connection, rolled back)."""
        if not isinstance(failed, psycopg.errors.NotNullViolation):
            return None
        if (failed.diag.table_name, failed.diag.column_name) != (TABLE, "position"):
            return None
        try:
            with conn.cursor() as cur:
                head = self._head(cur)[0]
        except psycopg.Error:
            return ChainBroken("chuỗi băm: vị trí mới không sau đầu chuỗi")
        return ChainBroken(f"chuỗi băm: vị trí mới không sau đầu chuỗi {head}")

    def _pg_events(self, stored_events: Sequence[StoredEvent]) -> list[Any]:
        return [
            self.construct_pg_stored_event(s.originator_id, s.originator_version, s.topic, s.state)
            for s in stored_events
        ]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def changed_after(self, after: int, limit: int) -> list[tuple[int, UUID]]:
        return super().changed_after(after, limit)

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """One statement on an autocommit connection (no BEGIN and ROLLBACK round trips)."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
            yield cur

    def lock_for_restore(self, cur: Any) -> None:
        self._lock_table(cur)

    def _plain_rows(self, cur: Any) -> None:
        cur.row_factory = tuple_row

    def _execute_binary(self, cur: Any, sql: str, params: tuple[Any, ...]) -> None:
        """Binary results: bytea arrives as bytes, not hex text to unescape."""
        cur.execute(sql, params, binary=True)

    def finish_restore(self, cur: Any) -> None:
        """Move the id sequence past the restored positions."""
        cur.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
            f"GREATEST((SELECT MAX(notification_id) FROM {self._events()}), 1))",
            (self._events(),),
        )


def _after_params(wanted: Mapping[UUID, int]) -> tuple[list[UUID], list[int]]:
    return list(wanted), list(wanted.values())


def _by_originator(
    wanted: Mapping[UUID, int], rows: Sequence[Any]
) -> dict[UUID, list[StoredEvent]]:
    found: dict[UUID, list[StoredEvent]] = {i: [] for i in wanted}
    for r in rows:
        found[_uuid(r[0])].append(StoredEvent(r[0], r[1], r[2], bytes(r[3])))
    return found


def _positions(returned: Sequence[Any], stored_events: Sequence[StoredEvent]) -> list[int]:
    """The id each inserted event was given, in the order of `stored_events` (RETURNING's
    order is not promised)."""
    ids = {(_uuid(r[1]), int(r[2])): int(r[0]) for r in returned}
    return [ids[(_uuid(s.originator_id), s.originator_version)] for s in stored_events]


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def recorder_topic(persistence_module: str) -> str:
    """The APPLICATION_RECORDER_TOPIC for a store: its chained recorder."""
    name = (
        "ChainedPostgresRecorder"
        if persistence_module.endswith("postgres")
        else "ChainedSQLiteRecorder"
    )
    return f"{__name__}:{name}"
