"""Documents with parts that the catch-up holds whole between its passes.

On deadline day every submission is one event, and a web request catches the views up
a few events at a time. Folding a review's submission asks its term-progress document
for the report's unit and its report, and the review's board for the stream's unit and
what that party did: four entries. Read from the store (`ViewStore.load`), that is four
round trips per event, each a few entries out of thousands.

Held here, a document is the text of its own row and of every part entry, exact at one
position of its view. A pass asks the store once for what was written since (one
statement: none when this process made the last pass, another worker's writes
otherwise; with the view's position: if another process moved the view past the pass's
start, the pass could not commit anyway and stops at once with `PositionMoved`), then
folds copies of the held entries without asking again. After the pass commits, the held
document takes its writes and the new position.

Entries removed by another process would not show in the rows written since; the views
with parts never remove entries (they are read that way by pages too, see `parts`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.views.parts import Part, entries_of, split
from service.views.viewstore import PositionMoved, ViewStore, dumps

# Documents held per process: a review's term progress and board are two; the largest
# (3,500 units) holds about 3 MB of text.
HELD_MAX = 8
Slot = tuple[str, int, str]  # (view, generation, key)


@dataclass
class Held:
    position: int  # the view's position at which these texts are the stored ones
    main: str  # the document's own row
    parts: dict[str, dict[str, str]]  # part -> entry -> its row's JSON text


class HeldDocuments:
    def __init__(self, store: ViewStore, limit: int = HELD_MAX) -> None:
        self._store = store
        self.limit = limit
        self._held: dict[Slot, Held] = {}
        self._lock = threading.Lock()

    def load(self, slot: Slot, position: int) -> tuple[Any | None, str | None, bool]:
        """The document for a pass of its view starting at `position`, and its own
        row's text (see `ViewStore.load`); and whether it came from here (else from the
        store entry by entry: that generation of the view is gone).
        PositionMoved: the view is past `position` already."""
        with self._lock:
            held = self._held.pop(slot, None)
        held = self._read(slot, held)
        if held is None:
            return (*self._store.load(slot[0], slot[2], slot[1]), False)
        with self._lock:
            self._keep(slot, held)
        if held.position != position:
            raise PositionMoved(slot[0])
        if not held.main:
            return None, None, True
        doc = json.loads(held.main)
        for part in self._names(slot):
            if part not in doc:  # else stored whole before it had parts: written whole
                entries = held.parts.setdefault(part, {})
                doc[part] = Part(_copies(entries), fetch_all_after=None)
        return doc, held.main, True

    def _read(self, slot: Slot, held: Held | None) -> Held | None:
        """`held` brought to the view's position: the rows written since (one statement).
        The document's own row comes with them: when it differs from the held one
        (another worker's pass changed it, which a submission never does, or a rewrite
        such as `thidua db init`'s split of a document stored whole, whose part rows
        carry no newer position), the document is read whole again (a second one).
        None: that generation of the view is gone."""
        view, gen, key = slot
        snap = self._store.written_since(view, gen, key, held.position if held else 0)
        if held is not None and snap is not None and (snap.main or "") != held.main:
            held, snap = None, self._store.written_since(view, gen, key, 0)
        if snap is None:
            return None
        found = held or Held(snap.position, "", {})
        found.main = snap.main or ""
        changed = {part for part, _e, _p, _s in snap.rows}
        # new maps for the parts with news: a pass of another thread may be reading the old
        found.parts.update({part: dict(found.parts.get(part, {})) for part in changed})
        for part, entry, _position, state in snap.rows:
            found.parts[part][entry] = state
        found.position = snap.position
        return found

    def committed(
        self,
        moves: Mapping[tuple[str, int], tuple[int, int]],
        docs: Mapping[Slot, Any],
        held_slots: set[Slot],
    ) -> None:
        """After a pass committed: each document it took from here (or made new) takes
        what the pass wrote; every held document of a view the pass moved, the new
        position."""
        with self._lock:
            for slot in held_slots:
                doc = docs.get(slot)
                old, new = moves.get(slot[:2], (None, None))
                held = self._held.get(slot)
                if doc is None or old is None or (held is not None and held.position != old):
                    self._held.pop(slot, None)
                    continue
                self._keep(slot, _written(held or Held(old, "", {}), doc, self._names(slot)))
            for slot, held in self._held.items():
                old, new = moves.get(slot[:2], (None, None))
                if held.position == old and new is not None:
                    held.position = new

    def slots(self) -> list[Slot]:
        """The documents held, the least recently used first."""
        with self._lock:
            return list(self._held)

    def _names(self, slot: Slot) -> Sequence[str]:
        return self._store.parts[slot[0]]

    def _keep(self, slot: Slot, held: Held) -> None:
        """`held` under `slot`, the most recently used (the oldest dropped past the limit)."""
        self._held.pop(slot, None)
        while len(self._held) >= self.limit:
            self._held.pop(next(iter(self._held)))
        self._held[slot] = held


def _copies(entries: dict[str, str]) -> Any:
    """A part's fetch served from held texts: each entry a new object (the fold may
    change what it is given; the held text stays as stored)."""

    def fetch(wanted: Sequence[str] | None) -> dict[str, Any]:
        names = entries if wanted is None else [e for e in wanted if e in entries]
        return {e: json.loads(entries[e]) for e in names}

    return fetch


def _written(held: Held, doc: Any, names: Sequence[str]) -> Held:
    """`held` with what a pass wrote of `doc` (as `ViewStore.commit_batch` writes it)."""
    held.main = dumps(split(doc, names))
    for part in names:
        changed, removed, whole = entries_of(doc[part])
        # a new map: a pass of another thread may be reading the old one
        entries = {} if whole else dict(held.parts.get(part, {}))
        for entry in removed:
            entries.pop(entry, None)
        entries.update((e, dumps(v)) for e, v in changed.items())
        held.parts[part] = entries
    return held
