"""Where the audit timeline lives: one table per generation, `view_timeline_<gen>`.

A table of its own per generation lets a rebuild load its rows into a table with no
secondary index (one append per row) and build the five indexes after the load (one
sort each) instead of keeping five B-trees up on every insert; switching generations
then drops the old tables whole. Catch-up writes into the current generation's table,
indexes in place. A rebuild killed half-way leaves its table unindexed and unread
(readers follow `view_current`); the next switch drops it.

The position is the table's key (on SQLite the rowid itself). Before this layout every
generation shared one table `view_timeline (gen, position, ...)`; `create_tables`
(`thidua db init`) moves the current generation's rows over and drops it.
"""

from __future__ import annotations

from typing import Any

from projections.audit import timeline

NAME = timeline.NAME
LEGACY = "view_timeline"
COLUMNS = timeline.COLUMNS
FILTERS = ("case_id", "actor_unit", "actor_account", "kind")
# every reader filters by one of these (web/audit_pages.py, web/api.py via
# service/views.timeline) and pages newest first by position
INDEXED = {
    "case": "case_id",
    "unit": "actor_unit",
    "actor": "actor_account",
    "kind": "kind",
    "day": "day",
}


def table(gen: int) -> str:
    return f"view_timeline_{int(gen)}"


def create(cur: Any, gen: int, postgres: bool, indexed: bool) -> None:
    key = "BIGINT PRIMARY KEY" if postgres else "INTEGER PRIMARY KEY"  # SQLite: the rowid
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {table(gen)} (position {key}, case_id TEXT, "
        "case_kind TEXT, originator TEXT NOT NULL, version INTEGER NOT NULL, "
        "topic TEXT NOT NULL, kind TEXT NOT NULL, actor_account TEXT, actor_unit TEXT, "
        "recorded_at TEXT NOT NULL, day TEXT NOT NULL)"
    )
    if indexed:
        for statement in index_statements(gen):
            cur.execute(statement)


def index_statements(gen: int) -> list[str]:
    t = table(gen)
    return [
        f"CREATE INDEX IF NOT EXISTS {t}_{name} ON {t} ({column}, position)"
        for name, column in INDEXED.items()
    ]


def drop(cur: Any, gen: int) -> None:
    cur.execute(f"DROP TABLE IF EXISTS {table(gen)}")


def insert_sql(gen: int, mark: str) -> str:
    marks = ", ".join([mark] * (len(COLUMNS) + 1))
    return f"INSERT INTO {table(gen)} (position, {', '.join(COLUMNS)}) VALUES ({marks})"


def copy_sql(gen: int) -> str:
    return f"COPY {table(gen)} (position, {', '.join(COLUMNS)}) FROM STDIN"


def copy_text(values: list[tuple[Any, ...]]) -> str:
    """Rows in COPY's text format (psycopg's write_row formats field by field in Python;
    this is the same format, built by str methods: ~15x less time per row)."""
    return "".join("\t".join(map(_copy_field, row)) + "\n" for row in values)


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


def select_sql(gen: int, where: list[str]) -> str:
    condition = f"WHERE {' AND '.join(where)} " if where else ""
    return (
        f"SELECT position, {', '.join(COLUMNS)} FROM {table(gen)} "
        f"{condition}ORDER BY position DESC LIMIT ?"
    )


def exists(cur: Any, name: str, postgres: bool) -> bool:
    if postgres:
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", (name,))
    else:
        cur.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return bool(cur.fetchone()[0])


def migrate_legacy(cur: Any, gen: int, postgres: bool) -> None:
    """Move the current generation's rows out of the shared table of old, then drop it."""
    if not exists(cur, LEGACY, postgres):
        return
    cols = ", ".join(COLUMNS)
    mark = "%s" if postgres else "?"
    cur.execute(
        f"INSERT INTO {table(gen)} (position, {cols}) SELECT position, {cols} FROM {LEGACY} "
        f"WHERE gen = {mark} ON CONFLICT DO NOTHING",
        (gen,),
    )
    cur.execute(f"DROP TABLE {LEGACY}")
