"""Audit export (xuất nhật ký kiểm toán): every stored event as one JSON line, in store order.

Each line is a self-contained record an auditor can read without thidua::

    {"actor": {"account": ..., "unit": ...}, "data": {...}, "link": "<hex>",
     "originator": "<uuid>", "position": 17, "state": "<stored JSON, exactly>",
     "timestamp": "2025-07-01T08:00:00+00:00", "topic": "thidua.Unit.Created",
     "version": 1}

`state` is the stored event exactly as hashed into the chain and `link` its chain
link; `timestamp`, `actor` and `data` are derived from `state` alone
(service/chain_format.readable), so a verifier can check that what one reads is
what was hashed. `write_export` ends the file with the checkpoint of the exported
links, `{"checkpoint": {...}}` (its `taken_at` is the last event's stored timestamp),
so an export can be verified with no access to the store (`thidua audit verify
--export`, `tools/verify_export.py`) and export → restore → export is byte-identical.

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
from service.platform.app import ThiduaApplication
from service.platform.chain_format import GENESIS, Checkpoint, MerkleRoot, readable
from service.platform.chain_store import ChainMixin

BATCH_SIZE = 1_000


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


def event_record(notification: Notification, chain_link: bytes | None) -> dict[str, Any]:
    """The export record of one stored event, readable fields derived from its state."""
    return {
        "position": notification.id,
        "originator": str(UUID(str(notification.originator_id))),
        "version": notification.originator_version,
        "topic": notification.topic,
        "state": notification.state.decode("utf-8"),
        "link": None if chain_link is None else chain_link.hex(),
        **readable(notification.state),
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
    return _write_events(app, fileobj, progress, batch_size).count


def write_export(
    app: ThiduaApplication,
    fileobj: TextIO,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Checkpoint:
    """The whole export: every event's line, then the checkpoint of the exported links."""
    checkpoint = _write_events(app, fileobj, progress, batch_size)
    fileobj.write(dumps({"checkpoint": checkpoint.to_json()}) + "\n")
    return checkpoint


def _write_events(
    app: ThiduaApplication,
    fileobj: TextIO,
    progress: Callable[[int], None] | None,
    batch_size: int,
) -> Checkpoint:
    recorder = app.recorder
    assert isinstance(recorder, ChainMixin)
    stop = recorder.max_notification_id() or 0
    merkle, head, position, as_of = MerkleRoot(), GENESIS, 0, ""
    while position < stop:
        batch = recorder.select_notifications(
            position, batch_size, stop=stop, inclusive_of_start=False
        )
        if not batch:
            break
        last = batch[-1].id
        links = dict(recorder.chain_links(position, last, last - position))
        for notification in batch:
            chain_link = links.get(notification.id)
            record = event_record(notification, chain_link)
            fileobj.write(dumps(record) + "\n")
            as_of = record["timestamp"] or as_of
            if chain_link is not None:
                merkle.add(chain_link)
                head = chain_link
        position = last
        if progress is not None:
            progress(position)
    # taken_at: the last event's stored time, not the clock, so exports are reproducible
    return Checkpoint(position, merkle.count, head.hex(), merkle.root().hex(), as_of)
