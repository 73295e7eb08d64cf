"""The year as a task list (GOV.UK pattern): the seed plan's steps in order, each with
its state, and for the chair a grid of member units × steps.

A step is "not_started", "in_progress", "done" or "blocked" (with a reason code the page
words); a finished year (its proposal sent to TLĐ, or its calendar over and every poll
closed) offers no forms. Everything is read from the year's views and the year itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.polls.poll import Participation
from service.platform.app import ThiduaApplication
from service.views import views
from service.year.changes import pending_of
from service.year.clusters import read_year

STEPS = (
    "criteria",
    "pact",
    "registration",
    "midyear",
    "yearend",
    "self_score",
    "appraisal",
    "polls",
    "award_proposal",
    "dossier",
)
GRID = ("registration", "midyear", "yearend", "self_score", "appraisal", "polls")
BOARD_TASKS = {
    "registration": "member_registration",
    "midyear": "midyear_report",
    "yearend": "yearend_report",
}


def _cells(board: list[Any], key: str) -> dict[str, Any]:
    for row in board:
        if row.key == key:
            return {c.party: c for c in row.cells}
    return {}


def task_list(
    app: ThiduaApplication, year_id: UUID, today: date, mine: str | None = None
) -> dict[str, Any]:
    """The year's steps, its grid (units × steps), which units may be appraised now, and
    whether the year is finished. `mine`: the reader's unit (its own cells decide the
    member steps' state for a member)."""
    state = views.year_standings(app, year_id).state
    board = views.board(app, year_id, today)
    year = read_year(app, year_id)
    members: list[str] = list(state["members"])
    scores = state["scores"]
    polls = [p for p in state.get("polls", {}).items()]
    live = [(pid, p) for pid, p in polls if not _void(app, pid)]
    proposal = state.get("proposal", {})
    pending = pending_of(app, year_id)
    is_member = mine in members

    cells = {step: _cells(board, task) for step, task in BOARD_TASKS.items()}
    self_scored = {u for u in members if scores.get(u, {}).get("self")}
    appraised = {u for u in members if scores.get(u, {}).get("appraised")}
    reported = {u for u in members if (c := cells["yearend"].get(u)) and c.done_on}
    appraisable = (reported & self_scored) - appraised
    voters: dict[str, int] = {}
    online = [(pid, p) for pid, p in live if p["method"] == "electronic"]  # paper: no record
    for pid, _p in online:
        for u in members:
            if app.exists(Participation.id_for(UUID(pid), UUID(u))):
                voters[u] = voters.get(u, 0) + 1

    closed = [p for _pid, p in live if p["result"]]
    finished = bool(proposal.get("submitted_on")) or (
        today.year > state["year"] and bool(live) and len(closed) == len(live)
    )

    def count(done: set[str]) -> dict[str, Any]:
        n = len(done & set(members))
        status = "done" if members and n == len(members) else "in_progress" if n else "not_started"
        if is_member and mine is not None:
            status = "done" if mine in done else "not_started"
        return {"status": status, "count": n, "of": len(members)}

    def board_step(step: str) -> dict[str, Any]:
        done = {u for u, c in cells[step].items() if c.done_on}
        found = count(done)
        if is_member and mine in cells[step]:
            c = cells[step][mine]
            found.update(done_on=c.done_on, overdue=c.status == "overdue")
        deadline = next((r.deadline for r in board if r.key == BOARD_TASKS[step]), None)
        return {**found, "deadline": deadline}

    steps: dict[str, dict[str, Any]] = {}
    adopted = state.get("adopted")
    steps["criteria"] = {
        "status": "done" if adopted else "in_progress" if state["drafts"] else "not_started"
    }
    signed = {u.hex for u, v in year.pact.items() if adopted and v == adopted}
    steps["pact"] = count(signed) if adopted else {"status": "blocked", "reason": "no_criteria"}
    for step in ("registration", "midyear", "yearend"):
        steps[step] = board_step(step)
    steps["self_score"] = (
        count(self_scored) if adopted else {"status": "blocked", "reason": "no_criteria"}
    )
    if not reported & self_scored and not appraised:
        steps["appraisal"] = {"status": "blocked", "reason": "no_yearend"}
    else:
        steps["appraisal"] = {
            **count(appraised),
            **({"status": "in_progress"} if is_member and appraised else {}),
        }
        if is_member and mine is not None:
            steps["appraisal"]["status"] = "done" if mine in appraised else "not_started"
    if closed and len(closed) == len(live):
        steps["polls"] = {"status": "done", "count": len(closed), "of": len(live)}
    elif live:
        steps["polls"] = {"status": "in_progress", "count": len(closed), "of": len(live)}
    elif pending:
        steps["polls"] = {"status": "blocked", "reason": "pending_changes"}
    elif not appraised:
        steps["polls"] = {"status": "blocked", "reason": "no_appraisal"}
    else:
        steps["polls"] = {"status": "not_started"}
    award_closed = [p for p in closed if p["kind"] == "award"]
    proposed = any(proposal.get("proposed", {}).values())
    if proposal.get("submitted_on"):
        steps["award_proposal"] = {"status": "done"}
    elif proposed:
        steps["award_proposal"] = {"status": "in_progress"}
    elif not award_closed:
        steps["award_proposal"] = {"status": "blocked", "reason": "no_award_poll"}
    else:
        steps["award_proposal"] = {"status": "not_started"}
    if proposal.get("submitted_on"):
        steps["dossier"] = {
            "status": "done",
            "done_on": date.fromisoformat(proposal["submitted_on"]),
            "received_on": date.fromisoformat(proposal["received_on"])
            if proposal.get("received_on")
            else None,
        }
    elif proposed:
        steps["dossier"] = {"status": "not_started"}
    else:
        steps["dossier"] = {"status": "blocked", "reason": "no_proposal"}

    grid = []
    for u in members:
        row: dict[str, Any] = {"unit": u}
        for step in ("registration", "midyear", "yearend"):
            c = cells[step].get(u)
            row[step] = (
                {"mark": "done", "on": c.done_on}
                if c is not None and c.done_on
                else {"mark": "overdue" if c is not None and c.status == "overdue" else "none"}
            )
        row["self_score"] = {"mark": "done" if u in self_scored else "none"}
        row["appraisal"] = {"mark": "done" if u in appraised else "none"}
        row["polls"] = (
            {"mark": "done", "count": voters[u], "of": len(online)}
            if voters.get(u)
            else {"mark": "none"}
        )
        row["appraisable"] = u in appraisable
        grid.append(row)

    return {
        "steps": [{"key": k, **steps[k]} for k in STEPS],
        "grid": grid,
        "appraisable": sorted(appraisable),
        "appraised": sorted(appraised),
        "finished": finished,
    }


def _void(app: ThiduaApplication, poll_id: str) -> bool:
    poll = app.find(UUID(poll_id))
    return bool(poll is not None and poll.is_void)
