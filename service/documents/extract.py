"""The bundle's event extract (events.jsonl) and its checkpoint (checkpoint.json).

The extract is every stored event of the cases the bundle covers, in log order, one
JSON line each: the audit export's record (service/export.event_record: position,
stream, version, topic, the stored state exactly, its chain link, and the readable
fields derived from the state) plus what makes it checkable on its own:

- `prev_link`: the chain link before it, so the line's link can be recomputed
  (service/chain_format.link) without the events of other cases in between;
- `leaf` and `proof`: the link's index among all links and its RFC 6962 audit path
  to the checkpoint's Merkle root (service/documents/merkle.py).

The checkpoint is the chain as it stood at the covered cases' last event (position,
count, head, Merkle root; `taken_at` is that event's stored time, not the clock), so
the same events always give the same checkpoint, and events of other cases saved later
do not change the bundle. A verifier with the store or an audit export checks that the
store's chain extends this checkpoint (service/chain.verify `against=`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from service.audit.export import dumps, event_record
from service.documents import merkle
from service.documents.case import CaseEvents
from service.platform.app import ThiduaApplication
from service.platform.chain_format import GENESIS, Checkpoint
from service.platform.chain_store import ChainMixin

# checkpoint.json's "format": in every bundle already sent (and checked by verifiers),
# so it keeps the name from before "bundle"; a new value would be a new format.
FORMAT = "thidua-dossier/1"
EXTRACT = "events.jsonl"
MANIFEST = "checkpoint.json"
BATCH = 5_000


class ExtractError(Exception):
    """The store cannot give a consistent extract (Vietnamese message)."""


@dataclass(frozen=True)
class Extract:
    events: bytes  # events.jsonl
    manifest: bytes  # checkpoint.json
    checkpoint: Checkpoint
    count: int
    # every (position, link) of the chain up to the checkpoint (not compared)
    links: list[tuple[int, bytes]] = field(default_factory=list, compare=False, repr=False)
    # the head's audit path, when the checkpoint is past the extract's last event
    head_proof: list[str] | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.events).hexdigest()


def chain_links(app: ThiduaApplication, stop: int) -> list[tuple[int, bytes]]:
    """Every (position, link) of the chain up to `stop`, in order."""
    recorder = app.recorder
    if not isinstance(recorder, ChainMixin):
        raise ExtractError("kho sự kiện này không ghi chuỗi băm")
    return recorder.links_up_to(stop, BATCH)


def build_extract(
    app: ThiduaApplication, case: CaseEvents, cases: list[dict[str, str]], at_least: int = 0
) -> Extract:
    """The extract of `case`, its checkpoint at the case's last event, or at `at_least`
    when that is later (a bundle's checkpoint is never before the previous bundle's:
    the consistency proof goes from that one to this)."""
    stop = max(case.last_position, at_least)
    links = chain_links(app, stop)
    if not links or links[-1][0] != stop:
        raise ExtractError(f"sự kiện ở vị trí {stop} chưa có mắt xích trong chuỗi băm")
    index = {position: i for i, (position, _) in enumerate(links)}
    tree = merkle.levels([link for _, link in links])
    lines, last_time = [], ""
    for n in case.notifications:
        i = index.get(n.id)
        if i is None:
            raise ExtractError(f"sự kiện ở vị trí {n.id} không có mắt xích trong chuỗi băm")
        record = event_record(n, links[i][1])
        record["prev_link"] = (links[i - 1][1] if i else GENESIS).hex()
        record["leaf"] = i
        record["proof"] = [p.hex() for p in merkle.audit_path(tree, i)]
        lines.append(dumps(record))
        last_time = record["timestamp"] or last_time
    events = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    checkpoint = Checkpoint(
        position=stop,
        count=len(links),
        head=links[-1][1].hex(),
        merkle_root=merkle.root(tree).hex(),
        taken_at=last_time,
    )
    head_proof = None
    if not case.notifications or case.notifications[-1].id != stop:
        head_proof = [p.hex() for p in merkle.audit_path(tree, len(links) - 1)]
    manifest = manifest_of(checkpoint, cases, events, len(lines), head_proof=head_proof)
    return Extract(events, manifest, checkpoint, len(lines), links, head_proof)


def manifest_of(
    checkpoint: Checkpoint,
    cases: list[dict[str, str]],
    events: bytes,
    count: int,
    previous: dict[str, Any] | None = None,
    head_proof: list[str] | None = None,
) -> bytes:
    """checkpoint.json; `previous` is the link to the cluster's previous signed bundle
    (service/documents/lineage.py: its checkpoint and the consistency proof from it);
    `head_proof` the head link's audit path when the checkpoint is past the extract's
    last event (it is then at the previous bundle's checkpoint)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "checkpoint": checkpoint.to_json(),
        "cases": cases,
        "extract": {
            "name": EXTRACT,
            "events": count,
            "sha256": hashlib.sha256(events).hexdigest(),
            "size": len(events),
        },
    }
    if previous is not None:
        data["previous"] = previous
    if head_proof is not None:
        data["head_proof"] = head_proof
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode()
