"""Tờ trình đề nghị khen thưởng: the cluster's award proposal to TLĐ for one year.

Units are proposed per award, within the regulation's caps and only if the award's
vote passed them; the chair submits to TLĐ; TLĐ records receipt and its decision.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require
from domain.org.regulation import AwardRule
from domain.year.plan import days_late


class AwardProposal(ThiduaAggregate):
    TOPIC = "thidua.AwardProposal"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.AwardProposal.Started"
        year_id: UUID

    class UnitProposed(ThiduaAggregate.Event):
        TOPIC = "thidua.AwardProposal.UnitProposed"
        award: str
        unit: UUID
        poll: UUID
        on: date | None = None  # the date it counts for (None: stored before it was kept)

    class UnitWithdrawn(ThiduaAggregate.Event):
        TOPIC = "thidua.AwardProposal.UnitWithdrawn"
        award: str
        unit: UUID
        on: date | None = None

    class Submitted(ThiduaAggregate.Event):
        TOPIC = "thidua.AwardProposal.Submitted"
        reference: str
        on: date
        days_late: int

    class Received(ThiduaAggregate.Event):
        TOPIC = "thidua.AwardProposal.ReceivedByConfederation"
        reference: str
        on: date

    class Decided(ThiduaAggregate.Event):
        TOPIC = "thidua.AwardProposal.Decided"
        award: str
        unit: UUID
        granted: bool
        reference: str
        on: date

    @staticmethod
    def id_for(year_id: UUID) -> UUID:
        return natural_id("awards", year_id)

    @classmethod
    def create_id(cls, year_id: UUID, **_: object) -> UUID:
        return cls.id_for(year_id)

    @event(Created)
    def __init__(self, year_id: UUID) -> None:
        self.year_id = year_id
        self.proposed: dict[str, list[UUID]] = {}
        self.submitted: date | None = None
        self.received: date | None = None
        self.decisions: dict[tuple[str, UUID], bool] = {}

    def propose(
        self,
        rule: AwardRule,
        unit: UUID,
        poll: UUID,
        passed: set[UUID],
        members: int,
        on: date | None = None,
    ) -> None:
        require(self.submitted is None, "awards.already_submitted")
        require(unit in passed, "awards.not_voted", award=rule.code)
        current = self.proposed.get(rule.code, [])
        require(unit not in current, "awards.already_proposed")
        cap = rule.cap(members)
        require(len(current) < cap, "awards.cap_exceeded", award=rule.name, cap=cap)
        self._proposed(award=rule.code, unit=unit, poll=poll, on=on)

    def withdraw(self, award: str, unit: UUID, on: date | None = None) -> None:
        require(self.submitted is None, "awards.already_submitted")
        require(unit in self.proposed.get(award, []), "awards.not_proposed")
        self._withdrawn(award=award, unit=unit, on=on)

    def submit(self, reference: str, on: date, deadline: date) -> int:
        require(self.submitted is None, "awards.already_submitted")
        require(any(self.proposed.values()), "awards.empty")
        require(bool(reference.strip()), "awards.reference_required")
        late = days_late(on, deadline)
        self._submitted(reference=reference.strip(), on=on, days_late=late)
        return late

    def record_receipt(self, reference: str, on: date) -> None:
        require(self.submitted is not None, "awards.not_submitted")
        require(self.received is None, "awards.already_received")
        self._received(reference=reference.strip(), on=on)

    def record_decision(
        self, award: str, unit: UUID, granted: bool, reference: str, on: date
    ) -> None:
        require(self.received is not None, "awards.not_received")
        require(unit in self.proposed.get(award, []), "awards.not_proposed")
        require((award, unit) not in self.decisions, "awards.already_decided")
        self._decided(award=award, unit=unit, granted=granted, reference=reference.strip(), on=on)

    @event(UnitProposed)
    def _proposed(self, award: str, unit: UUID, poll: UUID, on: date | None = None) -> None:
        self.proposed.setdefault(award, []).append(unit)

    @event(UnitWithdrawn)
    def _withdrawn(self, award: str, unit: UUID, on: date | None = None) -> None:
        self.proposed[award].remove(unit)

    @event(Submitted)
    def _submitted(self, reference: str, on: date, days_late: int) -> None:
        self.submitted = on

    @event(Received)
    def _received(self, reference: str, on: date) -> None:
        self.received = on

    @event(Decided)
    def _decided(self, award: str, unit: UUID, granted: bool, reference: str, on: date) -> None:
        self.decisions[(award, unit)] = granted
