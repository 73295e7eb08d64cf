"""Queries of the term review: the unit list, the reports board, the roll-up.

The board and the roll-up read the views (the review's term-progress document and the
directory of the federation's subtree), so they cost the same whatever the size of the
country: a Hồ Chí Minh review has 13,950 participants among 130,000 grassroots unions.
`all_units` (for the unit table's export) still loads every unit aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from domain.review.campaign import ReviewCampaign
from domain.review.report import ReportStatus, ReviewReport
from domain.review.term import CongressTerm
from projections.org import directory
from projections.review import term_progress
from projections.review.term_rollup import ACHIEVED, BEHIND, ON_TRACK, TermRollup
from service.platform.app import ThiduaApplication, load
from service.platform.wording import render
from service.views import views
from service.views.projector import projector_of

BATCH = 500
ACCEPTED = ReportStatus.ACCEPTED.value


def all_units(app: ThiduaApplication) -> list[Unit]:
    """Every unit ever registered (merged and dissolved ones included), by code.

    The cached instances (`ThiduaApplication.read`): for reading only, never to save.
    """
    ids: list[UUID] = []
    start: int | None = None
    while True:
        batch = app.recorder.select_notifications(
            start, BATCH, topics=[Unit.Created.TOPIC], inclusive_of_start=start is None
        )
        ids.extend(UUID(str(n.originator_id)) for n in batch)
        if len(batch) < BATCH:
            break
        start = batch[-1].id
    return sorted((app.read(i) for i in ids), key=lambda u: u.code)


def load_campaign(
    app: ThiduaApplication, campaign_id: UUID, read_only: bool = False
) -> ReviewCampaign:
    return load(app, campaign_id, "đợt sơ kết", read_only)


def load_term(app: ThiduaApplication, term_id: UUID, read_only: bool = False) -> CongressTerm:
    return load(app, term_id, "nhiệm kỳ", read_only)


def review_state(app: ThiduaApplication, campaign_id: UUID) -> dict[str, Any]:
    """The review's term-progress document, every saved event applied."""
    state = projector_of(app).read(term_progress.NAME, campaign_id.hex)
    if state is None or state["campaign"] is None:
        raise DomainError("store.not_found", what="đợt sơ kết")
    return state


def counted_units(state: dict[str, Any]) -> list[UUID]:
    """The participants whose reports count in the roll-up: accepted ones only."""
    reports = state["reports"]
    return sorted(
        (UUID(u) for u in state["participants"] if reports.get(u, {}).get("status") == ACCEPTED),
        key=str,
    )


def progress(app: ThiduaApplication, campaign_id: UUID) -> TermRollup:
    """The roll-up of the accepted reports through the tree on the review date."""
    return views.rolled_up(app, review_state(app, campaign_id)).rollup


@dataclass(frozen=True)
class BoardRow:
    """One participant's line on the reports board."""

    unit: UUID
    code: str
    name: str
    kind: str
    theme: str
    status: str  # "missing" when no draft was started
    submitted_on: date | None
    days_late: int
    returns: int
    accepted_on: date | None


def progress_labels(locale: str = "vi") -> dict[str | None, str]:
    """How a target's progress reads (term_rollup's status; None: no figures yet), the
    same in the page, its chart, the PDF and the CLI."""
    statuses = (ACHIEVED, ON_TRACK, BEHIND, None)
    return {s: render(f"review.progress.{s or 'none'}", locale) for s in statuses}


def report_board(app: ThiduaApplication, campaign_id: UUID) -> list[BoardRow]:
    state = review_state(app, campaign_id)
    review_date = date.fromisoformat(state["campaign"]["review_date"])
    participants, reports = state["participants"], state["reports"]
    units = projector_of(app).store.get_many(directory.NAME, list(participants))
    rows = []
    for key, participant in participants.items():
        unit = directory.UnitAsOf(key, units[key])
        name = (unit.as_of(review_date) or unit.timeline[-1]).name
        report = _first_submission(app, reports.get(key))
        rows.append(
            BoardRow(
                unit=unit.id,
                code=units[key]["code"],
                name=name,
                kind=participant["kind"],
                theme=participant["theme"],
                status=report["status"] if report else "missing",
                submitted_on=_day(report["submitted_on"]) if report else None,
                days_late=report["days_late"] if report else 0,
                returns=report["returns"] if report else 0,
                accepted_on=_day(report["accepted_on"]) if report else None,
            )
        )
    return sorted(rows, key=lambda r: r.code)


def _first_submission(app: ThiduaApplication, report: dict[str, Any] | None) -> Any:
    """The view's report, its submission date and lateness those of the first submission
    as the aggregate keeps them (the view's fold takes a resubmission's): only a returned
    report (2 % in the national load) was submitted more than once, so only those are read
    from the store, read-only."""
    if report is None or not report["returns"]:
        return report
    stored: ReviewReport = app.read(UUID(report["report"]))
    first = stored.submitted_on.isoformat() if stored.submitted_on else None
    return {**report, "submitted_on": first, "days_late": stored.days_late}


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
