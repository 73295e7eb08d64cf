"""Hồ sơ thi đua: one member unit's record in one cluster-year.

Registration (aimed title, commitments), the mid-year and year-end reports, the
self-score per criterion with evidence, and the chair's appraisal (thẩm định) per
criterion. Late work is accepted and carries its days late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require
from domain.year.criteria import Criteria
from domain.year.plan import days_late

REPORT_KINDS = {"midyear": "midyear_report", "yearend": "yearend_report"}


@dataclass(frozen=True)
class Score:
    points: Decimal
    note: str  # evidence (self-score) or reason (appraisal)
    version: int
    on: date


class Dossier(ThiduaAggregate):
    TOPIC = "thidua.Dossier"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.Dossier.Opened"
        year_id: UUID
        unit: UUID

    class Registered(ThiduaAggregate.Event):
        TOPIC = "thidua.Dossier.Registered"
        title: str
        commitments: list[str]
        on: date
        days_late: int

    class ReportSubmitted(ThiduaAggregate.Event):
        TOPIC = "thidua.Dossier.ReportSubmitted"
        kind: str
        summary: str
        attachments: list[dict[str, Any]]
        on: date
        days_late: int

    class SelfScored(ThiduaAggregate.Event):
        TOPIC = "thidua.Dossier.SelfScored"
        criterion: str
        points: Decimal
        evidence: str
        version: int
        on: date
        days_late: int

    class Appraised(ThiduaAggregate.Event):
        TOPIC = "thidua.Dossier.Appraised"
        criterion: str
        points: Decimal
        reason: str
        appraiser: UUID
        version: int
        on: date

    class TakenOver(ThiduaAggregate.Event):
        """From `on`, `successor` answers for this dossier (the unit was merged or split);
        the dossier keeps its unit, name and history."""

        TOPIC = "thidua.Dossier.TakenOver"
        successor: UUID
        reason: str
        on: date

    class Withdrawn(ThiduaAggregate.Event):
        """The unit left the year: the dossier is closed as it stands."""

        TOPIC = "thidua.Dossier.Withdrawn"
        reason: str
        on: date

    @staticmethod
    def id_for(year_id: UUID, unit: UUID) -> UUID:
        return natural_id("dossier", year_id, unit)

    @classmethod
    def create_id(cls, year_id: UUID, unit: UUID, **_: object) -> UUID:
        return cls.id_for(year_id, unit)

    @event(Created)
    def __init__(self, year_id: UUID, unit: UUID) -> None:
        self.year_id = year_id
        self.unit = unit
        self.registration: dict[str, Any] | None = None
        self.reports: dict[str, dict[str, Any]] = {}
        self.self_scores: dict[str, Score] = {}
        self.appraisals: dict[str, Score] = {}
        self.answerer = unit  # who answers for the dossier: the unit, or its successor
        self.taken_over: dict[str, Any] | None = None
        self.withdrawn: dict[str, Any] | None = None

    @property
    def appraised(self) -> bool:
        return bool(self.appraisals)

    def self_total(self, criteria: Criteria) -> Decimal:
        return criteria.total({k: s.points for k, s in self.self_scores.items()})

    def appraised_total(self, criteria: Criteria) -> Decimal:
        return criteria.total({k: s.points for k, s in self.appraisals.items()})

    # -- commands ---------------------------------------------------------------
    def _check_active(self) -> None:
        require(self.withdrawn is None, "dossier.withdrawn")

    def take_over(self, successor: UUID, reason: str, on: date) -> None:
        self._check_active()
        require(successor != self.answerer, "year.take_over_self")
        self._taken_over(successor=successor, reason=reason.strip(), on=on)

    def withdraw(self, reason: str, on: date) -> None:
        self._check_active()
        self._withdrawn(reason=reason.strip(), on=on)

    def register(self, title: str, commitments: list[str], on: date, deadline: date) -> int:
        self._check_active()
        require(self.registration is None, "dossier.already_registered")
        title = title.strip()
        require(bool(title), "dossier.title_required")
        items = [c.strip() for c in commitments if c.strip()]
        require(bool(items), "dossier.commitments_required")
        late = days_late(on, deadline)
        self._registered(title=title, commitments=items, on=on, days_late=late)
        return late

    def submit_report(
        self,
        kind: str,
        summary: str,
        attachments: list[dict[str, Any]],
        on: date,
        deadline: date,
    ) -> int:
        self._check_active()
        require(kind in REPORT_KINDS, "report.bad_kind", kind=kind)
        require(self.registration is not None, "dossier.not_registered")
        require(bool(summary.strip()), "report.empty")
        for a in attachments:
            require(_is_sha256(a.get("sha256", "")), "report.bad_attachment")
        require(not (kind == "yearend" and self.appraised), "dossier.already_appraised")
        late = days_late(on, deadline)
        self._report_submitted(
            kind=kind, summary=summary.strip(), attachments=attachments, on=on, days_late=late
        )
        return late

    def self_score(
        self,
        criteria: Criteria,
        version: int,
        criterion: str,
        points: Decimal,
        evidence: str,
        on: date,
        deadline: date,
    ) -> None:
        self._check_active()
        require(self.registration is not None, "dossier.not_registered")
        require(not self.appraised, "dossier.already_appraised")
        criteria.get(criterion).check_points(points)
        require(bool(evidence.strip()), "dossier.evidence_required", code=criterion)
        late = days_late(on, deadline)
        self._self_scored(
            criterion=criterion,
            points=points,
            evidence=evidence.strip(),
            version=version,
            on=on,
            days_late=late,
        )

    def appraise(
        self,
        criteria: Criteria,
        version: int,
        criterion: str,
        points: Decimal,
        reason: str,
        appraiser: UUID,
        on: date,
    ) -> None:
        self._check_active()
        require(appraiser not in (self.unit, self.answerer), "dossier.self_appraisal")
        require("yearend" in self.reports, "dossier.no_yearend_report")
        criteria.get(criterion).check_points(points)
        own = self.self_scores.get(criterion)
        differs = own is None or own.points != points or own.version != version
        require(not differs or bool(reason.strip()), "dossier.reason_required", code=criterion)
        self._appraised(
            criterion=criterion,
            points=points,
            reason=reason.strip(),
            appraiser=appraiser,
            version=version,
            on=on,
        )

    # -- mutators ----------------------------------------------------------------
    @event(Registered)
    def _registered(self, title: str, commitments: list[str], on: date, days_late: int) -> None:
        self.registration = {
            "title": title,
            "commitments": commitments,
            "on": on,
            "days_late": days_late,
        }

    @event(ReportSubmitted)
    def _report_submitted(
        self,
        kind: str,
        summary: str,
        attachments: list[dict[str, Any]],
        on: date,
        days_late: int,
    ) -> None:
        self.reports[kind] = {
            "summary": summary,
            "attachments": attachments,
            "on": on,
            "days_late": days_late,
        }

    @event(SelfScored)
    def _self_scored(
        self,
        criterion: str,
        points: Decimal,
        evidence: str,
        version: int,
        on: date,
        days_late: int,
    ) -> None:
        self.self_scores[criterion] = Score(points, evidence, version, on)

    @event(Appraised)
    def _appraised(
        self,
        criterion: str,
        points: Decimal,
        reason: str,
        appraiser: UUID,
        version: int,
        on: date,
    ) -> None:
        self.appraisals[criterion] = Score(points, reason, version, on)

    @event(TakenOver)
    def _taken_over(self, successor: UUID, reason: str, on: date) -> None:
        self.answerer = successor
        self.taken_over = {"successor": successor, "reason": reason, "on": on}

    @event(Withdrawn)
    def _withdrawn(self, reason: str, on: date) -> None:
        self.withdrawn = {"reason": reason, "on": on}


def _is_sha256(text: str) -> bool:
    return len(text) == 64 and all(ch in "0123456789abcdef" for ch in text)
