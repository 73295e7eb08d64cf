"""The hash chain's format: link, Merkle root, checkpoint, and the readable record.

Standard library only: `tools/verify_export.py` re-implements exactly this, so an
auditor can check an export with nothing but Python. docs/audit-chain.md states it. The
PostgreSQL writer hashes the link in SQL (`chain_store.APPEND`); `verify` checks those
links with `link` below.

Link of the stored event at `position` (every integer 8 bytes, unsigned big-endian;
every string or byte string prefixed by its length as such an integer)::

    link = SHA-256( prev_link                      32 bytes; 32 zero bytes for the first
                  ‖ u64(position)
                  ‖ originator.bytes               the UUID's 16 bytes
                  ‖ u64(version)
                  ‖ u64(len(topic)) ‖ topic        UTF-8
                  ‖ u64(len(state)) ‖ state )      the stored bytes, as stored

Merkle root of the links l_0 … l_{n-1}: RFC 6962 (Certificate Transparency) §2.1,
leaf = SHA-256(0x00 ‖ l_i), node = SHA-256(0x01 ‖ left ‖ right), the left subtree
holding the largest power of two below n leaves; the root of no links is SHA-256("").
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

FORMAT = "thidua-chain/1"
GENESIS = bytes(32)


_HEAD = struct.Struct(">32sQ16sQQ")  # prev, position, originator, version, len(topic)
_LEN = struct.Struct(">Q")
_sha256 = hashlib.sha256


def link(
    prev: bytes, position: int, originator: UUID, version: int, topic: str, state: bytes
) -> bytes:
    """h_n = SHA-256(h_{n-1} ‖ position ‖ originator ‖ version ‖ topic ‖ state)."""
    return link_bytes(prev, position, originator.bytes, version, topic.encode("utf-8"), state)


def link_bytes(
    prev: bytes, position: int, originator: bytes, version: int, topic: bytes, state: bytes
) -> bytes:
    """`link` with the originator's 16 bytes and the topic's UTF-8 given (verify's loop)."""
    h = _sha256(_HEAD.pack(prev, position, originator, version, len(topic)))
    h.update(topic)
    h.update(_LEN.pack(len(state)))
    h.update(state)
    return h.digest()


class MerkleRoot:
    """RFC 6962 Merkle tree hash over links added one by one (O(log n) memory).

    The stack holds the roots of perfect subtrees, largest first; their sizes are the
    binary digits of `count`, so adding a leaf merges one subtree per trailing 1 bit.
    """

    def __init__(self) -> None:
        self.count = 0
        self._stack: list[bytes] = []

    def add(self, leaf: bytes) -> None:
        node = _sha256(b"\x00" + leaf).digest()
        stack, n = self._stack, self.count
        while n & 1:
            node = _sha256(b"\x01" + stack.pop() + node).digest()
            n >>= 1
        stack.append(node)
        self.count += 1

    def root(self) -> bytes:
        if not self._stack:
            return _sha256(b"").digest()
        root = self._stack[-1]
        for left in reversed(self._stack[:-1]):
            root = _sha256(b"\x01" + left + root).digest()
        return root


@dataclass(frozen=True)
class Checkpoint:
    """Where the chain stood: its last position, head link and Merkle root of its links."""

    position: int
    count: int
    head: str  # hex
    merkle_root: str  # hex
    taken_at: str  # ISO 8601, UTC
    format: str = FORMAT

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checkpoint:
        if data.get("format") != FORMAT:
            raise ValueError(f"không phải điểm kiểm tra {FORMAT}: {data.get('format')!r}")
        fields = ("position", "count", "head", "merkle_root", "taken_at")
        return cls(**{k: data[k] for k in fields})

    def same_chain(self, other: Checkpoint) -> bool:
        return (self.position, self.count, self.head, self.merkle_root) == (
            other.position,
            other.count,
            other.head,
            other.merkle_root,
        )


# -- the readable part of an export line, derived from the stored state only -----------


class UnknownStoredType(ValueError):
    pass


def dashed(hex_id: str) -> str:
    return str(UUID(hex=hex_id))


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"_type_", "_data_"}:
        kind, data = value["_type_"], value["_data_"]
        if kind == "uuid_hex":
            return dashed(data)
        if kind in ("datetime_iso", "date", "decimal_str"):
            return data
        if kind == "actor":
            account, unit = data
            return {"account": account, "unit": None if unit is None else dashed(unit)}
        raise UnknownStoredType(kind)
    return {k: _plain(v) for k, v in value.items()}


def readable(state: bytes) -> dict[str, Any]:
    """`timestamp`, `actor` and `data` of an export line, from the stored state alone.

    Transcoded values become plain JSON: ids as dashed UUIDs; dates, instants and
    decimals as the stored strings; the actor as {account, unit}.
    """
    fields = _plain(json.loads(state.decode("utf-8")))
    return {
        "timestamp": fields.pop("timestamp", None),
        "actor": fields.pop("actor", None),
        "data": fields,
    }
