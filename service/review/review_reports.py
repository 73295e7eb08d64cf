"""Command handlers of a unit's review report (báo cáo sơ kết của đơn vị).

A unit's officer (a principal of that unit) drafts and submits that unit's report
only; REVIEWER, the steering role or an appointed steering member returns or accepts
reports, never those of their own unit. One `save` per command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from domain.review.campaign import ReviewCampaign
from domain.review.report import ReviewReport
from service.org.units import unit_by_code
from service.platform.app import ThiduaApplication, execute, load
from service.platform.auth import REVIEWER, STEERING, Principal, acts_for, allow, holds_for
from service.review.queries import load_campaign, load_term


def own_report(
    app: ThiduaApplication, who: Principal, campaign: ReviewCampaign, unit_code: str, on: date
) -> ReviewReport:
    """The officer's own unit's report (a participant, active): as stored, or a new one.
    A participant merged mid-review and taken over by decision is its successor's to
    report (service/review/cut_short.py); one that withdrew reports no more."""
    unit = unit_by_code(app, unit_code, read_only=True)
    decision = campaign.decisions.get(unit.id)
    successor = decision.successor if decision is not None else None
    allow(acts_for(who, unit.id) or (successor is not None and acts_for(who, successor)))
    participant = campaign.participant(unit.id)
    if decision is not None and successor is None:
        raise DomainError("review.participant_withdrawn")
    campaign.require_open()
    if not unit.is_active and successor is None:
        raise DomainError("unit.not_active", status=unit.status.value)
    report = app.find(ReviewReport.id_for(campaign.id, unit.id))
    if report is None:
        report = ReviewReport.start(
            campaign.id, unit.id, participant.thematic, participant.theme, on
        )
    return report


def report_reads(campaign_id: UUID, unit_code: str) -> list[UUID]:
    """What a command or a page on the unit's report reads first: the campaign, the
    unit, its report."""
    unit = Unit.id_for(unit_code)
    return [campaign_id, unit, ReviewReport.id_for(campaign_id, unit)]


def prefetch_own(app: ThiduaApplication, campaign_id: UUID, unit_code: str) -> None:
    """The campaign, the unit and its report, which a command on the report reads first,
    read together (one round trip when none is cached and vouched for: deadline day's
    case; none when a web request's first step read them already)."""
    app.prefetch(*report_reads(campaign_id, unit_code))


def draft_report(
    app: ThiduaApplication,
    who: Principal,
    campaign_id: UUID,
    unit_code: str,
    on: date,
    values: Mapping[str, Mapping[str, object]] | None = None,
    assessments: Mapping[str, tuple[str, str]] | None = None,
    narrative: Mapping[str, str] | None = None,
    attachments: Iterable[Mapping[str, Any]] = (),
    withdraw: Iterable[str] = (),
) -> UUID:
    """Start or edit the unit's own report: figures, assessments, narrative, files."""

    def run() -> UUID:
        campaign = load_campaign(app, campaign_id, read_only=True)
        term = load_term(app, campaign.term, read_only=True)
        report = own_report(app, who, campaign, unit_code, on)
        for code in withdraw:
            report.withdraw_value(term.target(code).code, on)
        for code, figures in (values or {}).items():
            report.report_value(term.target(code), dict(figures), on)
        for code, (rating, text) in (assessments or {}).items():
            report.assess(term.programme(code).code, rating, text, on)
        if narrative:
            report.write(on, **narrative)
        for a in attachments:
            report.attach(str(a["sha256"]), str(a["name"]), int(a["size"]), on)
        app.save(report)
        return report.id

    prefetch_own(app, campaign_id, unit_code)
    return execute(app, who.actor, run)


def submit_report(
    app: ThiduaApplication, who: Principal, campaign_id: UUID, unit_code: str, on: date
) -> None:
    """Submit (or resubmit after a return) the unit's own report."""

    def run() -> None:
        campaign = load_campaign(app, campaign_id, read_only=True)
        term = load_term(app, campaign.term, read_only=True)
        report = own_report(app, who, campaign, unit_code, on)
        report.submit(on, campaign.reports_due_on, sorted(term.programmes))
        app.save(report)

    prefetch_own(app, campaign_id, unit_code)
    execute(app, who.actor, run)


def require_reviewer(who: Principal, campaign: ReviewCampaign) -> None:
    """Reviewing the campaign's reports: an appointed steering member, the reviewer or
    steering role held for its federation, or an administrator."""
    appointed = who.account in campaign.steering
    by_role = any(holds_for(who, r, campaign.federation) for r in (REVIEWER, STEERING))
    allow(appointed or by_role or who.is_admin)


def _review(
    app: ThiduaApplication, who: Principal, campaign_id: UUID, unit_code: str, act: Any
) -> None:
    """Load a participant's report as its reviewer, apply `act`, save."""

    def run() -> None:
        campaign = load_campaign(app, campaign_id, read_only=True)
        require_reviewer(who, campaign)
        campaign.require_open()
        unit = unit_by_code(app, unit_code)
        allow(not acts_for(who, unit.id))
        campaign.participant(unit.id)
        report = load(app, ReviewReport.id_for(campaign.id, unit.id), "báo cáo sơ kết")
        act(report)
        app.save(report)

    execute(app, who.actor, run)


def return_report(
    app: ThiduaApplication,
    who: Principal,
    campaign: UUID,
    unit_code: str,
    comments: list[str],
    on: date,
    resubmit_by: date | None = None,
) -> None:
    _review(
        app, who, campaign, unit_code, lambda r: r.return_for_revision(comments, resubmit_by, on)
    )


def accept_report(
    app: ThiduaApplication, who: Principal, campaign: UUID, unit_code: str, on: date
) -> None:
    _review(app, who, campaign, unit_code, lambda r: r.accept(on))


def report_rights(
    app: ThiduaApplication, who: Principal, campaign_id: UUID, unit_code: str
) -> dict[str, bool]:
    """What the report's page offers `who`: "own" (the reporting unit, or the successor
    reporting for it: drafts and submits) and "review" (a reviewer of the campaign not of
    that unit: returns and accepts). Nothing is refused here; the commands still check."""
    campaign = load_campaign(app, campaign_id, read_only=True)
    unit = unit_by_code(app, unit_code, read_only=True)
    decision = campaign.decisions.get(unit.id)
    successor = decision.successor if decision is not None else None
    own = acts_for(who, unit.id) or (successor is not None and acts_for(who, successor))
    try:
        require_reviewer(who, campaign)
        reviewer = True
    except DomainError:
        reviewer = False
    return {"own": own, "review": reviewer and not acts_for(who, unit.id)}
