"""The catch-up holds a review's documents with parts between its passes: after the first
pass it asks the store for no entry one by one, two workers taking turns see each
other's writes, and a pass that started behind the view stops at once and starts again
from where the view is. The stored documents are always what a fresh fold gives.
Both stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.review import review_reports as rr
from service.views.projector import Projector, projector_of
from service.views.viewstore import ViewStore
from tests.service.test_review_scenario import REVIEWER_P, send, setup_review

PARTED = ("term_progress", "plan_board")
SENT = ("CL", "VQ", "TP", "GD")


@pytest.fixture
def other(store_url: str, app: ThiduaApplication) -> Iterator[ThiduaApplication]:
    """A second worker on the same store (its own cache, projector and held documents)."""
    worker = ThiduaApplication(store_url)
    yield worker
    worker.close()


def folded(app: ThiduaApplication, view: str, case: UUID) -> Any:
    """The document as a fold of the case's events in memory gives it (not the views)."""
    head = app.recorder.max_notification_id()
    return projector_of(app).as_of(view, case, position=head)


def stored(app: ThiduaApplication, view: str, case: UUID) -> Any:
    return projector_of(app).store.get(view, case.hex)


def recorded(monkeypatch: pytest.MonkeyPatch, store: ViewStore, method: str) -> list[tuple]:
    """The arguments of each call of the store's `method` from now on (it still runs)."""
    calls: list[tuple] = []
    run = getattr(store, method)

    def record(*args: Any) -> Any:
        calls.append(args)
        return run(*args)

    monkeypatch.setattr(store, method, record)
    return calls


def entry_loads(monkeypatch: pytest.MonkeyPatch, projector: Projector) -> list[tuple]:
    """`projector`'s store loading a document entry by entry from now on: (view, key, gen)."""
    return recorded(monkeypatch, projector.store, "load")


def parted(loads: list[tuple]) -> list[str]:
    return [view for view, _key, _gen in loads if view in PARTED]


def test_after_its_first_pass_the_catch_up_reads_no_entry_one_by_one(
    app: ThiduaApplication, admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _term, campaign = setup_review(app, admin)
    send(app, campaign, SENT[0], date(2015, 12, 15))
    projector = projector_of(app)
    projector.catch_up()
    loads = entry_loads(monkeypatch, projector)
    for code in SENT[1:]:
        send(app, campaign, code, date(2015, 12, 15))
        rr.return_report(app, REVIEWER_P, campaign, code, ["Bổ sung số liệu"], date(2016, 1, 5))
        projector.catch_up()
    assert not parted(loads)
    for view in PARTED:
        assert stored(app, view, campaign) == folded(app, view, campaign)
    report = stored(app, "term_progress", campaign)["reports"]
    assert {r["returns"] for u, r in report.items() if r["status"] == "returned"} == {1}


def test_two_workers_taking_turns_see_each_others_writes(
    app: ThiduaApplication,
    other: ThiduaApplication,
    admin: Principal,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _term, campaign = setup_review(app, admin)
    for worker in (app, other):
        projector_of(worker).catch_up()
    loads = entry_loads(monkeypatch, projector_of(app)) + entry_loads(
        monkeypatch, projector_of(other)
    )
    for turn, code in enumerate(SENT):
        worker = (app, other)[turn % 2]
        send(worker, campaign, code, date(2015, 12, 15))
        projector_of(worker).catch_up()  # the other worker's writes are news to this one
        for view in PARTED:
            assert stored(worker, view, campaign) == folded(worker, view, campaign)
    rr.accept_report(other, REVIEWER_P, campaign, "CL", date(2016, 1, 11))
    projector_of(app).catch_up()  # an event the other worker saved, folded here
    assert (
        stored(app, "term_progress", campaign)["reports"]
        == (folded(app, "term_progress", campaign)["reports"])
    )
    assert not parted(loads)


def test_a_pass_that_started_behind_the_view_starts_again_from_where_it_is(
    app: ThiduaApplication,
    other: ThiduaApplication,
    admin: Principal,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _term, campaign = setup_review(app, admin)
    send(app, campaign, SENT[0], date(2015, 12, 15))
    projector = projector_of(app)
    projector.catch_up()
    positions = projector.store.positions
    stale = positions(list(projector.views))  # read before the other worker moves the views
    send(other, campaign, SENT[1], date(2015, 12, 15))
    rr.return_report(other, REVIEWER_P, campaign, SENT[1], ["Bổ sung"], date(2016, 1, 5))
    projector_of(other).catch_up()
    asked: list[int] = []

    def first_stale(names: Any) -> Any:
        asked.append(1)
        return stale if len(asked) == 1 else positions(names)

    monkeypatch.setattr(projector.store, "positions", first_stale)
    commits = recorded(monkeypatch, projector.store, "commit_batch")
    send(app, campaign, SENT[2], date(2015, 12, 15))
    projector.catch_up()
    # the pass from the stale positions stopped at its first held document, before
    # folding what the other worker had folded already; the next one went on
    assert len(asked) == 2 and len(commits) == 1
    for view in PARTED:
        assert stored(app, view, campaign) == folded(app, view, campaign)
    returned = stored(app, "term_progress", campaign)["reports"]
    assert [r["returns"] for r in returned.values() if r["status"] == "returned"] == [1]


def test_held_documents_are_bounded(app: ThiduaApplication, admin: Principal) -> None:
    _term, campaign = setup_review(app, admin)
    send(app, campaign, SENT[0], date(2015, 12, 15))
    projector = projector_of(app)
    projector.catch_up()
    held = projector.held
    assert {view for view, _gen, _key in held.slots()} == set(PARTED)  # the review's two
    store: ViewStore = projector.store
    gen, position = store.positions(["term_progress"])["term_progress"]
    for n in range(held.limit + 3):  # documents not made yet, asked for one after another
        assert held.load(("term_progress", gen, f"k{n}"), position) == (None, None, True)
    assert len(held.slots()) == held.limit


def test_a_worker_asks_for_the_cases_of_a_passs_streams_at_once(
    app: ThiduaApplication,
    other: ThiduaApplication,
    admin: Principal,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _term, campaign = setup_review(app, admin)
    for code in SENT:
        send(app, campaign, code, date(2015, 12, 15))
    projector_of(app).catch_up()
    for code in SENT:  # events of streams the other worker has never seen made
        rr.return_report(app, REVIEWER_P, campaign, code, ["Bổ sung"], date(2016, 1, 5))
    asked = recorded(monkeypatch, projector_of(other).store, "cases_of")
    projector_of(other).catch_up()
    # one question for the reports' streams, none one by one (case_of asks through it)
    assert [len(streams) for (streams,) in asked] == [len(SENT)]
    assert stored(other, "term_progress", campaign) == folded(other, "term_progress", campaign)
