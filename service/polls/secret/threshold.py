"""A k-of-n counting committee whose private key nobody ever holds: Pedersen's DKG
(Pedersen 1991) over Feldman's verifiable secret sharing, as in ElectionGuard 1.0 §2
("Key generation") and Belenios' threshold mode.

Each step is what one member's device runs, its secret state in, public messages out:

1. `start(poll_id, index, k, n)` → a `Dealer` (secret: the polynomial f_i of degree
   k−1, a box key to receive shares) and its `Announcement` (public: the commitments
   C_il = a_il·G with a Schnorr proof of knowledge of each a_il, and the box key).
2. `check_announcement(poll_id, k, n, announcement)` by everyone, on every member's.
3. `deal(dealer, announcements)` → for each other member j, f_i(j) sealed to j's box
   key (`nacl.public.SealedBox`); the server only relays them.
4. `receive(dealer, announcement_of_i, sealed)` by member j: open, check
   f_i(j)·G = Σ_l j^l·C_il (Feldman); a bad share raises `ShareError` naming i.
5. `finish(dealer, received, announcements)` → the member's `Share`
   s_j = Σ_i f_i(j). The joint key K = Σ_i C_i0 (`joint_key`), and member j's public
   verification key s_j·G = Σ_i Σ_l j^l·C_il (`verification_key`) are computed by
   anyone from the commitments alone.

`share_file(share, passphrase)` / `open_share_file(data, passphrase)` keep a share
under a passphrase (Argon2id + XSalsa20-Poly1305 `SecretBox`); `lock` / `unlock` do the
same for any bytes (a Dealer's state between steps, on the member's own device).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nacl import pwhash
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.utils import random as random_bytes

from service.polls.secret import group as g
from service.polls.secret.codec import FormatError, canonical, unhex

FORMAT = "thidua-eg-1"
SHARE_FORMAT = "thidua-share-1"
LOCK_FORMAT = "thidua-lock-1"
OPSLIMIT = pwhash.argon2id.OPSLIMIT_MODERATE
MEMLIMIT = pwhash.argon2id.MEMLIMIT_MODERATE
MAX_MEMLIMIT = 1 << 30  # a file asking for more is refused, not obeyed


class ShareError(ValueError):
    """A share or announcement that fails its check; `member` is the culprit's index."""

    def __init__(self, message: str, member: int | None = None) -> None:
        super().__init__(message)
        self.member = member


class PassphraseError(ValueError):
    """The passphrase does not open the file (or the file was altered)."""


@dataclass(frozen=True)
class Announcement:
    """Member i's public message: commitments, proofs of knowledge, box key."""

    index: int
    commitments: tuple[bytes, ...]  # C_il = a_il·G, l = 0..k-1
    proofs: tuple[tuple[bytes, bytes], ...]  # Schnorr (c, v) per coefficient
    box_key: bytes  # X25519 public key shares are sealed to

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "commitments": [c.hex() for c in self.commitments],
            "proofs": [[c.hex(), v.hex()] for c, v in self.proofs],
            "box_key": self.box_key.hex(),
        }

    @classmethod
    def from_json(cls, data: Any) -> Announcement:
        try:
            return cls(
                int(data["index"]),
                tuple(g.point(unhex(c)) for c in data["commitments"]),
                tuple((g.scalar_of(unhex(c)), g.scalar_of(unhex(v))) for c, v in data["proofs"]),
                unhex(data["box_key"]),
            )
        except (FormatError, g.GroupError, KeyError, TypeError, ValueError) as error:
            raise ShareError(f"malformed announcement: {error}") from error


