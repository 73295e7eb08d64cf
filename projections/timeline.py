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
    topic = getattr(type(event), "TOPIC", type(event).__qualname__)
    actor = getattr(event, "actor", None)
    return {
        "case_id": case.id.hex if case else None,
        "case_kind": case.kind if case else None,
        "originator": event.originator_id.hex,
        "version": event.originator_version,
        "topic": topic,
        "kind": topic.rsplit(".", 1)[-1],
        "actor_account": actor.account if actor else None,
        "actor_unit": actor.unit.hex if actor and actor.unit else None,
        "recorded_at": event.timestamp.isoformat(),
        "day": event.timestamp.date().isoformat(),
    }
