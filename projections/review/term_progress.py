"""Term progress (tiến độ thực hiện nghị quyết) of one review: a fold over the review case.

The document holds what the case says: the resolution's targets and programmes, the
campaign (federation, review date, milestones, participants, federation steps) and each
unit's report (status, lateness, returns, figures). Rolling the figures up the unit
tree is done when read (projections.term_rollup), with the tree from the directory.
"""

from __future__ import annotations

from typing import Any

from domain.review.campaign import ReviewCampaign
from domain.review.report import ReviewReport
from domain.review.term import CongressTerm

NAME = "term_progress"
# One entry per participant: stored and changed entry by entry (a federation has thousands)
PARTS = ("reports", "report_units", "participants")
CASE_KIND = "review"


def empty() -> dict[str, Any]:
    return {
        "term": None,
        "targets": {},
        "programmes": {},
        "campaign": None,
        "milestones": {},
        "participants": {},
        "reports": {},
        "report_units": {},
        "steps": [],
    }


def apply(state: dict[str, Any] | None, event: Any) -> dict[str, Any]:
    s = state if state is not None else empty()
    match event:
        case CongressTerm.Created():
            s["term"] = {
                "id": event.originator_id.hex,
                "federation": event.federation.hex,
                "number": event.number,
                "name": event.name,
                "start_year": event.start_year,
                "end_year": event.end_year,
                "opened_on": event.opened_on.isoformat(),
            }
        case CongressTerm.TargetAdded():
            s["targets"][event.target["code"]] = event.target
        case CongressTerm.ProgrammeAdded():
            s["programmes"][event.code] = event.name
        case CongressTerm.EndedEarly():
            s["term"]["ended"] = {
                "on": event.on.isoformat(),
                "reason": event.reason,
                "basis": event.basis,
            }
        case CongressTerm.Followed():
            s["term"]["previous"] = event.previous.hex
        case CongressTerm.SucceededBy():
            s["term"]["successor"] = event.successor.hex
        case ReviewCampaign.Created():
            s["campaign"] = {
                "federation": event.federation.hex,
                "title": event.title,
                "review_date": event.review_date.isoformat(),
            }
        case ReviewCampaign.MilestoneScheduled():
            s["milestones"][event.code] = {
                "title": event.title,
                "starts_on": event.starts_on.isoformat(),
                "due_on": event.due_on.isoformat(),
            }
        case ReviewCampaign.ParticipantAdded():
            s["participants"][event.unit.hex] = {"kind": event.kind, "theme": event.theme}
        case ReviewCampaign.ParticipantTakenOver() | ReviewCampaign.ParticipantWithdrawn():
            successor = getattr(event, "successor", None)
            s["participants"][event.unit.hex]["decision"] = {
                "successor": successor.hex if successor else None,
                "reason": event.reason,
                "cause": event.cause,
                "effective": event.effective.isoformat(),
                "on": event.on.isoformat(),
            }
        case ReviewCampaign.ClosedEarly():
            s["campaign"]["closed_early"] = {
                "on": event.on.isoformat(),
                "reason": event.reason,
                "basis": event.basis,
                "counted": [u.hex for u in event.counted],
                "not_received": [u.hex for u in event.not_received],
            }
        case (
            ReviewCampaign.ConsolidatedReportCompiled()
            | ReviewCampaign.PresentedToCommittee()
            | ReviewCampaign.SurveyFindingRecorded()
            | ReviewCampaign.SubmittedToConfederation()
        ):
            s["steps"].append(
                {
                    "step": type(event).__name__,
                    "on": event.on.isoformat(),
                    "days_late": getattr(event, "days_late", 0),
                    "committee": getattr(event, "committee", None),
                }
            )
        case ReviewReport.Created():
            s["report_units"][event.originator_id.hex] = event.unit.hex
            s["reports"][event.unit.hex] = {
                "report": event.originator_id.hex,
                "status": "draft",
                "thematic": event.thematic,
                "figures": {},
                "submitted_on": None,
                "days_late": 0,
                "returns": 0,
                "accepted_on": None,
            }
        case ReviewReport.ValueReported():
            _report(s, event)["figures"][event.target] = dict(event.figures)
        case ReviewReport.ValueWithdrawn():
            _report(s, event)["figures"].pop(event.target, None)
        case ReviewReport.Submitted() | ReviewReport.Resubmitted():
            r = _report(s, event)
            r.update(
                status="submitted" if isinstance(event, ReviewReport.Submitted) else "resubmitted",
                submitted_on=event.on.isoformat(),
                days_late=event.days_late,
            )
        case ReviewReport.Returned():
            r = _report(s, event)
            r.update(status="returned", returns=r["returns"] + 1)
        case ReviewReport.Accepted():
            _report(s, event).update(status="accepted", accepted_on=event.on.isoformat())
    return s


def _report(s: dict[str, Any], event: Any) -> dict[str, Any]:
    return s["reports"][s["report_units"][event.originator_id.hex]]
