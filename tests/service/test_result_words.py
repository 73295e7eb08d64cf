"""The regulation and results in words (service/org/regulation_words.py,
service/polls/explain.py) and the standings' ties (projections/year/standings.py)."""

from decimal import Decimal
from uuid import uuid4

from domain.org.regulation import AwardRule, Regulation, Threshold
from projections.year.standings import table
from service.org.regulation_words import rule_words, threshold_words
from service.polls.explain import explain, needed


def result(tally, reached, passed, over_cap=(), eligible=6, participated=6, quorum_met=True):
    return {
        "rules": {
            "quorum": "2/3",
            "absentee_votes": "count",
            "threshold": {"share": "1/2", "strict": True, "basis": "members"},
        },
        "eligible": eligible,
        "participated": participated,
        "counted": participated,
        "quorum_met": quorum_met,
        "tally": tally,
        "reached": list(reached),
        "passed": list(passed),
        "over_cap": list(over_cap),
    }


def test_thresholds_in_words_both_languages():
    t = Threshold("2/3", strict=True, basis="members")
    assert threshold_words(t) == "trên 2/3 tổng số thành viên"
    assert (
        threshold_words(Threshold("0.8", strict=False, basis="votes")) == "từ 80 % số phiếu hợp lệ"
    )
    assert threshold_words(t, "en") == "more than 2/3 of all members"
    reg = Regulation(
        thresholds={"leading": t},
        awards=(AwardRule("f", "Cờ thi đua", cap_count=1, threshold=Threshold("0.9", False)),),
    )
    assert rule_words(reg, "leading") == "Được suy tôn khi có trên 2/3 tổng số thành viên đồng ý"
    assert rule_words(reg, "award", "f") == (
        "Được đề nghị Cờ thi đua khi có từ 90 % tổng số thành viên đồng ý (tối đa 1 đơn vị)"
    )
    assert (needed(t, 6), needed(Threshold("2/3", strict=False), 6), needed(t, 7)) == (5, 4, 5)


def test_why_no_one_passed():
    a, b = uuid4().hex, uuid4().hex
    options = [(a, "Đơn vị A"), (b, "Đơn vị B")]
    tie = explain("leading", result({a: 3, b: 3}, [], []), options)
    assert tie["reasons"] == [
        "Không có kết quả vì không đơn vị nào đạt trên 1/2 tổng số thành viên."
    ]
    tie = explain("chair", result({a: 4, b: 4}, [a, b], [], eligible=8, participated=8), options)
    assert tie["reasons"] == [
        "Không có kết quả vì Đơn vị A và Đơn vị B bằng phiếu nhau ở vị trí cao nhất (4 phiếu): "
        "Cụm bỏ phiếu lại."
    ]
    few = explain(
        "leading", result({a: 3, b: 0}, [], [], participated=3, quorum_met=False), options
    )
    assert few["quorum"] == "Không đủ túc số: 3/6 thành viên tham gia, cần từ 2/3 (4 thành viên)."
    assert few["reasons"] == ["Không có kết quả vì không đủ túc số."]
    capped = explain("award", result({a: 5, b: 4}, [a, b], [a], [b]), options, "Cờ thi đua", 1)
    assert capped["reasons"] == [
        "Đơn vị B đạt ngưỡng nhưng vượt số đơn vị tối đa được đề nghị (1)."
    ]
    assert capped["outcome"] == "Kết quả: Đơn vị A."
    english = explain("leading", result({a: 3, b: 3}, [], []), options, lang="en")
    assert english["quorum"] == "Quorum met: 6 of 6 members took part, 2/3 (4 members) needed."


def test_standings_mark_ties_and_the_tie_break_that_decided():
    a, b, c, d = "a", "b", "c", "d"
    tree = {
        "sections": [
            {"criteria": [{"code": "1", "kind": "standard"}, {"code": "T", "kind": "bonus"}]}
        ]
    }
    scores = {
        a: {"self": {}, "appraised": {"1": "90", "T": "0"}},
        b: {"self": {}, "appraised": {"1": "85", "T": "5"}},  # 90 too, more bonus: above a
        c: {"self": {}, "appraised": {"1": "80"}},
        d: {"self": {}, "appraised": {"1": "80"}},  # c and d: same in every criterion
    }
    state = {
        "members": [a, b, c, d],
        "scores": scores,
        "adopted": 1,
        "drafts": {"1": tree},
        "regulation": {"tie_break": ["bonus", "fewer_penalty"]},
    }
    rows = {r.unit: r for r in table(state)}
    assert [(rows[u].rank, rows[u].tied, rows[u].decided_by) for u in (b, a, c, d)] == [
        (1, False, None),
        (2, False, "bonus"),
        (3, True, None),
        (3, True, None),
    ]
    assert rows[a].appraised_total == rows[b].appraised_total == Decimal(90)
