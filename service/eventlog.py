"""Reading the store's log by case: the stored events of given streams, in log order.

The library reads the log by position or one stream at a time; an auditor's as-of
replay needs the events of a case's streams (found in the case index) up to a
position, in log order. One indexed query on either store.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import Notification

from service.app import ThiduaApplication
from service.store import is_postgres

CHUNK = 500


def case_notifications(
    app: ThiduaApplication, originators: Sequence[UUID], stop: int | None = None
) -> list[Notification]:
    """Stored events of `originators` with position ≤ stop (all when None), in log order."""
    found: list[Notification] = []
    recorder = app.recorder
    table = recorder.events_table_name  # type: ignore[attr-defined]
    postgres = is_postgres(app.url)
    for i in range(0, len(originators), CHUNK):
        chunk = list(originators[i : i + CHUNK])
        if postgres:
            schema = recorder.datastore.schema  # type: ignore[attr-defined]
            sql = (
                f"SELECT notification_id AS id, originator_id, originator_version, topic, state "
                f'FROM "{schema}"."{table}" WHERE originator_id = ANY(%s)'
                + (" AND notification_id <= %s" if stop is not None else "")
            )
            params: tuple[object, ...] = (chunk, stop) if stop is not None else (chunk,)
        else:
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT rowid AS id, originator_id, originator_version, topic, state FROM {table} "
                f"WHERE originator_id IN ({marks})"
                + (" AND rowid <= ?" if stop is not None else "")
            )
            params = (*[o.hex for o in chunk], *([stop] if stop is not None else []))
        with recorder.datastore.transaction(commit=False) as cur:  # type: ignore[attr-defined]
            cur.execute(sql, params)
            rows = cur.fetchall()
        for row in rows:
            found.append(
                Notification(
                    id=int(row["id"]),
                    originator_id=_uuid(row["originator_id"]),
                    originator_version=int(row["originator_version"]),
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
            )
    found.sort(key=lambda n: n.id)
    return found


def last_position(app: ThiduaApplication, originators: Sequence[UUID]) -> int:
    """The log position of the newest stored event of `originators` (0: none).

    What `case_notifications(...)[-1].id` gives, without reading and decoding every
    row of the case: the dossier cache's key needs only this (bench P6's re-serve)."""
    recorder = app.recorder
    table = recorder.events_table_name  # type: ignore[attr-defined]
    postgres = is_postgres(app.url)
    last = 0
    for i in range(0, len(originators), CHUNK):
        chunk = list(originators[i : i + CHUNK])
        if postgres:
            schema = recorder.datastore.schema  # type: ignore[attr-defined]
            sql = (
                f'SELECT MAX(notification_id) AS last FROM "{schema}"."{table}" '
                f"WHERE originator_id = ANY(%s)"
            )
            params: tuple[object, ...] = (chunk,)
        else:
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT MAX(rowid) AS last FROM {table} WHERE originator_id IN ({marks})"
            params = tuple(o.hex for o in chunk)
        with recorder.datastore.transaction(commit=False) as cur:  # type: ignore[attr-defined]
            cur.execute(sql, params)
            row = cur.fetchone()
        if row is not None and row["last"] is not None:
            last = max(last, int(row["last"]))
    return last


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
