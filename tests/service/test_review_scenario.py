"""Seed 003 played through the service on SQLite and PostgreSQL.

The Lạng Sơn federation plans its mid-term review of term XV (2013–2018), its lower
units report (one late, one returned and resubmitted, one merged and one dissolved
after reporting, one still unreviewed), the federation consolidates, presents to its
committees, surveys and reports to TLĐ. Expected figures below are worked out by hand
from the table of reports, not by the code under test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from service.demo.review_data import SAMPLE_PROGRAMMES, sample_targets
from service.org.units import dissolve_unit, merge_unit, register_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import REVIEWER, STEERING, Principal
from service.review import review_reports as rr
from service.review import reviews
from service.review.queries import progress, report_board

FED = "LANGSON"
UNITS = [  # code, kind, parent
    ("CL", "district", FED), ("LB", "district", FED), ("VQ", "district", FED),
    ("TP", "district", FED), ("CB", "district", FED), ("GD", "sector", FED),
    ("CT", "sector", FED), ("KKT", "sector", FED), ("XM", "grassroots", FED),
    ("DS", "grassroots", FED), ("BTC", "department", FED), ("BTAIC", "department", FED),
]  # fmt: skip


def n(num: int, den: int) -> dict[str, str]:
    return {"numerator": str(num), "denominator": str(den)}


def v(value: object, weight: object = None) -> dict[str, str]:
    return {"value": str(value)} | ({"weight": str(weight)} if weight is not None else {})


REPORTS = {
    "CL": {
        "CT01": v(800),
        "CT02": v(8),
        "CT03": n(40, 45),
        "CT04": n(50, 60),
        "CT05": n(25, 40),
        "CT06": n(70, 70),
        "CT07": v(120),
        "CT08": v("4.8", 3000),
        "CT09": v(6),
        "CT10": n(2, 60),
        "CT11": v(1),
        "CT12": n(90, 300),
    },
    "LB": {
        "CT01": v(600),
        "CT02": v(5),
        "CT03": n(30, 35),
        "CT04": n(40, 55),
        "CT05": n(20, 30),
        "CT06": n(65, 66),
        "CT07": v(100),
        "CT08": v("4.2", 2000),
        "CT09": v(5),
        "CT10": n(3, 55),
        "CT11": v(0),
        "CT12": n(70, 260),
    },
    "VQ": {
        "CT01": v(1500),
        "CT02": v(4),
        "CT03": n(20, 25),
        "CT04": n(30, 40),
        "CT05": n(12, 20),
        "CT06": n(50, 50),
        "CT07": v(80),
        "CT08": v("4.0", 1000),
        "CT09": v(4),
        "CT10": n(2, 40),
        "CT11": v(0),
        "CT12": n(50, 180),
    },
    "TP": {
        "CT01": v(1200),
        "CT02": v(12),
        "CT03": n(90, 100),
        "CT04": n(80, 95),
        "CT05": n(60, 90),
        "CT06": n(120, 120),
        "CT07": v(200),
        "CT08": v("6.0", 8000),
        "CT09": v(3),
        "CT10": n(1, 95),
        "CT11": v(2),
        "CT12": n(150, 420),
    },
    "GD": {
        "CT01": v(300),
        "CT04": n(180, 200),
        "CT06": n(210, 210),
        "CT07": v(250),
        "CT09": v(2),
        "CT10": n(1, 200),
        "CT12": n(400, 1000),
    },
    "CT": {
        "CT01": v(700),
        "CT02": v(10),
        "CT03": n(35, 40),
        "CT04": n(30, 40),
        "CT05": n(28, 40),
        "CT07": v(60),
        "CT08": v("5.5", 4000),
        "CT10": n(2, 40),
        "CT11": v(3),
        "CT12": n(60, 200),
    },
    "KKT": {
        "CT01": v(400),
        "CT02": v(6),
        "CT03": n(15, 20),
        "CT05": n(10, 20),
        "CT08": v("5.0", 2000),
        "CT11": v(1),
        "CT12": n(20, 80),
    },
    "XM": {"CT01": v(50), "CT04": n(1, 1), "CT08": v("6.5", 500), "CT11": v(0), "CT12": n(5, 15)},
    "DS": {"CT01": v(20), "CT08": v("3.5", 100), "CT12": n(2, 9)},
    "BTAIC": {"CT09": v(20)},
    "BTC": {},
    "CB": {"CT01": v(999), "CT02": v(99), "CT08": v(9, 99999)},  # never accepted
}

# target: (value, reporters, % of target, expected at half term, status), by hand:
EXPECTED = {
    "CT01": ("4570", 9, "45.70", "5000.00", "behind"),  # 800+600+500+1200+300+700+400+50+20
    "CT02": ("45", 6, "45.00", "50.00", "behind"),  # 8+5+4+12+10+6
    "CT03": ("86.79", 6, "96.43", "82.50", "on_track"),  # 230/265
    "CT04": ("83.71", 7, "104.64", "75.00", "achieved"),  # 411/491
    "CT05": ("64.58", 6, "92.26", "60.00", "on_track"),  # 155/240
    "CT06": ("99.81", 5, "99.81", "97.50", "on_track"),  # 515/516
    "CT07": ("810", 6, "32.40", "1250.00", "behind"),  # 120+100+80+200+250+60
    "CT08": ("5.36", 8, "97.45", "4.65", "on_track"),  # 110400/20600
    "CT09": ("40", 6, "26.67", "75.00", "behind"),  # 6+5+4+3+2+20
    "CT10": ("2.24", 6, "74.67", "4.50", "achieved"),  # at most 3 %: 11/490
    "CT11": ("7", 7, "70.00", "5.00", "achieved"),  # at most 10: 1+0+0+2+3+1+0
    "CT12": ("34.38", 9, "114.60", "27.50", "achieved"),  # 847/2464 = 34.375, half up
}
NARRATIVE = dict(
    done="Đã làm được",
    not_done="Chưa làm được",
    causes="Nguyên nhân",
    lessons="Bài học",
    tasks="Nhiệm vụ nửa nhiệm kỳ còn lại",
)
STEERING_P = Principal("lotienson", Unit.id_for(FED), frozenset({STEERING}))
REVIEWER_P = Principal("vanphong", Unit.id_for(FED), frozenset({REVIEWER}))


def officer(code: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def setup_review(app: ThiduaApplication, admin: Principal) -> tuple:
    register_unit(app, admin, FED, "province", "Liên đoàn Lao động tỉnh Lạng Sơn", date(2011, 6, 7))
    for code, kind, parent in UNITS:
        register_unit(app, admin, code, kind, f"Đơn vị {code}", date(2013, 1, 1), parent)
    term = reviews.open_term(
        app, admin, FED, "XV", "Nhiệm kỳ XV", 2013, 2018, date(2013, 7, 1), "Nghị quyết XV"
    )
    reviews.add_targets(app, admin, term, sample_targets(), date(2013, 7, 1))
    for code, name in SAMPLE_PROGRAMMES:
        reviews.add_programme(app, admin, term, code, name, date(2013, 7, 1))
    on = date(2015, 11, 2)
    campaign = reviews.plan_review(
        app, STEERING_P, term, "Sơ kết nửa nhiệm kỳ", date(2015, 12, 31), on
    )
    reviews.appoint_steering_member(
        app, STEERING_P, campaign, "lotienson", "Lô Tiến Sơn", "head", "Chủ tịch", on
    )
    for code, due in [
        ("plan", date(2015, 11, 30)),
        ("lower_reports", date(2015, 12, 31)),
        ("committees", date(2016, 1, 31)),
        ("survey", date(2016, 2, 29)),
        ("tld_report", date(2016, 3, 14)),
    ]:
        reviews.schedule_milestone(app, STEERING_P, campaign, code, f"Mốc {code}", on, due, on)
    for code, kind, _ in UNITS:
        theme = "Chuyên đề" if kind == "department" else ""
        reviews.add_participant(app, STEERING_P, campaign, code, date(2015, 11, 5), theme)
    return term, campaign


def send(app, campaign, code: str, on: date) -> None:
    thematic = code.startswith("B")
    assessments = None if thematic else {p: ("done", "Đạt yêu cầu") for p, _ in SAMPLE_PROGRAMMES}
    rr.draft_report(
        app,
        officer(code),
        campaign,
        code,
        date(2015, 12, 1),
        values=REPORTS[code],
        assessments=assessments,
        narrative=NARRATIVE,
        attachments=[{"sha256": "ab" * 32, "name": f"{code}.pdf", "size": 1000}],
    )
    rr.submit_report(app, officer(code), campaign, code, on)


def play(app: ThiduaApplication, admin: Principal) -> tuple:
    term, campaign = setup_review(app, admin)
    for code in ("CL", "VQ", "TP", "GD", "CT", "KKT", "XM", "DS", "BTC", "BTAIC"):
        send(app, campaign, code, date(2015, 12, 15))
    send(app, campaign, "LB", date(2016, 1, 5))  # 5 days late
    send(app, campaign, "CB", date(2016, 1, 10))  # 10 days late, never accepted
    merge_unit(app, admin, "KKT", "CT", date(2015, 12, 20))  # after reporting
    dissolve_unit(app, admin, "DS", date(2015, 12, 28))
    rr.return_report(
        app,
        REVIEWER_P,
        campaign,
        "VQ",
        ["CT01 chưa khớp sổ theo dõi"],
        date(2016, 1, 4),
        resubmit_by=date(2016, 1, 8),
    )
    rr.draft_report(app, officer("VQ"), campaign, "VQ", date(2016, 1, 6), values={"CT01": v(500)})
    rr.submit_report(app, officer("VQ"), campaign, "VQ", date(2016, 1, 7))
    for code in ("CL", "LB", "VQ", "TP", "GD", "CT", "KKT", "XM", "DS", "BTC", "BTAIC"):
        rr.accept_report(app, REVIEWER_P, campaign, code, date(2016, 1, 11))
    reviews.compile_consolidated_report(
        app, STEERING_P, campaign, "Báo cáo sơ kết", "", date(2016, 1, 14)
    )
    reviews.present_to_committee(
        app, STEERING_P, campaign, "standing", "BTV 01/2016", "Nhất trí", date(2016, 1, 18)
    )
    reviews.present_to_committee(
        app,
        STEERING_P,
        campaign,
        "executive",
        "Hội nghị BCH lần thứ 7",
        "Thông qua",
        date(2016, 1, 22),
    )
    reviews.record_survey_finding(
        app, STEERING_P, campaign, "Khảo sát", "Số liệu khớp", date(2016, 2, 16), "TP"
    )
    reviews.compile_consolidated_report(
        app, STEERING_P, campaign, "Báo cáo sơ kết (hoàn chỉnh)", "", date(2016, 3, 1)
    )
    reviews.submit_to_confederation(app, STEERING_P, campaign, "25/BC-LĐLĐ", date(2016, 3, 10))
    return term, campaign


def test_seed_003_review(app: ThiduaApplication, admin: Principal) -> None:
    _, campaign = play(app, admin)
    rollup = progress(app, campaign)
    assert rollup.elapsed == Decimal("0.5000")
    for code, (value, reporters, percent, expected, status) in EXPECTED.items():
        p = rollup.total(code)
        got = (str(p.value), p.reporters, str(p.percent_of_target), str(p.expected), p.status)
        assert got == (value, reporters, percent, expected, status), code
    # the merged sector union counts under the one it merged into
    assert rollup.at(Unit.id_for("CT"), "CT01").value == 1100
    assert rollup.parent[Unit.id_for("DS")] == Unit.id_for(FED)
    c = app.get(campaign)
    assert [r.version for r in c.consolidated] == [1, 2]
    assert {k: f["value"] for k, f in c.consolidated[-1].figures.items()} == {
        k: e[0] for k, e in EXPECTED.items()
    }
    assert (
        Unit.id_for("CB") not in c.consolidated[-1].counted
        and len(c.consolidated[-1].counted) == 11
    )
    assert [p.committee for p in c.presentations] == ["standing", "executive"]
    assert c.survey[0].unit == Unit.id_for("TP")
    assert (c.submitted.version, c.submitted.days_late, c.submitted.on) == (2, 0, date(2016, 3, 10))


def test_board_shows_lateness_and_returns(app: ThiduaApplication, admin: Principal) -> None:
    _, campaign = play(app, admin)
    board = {r.code: r for r in report_board(app, campaign)}
    assert (board["LB"].days_late, board["CB"].days_late, board["CL"].days_late) == (5, 10, 0)
    assert (board["CB"].status, board["VQ"].status, board["VQ"].returns) == (
        "submitted",
        "accepted",
        1,
    )
    vq = app.get(rr.ReviewReport.id_for(campaign, Unit.id_for("VQ")))
    assert vq.values["CT01"] == {"value": "500"} and vq.returns[0][1] == [
        "CT01 chưa khớp sổ theo dõi"
    ]
    assert board["BTC"].theme == "Chuyên đề" and board["BTC"].kind == "department"


def refused(fn, *args, **kwargs) -> str:
    with pytest.raises(DomainError) as e:
        fn(*args, **kwargs)
    return e.value.code


def test_who_may_do_what(app: ThiduaApplication, admin: Principal) -> None:
    _, campaign = setup_review(app, admin)
    d1, d2, d3 = date(2015, 12, 1), date(2016, 1, 1), date(2016, 1, 2)
    draft, accept = rr.draft_report, rr.accept_report
    forbidden = "auth.forbidden"
    assert refused(draft, app, officer("LB"), campaign, "CL", d1, narrative=NARRATIVE) == forbidden
    send(app, campaign, "CL", date(2015, 12, 20))
    assert refused(accept, app, officer("LB"), campaign, "CL", d3) == forbidden
    own = Principal("truongban", Unit.id_for("CL"), frozenset({REVIEWER}))
    assert refused(accept, app, own, campaign, "CL", d3) == forbidden
    schedule = reviews.schedule_milestone
    assert refused(schedule, app, officer("CL"), campaign, "x", "x", d2, d3, d2) == forbidden
    appointed = Principal("lotienson", None)  # no role, but on the committee: allowed
    schedule(app, appointed, campaign, "extra", "Mốc thêm", d2, d3, d2)
    assert app.get(campaign).milestones["extra"].due_on == d3
    register_unit(app, admin, "HN", "province", "LĐLĐ thành phố Hà Nội", date(2011, 1, 1))
    register_unit(app, admin, "HN-BD", "district", "LĐLĐ quận Ba Đình", date(2011, 1, 1), "HN")
    add = reviews.add_participant
    assert refused(add, app, STEERING_P, campaign, "HN-BD", d1) == "review.unit_outside"
    assert refused(draft, app, officer("HN-BD"), campaign, "HN-BD", d1) == "review.not_participant"
    dissolve_unit(app, admin, "XM", date(2015, 12, 2))
    assert refused(send, app, campaign, "XM", date(2015, 12, 3)) == "auth.unit_inactive"
    term = app.get(campaign).term
    again = reviews.plan_review
    assert refused(again, app, STEERING_P, term, "Lần 2", date(2015, 12, 31), d2) == "store.exists"
