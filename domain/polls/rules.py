"""The rules of a poll (domain.poll) as pure functions: candidates, paper figures,
counting and deciding.

Counting semantics (DOMAIN.md "Votes and elections"):
- quorum: ballots taken into account / eligible voters ≥ the regulation's quorum share;
  on paper, returned ballots stand for the members present;
- absent members' written votes: "count" → they count as ballots and towards quorum;
  "ignore" → recorded but left out of both (the result says how many);
- a blank ballot is a valid ballot with no choice: it counts towards quorum and, for a
  threshold on basis "votes", among the votes cast (so it weighs like "against");
- single-winner polls (leading, chair, vice_chair): the option with the most votes wins
  if quorum is met and it reached the threshold; a tie at the top has no winner;
- awards: the options that reached the threshold, most votes first, within the award's
  cap; options tied across the cap's cut are all left out (the conference votes again).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Protocol
from uuid import UUID

from domain.kernel.base import require
from domain.org.regulation import Regulation, Threshold

SINGLE_WINNER = ("leading", "chair", "vice_chair")
# A secret poll's counts are published only from this many ballots (and the quorum's):
# with fewer, the counts would show how the few who voted chose.
SMALLEST_SECRET_TALLY = 3
Ballot = tuple[list[UUID], bool]  # (choices, absentee)


class YearView(Protocol):
    """What opening a poll needs of its cluster-year (domain.year.EmulationYear)."""

    @property
    def id(self) -> UUID: ...

    year: int
    vice_chair: UUID | None
    members: list[UUID]
    regulation: Regulation
    successors: dict[str, UUID]


@dataclass(frozen=True)
class PollResult:
    """Kết quả bỏ phiếu, as the poll's Closed event states it."""

    poll_id: UUID
    kind: str
    award: str | None
    round: int
    secret: bool
    method: str
    rules: dict[str, Any]
    eligible: int
    participated: int  # ballots taken into account for quorum (paper: returned)
    counted: int  # valid ballots, blank ones included: the threshold basis "votes"
    blank: int
    invalid: int
    issued: int | None  # paper only
    absentee_counted: int
    absentee_ignored: int
    quorum_met: bool
    tally: dict[UUID, int]
    reached: list[UUID]  # options whose votes reached the threshold, most votes first
    passed: list[UUID]  # the outcome: [winner], or the units proposed for the award
    over_cap: list[UUID]  # reached the threshold but left out by the award's cap
    winner: UUID | None
    late_days: int
    closed_on: date
    # eg1 polls: ballots per origin (electronic, absentee, paper) and the two tallies
    # the total is made of (encrypted_tally, paper_tally); None for other polls
    origins: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "tally": {k.hex: v for k, v in self.tally.items()}}


def check_candidates(year: YearView, kind: str, options: list[UUID]) -> None:
    """Election candidates: rotation gives the chair poll this year's vice-chair."""
    if kind not in ("chair", "vice_chair"):
        return
    require(kind not in year.successors, "poll.role_filled", role=kind)
    if kind == "chair" and year.regulation.rotation == "vice_to_chair":
        require(year.vice_chair is not None, "poll.no_vice_chair")
        require(options == [year.vice_chair], "poll.rotation_candidate")
    if kind == "vice_chair":
        require(year.successors.get("chair") not in options, "poll.candidate_is_chair_elect")


def default_question(year: YearView, kind: str, award: str | None) -> str:
    if kind == "award":
        return f"Bình xét đề nghị {year.regulation.award(award or '').name} năm {year.year}"
    return {
        "leading": f"Suy tôn đơn vị dẫn đầu Cụm thi đua năm {year.year}",
        "chair": f"Bầu Trưởng Cụm thi đua năm {year.year + 1}",
        "vice_chair": f"Bầu Phó Cụm thi đua năm {year.year + 1}",
    }[kind]


