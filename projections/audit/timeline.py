"""Audit timeline (nhật ký): one row per event, found by case, unit, actor, kind or date.

A row names who did what and when, never what was in it: pages open the event itself
for the details. A sealed ballot's row shows the neutral ballot-box actor, so the
timeline links no voter to a choice.
"""

from __future__ import annotations

from typing import Any

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


def row(event: Any, case: Case | None) -> tuple[Any, ...]:
    """The event's row, values in COLUMNS order (a tuple: rebuilds make one per event)."""
    topic, kind = _topic_and_kind(type(event))
    actor = getattr(event, "actor", None)
    account = unit = None
    if actor is not None:
        account, unit = actor.account, actor.unit.hex if actor.unit else None
    recorded_at = event.timestamp.isoformat()
    return (
        case.id.hex if case else None,
        case.kind if case else None,
        event.originator_id.hex,
        event.originator_version,
        topic,
        kind,
        account,
        unit,
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
