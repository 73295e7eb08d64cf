"""Directory of units and clusters: names, kinds, parents, members, years, as they are now.

Key: the unit's or cluster's id. A cluster's document also lists its years, so a page
can go from a cluster to each cluster-year without scanning anything.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.org.cluster import Cluster
from domain.org.unit import Unit, UnitState, UnitStatus
from domain.year.year import EmulationYear
from projections.kernel.cases import Case

NAME = "directory"
OWN_EVENTS = (
    Unit.Created,
    Unit.Renamed,
    Unit.Moved,
    Unit.MergedInto,
    Unit.Dissolved,
    Unit.Absorbed,
    Unit.SplitInto,
    Unit.SplitFrom,
    Cluster.Created,
    Cluster.MemberJoined,
    Cluster.MemberLeft,
    Cluster.RegulationAdopted,
)


def keys(event: Any, case: Case | None) -> list[str]:
    if isinstance(event, OWN_EVENTS):
        return [event.originator_id.hex]
    if isinstance(event, EmulationYear.Created):
        return [event.cluster_id.hex]
    return []


def apply(state: dict[str, Any] | None, event: Any) -> dict[str, Any]:
    s = state if state is not None else {}
    match event:
        case Unit.Created():
            s.update(
                type="unit",
                code=event.code,
                kind=event.kind,
                name=event.name,
                parent=_hex(event.parent),
                status="active",
                history=[],
            )
            _state(s, event.on)
        case Unit.Renamed():
            s["name"] = event.name
            _state(s, event.on)
        case Unit.Moved():
            s["parent"] = _hex(event.parent)
            _state(s, event.on)
        case Unit.MergedInto():
            s.update(status="merged", merged_into=event.target.hex)
            _state(s, event.on)
        case Unit.Dissolved():
            s["status"] = "dissolved"
            _state(s, event.on)
        case Unit.Absorbed():
            s.setdefault("absorbed", []).append(
                {"unit": event.unit.hex, "on": event.on.isoformat()}
            )
        case Unit.SplitInto():
            s.update(status="split", split_into=[p.hex for p in event.parts])
            _state(s, event.on)
        case Unit.SplitFrom():
            s["split_from"] = {"unit": event.source.hex, "on": event.on.isoformat()}
        case Cluster.Created():
            s.update(type="cluster", code=event.code, name=event.name, members=[], years={})
        case Cluster.MemberJoined():
            s["members"].append(event.unit.hex)
        case Cluster.MemberLeft():
            s["members"].remove(event.unit.hex)
        case EmulationYear.Created():
            s.setdefault("years", {})[str(event.year)] = event.originator_id.hex
    return s


def _state(s: dict[str, Any], on: Any) -> None:
    """Append what the unit is from `on` (the timeline domain.unit.Unit keeps too)."""
    s["history"].append(
        {
            "since": on.isoformat(),
            "name": s["name"],
            "parent": s["parent"],
            "status": s["status"],
            "merged_into": s.get("merged_into"),
            **({"split_into": s["split_into"]} if s.get("split_into") else {}),
        }
    )


class UnitAsOf:
    """A directory document read back as something that can say what it was on a day."""

    def __init__(self, key: str, doc: dict[str, Any]) -> None:
        self.id = UUID(key)
        self.timeline = [
            UnitState(
                date.fromisoformat(h["since"]),
                h["name"],
                _uuid(h["parent"]),
                UnitStatus(h["status"]),
                _uuid(h["merged_into"]),
                tuple(UUID(p) for p in h.get("split_into", [])),
            )
            for h in doc["history"]
        ]

    def as_of(self, day: date) -> UnitState | None:
        found = None
        for state in self.timeline:
            if state.since <= day:
                found = state
        return found


# -- children: every unit that was ever placed under a unit (moves, merges included) ---
CHILDREN = "children"


def children_keys(event: Any, case: Case | None) -> list[str]:
    match event:
        case Unit.Created() | Unit.Moved() if event.parent is not None:
            return [event.parent.hex]
        case Unit.MergedInto():
            return [event.target.hex]
    return []


def children_apply(state: dict[str, Any] | None, event: Any) -> dict[str, Any]:
    s = state if state is not None else {"children": []}
    if event.originator_id.hex not in s["children"]:
        s["children"].append(event.originator_id.hex)
    return s


def _uuid(value: str | None) -> UUID | None:
    return None if value is None else UUID(value)


def _hex(value: Any) -> str | None:
    return None if value is None else value.hex
