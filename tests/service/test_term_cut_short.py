"""Issue 14, scenario (4), on SQLite and PostgreSQL: a term ended early and a new one
begun; the running review closed with what it has; its progress and PDF say so.

Hà Nam's term XVI (2023–2028) is reviewing mid-term when the 2025 restructuring cuts
it short. Of five districts: D1 accepted, D2 submitted (not yet reviewed), D3 only a
draft, D4 nothing, D5 merged into D1 on 01/07/2025 (D1 reports for it by decision, and
sends its report). The term ends on 30/09/2025; the review closes with D1, D2 and D5
counted and D3, D4 listed as not received. The 2025–2030 term then begins.
Figures by hand: CT01 (sum) = 100 + 40 + 25 = 165; CT02 (ratio) = (8+3+2)/(10+5+4) =
13/19 = 68.42 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from domain.review.term import Target
from service.documents.letterhead import DocumentInputs
from service.documents.review_docs import review_report
from service.org.units import merge_unit, register_unit
from service.platform.auth import STEERING, Principal
from service.review import cut_short, reviews
from service.review import review_reports as rr
from service.review.queries import board_rows, progress, review_progress
from service.views import views

FED = "HANAM"
DISTRICTS = ["D1", "D2", "D3", "D4", "D5"]
STEER = Principal("chidao", Unit.id_for(FED), frozenset({STEERING}))
NARRATIVE = dict(done="Đã làm", not_done="Chưa làm", causes="Do", lessons="Bài học", tasks="Việc")
FIGURES = {
    "D1": {"CT01": {"value": "100"}, "CT02": {"numerator": "8", "denominator": "10"}},
    "D2": {"CT01": {"value": "40"}, "CT02": {"numerator": "3", "denominator": "5"}},
    "D3": {"CT01": {"value": "999"}, "CT02": {"numerator": "9", "denominator": "9"}},
    "D5": {"CT01": {"value": "25"}, "CT02": {"numerator": "2", "denominator": "4"}},
}


def officer(code: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def refused(app, fn) -> DomainError:
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as e:
        fn()
    assert app.recorder.max_notification_id() == before, "nothing may be stored"
    return e.value


def setup(app, admin):
    register_unit(app, admin, FED, "province", "Liên đoàn Lao động tỉnh Hà Nam", date(2010, 1, 1))
    for code in DISTRICTS:
        register_unit(app, admin, code, "district", f"LĐLĐ huyện {code}", date(2010, 1, 1), FED)
    term = reviews.open_term(
        app, admin, FED, "XVI", "Nhiệm kỳ XVI", 2023, 2028, date(2023, 10, 15), "Nghị quyết XVI"
    )
    reviews.add_targets(
        app,
        admin,
        term,
        [
            Target.make(code="CT01", name="Đoàn viên mới", unit="người", target="1000"),
            Target.make(
                code="CT02",
                name="Tỷ lệ CĐCS vững mạnh",
                unit="%",
                target="80",
                rollup="ratio",
                numerator_label="vững mạnh",
                denominator_label="CĐCS",
            ),
        ],
        date(2023, 10, 15),
    )
    on = date(2025, 5, 5)
    campaign = reviews.plan_review(
        app, STEER, term, "Sơ kết giữa nhiệm kỳ XVI", date(2025, 12, 31), on
    )
    reviews.schedule_milestone(
        app, STEER, campaign, "lower_reports", "Các đơn vị báo cáo", on, date(2025, 10, 31), on
    )
    for code in DISTRICTS:
        reviews.add_participant(app, STEER, campaign, code, date(2025, 5, 6))
    return term, campaign


def draft(app, campaign, code, as_who=None, on=date(2025, 6, 10)):
    rr.draft_report(
        app,
        as_who or officer(code),
        campaign,
        code,
        on,
        values=FIGURES.get(code, FIGURES["D1"]),
        narrative=NARRATIVE,
    )


def test_term_cut_short_review_closed_with_what_it_has(app, admin):
    term, campaign = setup(app, admin)
    for code in ("D1", "D2", "D3", "D5"):
        draft(app, campaign, code)
    for code in ("D1", "D2", "D5"):
        rr.submit_report(app, officer(code), campaign, code, date(2025, 6, 20))
    rr.accept_report(app, STEER, campaign, "D1", date(2025, 6, 25))
    rr.return_report(app, STEER, campaign, "D5", ["Bổ sung số liệu"], date(2025, 6, 26))

    # D5 merged into D1 on 01/07: pending, with the default offered; D5 can no longer act
    merge_unit(app, admin, "D5", "D1", date(2025, 7, 1))
    [waiting] = cut_short.pending_of(app, campaign)
    assert waiting["unit"] == Unit.id_for("D5").hex and waiting["cause"] == "merged"
    assert waiting["default"] == "take_over"
    assert waiting["default_successor"] == Unit.id_for("D1").hex
    assert refused(app, lambda: draft(app, campaign, "D1", officer("D5"))).code.startswith("auth.")
    # D1 may not yet act for D5: no decision
    refused(app, lambda: rr.submit_report(app, officer("D1"), campaign, "D5", date(2025, 7, 5)))
    assert (
        refused(
            app,
            lambda: cut_short.take_over_participant(
                app, STEER, campaign, Unit.id_for("D5"), Unit.id_for("D1"), "", date(2025, 7, 5)
            ),
        ).code
        == "review.decision_reason_required"
    )
    cut_short.take_over_participant(
        app, STEER, campaign, Unit.id_for("D5"), Unit.id_for("D1"), "QĐ hợp nhất", date(2025, 7, 5)
    )
    assert cut_short.pending_of(app, campaign) == []
    draft(app, campaign, "D5", officer("D1"), date(2025, 7, 6))
    rr.submit_report(app, officer("D1"), campaign, "D5", date(2025, 7, 7))  # resubmitted by D1

    # the term ends early: its review closes with what it has, in the same transaction
    basis = "Nghị quyết 202/2025/QH15; Quyết định sắp xếp tổ chức Công đoàn"
    cut_short.end_term(app, STEER, term, "Sắp xếp tổ chức bộ máy 2025", basis, date(2025, 9, 30))
    stored = app.get(campaign)
    assert stored.closed_early.on == date(2025, 9, 30)
    assert stored.closed_early.counted == sorted(
        [Unit.id_for(c) for c in ("D1", "D2", "D5")], key=str
    )
    assert stored.closed_early.not_received == sorted(
        [Unit.id_for(c) for c in ("D3", "D4")], key=str
    )

    # the roll-up counts the reports received, not the missing ones as zero
    rolled = progress(app, campaign)
    assert rolled.total("CT01").value == Decimal(165) and rolled.total("CT01").reporters == 3
    assert rolled.total("CT02").value == Decimal("68.42")
    assert rolled.closed is not None and rolled.closed.on == date(2025, 9, 30)
    assert rolled.review_date == date(2025, 9, 30)  # judged on the day it closed
    assert rolled.elapsed == Decimal("0.3919")  # 716 of 1,827 days
    assert set(rolled.closed.not_received) == {Unit.id_for("D3"), Unit.id_for("D4")}
    page = review_progress(app, campaign)
    assert page["closed_early"]["on"] == date(2025, 9, 30)
    assert page["closed_early"]["reason"] == "Sắp xếp tổ chức bộ máy 2025"
    assert [n["code"] for n in page["closed_early"]["not_received"]] == ["D3", "D4"]
    assert page["term"]["ended"]["basis"] == basis
    board = {r["code"]: r["status"] for r in board_rows(app, campaign)}
    assert board == {
        "D1": "accepted",
        "D2": "submitted",
        "D3": "not_received",
        "D4": "not_received",
        "D5": "resubmitted",
    }

    # the plan board: what was not done will not be (no open task left on anyone's home)
    [row] = [r for r in views.board(app, campaign, date(2025, 10, 1)) if r.key == "lower_reports"]
    cells = {c.party: c.status for c in row.cells}
    assert cells[Unit.id_for("D3").hex] == cells[Unit.id_for("D4").hex] == "closed"
    assert cells[Unit.id_for("D1").hex] == "done"

    # the PDF states the early end, its date and reason, and who was not received
    doc = review_report(app, campaign, DocumentInputs())
    assert "kết thúc sớm ngày 30/09/2025" in doc.html
    assert "Sắp xếp tổ chức bộ máy 2025" in doc.html and basis in doc.html
    assert "LĐLĐ huyện D3" in doc.html and "LĐLĐ huyện D4" in doc.html
    assert "Không nhận được báo cáo" in doc.html

    # rules: no second end, no report into the closed review, no overlapping new term
    e = refused(app, lambda: cut_short.end_term(app, STEER, term, "x", "y", date(2025, 10, 1)))
    assert e.code == "term.already_ended"
    e = refused(
        app, lambda: rr.submit_report(app, officer("D3"), campaign, "D3", date(2025, 10, 2))
    )
    assert e.code == "review.closed_early"
    e = refused(app, lambda: rr.accept_report(app, STEER, campaign, "D2", date(2025, 10, 2)))
    assert e.code == "review.closed_early"
    e = refused(
        app,
        lambda: cut_short.close_review(app, STEER, campaign, "lần nữa", "QĐ", date(2025, 10, 2)),
    )
    assert e.code == "review.closed_early"
    new_term = lambda opened: cut_short.begin_term(  # noqa: E731
        app, STEER, term, "I", "Nhiệm kỳ 2025–2030", 2025, 2030, opened, "Nghị quyết Đại hội I",
        date(2025, 10, 20),
    )  # fmt: skip
    assert refused(app, lambda: new_term(date(2025, 9, 1))).code == "term.overlaps"

    # the new term begins: its own period, targets and review
    new = new_term(date(2025, 10, 20))
    assert app.get(new).previous == term and app.get(term).successor == new
    assert app.get(new).targets == {}
    assert refused(app, lambda: new_term(date(2025, 10, 21))).code == "store.exists"
    e = refused(
        app,
        lambda: cut_short.begin_term(
            app, STEER, term, "II", "Khác", 2025, 2030, date(2025, 11, 1), "NQ", date(2025, 11, 1)
        ),
    )
    assert e.code == "term.already_followed"
    reviews.plan_review(
        app, STEER, new, "Sơ kết nhiệm kỳ 2025–2030", date(2028, 6, 30), date(2028, 1, 5)
    )


def test_a_participant_withdraws_and_reports_no_more(app, admin):
    _, campaign = setup(app, admin)
    cut_short.withdraw_participant(
        app, STEER, campaign, Unit.id_for("D4"), "Giải thể theo đề án", date(2025, 6, 1)
    )
    e = refused(app, lambda: draft(app, campaign, "D4"))
    assert e.code == "review.participant_withdrawn"
    e = refused(
        app,
        lambda: cut_short.withdraw_participant(
            app, STEER, campaign, Unit.id_for("D4"), "lần nữa", date(2025, 6, 2)
        ),
    )
    assert e.code == "review.already_decided"
    cut_short.close_review(app, STEER, campaign, "Dừng sơ kết", "QĐ 12/QĐ-LĐLĐ", date(2025, 6, 3))
    closed = app.get(campaign).closed_early
    assert Unit.id_for("D4") not in closed.not_received and len(closed.not_received) == 4
    assert {r["code"]: r["status"] for r in board_rows(app, campaign)}["D4"] == "withdrawn"
    # only the steering committee closes a review
    assert (
        refused(
            app,
            lambda: cut_short.close_review(
                app, officer("D1"), campaign, "x", "y", date(2025, 6, 4)
            ),
        ).code
        == "auth.forbidden"
    )
