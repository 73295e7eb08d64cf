"""The timeline's per-generation tables: a rebuild killed half-way leaves the old one
serving and catch-up going on; a finished rebuild drops every other generation; a store
from before (one shared `view_timeline`) is moved over by `create_tables`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

from service.audit.schema import create_schema
from service.views import timeline_table, views
from service.views.projector import projector_of
from service.year import clusters
from tests.reliability.serving import ROOT
from tests.service.test_projector_properties import officer
from tests.service.test_views import year  # noqa: F401  (fixture)

KILLED_REBUILD = textwrap.dedent(
    """
    import os, signal, sys
    import service.views.projector
    from service.platform.app import ThiduaApplication
    from service.views.projector import projector_of

    service.views.projector.BATCH = 7  # several batches: killed with some loaded, not all
    app = ThiduaApplication(sys.argv[1])
    batches = []

    def kill_after_two(n):
        batches.append(n)
        if len(batches) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    projector_of(app).rebuild("timeline", progress=kill_after_two)
    """
)


def tables(app) -> set[str]:
    store = projector_of(app).store
    with store.transaction(write=False) as cur:
        if store.postgres:
            cur.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE 'view_timeline%%'")
        else:
            cur.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'view_timeline%'"
            )
        return {r[0] for r in cur.fetchall() if r[0].startswith("view_timeline")}


def test_rebuild_killed_half_way_leaves_old_generation_serving(app, year):  # noqa: F811
    store = projector_of(app).store
    before = views.timeline(app, {}, limit=10**6)
    gen = store.current_gen("timeline")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_REBUILD, app.url], cwd=ROOT, capture_output=True, text=True
    )
    assert killed.returncode == -9, killed.stderr
    assert tables(app) == {timeline_table.table(gen), timeline_table.table(gen + 1)}
    assert store.current_gen("timeline") == gen
    assert views.timeline(app, {}, limit=10**6) == before  # the old generation still serves
    clusters.report_task(app, officer("CC"), year, "rollout", "Đã triển khai", date(2015, 3, 1))
    after = views.timeline(app, {}, limit=10**6)  # catch-up goes on into it
    assert len(after) == len(before) + 1 == app.recorder.max_notification_id()
    projector_of(app).rebuild("timeline")
    assert store.current_gen("timeline") == gen + 2
    assert tables(app) == {timeline_table.table(gen + 2)}  # old and half-loaded dropped
    assert views.timeline(app, {}, limit=10**6) == after
    assert (
        views.timeline(app, {"case_id": year.hex}, limit=5)
        == [r for r in after if r["case_id"] == year.hex][:5]
    )


def test_store_from_before_is_moved_to_generation_tables(app, year):  # noqa: F811
    store = projector_of(app).store
    rows = views.timeline(app, {}, limit=10**6)
    gen = store.current_gen("timeline")
    cols = ", ".join(timeline_table.COLUMNS)
    with store.transaction() as cur:  # make it look like the old layout: one shared table
        cur.execute(
            "CREATE TABLE view_timeline (gen INTEGER NOT NULL, position BIGINT NOT NULL, "
            "case_id TEXT, case_kind TEXT, originator TEXT NOT NULL, version INTEGER NOT NULL, "
            "topic TEXT NOT NULL, kind TEXT NOT NULL, actor_account TEXT, actor_unit TEXT, "
            "recorded_at TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (gen, position))"
        )
        table = timeline_table.table(gen)
        cur.execute(f"INSERT INTO view_timeline SELECT {gen}, position, {cols} FROM {table}")
        cur.execute(f"INSERT INTO view_timeline SELECT {gen + 5}, position, {cols} FROM {table}")
        cur.execute(f"DROP TABLE {table}")
    create_schema(app.url)  # `thidua db init` after the upgrade
    assert tables(app) == {timeline_table.table(gen)}
    assert views.timeline(app, {}, limit=10**6) == rows


def test_rows_with_any_characters_are_stored_as_given(app):
    store = projector_of(app).store
    gen, _ = store.positions(["timeline"])["timeline"]
    odd = "tab\there, new\nline, back\\slash \\N \\. cr\r Việt"
    values = (None, None, odd, 1, odd, "\\", odd, None, "2015-01-01T00:00:00+00:00", "2015-01-01")
    store.commit_batch({}, {}, {}, [(gen, 10**6, values)])
    (found,) = store.timeline({"actor_account": odd}, limit=5)
    assert found == dict(zip(("position", *timeline_table.COLUMNS), (10**6, *values), strict=True))
