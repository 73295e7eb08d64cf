"""Cluster (Cụm thi đua / Khối thi đua): member units and the regulation they follow.

Memberships are kept with their dates: `history` holds every stretch a unit was a
member (joined on, left on, and the reasons given), so a unit that left and came back
has two. Only an active unit can be admitted (a merged, split or dissolved one cannot).
Admitting or removing a member never changes an open year by itself: the year's people
in charge decide (domain/year/year.py, service/year/changes.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require
from domain.org.regulation import Regulation
from domain.org.unit import Unit


@dataclass(frozen=True)
class Membership:
    unit: UUID
    joined_on: date
    left_on: date | None = None
    reason_joined: str = ""
    reason_left: str = ""

    def on(self, day: date) -> bool:
        """A member on `day` (from the day it joined, until the day before it left)."""
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


class Cluster(ThiduaAggregate):
    TOPIC = "thidua.Cluster"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.Cluster.Created"
        code: str
        name: str
        regulation: dict[str, Any]
        on: date

    class MemberJoined(ThiduaAggregate.Event):
        TOPIC = "thidua.Cluster.MemberJoined"
        unit: UUID
        on: date
        reason: str = ""

    class MemberLeft(ThiduaAggregate.Event):
        TOPIC = "thidua.Cluster.MemberLeft"
        unit: UUID
        on: date
        reason: str = ""

    class RegulationAdopted(ThiduaAggregate.Event):
        TOPIC = "thidua.Cluster.RegulationAdopted"
        regulation: dict[str, Any]
        on: date

    @staticmethod
    def id_for(code: str) -> UUID:
        return natural_id("cluster", code.strip().upper())

    @classmethod
    def create_id(cls, code: str, **_: object) -> UUID:
        return cls.id_for(code)

    @classmethod
    def establish(cls, code: str, name: str, regulation: Regulation, on: date) -> Cluster:
        code = code.strip().upper()
        require(bool(code), "cluster.code_required")
        require(bool(name.strip()), "cluster.name_required")
        return cls(code=code, name=name.strip(), regulation=regulation.to_dict(), on=on)

    @event(Created)
    def __init__(self, code: str, name: str, regulation: dict[str, Any], on: date) -> None:
        self.code = code
        self.name = name
        self.regulation = Regulation.from_dict(regulation)
        self.members: dict[UUID, date] = {}  # unit -> joined on
        self.former_members: dict[UUID, tuple[date, date]] = {}
        self.history: list[Membership] = []

    def admit(self, unit: Unit, on: date, reason: str = "") -> None:
        require(unit.is_active, "cluster.unit_inactive", name=unit.name)
        require(unit.id not in self.members, "cluster.already_member")
        require(on >= unit.timeline[0].since, "cluster.before_unit", since=unit.timeline[0].since)
        left = [m.left_on for m in self.history if m.unit == unit.id and m.left_on]
        require(not left or on >= max(left), "cluster.before_left", left=max(left or [on]))
        self._member_joined(unit=unit.id, on=on, reason=reason.strip())

    def remove(self, unit: UUID, on: date, reason: str = "") -> None:
        require(unit in self.members, "cluster.not_member")
        require(on >= self.members[unit], "cluster.left_before_joined", joined=self.members[unit])
        self._member_left(unit=unit, on=on, reason=reason.strip())

    def members_on(self, day: date) -> list[UUID]:
        """The members on `day`, in the order they joined."""
        return [m.unit for m in self.history if m.on(day)]

    def adopt_regulation(self, regulation: Regulation, on: date) -> None:
        self._regulation_adopted(regulation=regulation.to_dict(), on=on)

    def is_member(self, unit: UUID | None) -> bool:
        return unit in self.members

    @event(MemberJoined)
    def _member_joined(self, unit: UUID, on: date, reason: str = "") -> None:
        self.members[unit] = on
        self.history.append(Membership(unit, on, reason_joined=reason))

    @event(MemberLeft)
    def _member_left(self, unit: UUID, on: date, reason: str = "") -> None:
        self.former_members[unit] = (self.members.pop(unit), on)
        for i, m in enumerate(self.history):
            if m.unit == unit and m.left_on is None:
                self.history[i] = Membership(m.unit, m.joined_on, on, m.reason_joined, reason)

    @event(RegulationAdopted)
    def _regulation_adopted(self, regulation: dict[str, Any], on: date) -> None:
        self.regulation = Regulation.from_dict(regulation)
