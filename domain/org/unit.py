"""Unit (đơn vị công đoàn): a union organisation, with its history kept.

Units change over time (the 2025 mergers): renamed, moved under another parent,
merged into another unit, dissolved. `as_of(day)` answers what the unit was then.
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


class UnitStatus(StrEnum):
    ACTIVE = "active"
    MERGED = "merged"
    DISSOLVED = "dissolved"


@dataclass(frozen=True)
class UnitState:
    """What a unit was over a stretch of time starting on `since`."""

    since: date
    name: str
    parent: UUID | None
    status: UnitStatus
    merged_into: UUID | None = None


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
        self._check_change(on)
        require(target.id != self.id, "unit.merge_into_self")
        require(target.is_active, "unit.merge_target_inactive")
        self._merged_into(target=target.id, on=on)

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
