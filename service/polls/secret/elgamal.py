"""Exponential ElGamal to the committee's joint key, and the proofs a ballot carries.

Enc(m; r) = (A, B) = (r·G, m·G + r·K). Ciphertexts add componentwise, so the sum of
the ballots encrypts the tally (ElectionGuard 1.0 §3, "Homomorphic properties").

A ballot has one ciphertext per option (a blank ballot encrypts 0 everywhere), each
with a disjunctive Chaum–Pedersen proof that it encrypts 0 or 1, and a proof that the
sum of its ciphertexts encrypts a value in 0..max (Cramer–Damgård–Schoenmakers 1994:
an OR of max+1 Chaum–Pedersen proofs; ElectionGuard 2.0 §3.3.5 "range proofs"). The
proofs are non-interactive by strong Fiat–Shamir: every challenge hashes the context
(poll id, options, maximum, committee size and the joint key), the whole ballot's
ciphertexts, the proven ciphertext and the commitments. A proof is written compactly,
as ElectionGuard 2.0 does, as the list of (challenge, response) per value: the
verifier recomputes each commitment and checks the hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.polls.secret import group as g
from service.polls.secret.codec import FormatError, canonical, unhex

FORMAT = "thidua-eg-1"
RANGE_DOMAIN = FORMAT + "/range"

Ciphertext = tuple[bytes, bytes]  # (A, B)
Proof = tuple[tuple[bytes, bytes], ...]  # ((c_0, z_0), ..., (c_R, z_R))


class BallotError(ValueError):
    """A ballot refused: `option` is the 1-based option whose proof fails, or None for
    the sum (or the ballot's shape)."""

    def __init__(self, message: str, option: int | None = None) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Context:
    """What every proof of a poll is bound to; `base` is its hash (ElectionGuard's
    extended base hash Q̄)."""

    poll_id: str
    options: tuple[str, ...]
    max_choices: int
    k: int
    n: int
    joint_key: bytes

    def __post_init__(self) -> None:
        if not 1 <= self.max_choices <= len(self.options):
            raise ValueError("max_choices must be between 1 and the number of options")
        if not 1 <= self.k <= self.n:
            raise ValueError("need 1 <= k <= n")
        g.point(self.joint_key)

    @property
    def base(self) -> bytes:
        return g.hash_to_scalar(
            FORMAT + "/base",
            [
                self.poll_id,
                len(self.options),
                *self.options,
                self.max_choices,
                self.k,
                self.n,
                self.joint_key,
            ],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "poll_id": self.poll_id,
            "options": list(self.options),
            "max_choices": self.max_choices,
            "k": self.k,
            "n": self.n,
            "joint_key": self.joint_key.hex(),
        }


def encrypt(key: bytes, m: int, r: bytes | None = None) -> tuple[Ciphertext, bytes]:
    """(r·G, m·G + r·K) and the nonce r (kept only by the prover, then dropped)."""
    r = r or g.random_scalar()
    return (g.base_mul(r), g.add(g.power(m), g.mul(r, key))), r


def add(x: Ciphertext, y: Ciphertext) -> Ciphertext:
    return g.add(x[0], y[0]), g.add(x[1], y[1])


def add_all(cts: Sequence[Ciphertext]) -> Ciphertext:
    return g.total([c[0] for c in cts]), g.total([c[1] for c in cts])


def _statement(base: bytes, label: str, bound: list[bytes], ct: Ciphertext, top: int) -> list:
    return [base, label, len(bound), *bound, ct[0], ct[1], top]


def prove_range(key: bytes, ct: Ciphertext, m: int, r: bytes, top: int, statement: list) -> Proof:
    """CDS94: that ct = Enc(v) for some v in 0..top, knowing m and r. `statement` is
    what the challenge binds besides the commitments (from `_statement`)."""
    if not 0 <= m <= top:
        raise ValueError("the message is outside the range proven")
    a_ct, b_ct = ct
    w = g.random_scalar()
    challenges: list[bytes] = []
    responses: list[bytes] = []
    commitments: list[bytes] = []
    for v in range(top + 1):
        if v == m:
            c = z = g.ZERO
            commitments += [g.base_mul(w), g.mul(w, key)]
        else:
            c, z = g.random_scalar(), g.random_scalar()
            shifted = g.sub(b_ct, g.power(v))
            commitments += [
                g.sub(g.base_mul(z), g.mul(c, a_ct)),
                g.sub(g.mul(z, key), g.mul(c, shifted)),
            ]
        challenges.append(c)
        responses.append(z)
    total = g.hash_to_scalar(RANGE_DOMAIN, [*statement, *commitments])
    c_m = g.s_sub(total, g.s_sum(challenges))
    challenges[m] = c_m
    responses[m] = g.s_add(w, g.s_mul(c_m, r))
    return tuple(zip(challenges, responses, strict=True))


def check_range(key: bytes, ct: Ciphertext, proof: Proof, top: int, statement: list) -> bool:
    """The verifier's side of `prove_range`: recompute each commitment, check the hash."""
    if len(proof) != top + 1:
        return False
    a_ct, b_ct = ct
    commitments: list[bytes] = []
    for v, (c, z) in enumerate(proof):
        shifted = g.sub(b_ct, g.power(v))
        commitments += [
            g.sub(g.base_mul(z), g.mul(c, a_ct)),
            g.sub(g.mul(z, key), g.mul(c, shifted)),
        ]
    total = g.hash_to_scalar(RANGE_DOMAIN, [*statement, *commitments])
    return total == g.s_sum([c for c, _ in proof])


@dataclass(frozen=True)
class Ballot:
    ciphertexts: tuple[Ciphertext, ...]
    proofs: tuple[Proof, ...]  # one per option: 0 or 1
    sum_proof: Proof  # the sum: 0..max_choices

    def to_json(self) -> dict[str, Any]:
        """The ballot as published (without its hash, which is of this)."""
        return {
            "ciphertexts": [[a.hex(), b.hex()] for a, b in self.ciphertexts],
            "proofs": [_proof_json(p) for p in self.proofs],
            "sum_proof": _proof_json(self.sum_proof),
        }

    @property
    def hash(self) -> str:
        """The voter's receipt: SHA-256 of the ballot's canonical JSON, hex."""
        return ballot_hash(self.to_json())

    @classmethod
    def from_json(cls, data: Any) -> Ballot:
        """Parse a received ballot; every point checked (canonical, in the group)."""
        try:
            cts = tuple(
                (g.point(unhex(a)), g.point(unhex(b))) for a, b in _items(data, "ciphertexts")
            )
            proofs = tuple(_proof_of(p) for p in _items(data, "proofs"))
            return cls(cts, proofs, _proof_of(data["sum_proof"]))
        except (FormatError, g.GroupError, KeyError, TypeError, ValueError) as error:
            raise BallotError(f"malformed ballot: {error}") from error


def ballot_hash(ballot_json: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(ballot_json)).hexdigest()


def _bound(ciphertexts: Sequence[Ciphertext]) -> list[bytes]:
    return [x for ct in ciphertexts for x in ct]


def encrypt_ballot(context: Context, selected: Sequence[int]) -> Ballot:
    """A voter's ballot: `selected` holds the 0-based indices of the options chosen
    (none: a blank ballot). The nonces are dropped on return."""
    chosen = set(selected)
    if len(chosen) != len(selected) or not chosen <= set(range(len(context.options))):
        raise ValueError("choices must be distinct option indices")
    if len(chosen) > context.max_choices:
        raise ValueError("more choices than the poll allows")
    key, base = context.joint_key, context.base
    votes = [1 if i in chosen else 0 for i in range(len(context.options))]
    encrypted = [encrypt(key, m) for m in votes]
    cts = [ct for ct, _ in encrypted]
    bound = _bound(cts)
    proofs = tuple(
        prove_range(key, ct, m, r, 1, _statement(base, f"option {i}", bound, ct, 1))
        for i, ((ct, r), m) in enumerate(zip(encrypted, votes, strict=True))
    )
    total_ct = add_all(cts)
    total_r = g.s_sum([r for _, r in encrypted])
    top = context.max_choices
    sum_proof = prove_range(
        key, total_ct, sum(votes), total_r, top, _statement(base, "sum", bound, total_ct, top)
    )
    return Ballot(tuple(cts), proofs, sum_proof)


def check_ballot(context: Context, ballot: Ballot) -> None:
    """Raise BallotError naming the first failing proof; return if the ballot is sound."""
    n = len(context.options)
    if len(ballot.ciphertexts) != n or len(ballot.proofs) != n:
        raise BallotError(f"a ballot has {n} ciphertexts and {n} proofs")
    key, base = context.joint_key, context.base
    bound = _bound(ballot.ciphertexts)
    for i, (ct, proof) in enumerate(zip(ballot.ciphertexts, ballot.proofs, strict=True)):
        if not check_range(key, ct, proof, 1, _statement(base, f"option {i}", bound, ct, 1)):
            raise BallotError(f"the proof of option {i + 1} fails", i + 1)
    total_ct = add_all(ballot.ciphertexts)
    top = context.max_choices
    statement = _statement(base, "sum", bound, total_ct, top)
    if not check_range(key, total_ct, ballot.sum_proof, top, statement):
        raise BallotError("the proof of the sum fails")


def _proof_json(proof: Proof) -> list[list[str]]:
    return [[c.hex(), z.hex()] for c, z in proof]


def _proof_of(data: Any) -> Proof:
    return tuple((g.scalar_of(unhex(c)), g.scalar_of(unhex(z))) for c, z in data)


def _items(data: Any, key: str) -> list[Any]:
    items = data[key]
    if not isinstance(items, list):
        raise FormatError(f"{key} is not a list")
    return items
