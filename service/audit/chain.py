"""Verify the store's hash chain and take checkpoints (kiểm tra chuỗi băm, điểm kiểm tra).

`verify` walks the events and the links together in position order, 1,000 rows a
read, recomputes each link from the stored event and the previous link, and stops at
the first position that does not match, saying what differs (service/chain_report.py
words it). `checkpoint` records where the chain stands: last position, head link and
the Merkle root of all links (service/chain_format.py); a later verify or export must
extend it (same prefix).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from service.audit.chain_report import Problem, case_of, problem_at
from service.platform.app import ThiduaApplication
from service.platform.chain_format import GENESIS, Checkpoint, MerkleRoot, link_bytes
from service.platform.chain_store import ChainMixin, ChainRow

BATCH = 1_000
Progress = Callable[[int], None]
Links = list[tuple[int, bytes]]  # (position, link) in position order


@dataclass(frozen=True)
class VerifyReport:
    checked: int  # events whose link matched, in order, before any problem
    reached: Checkpoint  # the chain as verified (up to the problem, if any)
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _recorder(app: ThiduaApplication) -> ChainMixin:
    recorder = app.recorder
    if not isinstance(recorder, ChainMixin):
        raise TypeError("this store's recorder writes no hash chain")
    return recorder


class _Walk:
    """The running state of one verification."""

    def __init__(self, against: Checkpoint | None, earlier: Links | None = None) -> None:
        self.against = against
        self.earlier = earlier
        self.position = 0
        self.head = GENESIS
        self.merkle = MerkleRoot()

    def accept(self, position: int, chain_link: bytes) -> Problem | None:
        if (problem := self.diverged(position, chain_link)) is not None:
            return problem
        self.position, self.head = position, chain_link
        self.merkle.add(chain_link)
        cp = self.against
        if cp is not None and self.merkle.count == cp.count:
            return self.compare(cp)
        return None

    def diverged(self, position: int, chain_link: bytes) -> Problem | None:
        """With an earlier export's links: the first position whose link is not the one
        that export holds (a rewrite recomputed from there on is found where it begins)."""
        earlier, i = self.earlier, self.merkle.count
        if earlier is None or i >= len(earlier) or earlier[i] == (position, chain_link):
            return None
        return Problem(min(position, earlier[i][0]), "diverged")

    def compare(self, cp: Checkpoint) -> Problem | None:
        mine = self.reached("")
        if mine.same_chain(cp):
            return None
        return Problem(self.position, "checkpoint", details={"checkpoint": cp, "reached": mine})

    def finish(self) -> Problem | None:
        cp = self.against
        if cp is not None and self.merkle.count < cp.count:
            return Problem(self.position, "checkpoint_short", details={"checkpoint": cp})
        return None

    def reached(self, taken_at: str) -> Checkpoint:
        root = self.merkle.root().hex()
        return Checkpoint(self.position, self.merkle.count, self.head.hex(), root, taken_at)


def verify(
    app: ThiduaApplication,
    progress: Progress | None = None,
    against: Checkpoint | None = None,
    batch: int = BATCH,
    earlier: Links | None = None,
) -> VerifyReport:
    """Check every stored event against its link; with `against`, that the chain
    extends that checkpoint; with `earlier` (the links of the export that checkpoint
    closes), the first position whose link differs from it. `progress(position)` is
    called every `batch` events.

    Never raises on what is stored: whatever was changed, the report names a position.
    """
    recorder = _recorder(app)
    walk = _Walk(against, earlier)
    try:
        stop = max(recorder.chain_extent())
    except Exception:  # the store cannot even say how long it is
        return VerifyReport(0, walk.reached(now_iso()), Problem(0, "unreadable_store"))
    problem = _walk(recorder, walk, stop, batch, progress) or walk.finish()
    if problem is not None:
        problem = problem_at(problem, lambda originator: case_of(app, originator))
    return VerifyReport(walk.merkle.count, walk.reached(now_iso()), problem)


def _walk(
    recorder: ChainMixin, walk: _Walk, stop: int, batch: int, progress: Progress | None
) -> Problem | None:
    """Events and links merged by position, one joined read per batch; the first
    position where they part is the problem. Only the link is read with each event;
    the rest of the link's row when it does not match. A batch the store cannot read
    (a value no longer in its stored encoding) is read again one row at a time, so the
    row it fails on is named."""
    after = 0
    while after < stop:
        try:
            rows, orphan = recorder.chain_walk(after, stop, batch)
        except Exception:
            if batch > 1:
                batch = 1
                continue
            return _unreadable(recorder, walk)
        for row in rows:
            if orphan is not None and orphan < row[0]:
                return _deleted(recorder, orphan)
            if (problem := _step(recorder, walk, row)) is not None:
                return problem
        if orphan is not None:
            return _deleted(recorder, orphan)
        if not rows:
            break
        after = rows[-1][0]
        if progress is not None:
            progress(after)
    if progress is not None:
        progress(stop)
    return None


def _step(recorder: ChainMixin, walk: _Walk, row: Any) -> Problem | None:
    """One event and its link: None when the link is the one recomputed from the event."""
    position, originator, version, topic, state, chain_link = row
    if chain_link is None:
        return Problem(position, "unlinked", event=_event_or_none(row))
    hashed = _hashed_fields(originator, version, topic, state, chain_link)
    if hashed is None:
        return Problem(position, "malformed", event=_event_or_none(row))
    expected = link_bytes(walk.head, position, hashed[0], version, hashed[1], state)
    if expected != chain_link:
        return _diagnosed(recorder, walk, row)
    return walk.accept(position, chain_link)


def _hashed_fields(
    originator: object, version: object, topic: object, state: object, chain_link: object
) -> tuple[bytes, bytes] | None:
    """(originator's 16 bytes, topic's UTF-8) when every value has the type and
    encoding the writer stores; None when one was changed outside the application."""
    if not isinstance(state, bytes) or not isinstance(chain_link, bytes) or len(chain_link) != 32:
        return None
    if type(version) is not int or not 0 <= version < 2**64 or not isinstance(topic, str):
        return None
    oid = _stored_originator(originator)
    try:
        return None if oid is None else (oid, topic.encode("utf-8"))
    except UnicodeEncodeError:
        return None


def _stored_originator(stored: object) -> bytes | None:
    """The UUID's 16 bytes: PostgreSQL gives a UUID, SQLite the 32 lowercase hex digits
    the writer stores (any other spelling of the same id is a changed byte)."""
    if isinstance(stored, UUID):
        return stored.bytes
    if isinstance(stored, str) and len(stored) == 32:
        try:
            raw = bytes.fromhex(stored)
        except ValueError:
            return None
        return raw if raw.hex() == stored else None
    return None


def _event_or_none(row: Any) -> Notification | None:
    try:
        return _notification(*row[:5])
    except Exception:  # not readable as an event: the position is named without it
        return None


def _deleted(recorder: ChainMixin, orphan: int) -> Problem:
    try:
        return Problem(orphan, "event_deleted", chain=_chain_row(recorder, orphan))
    except Exception:  # the link's row is itself tampered
        return Problem(orphan, "event_deleted")


def _diagnosed(recorder: ChainMixin, walk: _Walk, row: Any) -> Problem:
    """What differs at a link that does not match; at least that it does not."""
    try:
        event = _notification(*row[:5])
        return _diagnose(recorder, walk, event, _chain_row(recorder, row[0]))
    except Exception:  # the rows to compare with are tampered too
        return Problem(row[0], "link_changed", event=_event_or_none(row))


def _unreadable(recorder: ChainMixin, walk: _Walk) -> Problem:
    """The first row after the last verified one cannot be read: name its position."""
    try:
        return Problem(recorder.chain_next(walk.position), "unreadable_row")
    except Exception:
        return Problem(walk.position, "unreadable_store")


def _notification(
    position: int, originator: object, version: int, topic: str, state: bytes
) -> Notification:
    return Notification(
        id=position,
        originator_id=_uuid(originator),
        originator_version=version,
        topic=topic,
        state=bytes(state),
    )


def _chain_row(recorder: ChainMixin, position: int) -> ChainRow:
    return recorder.chain_rows(position - 1, position, 1)[0]


def _diagnose(recorder: ChainMixin, walk: _Walk, ev: Notification, ch: ChainRow) -> Problem:
    """What differs at the first position whose link does not match."""
    if ch.prev_position > walk.position:
        return Problem(ch.prev_position, "deleted", chain=ch)
    if ch.prev_position < walk.position:
        return Problem(ev.id, "inserted", event=ev, chain=ch)
    originator = _uuid(ev.originator_id)
    if (originator, ev.originator_version) != (ch.originator_id, ch.originator_version):
        recorded_at = recorder.chain_position_of(originator, ev.originator_version)
        kind = "replaced" if recorded_at is None else "moved"
        return Problem(ev.id, kind, event=ev, chain=ch, details={"recorded_at": recorded_at})
    if ev.topic != ch.topic:
        return Problem(ev.id, "topic_changed", event=ev, chain=ch)
    if hashlib.sha256(ev.state).digest() != ch.state_sha256:
        return Problem(ev.id, "state_changed", event=ev, chain=ch)
    return Problem(ev.id, "link_changed", event=ev, chain=ch)


def checkpoint(app: ThiduaApplication, batch: int = BATCH) -> Checkpoint:
    """Where the chain stands now: last position, head link, Merkle root of all links.

    Taken from the links as stored; `verify` says whether they match the events.
    """
    recorder = _recorder(app)
    stop = recorder.chain_extent()[1]
    merkle, position, head = MerkleRoot(), 0, GENESIS
    while position < stop:
        rows = recorder.chain_links(position, stop, batch)
        if not rows:
            break
        for _, chain_link in rows:
            merkle.add(chain_link)
        position, head = rows[-1]
    return Checkpoint(position, merkle.count, head.hex(), merkle.root().hex(), now_iso())


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
