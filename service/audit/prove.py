"""`thidua audit prove OLD_CHECKPOINT`: a consistency proof (RFC 9162 §2.1.4) from an
earlier checkpoint to the chain as it stands: the log only grew since.

The proof is written as JSON, `{"consistency": {"old": {...}, "new": {...},
"proof": [hex, ...]}}`, the two checkpoints in the chain's format; anyone checks it with
tools/verify_consistency.py (standard library only). When the first links no longer give
the old checkpoint's root, there is no proof to give: the history differs somewhere up
to the old head (an export taken with that checkpoint finds where: `audit verify`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.audit.chain import checkpoint
from service.platform.app import ThiduaApplication
from service.platform.chain_format import Checkpoint, MerkleRoot
from service.platform.chain_store import ChainMixin
from service.platform.consistency import consistency_proof

BATCH = 10_000


class NotExtended(Exception):
    """The chain no longer starts with the old checkpoint's links."""


@dataclass(frozen=True)
class Consistency:
    old: Checkpoint
    new: Checkpoint
    proof: list[bytes]

    def to_json(self) -> dict[str, Any]:
        return {
            "consistency": {
                "old": self.old.to_json(),
                "new": self.new.to_json(),
                "proof": [p.hex() for p in self.proof],
            }
        }


def prove(app: ThiduaApplication, old: Checkpoint) -> Consistency:
    """The proof that the chain's links today extend `old`'s; NotExtended if they do not."""
    new = checkpoint(app)
    links = _links(app, new.position)
    if len(links) != new.count:  # written meanwhile: take the checkpoint of what was read
        new = checkpoint_of(links, new.taken_at)
    if old.count > len(links) or old.count < 0:
        raise NotExtended
    prefix = checkpoint_of(links[: old.count], old.taken_at)
    if not prefix.same_chain(old):
        raise NotExtended
    proof = consistency_proof([x for _, x in links], old.count) if old.count else []
    return Consistency(old, new, proof)


def _links(app: ThiduaApplication, stop: int) -> list[tuple[int, bytes]]:
    recorder = app.recorder
    assert isinstance(recorder, ChainMixin)
    return recorder.links_up_to(stop, BATCH)


def checkpoint_of(links: Sequence[tuple[int, bytes]], taken_at: str) -> Checkpoint:
    """The checkpoint of exactly these (position, link) pairs, the chain's first ones."""
    merkle = MerkleRoot()
    for _, x in links:
        merkle.add(x)
    position, head = links[-1] if links else (0, bytes(32))
    return Checkpoint(position, merkle.count, head.hex(), merkle.root().hex(), taken_at)
