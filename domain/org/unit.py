"""Unit (đơn vị công đoàn): a union organisation, with its history kept.

Units change over time (the 2025 mergers): renamed, moved under another parent,
merged into another unit, split into several new ones, dissolved. `as_of(day)`
answers what the unit was then.

The structure after 1/7/2025 has no district level: a province's federation has
commune/ward-level unions (công đoàn xã, phường, đặc khu) under it, and grassroots
unions sit under a commune union or directly under the province. District
federations stay only as history (the kind is kept for units registered before).

A merge is written on both sides: the absorbed unit's `MergedInto` and the absorbing
unit's `Absorbed`; a split likewise: the source's `SplitInto` and each new unit's
`SplitFrom`. Both are saved in one transaction by service/org/units.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require


class UnitKind(StrEnum):
    CONFEDERATION = "confederation"  # Tổng Liên đoàn
    PROVINCE = "province"  # LĐLĐ tỉnh, thành phố
    DISTRICT = "district"  # LĐLĐ huyện, thành phố thuộc tỉnh
    SECTOR = "sector"  # Công đoàn ngành
    GRASSROOTS = "grassroots"  # Công đoàn cơ sở
    DEPARTMENT = "department"  # Ban của LĐLĐ tỉnh
    COMMUNE = "commune"  # Công đoàn xã, phường, đặc khu (from 1/7/2025)


# The 2025 structure's placement rules: a commune/ward union sits under a province;
# under a commune union only grassroots unions. Nothing requires a district level.
UNDER_COMMUNE = (UnitKind.GRASSROOTS,)
COMMUNE_UNDER = (UnitKind.PROVINCE,)


class UnitStatus(StrEnum):
    ACTIVE = "active"
    MERGED = "merged"
    DISSOLVED = "dissolved"
    SPLIT = "split"


@dataclass(frozen=True)
class UnitState:
    """What a unit was over a stretch of time starting on `since`."""

    since: date
    name: str
    parent: UUID | None
    status: UnitStatus
    merged_into: UUID | None = None
    split_into: tuple[UUID, ...] = ()

    @property
    def successors(self) -> tuple[UUID, ...]:
        """The units that carry this one on: the absorbing unit, or the split's parts."""
        if self.merged_into is not None:
            return (self.merged_into,)
        return self.split_into


