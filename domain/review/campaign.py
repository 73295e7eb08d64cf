"""ReviewCampaign (sơ kết nửa nhiệm kỳ): the federation's mid-term review of a term.

The plan: a steering committee (Ban chỉ đạo), milestones with deadlines, the units
that take part. Then the federation's own steps: the consolidated report (báo cáo sơ
kết), its presentation to the standing and executive committees, the survey findings
(khảo sát) and the submission to the Confederation (TLĐ). Each step is an event.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import DEFAULT_LATE_ENTRY_DAYS, ThiduaAggregate, natural_id, require
from domain.review.parts import (
    COMMITTEES,
    PARTICIPANT_KINDS,
    REPORTS_DUE,
    STEERING_ROLES,
    TLD_DUE,
    Consolidated,
    EarlyClose,
    Finding,
    Milestone,
    Participant,
    ParticipantDecision,
    Presentation,
    SteeringMember,
    Submission,
)
from domain.review.term import CongressTerm
from domain.year.plan import days_late


class ReviewCampaign(ThiduaAggregate):
    TOPIC = "thidua.ReviewCampaign"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.ReviewCampaign.Created"
        term: UUID
        federation: UUID
        title: str
        review_date: date
        on: date
        # how long after its date an action may be entered without a reason (as a
        # cluster's Regulation.late_entry_days); reviews planned before it existed: 7
        late_entry_days: int = DEFAULT_LATE_ENTRY_DAYS

    class SteeringMemberAppointed(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.SteeringMemberAppointed"
        account: str
        name: str
        role: str
        position: str
        on: date

    class SteeringMemberRelieved(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.SteeringMemberRelieved"
        account: str
        on: date

    class MilestoneScheduled(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.MilestoneScheduled"
        code: str
        title: str
        starts_on: date
        due_on: date
        on: date

    class ParticipantAdded(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.ParticipantAdded"
        unit: UUID
        kind: str
        theme: str
        on: date

    class ConsolidatedReportCompiled(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.ConsolidatedReportCompiled"
        version: int
        title: str
        summary: str
        figures: dict[str, dict[str, Any]]
        counted: list[UUID]
        on: date

    class PresentedToCommittee(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.PresentedToCommittee"
        committee: str
        session: str
        conclusion: str
        version: int
        on: date

    class SurveyFindingRecorded(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.SurveyFindingRecorded"
        unit: UUID | None
        topic: str
        findings: str
        on: date

    class SubmittedToConfederation(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.SubmittedToConfederation"
        version: int
        reference: str
        days_late: int
        on: date

    class ClosedEarly(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.ClosedEarly"
        reason: str
        basis: str
        counted: list[UUID]
        not_received: list[UUID]
        on: date

    class ParticipantTakenOver(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.ParticipantTakenOver"
        unit: UUID
        successor: UUID
        reason: str
        cause: str
        effective: date
        on: date

    class ParticipantWithdrawn(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewCampaign.ParticipantWithdrawn"
        unit: UUID
        reason: str
        cause: str
        effective: date
        on: date

    @staticmethod
    def id_for(term: UUID) -> UUID:
        """One mid-term review per congress term."""
        return natural_id("review_campaign", term)

    @classmethod
    def create_id(cls, term: UUID, **_: object) -> UUID:
        return cls.id_for(term)

    @classmethod
    def plan(
        cls,
        term: CongressTerm,
        title: str,
        review_date: date,
        on: date,
        late_entry_days: int = DEFAULT_LATE_ENTRY_DAYS,
    ) -> ReviewCampaign:
        require(bool(title.strip()), "review.title_required")
        require(0 <= late_entry_days <= 366, "regulation.bad_late_entry_days")
        require(
            term.opened_on < review_date < term.closes_on,
            "review.date_outside_term",
            start=term.opened_on,
            end=term.closes_on,
        )
        return cls(
            term=term.id,
            federation=term.federation,
            title=title.strip(),
            review_date=review_date,
            on=on,
            late_entry_days=late_entry_days,
        )

    @event(Created)
    def __init__(
        self,
        term: UUID,
        federation: UUID,
        title: str,
        review_date: date,
        on: date,
        late_entry_days: int = DEFAULT_LATE_ENTRY_DAYS,
    ) -> None:
        self.planned_on = on
        self.term = term
        self.planned_on = on  # the review's plan (kế hoạch) was made: its case opens
        self.late_entry_days = late_entry_days
        self.federation = federation
        self.title = title
        self.review_date = review_date
        self.steering: dict[str, SteeringMember] = {}
        self.milestones: dict[str, Milestone] = {}
        self.participants: dict[UUID, Participant] = {}
        self.consolidated: list[Consolidated] = []
        self.presentations: list[Presentation] = []
        self.survey: list[Finding] = []
        self.submitted: Submission | None = None
        self.closed_early: EarlyClose | None = None
        self.decisions: dict[UUID, ParticipantDecision] = {}

    # -- queries -------------------------------------------------------------
    def entry_bounds(self) -> tuple[date | None, int]:
        """An action on the review counts from the day it was planned."""
        return self.planned_on, self.late_entry_days

    @property
    def closed(self) -> bool:
        return self.submitted is not None or self.closed_early is not None

    def carried_by(self, successor: UUID) -> list[UUID]:
        """The participants whose reports `successor` answers for (taken over)."""
        return sorted(
            (d.unit for d in self.decisions.values() if d.successor == successor), key=str
        )

    def expected(self) -> list[UUID]:
        """The participants still expected to report (not withdrawn)."""
        withdrawn = {u for u, d in self.decisions.items() if d.successor is None}
        return sorted((u for u in self.participants if u not in withdrawn), key=str)

    def require_open(self) -> None:
        """Refuse any change once the review is over: sent to TLĐ, or closed early."""
        require(self.submitted is None, "review.closed")
        early = self.closed_early
        require(early is None, "review.closed_early", on=early.on if early else None)

    @property
    def reports_due_on(self) -> date | None:
        milestone = self.milestones.get(REPORTS_DUE)
        return milestone.due_on if milestone else None

    @property
    def latest(self) -> Consolidated | None:
        return self.consolidated[-1] if self.consolidated else None

    def participant(self, unit: UUID) -> Participant:
        require(unit in self.participants, "review.not_participant")
        return self.participants[unit]

    def presented_to(self, committee: str) -> bool:
        return any(p.committee == committee for p in self.presentations)

    # -- plan ----------------------------------------------------------------
    def _open(self) -> None:
        self.require_open()

    def appoint(self, account: str, name: str, role: str, position: str, on: date) -> None:
        self._open()
        account = account.strip()
        require(bool(account and name.strip()), "review.member_required")
        require(role in STEERING_ROLES, "review.bad_role", role=role)
        if role == "head":
            heads = [m for m in self.steering.values() if m.role == "head"]
            require(all(m.account == account for m in heads), "review.head_taken")
        self._steering_member_appointed(
            account=account, name=name.strip(), role=role, position=position.strip(), on=on
        )

    def relieve(self, account: str, on: date) -> None:
        self._open()
        require(account in self.steering, "review.not_member", account=account)
        self._steering_member_relieved(account=account, on=on)

    def schedule(self, code: str, title: str, starts_on: date, due_on: date, on: date) -> None:
        """Schedule a milestone; scheduling a code again moves its window (an event too)."""
        self._open()
        require(bool(code.strip() and title.strip()), "review.milestone_required")
        require(starts_on <= due_on, "review.milestone_order", milestone=code)
        self._milestone_scheduled(
            code=code.strip(), title=title.strip(), starts_on=starts_on, due_on=due_on, on=on
        )

    def add_participant(self, unit: UUID, kind: str, theme: str, on: date) -> None:
        self._open()
        require(kind in PARTICIPANT_KINDS, "review.participant_kind", kind=kind)
        require(unit not in self.participants, "review.already_participant")
        require(kind != "department" or bool(theme.strip()), "review.theme_required")
        self._participant_added(unit=unit, kind=kind, theme=theme.strip(), on=on)

    # -- the federation's own steps -----------------------------------------
    def compile_report(
        self,
        title: str,
        summary: str,
        figures: dict[str, dict[str, Any]],
        counted: list[UUID],
        on: date,
    ) -> None:
        """Record a version of the consolidated report with the figures it states."""
        self._open()
        require(bool(title.strip()), "review.title_required")
        require(bool(counted), "review.nothing_to_consolidate")
        self._consolidated_report_compiled(
            version=len(self.consolidated) + 1,
            title=title.strip(),
            summary=summary.strip(),
            figures=figures,
            counted=list(counted),
            on=on,
        )

    def present(self, committee: str, session: str, conclusion: str, on: date) -> None:
        self._open()
        require(committee in COMMITTEES, "review.bad_committee", committee=committee)
        latest = self.latest
        require(latest is not None, "review.not_compiled")
        assert latest is not None
        require(bool(session.strip()), "review.session_required")
        self._presented_to_committee(
            committee=committee,
            session=session.strip(),
            conclusion=conclusion.strip(),
            version=latest.version,
            on=on,
        )

    def record_finding(self, unit: UUID | None, topic: str, findings: str, on: date) -> None:
        self._open()
        require(bool(topic.strip() and findings.strip()), "review.finding_required")
        self._survey_finding_recorded(
            unit=unit, topic=topic.strip(), findings=findings.strip(), on=on
        )

    def submit_to_confederation(self, reference: str, on: date) -> None:
        self._open()
        latest = self.latest
        require(latest is not None, "review.not_compiled")
        assert latest is not None
        require(self.presented_to("executive"), "review.not_presented")
        require(bool(reference.strip()), "review.reference_required")
        due = self.milestones.get(TLD_DUE)
        self._submitted_to_confederation(
            version=latest.version,
            reference=reference.strip(),
            days_late=days_late(on, due.due_on if due else None),
            on=on,
        )

    # -- cut short: closed early, participants merged mid-review ----------------
    def close_early(
        self,
        reason: str,
        basis: str,
        counted: list[UUID],
        not_received: list[UUID],
        on: date,
    ) -> None:
        """Close the review with what it has (the term ended early, or another decision):
        the reports received are kept and counted, the missing ones listed as such."""
        self._open()
        require(bool(reason.strip()), "review.close_reason_required")
        require(bool(basis.strip()), "review.close_basis_required")
        require(on >= self.planned_on, "review.close_before_plan", start=self.planned_on)
        unknown = [u for u in [*counted, *not_received] if u not in self.participants]
        require(not unknown, "review.not_participant")
        self._closed_early(
            reason=reason.strip(),
            basis=basis.strip(),
            counted=sorted(counted, key=str),
            not_received=sorted(not_received, key=str),
            on=on,
        )

    def _decidable(self, unit: UUID, reason: str) -> None:
        self._open()
        self.participant(unit)
        require(unit not in self.decisions, "review.already_decided")
        require(bool(reason.strip()), "review.decision_reason_required")

    def hand_over(
        self, unit: UUID, successor: UUID, reason: str, cause: str, effective: date, on: date
    ) -> None:
        """The successor reports for `unit` (merged or split mid-review)."""
        self._decidable(unit, reason)
        require(successor != unit, "review.successor_is_unit")
        require(successor not in self.decisions, "review.successor_departed")
        self._participant_taken_over(
            unit=unit,
            successor=successor,
            reason=reason.strip(),
            cause=cause,
            effective=effective,
            on=on,
        )

    def withdraw(self, unit: UUID, reason: str, cause: str, effective: date, on: date) -> None:
        """`unit` withdraws from the review: no report is expected of it any more."""
        self._decidable(unit, reason)
        self._participant_withdrawn(
            unit=unit, reason=reason.strip(), cause=cause, effective=effective, on=on
        )

    # -- mutators ------------------------------------------------------------
    @event(SteeringMemberAppointed)
    def _steering_member_appointed(
        self, account: str, name: str, role: str, position: str, on: date
    ) -> None:
        self.steering[account] = SteeringMember(account, name, role, position)

    @event(SteeringMemberRelieved)
    def _steering_member_relieved(self, account: str, on: date) -> None:
        del self.steering[account]

    @event(MilestoneScheduled)
    def _milestone_scheduled(
        self, code: str, title: str, starts_on: date, due_on: date, on: date
    ) -> None:
        self.milestones[code] = Milestone(code, title, starts_on, due_on)

    @event(ParticipantAdded)
    def _participant_added(self, unit: UUID, kind: str, theme: str, on: date) -> None:
        self.participants[unit] = Participant(unit, kind, theme)

    @event(ConsolidatedReportCompiled)
    def _consolidated_report_compiled(
        self,
        version: int,
        title: str,
        summary: str,
        figures: dict[str, dict[str, Any]],
        counted: list[UUID],
        on: date,
    ) -> None:
        self.consolidated.append(Consolidated(version, title, summary, figures, counted, on))

    @event(PresentedToCommittee)
    def _presented_to_committee(
        self, committee: str, session: str, conclusion: str, version: int, on: date
    ) -> None:
        self.presentations.append(Presentation(committee, session, conclusion, version, on))

    @event(SurveyFindingRecorded)
    def _survey_finding_recorded(
        self, unit: UUID | None, topic: str, findings: str, on: date
    ) -> None:
        self.survey.append(Finding(unit, topic, findings, on))

    @event(SubmittedToConfederation)
    def _submitted_to_confederation(
        self, version: int, reference: str, days_late: int, on: date
    ) -> None:
        self.submitted = Submission(version, reference, days_late, on)

    @event(ClosedEarly)
    def _closed_early(
        self, reason: str, basis: str, counted: list[UUID], not_received: list[UUID], on: date
    ) -> None:
        self.closed_early = EarlyClose(reason, basis, list(counted), list(not_received), on)

    @event(ParticipantTakenOver)
    def _participant_taken_over(
        self, unit: UUID, successor: UUID, reason: str, cause: str, effective: date, on: date
    ) -> None:
        self.decisions[unit] = ParticipantDecision(unit, successor, reason, cause, effective, on)

    @event(ParticipantWithdrawn)
    def _participant_withdrawn(
        self, unit: UUID, reason: str, cause: str, effective: date, on: date
    ) -> None:
        self.decisions[unit] = ParticipantDecision(unit, None, reason, cause, effective, on)
