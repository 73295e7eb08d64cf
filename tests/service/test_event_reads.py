"""The PostgreSQL recorder's read of one aggregate's events (service/platform/
chain_store.py renders its statement once per shape of the arguments and reads rows in
binary) answers exactly as the library's own read, for every shape."""

from __future__ import annotations

import itertools

import pytest
from eventsourcing.domain import Aggregate, event

from service.platform.app import ThiduaApplication


class Note(Aggregate):
    def __init__(self, text: str) -> None:
        self.text = text

    @event("Edited")
    def edit(self, text: str) -> None:
        self.text = text


SHAPES = [
    dict(gt=gt, lte=lte, desc=desc, limit=limit)
    for gt, lte, desc, limit in itertools.product((None, 2), (None, 5), (False, True), (None, 3))
]


def test_each_shape_reads_as_the_library_does(app: ThiduaApplication, store_kind: str) -> None:
    if store_kind == "sqlite":
        pytest.skip("the SQLite recorder reads with the library's own statement")
    note = Note("một")
    for text in ("hai", "ba", "bốn", "năm", "sáu"):
        note.edit(text)
    other = Note("khác")
    app.save(note, other)
    recorder = app.recorder
    library = next(c for c in type(recorder).__mro__ if c.__module__ == "eventsourcing.postgres")
    for shape in SHAPES * 2:  # the second round reads with the statements kept
        ours = recorder.select_events(note.id, **shape)  # type: ignore[arg-type]
        theirs = library.select_events(recorder, note.id, **shape)
        assert ours == theirs, shape
        assert ours and all(e.originator_id == note.id for e in ours)
    assert [e.originator_version for e in recorder.select_events(note.id, gt=2, desc=True)] == [
        6, 5, 4, 3,
    ]  # fmt: skip
    assert app.repository.get(note.id).text == "sáu"
