"""Shared by the hash-chain tests: a demo export built once, views, and raw SQL on a store.

`Raw` edits a store behind the application's back, as someone with database access
would: directly in the SQLite file (sqlite3) or in PostgreSQL (psycopg).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from projections.registry.views import VIEWS
from service.audit.export import write_export
from service.platform.app import ThiduaApplication
from service.platform.store import is_postgres
from service.views.projector import projector_of
from tests.prepared import Prepared


def export_to(app: ThiduaApplication, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        write_export(app, f)
    return path


def views_of(app: ThiduaApplication) -> dict[str, Any]:
    """Every view's documents and the whole timeline, after catching up."""
    projector_of(app).catch_up()
    store = projector_of(app).store
    found: dict[str, Any] = {n: store.all_documents(n) for n in VIEWS if n != "timeline"}
    found["timeline"] = store.timeline({}, limit=10**6)
    return found


def in_first_shape(board: dict[str, Any]) -> dict[str, Any]:
    """A plan board document as shape 1 stored it (before its parts): members a list in
    admission order (withdrawn ones left out), what was done keyed by task, then party."""
    places = {u: p for u, p in board["members"].items() if p is not None}
    done: dict[str, dict[str, str]] = {}
    for party, tasks in board["done"].items():
        for task, on in tasks.items():
            done.setdefault(task, {})[party] = on
    rest = {k: v for k, v in board.items() if k != "admitted"}
    return rest | {"members": sorted(places, key=places.__getitem__), "done": done}


def build_demo_export(demo: Prepared, directory: Path) -> tuple[Path, dict[str, Any]]:
    """A copy of the demo store (`demos.demo("sqlite")`) in `directory`, exported; its views."""
    app = ThiduaApplication(demo.copy(directory))
    try:
        return export_to(app, directory / "demo.jsonl"), views_of(app)
    finally:
        app.close()


class Raw:
    """SQL on the store's own tables, outside the application."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.postgres = is_postgres(app.url)
        self.events = app.recorder.events_table_name  # type: ignore[attr-defined]
        self.id = "notification_id" if self.postgres else "rowid"
        if self.postgres:
            import psycopg

            self.conn: Any = psycopg.connect(app.url, autocommit=True)
        else:
            path = unquote(urlsplit(app.url).path[1:])
            self.conn = sqlite3.connect(path, isolation_level=None)

    def close(self) -> None:
        self.conn.close()

    def run(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        sql = sql.format(events=self.events, id=self.id)
        if self.postgres:
            sql = sql.replace("?", "%s")
        cur = self.conn.execute(sql, params)
        return cur.fetchall() if cur.description else []

    def oid(self, originator: Any) -> Any:
        return originator if self.postgres else originator.hex

    def swap_positions(self, a: int, b: int) -> None:
        """Reorder: the events at a and b change places (their links stay)."""
        for old, new in ((a, -1), (b, a), (-1, b)):
            self.run("UPDATE {events} SET {id} = ? WHERE {id} = ?", new, old)
