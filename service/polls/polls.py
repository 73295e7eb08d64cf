"""Command handlers for polls (bình xét, suy tôn, bầu Trưởng/Phó Cụm).

Who may act: the year's chair opens polls (or an administrator), files absent members'
written votes, enters the counting committee's paper tally and closes polls; each
member unit casts its own ballot. One vote per voter: the handler checks, and the
store enforces it (a second Participation with the same natural id cannot be saved);
after a collision the retry sees the winner's Participation and refuses.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError, require
from domain.polls.poll import ELECTIONS, Participation, Poll
from domain.polls.rules import PollResult
from domain.year.year import EmulationYear
from service.platform import ballots
from service.platform.app import ThiduaApplication, execute, load
from service.platform.auth import Principal, allow
from service.polls import committee as counting
from service.year.changes import refuse_if_pending
from service.year.clusters import is_chair, read_year, successor_changes, year_of

MAX_ROUNDS = 20


def poll_of(app: ThiduaApplication, poll_id: UUID) -> Poll:
    return load(app, poll_id, "cuộc bỏ phiếu")


def open_poll(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    kind: str,
    options: list[UUID] | None,
    on: date,
    *,
    award: str | None = None,
    secret: bool | None = None,
    method: str = "electronic",
    max_choices: int | None = None,
    question: str | None = None,
    committee: list[UUID] | None = None,
    threshold: int | None = None,
) -> UUID:
    """Open the next round of the year's poll of `kind` (`award` for kind "award").
    Without `options`, a chair poll under rotation stands this year's vice-chair and
    other polls stand every member. A new round needs the last one closed undecided.

    A secret electronic poll may name a counting committee (`committee`: n member
    units of the year, `threshold`: the k of them needed to count, 1 < k ≤ n): its
    ballots are encrypted to the committee's joint key (format "eg1", service/polls/
    committee.py) and no one alone can open them. Without one, the ballots are sealed
    with the server's key (format "v1": weaker, whoever holds the key file and the
    store can open them; docs/secret-ballots.md)."""

    def run() -> UUID:
        year = read_year(app, year_id)
        allow(who.is_admin or is_chair(who, year))
        refuse_if_pending(app, year)  # a merged body votes once: decide first
        candidates = list(options) if options is not None else _default_options(year, kind)
        poll = Poll.open(
            year,
            kind,
            candidates,
            on,
            award=award,
            secret=secret,
            method=method,
            max_choices=max_choices,
            question=question,
            round=_next_round(app, year_id, kind, award),
            committee=committee,
            threshold=threshold,
        )
        if poll.committee is not None:
            app.save(poll, counting.name_committee(poll))
        else:
            app.save(poll)
        return poll.id

    return execute(app, who.actor, run)


def cast_ballot(
    app: ThiduaApplication,
    who: Principal,
    poll_id: UUID,
    choices: list[UUID],
    on: date,
    *,
    blank: bool = False,
) -> str | None:
    """The principal's unit votes for itself (`blank=True`, no choices: a blank ballot).
    Returns the receipt of an eg1 ballot (its hash, found in the poll's record)."""

    def run() -> str | None:
        poll = poll_of(app, poll_id)
        allow(who.unit is not None and who.unit in poll.voters)  # a voter of this poll
        assert who.unit is not None
        return _cast(app, poll, who.unit, choices, on, None, blank)

    return execute(app, who.actor, run)


def cast_absentee_ballot(
    app: ThiduaApplication,
    who: Principal,
    poll_id: UUID,
    voter: UUID,
    choices: list[UUID],
    on: date,
    *,
    blank: bool = False,
) -> None:
    """The chair files an absent member's written vote (phiếu gửi của đơn vị vắng mặt)."""

    def run() -> None:
        poll = poll_of(app, poll_id)
        allow(is_chair(who, read_year(app, poll.year_id)))
        _cast(app, poll, voter, choices, on, who.unit, blank)

    execute(app, who.actor, run)


def _cast(
    app: ThiduaApplication,
    poll: Poll,
    voter: UUID,
    choices: list[UUID],
    on: date,
    filed_by: UUID | None,
    blank: bool,
) -> str | None:
    require(not app.exists(Participation.id_for(poll.id, voter)), "poll.already_voted")
    seal = ballots.sealer(poll.id) if poll.format == "v1" else None
    encrypt = counting.encrypter(app, poll) if poll.format == "eg1" else None
    participation = poll.cast(
        voter, choices, on, filed_by=filed_by, blank=blank, seal=seal, encrypt=encrypt
    )
    app.save(poll, participation)  # one transaction: both records, or neither
    return poll.encrypted[-1][1] if encrypt is not None else None


def record_paper_tally(
    app: ThiduaApplication,
    who: Principal,
    poll_id: UUID,
    issued: int,
    returned: int,
    valid: int,
    invalid: int,
    per_option: dict[Any, int],
    on: date,
) -> None:
    """The counting committee's figures; `per_option` keys are unit ids (UUID or hex)."""
    counts = {k if isinstance(k, UUID) else _unit_id(k): v for k, v in per_option.items()}

    def run() -> None:
        poll = poll_of(app, poll_id)
        allow(is_chair(who, read_year(app, poll.year_id)))
        poll.record_paper_tally(issued, returned, valid, invalid, counts, on)
        app.save(poll)

    execute(app, who.actor, run)


def close_poll(app: ThiduaApplication, who: Principal, poll_id: UUID, on: date) -> PollResult:
    """Count and record the result; an election's winner becomes the year's successor
    (and next year's role holder if that year is open), saved with the poll."""

    def run() -> PollResult:
        poll = poll_of(app, poll_id)
        year = year_of(app, poll.year_id)
        allow(is_chair(who, year))
        unseal = ballots.unsealer(poll.id) if poll.format == "v1" else None
        changed: list[Any] = [poll]
        tally = None
        if poll.format == "eg1":  # needs k members' partial decryptions
            tally, committee = counting.decrypted(app, poll)
            changed.append(committee)
        deadline = year.deadline("conference") if "conference" in year.plan else None
        winner = poll.close(on, deadline=deadline, unseal=unseal, decrypted=tally)
        if poll.kind in ELECTIONS and winner is not None:
            changed += successor_changes(app, year, poll.kind, winner, poll.id, on)
        app.save(*changed)
        return poll.result

    return execute(app, who.actor, run)


def polls_of_year(app: ThiduaApplication, year_id: UUID) -> list[dict[str, Any]]:
    """Every poll of the year, every round, in the conference's order; no tallies."""
    year = read_year(app, year_id)
    keys = [("leading", None)] + [("award", a.code) for a in year.regulation.awards]
    found = []
    for kind, award in [*keys, ("chair", None), ("vice_chair", None)]:
        for number in range(1, MAX_ROUNDS + 1):
            poll = app.find(Poll.id_for(year_id, kind, award, number))
            if poll is None:
                break
            found.append(
                {
                    "id": poll.id,
                    "kind": kind,
                    "award": award,
                    "round": number,
                    "question": poll.question,
                    "secret": poll.secret,
                    "method": poll.method,
                    "opened_on": poll.opened_on,
                    "closed": poll.is_closed,
                    "void": poll.is_void,
                    "ballots_received": poll.ballots_received,
                }
            )
    return found


def _next_round(app: ThiduaApplication, year_id: UUID, kind: str, award: str | None) -> int:
    for number in range(1, MAX_ROUNDS + 1):
        previous = app.find(Poll.id_for(year_id, kind, award, number))
        if previous is None:
            return number
        if previous.is_void:  # void by an organisation change: run the next round
            continue
        require(previous.is_closed, "poll.previous_round_open")
        require(not previous.decided, "poll.already_decided")
    raise DomainError("poll.too_many_rounds", most=MAX_ROUNDS)


def _default_options(year: EmulationYear, kind: str) -> list[UUID]:
    if kind == "chair" and year.regulation.rotation == "vice_to_chair":
        return [year.vice_chair] if year.vice_chair is not None else []
    elect = year.successors.get("chair") if kind == "vice_chair" else None
    return [m for m in year.members if m != elect]


def _unit_id(key: Any) -> UUID:
    try:
        return UUID(str(key))
    except ValueError:
        raise DomainError("poll.choice_not_option", option=key) from None
