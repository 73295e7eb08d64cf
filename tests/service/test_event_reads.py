"""The PostgreSQL recorder's read of one aggregate's events (service/platform/
chain_store.py renders its statement once per shape of the arguments and reads rows in
binary) answers exactly as the library's own read, for every shape."""

from __future__ import annotations

import itertools
import json
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate, event
from psycopg.rows import tuple_row

from service.platform.app import ThiduaApplication


class Note(Aggregate):
    def __init__(self, text: str) -> None:
        self.text = text

    @event("Edited")
    def edit(self, text: str) -> None:
        self.text = text


SHAPES = [
    dict(gt=gt, lte=lte, desc=desc, limit=limit)
    for gt, lte, desc, limit in itertools.product((None, 2), (None, 5), (False, True), (None, 3))
]


def test_each_shape_reads_as_the_library_does(app: ThiduaApplication, store_kind: str) -> None:
    if store_kind == "sqlite":
        pytest.skip("the SQLite recorder reads with the library's own statement")
    note = Note("một")
    for text in ("hai", "ba", "bốn", "năm", "sáu"):
        note.edit(text)
    other = Note("khác")
    app.save(note, other)
    recorder = app.recorder
    library = next(c for c in type(recorder).__mro__ if c.__module__ == "eventsourcing.postgres")
    for shape in SHAPES * 2:  # the second round reads with the statements kept
        ours = recorder.select_events(note.id, **shape)  # type: ignore[arg-type]
        theirs = library.select_events(recorder, note.id, **shape)
        assert ours == theirs, shape
        assert ours and all(e.originator_id == note.id for e in ours)
    assert [e.originator_version for e in recorder.select_events(note.id, gt=2, desc=True)] == [
        6, 5, 4, 3,
    ]  # fmt: skip
    assert app.repository.get(note.id).text == "sáu"


def test_the_read_ahead_goes_through_the_primary_key_without_statistics(
    app: ThiduaApplication, store_kind: str
) -> None:
    """A store just loaded has no statistics: the read of a few aggregates' events must
    still walk the primary key, not hash the whole events table (5.4 ms against 0.2 ms a
    read at 12,000 events, docs/PERFORMANCE.md, eighth session, 26)."""
    if store_kind == "sqlite":
        pytest.skip("SQLite reads through the primary key by its own planner")
    note = Note("một")
    note.edit("hai")
    app.save(note)
    recorder = app.recorder
    table = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
    wanted = {note.id: 0, uuid4(): 0}
    with recorder.datastore.get_connection() as conn:
        conn.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
        conn.execute(
            f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
            "SELECT gen_random_uuid(), v, 'x', '\\x00'::bytea "
            "FROM generate_series(1, 4000), generate_series(1, 5) AS v"
        )
        conn.execute("DELETE FROM pg_statistic WHERE starelid = %s::regclass", (table,))
        sql = recorder._after_sql(conn)  # the statement itself is the subject
        assert sql.count(b"%s") == 2
        # as the worker runs it: prepared, and after five runs planned once for any values
        conn.execute(b"PREPARE ahead AS " + sql.replace(b"%s", b"$1", 1).replace(b"%s", b"$2"))
        conn.execute("SET plan_cache_mode = force_generic_plan")
        with conn.cursor(row_factory=tuple_row) as cur:
            ids, afters = ",".join(map(str, wanted)), ",".join(map(str, wanted.values()))
            explain = f"EXPLAIN (FORMAT JSON) EXECUTE ahead('{{{ids}}}', '{{{afters}}}')"
            plan = cur.execute(explain).fetchone()
        conn.execute("DEALLOCATE ahead")
        conn.execute("RESET plan_cache_mode")
    assert plan is not None
    nodes = json.dumps(plan[0])
    assert "Hash Join" not in nodes and '"Seq Scan"' not in nodes, nodes
    assert "Index Scan" in nodes, nodes
    assert recorder.select_events_after(wanted)[note.id][-1].originator_version == 2
