"""The Lạng Sơn review demo: what it loads, and that loading twice changes nothing."""

from __future__ import annotations

from datetime import date

from domain.org.unit import Unit
from domain.review.report import ReviewReport
from service.demo.review import load_review_demo
from service.platform.app import ThiduaApplication
from service.review.queries import progress, report_board


def test_review_demo(app: ThiduaApplication) -> None:
    summary = load_review_demo(app)
    assert summary["loaded"] and summary["participants"] == 23 == summary["accepted"]
    assert summary["late"] == ["LS-BINHGIA", "LS-DINHLAP", "LS-YTE"]
    assert summary["returned"] == ["LS-VANQUAN"]
    board = report_board(app, summary["campaign_id"])
    kinds = [r.kind for r in board]
    assert (kinds.count("district"), kinds.count("sector")) == (11, 5)
    assert (kinds.count("grassroots"), kinds.count("department")) == (3, 4)
    late = {r.code: r.days_late for r in board if r.days_late}
    assert late == {"LS-BINHGIA": 4, "LS-DINHLAP": 6, "LS-YTE": 8}
    vq = app.get(ReviewReport.id_for(summary["campaign_id"], Unit.id_for("LS-VANQUAN")))
    assert [e.__class__.__name__ for e in app.repository.event_store.get(vq.id)][-4:] == [
        "Returned",
        "ValueReported",
        "Resubmitted",
        "Accepted",
    ]
    campaign = app.get(summary["campaign_id"])
    assert campaign.submitted.on == date(2016, 3, 10) and len(campaign.consolidated) == 2
    assert [p.committee for p in campaign.presentations] == ["standing", "executive"]
    assert len(campaign.survey) == 3 and len(campaign.steering) == 5
    # By hand from the demo's formulas: CT01 = 60 × Σsize (53 + 21 + 3) + 5 × Σi (0..18);
    # CT09 = Σ(1 + size // 3) over the 11 districts (11 + 14) + 12 from Ban Tài chính.
    rollup = progress(app, summary["campaign_id"])
    assert {code: str(rollup.total(code).value) for code in ("CT01", "CT09")} == {
        "CT01": "5475",
        "CT09": "37",
    }
    events = app.recorder.max_notification_id()
    again = load_review_demo(app)
    assert again["loaded"] is False and app.recorder.max_notification_id() == events
