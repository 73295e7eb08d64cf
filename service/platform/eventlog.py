"""Reading the store's log by case: the stored events of given streams, in log order.

The library reads the log by position or one stream at a time; an auditor's as-of
replay needs the events of a case's streams (found in the case index) up to a
position, in log order. One indexed query on either store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from service.platform.app import ThiduaApplication
from service.platform.store import is_postgres

CHUNK = 500


def case_notifications(
    app: ThiduaApplication, originators: Sequence[UUID], stop: int | None = None
) -> list[Notification]:
    """Stored events of `originators` with position ≤ stop (all when None), in log order."""
    select = "{pos} AS id, originator_id, originator_version, topic, state"
    found = [
        Notification(
            id=int(row["id"]),
            originator_id=_uuid(row["originator_id"]),
            originator_version=int(row["originator_version"]),
            topic=row["topic"],
            state=bytes(row["state"]),
        )
        for row in _rows(app, select, originators, stop)
    ]
    found.sort(key=lambda n: n.id)
    return found


def last_position(app: ThiduaApplication, originators: Sequence[UUID]) -> int:
    """The log position of the newest stored event of `originators` (0: none).

    What `case_notifications(...)[-1].id` gives, without reading and decoding every
    row of the case: the bundle cache's key needs only this (bench P6's re-serve)."""
    lasts = [row["last"] for row in _rows(app, "MAX({pos}) AS last", originators)]
    return max((int(last) for last in lasts if last is not None), default=0)


def _rows(
    app: ThiduaApplication, select: str, originators: Sequence[UUID], stop: int | None = None
) -> Iterator[Any]:
    """The rows of `SELECT select` over the stored events of `originators` (position ≤
    stop when given), CHUNK streams per query; `{pos}` in `select` is the position."""
    recorder = app.recorder
    table = recorder.events_table_name  # type: ignore[attr-defined]
    postgres = is_postgres(app.url)
    pos = "notification_id" if postgres else "rowid"
    for i in range(0, len(originators), CHUNK):
        chunk = list(originators[i : i + CHUNK])
        params: list[object]
        if postgres:
            schema = recorder.datastore.schema  # type: ignore[attr-defined]
            source, where, params, mark = f'"{schema}"."{table}"', "= ANY(%s)", [chunk], "%s"
        else:
            where = f"IN ({','.join('?' * len(chunk))})"
            source, params, mark = table, [o.hex for o in chunk], "?"
        sql = f"SELECT {select.format(pos=pos)} FROM {source} WHERE originator_id {where}"
        if stop is not None:
            sql += f" AND {pos} <= {mark}"
            params.append(stop)
        with recorder.datastore.transaction(commit=False) as cur:  # type: ignore[attr-defined]
            cur.execute(sql, tuple(params))
            rows = cur.fetchall()
        yield from rows  # after the transaction: the caller's work holds no read open


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
