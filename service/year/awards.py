"""Command handlers for the award proposal (tờ trình đề nghị khen thưởng) to TLĐ."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.polls.poll import Poll
from domain.year.award import AwardProposal
from service.org.units import unit_by_code
from service.platform.app import ThiduaApplication, execute
from service.platform.auth import TLD_OFFICER, Principal, allow, require_role
from service.views import views
from service.year.clusters import is_chair, read_year


def latest_poll(
    app: ThiduaApplication, year_id: UUID, kind: str, award: str | None = None
) -> Poll | None:
    """The last round of a poll (a tie may be re-voted in a new round)."""
    found, round_ = None, 1
    while (poll := app.find(Poll.id_for(year_id, kind, award, round_))) is not None:
        found, round_ = poll, round_ + 1
    return found


def proposal_of(app: ThiduaApplication, year_id: UUID) -> AwardProposal | None:
    return app.find(AwardProposal.id_for(year_id))


def propose(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    award: str,
    unit_code: str,
    on: date | None = None,
) -> None:
    """The chair puts a unit the conference voted for into the proposal."""

    def run() -> None:
        year = read_year(app, year_id)
        allow(who.is_admin or is_chair(who, year))
        rule = year.regulation.award(award)
        found = unit_by_code(app, unit_code)
        unit = found.id
        scores = views.year_standings(app, year.id).state["scores"].get(unit.hex, {})
        if not scores.get("appraised"):  # a unit is proposed on its appraisal, never without
            raise DomainError("awards.not_appraised", unit=found.name)
        poll = latest_poll(app, year.id, "award", award)
        if poll is None or not poll.is_closed:
            raise DomainError("awards.poll_not_closed", award=rule.name)
        proposal = proposal_of(app, year.id) or AwardProposal(year_id=year.id)
        proposal.propose(rule, unit, poll.id, set(poll.result.passed), len(year.members), on)
        app.save(proposal)

    execute(app, who.actor, run)


def withdraw(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    award: str,
    unit_code: str,
    on: date | None = None,
) -> None:
    def run() -> None:
        year = read_year(app, year_id)
        allow(who.is_admin or is_chair(who, year))
        proposal = proposal_of(app, year.id)
        if proposal is None:
            raise DomainError("awards.not_proposed")
        proposal.withdraw(award, unit_by_code(app, unit_code).id, on)
        app.save(proposal)

    execute(app, who.actor, run)


def submit(app: ThiduaApplication, who: Principal, year_id: UUID, reference: str, on: date) -> int:
    """Gửi tờ trình to TLĐ; returns days late against the award_proposal window."""

    def run() -> int:
        year = read_year(app, year_id)
        allow(who.is_admin or is_chair(who, year))
        proposal = proposal_of(app, year.id)
        if proposal is None:
            raise DomainError("awards.empty")
        late = proposal.submit(reference, on, year.deadline("award_proposal"))
        app.save(proposal)
        return late

    return execute(app, who.actor, run)


def _tld_command(app: ThiduaApplication, who: Principal, year_id: UUID, change) -> None:  # type: ignore[no-untyped-def]
    require_role(who, TLD_OFFICER)

    def run() -> None:
        proposal = proposal_of(app, year_id)
        if proposal is None:
            raise DomainError("awards.not_submitted")
        change(proposal)
        app.save(proposal)

    execute(app, who.actor, run)


def record_receipt(
    app: ThiduaApplication, who: Principal, year_id: UUID, reference: str, on: date
) -> None:
    """TLĐ records that it received the proposal."""
    _tld_command(app, who, year_id, lambda p: p.record_receipt(reference, on))


def record_decision(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    award: str,
    unit_code: str,
    granted: bool,
    reference: str,
    on: date,
) -> None:
    """TLĐ records its decision on one proposed unit."""
    unit = unit_by_code(app, unit_code).id
    _tld_command(
        app, who, year_id, lambda p: p.record_decision(award, unit, granted, reference, on)
    )


def proposal_check(app: ThiduaApplication, year_id: UUID) -> list[dict[str, Any]]:
    """Before the proposal goes to TLĐ: each proposed unit with its appraisal (total,
    rank) and the vote that backs it (the award's last closed round: its share, whether
    it passed), so the chair sees what is being sent."""
    found = views.year_standings(app, year_id)
    rows = {r.unit: r for r in found.rows}
    polls = found.state.get("polls", {})
    proposed = found.state.get("proposal", {}).get("proposed", {})
    out = []
    for award, units in proposed.items():
        closed = [p for p in polls.values() if p["award"] == award and p["result"]]
        vote = max(closed, key=lambda p: p["round"]) if closed else None
        for unit in units:
            row = rows.get(unit)
            result = vote["result"] if vote else None
            out.append(
                {
                    "award": award,
                    "unit": unit,
                    "appraised": row.appraised_total if row else None,
                    "rank": row.rank if row else None,
                    "votes": result["tally"].get(unit, 0) if result else None,
                    "voters": result["participated"] if result else None,
                    "eligible": result["eligible"] if result else None,
                    "passed": unit in result["passed"] if result else False,
                    "closed_on": date.fromisoformat(result["closed_on"]) if result else None,
                }
            )
    return out
