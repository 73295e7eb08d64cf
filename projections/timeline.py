"""Audit timeline (nhật ký): one row per event, found by case, unit, actor, kind or date.

A row names who did what and when, never what was in it: pages open the event itself
for the details. A sealed ballot's row shows the neutral ballot-box actor, so the
timeline links no voter to a choice.
"""

from __future__ import annotations

from typing import Any

from projections.cases import Case

NAME = "timeline"


def row(event: Any, case: Case | None) -> dict[str, Any]:
    topic, kind = _topic_and_kind(type(event))
    actor = getattr(event, "actor", None)
    recorded_at = event.timestamp.isoformat()
    return {
        "case_id": case.id.hex if case else None,
        "case_kind": case.kind if case else None,
        "originator": event.originator_id.hex,
        "version": event.originator_version,
        "topic": topic,
        "kind": kind,
        "actor_account": actor.account if actor else None,
        "actor_unit": actor.unit.hex if actor and actor.unit else None,
        "recorded_at": recorded_at,
        "day": recorded_at[:10],  # isoformat() starts with the date, year zero-padded
    }


_TOPICS: dict[type, tuple[str, str]] = {}


def _topic_and_kind(cls: type) -> tuple[str, str]:
    """(topic, its last name) of an event class, worked out once per class (rebuilds
    call `row` for every event in the log)."""
    found = _TOPICS.get(cls)
    if found is None:
        topic = getattr(cls, "TOPIC", cls.__qualname__)
        found = _TOPICS[cls] = (topic, topic.rsplit(".", 1)[-1])
    return found
