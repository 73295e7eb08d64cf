"""The term roll-up, computed in memory: expected figures are worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.org.unit import Unit, UnitKind
from domain.review.term import Target
from projections.review.term_rollup import ACHIEVED, BEHIND, ON_TRACK, placement, roll_up

OPENED, CLOSES, REVIEW = date(2013, 7, 1), date(2018, 7, 1), date(2015, 12, 31)
START = date(2010, 1, 1)

TARGETS = [
    Target.make(code="T1", name="Đoàn viên mới", target="1000"),
    Target.make(
        code="T2",
        name="Thu nhập bình quân",
        target="6",
        baseline="4",
        rollup="weighted_average",
        weight_label="số lao động",
    ),
    Target.make(
        code="T3",
        name="DN có CĐ",
        target="90",
        baseline="70",
        rollup="ratio",
        numerator_label="DN có CĐ",
        denominator_label="DN ≥ 30 LĐ",
    ),
    Target.make(
        code="T4",
        name="CĐCS yếu kém",
        target="5",
        baseline="9",
        rollup="ratio",
        direction="at_most",
        numerator_label="yếu kém",
        denominator_label="tổng số CĐCS",
    ),
    Target.make(code="T5", name="Vụ TNLĐ chết người", target="10", direction="at_most"),
    Target.make(code="T6", name="Chưa ai báo cáo", target="3"),
]


def tree() -> dict[str, Unit]:
    u: dict[str, Unit] = {}

    def reg(code: str, kind: UnitKind, parent: str | None, on: date = START) -> None:
        u[code] = Unit.register(code, kind, f"Đơn vị {code}", u[parent].id if parent else None, on)

    reg("F", UnitKind.PROVINCE, None)
    reg("P2", UnitKind.PROVINCE, None)
    reg("X", UnitKind.DISTRICT, "P2")
    for d in ("D1", "D2", "D3", "M1"):
        reg(d, UnitKind.DISTRICT, "F")
    reg("D4", UnitKind.DISTRICT, "F", date(2016, 2, 1))  # created after the review date
    reg("G1", UnitKind.GRASSROOTS, "D1")
    reg("S1", UnitKind.SECTOR, "F")
    u["D3"].merge_into(u["D2"], date(2015, 10, 1))  # before the review date
    u["G1"].dissolve(date(2015, 12, 20))
    u["M1"].merge_into(u["D1"], date(2016, 6, 1))  # after the review date
    return u


def reports(u: dict[str, Unit]) -> dict:
    figures = {
        "D1": {
            "T1": {"value": "300"},
            "T2": {"value": "5", "weight": "1000"},
            "T3": {"numerator": "45", "denominator": "50"},
            "T4": {"numerator": "2", "denominator": "40"},
        },
        "G1": {"T1": {"value": "20"}, "T3": {"numerator": "5", "denominator": "10"}},
        "D2": {
            "T1": {"value": "200"},
            "T2": {"value": "6", "weight": "3000"},
            "T3": {"numerator": "40", "denominator": "50"},
            "T5": {"value": "3"},
        },
        "D3": {
            "T1": {"value": "50"},
            "T2": {"value": "4", "weight": "1000"},
            "T4": {"numerator": "3", "denominator": "20"},
        },
        "S1": {"T1": {"value": "80"}, "T5": {"value": "4"}},
        "M1": {"T1": {"value": "100"}},
        "X": {"T1": {"value": "999"}},
        "D4": {"T1": {"value": "7"}},
    }
    return {u[code].id: values for code, values in figures.items()}


def result():
    u = tree()
    return u, roll_up(TARGETS, u.values(), u["F"].id, OPENED, CLOSES, REVIEW, reports(u))


def test_tree_as_it_stood_on_the_review_date() -> None:
    u, r = result()
    assert r.elapsed == Decimal("0.5000")  # 913 of 1826 days
    assert r.parent[u["D3"].id] == u["D2"].id  # merged before: counts under D2
    assert r.parent[u["G1"].id] == u["D1"].id  # dissolved: counts where it was
    assert r.parent[u["M1"].id] == u["F"].id  # merged only later: still its own place
    assert u["D4"].id not in r.parent and u["X"].id not in r.parent
    assert r.unplaced == sorted([u["D4"].id, u["X"].id], key=str)
    assert set(r.children(u["D2"].id)) == {u["D3"].id}
    later = placement(u.values(), date(2016, 7, 1))
    assert later[u["M1"].id] == u["D1"].id and later[u["D4"].id] == u["F"].id


def test_federation_totals() -> None:
    _, r = result()
    t1 = r.total("T1")  # 300 + 20 + 200 + 50 + 80 + 100
    assert (t1.value, t1.reporters, t1.percent_of_target) == (Decimal(750), 6, Decimal("75.00"))
    assert (t1.expected, t1.status) == (Decimal("500.00"), ON_TRACK)
    t2 = r.total("T2")  # (5×1000 + 6×3000 + 4×1000) / 5000
    assert (t2.value, t2.weight, t2.expected) == (Decimal("5.40"), Decimal(5000), Decimal("5.00"))
    assert (t2.percent_of_target, t2.status) == (Decimal("90.00"), ON_TRACK)
    t3 = r.total("T3")  # 90 / 110
    assert (t3.value, t3.numerator, t3.denominator) == (Decimal("81.82"), 90, 110)
    assert (t3.expected, t3.percent_of_target, t3.status) == (80, Decimal("90.91"), ON_TRACK)
    t4 = r.total("T4")  # at most: 5 / 60 = 8.33 % against 9 → 5, expected 7
    assert (t4.value, t4.expected, t4.status) == (Decimal("8.33"), Decimal("7.00"), BEHIND)
    assert t4.percent_of_target == Decimal("166.60")
    t5 = r.total("T5")  # at most 10, 3 + 4 so far
    assert (t5.value, t5.status, t5.percent_of_target) == (Decimal(7), ACHIEVED, Decimal("70.00"))
    t6 = r.total("T6")
    assert (t6.value, t6.reporters, t6.status) == (None, 0, None)


def test_subtrees() -> None:
    u, r = result()
    d1 = r.at(u["D1"].id, "T1")  # a sum below the federation has no target of its own
    assert (d1.value, d1.reporters, d1.status, d1.percent_of_target) == (320, 2, None, None)
    d1_ratio = r.at(u["D1"].id, "T3")  # 50 / 60
    assert (d1_ratio.value, d1_ratio.status) == (Decimal("83.33"), ON_TRACK)
    assert (r.at(u["D1"].id, "T4").value, r.at(u["D1"].id, "T4").status) == (5, ACHIEVED)
    d2 = r.at(u["D2"].id, "T2")  # (6×3000 + 4×1000) / 4000, D3 included
    assert (d2.value, d2.weight, d2.status) == (Decimal("5.50"), 4000, ON_TRACK)
    assert r.at(u["D2"].id, "T1").value == 250
    assert (r.at(u["D2"].id, "T4").value, r.at(u["D2"].id, "T4").status) == (15, BEHIND)
    assert r.at(u["S1"].id, "T2").value is None


def test_status_edges_and_term_end() -> None:
    u = tree()
    at_goal = {u["D1"].id: {"T1": {"value": "1000"}, "T4": {"numerator": "1", "denominator": "20"}}}
    r = roll_up(TARGETS, u.values(), u["F"].id, OPENED, CLOSES, REVIEW, at_goal)
    assert r.total("T1").status == ACHIEVED and r.total("T4").status == ACHIEVED
    behind = {u["D1"].id: {"T1": {"value": "499"}}}
    r = roll_up(TARGETS, u.values(), u["F"].id, OPENED, CLOSES, REVIEW, behind)
    assert r.total("T1").status == BEHIND
    after = roll_up(TARGETS, u.values(), u["F"].id, OPENED, CLOSES, date(2019, 1, 1), behind)
    assert after.elapsed == 1 and after.total("T1").expected == 1000
    assert roll_up(TARGETS, [], u["F"].id, OPENED, CLOSES, REVIEW, {}).total("T1").value is None
