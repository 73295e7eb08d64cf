"""A person's home: the open and overdue tasks of their unit in every year and review."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.polls.poll import Participation, Poll
from service.platform.app import ThiduaApplication
from service.platform.auth import REVIEWER, TLD_OFFICER, Principal
from service.polls.polls import polls_of_year
from service.review.cut_short import pending_of as review_pending_of
from service.review.queries import campaigns, load_campaign, review_state
from service.review.reviews import may_steer
from service.views import views
from service.year.changes import pending_of
from service.year.queries import clusters


def home(app: ThiduaApplication, who: Principal, today: date) -> dict[str, Any]:
    """The home page: the principal's tasks, and the clusters and reviews they come from
    (each read once)."""
    found_clusters, found_campaigns = clusters(app), campaigns(app)
    return {
        "polls": open_polls(app, who, found_clusters),
        "reports": review_reports(app, who, found_campaigns),
        "to_review": reports_to_review(app, who, found_campaigns),
        "proposals": proposals_for_tld(app, who, found_clusters),
        "tasks": _tasks(who, today, app, found_clusters, found_campaigns),
        "decisions": decisions(app, who, found_clusters)
        + review_decisions(app, who, found_campaigns),
        "clusters": found_clusters,
        "campaigns": found_campaigns,
    }


def open_polls(
    app: ThiduaApplication, who: Principal, found_clusters: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The electronic polls open now in which the principal's unit may vote, with
    whether it has voted already (the inbox shows them first)."""
    if who.unit is None:
        return []
    mine, found = who.unit, []
    for cluster in found_clusters:
        if mine.hex not in cluster["members"]:
            continue
        for y in cluster["years"][:2]:  # polls open only in the latest years
            for p in polls_of_year(app, UUID(y["id"])):
                if p["closed"] or p["void"] or p["method"] != "electronic":
                    continue
                poll: Poll = app.read(p["id"])
                if mine not in poll.voters:
                    continue
                voted = app.exists(Participation.id_for(p["id"], mine))
                found.append(
                    {
                        **p,
                        "case": y["id"],
                        "case_title": f"{cluster['name']} — {y['year']}",
                        "voted": voted,
                        # eg1: no ballot is taken before the committee's joint key
                        "waiting_for_key": poll.committee is not None and poll.joint_key is None,
                    }
                )
    return found


