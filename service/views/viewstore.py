"""Where views live: JSON documents by (view, generation, key) with a tracked position.

SQLite: a file of its own beside the event store (`X.sqlite3` → `X.views.sqlite3`),
so view writes never block command writes. PostgreSQL: tables beside the events.
A document change and its view's new position are written in one transaction, and
the position moves only from the value the writer read (compare-and-set): an event
is applied exactly once even with several processes catching up at the same time.
The case index (originator → case) lives here too; its rows never change once written.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

from projections.kernel.cases import Case
from service.platform.store import is_postgres, persistence_env
from service.views import timeline_table
from service.views.parts import SCHEMA as PARTS_SCHEMA
from service.views.parts import Part, assemble, entries_of, split

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS view_documents (
        view TEXT NOT NULL, gen INTEGER NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL,
        PRIMARY KEY (view, gen, key))""",
    """CREATE TABLE IF NOT EXISTS view_tracking (
        view TEXT NOT NULL, gen INTEGER NOT NULL, position BIGINT NOT NULL,
        PRIMARY KEY (view, gen))""",
    """CREATE TABLE IF NOT EXISTS view_current (view TEXT PRIMARY KEY, gen INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS view_cases (
        originator TEXT PRIMARY KEY, case_id TEXT NOT NULL, kind TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS view_cases_by_case ON view_cases (case_id)""",
]


TIMELINE = timeline_table.NAME
# Documents of this pseudo-view stamp each (view, gen) with the last log position at which
# a document of it was written (same transaction): a reader can tell "nothing changed".
CHANGED = "_changed"
# Documents of this pseudo-view record the shape each (view, gen) was written in (`key`
# "view:gen"); a generation with no record is of shape 1, the first.
SHAPES = "_shapes"
FEW = 8  # documents written row by row on PostgreSQL; more go as arrays in one statement


class PositionMoved(Exception):
    """Another process advanced the view first; re-read and go on from there."""


