"""A term cut short and its review closed with what it has; units merged mid-review.

- `end_term`: a congress term ends early (the day, the reason, its basis). Its review,
  if still running, closes with what it has (`close_review`, same reason and basis),
  in the same transaction: a review cannot outlive its term.
- `begin_term`: a new term of the same federation follows an ended one, with its own
  period, resolution and targets (nothing of the old resolution carries over; the
  federation, its unit tree and the old term's history stay as they are). It may not
  overlap the term it follows.
- `close_review`: the review closes early. The reports received by then (submitted,
  resubmitted or accepted) are kept and counted; the others (no report, a draft, a
  report returned and not sent again) are listed as not received, never as zero. The
  closing event records both lists, so the roll-up and the PDF say what it had.
- A participant merged, split or dissolved mid-review: the people in charge decide,
  as events with a reason, and the page offers the sensible default (the same pattern
  as service/year/changes.py): its successor reports for it (`take_over_participant`)
  or it withdraws (`withdraw_participant`). The successor's officers then draft and
  submit the absorbed unit's report (service/review/review_reports.py).

Who may: the administrator or the STEERING role held for the federation; on a review
(closing it, the decisions on its participants) also a member appointed to its
steering committee (`require_steering`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError, require
from domain.org.unit import Unit
from domain.review.campaign import ReviewCampaign
from domain.review.report import ReportStatus
from domain.review.term import CongressTerm
from service.platform.app import ThiduaApplication, ensure_new, execute, load
from service.platform.auth import Principal
from service.review.queries import (
    UnitFacts,
    load_campaign,
    load_term,
    participant_units,
    review_state,
)
from service.review.reviews import require_steering
from service.views import views
from service.views.projector import projector_of
from service.year.changes import CAUSE_OF, active_successors

RECEIVED = {s.value for s in (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED)} | {
    ReportStatus.ACCEPTED.value
}


def _not_future(on: date, today: date | None) -> None:
    """A day a person gives is one that has come (`today`: Vietnam's, from the caller)."""
    require(today is None or on <= today, "term.date_in_future", on=on)


# -- the term ----------------------------------------------------------------------
def end_term(
    app: ThiduaApplication,
    who: Principal,
    term_id: UUID,
    reason: str,
    basis: str,
    on: date,
    today: date | None = None,
) -> None:
    """End the term early on `on` (not after `today`); its running review closes with
    what it has."""
    require_steering(who)

    def run() -> None:
        term = load_term(app, term_id)
        require_steering(who, federation=term.federation)  # the federation's, not a review's
        _not_future(on, today)
        campaign = app.find(ReviewCampaign.id_for(term_id))
        term.end_early(reason, basis, on)
        saved: list[Any] = [term]
        if isinstance(campaign, ReviewCampaign) and not campaign.closed:
            _close(app, campaign, reason, basis, on)
            saved.append(campaign)
        app.save(*saved)

    execute(app, who.actor, run)


def begin_term(
    app: ThiduaApplication,
    who: Principal,
    previous_id: UUID,
    number: str,
    name: str,
    start_year: int,
    end_year: int,
    opened_on: date,
    resolution: str,
    on: date,
) -> UUID:
    """A new term of the same federation, following `previous` (see the docstring)."""
    require_steering(who)

    def run() -> UUID:
        previous = load_term(app, previous_id)
        require_steering(who, federation=previous.federation)
        ensure_new(app, CongressTerm.id_for(previous.federation, number), f"nhiệm kỳ {number}")
        term = CongressTerm.open(
            previous.federation, number, name, start_year, end_year, opened_on, resolution
        )
        term.follow(previous, on)
        app.save(term, previous)
        return term.id

    return execute(app, who.actor, run)


# -- the review ----------------------------------------------------------------------
def received_and_missing(
    campaign: ReviewCampaign, state: dict[str, Any]
) -> tuple[list[UUID], list[UUID]]:
    """The expected participants whose reports were received, and those not received."""
    reports = state["reports"]
    counted: list[UUID] = []
    missing: list[UUID] = []
    for unit in campaign.expected():
        status = reports.get(unit.hex, {}).get("status")
        (counted if status in RECEIVED else missing).append(unit)
    return counted, missing


def closing_preview(app: ThiduaApplication, campaign_id: UUID) -> dict[str, Any] | None:
    """What closing the review now would keep (the reports received) and list as not
    received, by name, for the check before the act; None when it is over already."""
    campaign = app.find(campaign_id)
    if not isinstance(campaign, ReviewCampaign) or campaign.closed:
        return None
    counted, missing = received_and_missing(campaign, review_state(app, campaign_id))
    names = views.unit_names(app, [u.hex for u in counted + missing])
    return {
        "title": campaign.title,
        "counted": [names.get(u.hex, u.hex) for u in counted],
        "not_received": [names.get(u.hex, u.hex) for u in missing],
    }


def _close(
    app: ThiduaApplication, campaign: ReviewCampaign, reason: str, basis: str, on: date
) -> None:
    counted, missing = received_and_missing(campaign, review_state(app, campaign.id))
    campaign.close_early(reason, basis, counted, missing, on)


def close_review(
    app: ThiduaApplication,
    who: Principal,
    campaign_id: UUID,
    reason: str,
    basis: str,
    on: date,
    today: date | None = None,
) -> None:
    """Close the running review early with what it has (see the docstring)."""

    def run() -> None:
        campaign = load_campaign(app, campaign_id)
        require_steering(who, campaign)
        _not_future(on, today)
        _close(app, campaign, reason, basis, on)
        app.save(campaign)

    execute(app, who.actor, run)


# -- participants merged mid-review ------------------------------------------------------
@dataclass(frozen=True)
class Pending:
    """A participant's change the review waits for a decision on."""

    unit: UUID
    cause: str  # "merged", "split", "dissolved"
    effective: date
    successors: tuple[UUID, ...]
    default: str  # "take_over" or "withdraw"

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit.hex,
            "cause": self.cause,
            "effective": self.effective,
            "successors": [s.hex for s in self.successors],
            "default": self.default,
            "default_successor": self.successors[0].hex if self.successors else None,
        }


