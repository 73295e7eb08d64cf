"""Cluster (Cụm thi đua / Khối thi đua): member units and the regulation they follow."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require
from domain.org.regulation import Regulation


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

    class MemberLeft(ThiduaAggregate.Event):
        TOPIC = "thidua.Cluster.MemberLeft"
        unit: UUID
        on: date

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

    def admit(self, unit: UUID, on: date) -> None:
        require(unit not in self.members, "cluster.already_member")
        self._member_joined(unit=unit, on=on)

    def remove(self, unit: UUID, on: date) -> None:
        require(unit in self.members, "cluster.not_member")
        self._member_left(unit=unit, on=on)

    def adopt_regulation(self, regulation: Regulation, on: date) -> None:
        self._regulation_adopted(regulation=regulation.to_dict(), on=on)

    def is_member(self, unit: UUID | None) -> bool:
        return unit in self.members

    @event(MemberJoined)
    def _member_joined(self, unit: UUID, on: date) -> None:
        self.members[unit] = on

    @event(MemberLeft)
    def _member_left(self, unit: UUID, on: date) -> None:
        self.former_members[unit] = (self.members.pop(unit), on)

    @event(RegulationAdopted)
    def _regulation_adopted(self, regulation: dict[str, Any], on: date) -> None:
        self.regulation = Regulation.from_dict(regulation)
