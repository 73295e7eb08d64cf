"""What the organisation's pages, API answers and tables read: units and their tree,
clusters, and a unit as it stood on a day (names, parents, memberships of that day)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.cluster import Cluster
from domain.org.unit import Unit, UnitState
from service.platform.app import ThiduaApplication

BATCH = 500


def all_units(app: ThiduaApplication) -> list[Unit]:
    """Every unit ever registered (merged and dissolved ones included), by code.

    The cached instances (`ThiduaApplication.read`): for reading only, never to save.
    """
    ids: list[UUID] = []
    start: int | None = None
    while True:
        batch = app.recorder.select_notifications(
            start, BATCH, topics=[Unit.Created.TOPIC], inclusive_of_start=start is None
        )
        ids.extend(UUID(str(n.originator_id)) for n in batch)
        if len(batch) < BATCH:
            break
        start = batch[-1].id
    return sorted((app.read(i) for i in ids), key=lambda u: u.code)


def _created(app: ThiduaApplication, topic: str) -> list[UUID]:
    ids: list[UUID] = []
    start: int | None = None
    while True:
        batch = app.recorder.select_notifications(
            start, BATCH, topics=[topic], inclusive_of_start=start is None
        )
        ids.extend(UUID(str(n.originator_id)) for n in batch)
        if len(batch) < BATCH:
            return ids
        start = batch[-1].id


def all_clusters(app: ThiduaApplication) -> list[Cluster]:
    """Every cluster (cached instances, for reading only), by code."""
    return sorted((app.read(i) for i in _created(app, Cluster.Created.TOPIC)), key=lambda c: c.code)


def _state(unit: Unit, day: date | None) -> UnitState:
    """The unit on `day` (today: its current state); before it existed, its first."""
    if day is None:
        return unit.current
    return unit.as_of(day) or unit.timeline[0]


def _ref(units: dict[UUID, Unit], unit_id: UUID | None, day: date | None) -> dict[str, Any] | None:
    """Another unit as a page names it: id, code, the name it bore on `day`."""
    if unit_id is None:
        return None
    other = units.get(unit_id)
    if other is None:
        return {"id": unit_id, "code": "", "name": ""}
    return {"id": unit_id, "code": other.code, "name": _state(other, day).name}


def _ended_on(unit: Unit) -> date | None:
    """The day a merged or split unit ended (its successors' first day)."""
    return next((s.since for s in unit.timeline if s.successors), None)


def unit_row(units: dict[UUID, Unit], unit: Unit, day: date | None) -> dict[str, Any]:
    state = _state(unit, day)
    return {
        "id": unit.id,
        "code": unit.code,
        "kind": unit.kind.value,
        "name": state.name,
        "parent": _ref(units, state.parent, day),
        "status": state.status.value,
        "since": state.since,
        "registered_on": unit.timeline[0].since,
        "existed": day is None or unit.as_of(day) is not None,
    }


def units_on(app: ThiduaApplication, *, day: date | None = None) -> list[dict[str, Any]]:
    """Every unit as it stood on `day` (today by default): names, parents and status of
    that day; units registered later are left out."""
    units = {u.id: u for u in all_units(app)}
    rows = [unit_row(units, u, day) for u in units.values()]
    return [r for r in rows if r["existed"]]


def unit_on(app: ThiduaApplication, unit_id: UUID, *, day: date | None = None) -> dict[str, Any]:
    """One unit as it stood on `day`: name, kind, parent, cluster memberships, the units
    it came from and those that carry it on (as of that day), and its dated history.
    DomainError store.not_found for an id that is no unit."""
    found = app.find(unit_id) if isinstance(unit_id, UUID) else None
    if not isinstance(found, Unit):
        raise DomainError("store.not_found", what="đơn vị")
    units = {u.id: u for u in all_units(app)}
    unit = units.get(found.id, found)
    state = _state(unit, day)
    upto = day or date.max
    predecessors = []
    for other in (units[i] for i in unit.absorbed if i in units):
        ended = _ended_on(other)
        if ended is not None and ended <= upto:
            predecessors.append({**_ref(units, other.id, day), "how": "merged", "on": ended})  # type: ignore[dict-item]
    if unit.split_from is not None and unit.split_from in units:
        source = units[unit.split_from]
        predecessors.append(
            {**_ref(units, source.id, day), "how": "split", "on": unit.timeline[0].since}  # type: ignore[dict-item]
        )
    how = "merged" if state.merged_into else "split"
    successors = [
        {**_ref(units, s, day), "how": how, "on": state.since}  # type: ignore[dict-item]
        for s in state.successors
    ]
    memberships = [
        {
            "cluster": {"id": c.id, "code": c.code, "name": c.name},
            "joined_on": m.joined_on,
            "left_on": m.left_on,
        }
        for c in all_clusters(app)
        for m in c.history
        if m.unit == unit.id
        and (day is None or m.on(day))
        and (day is not None or m.left_on is None)
    ]
    history = [
        {
            "since": s.since,
            "name": s.name,
            "parent": _ref(units, s.parent, s.since),
            "status": s.status.value,
        }
        for s in unit.timeline
    ]
    children = [
        unit_row(units, u, day)
        for u in units.values()
        if _state(u, day).parent == unit.id and (day is None or u.as_of(day) is not None)
    ]
    return {
        **unit_row(units, unit, day),
        "memberships": memberships,
        "predecessors": predecessors,
        "successors": successors,
        "children": [c for c in children if c["status"] == "active"],
        "history": history,
    }
