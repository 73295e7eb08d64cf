"""Merkle inclusion proofs over the hash chain's links (RFC 6962 §2.1.1, RFC 9162 §2.1.3).

The chain's checkpoint (service/chain_format.py) carries the RFC 6962 Merkle root of
all links up to a position. A bundle's extract holds only the events of its cases, so
each event line carries the audit path of its link: anyone can check that the link is
the `leaf`-th of the `count` links whose root the checkpoint states, with SHA-256 only.

Standard library only, like chain_format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence


def leaf_hash(link: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + link).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def levels(links: Sequence[bytes]) -> list[list[bytes]]:
    """The tree level by level. RFC 6962's tree (left subtree: the largest power of two)
    is the tree that pairs neighbours and lifts an unpaired last node unchanged."""
    level = [leaf_hash(x) for x in links]
    out = [level]
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        out.append(nxt)
        level = nxt
    return out


def root(tree: list[list[bytes]]) -> bytes:
    return tree[-1][0] if tree and tree[0] else hashlib.sha256(b"").digest()


def audit_path(tree: list[list[bytes]], index: int) -> list[bytes]:
    """Siblings from the leaf up: PATH(index, D[n]) of RFC 6962 §2.1.1."""
    path = []
    for level in tree[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            path.append(level[sibling])
        index //= 2
    return path


def verify_inclusion(
    link: bytes, index: int, size: int, path: Iterable[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: is `link` the index-th of `size` leaves under `expected_root`?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf_hash(link)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root
