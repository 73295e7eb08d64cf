"""Plan board (bảng theo dõi tiến độ): every task or milestone × responsible party.

Filed under the case: a cluster-year (the plan's tasks; members' tasks have one cell
per member) or a term review (milestones; the lower units' reports one cell per
participant). A cell is done on time, done late (days), open or overdue; whether open
work is overdue depends on the day it is read, so `board(state, today)` decides that.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from domain.polls.poll import Poll
from domain.review.campaign import ReviewCampaign
from domain.review.parts import COMMITTEES, REPORTS_DUE, TLD_DUE
from domain.review.report import ReviewReport
from domain.year.award import AwardProposal
from domain.year.dossier import Dossier
from domain.year.year import EmulationYear

NAME = "plan_board"
REPORT_TASKS = {"midyear": "midyear_report", "yearend": "yearend_report"}
COMPILED_TASKS = {"midyear": "midyear_tld", "yearend": "yearend_compile"}


def empty() -> dict[str, Any]:
    return {"kind": None, "tasks": {}, "members": [], "done": {}, "dossiers": {}, "presented": []}


def apply(state: dict[str, Any] | None, event: Any) -> dict[str, Any]:
    s = state if state is not None else empty()
    match event:
        case EmulationYear.Created():
            s.update(kind="year", members=[m.hex for m in event.members])
            s["tasks"] = {
                t["key"]: _task(t["number"], t["content"], t["role"], t["start"], t["end"])
                for t in event.plan
            }
        case EmulationYear.PlanTaskSet():
            t = event.task
            s["tasks"][t["key"]] = _task(t["number"], t["content"], t["role"], t["start"], t["end"])
        case EmulationYear.PlanTaskRemoved():
            s["tasks"].pop(event.key, None)
        case EmulationYear.WindowReopened():
            s["tasks"][event.task]["until"] = event.until.isoformat()
        case EmulationYear.CriteriaDrafted():
            _done(s, "criteria_draft", "chair", event.on)
        case EmulationYear.RegisteredWithConfederation():
            _done(s, "tld_registration", "chair", event.on)
        case EmulationYear.CompiledReportSent():
            _done(s, COMPILED_TASKS[event.kind], "chair", event.on)
        case EmulationYear.TaskReported():
            _done(s, event.task, event.party, event.on)
        case EmulationYear.MemberAdmitted():
            if event.unit.hex not in s["members"]:
                s["members"].append(event.unit.hex)
        case EmulationYear.MemberWithdrawn():
            if event.unit.hex in s["members"]:
                s["members"].remove(event.unit.hex)
        case EmulationYear.DossierTakenOver():
            # the carried dossier keeps its cells (the successor answers for them)
            s.setdefault("carried", {})[event.absorbed.hex] = event.successor.hex
            if event.successor.hex not in s["members"]:
                s["members"].append(event.successor.hex)
        case Dossier.Created():
            s["dossiers"][event.originator_id.hex] = event.unit.hex
        case Dossier.Registered():
            _done(s, "member_registration", s["dossiers"][event.originator_id.hex], event.on)
        case Dossier.ReportSubmitted():
            _done(s, REPORT_TASKS[event.kind], s["dossiers"][event.originator_id.hex], event.on)
        case Dossier.Appraised():
            appraised = s.setdefault("appraised", [])
            unit = s["dossiers"][event.originator_id.hex]
            if unit not in appraised:
                appraised.append(unit)
            if set(s["members"]) <= set(appraised):  # the chair's inspection covers every member
                _done(s, "inspection", "chair", event.on)
        case Poll.Closed():
            _done(s, "conference", "chair", event.on)
        case AwardProposal.Submitted():
            _done(s, "award_proposal", "chair", event.on)
        case ReviewCampaign.Created():
            s["kind"] = "review"
            s["planned_on"] = event.on.isoformat()
        case ReviewCampaign.MilestoneScheduled():
            s["tasks"][event.code] = _task(
                "",
                event.title,
                "participants" if event.code == REPORTS_DUE else "federation",
                event.starts_on.isoformat(),
                event.due_on.isoformat(),
            )
            if event.code == "plan" and "planned_on" in s:
                _done(s, "plan", "federation", date.fromisoformat(s["planned_on"]))
        case ReviewCampaign.ParticipantAdded():
            s["members"].append(event.unit.hex)
        case ReviewCampaign.ParticipantWithdrawn():  # no report is expected of it any more
            if event.unit.hex in s["members"]:
                s["members"].remove(event.unit.hex)
        case ReviewCampaign.ParticipantTakenOver():
            # the absorbed unit's cells stay (its successor answers for them)
            s.setdefault("carried", {})[event.unit.hex] = event.successor.hex
        case ReviewCampaign.ClosedEarly():
            s["closed_on"] = event.on.isoformat()
        case ReviewReport.Created():
            s["dossiers"][event.originator_id.hex] = event.unit.hex
        case ReviewReport.Submitted():
            _done(s, REPORTS_DUE, s["dossiers"][event.originator_id.hex], event.on)
        case ReviewCampaign.PresentedToCommittee():
            if event.committee not in s["presented"]:
                s["presented"].append(event.committee)
            if set(COMMITTEES) <= set(s["presented"]):
                _done(s, "committees", "federation", event.on)
        case ReviewCampaign.SurveyFindingRecorded():
            _done(s, "survey", "federation", event.on)
        case ReviewCampaign.SubmittedToConfederation():
            _done(s, TLD_DUE, "federation", event.on)
    return s


def _task(number: str, content: str, role: str, start: Any, end: Any) -> dict[str, Any]:
    iso = [d if isinstance(d, str) else d.isoformat() for d in (start, end)]
    return {"number": number, "content": content, "role": role, "start": iso[0], "end": iso[1]}


def _done(s: dict[str, Any], task: str, party: str, on: date) -> None:
    """The first completion counts; later ones (a resubmission) do not move it."""
    s["done"].setdefault(task, {}).setdefault(party, on.isoformat())


# -- the board people read ---------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    party: str  # "chair", "vice_chair", "federation" or a unit id (hex)
    status: str  # "done" | "late" | "open" | "overdue" | "closed" (the case closed early)
    done_on: date | None
    days_late: int


@dataclass(frozen=True)
class TaskRow:
    key: str
    number: str
    content: str
    role: str
    start: date
    deadline: date
    cells: list[Cell]


def board(state: dict[str, Any], today: date) -> list[TaskRow]:
    rows = []
    for key, t in sorted(
        state["tasks"].items(), key=lambda kv: (kv[1]["start"], kv[1]["end"], kv[0])
    ):
        deadline = date.fromisoformat(max(t["end"], t.get("until", t["end"])))
        done = state["done"].get(key, {})
        cells = [_cell(p, done.get(p), deadline, today) for p in _parties(state, t["role"])]
        if state.get("closed_on"):  # closed early: what was not done will not be
            cells = [
                replace(c, status="closed", days_late=0) if c.done_on is None else c for c in cells
            ]
        rows.append(
            TaskRow(
                key,
                t["number"],
                t["content"],
                t["role"],
                date.fromisoformat(t["start"]),
                deadline,
                cells,
            )
        )
    return rows


def _parties(state: dict[str, Any], role: str) -> list[str]:
    if role in ("members", "participants"):
        return list(state["members"])
    if role in ("vice_chair", "federation"):
        return [role]
    return ["chair"]  # chair, chair_and_members (led by the chair), next_chair (the chair-elect)


def _cell(party: str, done_on: str | None, deadline: date, today: date) -> Cell:
    if done_on is None:
        return Cell(
            party, "overdue" if today > deadline else "open", None, max(0, (today - deadline).days)
        )
    on = date.fromisoformat(done_on)
    late = max(0, (on - deadline).days)
    return Cell(party, "late" if late else "done", on, late)