def check_paper(
    issued: int,
    returned: int,
    valid: int,
    invalid: int,
    per_option: list[int],
    *,
    eligible: int,
    max_choices: int,
) -> None:
    figures = [issued, returned, valid, invalid, *per_option]
    require(all(type(n) is int and n >= 0 for n in figures), "poll.tally_negative")
    require(issued <= eligible, "poll.tally_issued_over_eligible", eligible=eligible)
    require(returned <= issued, "poll.tally_returned_over_issued")
    require(valid + invalid == returned, "poll.tally_valid_invalid_mismatch")
    require(all(n <= valid for n in per_option), "poll.tally_option_over_valid")
    most = valid * max_choices
    require(sum(per_option) <= most, "poll.tally_sum_over_capacity", most=most)


def count_ballots(
    ballots: list[Ballot], options: list[UUID], rules: dict[str, Any]
) -> dict[str, Any]:
    ignore_absentee = rules["absentee_votes"] == "ignore"
    counted = [choices for choices, absentee in ballots if not (absentee and ignore_absentee)]
    absentee = sum(1 for _, is_absentee in ballots if is_absentee)
    return {
        "participated": len(counted),
        "counted": len(counted),
        "blank": sum(1 for c in counted if not c),
        "invalid": 0,
        "issued": None,
        "absentee_counted": 0 if ignore_absentee else absentee,
        "absentee_ignored": absentee if ignore_absentee else 0,
        "tally": {o.hex: sum(1 for c in counted if o in c) for o in options},
    }


def count_paper(paper: dict[str, Any]) -> dict[str, Any]:
    return {
        "participated": paper["returned"],
        "counted": paper["valid"],
        "blank": 0,  # not asked of the committee: blank papers are among the valid
        "invalid": paper["invalid"],
        "issued": paper["issued"],
        "absentee_counted": 0,
        "absentee_ignored": 0,
        "tally": dict(paper["per_option"]),
    }


def too_few_to_publish(participated: int, eligible: int, rules: dict[str, Any]) -> bool:
    need = math.ceil(Fraction(rules["quorum"]) * eligible)
    return participated < max(SMALLEST_SECRET_TALLY, need)


def withheld(figures: dict[str, Any]) -> dict[str, Any]:
    """A secret poll with too few ballots: its turnout stays (who took part is public),
    its counts are not published: the result says only that the poll failed."""
    origins = figures.get("origins")
    if origins is not None:  # how many came by each way stays; what they chose does not
        origins = {**origins, "encrypted_tally": None, "paper_tally": None}
    return {**figures, "counted": 0, "blank": 0, "invalid": 0, "tally": {}, "origins": origins}


def is_withheld(secret: bool, tally: dict[Any, int], participated: int) -> bool:
    return secret and participated > 0 and not tally


def decide(
    kind: str, rules: dict[str, Any], cap: int, eligible: int, figures: dict[str, Any]
) -> dict[str, Any]:
    tally: dict[str, int] = figures["tally"]
    quorum = Fraction(rules["quorum"])
    quorum_met = eligible > 0 and Fraction(figures["participated"], eligible) >= quorum
    if figures["participated"] and not tally:  # withheld: too few ballots, it failed
        quorum_met = False
    threshold = Threshold(**rules["threshold"])
    reached = [o for o, n in tally.items() if threshold.reached(n, eligible, figures["counted"])]
    reached.sort(key=lambda o: -tally[o])  # stable: ties keep the options' order
    passed: list[str] = []
    winner = None
    if quorum_met and reached:
        if kind in SINGLE_WINNER:
            leaders = [o for o, n in tally.items() if n == max(tally.values())]
            if len(leaders) == 1 and leaders[0] in reached:
                winner = leaders[0]
                passed = [winner]
        else:
            passed = within_cap(reached, tally, cap)
    return {
        "eligible": eligible,
        "quorum_met": quorum_met,
        "reached": [UUID(o) for o in reached],
        "passed": [UUID(o) for o in passed],
        "over_cap": [UUID(o) for o in reached if o not in passed] if kind == "award" else [],
        "winner": None if winner is None else UUID(winner),
    }


def within_cap(ranked: list[str], tally: dict[str, int], cap: int) -> list[str]:
    """The top `cap` of `ranked`; options tied across the cut are all left out."""
    if len(ranked) <= cap:
        return ranked
    cut = tally[ranked[cap - 1]]
    above = [o for o in ranked if tally[o] > cut]
    at_cut = [o for o in ranked if tally[o] == cut]
    return above + at_cut if len(above) + len(at_cut) <= cap else above
