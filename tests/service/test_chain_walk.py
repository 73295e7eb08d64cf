"""verify's one-read-per-batch walk finds the same first problem as the plain merge of
every event with every link (the walk before it), for tamperings that meet at batch
edges, at the tail, and in either order, on both stores and at several batch sizes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from service.audit import chain
from service.audit.chain_report import Problem
from service.platform.app import ThiduaApplication
from service.platform.chain_format import link
from tests.chain_helpers import Raw
from tests.service.test_chain import demo, demo_export, raw  # noqa: F401  (fixtures)


def merged(app: ThiduaApplication) -> tuple[int, Problem | None]:
    """The reference: read everything, merge by position, stop at the first mismatch."""
    recorder = chain._recorder(app)
    stop = max(recorder.chain_extent())
    events = list(app.recorder.select_notifications(1, 10**7, stop=stop))
    links = recorder.chain_rows(0, stop, 10**7)
    walk = chain._Walk(None)
    i = j = 0
    while i < len(events) or j < len(links):
        ev = events[i] if i < len(events) else None
        ch = links[j] if j < len(links) else None
        if ch is None or (ev is not None and ev.id < ch.position):
            return walk.merkle.count, Problem(ev.id, "unlinked", event=ev)  # type: ignore[union-attr]
        if ev is None or ch.position < ev.id:
            return walk.merkle.count, Problem(ch.position, "event_deleted", chain=ch)
        originator = chain._uuid(ev.originator_id)
        expected = link(walk.head, ev.id, originator, ev.originator_version, ev.topic, ev.state)
        if expected != ch.link:
            return walk.merkle.count, chain._diagnose(recorder, walk, ev, ch)
        walk.accept(ev.id, ch.link)
        i, j = i + 1, j + 1
    return walk.merkle.count, None


def _delete_events(*positions: int) -> Callable[[Raw, int], None]:
    def tamper(r: Raw, last: int) -> None:
        for p in positions:
            r.run("DELETE FROM {events} WHERE {id} = ?", last if p < 0 else p)

    return tamper


def _delete_links(*positions: int) -> Callable[[Raw, int], None]:
    def tamper(r: Raw, last: int) -> None:
        for p in positions:
            r.run("DELETE FROM event_chain WHERE position = ?", last if p < 0 else p)

    return tamper


def _both(*tampers: Callable[[Raw, int], None]) -> Callable[[Raw, int], None]:
    def tamper(r: Raw, last: int) -> None:
        for t in tampers:
            t(r, last)

    return tamper


def _edit_state(p: int) -> Callable[[Raw, int], None]:
    return lambda r, last: r.run(
        "UPDATE {events} SET state = ? WHERE {id} = ?", b'{"edited":true}', p
    )


TAMPERINGS = {
    "none": lambda r, last: None,
    "event gone at a batch edge": _delete_events(100, 200),
    "event gone, then a link gone": _both(_delete_events(300), _delete_links(450)),
    "link gone, then an event gone": _both(_delete_links(299), _delete_events(301)),
    "last event gone": _delete_events(-1),
    "last link gone": _delete_links(-1),
    "a run of events gone, part of their links too": _both(
        _delete_events(*range(95, 106)), _delete_links(*range(95, 101))
    ),
    "event and link gone at a batch edge": _both(_delete_events(200), _delete_links(200)),
    "state edited before an event gone": _both(_edit_state(77), _delete_events(500)),
    "first event gone": _delete_events(1),
}


@pytest.mark.parametrize("batch", [1, 7, 100, 1000])
@pytest.mark.parametrize("tampering", list(TAMPERINGS))
def test_walk_finds_what_the_merge_finds(demo, raw, tampering, batch):  # noqa: F811
    TAMPERINGS[tampering](raw, demo.recorder.max_notification_id())
    checked, expected = merged(demo)
    report = chain.verify(demo, batch=batch)
    assert report.checked == checked
    if expected is None:
        assert report.ok
        return
    assert report.problem is not None
    got = report.problem
    assert (got.position, got.kind, got.details) == (
        expected.position,
        expected.kind,
        expected.details,
    )
    assert (got.event is None, got.chain) == (expected.event is None, expected.chain)
    if expected.event is not None:
        assert (got.event.id, got.event.originator_id, got.event.state) == (
            expected.event.id,
            expected.event.originator_id,
            expected.event.state,
        )
