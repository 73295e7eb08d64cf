"""Closing a poll: only the tally is ever decrypted (ElectionGuard 1.0 §3.5–3.6,
"Decryption of tallies"; Pedersen 1991 threshold decryption).

The encrypted tally is the componentwise sum of the accepted ballots' ciphertexts.
Member j gives, for each option's (A, B), D_j = s_j·A with a Chaum–Pedersen proof
that log_G(s_j·G) = log_A(D_j). Any k valid partials combine with Lagrange
coefficients at 0: M = B − Σ λ_j·D_j = t·G, and t (≤ the number of ballots) is found
in a small table. No function here takes a single ballot: `encrypted_tally` is the
only way in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.polls.secret import group as g
from service.polls.secret.codec import FormatError, unhex
from service.polls.secret.elgamal import FORMAT, Ballot, Ciphertext, Context, add_all
from service.polls.secret.threshold import Share

PARTIAL_DOMAIN = FORMAT + "/partial"


class DecryptionError(ValueError):
    """A partial decryption refused (`member` its index), or too few to combine."""

    def __init__(self, message: str, member: int | None = None) -> None:
        super().__init__(message)
        self.member = member


@dataclass(frozen=True)
class Partial:
    """Member `index`'s partial decryption of the tally: one D per option, each proven."""

    index: int
    shares: tuple[bytes, ...]
    proofs: tuple[tuple[bytes, bytes], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "shares": [d.hex() for d in self.shares],
            "proofs": [[c.hex(), v.hex()] for c, v in self.proofs],
        }

    @classmethod
    def from_json(cls, data: Any) -> Partial:
        try:
            return cls(
                int(data["index"]),
                tuple(g.point(unhex(d)) for d in data["shares"]),
                tuple((g.scalar_of(unhex(c)), g.scalar_of(unhex(v))) for c, v in data["proofs"]),
            )
        except (FormatError, g.GroupError, KeyError, TypeError, ValueError) as error:
            raise DecryptionError(f"malformed partial decryption: {error}") from error


def encrypted_tally(context: Context, ballots: Sequence[Ballot]) -> tuple[Ciphertext, ...]:
    """Per option, the sum of every accepted ballot's ciphertext for it."""
    n = len(context.options)
    return tuple(add_all([b.ciphertexts[i] for b in ballots]) for i in range(n))


def _challenge(
    context: Context, index: int, vk: bytes, ct: Ciphertext, d: bytes, a: bytes, b: bytes
) -> bytes:
    return g.hash_to_scalar(PARTIAL_DOMAIN, [context.base, index, vk, ct[0], ct[1], d, a, b])


def partial_decrypt(context: Context, share: Share, tally: Sequence[Ciphertext]) -> Partial:
    """Member j's D_j = s_j·A for each option of the tally, with its proofs."""
    if share.poll_id != context.poll_id:
        raise DecryptionError("this share belongs to another poll", share.index)
    vk = share.verification_key
    shares, proofs = [], []
    for ct in tally:
        d = g.mul(share.value, ct[0])
        u = g.random_scalar()
        c = _challenge(context, share.index, vk, ct, d, g.base_mul(u), g.mul(u, ct[0]))
        shares.append(d)
        proofs.append((c, g.s_add(u, g.s_mul(c, share.value))))
    return Partial(share.index, tuple(shares), tuple(proofs))


def check_partial(
    context: Context, partial: Partial, verification_key: bytes, tally: Sequence[Ciphertext]
) -> None:
    """Raise DecryptionError unless every D of the partial is proven against the key."""
    j = partial.index
    if len(partial.shares) != len(tally) or len(partial.proofs) != len(tally):
        raise DecryptionError(f"member {j}'s partial decryption has the wrong length", j)
    for ct, d, (c, v) in zip(tally, partial.shares, partial.proofs, strict=True):
        a = g.sub(g.base_mul(v), g.mul(c, verification_key))
        b = g.sub(g.mul(v, ct[0]), g.mul(c, d))
        if _challenge(context, j, verification_key, ct, d, a, b) != c:
            raise DecryptionError(f"member {j}'s partial decryption fails its proof", j)


def lagrange_at_zero(indices: Sequence[int]) -> dict[int, bytes]:
    """λ_j = Π_{m≠j} m / (m − j) mod ℓ, for the members taking part."""
    out = {}
    for j in indices:
        num, den = g.ONE, g.ONE
        for m in indices:
            if m != j:
                num = g.s_mul(num, g.scalar(m))
                den = g.s_mul(den, g.scalar(m - j))
        out[j] = g.s_mul(num, g.s_inv(den))
    return out


def discrete_log(m: bytes, limit: int) -> int:
    """t with t·G = m, for 0 ≤ t ≤ limit (a small table: t is a count of ballots)."""
    point = g.IDENTITY
    for t in range(limit + 1):
        if point == m:
            return t
        point = g.add(point, g.G)
    raise DecryptionError(f"the tally is not between 0 and {limit}")


def combine(
    context: Context,
    tally: Sequence[Ciphertext],
    partials: Mapping[int, Partial],
    verification_keys: Mapping[int, bytes],
    limit: int,
) -> list[int]:
    """The tally per option from k or more partials, each checked first. Refuses with
    fewer than k; uses the k lowest indices (any k give the same result)."""
    if len(partials) < context.k:
        raise DecryptionError(f"{context.k} partial decryptions are needed, {len(partials)} given")
    for j, partial in partials.items():
        if partial.index != j or j not in verification_keys:
            raise DecryptionError(f"partial decryption {j} is not a committee member's", j)
        check_partial(context, partial, verification_keys[j], tally)
    chosen = sorted(partials)[: context.k]
    weights = lagrange_at_zero(chosen)
    counts = []
    for i, (_, b) in enumerate(tally):
        combined = g.total([g.mul(weights[j], partials[j].shares[i]) for j in chosen])
        counts.append(discrete_log(g.sub(b, combined), limit))
    return counts
