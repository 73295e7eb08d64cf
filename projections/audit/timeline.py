"""Audit timeline (nhật ký): one row per event, found by case, unit, actor, kind or date.

A row names who did what and when, never what was in it: pages open the event itself
for the details. A sealed ballot's row shows the neutral ballot-box actor, so the
timeline links no voter to a choice.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from projections.kernel.cases import Case

NAME = "timeline"


COLUMNS = (
    "case_id",
    "case_kind",
    "originator",
    "version",
    "topic",
    "kind",
    "actor_account",
    "actor_unit",
    "recorded_at",
    "day",
)


class Stamp(NamedTuple):
    """What a row needs of an event: its class, stream, version, recorded time (ISO
    8601) and actor. Read from the decoded event (`row`), or from the stored event
    without decoding it (service/views/stamps.py), for the same row."""

    cls: type
    originator: str  # hex
    version: int
    recorded_at: str
    account: str | None
    unit: str | None  # hex


def row(event: Any, case: Case | None) -> tuple[Any, ...]:
    """The event's row, values in COLUMNS order (a tuple: rebuilds make one per event)."""
    actor = getattr(event, "actor", None)
    account = unit = None
    if actor is not None:
        account, unit = actor.account, actor.unit.hex if actor.unit else None
    stamp = Stamp(
        type(event),
        event.originator_id.hex,
        event.originator_version,
        event.timestamp.isoformat(),
        account,
        unit,
    )
    return row_of(stamp, case)


def row_of(stamp: Stamp, case: Case | None) -> tuple[Any, ...]:
    """The row of an event known by its stamp."""
    topic, kind = _topic_and_kind(stamp.cls)
    recorded_at = stamp.recorded_at
    return (
        case.id.hex if case else None,
        case.kind if case else None,
        stamp.originator,
        stamp.version,
        topic,
        kind,
        stamp.account,
        stamp.unit,
        recorded_at,
        recorded_at[:10],  # the day: isoformat() starts with the date, year zero-padded
    )


_TOPICS: dict[type, tuple[str, str]] = {}


def _topic_and_kind(cls: type) -> tuple[str, str]:
    """(topic, its last name) of an event class, worked out once per class (rebuilds
    call `row` for every event in the log)."""
    found = _TOPICS.get(cls)
    if found is None:
        topic = getattr(cls, "TOPIC", cls.__qualname__)
        found = _TOPICS[cls] = (topic, topic.rsplit(".", 1)[-1])
    return found
