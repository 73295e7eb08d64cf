"""The review queries read views now (the term-progress document, the directory of the
federation's subtree); they must give exactly what loading every unit and report from
the store gave (tests/service/review_queries_before.py, the code as it was): on the
Lạng Sơn demo, on the scenario with a merge and a dissolution around the review date,
and on a small national load. The consolidated report records the same figures."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.review.campaign import ReviewCampaign
from domain.review.term import CongressTerm
from service.demo.national import load_national, nation
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.review import reviews
from service.review.queries import progress, report_board
from tests.service import review_queries_before as before
from tests.service.test_review_scenario import play

FRACTION = 0.004


def old_figures(app: ThiduaApplication, campaign_id: UUID) -> tuple[dict[str, Any], list[UUID]]:
    """What compile_consolidated_report recorded before: the figures and the counted units."""
    campaign = before.load_campaign(app, campaign_id)
    rollup = before.progress(app, campaign_id)
    figures = {
        code: {
            "value": None if p.value is None else str(p.value),
            "reporters": p.reporters,
            "percent_of_target": None if p.percent_of_target is None else str(p.percent_of_target),
            "expected": None if p.expected is None else str(p.expected),
            "status": p.status,
        }
        for code, p in sorted(rollup.progress[campaign.federation].items())
    }
    counted = sorted(before.counted_reports(before.reports_of(app, campaign)), key=str)
    return figures, counted


def assert_same(app: ThiduaApplication, campaign_id: UUID) -> None:
    old, new = before.progress(app, campaign_id), progress(app, campaign_id)
    assert (new.federation, new.review_date, new.elapsed) == (
        old.federation,
        old.review_date,
        old.elapsed,
    )
    assert new.parent == old.parent and new.unplaced == old.unplaced
    assert set(new.progress) == set(old.progress)
    assert {u: new.progress[u] for u in old.progress} == {u: old.progress[u] for u in old.progress}
    board = [dict(row.__dict__) for row in report_board(app, campaign_id)]
    assert all(row.pop("carried_by") is None for row in board)  # no participant taken over
    assert board == [row.__dict__ for row in before.report_board(app, campaign_id)]


def test_lang_son_demo(demo_app: ThiduaApplication, demo_summary: dict[str, Any]) -> None:
    app = demo_app
    campaign_id = demo_summary["review"]["campaign_id"]
    assert_same(app, campaign_id)
    latest = app.get(campaign_id).latest  # compiled by the new code while loading
    assert (latest.figures, latest.counted) == old_figures(app, campaign_id)


def test_scenario_with_merge_and_dissolution(app: ThiduaApplication, admin: Principal) -> None:
    _, campaign_id = play(app, admin)
    old = before.progress(app, campaign_id)
    assert len(old.parent) > 1 and old.progress  # not an empty tree
    assert_same(app, campaign_id)
    latest = app.get(campaign_id).latest
    assert (latest.figures, latest.counted) == old_figures(app, campaign_id)


def test_small_national_load(app: ThiduaApplication, admin: Principal) -> None:
    feds = sorted(nation(1, FRACTION).federations, key=lambda f: (f.grassroots, f.code))[:2]
    loaded = load_national(app, 1, FRACTION, only=[f.code for f in feds])
    for campaign_id in loaded["campaigns"].values():
        assert len(before.report_board(app, campaign_id)) > 2
        assert_same(app, campaign_id)
        figures, counted = old_figures(app, campaign_id)
        reviews.compile_consolidated_report(
            app, admin, campaign_id, "Báo cáo sơ kết", "", date(2016, 1, 14)
        )
        latest: ReviewCampaign = app.get(campaign_id)
        assert latest.latest is not None
        assert (latest.latest.figures, latest.latest.counted) == (figures, counted)
        assert isinstance(app.get(latest.term), CongressTerm)
