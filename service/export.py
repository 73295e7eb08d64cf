"""Audit export (xuất nhật ký kiểm toán): every stored event as one JSON line, in store order.

Each line is a self-contained record an auditor can read without thidua::

    {"actor": {"account": ..., "unit": ...}, "data": {...}, "originator": "<uuid>",
     "position": 17, "timestamp": "2025-07-01T08:00:00+00:00",
     "topic": "thidua.Unit.Created", "version": 1}

Keys are sorted and separators compact, so the same store always exports the same
bytes. The export stops at the position that was highest when it started: events
saved meanwhile belong to the next export.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, TextIO
from uuid import UUID

from eventsourcing.persistence import Notification

import domain
from service.app import ThiduaApplication

BATCH_SIZE = 1_000

# Attributes every event has; they get their own keys instead of going into "data".
ENVELOPE = ("originator_id", "originator_version", "timestamp", "actor")


def json_safe(value: Any) -> Any:
    """`value` as plain JSON data: UUID→str, date/datetime→ISO, Decimal→str, Enum→value.

    Anything else unknown is refused (TypeError) rather than exported half-right.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return json_safe(value.value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(json_safe(k)): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((json_safe(v) for v in value), key=repr)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"cannot export a {type(value).__qualname__} value: {value!r}")


def load_domain_topics() -> None:
    """Import every domain module, so each stored TOPIC ("thidua.Unit.Created", ...) resolves.

    Topics are registered when their class is defined; an export touches every kind of
    event, including kinds no other code in this process has imported yet.
    """
    for module in pkgutil.walk_packages(domain.__path__, prefix="domain."):
        importlib.import_module(module.name)


def event_record(app: ThiduaApplication, notification: Notification) -> dict[str, Any]:
    """The export record of one stored event, decoded with the application's mapper."""
    event = app.mapper.to_domain_event(notification)
    state = vars(event)
    actor = state.get("actor")
    return {
        "position": notification.id,
        "originator": str(UUID(str(notification.originator_id))),
        "version": notification.originator_version,
        "topic": notification.topic,
        "timestamp": json_safe(state.get("timestamp")),
        "actor": None
        if actor is None
        else {"account": actor.account, "unit": json_safe(actor.unit)},
        "data": {k: json_safe(v) for k, v in state.items() if k not in ENVELOPE},
    }


def dumps(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def export_events(
    app: ThiduaApplication,
    fileobj: TextIO,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write every stored event to `fileobj` as JSON lines; return how many were written.

    `progress`, if given, is called after each batch with the position reached, so a
    caller can draw a bar up to `app.recorder.max_notification_id()`.
    """
    load_domain_topics()
    stop = app.recorder.max_notification_id() or 0
    written = 0
    position = 0
    while position < stop:
        batch = app.recorder.select_notifications(
            position, batch_size, stop=stop, inclusive_of_start=False
        )
        if not batch:
            break
        for notification in batch:
            fileobj.write(dumps(event_record(app, notification)) + "\n")
        written += len(batch)
        position = batch[-1].id
        if progress is not None:
            progress(position)
    return written