def pending(app: ThiduaApplication, campaign_id: UUID) -> list[Pending]:
    """Participants no longer active with no decision yet (none once the review is over).
    Read from the views (the review's document, the directory): only the units found
    inactive there are loaded, to follow their successors."""
    state = review_state(app, campaign_id)
    over = state["campaign"].get("closed_early") or any(
        s["step"] == "SubmittedToConfederation" for s in state["steps"]
    )
    if over:
        return []
    review_date = date.fromisoformat(state["campaign"]["review_date"])
    participants = state["participants"]
    facts = participant_units(app, campaign_id, list(participants), review_date)
    out = []
    for key in _inactive(app, campaign_id, facts):
        if key not in participants or participants[key].get("decision"):
            continue
        unit = _changed(app, UUID(key))
        successors = active_successors(app, unit)
        default = "take_over" if successors else "withdraw"
        out.append(Pending(unit.id, CAUSE_OF[unit.status], unit.current.since, successors, default))
    return out


def _inactive(app: ThiduaApplication, campaign_id: UUID, facts: dict[str, UnitFacts]) -> list[str]:
    """The participants no longer active, in key order: worked out once per process for
    each version of the directory facts (`participant_units` gives the same dict while
    nothing changed), not on every page view of a review of thousands of units."""
    projector = projector_of(app)
    slot = ("inactive_participants", campaign_id)
    kept = projector.memo.get(slot)
    if kept is not None and kept[0] is facts and kept[1] == len(facts):  # it only grows
        return kept[2]  # type: ignore[no-any-return]
    found = sorted(key for key, unit in facts.items() if not unit.active)
    projector.remember(slot, (facts, len(facts), found))
    return found


def pending_of(app: ThiduaApplication, campaign_id: UUID) -> list[dict[str, Any]]:
    """The review's pending decisions, for its page, the API and the home page."""
    return [p.to_dict() for p in pending(app, campaign_id)]


def _changed(app: ThiduaApplication, unit_id: UUID) -> Unit:
    found = app.find(unit_id)
    if not isinstance(found, Unit):
        raise DomainError("store.not_found", what="đơn vị")
    return found


def take_over_participant(
    app: ThiduaApplication,
    who: Principal,
    campaign_id: UUID,
    unit: UUID,
    successor: UUID,
    reason: str,
    on: date,
) -> None:
    """The successor reports for the merged (or split) participant `unit`."""

    def run() -> None:
        campaign = load_campaign(app, campaign_id)
        require_steering(who, campaign)
        changed = _changed(app, unit)
        require(not changed.is_active, "review.unit_active")
        require(successor in active_successors(app, changed), "review.not_a_successor")
        load(app, successor, "đơn vị", read_only=True)
        cause = CAUSE_OF[changed.status]
        campaign.hand_over(unit, successor, reason, cause, changed.current.since, on)
        app.save(campaign)

    execute(app, who.actor, run)


def withdraw_participant(
    app: ThiduaApplication,
    who: Principal,
    campaign_id: UUID,
    unit: UUID,
    reason: str,
    on: date,
) -> None:
    """`unit` withdraws from the review: no report is expected of it any more."""

    def run() -> None:
        campaign = load_campaign(app, campaign_id)
        require_steering(who, campaign)
        changed = _changed(app, unit)
        cause = "" if changed.is_active else CAUSE_OF[changed.status]
        effective = on if changed.is_active else changed.current.since
        campaign.withdraw(unit, reason, cause, effective, on)
        app.save(campaign)

    execute(app, who.actor, run)
