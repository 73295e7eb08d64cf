"""The review queries as they were before they read views (commit ee497f1): every unit
and every report loaded from the store. Kept only so that
tests/service/test_review_queries_views.py can show the views give the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.org.unit import Unit
from domain.review.campaign import ReviewCampaign
from domain.review.report import ReportStatus, ReviewReport
from domain.review.term import CongressTerm
from projections.review.term_rollup import TermRollup, roll_up
from service.platform.app import ThiduaApplication, load

BATCH = 500


def all_units(app: ThiduaApplication) -> list[Unit]:
    """Every unit ever registered (merged and dissolved ones included), by code."""
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
    return sorted((app.get(i) for i in ids), key=lambda u: u.code)


def load_campaign(
    app: ThiduaApplication, campaign_id: UUID, read_only: bool = False
) -> ReviewCampaign:
    return load(app, campaign_id, "đợt sơ kết", read_only)


def load_term(app: ThiduaApplication, term_id: UUID, read_only: bool = False) -> CongressTerm:
    return load(app, term_id, "nhiệm kỳ", read_only)


def reports_of(app: ThiduaApplication, campaign: ReviewCampaign) -> dict[UUID, ReviewReport]:
    """The participants' reports that have been started, by unit."""
    found = {u: app.find(ReviewReport.id_for(campaign.id, u)) for u in campaign.participants}
    return {u: r for u, r in found.items() if r is not None}


def counted_reports(reports: dict[UUID, ReviewReport]) -> dict[UUID, dict[str, dict[str, str]]]:
    """The figures that count in the roll-up: those of accepted reports only."""
    return {
        u: r.values
        for u, r in sorted(reports.items(), key=lambda kv: str(kv[0]))
        if r.status is ReportStatus.ACCEPTED
    }


def progress(app: ThiduaApplication, campaign_id: UUID) -> TermRollup:
    """The roll-up of the accepted reports through the tree on the review date."""
    campaign = load_campaign(app, campaign_id)
    term = load_term(app, campaign.term)
    return roll_up(
        targets=term.targets.values(),
        units=all_units(app),
        federation=campaign.federation,
        opened_on=term.opened_on,
        closes_on=term.closes_on,
        review_date=campaign.review_date,
        reports=counted_reports(reports_of(app, campaign)),
    )


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


def report_board(app: ThiduaApplication, campaign_id: UUID) -> list[BoardRow]:
    campaign = load_campaign(app, campaign_id)
    reports = reports_of(app, campaign)
    rows = []
    for unit_id, participant in campaign.participants.items():
        unit: Unit = app.get(unit_id)
        state = unit.as_of(campaign.review_date) or unit.current
        report = reports.get(unit_id)
        rows.append(
            BoardRow(
                unit=unit_id,
                code=unit.code,
                name=state.name,
                kind=participant.kind,
                theme=participant.theme,
                status=report.status.value if report else "missing",
                submitted_on=report.submitted_on if report else None,
                days_late=report.days_late if report else 0,
                returns=len(report.returns) if report else 0,
                accepted_on=report.accepted_on if report else None,
            )
        )
    return sorted(rows, key=lambda r: r.code)
