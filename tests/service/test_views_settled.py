"""Within one request the views are checked once, and again only after a save."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.org.unit import Unit, UnitKind
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.review import review_reports as rr
from service.views import projector, views
from service.views.projector import projector_of
from tests.service.test_review_scenario import REVIEWER_P, send, setup_review


def count_checks(app: ThiduaApplication, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    store = projector_of(app).store
    positions = store.positions

    def counted(names: Any) -> Any:
        calls.append(1)
        return positions(names)

    monkeypatch.setattr(store, "positions", counted)
    return calls


def names(app: ThiduaApplication, code: str) -> str:
    return views.unit_names(app, [units.unit_by_code(app, code).id.hex])[
        units.unit_by_code(app, code).id.hex
    ]


def test_a_request_checks_once_until_it_saves(
    app: ThiduaApplication, store_url: str, admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    units.register_unit(app, admin, "HN", UnitKind.PROVINCE, "LĐLĐ Hà Nội", date(2011, 6, 7))
    projector_of(app).catch_up()
    checks = count_checks(app, monkeypatch)
    token = projector.settle()  # what a web request does first
    try:
        assert names(app, "HN") == "LĐLĐ Hà Nội"
        names(app, "HN")
        names(app, "HN")
        assert len(checks) == 1  # three reads, one check
        units.rename_unit(app, admin, "HN", "Liên đoàn Lao động Hà Nội", date(2012, 1, 2))
        assert names(app, "HN") == "Liên đoàn Lao động Hà Nội"  # read-your-writes kept
        assert len(checks) >= 2
        other = ThiduaApplication(store_url)  # another worker renames meanwhile
        try:
            units.rename_unit(other, admin, "HN", "LĐLĐ thành phố Hà Nội", date(2013, 1, 2))
        finally:
            other.close()
        assert names(app, "HN") == "Liên đoàn Lao động Hà Nội"  # seen at the next request
    finally:
        projector.unsettle(token)
    assert names(app, "HN") == "LĐLĐ thành phố Hà Nội"  # outside a request: always checked


def test_outside_a_request_every_read_checks(
    app: ThiduaApplication, admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    units.register_unit(app, admin, "HP", UnitKind.PROVINCE, "LĐLĐ Hải Phòng", date(2011, 6, 7))
    projector_of(app).catch_up()
    checks = count_checks(app, monkeypatch)
    for _ in range(3):
        names(app, "HP")
    assert len(checks) == 3


def test_a_kept_review_and_board_are_asked_for_once_a_request_until_it_saves(
    app: ThiduaApplication, admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _term, campaign = setup_review(app, admin)
    send(app, campaign, "CL", date(2015, 12, 15))
    views.term_progress(app, campaign)
    views.board(app, campaign, date(2016, 1, 5))
    store = projector_of(app).store
    asked: list[str] = []
    snapshot = store.snapshot

    def counted(view: str, key: str, since: int = -1) -> Any:
        asked.append(view)
        return snapshot(view, key, since)

    monkeypatch.setattr(store, "snapshot", counted)
    token = projector.settle()  # a web request
    try:
        first = views.term_progress(app, campaign)
        board = views.board(app, campaign, date(2016, 1, 5))
        assert asked == ["term_progress", "plan_board"]
        assert views.term_progress(app, campaign) is first  # the page, its chart, its form
        assert views.board(app, campaign, date(2016, 1, 5)) is board
        assert asked == ["term_progress", "plan_board"]  # not asked again

        rr.accept_report(app, REVIEWER_P, campaign, "CL", date(2016, 1, 11))  # it saves
        after = views.term_progress(app, campaign)
        assert after is not first and after.state["reports"][cl()]["status"] == "accepted"
        assert asked[2:] == ["term_progress"]
    finally:
        projector.unsettle(token)
    views.term_progress(app, campaign)  # outside a request: asked every time
    views.term_progress(app, campaign)
    assert asked[3:] == ["term_progress", "term_progress"]


def cl() -> str:
    return Unit.id_for("CL").hex
