"""Năm thi đua của Cụm: one cluster's emulation year (cluster × year).

Holds the plan, the versioned criteria (draft → comments → adopted), the pact, the
roles of the year (chair and vice-chair, from the opening or the previous election),
the chair's registration with TLĐ, the chair's compiled reports, reopened windows and
the successors elected at the year-end conference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require
from domain.org.regulation import Regulation
from domain.year.criteria import Criteria
from domain.year.plan import PlanTask, days_late

SUCCESSOR_ROLES = ("chair", "vice_chair")
# Who signs the year's documents besides the chair's certificate: the conference's
# secretary (minutes), the counting committee's head (vote-count records), and the chair
# as a person (an unsigned preview; the signing certificate names the chair when signed).
SIGNER_ROLES = ("secretary", "counting_head", "chair")
REQUIRED_SIGNERS = ("secretary", "counting_head")
COMPILED_REPORTS = {"midyear": "midyear_tld", "yearend": "yearend_compile"}


@dataclass(frozen=True)
class Departure:
    """A member that left the open year: on `effective` (the change's date), decided on
    `on`, with the reason; `successor` carries its dossier when it was taken over."""

    unit: UUID
    effective: date
    on: date
    reason: str
    cause: str  # "merged", "split", "dissolved", "left_cluster" or "" (the year's own)
    successor: UUID | None = None


# What made a member leave an open year (the unit's change, or the cluster's).
CAUSES = ("merged", "split", "dissolved", "left_cluster", "")


@dataclass(frozen=True)
class Signer:
    """A person who signs the year's documents (người ký các văn bản): name and title."""

    name: str
    title: str = ""


@dataclass(frozen=True)
class Comment:
    version: int
    member: UUID
    text: str
    on: date


class EmulationYear(ThiduaAggregate):
    TOPIC = "thidua.EmulationYear"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.EmulationYear.Opened"
        cluster_id: UUID
        year: int
        chair: UUID | None
        vice_chair: UUID | None
        members: list[UUID]
        regulation: dict[str, Any]
        plan: list[dict[str, Any]]
        on: date

    class PlanTaskSet(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.PlanTaskSet"
        task: dict[str, Any]
        on: date | None = None  # the date it counts for (None: stored before it was kept)

    class PlanTaskRemoved(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.PlanTaskRemoved"
        key: str
        on: date | None = None

    class PlanAdopted(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.PlanAdopted"
        on: date

    class CriteriaDrafted(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.CriteriaDrafted"
        version: int
        criteria: dict[str, Any]
        on: date

    class CriteriaCommented(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.CriteriaCommented"
        version: int
        member: UUID
        text: str
        on: date

    class CriteriaAdopted(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.CriteriaAdopted"
        version: int
        on: date

    class PactSigned(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.PactSigned"
        member: UUID
        version: int
        on: date

    class RegisteredWithConfederation(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.RegisteredWithConfederation"
        reference: str
        on: date
        days_late: int

    class CompiledReportSent(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.CompiledReportSent"
        kind: str
        summary: str
        attachments: list[dict[str, Any]]
        on: date
        days_late: int

    class WindowReopened(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.WindowReopened"
        task: str
        until: date
        reason: str
        on: date

    class TaskReported(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.TaskReported"
        task: str
        party: str  # "chair", "vice_chair" or a member unit's id (hex)
        note: str
        on: date
        days_late: int

    class RoleHandedOver(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.RoleHandedOver"
        role: str
        unit: UUID
        poll: UUID
        on: date

    class SuccessorElected(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.SuccessorElected"
        role: str
        unit: UUID
        poll: UUID
        on: date

    # -- the organisation's changes reaching the open year (decided with a reason) --
    class SignerNamed(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.SignerNamed"
        role: str  # one of SIGNER_ROLES
        name: str
        position: str  # the signer's title ("Chánh Văn phòng LĐLĐ tỉnh Cao Bằng"), or ""
        on: date

    class MemberAdmitted(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.MemberAdmitted"
        unit: UUID
        reason: str
        effective: date
        on: date

    class MemberWithdrawn(ThiduaAggregate.Event):
        TOPIC = "thidua.EmulationYear.MemberWithdrawn"
        unit: UUID
        reason: str
        cause: str
        effective: date
        on: date

    class DossierTakenOver(ThiduaAggregate.Event):
        """`successor` answers for `absorbed`'s dossier from now on; `absorbed` leaves
        the year (its dossier keeps its name and history) and `successor` is a member."""

        TOPIC = "thidua.EmulationYear.DossierTakenOver"
        absorbed: UUID
        successor: UUID
        reason: str
        cause: str
        effective: date
        on: date

    @staticmethod
    def id_for(cluster_id: UUID, year: int) -> UUID:
        return natural_id("year", cluster_id, year)

    @classmethod
    def create_id(cls, cluster_id: UUID, year: int, **_: object) -> UUID:
        return cls.id_for(cluster_id, year)

    @classmethod
    def open(
        cls,
        cluster_id: UUID,
        year: int,
        chair: UUID | None,
        vice_chair: UUID | None,
        members: list[UUID],
        regulation: Regulation,
        plan: list[PlanTask],
        on: date,
    ) -> EmulationYear:
        """Open the year. Roles may be pending (None) until the previous year's election."""
        require(chair is None or chair in members, "year.chair_not_member")
        require(vice_chair is None or vice_chair in members, "year.vice_not_member")
        require(chair is None or chair != vice_chair, "year.chair_is_vice")
        require(len(set(members)) == len(members) >= 2, "year.too_few_members")
        keys = [t.key for t in plan]
        require(len(keys) == len(set(keys)), "plan.duplicate_key")
        return cls(
            cluster_id=cluster_id,
            year=year,
            chair=chair,
            vice_chair=vice_chair,
            members=list(members),
            regulation=regulation.to_dict(),
            plan=[t.to_dict() for t in plan],
            on=on,
        )

    @event(Created)
    def __init__(
        self,
        cluster_id: UUID,
        year: int,
        chair: UUID | None,
        vice_chair: UUID | None,
        members: list[UUID],
        regulation: dict[str, Any],
        plan: list[dict[str, Any]],
        on: date,
    ) -> None:
        self.cluster_id = cluster_id
        self.year = year
        self.chair = chair
        self.vice_chair = vice_chair
        self.members = list(members)
        self.regulation = Regulation.from_dict(regulation)
        self.plan: dict[str, PlanTask] = {t["key"]: PlanTask.from_dict(t) for t in plan}
        self.plan_adopted = False
        self.drafts: dict[int, Criteria] = {}
        self.comments: list[Comment] = []
        self.adopted_version: int | None = None
        self.pact: dict[UUID, int] = {}  # member -> criteria version signed
        self.registered_with_tld: date | None = None
        self.compiled_reports: dict[str, date] = {}
        self.reopened: dict[str, date] = {}
        self.successors: dict[str, UUID] = {}
        self.opened_on = on
        self.initial_members = list(members)
        self.joined: dict[UUID, date] = {}  # members admitted mid-year -> effective date
        self.departed: dict[UUID, Departure] = {}
        self.carried_by: dict[UUID, UUID] = {}  # absorbed unit -> successor answering for it
        self.signers: dict[str, Signer] = {}  # role -> who signs the year's documents

    # -- queries --------------------------------------------------------------
    def entry_bounds(self) -> tuple[date | None, int]:
        """An action on the year counts from its opening date, late by its regulation."""
        return self.opened_on, self.regulation.late_entry_days

    def is_member(self, unit: UUID | None) -> bool:
        return unit in self.members

    def members_on(self, day: date) -> list[UUID]:
        """The members on `day`: those at the opening and those admitted by then, less
        those that left by then (the dates are the changes' effective dates)."""
        found = []
        for unit in [*self.initial_members, *self.joined]:
            if unit in found or self.joined.get(unit, day) > day:
                continue
            gone = self.departed.get(unit)
            if gone is None or gone.effective > day:
                found.append(unit)
        return found

    def answers_for(self, unit: UUID | None) -> list[UUID]:
        """The dossiers `unit` answers for: its own (as a member) and those it took over."""
        if unit is None:
            return []
        own = [unit] if self.is_member(unit) else []
        return own + [a for a, s in self.carried_by.items() if s == unit]

    def task(self, key: str) -> PlanTask:
        require(key in self.plan, "plan.unknown_task", key=key)
        return self.plan[key]

    def deadline(self, key: str) -> date:
        """The effective end of a task's window: its end, or a later reopening."""
        end = self.task(key).end
        return max(end, self.reopened.get(key, end))

    def days_late(self, key: str, on: date) -> int:
        return days_late(on, self.deadline(key))

    @property
    def criteria(self) -> Criteria:
        """The adopted criteria (what scores are given against)."""
        require(self.adopted_version is not None, "criteria.not_adopted")
        assert self.adopted_version is not None
        return self.drafts[self.adopted_version]

    @property
    def latest_version(self) -> int:
        return max(self.drafts, default=0)

    # -- plan -------------------------------------------------------------------
    def set_task(self, task: PlanTask, on: date | None = None) -> None:
        require(not self.plan_adopted, "plan.already_adopted")
        self._plan_task_set(task=task.to_dict(), on=on)

    def remove_task(self, key: str, on: date | None = None) -> None:
        require(not self.plan_adopted, "plan.already_adopted")
        self.task(key)
        self._plan_task_removed(key=key, on=on)

    def adopt_plan(self, on: date) -> None:
        require(not self.plan_adopted, "plan.already_adopted")
        self._plan_adopted(on=on)

    # -- criteria -----------------------------------------------------------------
    def draft_criteria(self, criteria: Criteria, on: date) -> int:
        version = self.latest_version + 1
        self._criteria_drafted(version=version, criteria=criteria.to_dict(), on=on)
        return version

    def comment_criteria(self, member: UUID, version: int, text: str, on: date) -> None:
        require(self.is_member(member), "year.not_member")
        require(version in self.drafts, "criteria.unknown_version", version=version)
        require(version == self.latest_version, "criteria.superseded", version=version)
        require(version != self.adopted_version, "criteria.already_adopted")
        require(bool(text.strip()), "criteria.empty_comment")
        self._criteria_commented(version=version, member=member, text=text.strip(), on=on)

    def adopt_criteria(self, version: int, on: date) -> None:
        require(version in self.drafts, "criteria.unknown_version", version=version)
        require(version == self.latest_version, "criteria.superseded", version=version)
        require(version != self.adopted_version, "criteria.already_adopted")
        self._criteria_adopted(version=version, on=on)

    def sign_pact(self, member: UUID, on: date) -> None:
        require(self.is_member(member), "year.not_member")
        require(self.adopted_version is not None, "criteria.not_adopted")
        require(self.pact.get(member) != self.adopted_version, "pact.already_signed")
        assert self.adopted_version is not None
        self._pact_signed(member=member, version=self.adopted_version, on=on)

    # -- chair's work ---------------------------------------------------------------
    def register_with_confederation(self, reference: str, on: date) -> int:
        require(self.registered_with_tld is None, "year.already_registered_with_tld")
        late = self.days_late("tld_registration", on)
        self._registered(reference=reference.strip(), on=on, days_late=late)
        return late

    def send_compiled_report(
        self, kind: str, summary: str, attachments: list[dict[str, Any]], on: date
    ) -> int:
        require(kind in COMPILED_REPORTS, "report.bad_kind", kind=kind)
        require(bool(summary.strip()), "report.empty")
        late = self.days_late(COMPILED_REPORTS[kind], on)
        self._compiled_report_sent(
            kind=kind, summary=summary.strip(), attachments=attachments, on=on, days_late=late
        )
        return late

    def name_signer(self, role: str, name: str, title: str, on: date) -> bool:
        """Record who signs the year's documents in `role`; False when unchanged."""
        require(role in SIGNER_ROLES, "year.bad_signer_role", role=role)
        require(bool(name.strip()), "year.signer_name_required")
        signer = Signer(" ".join(name.split()), " ".join(title.split()))
        if self.signers.get(role) == signer:
            return False
        self._signer_named(role=role, name=signer.name, position=signer.title, on=on)
        return True

    def reopen_window(self, task: str, until: date, reason: str, on: date) -> None:
        require(bool(reason.strip()), "plan.reopen_reason_required")
        require(until > self.deadline(task), "plan.reopen_not_later", key=task)
        self._window_reopened(task=task, until=until, reason=reason.strip(), on=on)

    def report_task(self, task: str, party: str, note: str, on: date) -> int:
        """A plan task with no event of its own (a workshop, a plan sent) reported done."""
        role = self.task(task).role
        members_task = role == "members"
        require(
            members_task == (party not in ("chair", "vice_chair")), "plan.wrong_party", key=task
        )
        require(bool(note.strip()), "plan.note_required")
        late = self.days_late(task, on)
        self._task_reported(task=task, party=party, note=note.strip(), on=on, days_late=late)
        return late

    def hand_over(self, role: str, unit: UUID, poll: UUID, on: date) -> None:
        """The previous year's election gives this year its chair or vice-chair."""
        require(role in SUCCESSOR_ROLES, "year.bad_role", role=role)
        require(self.is_member(unit), "year.not_member")
        other = self.vice_chair if role == "chair" else self.chair
        require(other != unit, "year.chair_is_vice")
        self._role_handed_over(role=role, unit=unit, poll=poll, on=on)

    def record_successor(self, role: str, unit: UUID, poll: UUID, on: date) -> None:
        require(role in SUCCESSOR_ROLES, "year.bad_role", role=role)
        require(self.is_member(unit), "year.not_member")
        other = self.successors.get("vice_chair" if role == "chair" else "chair")
        require(other != unit, "year.chair_is_vice")
        self._successor_elected(role=role, unit=unit, poll=poll, on=on)

    # -- the organisation's changes ----------------------------------------------------
    def _check_decision(self, reason: str, effective: date, on: date) -> str:
        require(bool(reason.strip()), "year.decision_reason_required")
        require(effective >= self.opened_on, "year.change_before_opening", opened=self.opened_on)
        require(on >= effective, "year.decision_before_change", effective=effective)
        return reason.strip()

    def admit_member(self, unit: UUID, reason: str, effective: date, on: date) -> None:
        """A unit admitted to the cluster joins the open year (its dossier opens)."""
        reason = self._check_decision(reason, effective, on)
        require(not self.is_member(unit), "year.already_member")
        require(unit not in self.carried_by, "year.already_carried")
        self._member_admitted(unit=unit, reason=reason, effective=effective, on=on)

    def withdraw_member(
        self, unit: UUID, reason: str, cause: str, effective: date, on: date
    ) -> None:
        """A member leaves the open year (its dossier stays, closed, under its name)."""
        reason = self._check_decision(reason, effective, on)
        require(cause in CAUSES, "year.bad_cause", cause=cause)
        require(self.is_member(unit), "year.not_member")
        require(len(self.members) - 1 >= 2, "year.too_few_members")
        self._member_withdrawn(unit=unit, reason=reason, cause=cause, effective=effective, on=on)

    def take_over(
        self, absorbed: UUID, successor: UUID, reason: str, cause: str, effective: date, on: date
    ) -> None:
        """`successor` takes over `absorbed`'s dossier and answers for it from now on."""
        reason = self._check_decision(reason, effective, on)
        require(cause in CAUSES, "year.bad_cause", cause=cause)
        require(self.is_member(absorbed), "year.not_member")
        require(absorbed != successor, "year.take_over_self")
        require(successor not in self.carried_by, "year.already_carried")
        self._dossier_taken_over(
            absorbed=absorbed,
            successor=successor,
            reason=reason,
            cause=cause,
            effective=effective,
            on=on,
        )

    def _vacate(self, unit: UUID, successor: UUID | None) -> None:
        """A leaving member's role of the year passes to its successor, or is vacated."""
        for role in SUCCESSOR_ROLES:
            if getattr(self, role) == unit:
                other = self.vice_chair if role == "chair" else self.chair
                setattr(self, role, successor if successor != other else None)
        for role, holder in list(self.successors.items()):
            if holder == unit:
                if successor is None:
                    del self.successors[role]
                else:
                    self.successors[role] = successor

    @event(MemberAdmitted)
    def _member_admitted(self, unit: UUID, reason: str, effective: date, on: date) -> None:
        self.members.append(unit)
        self.joined[unit] = effective
        self.departed.pop(unit, None)

    @event(MemberWithdrawn)
    def _member_withdrawn(
        self, unit: UUID, reason: str, cause: str, effective: date, on: date
    ) -> None:
        self.members.remove(unit)
        self.departed[unit] = Departure(unit, effective, on, reason, cause)
        self._vacate(unit, None)

    @event(DossierTakenOver)
    def _dossier_taken_over(
        self,
        absorbed: UUID,
        successor: UUID,
        reason: str,
        cause: str,
        effective: date,
        on: date,
    ) -> None:
        self.members.remove(absorbed)
        self.departed[absorbed] = Departure(absorbed, effective, on, reason, cause, successor)
        self.carried_by[absorbed] = successor
        if successor not in self.members:
            self.members.append(successor)
            self.joined[successor] = effective
        self._vacate(absorbed, successor)

    # -- mutators -------------------------------------------------------------------
    @event(PlanTaskSet)
    def _plan_task_set(self, task: dict[str, Any], on: date | None = None) -> None:
        self.plan[task["key"]] = PlanTask.from_dict(task)

    @event(PlanTaskRemoved)
    def _plan_task_removed(self, key: str, on: date | None = None) -> None:
        del self.plan[key]

    @event(PlanAdopted)
    def _plan_adopted(self, on: date) -> None:
        self.plan_adopted = True

    @event(CriteriaDrafted)
    def _criteria_drafted(self, version: int, criteria: dict[str, Any], on: date) -> None:
        self.drafts[version] = Criteria.from_dict(criteria)

    @event(CriteriaCommented)
    def _criteria_commented(self, version: int, member: UUID, text: str, on: date) -> None:
        self.comments.append(Comment(version, member, text, on))

    @event(CriteriaAdopted)
    def _criteria_adopted(self, version: int, on: date) -> None:
        self.adopted_version = version

    @event(PactSigned)
    def _pact_signed(self, member: UUID, version: int, on: date) -> None:
        self.pact[member] = version

    @event(RegisteredWithConfederation)
    def _registered(self, reference: str, on: date, days_late: int) -> None:
        self.registered_with_tld = on

    @event(CompiledReportSent)
    def _compiled_report_sent(
        self,
        kind: str,
        summary: str,
        attachments: list[dict[str, Any]],
        on: date,
        days_late: int,
    ) -> None:
        self.compiled_reports[kind] = on

    @event(SignerNamed)
    def _signer_named(self, role: str, name: str, position: str, on: date) -> None:
        self.signers[role] = Signer(name, position)

    @event(WindowReopened)
    def _window_reopened(self, task: str, until: date, reason: str, on: date) -> None:
        self.reopened[task] = until

    @event(TaskReported)
    def _task_reported(self, task: str, party: str, note: str, on: date, days_late: int) -> None:
        pass

    @event(RoleHandedOver)
    def _role_handed_over(self, role: str, unit: UUID, poll: UUID, on: date) -> None:
        setattr(self, role, unit)

    @event(SuccessorElected)
    def _successor_elected(self, role: str, unit: UUID, poll: UUID, on: date) -> None:
        self.successors[role] = unit
