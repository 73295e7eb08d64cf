"""Before the chair signs the year's dossier: what it would leave blank.

The dossier sent to TLĐ carries the criteria, every member's year-end report, self-score
and appraisal, the conference's polls and the award proposal. Signing is refused while
any of these is missing (or an organisation change waits for a decision, which would
change who the members are); each gap names the units it concerns, so the check page
can link each one to the form that fills it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from service.platform.app import ThiduaApplication
from service.views import views
from service.year.changes import pending_of
from service.year.steps import task_list

GAPS = (
    "criteria",  # no criteria adopted
    "pending_changes",  # an organisation change waits for the chair's decision
    "yearend",  # members without a year-end report
    "self_score",  # members that did not score themselves
    "appraisal",  # members the chair has not appraised
    "polls_open",  # polls not yet closed
    "no_polls",  # no poll closed: the conference's minutes would be empty
    "proposal",  # no award proposal
)


@dataclass(frozen=True)
class Gap:
    code: str  # one of GAPS; the page words it
    units: tuple[str, ...] = ()  # the member units it concerns (hex ids), in member order
    count: int = 0  # how many things (polls) when not units
    ready: tuple[str, ...] = ()  # of `units`, those whose form can be filled now


def gaps(app: ThiduaApplication, year_id: UUID, today: date) -> list[Gap]:
    """What the dossier would leave blank today, in the order of the year's plan."""
    tasks = task_list(app, year_id, today)
    state = views.year_standings(app, year_id).state
    steps = {s["key"]: s for s in tasks["steps"]}
    found: list[Gap] = []
    if steps["criteria"]["status"] != "done":
        found.append(Gap("criteria"))
    pending = pending_of(app, year_id)
    if pending:
        found.append(Gap("pending_changes", count=len(pending)))
    for step in ("yearend", "self_score", "appraisal"):
        units = tuple(r["unit"] for r in tasks["grid"] if r[step]["mark"] != "done")
        if units:
            ready = tuple(u for u in units if u in tasks["appraisable"])
            found.append(Gap(step, units, ready=ready if step == "appraisal" else ()))
    polls = steps["polls"]  # void polls are not counted there
    if polls["status"] == "in_progress":
        found.append(Gap("polls_open", count=polls["of"] - polls["count"]))
    elif polls["status"] != "done":
        found.append(Gap("no_polls"))
    proposal = state.get("proposal", {})
    if not any(proposal.get("proposed", {}).values()):
        found.append(Gap("proposal"))
    return found