class Unit(ThiduaAggregate):
    TOPIC = "thidua.Unit"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.Unit.Created"
        code: str
        kind: str
        name: str
        parent: UUID | None
        on: date

    class Renamed(ThiduaAggregate.Event):
        TOPIC = "thidua.Unit.Renamed"
        name: str
        on: date

    class Moved(ThiduaAggregate.Event):
        TOPIC = "thidua.Unit.Moved"
        parent: UUID | None
        on: date

    class MergedInto(ThiduaAggregate.Event):
        TOPIC = "thidua.Unit.MergedInto"
        target: UUID
        on: date

    class Dissolved(ThiduaAggregate.Event):
        TOPIC = "thidua.Unit.Dissolved"
        on: date

    class Absorbed(ThiduaAggregate.Event):
        """The other side of a merge: `unit` was merged into this one from `on`."""

        TOPIC = "thidua.Unit.Absorbed"
        unit: UUID
        on: date

    class SplitInto(ThiduaAggregate.Event):
        """This unit ended on `on`, split into the new units `parts`."""

        TOPIC = "thidua.Unit.SplitInto"
        parts: list[UUID]
        on: date

    class SplitFrom(ThiduaAggregate.Event):
        """The other side of a split: this new unit was formed from `source` on `on`."""

        TOPIC = "thidua.Unit.SplitFrom"
        source: UUID
        on: date

    @staticmethod
    def id_for(code: str) -> UUID:
        return natural_id("unit", code.strip().upper())

    @classmethod
    def create_id(cls, code: str, **_: object) -> UUID:
        return cls.id_for(code)

    @classmethod
    def register(cls, code: str, kind: UnitKind, name: str, parent: UUID | None, on: date) -> Unit:
        code = code.strip().upper()
        require(bool(code), "unit.code_required")
        require(bool(name.strip()), "unit.name_required")
        return cls(code=code, kind=UnitKind(kind).value, name=name.strip(), parent=parent, on=on)

    @event(Created)
    def __init__(self, code: str, kind: str, name: str, parent: UUID | None, on: date) -> None:
        self.code = code
        self.kind = UnitKind(kind)
        self.timeline: list[UnitState] = [UnitState(on, name, parent, UnitStatus.ACTIVE)]
        self.absorbed: list[UUID] = []  # units merged into this one
        self.split_from: UUID | None = None

    # -- current state -------------------------------------------------------
    @property
    def current(self) -> UnitState:
        return self.timeline[-1]

    @property
    def name(self) -> str:
        return self.current.name

    @property
    def parent(self) -> UUID | None:
        return self.current.parent

    @property
    def status(self) -> UnitStatus:
        return self.current.status

    @property
    def is_active(self) -> bool:
        return self.status is UnitStatus.ACTIVE

    def as_of(self, day: date) -> UnitState | None:
        """The unit as it stood on `day`, or None if it did not exist yet."""
        found = None
        for state in self.timeline:
            if state.since <= day:
                found = state
        return found

    # -- commands ------------------------------------------------------------
    def _check_change(self, on: date) -> None:
        require(self.is_active, "unit.not_active", status=self.status.value)
        require(on >= self.current.since, "unit.change_before_last", since=self.current.since)

    def rename(self, name: str, on: date) -> None:
        self._check_change(on)
        name = name.strip()
        require(bool(name), "unit.name_required")
        require(name != self.name, "unit.same_name")
        self._renamed(name=name, on=on)

    def move(self, parent: UUID | None, on: date) -> None:
        self._check_change(on)
        require(parent != self.id, "unit.own_parent")
        require(parent != self.parent, "unit.same_parent")
        self._moved(parent=parent, on=on)

    def merge_into(self, target: Unit, on: date) -> None:
        """Merge this unit into `target`; both sides get their event (save both)."""
        self._check_change(on)
        require(target.id != self.id, "unit.merge_into_self")
        require(target.is_active, "unit.merge_target_inactive")
        require(on >= target.current.since, "unit.merge_before_target", since=target.current.since)
        self._merged_into(target=target.id, on=on)
        target._absorbed(unit=self.id, on=on)

    def split_into(self, parts: list[Unit], on: date) -> None:
        """End this unit on `on`, split into the new units `parts` (at least two, each
        registered for the split on that day: save them all with this one)."""
        self._check_change(on)
        ids = [p.id for p in parts]
        require(len(parts) >= 2, "unit.split_too_few")
        require(len(set(ids)) == len(ids) and self.id not in ids, "unit.split_duplicate")
        for part in parts:
            require(part.is_active, "unit.merge_target_inactive")
            require(part.split_from is None and part.current.since == on, "unit.split_part_not_new")
        self._split_into(parts=ids, on=on)
        for part in parts:
            part._split_from(source=self.id, on=on)

    def dissolve(self, on: date) -> None:
        self._check_change(on)
        self._dissolved(on=on)

    @event(Renamed)
    def _renamed(self, name: str, on: date) -> None:
        c = self.current
        self.timeline.append(UnitState(on, name, c.parent, c.status))

    @event(Moved)
    def _moved(self, parent: UUID | None, on: date) -> None:
        self.timeline.append(UnitState(on, self.name, parent, self.status))

    @event(MergedInto)
    def _merged_into(self, target: UUID, on: date) -> None:
        self.timeline.append(UnitState(on, self.name, self.parent, UnitStatus.MERGED, target))

    @event(Dissolved)
    def _dissolved(self, on: date) -> None:
        self.timeline.append(UnitState(on, self.name, self.parent, UnitStatus.DISSOLVED))

    @event(Absorbed)
    def _absorbed(self, unit: UUID, on: date) -> None:
        self.absorbed.append(unit)

    @event(SplitInto)
    def _split_into(self, parts: list[UUID], on: date) -> None:
        state = UnitState(on, self.name, self.parent, UnitStatus.SPLIT, split_into=tuple(parts))
        self.timeline.append(state)

    @event(SplitFrom)
    def _split_from(self, source: UUID, on: date) -> None:
        self.split_from = source


def check_placement(kind: UnitKind, parent: Unit | None) -> None:
    """A unit of `kind` may be placed under `parent` (None: at the top)."""
    if parent is None:
        return
    require(parent.is_active, "unit.parent_inactive")
    if kind is UnitKind.COMMUNE:
        require(parent.kind in COMMUNE_UNDER, "unit.commune_parent")
    if parent.kind is UnitKind.COMMUNE:
        require(kind in UNDER_COMMUNE, "unit.under_commune")
