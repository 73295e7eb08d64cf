"""Views read by key: read-your-writes, exactly once, as-of replay, the demo's figures."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from domain.org.unit import Unit
from service.platform.app import ThiduaApplication
from service.review import queries as review_queries
from service.views import views
from service.views.projector import projector_of
from service.views.viewstore import PositionMoved
from service.year import clusters, dossiers
from tests.service.test_projector_properties import build_year, officer


@pytest.fixture
def year(app):
    y = build_year(app)
    for code in ("CC", "DD"):
        dossiers.register(app, officer(code), y, "Cờ thi đua", ["Cam kết"], date(2015, 1, 10))
        dossiers.submit_report(
            app, officer(code), y, "yearend", "Báo cáo tổng kết", [], date(2015, 12, 1)
        )
        dossiers.self_score(
            app, officer(code), y, {"1.1": (D(9), "MC"), "1.2": (D(18), "MC")}, date(2015, 12, 1)
        )
    return y


def test_read_your_writes(app, year):
    before = views.year_standings(app, year)
    assert [r.self_total for r in before.rows if r.unit == Unit.id_for("CC").hex] == [D(27)]
    dossiers.self_score(app, officer("CC"), year, {"T.1": (D(3), "Mô hình mới")}, date(2015, 12, 2))
    after = views.year_standings(app, year)  # no explicit catch-up: the read sees the write
    assert [r.self_total for r in after.rows if r.unit == Unit.id_for("CC").hex] == [D(30)]


def test_as_of_before_inspection_differs_exactly_by_inspection(app, year):
    today = views.year_standings(app, year).state
    cc, dd = Unit.id_for("CC"), Unit.id_for("DD")
    dossiers.appraise(
        app,
        officer("AA"),
        year,
        cc,
        {"1.1": (D(8), "Thiếu minh chứng"), "1.2": (D(18), "")},
        date(2015, 12, 10),
    )
    dossiers.appraise(app, officer("AA"), year, dd, {"1.1": (D(9), "")}, date(2015, 12, 10))
    after = views.year_standings(app, year)
    first = min(
        r["position"] for r in views.timeline(app, {"case_id": year.hex, "kind": "Appraised"})
    )
    before = views.year_standings(app, year, as_of=first - 1)
    assert before.state == today  # the as-of replay equals the view as it was then
    expected = copy.deepcopy(before.state)  # ... and today = then + the inspection, nothing else
    expected["scores"][cc.hex]["appraised"] = {"1.1": "8", "1.2": "18"}
    expected["scores"][cc.hex]["reasons"] = {"1.1": "Thiếu minh chứng"}
    expected["scores"][dd.hex]["appraised"] = {"1.1": "9"}
    assert after.state == expected
    assert [r.rank for r in before.rows] == [None] * 4
    ranked = {r.unit: (r.appraised_total, r.rank, r.difference) for r in after.rows if r.rank}
    assert ranked == {cc.hex: (D(26), 1, D(-1)), dd.hex: (D(9), 2, D(-18))}


def test_replaying_a_tracked_event_changes_nothing(app, year):
    projector = projector_of(app)
    projector.catch_up()
    store = projector.store
    documents = store.all_documents("standings")
    gen, position = store.positions(["standings"])["standings"]
    stale = {("standings", gen): (position - 5, position)}  # a writer that read an old position
    forged = {("standings", gen, year.hex): {"forged": True}}
    with pytest.raises(PositionMoved):
        store.commit_batch(stale, forged, {})
    assert store.all_documents("standings") == documents
    assert store.positions(["standings"])["standings"] == (gen, position)


def test_timeline_filters(app, year):
    rows = views.timeline(app, {"case_id": year.hex, "actor_unit": Unit.id_for("CC").hex})
    assert rows and all(r["actor_account"] == "canbo.cc" for r in rows)
    assert [r["position"] for r in rows] == sorted((r["position"] for r in rows), reverse=True)
    assert {r["kind"] for r in rows} == {"Opened", "Registered", "ReportSubmitted", "SelfScored"}
    page = views.timeline(app, {"case_id": year.hex}, limit=3)
    older = views.timeline(app, {"case_id": year.hex}, limit=3, before=page[-1]["position"])
    assert max(r["position"] for r in older) < page[-1]["position"]


def test_demo_views(demo_app: ThiduaApplication, demo_summary: dict[str, Any]):
    app = demo_app
    demo = demo_summary
    standings = views.year_standings(app, demo["year_id"])
    assert standings.leading == Unit.id_for("QUANGNINH").hex
    assert standings.rows[0].unit == Unit.id_for("QUANGNINH").hex and standings.rows[0].rank == 1
    campaign = demo["review"]["campaign_id"]
    progress = views.term_progress(app, campaign)
    assert progress.rollup == review_queries.progress(app, campaign)  # view == aggregates
    board = {row.key: row for row in views.board(app, demo["year_id"], date(2016, 1, 1))}
    assert {c.status for c in board["member_registration"].cells} == {"done", "late"}
    assert [c.days_late for c in board["member_registration"].cells if c.status == "late"] == [3]
    rollout = [c for c in board["rollout"].cells if c.status == "overdue"]
    assert [c.party for c in rollout] == [Unit.id_for("LAICHAU").hex]
    assert board["inspection"].cells[0].status == "done"
    review_board = {row.key: row for row in views.board(app, campaign, date(2016, 4, 1))}
    late = sorted(c.days_late for c in review_board["lower_reports"].cells if c.status == "late")
    assert len(late) == 3 and all(d > 0 for d in late)


def test_rebuild_switches_generation_and_keeps_documents(app, year):
    projector = projector_of(app)
    projector.catch_up()
    before = projector.store.all_documents("standings")
    gen = projector.store.current_gen("standings")
    projector.rebuild("standings")
    assert projector.store.current_gen("standings") == gen + 1
    assert projector.store.all_documents("standings") == before
    assert [s.lag for s in projector.status()] == [0] * len(projector.views)
    clusters.report_task(app, officer("CC"), year, "rollout", "Đã triển khai", date(2015, 3, 1))
    assert max(s.lag for s in projector.status()) == 1
