"""Plan board (bảng theo dõi tiến độ): every task or milestone × responsible party.

Filed under the case: a cluster-year (the plan's tasks; members' tasks have one cell
per member) or a term review (milestones; the lower units' reports one cell per
participant). A cell is done on time, done late (days), open or overdue; whether open
work is overdue depends on the day it is read, so `board(state, today)` decides that.

A review of thousands of units has a cell per unit: the document keeps its members
(each with its place in admission order), the report streams it follows and what each
party did as parts (one stored row per entry, `PARTS`), so a submission writes one
small row, not the board.
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
# The stored document's shape: 2 since members, dossiers and done became parts and
# done is kept per party (`thidua db init` rebuilds a board stored in shape 1).
SHAPE = 2
# {unit: place (None: withdrawn)}, {stream: unit}, {party: {task: day}}; entries are never
# removed, so a reader of the entries written since its last read misses nothing
PARTS = ("members", "dossiers", "done")
REPORT_TASKS = {"midyear": "midyear_report", "yearend": "yearend_report"}
COMPILED_TASKS = {"midyear": "midyear_tld", "yearend": "yearend_compile"}


def empty() -> dict[str, Any]:
    return {
        "kind": None, "tasks": {}, "admitted": 0, "members": {}, "done": {}, "dossiers": {},
        "presented": [],
    }  # fmt: skip


def apply(state: dict[str, Any] | None, event: Any) -> dict[str, Any]:
    s = state if state is not None else empty()
    match event:
        case EmulationYear.Created():
            s["kind"] = "year"
            for member in event.members:
                _admit(s, member.hex)
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
            _admit(s, event.unit.hex)
        case EmulationYear.MemberWithdrawn():
            _withdraw(s, event.unit.hex)
        case EmulationYear.DossierTakenOver():
            # the carried dossier keeps its cells (the successor answers for them)
            s.setdefault("carried", {})[event.absorbed.hex] = event.successor.hex
            _admit(s, event.successor.hex)
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
            if set(_members(s)) <= set(appraised):  # the chair's inspection covers every member
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
            _admit(s, event.unit.hex)
        case ReviewCampaign.ParticipantWithdrawn():  # no report is expected of it any more
            _withdraw(s, event.unit.hex)
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


def _admit(s: dict[str, Any], unit: str) -> None:
    """A member at the end of the list (a member already there keeps its place)."""
    if s["members"].get(unit) is None:
        s["members"][unit] = s["admitted"]
        s["admitted"] += 1


def _withdraw(s: dict[str, Any], unit: str) -> None:
    """No longer a member. Its entry stays, with no place: a reader that asks what
    changed since it last read is told of it (a removed entry would tell nothing)."""
    if s["members"].get(unit) is not None:
        s["members"][unit] = None


def _members(s: dict[str, Any]) -> list[str]:
    """The members in admission order."""
    places = {unit: place for unit, place in s["members"].items() if place is not None}
    return sorted(places, key=places.__getitem__)


def _done(s: dict[str, Any], task: str, party: str, on: date) -> None:
    """The first completion counts; later ones (a resubmission) do not move it."""
    s["done"].setdefault(party, {}).setdefault(task, on.isoformat())


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
    members = _members(state)
    rows = []
    for key, t in sorted(
        state["tasks"].items(), key=lambda kv: (kv[1]["start"], kv[1]["end"], kv[0])
    ):
        deadline = date.fromisoformat(max(t["end"], t.get("until", t["end"])))
        parties = members if t["role"] in ("members", "participants") else [_party(t["role"])]
        cells = [cell(state, key, p, deadline, today) for p in parties]
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


def refiled(
    state: dict[str, Any], rows: list[TaskRow], parties: set[str], today: date
) -> list[TaskRow]:
    """`rows` (read from an earlier `state` on `today`, with the same tasks and members)
    with the cells of `parties` made again: what they did changed since."""
    out = []
    for row in rows:
        places = [i for i, c in enumerate(row.cells) if c.party in parties]
        if not places:
            out.append(row)
            continue
        cells = list(row.cells)
        for i in places:
            cells[i] = cell(state, row.key, cells[i].party, row.deadline, today)
        out.append(replace(row, cells=cells))
    return out


def _party(role: str) -> str:
    if role in ("vice_chair", "federation"):
        return role
    return "chair"  # chair, chair_and_members (led by the chair), next_chair (the chair-elect)


def cell(state: dict[str, Any], task: str, party: str, deadline: date, today: date) -> Cell:
    """A party's cell of a task; open work of a case closed early will not be done."""
    done_on: str | None = state["done"].get(party, {}).get(task)
    if done_on is None:
        if state.get("closed_on"):
            return Cell(party, "closed", None, 0)
        return Cell(
            party, "overdue" if today > deadline else "open", None, max(0, (today - deadline).days)
        )
    on = date.fromisoformat(done_on)
    late = max(0, (on - deadline).days)
    return Cell(party, "late" if late else "done", on, late)
