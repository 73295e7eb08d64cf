"""Merkle consistency proofs over the chain's links (RFC 9162 §2.1.4).

A checkpoint states the Merkle root of the first m links (service/platform/
chain_format.py, RFC 6962 tree). A consistency proof shows, with about log2(n) hashes,
that the tree of the first m links is a prefix of the tree of n links: the log only
grew. Generation is §2.1.4.1 (PROOF and SUBPROOF), verification §2.1.4.2, written as the
RFC states them, with SHA-256 from hashlib. Standard library only, like chain_format:
tools/verify_consistency.py repeats the verification apart from thidua's code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def _leaf(link: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + link).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """k: the largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def tree_hash(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of RFC 9162 §2.1.1 over leaf hashes already computed."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return _node(tree_hash(leaves[:k]), tree_hash(leaves[k:]))


def consistency_proof(links: Sequence[bytes], m: int) -> list[bytes]:
    """PROOF(m, D[n]) for the n = len(links) links, 0 < m <= n (empty when m == n)."""
    if not 0 < m <= len(links):
        raise ValueError(f"no consistency proof from {m} to {len(links)} leaves")
    return _subproof(m, [_leaf(x) for x in links], True)


def _subproof(m: int, leaves: Sequence[bytes], whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1."""
    n = len(leaves)
    if m == n:
        return [] if whole else [tree_hash(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], whole), tree_hash(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), tree_hash(leaves[:k])]


def verify_consistency(
    first: int, second: int, first_hash: bytes, second_hash: bytes, path: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree of `first` leaves (root `first_hash`) a prefix of
    the tree of `second` leaves (root `second_hash`)? For first == second the proof is
    empty and the roots must be equal; the empty tree is a prefix of every tree."""
    if first == second:
        return not path and first_hash == second_hash
    if first == 0:
        return not path and first_hash == hashlib.sha256(b"").digest()
    if not 0 < first < second:
        return False
    proof = list(path)
    if not proof:  # step 1
        return False
    if first & (first - 1) == 0:  # step 2: first is an exact power of 2
        proof.insert(0, first_hash)
    fn, sn = first - 1, second - 1  # step 3
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]  # step 5
    for c in proof[1:]:  # step 6
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = _node(c, fr)
            sr = _node(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = _node(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0  # step 7