@dataclass
class Dealer:
    """Member i's secret state during the ceremony (never sent to the server in clear)."""

    poll_id: str
    index: int
    k: int
    n: int
    coefficients: list[bytes]
    box_secret: bytes

    def to_bytes(self) -> bytes:
        return canonical(
            {
                "poll_id": self.poll_id,
                "index": self.index,
                "k": self.k,
                "n": self.n,
                "coefficients": [a.hex() for a in self.coefficients],
                "box_secret": self.box_secret.hex(),
            }
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Dealer:
        d = json.loads(data)
        return cls(
            d["poll_id"],
            d["index"],
            d["k"],
            d["n"],
            [unhex(a) for a in d["coefficients"]],
            unhex(d["box_secret"]),
        )


@dataclass(frozen=True)
class Share:
    """Member `index`'s share s_j of the committee key for one poll."""

    poll_id: str
    index: int
    k: int
    n: int
    value: bytes

    @property
    def verification_key(self) -> bytes:
        return g.base_mul(self.value)


def _schnorr_challenge(poll_id: str, k: int, n: int, i: int, deg: int, c: bytes, u: bytes) -> bytes:
    return g.hash_to_scalar(FORMAT + "/coefficient", [poll_id, k, n, i, deg, c, u])


def start(poll_id: str, index: int, k: int, n: int) -> tuple[Dealer, Announcement]:
    """Member `index` (1..n) draws its polynomial and box key and announces them."""
    if not 1 <= k <= n or not 1 <= index <= n:
        raise ValueError("need 1 <= k <= n and 1 <= index <= n")
    coefficients = [g.random_scalar() for _ in range(k)]
    box = PrivateKey.generate()
    commitments = [g.base_mul(a) for a in coefficients]
    proofs = []
    for deg, (a, c) in enumerate(zip(coefficients, commitments, strict=True)):
        u = g.random_scalar()
        e = _schnorr_challenge(poll_id, k, n, index, deg, c, g.base_mul(u))
        proofs.append((e, g.s_add(u, g.s_mul(e, a))))
    dealer = Dealer(poll_id, index, k, n, coefficients, bytes(box))
    return dealer, Announcement(index, tuple(commitments), tuple(proofs), bytes(box.public_key))


def check_announcement(poll_id: str, k: int, n: int, announcement: Announcement) -> None:
    """Every commitment a valid point with a valid proof that its logarithm is known."""
    i = announcement.index
    if not 1 <= i <= n:
        raise ShareError(f"member index {i} outside 1..{n}", i)
    if len(announcement.commitments) != k or len(announcement.proofs) != k:
        raise ShareError(f"member {i} must commit to {k} coefficients", i)
    for deg, (c, (e, v)) in enumerate(
        zip(announcement.commitments, announcement.proofs, strict=True)
    ):
        if not g.is_point(c):
            raise ShareError(f"member {i}: commitment {deg} is not a group element", i)
        u = g.sub(g.base_mul(v), g.mul(e, c))
        if _schnorr_challenge(poll_id, k, n, i, deg, c, u) != e:
            raise ShareError(f"member {i}: proof of commitment {deg} fails", i)


def evaluate(coefficients: list[bytes], x: int) -> bytes:
    """f(x) = Σ_l a_l·x^l (Horner, libsodium's scalar arithmetic)."""
    xs = g.scalar(x)
    acc = g.ZERO
    for a in reversed(coefficients):
        acc = g.s_add(g.s_mul(acc, xs), a)
    return acc


def commitment_at(commitments: tuple[bytes, ...] | list[bytes], x: int) -> bytes:
    """Σ_l x^l·C_l: f(x)·G from the commitments alone."""
    xs, power, acc = g.scalar(x), g.ONE, g.IDENTITY
    for c in commitments:
        acc = g.add(acc, g.mul(power, c))
        power = g.s_mul(power, xs)
    return acc


def deal(dealer: Dealer, announcements: Mapping[int, Announcement]) -> dict[int, bytes]:
    """f_i(j) for every other member j, sealed to j's box key."""
    sealed = {}
    for j, ann in sorted(announcements.items()):
        if j == dealer.index:
            continue
        message = canonical(
            {
                "poll_id": dealer.poll_id,
                "from": dealer.index,
                "to": j,
                "value": evaluate(dealer.coefficients, j).hex(),
            }
        )
        sealed[j] = SealedBox(PublicKey(ann.box_key)).encrypt(message)
    return sealed


def receive(dealer: Dealer, sender: Announcement, sealed: bytes) -> bytes:
    """Member j opens i's share for it and checks it against i's commitments."""
    i = sender.index
    try:
        message = json.loads(SealedBox(PrivateKey(dealer.box_secret)).decrypt(sealed))
        value = g.scalar_of(unhex(message["value"]))
        addressed = (message["poll_id"], message["from"], message["to"])
    except (CryptoError, FormatError, g.GroupError, KeyError, TypeError, ValueError) as error:
        raise ShareError(f"the share from member {i} does not open", i) from error
    if addressed != (dealer.poll_id, i, dealer.index):
        raise ShareError(f"the share from member {i} is addressed elsewhere", i)
    if g.base_mul(value) != commitment_at(sender.commitments, dealer.index):
        raise ShareError(f"the share from member {i} does not match its commitments", i)
    return value


def finish(
    dealer: Dealer, received: Mapping[int, bytes], announcements: Mapping[int, Announcement]
) -> Share:
    """s_j = f_j(j) + Σ_{i≠j} f_i(j), checked against the public verification key."""
    if set(received) | {dealer.index} != set(range(1, dealer.n + 1)):
        raise ShareError("a share from every other member is needed")
    value = g.s_sum([evaluate(dealer.coefficients, dealer.index), *received.values()])
    share = Share(dealer.poll_id, dealer.index, dealer.k, dealer.n, value)
    if share.verification_key != verification_key(dealer.index, announcements):
        raise ShareError("the share does not match the published commitments")
    return share


def joint_key(announcements: Mapping[int, Announcement]) -> bytes:
    """K = Σ_i C_i0."""
    return g.total([a.commitments[0] for _, a in sorted(announcements.items())])


def verification_key(index: int, announcements: Mapping[int, Announcement]) -> bytes:
    """s_j·G = Σ_l j^l·(Σ_i C_il), from the commitments alone."""
    k = len(next(iter(announcements.values())).commitments)
    summed = [
        g.total([a.commitments[deg] for _, a in sorted(announcements.items())]) for deg in range(k)
    ]
    return commitment_at(summed, index)


def lock(data: bytes, passphrase: str, opslimit: int = OPSLIMIT, memlimit: int = MEMLIMIT) -> bytes:
    """`data` under a passphrase: Argon2id(passphrase, salt) as a SecretBox key."""
    salt = random_bytes(pwhash.argon2id.SALTBYTES)
    key = pwhash.argon2id.kdf(SecretBox.KEY_SIZE, passphrase.encode(), salt, opslimit, memlimit)
    box = SecretBox(key).encrypt(data)
    return canonical(
        {
            "format": LOCK_FORMAT,
            "kdf": "argon2id",
            "opslimit": opslimit,
            "memlimit": memlimit,
            "salt": salt.hex(),
            "box": box.hex(),
        }
    )


def unlock(data: bytes, passphrase: str) -> bytes:
    try:
        d = json.loads(data)
        if d["format"] != LOCK_FORMAT or d["kdf"] != "argon2id":
            raise FormatError("not a locked file")
        opslimit, memlimit = int(d["opslimit"]), int(d["memlimit"])
        salt, box = bytes.fromhex(d["salt"]), bytes.fromhex(d["box"])
    except (FormatError, KeyError, TypeError, ValueError) as error:
        raise PassphraseError("not a share file of thidua") from error
    if not 0 < memlimit <= MAX_MEMLIMIT or not 0 < opslimit <= 64:
        raise PassphraseError("the file asks for unreasonable key-derivation limits")
    key = pwhash.argon2id.kdf(SecretBox.KEY_SIZE, passphrase.encode(), salt, opslimit, memlimit)
    try:
        return SecretBox(key).decrypt(box)
    except CryptoError as error:
        raise PassphraseError("wrong passphrase (or the file was altered)") from error


def share_file(
    share: Share, passphrase: str, opslimit: int = OPSLIMIT, memlimit: int = MEMLIMIT
) -> bytes:
    """The bytes of a member's share file, protected by its passphrase."""
    inner = canonical(
        {
            "format": SHARE_FORMAT,
            "poll_id": share.poll_id,
            "index": share.index,
            "k": share.k,
            "n": share.n,
            "value": share.value.hex(),
        }
    )
    return lock(inner, passphrase, opslimit, memlimit)


def open_share_file(data: bytes, passphrase: str) -> Share:
    """The share in a share file; PassphraseError on a wrong passphrase."""
    d = json.loads(unlock(data, passphrase))
    if d.get("format") != SHARE_FORMAT:
        raise PassphraseError("not a share file of thidua")
    return Share(d["poll_id"], d["index"], d["k"], d["n"], g.scalar_of(unhex(d["value"])))
