"""Poll (bình xét, suy tôn, bầu Trưởng/Phó Cụm): one vote of the year-end conference.

Kinds: "leading" (suy tôn đơn vị dẫn đầu), "award" (bình xét đề nghị khen thưởng),
"chair" and "vice_chair" (bầu Trưởng Cụm, Phó Cụm of next year). The rules in force
(quorum, absentee rule, threshold, cap) are copied into the poll when it opens, so a
later change of the regulation never changes a result. A result below quorum or
threshold is a result too; an undecided poll may be followed by another round.

One vote per voter is the store's rule: each ballot creates a `Participation` whose id
is `natural_id("vote", poll, voter)`, so a second one collides on (originator, version).
In a secret poll the Participation says only *that* a unit voted; the poll's stream
holds the choices sealed by the service (`seal`/`unseal` are passed in: the domain
knows no keys), under a neutral actor. The plaintext is a fixed-length bitmap over the
options, so not even a sealed ballot's length tells how many options were ticked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, field, fields
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import DEFAULT_LATE_ENTRY_DAYS, Actor, ThiduaAggregate, natural_id, require
from domain.polls import rules as poll_rules
from domain.polls.committee import check_committee
from domain.polls.rules import Ballot, PollResult, YearView
from domain.year.plan import days_late

KINDS = ("leading", "award", "chair", "vice_chair")
SINGLE_WINNER = ("leading", "chair", "vice_chair")
ELECTIONS = ("chair", "vice_chair")
METHODS = ("electronic", "paper")
# Sealed ballots carry this actor, not the voter's: who cast is on the Participation.
BALLOT_BOX = Actor("ballot-box")


def poll_key(kind: str, award: str | None = None) -> str:
    return f"award:{award}" if kind == "award" else kind


class Poll(ThiduaAggregate):
    TOPIC = "thidua.Poll"
    # Ballot formats: "v1" sealed with the server's key (service/platform/ballots.py),
    # "eg1" encrypted to a counting committee's joint key (domain/polls/committee.py)

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.Poll.Opened"
        year_id: UUID
        kind: str
        award: str | None
        round: int
        question: str
        options: list[UUID]
        max_choices: int
        cap: int
        secret: bool
        method: str
        voters: list[UUID]
        rules: dict[str, Any]
        on: date

    class BallotCast(ThiduaAggregate.Event):
        TOPIC = "thidua.Poll.BallotCast"
        voter: UUID
        choices: list[UUID]
        absentee: bool
        on: date

    class BallotSealed(ThiduaAggregate.Event):
        TOPIC = "thidua.Poll.BallotSealed"
        actor: Actor = field(default_factory=lambda: BALLOT_BOX, init=False)
        sealed: str
        CARRIES_LATE_REASON = False  # nothing a participation carries too

    class CommitteeNamed(ThiduaAggregate.Event):
        """A secret electronic poll counted by a committee (format "eg1"): its n
        members and the k of them needed to count (the CountingCommittee's stream)."""

        TOPIC = "thidua.Poll.CommitteeNamed"
        members: list[UUID]
        threshold: int

    class JointKeyPublished(ThiduaAggregate.Event):
        TOPIC = "thidua.Poll.JointKeyPublished"
        joint_key: str

    class BallotEncrypted(ThiduaAggregate.Event):
        """An eg1 ballot: one ciphertext per option with its proofs (public JSON), and
        its hash, the voter's receipt. Under the ballot box, never the voter."""

        TOPIC = "thidua.Poll.BallotEncrypted"
        actor: Actor = field(default_factory=lambda: BALLOT_BOX, init=False)
        ballot: dict[str, Any]
        receipt: str
        absentee: bool  # a written vote the chair filed (its Participation says so too)
        CARRIES_LATE_REASON = False

    class PaperTallyRecorded(ThiduaAggregate.Event):
        TOPIC = "thidua.Poll.PaperTallyRecorded"
        issued: int
        returned: int
        valid: int
        invalid: int
        per_option: dict[str, int]
        on: date

    class Closed(ThiduaAggregate.Event):
        TOPIC = "thidua.Poll.Closed"
        eligible: int
        participated: int
        counted: int
        blank: int
        invalid: int
        issued: int | None
        absentee_counted: int
        absentee_ignored: int
        quorum_met: bool
        tally: dict[str, int]
        reached: list[UUID]
        passed: list[UUID]
        over_cap: list[UUID]
        winner: UUID | None
        late_days: int
        on: date
        origins: dict[str, Any] | None = None  # eg1 polls: see _count_encrypted

        def apply(self, aggregate: Poll) -> None:
            names = [f.name for f in fields(PollResult) if f.name in self.__dict__]
            aggregate._result = {n: getattr(self, n) for n in names} | {"closed_on": self.on}

    class VoterWithdrawn(ThiduaAggregate.Event):
        """A voter's unit left the year by a decision (merged, split, dissolved, left)
        while the poll was open. `outcome` says what became of its vote:

        - "removed": it had not voted; it leaves the voters (its `successor`, if not a
          voter, takes its seat);
        - "stands": it had voted and its successor had not: that ballot is the merged
          body's one vote; the successor takes its seat and may not vote again;
        - "set_aside": it had voted and must not count (it left, or its successor voted
          too) in an open ballot: its ballot is set aside, kept in the history;
        - "voided": the same in a secret ballot, where no one can tell which ballot is
          its: the poll is void and the chair opens a new round (the honest way).
        """

        TOPIC = "thidua.Poll.VoterWithdrawn"
        voter: UUID
        successor: UUID | None
        outcome: str
        reason: str
        on: date

    class CandidateWithdrawn(ThiduaAggregate.Event):
        """A candidate's unit left the year by a decision while the poll was open.
        `outcome`: "replaced" (its successor, not a candidate yet, stands in its place),
        "removed" (it withdrew, or its successor is a candidate already), or "voided"
        (ballots may have chosen it: an open ballot that did, any sealed ballot, a paper
        tally; they were cast for the candidates as they stood, so the poll is void and
        the chair opens a new round; so too when no candidate is left)."""

        TOPIC = "thidua.Poll.CandidateWithdrawn"
        candidate: UUID
        successor: UUID | None
        outcome: str
        reason: str
        on: date

    @staticmethod
    def id_for(year_id: UUID, kind: str, award: str | None = None, round: int = 1) -> UUID:
        parts: list[object] = [year_id, poll_key(kind, award)]
        return natural_id("poll", *parts, *([round] if round > 1 else []))

    @classmethod
    def create_id(cls, year_id: UUID, kind: str, award: str | None, round: int, **_: Any) -> UUID:
        return cls.id_for(year_id, kind, award, round)

    @classmethod
    def open(
        cls,
        year: YearView,
        kind: str,
        options: list[UUID],
        on: date,
        *,
        award: str | None = None,
        secret: bool | None = None,
        method: str = "electronic",
        max_choices: int | None = None,
        question: str | None = None,
        round: int = 1,
        committee: list[UUID] | None = None,
        threshold: int | None = None,
    ) -> Poll:
        require(kind in KINDS, "poll.bad_kind", kind=kind)
        require(method in METHODS, "poll.bad_method", method=method)
        require((award is not None) == (kind == "award"), "poll.award_mismatch")
        reg, members, options = year.regulation, list(year.members), list(options)
        require(bool(options), "poll.no_options")
        require(len(set(options)) == len(options), "poll.duplicate_option")
        for option in options:
            require(option in members, "poll.option_not_member", option=option)
        cap = reg.award(award or "").cap(len(members)) if kind == "award" else 1
        require(cap >= 1, "poll.award_cap_zero", award=award)
        poll_rules.check_candidates(year, kind, options)
        most = min(cap, len(options))
        choices = (most if kind == "award" else 1) if max_choices is None else max_choices
        require(1 <= choices <= most, "poll.bad_max_choices", max=most)
        rules = {
            "quorum": reg.quorum,
            "absentee_votes": reg.absentee_votes,
            "threshold": asdict(reg.threshold_for(kind, award)),
            "late_entry_days": reg.late_entry_days,
        }
        poll = cls(
            year_id=year.id,
            kind=kind,
            award=award,
            round=round,
            question=question or poll_rules.default_question(year, kind, award),
            options=options,
            max_choices=choices,
            cap=cap,
            secret=reg.secret_ballot if secret is None else bool(secret),
            method=method,
            voters=members,
            rules=rules,
            on=on,
        )
        if committee is not None or threshold is not None:
            require(poll.secret and method == "electronic", "poll.committee_not_secret")
            require(committee is not None and threshold is not None, "poll.committee_incomplete")
            assert committee is not None and threshold is not None
            for unit in committee:
                require(unit in members, "poll.committee_not_member")
            check_committee(list(committee), threshold)
            poll._committee_named(members=list(committee), threshold=threshold)
        return poll

    @event(Created)
    def __init__(
        self,
        year_id: UUID,
        kind: str,
        award: str | None,
        round: int,
        question: str,
        options: list[UUID],
        max_choices: int,
        cap: int,
        secret: bool,
        method: str,
        voters: list[UUID],
        rules: dict[str, Any],
        on: date,
    ) -> None:
        self.year_id, self.kind, self.award, self.round = year_id, kind, award, round
        self.question, self.options = question, options
        self.max_choices, self.cap, self.secret, self.method = max_choices, cap, secret, method
        self.voters, self.rules, self.opened_on = list(voters), rules, on
        self.voted: set[UUID] = set()  # open polls only: a secret poll never knows
        self._open_ballots: list[Ballot] = []
        self._open_voters: list[UUID] = []  # who cast each open ballot, in order
        self.stand_ins: dict[UUID, UUID] = {}  # successor -> absorbed unit whose vote stands
        self.set_aside: list[UUID] = []  # voters whose open ballots were set aside
        self.void: dict[str, Any] | None = None
        self.sealed: list[str] = []
        self.committee: dict[str, Any] | None = None  # eg1: {"members", "threshold"}
        self.joint_key: str | None = None
        self.encrypted: list[tuple[dict[str, Any], str]] = []  # eg1: (ballot, receipt)
        self._encrypted_absentee: list[bool] = []  # eg1: each ballot's origin
        self._nonces: set[str] = set()  # every ciphertext's first part (r·G) accepted
        self.paper: dict[str, Any] | None = None
        self._result: dict[str, Any] | None = None

    # -- state ---------------------------------------------------------------
    @property
    def is_closed(self) -> bool:
        return self._result is not None

    @property
    def format(self) -> str:
        """The ballots' format: "eg1" (counted by a committee), "v1" (sealed with the
        server's key), or "" (open or paper: nothing sealed)."""
        if self.committee is not None:
            return "eg1"
        return "v1" if self.secret and self.method == "electronic" else ""

    @property
    def is_void(self) -> bool:
        return self.void is not None

    @property
    def ballots_received(self) -> int:
        """Turnout so far: not a tally, it says nothing about choices."""
        if self.secret:
            return len(self.sealed) + len(self.encrypted)
        return len(self._open_ballots)

    @property
    def open_ballots(self) -> list[tuple[UUID, list[UUID]]]:
        """An open (non-secret) poll's counted ballots: who chose whom, in order."""
        return [
            (v, list(c)) for v, (c, _) in zip(self._open_voters, self._open_ballots, strict=True)
        ]

    @property
    def result(self) -> PollResult:
        require(self._result is not None, "poll.not_closed")
        r = dict(self._result or {})
        tally = {UUID(k): v for k, v in r.pop("tally").items()}
        return PollResult(
            poll_id=self.id,
            kind=self.kind,
            award=self.award,
            round=self.round,
            secret=self.secret,
            method=self.method,
            rules=self.rules,
            tally=tally,
            **r,
        )

    @property
    def tally(self) -> dict[UUID, int]:
        return self.result.tally

    @property
    def decided(self) -> bool:
        """Closed with an outcome (a winner; for awards, quorum met)."""
        if self._result is None:
            return False
        if self.kind in SINGLE_WINNER:
            return self._result["winner"] is not None
        return bool(self._result["quorum_met"])

    # -- commands ------------------------------------------------------------
    def cast(
        self,
        voter: UUID,
        choices: list[UUID],
        on: date,
        *,
        filed_by: UUID | None = None,
        blank: bool = False,
        seal: Callable[[bytes], str] | None = None,
        encrypt: Callable[[list[int]], tuple[dict[str, Any], str]] | None = None,
    ) -> Participation:
        """Record `voter`'s ballot (`blank=True` with no choices: a blank ballot). With
        `filed_by` (the chair's unit) it is an absent member's written vote. Returns the
        Participation to save in the same `app.save` as the poll. An eg1 poll takes
        `encrypt` (the chosen options' indices -> the checked ballot JSON and its
        receipt), a v1 poll `seal`."""
        self._check_open(on)
        require(self.method == "electronic", "poll.wrong_method", method=self.method)
        require(voter in self.voters, "poll.not_eligible")
        require(voter not in self.voted, "poll.already_voted")
        require(voter not in self.stand_ins, "poll.voted_through_absorbed")
        require(filed_by != voter, "poll.absentee_for_self")
        chosen = self._valid_choices(list(choices), blank)
        absentee = filed_by is not None
        if self.committee is not None:
            require(self.joint_key is not None, "poll.key_not_published")
            if encrypt is None:
                raise TypeError("an eg1 poll needs an encrypt function")
            ballot, receipt = encrypt([self.options.index(o) for o in chosen])
            self._accept_encrypted(ballot, receipt, absentee)
        elif self.secret:
            if seal is None:
                raise TypeError("a secret poll needs a seal function")
            plain = bytes([int(absentee), *(int(o in chosen) for o in self.options)])
            self._ballot_sealed(sealed=seal(plain))
        else:
            self._ballot_cast(voter=voter, choices=chosen, absentee=absentee, on=on)
        return Participation(poll=self.id, voter=voter, absentee=absentee, on=on)

    def record_paper_tally(
        self,
        issued: int,
        returned: int,
        valid: int,
        invalid: int,
        per_option: dict[UUID, int],
        on: date,
    ) -> None:
        """The counting committee's figures (biên bản kiểm phiếu). A later entry before
        close corrects an earlier one; both stay in the history."""
        self._check_open(on)
        require(
            self.method == "paper" or self.committee is not None,
            "poll.wrong_method",
            method=self.method,
        )
        for option in per_option:
            require(option in self.options, "poll.choice_not_option", option=option)
        counts = {o.hex: per_option.get(o, 0) for o in self.options}
        poll_rules.check_paper(
            issued,
            returned,
            valid,
            invalid,
            list(counts.values()),
            eligible=self.paper_eligible,
            max_choices=self.max_choices,
        )
        self._paper_tally_recorded(
            issued=issued,
            returned=returned,
            valid=valid,
            invalid=invalid,
            per_option=counts,
            on=on,
        )

    def close(
        self,
        on: date,
        deadline: date | None = None,
        unseal: Callable[[str], bytes] | None = None,
        decrypted: tuple[list[int], int] | None = None,
    ) -> UUID | None:
        """Count and decide; returns the winner (an election's winner becomes the
        year's successor: the service saves that with the poll). `deadline` is the
        conference window's end, for the days late. An eg1 poll takes `decrypted`:
        the tally per option combined from the partial decryptions, and how many
        valid partials there were (at least k; none needed when too few ballots were
        cast for a tally to be published: then nothing is decrypted)."""
        self._check_open(on)
        if self.committee is not None:
            figures = self._count_encrypted(decrypted)
        elif self.method == "paper":
            require(self.paper is not None, "poll.no_paper_tally")
            issued = (self.paper or {}).get("issued", 0)
            eligible = len(self.voters)  # fewer after a voter's unit left the year
            require(issued <= eligible, "poll.tally_issued_over_eligible", eligible=eligible)
            figures = poll_rules.count_paper(self.paper or {})
        else:
            figures = poll_rules.count_ballots(self._ballots(unseal), self.options, self.rules)
        too_few = (
            self.too_few_to_count()
            if self.committee is not None
            else poll_rules.too_few_to_publish(
                figures["participated"], len(self.voters), self.rules
            )
        )
        if self.secret and too_few:
            figures = poll_rules.withheld(figures)
        decision = poll_rules.decide(self.kind, self.rules, self.cap, len(self.voters), figures)
        late = days_late(on, deadline)
        self.trigger_event(self.Closed, **figures, **decision, late_days=late, on=on)
        return decision["winner"]

    def withdraw_voter(
        self,
        voter: UUID,
        successor: UUID | None,
        voted: bool,
        successor_voted: bool,
        reason: str,
        on: date,
    ) -> str:
        """The decision on an open year reaches this open poll (see VoterWithdrawn);
        `voted`, `successor_voted`: whether each took part (its Participation exists).
        Returns the outcome."""
        require(not self.is_closed and not self.is_void, "poll.closed")
        if voter not in self.voters:
            return ""
        if not voted:
            outcome = "removed"
        elif successor is not None and not successor_voted:
            outcome = "stands"
        elif not self.secret and self.method == "electronic":
            outcome = "set_aside"
        elif self.method == "paper":
            outcome = "removed"  # the committee's figures are re-entered before closing
        else:
            outcome = "voided"
        self._voter_withdrawn(
            voter=voter, successor=successor, outcome=outcome, reason=reason, on=on
        )
        return outcome

    def withdraw_candidate(
        self, candidate: UUID, successor: UUID | None, reason: str, on: date
    ) -> str:
        """The decision on an open year reaches this open poll's candidates (see
        CandidateWithdrawn). Returns the outcome ("" when it is no candidate here)."""
        require(not self.is_closed and not self.is_void, "poll.closed")
        if candidate not in self.options:
            return ""
        if self._cast_for(candidate):
            outcome = "voided"
        elif successor is not None and successor not in self.options:
            outcome = "replaced"
        elif len(self.options) > 1:
            outcome = "removed"
        else:
            outcome = "voided"
        self._candidate_withdrawn(
            candidate=candidate, successor=successor, outcome=outcome, reason=reason, on=on
        )
        return outcome

    def entry_bounds(self) -> tuple[date | None, int]:
        """Ballots, the tally and the closing count from the date the poll was held."""
        return self.opened_on, int(self.rules.get("late_entry_days", DEFAULT_LATE_ENTRY_DAYS))

    # -- helpers -------------------------------------------------------------
    def _cast_for(self, candidate: UUID) -> bool:
        """Whether a ballot in may have chosen `candidate` (sealed ones: who can tell)."""
        if self.paper is not None or self.sealed or self.encrypted:
            return True
        return any(candidate in choices for choices, _ in self._open_ballots)

    def _check_open(self, on: date) -> None:
        require(not self.is_void, "poll.void")
        require(not self.is_closed, "poll.closed")
        require(on >= self.opened_on, "poll.before_open", opened=self.opened_on)

    def _valid_choices(self, choices: list[UUID], blank: bool) -> list[UUID]:
        if blank:
            require(not choices, "poll.blank_with_choices")
            return []
        require(bool(choices), "poll.no_choice")
        require(len(set(choices)) == len(choices), "poll.duplicate_choice")
        for choice in choices:
            require(choice in self.options, "poll.choice_not_option", option=choice)
        require(len(choices) <= self.max_choices, "poll.too_many_choices", max=self.max_choices)
        return [o for o in self.options if o in choices]

    @property
    def counted_encrypted(self) -> list[tuple[dict[str, Any], str]]:
        """An eg1 poll's ballots that count, in order: all of them, less the written
        absentee votes when the rules ignore those. Only these are summed and decrypted
        (together: the result gives no counts per origin)."""
        ignore = self.rules.get("absentee_votes") == "ignore"
        return [
            b
            for b, absentee in zip(self.encrypted, self._encrypted_absentee, strict=True)
            if not (absentee and ignore)
        ]

    @property
    def paper_eligible(self) -> int:
        """How many paper ballots may be issued: every voter of a paper poll; in an eg1
        poll counted with the room's paper ballots, the voters who have not voted
        electronically (nor by a written absentee vote)."""
        if self.committee is None:
            return len(self.voters)
        return len(self.voters) - len(self.encrypted)

    def too_few_to_count(self) -> bool:
        """A secret poll's tally is not published (nor decrypted, for eg1) when fewer
        ballots than the quorum (or than 3) count. In an eg1 poll with paper ballots
        the decrypted part is the published total less the paper figures, so it must
        itself hold 3 ballots or none."""
        if not self.committee:
            return poll_rules.too_few_to_publish(
                self.ballots_received, len(self.voters), self.rules
            )
        cast = len(self.counted_encrypted)
        paper = int(self.paper["returned"]) if self.paper else 0
        if paper and 0 < cast < poll_rules.SMALLEST_SECRET_TALLY:
            return True
        return poll_rules.too_few_to_publish(cast + paper, len(self.voters), self.rules)

    def _count_encrypted(self, decrypted: tuple[list[int], int] | None) -> dict[str, Any]:
        """The decrypted tally of the electronic and written absentee ballots (summed
        while encrypted: never apart), plus the room's paper ballots when the committee
        entered their figures; `origins` says how many ballots came by each way and the
        two tallies the total is made of."""
        cast = len(self.counted_encrypted)
        absentee = sum(self._encrypted_absentee)
        ignore = self.rules.get("absentee_votes") == "ignore"
        paper = self.paper or {"issued": 0, "returned": 0, "valid": 0, "invalid": 0}
        paper_tally = dict(paper.get("per_option") or {o.hex: 0 for o in self.options})
        if self.too_few_to_count():
            counts = [0] * len(self.options)  # never decrypted: withheld below
        elif cast == 0:
            counts = [0] * len(self.options)  # paper only: nothing to decrypt
        else:
            require(decrypted is not None, "poll.too_few_partials", k=self.threshold)
            assert decrypted is not None
            counts, partials = decrypted
            require(partials >= self.threshold, "poll.too_few_partials", k=self.threshold)
            require(
                len(counts) == len(self.options) and all(0 <= c <= cast for c in counts),
                "poll.ballot_unreadable",
            )
        blank = cast - sum(counts) if self.max_choices == 1 else 0
        encrypted_tally = {o.hex: c for o, c in zip(self.options, counts, strict=True)}
        return {
            "participated": cast + paper["returned"],
            "counted": cast + paper["valid"],
            "blank": blank,
            "invalid": paper["invalid"],
            "issued": paper["issued"] if self.paper else None,
            "absentee_counted": 0 if ignore else absentee,
            "absentee_ignored": absentee if ignore else 0,
            "tally": {k: v + paper_tally.get(k, 0) for k, v in encrypted_tally.items()},
            "origins": {
                "electronic": cast - (0 if ignore else absentee),
                "absentee": 0 if ignore else absentee,
                "paper": paper["returned"],
                "encrypted_tally": encrypted_tally,
                "paper_tally": paper_tally if self.paper else None,
            },
        }

    @property
    def threshold(self) -> int:
        """k of an eg1 poll's committee (0: no committee)."""
        return int(self.committee["threshold"]) if self.committee else 0

    def publish_joint_key(self, joint_key: str) -> None:
        require(self.committee is not None, "poll.no_committee")
        require(self.joint_key is None, "poll.ceremony_step_done")
        self._joint_key_published(joint_key=joint_key)

    def _accept_encrypted(self, ballot: dict[str, Any], receipt: str, absentee: bool) -> None:
        cts: Any = ballot.get("ciphertexts")
        require(
            isinstance(cts, list)
            and len(cts) == len(self.options)
            and all(isinstance(ct, list) and len(ct) == 2 for ct in cts),
            "poll.ballot_unreadable",
        )
        issued = int(self.paper["issued"]) if self.paper else 0
        require(len(self.encrypted) + issued < len(self.voters), "poll.paper_issued_to_rest")
        nonces = [str(a) for a, _ in cts]
        fresh = len(set(nonces)) == len(nonces) and not self._nonces.intersection(nonces)
        require(fresh, "poll.ballot_replayed")
        require(all(r != receipt for _, r in self.encrypted), "poll.ballot_replayed")
        self._ballot_encrypted(ballot=ballot, receipt=receipt, absentee=absentee)

    def _ballots(self, unseal: Callable[[str], bytes] | None) -> list[Ballot]:
        if not self.secret:
            return self._open_ballots
        if unseal is None:
            raise TypeError("closing a secret poll needs the unseal function")
        ballots = []
        for sealed in self.sealed:
            plain = unseal(sealed)
            require(len(plain) == len(self.options) + 1, "poll.ballot_unreadable")
            marks = zip(self.options, plain[1:], strict=True)
            ballots.append(([o for o, mark in marks if mark], bool(plain[0])))
        return ballots

    # -- mutators ------------------------------------------------------------
    @event(BallotCast)
    def _ballot_cast(self, voter: UUID, choices: list[UUID], absentee: bool, on: date) -> None:
        self.voted.add(voter)
        self._open_ballots.append((choices, absentee))
        self._open_voters.append(voter)

    @event(VoterWithdrawn)
    def _voter_withdrawn(
        self, voter: UUID, successor: UUID | None, outcome: str, reason: str, on: date
    ) -> None:
        seat = self.voters.index(voter)
        takes_seat = successor is not None and successor not in self.voters
        if outcome in ("removed", "stands") and takes_seat:
            self.voters[seat] = successor  # type: ignore[assignment]
        else:
            del self.voters[seat]
        if outcome == "stands" and successor is not None:
            self.stand_ins[successor] = voter
        if outcome == "set_aside" and voter in self._open_voters:
            i = self._open_voters.index(voter)
            del self._open_voters[i], self._open_ballots[i]
            self.set_aside.append(voter)
        if outcome == "voided":
            self.void = {"reason": reason, "on": on, "voter": voter}

    @event(CandidateWithdrawn)
    def _candidate_withdrawn(
        self, candidate: UUID, successor: UUID | None, outcome: str, reason: str, on: date
    ) -> None:
        at = self.options.index(candidate)
        if outcome == "replaced" and successor is not None:
            self.options = [*self.options[:at], successor, *self.options[at + 1 :]]
        elif outcome == "removed":
            self.options = [o for o in self.options if o != candidate]
            self.max_choices = min(self.max_choices, len(self.options))
        else:
            self.void = {"reason": reason, "on": on, "candidate": candidate}

    @event(BallotSealed)
    def _ballot_sealed(self, sealed: str) -> None:
        self.sealed.append(sealed)

    @event(CommitteeNamed)
    def _committee_named(self, members: list[UUID], threshold: int) -> None:
        self.committee = {"members": list(members), "threshold": threshold}

    @event(JointKeyPublished)
    def _joint_key_published(self, joint_key: str) -> None:
        self.joint_key = joint_key

    @event(BallotEncrypted)
    def _ballot_encrypted(self, ballot: dict[str, Any], receipt: str, absentee: bool) -> None:
        self.encrypted.append((ballot, receipt))
        self._encrypted_absentee.append(absentee)
        self._nonces.update(str(a) for a, _ in ballot["ciphertexts"])

    @event(PaperTallyRecorded)
    def _paper_tally_recorded(
        self,
        issued: int,
        returned: int,
        valid: int,
        invalid: int,
        per_option: dict[str, int],
        on: date,
    ) -> None:
        self.paper = {
            "issued": issued,
            "returned": returned,
            "valid": valid,
            "invalid": invalid,
            "per_option": per_option,
        }


class Participation(ThiduaAggregate):
    """Lượt bỏ phiếu: that a unit took part in a poll, never what it chose."""

    TOPIC = "thidua.Participation"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.Participation.Created"
        poll: UUID
        voter: UUID
        absentee: bool
        on: date

    @staticmethod
    def id_for(poll: UUID, voter: UUID) -> UUID:
        return natural_id("vote", poll, voter)

    @classmethod
    def create_id(cls, poll: UUID, voter: UUID, **_: Any) -> UUID:
        return cls.id_for(poll, voter)

    @event(Created)
    def __init__(self, poll: UUID, voter: UUID, absentee: bool, on: date) -> None:
        self.poll, self.voter, self.absentee, self.on = poll, voter, absentee, on
