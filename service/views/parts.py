"""A document's parts: large top-level maps stored one entry per row (`view_parts`).

A review's term-progress document holds a report per participant: 3,500 of them for the
largest federation (2 MB as one JSON text). Stored whole, every batch that touched one
report parsed and wrote the whole document, and a reader could not tell which reports
changed. A view declares such maps as parts (`View.parts`); each entry is a row with
the log position of the batch that wrote it, so the projector reads and writes only the
entries it touches, and a reader can ask what changed after a position. (A removed entry
leaves no row to ask about: a view read that way marks entries instead of removing them.)

`Part` is the map a fold sees while the projector applies a batch: it fetches an entry
when first asked for (all of them after `FETCH_ALL` misses from the store, or when
iterated) and remembers which entries it handed out or was given, to write back only
those.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from typing import Any

# A pass that touches more entries than this reads the whole part once instead.
FETCH_ALL = 16

Fetch = Callable[[Sequence[str] | None], dict[str, Any]]  # entries (None: all) -> states

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS view_parts (
        view TEXT NOT NULL, gen INTEGER NOT NULL, key TEXT NOT NULL, part TEXT NOT NULL,
        entry TEXT NOT NULL, state TEXT NOT NULL, position BIGINT NOT NULL,
        PRIMARY KEY (view, gen, key, part, entry))""",
    """CREATE INDEX IF NOT EXISTS view_parts_by_position
        ON view_parts (view, gen, key, position)""",
]


class Part(MutableMapping[str, Any]):
    """One part of a stored document, fetched entry by entry as the fold asks."""

    def __init__(self, fetch: Fetch, fetch_all_after: int | None = FETCH_ALL) -> None:
        self._fetch = fetch
        self._fetch_all_after = fetch_all_after  # None: never (a fetch from memory)
        self._data: dict[str, Any] = {}
        self._absent: set[str] = set()
        self._complete = False
        self._misses = 0
        self.dirty: set[str] = set()  # entries handed out (a fold may change them) or set
        self.removed: set[str] = set()

    def __getitem__(self, entry: str) -> Any:
        if entry not in self._data and not self._complete and entry not in self._absent:
            self._misses += 1
            if self._fetch_all_after is not None and self._misses > self._fetch_all_after:
                self._fetch_all()
            else:
                found = self._fetch([entry])
                if entry in found:
                    self._data[entry] = found[entry]
                else:
                    self._absent.add(entry)
        value = self._data[entry]  # KeyError: no such entry
        if isinstance(value, dict | list):  # a fold may change it in place
            self.dirty.add(entry)
        return value

    def __setitem__(self, entry: str, value: Any) -> None:
        self._data[entry] = value
        self.dirty.add(entry)
        self.removed.discard(entry)
        self._absent.discard(entry)

    def __delitem__(self, entry: str) -> None:
        self[entry]  # fetched, or KeyError
        del self._data[entry]
        self.dirty.discard(entry)
        self.removed.add(entry)
        self._absent.add(entry)

    def __iter__(self) -> Iterator[str]:
        self._fetch_all()
        return iter(list(self._data))

    def __len__(self) -> int:
        self._fetch_all()
        return len(self._data)

    def _fetch_all(self) -> None:
        if self._complete:
            return
        for entry, value in self._fetch(None).items():
            if entry not in self._data and entry not in self.removed:
                self._data[entry] = value
        self._complete = True  # what is not in _data now is not stored


def entries_of(value: Any) -> tuple[dict[str, Any], set[str], bool]:
    """What to write of a part after a batch: (entries to upsert, entries to delete,
    whether the part replaces every stored entry). A `Part` writes what it handed out or
    was given; a plain map (a document made in this batch) is written whole."""
    if isinstance(value, Part):
        return {e: value._data[e] for e in value.dirty}, set(value.removed), False
    return dict(value), set(), True


def split(state: Mapping[str, Any], parts: Sequence[str]) -> dict[str, Any]:
    """The document without its parts (what the document's own row holds)."""
    return {k: v for k, v in state.items() if k not in parts}


def assemble(main: str, parts: Mapping[str, str], names: Sequence[str]) -> Any:
    """A whole document from its row's text and each part's entries as one JSON object
    text (aggregated by the database: one parse per part, not one per entry)."""
    doc = json.loads(main)
    for name in names:
        if name in parts:
            doc[name] = json.loads(parts[name])
        else:  # no entries, or a document stored whole before it had parts
            doc.setdefault(name, {})
    return doc
