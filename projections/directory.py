"""Directory of units and clusters: names, kinds, parents, members, years, as they are now.

Key: the unit's or cluster's id. A cluster's document also lists its years, so a page
can go from a cluster to each cluster-year without scanning anything.
"""

from __future__ import annotations

from typing import Any

from domain.cluster import Cluster
from domain.unit import Unit
from domain.year import EmulationYear
from projections.cases import Case

NAME = "directory"
OWN_EVENTS = (
    Unit.Created,
    Unit.Renamed,
    Unit.Moved,
    Unit.MergedInto,
    Unit.Dissolved,
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
                since=event.on.isoformat(),
                history=[
                    {"on": event.on.isoformat(), "name": event.name, "parent": _hex(event.parent)}
                ],
            )
        case Unit.Renamed():
            s["name"] = event.name
            s["history"].append(
                {"on": event.on.isoformat(), "name": event.name, "parent": s["parent"]}
            )
        case Unit.Moved():
            s["parent"] = _hex(event.parent)
            s["history"].append(
                {"on": event.on.isoformat(), "name": s["name"], "parent": s["parent"]}
            )
        case Unit.MergedInto():
            s.update(status="merged", merged_into=event.target.hex, ended_on=event.on.isoformat())
        case Unit.Dissolved():
            s.update(status="dissolved", ended_on=event.on.isoformat())
        case Cluster.Created():
            s.update(type="cluster", code=event.code, name=event.name, members=[], years={})
        case Cluster.MemberJoined():
            s["members"].append(event.unit.hex)
        case Cluster.MemberLeft():
            s["members"].remove(event.unit.hex)
        case EmulationYear.Created():
            s.setdefault("years", {})[str(event.year)] = event.originator_id.hex
    return s


def _hex(value: Any) -> str | None:
    return None if value is None else value.hex
