"""Command handlers of the term review (sơ kết nửa nhiệm kỳ): term, plan, federation.

Who may do what: the administrator or the steering committee (the STEERING role, or
an account appointed to the campaign's committee) set up the term and the campaign
and carry the federation's own steps. Unit reports: `service/review_reports.py`.
One `save` per command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DEFAULT_LATE_ENTRY_DAYS, DomainError
from domain.org.unit import Unit
from domain.review.campaign import ReviewCampaign
from domain.review.term import CongressTerm, Target
from service.accounts.accounts import account_of
from service.org.units import unit_by_code
from service.platform.app import ThiduaApplication, ensure_new, execute
from service.platform.auth import AUDITOR, STEERING, Principal, allow, holds_for
from service.review.queries import counted_units, load_campaign, load_term, review_state
from service.views import views


def may_steer(who: Principal, campaign: ReviewCampaign) -> bool:
    """Whether `who` passes `require_steering` for `campaign` (what a page offers)."""
    try:
        require_steering(who, campaign)
    except DomainError:
        return False
    return True


def require_steering(
    who: Principal, campaign: ReviewCampaign | None = None, federation: UUID | None = None
) -> None:
    """The administrator, the STEERING role (held for the federation, see `holds_for`),
    or a member appointed to the campaign; never an auditor. Without a campaign or a
    federation only the role is checked (the handler checks again once it has loaded
    the term)."""
    federation = campaign.federation if campaign is not None else federation
    appointed = campaign is not None and who.account in campaign.steering
    by_role = who.has(STEERING) and (federation is None or holds_for(who, STEERING, federation))
    allow(not who.has(AUDITOR) and (who.is_admin or by_role or appointed))


# -- the term and its resolution ---------------------------------------------
def open_term(
    app: ThiduaApplication,
    who: Principal,
    federation_code: str,
    number: str,
    name: str,
    start_year: int,
    end_year: int,
    opened_on: date,
    resolution: str,
) -> UUID:
    require_steering(who)

    def run() -> UUID:
        federation = unit_by_code(app, federation_code)
        require_steering(who, federation=federation.id)
        ensure_new(app, CongressTerm.id_for(federation.id, number), f"nhiệm kỳ {number}")
        term = CongressTerm.open(
            federation.id, number, name, start_year, end_year, opened_on, resolution
        )
        app.save(term)
        return term.id

    return execute(app, who.actor, run)


def term_id(federation_code: str, number: str) -> UUID:
    return CongressTerm.id_for(Unit.id_for(federation_code), number)


def add_targets(
    app: ThiduaApplication, who: Principal, term: UUID, targets: Iterable[Target], on: date
) -> None:
    """Add targets to the resolution, all or none."""
    require_steering(who)
    targets = list(targets)

    def run() -> None:
        aggregate = load_term(app, term)
        require_steering(who, federation=aggregate.federation)
        for target in targets:
            aggregate.add_target(target, on)
        app.save(aggregate)

    execute(app, who.actor, run)


def add_programme(
    app: ThiduaApplication, who: Principal, term: UUID, code: str, name: str, on: date
) -> None:
    require_steering(who)

    def run() -> None:
        aggregate = load_term(app, term)
        require_steering(who, federation=aggregate.federation)
        aggregate.add_programme(code, name, on)
        app.save(aggregate)

    execute(app, who.actor, run)


# -- the campaign's plan ------------------------------------------------------
def plan_review(
    app: ThiduaApplication,
    who: Principal,
    term: UUID,
    title: str,
    review_date: date,
    on: date,
    late_entry_days: int = DEFAULT_LATE_ENTRY_DAYS,
) -> UUID:
    require_steering(who)

    def run() -> UUID:
        aggregate = load_term(app, term)
        require_steering(who, federation=aggregate.federation)
        ensure_new(app, ReviewCampaign.id_for(term), "đợt sơ kết của nhiệm kỳ")
        campaign = ReviewCampaign.plan(aggregate, title, review_date, on, late_entry_days)
        app.save(campaign)
        return campaign.id

    return execute(app, who.actor, run)


def _campaign_command(app: ThiduaApplication, who: Principal, campaign_id: UUID, act: Any) -> Any:
    """Load the campaign, check the steering committee, apply `act`, save."""

    def run() -> Any:
        campaign = load_campaign(app, campaign_id)
        require_steering(who, campaign)
        result = act(campaign)
        app.save(campaign)
        return result

    return execute(app, who.actor, run)


def appoint_steering_member(
    app: ThiduaApplication,
    who: Principal,
    campaign: UUID,
    account: str,
    name: str,
    role: str,
    position: str,
    on: date,
) -> None:
    found = account_of(app, account)
    if found is not None and AUDITOR in found.roles:
        raise DomainError("review.auditor_in_steering")  # auditors read; they never act
    _campaign_command(app, who, campaign, lambda c: c.appoint(account, name, role, position, on))


def relieve_steering_member(
    app: ThiduaApplication, who: Principal, campaign: UUID, account: str, on: date
) -> None:
    _campaign_command(app, who, campaign, lambda c: c.relieve(account, on))


def schedule_milestone(
    app: ThiduaApplication,
    who: Principal,
    campaign: UUID,
    code: str,
    title: str,
    starts_on: date,
    due_on: date,
    on: date,
) -> None:
    _campaign_command(app, who, campaign, lambda c: c.schedule(code, title, starts_on, due_on, on))


def _under(get: Callable[[UUID], Unit], unit: Unit, ancestor: UUID, day: date) -> bool:
    """Whether `unit` stood under `ancestor` on `day` (walking up the parents then, each
    read with `get`)."""
    seen: set[UUID] = set()
    state = unit.as_of(day)
    while state is not None and state.parent is not None and state.parent not in seen:
        if state.parent == ancestor:
            return True
        seen.add(state.parent)
        state = get(state.parent).as_of(day)
    return False


def add_participant(
    app: ThiduaApplication,
    who: Principal,
    campaign: UUID,
    unit_code: str,
    on: date,
    theme: str = "",
) -> None:
    def act(c: ReviewCampaign) -> None:
        unit = unit_by_code(app, unit_code)
        if not _under(app.get, unit, c.federation, on):
            federation = app.get(c.federation)
            raise DomainError("review.unit_outside", unit=unit.code, federation=federation.name)
        c.add_participant(unit.id, unit.kind.value, theme, on)

    _campaign_command(app, who, campaign, act)


# -- the federation's own steps ----------------------------------------------
def compile_consolidated_report(
    app: ThiduaApplication, who: Principal, campaign: UUID, title: str, summary: str, on: date
) -> int:
    """Compile a version of the consolidated report from the accepted reports."""

    def act(c: ReviewCampaign) -> int:
        state = review_state(app, c.id)  # the reports and the tree from the views
        rollup = views.rolled_up(app, state).rollup
        counted = counted_units(state)
        figures = {
            code: {
                "value": None if p.value is None else str(p.value),
                "reporters": p.reporters,
                "percent_of_target": None
                if p.percent_of_target is None
                else str(p.percent_of_target),
                "expected": None if p.expected is None else str(p.expected),
                "status": p.status,
            }
            for code, p in sorted(rollup.progress[c.federation].items())
        }
        c.compile_report(title, summary, figures, counted, on)
        return len(c.consolidated)

    return _campaign_command(app, who, campaign, act)


def present_to_committee(
    app: ThiduaApplication,
    who: Principal,
    campaign: UUID,
    committee: str,
    session: str,
    conclusion: str,
    on: date,
) -> None:
    _campaign_command(app, who, campaign, lambda c: c.present(committee, session, conclusion, on))


def record_survey_finding(
    app: ThiduaApplication,
    who: Principal,
    campaign: UUID,
    topic: str,
    findings: str,
    on: date,
    unit_code: str | None = None,
) -> None:
    def act(c: ReviewCampaign) -> None:
        unit = unit_by_code(app, unit_code).id if unit_code else None
        c.record_finding(unit, topic, findings, on)

    _campaign_command(app, who, campaign, act)


def submit_to_confederation(
    app: ThiduaApplication, who: Principal, campaign: UUID, reference: str, on: date
) -> None:
    _campaign_command(app, who, campaign, lambda c: c.submit_to_confederation(reference, on))
