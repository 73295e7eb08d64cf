"""Cluster (Cụm thi đua / Khối thi đua): member units and the regulation they follow.

Memberships are kept with their dates: `history` holds every stretch a unit was a
member (joined on, left on, and the reasons given), so a unit that left and came back
has two. Only an active unit can be admitted (a merged, split or dissolved one cannot).
Admitting or removing a member never changes an open year by itself: the year's people
in charge decide (domain/year/year.py, service/year/changes.py).

The regulation (Quy chế) is versioned: the one given at establishment is version 1,
in force from that day; later ones are drafted (from a preset or by hand, with their
legal basis), commented on by member units, and adopted with an effective date and a
reason (an amendment is a new draft adopted later). `regulation` is the latest version
in force, `regulation_on(day)` the one in force on a day; a year keeps the version it
opened under (its number travels in the year's copy of the regulation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class RegulationVersion:
    """One version of the cluster's regulation: a draft until adopted."""

    number: int
    regulation: Regulation
    drafted_on: date
    note: str = ""
    comments: list[tuple[UUID, str, date]] = field(default_factory=list)
    adopted_on: date | None = None
    effective_on: date | None = None
    reason: str = ""

    @property
    def adopted(self) -> bool:
        return self.effective_on is not None


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

    class RegulationDrafted(ThiduaAggregate.Event):
        TOPIC = "thidua.Cluster.RegulationDrafted"
        version: int
        regulation: dict[str, Any]
        note: str
        on: date

    class RegulationCommented(ThiduaAggregate.Event):
        TOPIC = "thidua.Cluster.RegulationCommented"
        version: int
        unit: UUID
        text: str
        on: date

    class RegulationVersionAdopted(ThiduaAggregate.Event):
        TOPIC = "thidua.Cluster.RegulationVersionAdopted"
        version: int
        effective_on: date
        reason: str
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
        first = Regulation.from_dict(regulation).numbered(1)
        self.versions: dict[int, RegulationVersion] = {
            1: RegulationVersion(1, first, on, adopted_on=on, effective_on=on)
        }
        self.regulation = first
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
        """Draft and adopt at once, in force from `on` (kept for service code and tests)."""
        number = self.draft_regulation(regulation, "", on)
        self.adopt_version(number, on, "Thông qua Quy chế", on)

    def draft_regulation(self, regulation: Regulation, note: str, on: date) -> int:
        """A new draft (its number is returned); the regulation carries its legal basis."""
        number = max(self.versions) + 1
        numbered = regulation.numbered(number)
        self._regulation_drafted(
            version=number, regulation=numbered.to_dict(), note=note.strip(), on=on
        )
        return number

    def comment_regulation(self, version: int, unit: UUID, text: str, on: date) -> None:
        draft = self._draft(version)
        require(unit in self.members, "regulation.comment_not_member")
        require(bool(text.strip()), "regulation.comment_empty")
        require(on >= draft.drafted_on, "regulation.before_draft", drafted=draft.drafted_on)
        self._regulation_commented(version=version, unit=unit, text=text.strip(), on=on)

    def adopt_version(self, version: int, effective_on: date, reason: str, on: date) -> None:
        draft = self._draft(version)
        require(bool(reason.strip()), "regulation.reason_required")
        require(
            effective_on >= draft.drafted_on, "regulation.before_draft", drafted=draft.drafted_on
        )
        latest = max(v.effective_on for v in self.versions.values() if v.effective_on)
        require(effective_on >= latest, "regulation.before_in_force", since=latest)
        self._regulation_version_adopted(
            version=version, effective_on=effective_on, reason=reason.strip(), on=on
        )

    def _draft(self, version: int) -> RegulationVersion:
        found = self.versions.get(version)
        require(found is not None, "regulation.unknown_version", version=version)
        assert found is not None
        require(not found.adopted, "regulation.already_adopted", version=version)
        return found

    def version_on(self, day: date) -> RegulationVersion:
        """The version in force on `day` (the first one before the cluster existed)."""
        adopted = [v for v in self.versions.values() if v.effective_on and v.effective_on <= day]
        if not adopted:
            return self.versions[1]
        return max(adopted, key=lambda v: (v.effective_on, v.adopted_on, v.number))

    def regulation_on(self, day: date) -> Regulation:
        return self.version_on(day).regulation

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
        """Stored before versions were kept: a version drafted and adopted on `on`."""
        number = max(self.versions) + 1
        numbered = Regulation.from_dict(regulation).numbered(number)
        self.versions[number] = RegulationVersion(number, numbered, on, "", [], on, on)
        self.regulation = self.regulation_on(date.max)

    @event(RegulationDrafted)
    def _regulation_drafted(
        self, version: int, regulation: dict[str, Any], note: str, on: date
    ) -> None:
        self.versions[version] = RegulationVersion(
            version, Regulation.from_dict(regulation), on, note
        )

    @event(RegulationCommented)
    def _regulation_commented(self, version: int, unit: UUID, text: str, on: date) -> None:
        self.versions[version].comments.append((unit, text, on))

    @event(RegulationVersionAdopted)
    def _regulation_version_adopted(
        self, version: int, effective_on: date, reason: str, on: date
    ) -> None:
        v = self.versions[version]
        v.adopted_on, v.effective_on, v.reason = on, effective_on, reason
        self.regulation = self.regulation_on(date.max)