def review_reports(
    app: ThiduaApplication, who: Principal, found_campaigns: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The principal's unit's review reports sent or returned: their status (submitted on
    …, returned with the reviewer's comments and the day to resubmit by)."""
    if who.unit is None:
        return []
    mine, found = who.unit.hex, []
    for c in found_campaigns:
        if mine not in c["participants"]:
            continue
        report = review_state(app, UUID(c["id"]))["reports"].get(mine)
        if report is None or report["status"] in ("draft", "accepted"):
            continue
        item = {
            "case": c["id"],
            "case_title": c["title"],
            "status": report["status"],
            "code": _code(app, mine),
            "submitted_on": _day(report["submitted_on"]),
        }
        if report["status"] == "returned":
            on, comments, by = app.read(UUID(report["report"])).returns[-1]
            item.update(returned_on=on, comments=comments, deadline=by)
        found.append(item)
    return found


def reports_to_review(
    app: ThiduaApplication, who: Principal, found_campaigns: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """For a reviewer: the reports sent and waiting to be accepted or returned."""
    if not (who.is_admin or who.has(REVIEWER)):
        return []
    found = []
    for c in found_campaigns:
        reports = review_state(app, UUID(c["id"]))["reports"]
        waiting = {u: r for u, r in reports.items() if r["status"] in ("submitted", "resubmitted")}
        codes = views.directory_entries(app, list(waiting))
        for unit, r in waiting.items():
            found.append(
                {
                    "case": c["id"],
                    "case_title": c["title"],
                    "unit": unit,
                    "code": codes.get(unit, {}).get("code", ""),
                    "name": codes.get(unit, {}).get("name", ""),
                    "submitted_on": _day(r["submitted_on"]),
                    "again": r["status"] == "resubmitted",
                }
            )
    return sorted(found, key=lambda r: (r["submitted_on"] or date.min, r["name"]))


def proposals_for_tld(
    app: ThiduaApplication, who: Principal, found_clusters: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """For a TLĐ officer: the award proposals sent and not yet received, or received and
    not yet decided for every unit proposed."""
    if not (who.is_admin or who.has(TLD_OFFICER)):
        return []
    found = []
    for cluster in found_clusters:
        for y in cluster["years"]:
            proposal = views.year_standings(app, UUID(y["id"])).state.get("proposal", {})
            if not proposal.get("submitted_on"):
                continue
            proposed = sum(len(v) for v in proposal.get("proposed", {}).values())
            decided = len(proposal.get("decisions", []))
            if proposal.get("received_on") and decided >= proposed:
                continue
            found.append(
                {
                    "case": y["id"],
                    "case_title": f"{cluster['name']} — {y['year']}",
                    "step": "decide" if proposal.get("received_on") else "receive",
                    "submitted_on": _day(proposal["submitted_on"]),
                    "reference": proposal.get("reference", ""),
                    "left": proposed - decided,
                }
            )
    return found


def _code(app: ThiduaApplication, unit: str) -> str:
    return str(views.directory_entries(app, [unit]).get(unit, {}).get("code", ""))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def tasks(app: ThiduaApplication, who: Principal, today: date) -> list[dict[str, Any]]:
    """Open and overdue plan cells of the principal's unit, soonest deadline first."""
    if who.unit is None:
        return []
    return _tasks(who, today, app, clusters(app), campaigns(app))


def _tasks(
    who: Principal,
    today: date,
    app: ThiduaApplication,
    found_clusters: list[dict[str, Any]],
    found_campaigns: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    if who.unit is None:
        return []
    mine = who.unit.hex
    found = []
    for cluster in found_clusters:
        if mine not in cluster["members"]:
            continue
        for y in cluster["years"]:
            state = views.year_standings(app, UUID(y["id"])).state
            roles = {"chair"} if state.get("chair") == mine else set()
            if state.get("vice_chair") == mine:
                roles.add("vice_chair")
            title = f"{cluster['name']} — {y['year']}"
            carried = {a for a, s in state.get("carried", {}).items() if s == mine}
            parties = {mine, *roles, *carried}  # a taken-over dossier's cells are the successor's
            found += _open_cells(app, UUID(y["id"]), today, parties, title, "year")
    for c in found_campaigns:
        federation = c["federation"] == mine  # the federation's own steps are its tasks
        parties = {mine, "federation"} if federation else {mine}
        carried = {a for a, s in c.get("carried", {}).items() if s == mine}
        parties |= carried  # a participant taken over: its report is the successor's task
        if federation or mine in c["participants"] or carried:
            found += _open_cells(app, UUID(c["id"]), today, parties, c["title"], "review")
    return sorted(found, key=lambda t: (t["deadline"], t["case_title"]))


def decisions(
    app: ThiduaApplication, who: Principal, found_clusters: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The organisation changes waiting for the principal's decision: in each year it
    chairs (or in every year, for an administrator)."""
    mine = who.unit.hex if who.unit else None
    if mine is None and not who.is_admin:
        return []
    found = []
    for cluster in found_clusters:
        for y in cluster["years"]:
            year_id = UUID(y["id"])
            chair = views.year_standings(app, year_id).state.get("chair")
            if not (who.is_admin or (mine is not None and chair == mine)):
                continue
            for p in pending_of(app, year_id):
                found.append(
                    {
                        **p,
                        "case": year_id.hex,
                        "case_kind": "year",
                        "case_title": f"{cluster['name']} — {y['year']}",
                    }
                )
    return found


def review_decisions(
    app: ThiduaApplication, who: Principal, found_campaigns: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Participants of running reviews merged, split or dissolved, waiting for the
    decision of the review's steering committee (or an administrator)."""
    found = []
    for c in found_campaigns:
        campaign_id = UUID(c["id"])
        waiting = review_pending_of(app, campaign_id)  # from the views: cheap when empty
        if not waiting or not may_steer(who, load_campaign(app, campaign_id, read_only=True)):
            continue
        for p in waiting:
            found.append({**p, "case": c["id"], "case_kind": "review", "case_title": c["title"]})
    return found


def _open_cells(
    app: ThiduaApplication, case: UUID, today: date, parties: set[str], title: str, kind: str
) -> list[dict[str, Any]]:
    out = []
    for row in views.board(app, case, today):
        for cell in row.cells:
            if cell.party in parties and cell.status in ("open", "overdue"):
                out.append(
                    {
                        "case": case.hex,
                        "case_kind": kind,
                        "case_title": title,
                        "task": row.key,
                        "content": row.content,
                        "start": row.start,
                        "deadline": row.deadline,
                        "status": cell.status,
                        "days_overdue": cell.days_late,
                        "party": cell.party,
                    }
                )
    return out
