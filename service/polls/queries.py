"""The poll's read model: what its page, its API answer and the year's documents read."""

from __future__ import annotations

import hashlib
import math
from datetime import date, datetime
from fractions import Fraction
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.regulation import Threshold
from domain.polls.committee import CountingCommittee
from domain.polls.poll import Participation, Poll
from service.org.regulation_words import quorum_words, rule_sentence, rules_of
from service.platform import clock
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.polls import committee as counting
from service.polls import polls
from service.polls.explain import explain
from service.views.projector import counts_for
from service.year import queries

BALLOT_TOPICS = (Poll.BallotSealed.TOPIC, Poll.BallotEncrypted.TOPIC)


def poll_on(app: ThiduaApplication, poll_id: UUID, day: date) -> tuple[Poll, bool, datetime | None]:
    """The poll as it stood at the end of `day` (its events up to the first one that
    counts for a later day), whether it was open by then at all, and when that first
    later event was recorded (None: none came later)."""
    current = polls.poll_of(app, poll_id)
    version, counted, later = None, None, None
    for stored in app.recorder.select_events(poll_id):
        event: Any = app.mapper.to_domain_event(stored)
        counted = counts_for(event, counted)
        if counted is not None and counted > day:
            later = event.timestamp
            break
        version = event.originator_version
    if version is None:
        return app.repository.get(poll_id, version=1), False, later
    if version == current.version:
        return current, True, later
    return app.repository.get(poll_id, version=version), True, later


def poll_info(
    app: ThiduaApplication, poll_id: UUID, lang: str = "vi", *, day: date | None = None
) -> dict[str, Any]:
    """The poll's page and API answer; as of a `day`: its ballots and result then, with
    the names units bore that day."""
    poll, opened, later = (
        (polls.poll_of(app, poll_id), True, None) if day is None else poll_on(app, poll_id, day)
    )
    info = queries.year(app, poll.year_id, day=day)
    result = poll.result.to_dict() if poll.is_closed else None
    options = [(o.hex, info["names"].get(o.hex, o.hex)) for o in poll.options]
    award_name = info["award_names"].get(poll.award or "", "")
    threshold = Threshold(**poll.rules["threshold"])
    return {
        "id": poll.id.hex,
        "year_id": poll.year_id.hex,
        "kind": poll.kind,
        "award": poll.award,
        "round": poll.round,
        "question": poll.question,
        "secret": poll.secret,
        "method": poll.method,
        "max_choices": poll.max_choices,
        "opened_on": poll.opened_on,
        "options": [{"id": o.hex, "name": info["names"].get(o.hex, o.hex)} for o in poll.options],
        "voters": [v.hex for v in poll.voters],
        "closed": poll.is_closed,
        "ballots_received": poll.ballots_received,
        "result": result,
        "rule": rule_sentence(poll.kind, threshold, award_name, lang),
        "quorum_rule": quorum_words(rules_of({**poll.rules, "thresholds": {}, "awards": []}), lang),
        "explanation": explain(poll.kind, result, options, award_name, poll.cap, lang)
        if result
        else None,
        "paper": poll.paper,
        "paper_eligible": poll.paper_eligible,  # paper ballots that may still be issued
        "decided": poll.decided,
        "later_round": app.exists(Poll.id_for(poll.year_id, poll.kind, poll.award, poll.round + 1)),
        "void": poll.is_void,
        "ballots": counted_ballots(poll) if poll.is_closed else [],
        "open_votes": open_votes(poll),
        "opened": opened,  # False: as of a day before it was opened
        # "eg1": counted by a committee; its public record once closed (verify_tally.py)
        "format": poll.format,
        "committee": _committee_info(app, poll, info["names"], later),
        "record": _record(app, poll),
        "year": info,
    }


def committee_before(app: ThiduaApplication, poll_id: UUID, until: datetime) -> CountingCommittee:
    """The committee as it stood before `until`: the steps recorded before it (they
    carry no date of their own: they count when recorded)."""
    committee_id = CountingCommittee.id_for(poll_id)
    version = 1
    for stored in app.recorder.select_events(committee_id):
        event: Any = app.mapper.to_domain_event(stored)
        if event.originator_version > 1 and event.timestamp >= until:
            break
        version = event.originator_version
    return app.repository.get(committee_id, version=version)  # type: ignore[no-any-return]


def _committee_info(
    app: ThiduaApplication, poll: Poll, names: dict[str, str], until: datetime | None = None
) -> dict[str, Any] | None:
    """An eg1 poll's committee: its members, each with the steps it has done (announced,
    dealt, confirmed, gave its partial decryption of the tally as it stands), k, the
    ceremony's stage and how many partials of the current tally are in; as of a day,
    as they stood before the poll's first event after it was recorded (`until`)."""
    if poll.committee is None:
        return None
    committee = (
        counting.committee_of(app, poll.id)
        if until is None
        else committee_before(app, poll.id, until)
    )
    current = committee.partials_for(len(poll.counted_encrypted))
    members = []
    for i, m in enumerate(poll.committee["members"], 1):
        members.append(
            {
                "id": m.hex,
                "name": names.get(m.hex, m.hex),
                "announced": i in committee.announcements,
                "dealt": i in committee.dealt,
                "confirmed": i in committee.verification_keys,
                "decrypted": i in current,
            }
        )
    return {
        "members": members,
        "threshold": poll.threshold,
        "key_published": poll.joint_key is not None,
        # the record is published with the close, in the same save: not before it
        "stage": "ready"
        if committee.stage == "published" and not poll.is_closed
        else committee.stage,
        "partials": len(current),
        "too_few_to_count": poll.too_few_to_count(),
    }


