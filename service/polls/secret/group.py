"""The prime-order group: libsodium's Ed25519 group through PyNaCl's bindings.

Points and scalars are 32 bytes (hex in JSON). Every operation is libsodium's; this
module only names them and handles the two cases libsodium refuses: a zero scalar and
the identity point (`crypto_scalarmult_ed25519_noclamp` raises on both, since its
result would be the identity). Points received from outside go through `point()`,
which requires a canonical point of the prime-order subgroup, not of small order (so
not the identity).

Order ℓ = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1).
"""

from __future__ import annotations

import hashlib
import struct

from nacl import bindings as sodium
from nacl.exceptions import RuntimeError as SodiumError

ORDER = 2**252 + 27742317777372353535851937790883648493
SIZE = 32
IDENTITY = bytes([1]) + bytes(31)  # (x, y) = (0, 1), y little-endian
ZERO = bytes(32)
ONE = (1).to_bytes(32, "little")
G = sodium.crypto_scalarmult_ed25519_base_noclamp(ONE)


class GroupError(ValueError):
    """A point or scalar that is not what the protocol allows."""


def scalar(n: int) -> bytes:
    """The scalar n mod ℓ (n may be negative), 32 bytes little-endian."""
    return (n % ORDER).to_bytes(SIZE, "little")


def scalar_of(data: bytes) -> bytes:
    """A received scalar: 32 bytes, canonical (< ℓ)."""
    if len(data) != SIZE or int.from_bytes(data, "little") >= ORDER:
        raise GroupError("not a canonical scalar")
    return data


def point(data: bytes) -> bytes:
    """A received point: canonical, in the prime-order subgroup, not the identity."""
    if len(data) != SIZE or not sodium.crypto_core_ed25519_is_valid_point(data):
        raise GroupError("not a valid group element")
    return data


def is_point(data: bytes) -> bool:
    return len(data) == SIZE and bool(sodium.crypto_core_ed25519_is_valid_point(data))


def random_scalar() -> bytes:
    """A uniform non-zero scalar (libsodium reduces 64 random bytes)."""
    while True:
        s = sodium.crypto_core_ed25519_scalar_reduce(sodium.randombytes(64))
        if s != ZERO:
            return bytes(s)


def add(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_sub(p, q)


def total(points: list[bytes]) -> bytes:
    """The sum of the points (the identity for none)."""
    acc = IDENTITY
    for p in points:
        acc = add(acc, p)
    return acc


def base_mul(k: bytes) -> bytes:
    """k·G; 0·G is the identity (libsodium refuses a zero scalar)."""
    if k == ZERO:
        return IDENTITY
    return sodium.crypto_scalarmult_ed25519_base_noclamp(k)


def mul(k: bytes, p: bytes) -> bytes:
    """k·P; the identity when k = 0 or P is the identity."""
    if k == ZERO or p == IDENTITY:
        return IDENTITY
    try:
        return sodium.crypto_scalarmult_ed25519_noclamp(k, p)
    except SodiumError as error:  # P of small order: never a point that passed point()
        raise GroupError("scalar multiplication refused") from error


def power(m: int) -> bytes:
    """m·G for a small m ≥ 0 ("g^m" of exponential ElGamal): the identity for 0."""
    if m < 0:
        raise GroupError("negative message")
    return base_mul(scalar(m))


def s_add(a: bytes, b: bytes) -> bytes:
    return sodium.crypto_core_ed25519_scalar_add(a, b)


def s_sub(a: bytes, b: bytes) -> bytes:
    return sodium.crypto_core_ed25519_scalar_sub(a, b)


def s_mul(a: bytes, b: bytes) -> bytes:
    return sodium.crypto_core_ed25519_scalar_mul(a, b)


def s_neg(a: bytes) -> bytes:
    return sodium.crypto_core_ed25519_scalar_negate(a)


def s_inv(a: bytes) -> bytes:
    if a == ZERO:
        raise GroupError("zero has no inverse")
    return sodium.crypto_core_ed25519_scalar_invert(a)


def s_sum(scalars: list[bytes]) -> bytes:
    acc = ZERO
    for s in scalars:
        acc = s_add(acc, s)
    return acc


Part = bytes | str | int


def encode(domain: str, parts: list[Part]) -> bytes:
    """Domain-separated, length-prefixed: each item as u64 length ‖ bytes (str as UTF-8,
    int as u64 big-endian), the domain first."""
    out = []
    for item in [domain, *parts]:
        if isinstance(item, str):
            data = item.encode("utf-8")
        elif isinstance(item, int):
            data = struct.pack(">Q", item)
        else:
            data = bytes(item)
        out.append(struct.pack(">Q", len(data)) + data)
    return b"".join(out)


def hash_to_scalar(domain: str, parts: list[Part]) -> bytes:
    """SHA-512 of `encode(domain, parts)`, reduced mod ℓ by libsodium."""
    digest = hashlib.sha512(encode(domain, parts)).digest()
    return sodium.crypto_core_ed25519_scalar_reduce(digest)


def hash_to_point(domain: str, parts: list[Part]) -> bytes:
    """A point nobody knows the logarithm of (libsodium's Elligator 2 map of a hash)."""
    digest = hashlib.sha256(encode(domain, parts)).digest()
    return sodium.crypto_core_ed25519_from_uniform(digest)
