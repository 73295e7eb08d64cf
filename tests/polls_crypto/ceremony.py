"""A poll played with the secret-ballot core: the key ceremony, ballots, close."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.polls.secret import decrypt, elgamal, record, threshold
from service.polls.secret.elgamal import Ballot, Context
from service.polls.secret.threshold import Announcement, Share

OPTIONS = ("ứng viên A", "ứng viên B", "ứng viên C")


@dataclass
class Committee:
    poll_id: str
    k: int
    n: int
    announcements: dict[int, Announcement]
    shares: dict[int, Share]

    @property
    def joint_key(self) -> bytes:
        return threshold.joint_key(self.announcements)

    def verification_keys(self) -> dict[int, bytes]:
        return {j: threshold.verification_key(j, self.announcements) for j in self.announcements}


def key_ceremony(poll_id: str, k: int = 2, n: int = 3) -> Committee:
    """Every member's device runs its steps; the server only relays public messages."""
    dealers, announcements = {}, {}
    for i in range(1, n + 1):
        dealers[i], announcements[i] = threshold.start(poll_id, i, k, n)
    for ann in announcements.values():
        threshold.check_announcement(poll_id, k, n, ann)
    sealed = {i: threshold.deal(dealers[i], announcements) for i in dealers}
    shares = {}
    for j, dealer in dealers.items():
        received = {
            i: threshold.receive(dealer, announcements[i], sealed[i][j]) for i in dealers if i != j
        }
        shares[j] = threshold.finish(dealer, received, announcements)
    return Committee(poll_id, k, n, announcements, shares)


def context_of(committee: Committee, max_choices: int = 1, options=OPTIONS) -> Context:
    return Context(
        committee.poll_id,
        tuple(options),
        max_choices,
        committee.k,
        committee.n,
        committee.joint_key,
    )


def close(
    context: Context, committee: Committee, ballots: Sequence[Ballot], members: Sequence[int]
) -> tuple[list[int], dict[str, Any]]:
    tally_ct = decrypt.encrypted_tally(context, ballots)
    partials = {j: decrypt.partial_decrypt(context, committee.shares[j], tally_ct) for j in members}
    counts = decrypt.combine(
        context, tally_ct, partials, committee.verification_keys(), len(ballots)
    )
    rec = record.build(
        context, committee.announcements, ballots, tally_ct, list(partials.values()), counts
    )
    return counts, rec


def counts_of(votes: Sequence[Sequence[int]], options: int = 3) -> list[int]:
    return [sum(1 for v in votes if i in v) for i in range(options)]


def cast_all(context: Context, votes: Sequence[Sequence[int]]) -> list[Ballot]:
    ballots = [elgamal.encrypt_ballot(context, v) for v in votes]
    for b in ballots:
        elgamal.check_ballot(context, b)  # what the server does before accepting
    return ballots