def dumps(state: Any) -> str:
    return json.dumps(state, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Snapshot:
    """One document as one statement saw it: the view's serving generation and
    position, the document's own row (None: no such document) and its part rows
    written after the position asked for: (part, entry, position, state)."""

    gen: int
    position: int
    main: str | None
    rows: list[tuple[str, str, int, str]]
    parts: dict[str, str]  # asked from the start: each part's entries as one JSON text


class _ReadCursor:
    """A read's cursor on PostgreSQL (autocommit: each statement its own transaction).

    Its first statement, failing because the store's connection is gone (a database
    restart, a terminated backend), is sent again on a new connection: a read that never
    ran did nothing, so nothing is replayed. Later statements are not retried."""

    def __init__(self, store: ViewStore) -> None:
        self._store = store
        self._cur = store._conn.cursor()
        self._sent = False

    def execute(self, query: Any, params: Any = None) -> Any:
        if not self._sent:
            self._sent = True
            try:
                return self._cur.execute(query, params)
            except psycopg.OperationalError:
                if not self._store._may_reconnect():
                    raise
            self._store._reconnect()  # a database still down raises here
            self._cur = self._store._conn.cursor()
        return self._cur.execute(query, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)

    def __enter__(self) -> _ReadCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._cur.close()


class ViewStore:
    def __init__(
        self,
        url: str,
        parts: Mapping[str, Sequence[str]] | None = None,
        shapes: Mapping[str, int] | None = None,
    ) -> None:
        self.url = url
        self.postgres = is_postgres(url)
        self.parts = {view: tuple(names) for view, names in (parts or {}).items()}
        self.shapes = dict(shapes or {})  # a view's documents' shape now (1 if not named)
        self._lock = threading.RLock()
        self._p = "%s" if self.postgres else "?"
        self._depth = 0  # transaction blocks (writes) open on the connection; nested: savepoints
        self._closed = False  # closed by `close`: never connected again
        if self.postgres:
            self._conn: Any = self._connect()
        else:
            path = views_path(persistence_env(url, create_table=False)["SQLITE_DBNAME"])
            self._conn = sqlite3.connect(
                path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")

    def _connect(self) -> Any:
        env = persistence_env(self.url, create_table=False)
        return psycopg.connect(
            dbname=env["POSTGRES_DBNAME"],
            host=env["POSTGRES_HOST"],
            port=int(env["POSTGRES_PORT"]),
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=10,
            # a read is one statement, or several that each see their own snapshot
            # (READ COMMITTED) even inside a transaction: reads go without BEGIN and
            # COMMIT (2 round trips of 3); writes open a transaction block
            autocommit=True,
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Any]:
        """One transaction. On SQLite a writer takes the lock up front (BEGIN IMMEDIATE);
        a reader does not, so reads in WAL mode never wait for writers or each other.
        On PostgreSQL a read's statements run each in its own implicit transaction (the
        connection is in autocommit mode): at READ COMMITTED a block would give them no
        common snapshot either, and would cost a BEGIN and a COMMIT round trip. A
        connection found dead as a read or write begins is replaced (`_ReadCursor`,
        `_begin`); one that dies after is not: the error goes to the caller."""
        with self._lock, ExitStack() as stack:
            if self.postgres:
                if not write:
                    if self._may_reconnect():  # known dead already
                        self._reconnect()
                    yield stack.enter_context(_ReadCursor(self))
                    return
                stack.push(self._begin())  # left last: COMMIT, or ROLLBACK on error
                self._depth += 1
                stack.callback(self._left)
                yield stack.enter_context(self._conn.cursor())
            else:
                cur = self._conn.cursor()
                cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield cur
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                cur.execute("COMMIT")

    def _left(self) -> None:
        self._depth -= 1

    def _begin(self) -> Any:
        """A PostgreSQL transaction begun on the store's connection (its BEGIN answered).

        The store holds one connection, which a database restart or a terminated backend
        leaves dead; the first use tells (no ping per request: issue 18). A connection
        closed or broken before the BEGIN, or whose BEGIN fails because it is gone, is
        replaced and the BEGIN sent on the new one: the BEGIN is the transaction's first
        statement, so nothing of it was done and nothing is replayed. Once begun, a
        connection lost is the caller's error (an outage: 503), never a retry: a write
        whose COMMIT went out may have been stored. Not inside an open transaction (its
        work would be lost), nor after `close`.
        """
        if self._may_reconnect():
            self._reconnect()
        try:
            return self._entered()
        except psycopg.OperationalError:
            if not self._may_reconnect():
                raise
        self._reconnect()  # the old one is gone; a database still down raises here
        return self._entered()

    def _entered(self) -> Any:
        transaction = self._conn.transaction()
        transaction.__enter__()
        return transaction

    def _may_reconnect(self) -> bool:
        lost = self._conn.closed or self._conn.broken
        return bool(lost) and self._depth == 0 and not self._closed

    def _reconnect(self) -> None:
        with suppress(psycopg.Error):
            self._conn.close()
        self._conn = self._connect()

    def _q(self, sql: str) -> str:
        return sql.replace("?", self._p)

    def create_tables(self) -> list[str]:
        """The tables, and the documents stored whole split into parts. Returns the views
        whose serving generation was written in an older shape than the code's: the
        caller rebuilds them (their documents are left as they are)."""
        with self.transaction() as cur:
            for statement in (*SCHEMA, *PARTS_SCHEMA):
                cur.execute(statement)
            stale = self._stale(cur)
            for view in self.parts:
                if view not in stale:
                    self._split_whole_documents(cur, view)
            gen = self._current_gen(cur, TIMELINE)
            timeline_table.create(cur, gen, self.postgres, indexed=True)
            timeline_table.migrate_legacy(cur, gen, self.postgres)
        return stale

    def _stale(self, cur: Any) -> list[str]:
        cur.execute(
            self._q(
                "SELECT c.view, s.state FROM view_current c LEFT JOIN view_documents s "
                "ON s.view = ? AND s.gen = 0 AND s.key = c.view || ':' || CAST(c.gen AS TEXT)"
            ),
            (SHAPES,),
        )
        return sorted(
            view
            for view, shape in cur.fetchall()
            if (1 if shape is None else json.loads(shape)) < self.shapes.get(view, 1)
        )

    def _record_shape(self, cur: Any, view: str, gen: int) -> None:
        """A new generation is written in the code's shape."""
        self._write_texts(cur, [(SHAPES, 0, f"{view}:{gen}", dumps(self.shapes.get(view, 1)))])

    # -- generations and positions ---------------------------------------------------
    def current_gen(self, view: str) -> int:
        with self.transaction() as cur:
            return self._current_gen(cur, view)

    def _current_gen(self, cur: Any, view: str) -> int:
        cur.execute(self._q("SELECT gen FROM view_current WHERE view = ?"), (view,))
        row = cur.fetchone()
        if row is not None:
            return int(row[0])
        cur.execute(
            self._q("INSERT INTO view_current (view, gen) VALUES (?, 1) ON CONFLICT DO NOTHING"),
            (view,),
        )
        self._record_shape(cur, view, 1)
        cur.execute(
            self._q(
                "INSERT INTO view_tracking (view, gen, position) VALUES (?, 1, 0) ON CONFLICT DO NOTHING"
            ),
            (view,),
        )
        if view == TIMELINE:
            timeline_table.create(cur, 1, self.postgres, indexed=True)
        return 1

    @staticmethod
    def _gen_of(view: str, gen: int | None) -> tuple[str, tuple[Any, ...]]:
        """SQL for a generation and its arguments: `gen`, or the view's current one read
        in the same statement (1 for a view never written), which saves a round trip."""
        if gen is not None:
            return "?", (gen,)
        return "COALESCE((SELECT gen FROM view_current WHERE view = ?), 1)", (view,)

    def _read_gen(self, cur: Any, view: str) -> int:
        """The current generation for reading (1 for a view never written: nothing in it)."""
        cur.execute(self._q("SELECT gen FROM view_current WHERE view = ?"), (view,))
        row = cur.fetchone()
        return 1 if row is None else int(row[0])

    def positions(self, views: Iterable[str]) -> dict[str, tuple[int, int]]:
        """{view: (current generation, tracked position)}: one query before every read;
        a view seen for the first time gets its rows in a write transaction."""
        views = list(views)
        with self.transaction(write=False) as cur:
            cur.execute(
                "SELECT c.view, c.gen, t.position FROM view_current c "
                "JOIN view_tracking t ON t.view = c.view AND t.gen = c.gen"
            )
            found = {v: (int(g), int(p)) for v, g, p in cur.fetchall()}
        missing = [v for v in views if v not in found]
        if missing:
            with self.transaction() as cur:
                for view in missing:
                    gen = self._current_gen(cur, view)
                    found[view] = (gen, self._position(cur, view, gen))
        return {v: found[v] for v in views}

    def _position(self, cur: Any, view: str, gen: int) -> int:
        cur.execute(
            self._q("SELECT position FROM view_tracking WHERE view = ? AND gen = ?"), (view, gen)
        )
        row = cur.fetchone()
        return -1 if row is None else int(row[0])

    def new_generation(self, view: str) -> int:
        with self.transaction() as cur:
            cur.execute(
                self._q("SELECT COALESCE(MAX(gen), 0) FROM view_tracking WHERE view = ?"), (view,)
            )
            gen = int(cur.fetchone()[0]) + 1
            cur.execute(
                self._q("INSERT INTO view_tracking (view, gen, position) VALUES (?, ?, 0)"),
                (view, gen),
            )
            self._record_shape(cur, view, gen)
            if view == TIMELINE:  # loaded without indexes: `complete` builds them after
                timeline_table.create(cur, gen, self.postgres, indexed=False)
            return gen

    def complete(self, view: str, gen: int) -> None:
        """After a rebuild's load, before `switch`: the timeline's indexes, built by one
        sort each (one transaction each, so catch-up of other views waits less)."""
        if view != TIMELINE:
            return
        for statement in timeline_table.index_statements(gen):
            with self.transaction() as cur:
                cur.execute(statement)

    def switch(self, view: str, gen: int) -> None:
        """Make `gen` the generation readers see, and drop the others."""
        with self.transaction() as cur:
            self._current_gen(cur, view)
            if view == TIMELINE:
                self._switch_timeline(cur, gen)
            cur.execute(self._q("UPDATE view_current SET gen = ? WHERE view = ?"), (gen, view))
            for table in ("view_documents", "view_parts"):
                cur.execute(
                    self._q(f"DELETE FROM {table} WHERE view = ? AND gen <> ?"), (view, gen)
                )
            cur.execute(
                self._q("DELETE FROM view_tracking WHERE view = ? AND gen <> ?"), (view, gen)
            )

    def _switch_timeline(self, cur: Any, gen: int) -> None:
        timeline_table.create(cur, gen, self.postgres, indexed=True)  # no-op after `complete`
        cur.execute(
            self._q("SELECT gen FROM view_tracking WHERE view = ? AND gen <> ?"), (TIMELINE, gen)
        )
        for (old,) in cur.fetchall():  # the serving one and any a killed rebuild left
            timeline_table.drop(cur, int(old))

    # -- documents --------------------------------------------------------------------
    def get(self, view: str, key: str, gen: int | None = None) -> Any | None:
        found = self.get_many(view, [key], gen)
        return found.get(key)

    def get_many(
        self,
        view: str,
        keys: Iterable[str],
        gen: int | None = None,
        parts: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """Documents by key; of a view with parts, only the named `parts` (None: all)."""
        keys = list(keys)
        names = self.parts.get(view, ()) if parts is None else tuple(parts)
        texts: dict[str, str] = {}
        wholes: dict[str, dict[str, str]] = {}
        with self.transaction(write=False) as cur:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                cur.execute(*self._keyed("view_documents", "t.key, t.state", view, gen, chunk))
                texts.update(cur.fetchall())
                if names:
                    cur.execute(
                        *self._keyed(
                            "view_parts",
                            f"t.key, t.part, {self._whole_part}",
                            view,
                            gen,
                            chunk,
                            f" AND t.part IN ({','.join([self._p] * len(names))}) GROUP BY t.key, t.part",
                            names,
                        )
                    )
                    for key, part, whole in cur.fetchall():
                        wholes.setdefault(key, {})[part] = whole
        if view not in self.parts:
            return {k: json.loads(s) for k, s in texts.items()}
        return {k: assemble(s, wholes.get(k, {}), names) for k, s in texts.items()}

    def _keyed(
        self,
        table: str,
        columns: str,
        view: str,
        gen: int | None,
        keys: Sequence[str],
        tail: str = "",
        tail_args: Sequence[Any] = (),
    ) -> tuple[str, tuple[Any, ...]]:
        """A statement selecting `columns` of `table` (as `t`) for a view's generation
        (`gen`, else the current one: `_gen_of`) and `keys`, and its arguments. On PostgreSQL more than a
        few keys go as one array joined to the table: a list of parameters (or `= ANY` of
        an array) was planned, before the tables had statistics (a store just loaded), as
        a filter comparing every row of the view with every key: 130-700 ms for 3,500
        directory entries against 5 ms joined."""
        g, g_args = self._gen_of(view, gen)
        where = f"t.view = ? AND t.gen = {g}"
        if self.postgres and len(keys) > FEW:
            sql = (
                f"SELECT {columns} FROM unnest(?::text[]) AS k(key) "
                f"JOIN {table} t ON t.key = k.key WHERE {where}{tail}"
            )
            return self._q(sql), (list(keys), view, *g_args, *tail_args)
        marks = ",".join([self._p] * len(keys))
        sql = f"SELECT {columns} FROM {table} t WHERE {where} AND t.key IN ({marks}){tail}"
        return self._q(sql), (view, *g_args, *keys, *tail_args)

    @property
    def _whole_part(self) -> str:
        """A part's entries as one JSON object text (SQL aggregate, per group)."""
        if self.postgres:
            return "json_object_agg(entry, state::json)::text"
        return "json_group_object(entry, json(state))"

    def load(self, view: str, key: str, gen: int) -> tuple[Any | None, str | None]:
        """A document for the projector to apply events to, and its stored text (to
        write it back only if it changed). Its parts are fetched entry by entry as the
        fold asks (see `Part`); a document of a view without parts comes whole."""
        with self.transaction(write=False) as cur:
            cur.execute(
                self._q("SELECT state FROM view_documents WHERE view = ? AND gen = ? AND key = ?"),
                (view, gen, key),
            )
            row = cur.fetchone()
        if row is None:
            return None, None
        doc = json.loads(row[0])
        for part in self.parts.get(view, ()):
            if part not in doc:  # else stored whole before it had parts: written whole
                doc[part] = Part(self._fetcher(view, gen, key, part))
        return doc, str(row[0])

    def _fetcher(self, view: str, gen: int, key: str, part: str) -> Any:
        def fetch(entries: Sequence[str] | None) -> dict[str, Any]:
            sql = "SELECT entry, state FROM view_parts WHERE view = ? AND gen = ? AND key = ? AND part = ?"
            args: list[Any] = [view, gen, key, part]
            if entries is not None:
                sql += f" AND entry IN ({','.join([self._p] * len(entries))})"
                args += entries
            with self.transaction(write=False) as cur:
                cur.execute(self._q(sql), args)
                return {e: json.loads(s) for e, s in cur.fetchall()}

        return fetch

    def snapshot(self, view: str, key: str, since: int = -1) -> Snapshot | None:
        """The view's serving generation and position, the document's row and its part
        rows written after `since` (before any: each part whole, as one JSON text), in
        one statement (one snapshot, one round trip). None: the view has no serving
        generation yet."""
        return self._snapshot(view, key, since, None)

    def written_since(self, view: str, gen: int, key: str, since: int) -> Snapshot | None:
        """`snapshot` of one generation (the catch-up's held documents, `held`): its
        position, the document's row and its part rows written after `since` (0: all).
        None: no such generation."""
        return self._snapshot(view, key, since, gen)

    def _snapshot(self, view: str, key: str, since: int, gen: int | None) -> Snapshot | None:
        g, g_args = (
            ("?", (gen,))
            if gen is not None
            else ("(SELECT gen FROM view_current WHERE view = ?)", (view,))
        )
        if since < 0:
            parts = (
                f"SELECT 4, part, '', 0, {self._whole_part} FROM view_parts "
                f"WHERE view = ? AND gen = {g} AND key = ? GROUP BY part"
            )
            part_args: tuple[Any, ...] = (view, *g_args, key)
        else:
            parts = (
                "SELECT 2, part, entry, position, state FROM view_parts "
                f"WHERE view = ? AND gen = {g} AND key = ? AND position > ?"
            )
            part_args = (view, *g_args, key, since)
        current = (
            "SELECT 3, '', '', ?, ''"
            if gen is not None
            else "SELECT 3, '', '', gen, '' FROM view_current WHERE view = ?"
        )
        sql = (
            f"SELECT 0, '', '', position, '' FROM view_tracking WHERE view = ? AND gen = {g} "
            f"UNION ALL SELECT 1, '', '', 0, state FROM view_documents "
            f"WHERE view = ? AND gen = {g} AND key = ? "
            f"UNION ALL {parts} "
            f"UNION ALL {current}"
        )
        args = (view, *g_args, view, *g_args, key, *part_args, gen if gen is not None else view)
        with self.transaction(write=False) as cur:
            cur.execute(self._q(sql), args)
            found = cur.fetchall()
        heads = {kind: (pos, state) for kind, _p, _e, pos, state in found if kind in (0, 1, 3)}
        if 0 not in heads or 3 not in heads:
            return None
        rows = [(p, e, int(pos), state) for kind, p, e, pos, state in found if kind == 2]
        wholes = {p: state for kind, p, _e, _pos, state in found if kind == 4}
        main = heads[1][1] if 1 in heads else None
        return Snapshot(int(heads[3][0]), int(heads[0][0]), main, rows, wholes)

    def changes(self, *views: str) -> tuple[tuple[int, Any], ...]:
        """`changed` of each view, in one statement."""
        one = (
            "SELECT ? AS v, g.gen, d.state FROM (SELECT {g} AS gen) g LEFT JOIN view_documents d "
            "ON d.view = ? AND d.gen = 0 AND d.key = ? || ':' || CAST(g.gen AS TEXT)"
        )
        sql, args = [], []
        for view in views:
            g, g_args = self._gen_of(view, None)
            sql.append(one.format(g=g))
            args += [view, *g_args, CHANGED, view]
        with self.transaction(write=False) as cur:
            cur.execute(self._q(" UNION ALL ".join(sql)), args)
            found = {
                v: (int(g), None if t is None else json.loads(t)) for v, g, t in cur.fetchall()
            }
        return tuple(found[v] for v in views)

    def changed(self, view: str) -> tuple[int, Any]:
        """(serving generation, last position at which one of its documents was written;
        None: none since the stamps were introduced)."""
        return self.changes(view)[0]

    def all_documents(self, view: str, gen: int | None = None) -> dict[str, Any]:
        with self.transaction(write=False) as cur:
            g = self._read_gen(cur, view) if gen is None else gen
            cur.execute(
                self._q("SELECT key FROM view_documents WHERE view = ? AND gen = ? ORDER BY key"),
                (view, g),
            )
            keys = [k for (k,) in cur.fetchall()]
        return self.get_many(view, keys, g)

    def commit_batch(
        self,
        moves: Mapping[tuple[str, int], tuple[int, int]],
        documents: Mapping[tuple[str, int, str], Any],
        cases: Mapping[UUID, Case],
        rows: Iterable[tuple[int, int, tuple[Any, ...]]] = (),
        loaded: Mapping[tuple[str, int, str], str | None] | None = None,
    ) -> None:
        """Write documents, timeline rows and cases; move each (view, gen) old → new
        position. A document whose text equals the one `loaded` (what the batch read) is
        not written again: an event of its case that changed nothing in it."""
        loaded = loaded or {}
        with self.transaction() as cur:
            if moves:
                self._move(cur, moves)
            written: set[tuple[str, int, str]] = set()
            texts: list[tuple[str, int, str, str]] = []
            entries: list[tuple[Any, ...]] = []  # of every document's parts: one statement
            for slot, doc in documents.items():
                if slot[0] in self.parts:
                    position = moves[slot[:2]][1]
                    if self._write_parted(
                        cur, slot, doc, position, loaded.get(slot), texts, entries
                    ):
                        written.add(slot)
                elif (text := dumps(doc)) != loaded.get(slot):
                    texts.append((*slot, text))
                    written.add(slot)
            stamps = _stamps(moves, written)
            self._write_texts(cur, texts + [(*k, dumps(v)) for k, v in stamps.items()])
            self._write_part_rows(cur, entries)
            self._write_rows(cur, rows)
            self._write_cases(cur, cases)

    def _move(self, cur: Any, moves: Mapping[tuple[str, int], tuple[int, int]]) -> None:
        """Each (view, gen) from its old position to its new one, or PositionMoved when
        another process moved one first. On PostgreSQL one statement for all views: an
        UPDATE a view was ~70 µs of the server's time, five or six a catch-up pass."""
        values = [(view, gen, old, new) for (view, gen), (old, new) in moves.items()]
        if self.postgres:
            cur.execute(
                "UPDATE view_tracking t SET position = m.new FROM unnest(%s::text[], "
                "%s::int[], %s::bigint[], %s::bigint[]) AS m(view, gen, old, new) "
                "WHERE t.view = m.view AND t.gen = m.gen AND t.position = m.old",
                [list(column) for column in zip(*values, strict=True)],
            )
        else:
            cur.executemany(
                "UPDATE view_tracking SET position = ? WHERE view = ? AND gen = ? AND position = ?",
                [(new, view, gen, old) for view, gen, old, new in values],
            )
        if cur.rowcount != len(moves):  # the rows moved, summed over the views
            raise PositionMoved(", ".join(view for view, _gen in moves))

    def _write_texts(self, cur: Any, values: list[tuple[str, int, str, str]]) -> None:
        """Documents' rows: (view, gen, key, JSON text)."""
        if not values:
            return
        conflict = "ON CONFLICT (view, gen, key) DO UPDATE SET state = excluded.state"
        if self.postgres and len(values) > FEW:  # one statement, not a round trip per row
            cur.execute(
                "INSERT INTO view_documents (view, gen, key, state) SELECT * FROM "
                f"unnest(%s::text[], %s::int[], %s::text[], %s::text[]) {conflict}",
                [list(column) for column in zip(*values, strict=True)],
            )
        else:  # few rows (a request's catch-up): no array, whose dump escapes every state
            cur.executemany(
                self._q(
                    f"INSERT INTO view_documents (view, gen, key, state) VALUES (?, ?, ?, ?) {conflict}"
                ),
                values,
            )

    def _write_parted(
        self,
        cur: Any,
        slot: tuple[str, int, str],
        doc: Any,
        position: int,
        loaded: str | None,
        texts: list[tuple[str, int, str, str]],
        entries: list[tuple[Any, ...]],
    ) -> bool:
        """A document with parts: its own row (unless equal to the `loaded` text), and of
        each part the entries the batch touched (written with the batch's position) or
        removed. Removals are done here; the rows to upsert go to `texts` and `entries`,
        for the caller to write with the batch's others. Whether anything changed."""
        names = self.parts[slot[0]]
        main = dumps(split(doc, names))
        wrote = main != loaded
        if wrote:
            texts.append((*slot, main))
        where = "view = ? AND gen = ? AND key = ? AND part = ?"
        upserts: list[tuple[Any, ...]] = []
        for part in names:
            changed, removed, whole = entries_of(doc[part])
            if whole:
                cur.execute(self._q(f"DELETE FROM view_parts WHERE {where}"), (*slot, part))
            if removed:
                cur.executemany(
                    self._q(f"DELETE FROM view_parts WHERE {where} AND entry = ?"),
                    [(*slot, part, entry) for entry in sorted(removed)],
                )
            upserts += [(*slot, part, e, dumps(v), position) for e, v in sorted(changed.items())]
            wrote = wrote or whole or bool(removed)
        entries += upserts
        return wrote or bool(upserts)

    def _write_part_rows(self, cur: Any, values: list[tuple[Any, ...]]) -> None:
        if not values:
            return
        conflict = (
            "ON CONFLICT (view, gen, key, part, entry) "
            "DO UPDATE SET state = excluded.state, position = excluded.position"
        )
        columns = "view, gen, key, part, entry, state, position"
        if self.postgres and len(values) > FEW:
            cur.execute(
                f"INSERT INTO view_parts ({columns}) SELECT * FROM unnest(%s::text[], "
                f"%s::int[], %s::text[], %s::text[], %s::text[], %s::text[], %s::bigint[]) "
                f"{conflict}",
                [list(column) for column in zip(*values, strict=True)],
            )
        else:
            cur.executemany(
                self._q(
                    f"INSERT INTO view_parts ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?) {conflict}"
                ),
                values,
            )

    def _split_whole_documents(self, cur: Any, view: str) -> None:
        """Documents stored whole before the view had parts: their parts to rows (once;
        `thidua db init`). The entries get the view's position, as if written by it."""
        cur.execute(
            self._q(
                "SELECT d.gen, d.key, d.state, t.position FROM view_documents d "
                "JOIN view_tracking t ON t.view = d.view AND t.gen = d.gen WHERE d.view = ?"
            ),
            (view,),
        )
        names = self.parts[view]
        texts: list[tuple[str, int, str, str]] = []
        entries: list[tuple[Any, ...]] = []
        for gen, key, text, position in cur.fetchall():
            doc = json.loads(text)
            if any(part in doc for part in names):
                for part in names:
                    doc.setdefault(part, {})
                slot = (view, int(gen), key)
                self._write_parted(cur, slot, doc, int(position), None, texts, entries)
        self._write_texts(cur, texts)
        self._write_part_rows(cur, entries)

    def _write_rows(self, cur: Any, rows: Iterable[tuple[int, int, tuple[Any, ...]]]) -> None:
        by_gen: dict[int, list[tuple[Any, ...]]] = {}
        for g, p, r in rows:
            by_gen.setdefault(g, []).append((p, *r))
        for g, values in by_gen.items():
            if self.postgres:  # COPY: several times faster than executemany in psycopg
                with cur.copy(timeline_table.copy_sql(g)) as copy:
                    copy.write(timeline_table.copy_text(values))
            else:
                cur.executemany(timeline_table.insert_sql(g, self._p), values)

    def _write_cases(self, cur: Any, cases: Mapping[UUID, Case]) -> None:
        values = [(o.hex, case.id.hex, case.kind) for o, case in cases.items()]
        if not values:
            return
        if self.postgres:
            cur.execute(
                "INSERT INTO view_cases (originator, case_id, kind) SELECT * FROM "
                "unnest(%s::text[], %s::text[], %s::text[]) ON CONFLICT DO NOTHING",
                [list(column) for column in zip(*values, strict=True)],
            )
        else:
            cur.executemany(
                "INSERT INTO view_cases (originator, case_id, kind) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                values,
            )

    def timeline(
        self,
        filters: Mapping[str, str],
        *,
        day_from: str | None = None,
        day_to: str | None = None,
        before: int | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """Newest first; `before` pages back from a position. Filters use the indexes."""
        where: list[str] = []
        params: list[object] = []
        for column in timeline_table.FILTERS:
            if filters.get(column):
                where.append(f"{column} = ?")
                params.append(filters[column])
        for clause, value in (
            ("day >= ?", day_from),
            ("day <= ?", day_to),
            ("position < ?", before),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        names = ("position", *timeline_table.COLUMNS)
        for attempt in range(3):
            try:
                with self.transaction(write=False) as cur:
                    gen = self._read_gen(cur, TIMELINE)
                    cur.execute(self._q(timeline_table.select_sql(gen, where)), (*params, limit))
                    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            except Exception as error:  # a switch dropped the generation just read: again
                if attempt == 2 or "view_timeline_" not in str(error):
                    raise
        raise AssertionError("unreachable")

    # -- case index -------------------------------------------------------------------
    def case_of(self, originator: UUID) -> Case | None:
        return self.cases_of([originator])[originator]

    def cases_of(self, originators: Sequence[UUID]) -> dict[UUID, Case | None]:
        """The case of each stream (None: none known): one statement (SQLite: one per
        500 streams)."""
        found: dict[UUID, Case | None] = dict.fromkeys(originators)
        keys = [o.hex for o in originators]
        select = "SELECT originator, case_id, kind FROM view_cases WHERE originator "
        if self.postgres:
            asks: list[tuple[str, list[Any]]] = [(select + "= ANY(%s)", [keys])] if keys else []
        else:
            chunks = [keys[i : i + 500] for i in range(0, len(keys), 500)]
            asks = [(select + f"IN ({','.join('?' * len(c))})", c) for c in chunks]
        with self.transaction(write=False) as cur:
            for sql, args in asks:
                cur.execute(sql, args)
                for originator, case_id, kind in cur.fetchall():
                    found[UUID(originator)] = Case(UUID(case_id), kind)
        return found

    def originators_of(self, case_id: UUID) -> list[UUID]:
        with self.transaction(write=False) as cur:
            cur.execute(
                self._q("SELECT originator FROM view_cases WHERE case_id = ?"), (case_id.hex,)
            )
            return [UUID(r[0]) for r in cur.fetchall()]


def _stamps(
    moves: Mapping[tuple[str, int], tuple[int, int]],
    documents: Iterable[tuple[str, int, str]],
) -> dict[tuple[str, int, str], Any]:
    written = {(view, gen) for view, gen, _key in documents}
    return {
        (CHANGED, 0, f"{view}:{gen}"): new
        for (view, gen), (_old, new) in moves.items()
        if (view, gen) in written
    }


def views_path(events_path: str) -> str:
    if events_path.startswith("file:") or events_path == ":memory:":
        raise ValueError("views need a file-backed SQLite store")
    p = Path(events_path)
    return str(p.with_name(p.stem + ".views" + (p.suffix or ".sqlite3")))