def _record(app: ThiduaApplication, poll: Poll) -> dict[str, Any] | None:
    if poll.format != "eg1" or not poll.is_closed:
        return None
    try:
        return counting.election_record(app, poll.id)
    except DomainError:  # too few ballots: nothing was decrypted, no record
        return None


# -- the voter's receipt, turnout and the counted ballots --------------------------------
def fingerprint(text: str) -> str:
    """A ballot's short public mark: the first 12 hex digits of SHA-256, in threes."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:12].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 12, 4))


def counted_ballots(poll: Poll) -> list[dict[str, Any]]:
    """Every ballot in the box, numbered in the order cast, each with its mark: a sealed
    ballot's mark is of its sealed text (which no one can open without the ballot
    secret), an open ballot's of the poll, its number and voter. After closing, the
    page lists them: a voter finds the mark of its receipt among the ballots counted."""
    if poll.format == "eg1":  # the mark of its receipt (the ballot's hash)
        return [
            {"number": i, "mark": fingerprint(r), "receipt": r}
            for i, (_, r) in enumerate(poll.encrypted, 1)
        ]
    if poll.secret:
        return [{"number": i, "mark": fingerprint(s)} for i, s in enumerate(poll.sealed, 1)]
    return [
        {"number": i, "mark": fingerprint(f"{poll.id.hex}:{i}:{voter.hex}")}
        for i, (voter, _) in enumerate(poll.open_ballots, 1)
    ]


def _ballot_number(app: ThiduaApplication, poll: Poll, voter: UUID, cast_at: datetime) -> int:
    """Which ballot in the box is `voter`'s (0: none, e.g. set aside). Open: by its
    voter. Sealed: the ballot and the Participation are made by one call and saved in
    one transaction, the ballot first; a ballot made at the same time by someone else
    could not have been saved (both write the poll's next version: the loser retries,
    later), so the voter's is the last sealed before its Participation was made."""
    if not poll.secret:
        voters = [v for v, _ in poll.open_ballots]
        return voters.index(voter) + 1 if voter in voters else 0
    number = 0
    for seen, stored in enumerate(
        (e for e in app.recorder.select_events(poll.id) if e.topic in BALLOT_TOPICS), 1
    ):
        made: Any = app.mapper.to_domain_event(stored)
        if made.timestamp <= cast_at:
            number = seen
    return number


def ballot_receipt(app: ThiduaApplication, poll_id: UUID, voter: UUID) -> dict[str, Any] | None:
    """The receipt of `voter`'s ballot (None: it has not voted): when (Vietnam time),
    whether the chair filed it as an absent member's written vote, and the ballot's
    number and mark in the box (never what it chose)."""
    found = app.find(Participation.id_for(poll_id, voter))
    if found is None:
        return None
    poll = polls.poll_of(app, poll_id)
    cast_at = found.created_on
    number = _ballot_number(app, poll, voter, cast_at)
    ballots = counted_ballots(poll)
    mark = ballots[number - 1]["mark"] if 0 < number <= len(ballots) else ""
    return {
        "voter": voter.hex,
        "at": cast_at.astimezone(clock.VIETNAM).strftime("%H:%M %d/%m/%Y"),
        "on": found.on,
        "absentee": found.absentee,
        "number": number,
        "mark": mark,
        "reference": f"{number}/{mark}" if mark else "",
        # eg1: the ballot's hash, its receipt in the public record (verify_tally.py)
        "hash": ballots[number - 1].get("receipt", "") if 0 < number <= len(ballots) else "",
    }


def turnout(app: ThiduaApplication, poll_id: UUID) -> dict[str, Any]:
    """Before closing: ballots in against the quorum, and who has not voted yet."""
    poll = polls.poll_of(app, poll_id)
    eligible = len(poll.voters)
    need = math.ceil(Fraction(poll.rules["quorum"]) * eligible)
    if poll.method == "paper":
        received = (poll.paper or {}).get("returned", 0)
        missing: list[str] = []
    else:
        received = poll.ballots_received
        missing = [v.hex for v in poll.voters if not app.exists(Participation.id_for(poll.id, v))]
    return {
        "eligible": eligible,
        "received": received,
        "need": need,
        "quorum_met": received >= need and eligible > 0,
        "missing": missing,
        "paper": poll.paper,
        "absentee_votes": poll.rules.get("absentee_votes"),
    }


def open_votes(poll: Poll) -> list[dict[str, Any]]:
    """An open vote, once closed: who voted for whom (a secret or paper one: none)."""
    if poll.secret or poll.method != "electronic" or not poll.is_closed:
        return []
    return [{"voter": v.hex, "choices": [c.hex for c in cs]} for v, cs in poll.open_ballots]


def open_polls_for(app: ThiduaApplication, who: Principal) -> list[dict[str, Any]]:
    """The open electronic polls in which the principal's unit may vote, with whether it
    has voted already (for the home page: open polls first)."""
    if who.unit is None:
        return []
    found = []
    for cluster in queries.clusters(app):
        if who.unit.hex not in cluster["members"]:
            continue
        for y in cluster["years"]:
            for p in polls.polls_of_year(app, UUID(y["id"])):
                if p["closed"] or p["void"] or p["method"] != "electronic":
                    continue
                poll = polls.poll_of(app, p["id"])
                if who.unit not in poll.voters:
                    continue
                voted = app.exists(Participation.id_for(poll.id, who.unit))
                found.append(
                    {
                        **p,
                        "id": p["id"].hex,
                        "case_title": f"{cluster['name']} — {y['year']}",
                        "voted": voted,
                        # eg1: no ballot is taken before the committee's joint key
                        "waiting_for_key": poll.committee is not None and poll.joint_key is None,
                    }
                )
    return found
