"""Rules of the term review: the congress term, the campaign, a unit's report.

Every coded error of `term.*` and `review.*` raised by the domain is provoked here
(asserted by its code); the last test checks that none was left out and that each
reads well in both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest

from domain.kernel.base import DomainError
from domain.kernel.messages import Phrase
from domain.review.campaign import ReviewCampaign
from domain.review.messages import MESSAGES
from domain.review.report import ReportStatus, ReviewReport
from domain.review.term import CongressTerm, Target
from service.platform.wording import render

D = date(2015, 11, 2)
SERVICE_ONLY = {  # raised by service/reviews.py
    "review.unit_outside",  # the tree walk
    "review.auditor_in_steering",  # needs the account's roles, which the campaign does not hold
    # service/review/cut_short.py and review_reports.py (tests/service/test_term_cut_short.py):
    "review.unit_active",  # the unit's status is the unit's, not the campaign's
    "review.not_a_successor",  # successors are followed through the units
    "review.participant_withdrawn",  # a withdrawn participant's officer acting on its report
    "term.date_in_future",  # today is the service's
}


def code_of(fn: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as e:
        fn()
    return e.value.code


def term() -> CongressTerm:
    t = CongressTerm.open(uuid4(), "xv", "Nhiệm kỳ XV", 2013, 2018, date(2013, 7, 1), "NQ")
    t.add_target(Target.make(code="T1", name="Đoàn viên mới", target="10000"), D)
    t.add_target(
        Target.make(
            code="T2",
            name="Thu nhập",
            target="5",
            rollup="weighted_average",
            weight_label="số lao động",
        ),
        D,
    )
    t.add_target(
        Target.make(
            code="T3",
            name="DN có CĐ",
            target="90",
            rollup="ratio",
            unit="%",
            numerator_label="DN có CĐ",
            denominator_label="DN ≥ 30 LĐ",
        ),
        D,
    )
    t.add_programme("p1", "Chương trình 1", D)
    return t


def campaign(t: CongressTerm | None = None) -> ReviewCampaign:
    return ReviewCampaign.plan(t or term(), "Sơ kết nửa nhiệm kỳ", date(2015, 12, 31), D)


NARRATIVE = dict(done="a", not_done="b", causes="c", lessons="d", tasks="e")


def ready_report(t: CongressTerm, thematic: bool = False) -> ReviewReport:
    r = ReviewReport.start(uuid4(), uuid4(), thematic, "Tổ chức" if thematic else "", D)
    r.report_value(t.target("T1"), {"value": "10"}, D)
    r.assess("P1", "done", "Tốt", D)
    r.write(D, **NARRATIVE)
    return r


def test_term_rules() -> None:
    f = uuid4()
    assert code_of(lambda: CongressTerm.open(f, " ", "A", 2013, 2018, date(2013, 1, 1), "")) == (
        "term.number_required"
    )
    assert code_of(lambda: CongressTerm.open(f, "XV", " ", 2013, 2018, date(2013, 1, 1), "")) == (
        "term.name_required"
    )
    assert code_of(lambda: CongressTerm.open(f, "XV", "A", 2018, 2013, date(2018, 1, 1), "")) == (
        "term.bad_years"
    )
    assert code_of(lambda: CongressTerm.open(f, "XV", "A", 2013, 2018, date(2012, 1, 1), "")) == (
        "term.opened_outside"
    )
    t = term()
    assert t.id == CongressTerm.id_for(t.federation, "XV")
    assert t.closes_on == date(2018, 7, 1)
    assert code_of(lambda: t.add_target(Target.make(code="t1", name="x", target="1"), D)) == (
        "term.duplicate_target"
    )
    assert code_of(lambda: t.target("T9")) == "term.unknown_target"
    assert code_of(lambda: t.add_programme(" ", "x", D)) == "term.programme_code_required"
    assert code_of(lambda: t.add_programme("P2", " ", D)) == "term.programme_name_required"
    assert code_of(lambda: t.add_programme("P1", "again", D)) == "term.duplicate_programme"
    assert code_of(lambda: t.programme("P9")) == "term.unknown_programme"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "x", "target": "1"}, "term.target_code_required"),
        ({"code": "A", "target": "1"}, "term.target_name_required"),
        ({"code": "A", "name": "x", "target": "1", "direction": "up"}, "term.bad_direction"),
        ({"code": "A", "name": "x", "target": "1", "rollup": "max"}, "term.bad_rollup"),
        (
            {"code": "A", "name": "x", "target": "1", "rollup": "weighted_average"},
            "term.weight_label_required",
        ),
        (
            {"code": "A", "name": "x", "target": "1", "rollup": "ratio", "numerator_label": "n"},
            "term.ratio_labels_required",
        ),
        ({"code": "A", "name": "x", "target": "nhiều"}, "term.bad_number"),
        ({"code": "A", "name": "x", "target": "-1"}, "term.negative_number"),
        ({"code": "A", "name": "x", "target": "1", "baseline": "-2"}, "term.negative_number"),
    ],
)
def test_target_rules(fields: dict[str, str], code: str) -> None:
    assert code_of(lambda: Target.make(**fields)) == code


def test_target_numbers_are_canonical() -> None:
    t = Target.make(code=" t1 ", name=" Tên ", target="10000.00", baseline="7,50")
    assert (t.code, t.name, t.target, t.baseline) == ("T1", "Tên", "10000", "7.5")
    assert Target.make(code="A", name="x", target="0.0").target == "0"


def test_campaign_plan_rules() -> None:
    t = term()
    assert code_of(lambda: ReviewCampaign.plan(t, " ", date(2015, 12, 31), D)) == (
        "review.title_required"
    )
    assert code_of(lambda: ReviewCampaign.plan(t, "A", date(2019, 1, 1), D)) == (
        "review.date_outside_term"
    )
    c = campaign(t)
    assert c.id == ReviewCampaign.id_for(t.id)
    assert code_of(lambda: c.appoint(" ", "A", "head", "", D)) == "review.member_required"
    assert code_of(lambda: c.appoint("a", "A", "boss", "", D)) == "review.bad_role"
    c.appoint("a", "Nguyễn Văn A", "head", "Chủ tịch", D)
    c.appoint("a", "Nguyễn Văn A", "head", "Chủ tịch LĐLĐ tỉnh", D)  # re-appointing the head
    assert code_of(lambda: c.appoint("b", "B", "head", "", D)) == "review.head_taken"
    assert code_of(lambda: c.relieve("zz", D)) == "review.not_member"
    c.relieve("a", D)
    assert c.steering == {}
    assert code_of(lambda: c.schedule(" ", "x", D, D, D)) == "review.milestone_required"
    assert code_of(lambda: c.schedule("m", "x", date(2015, 12, 1), D, D)) == (
        "review.milestone_order"
    )
    c.schedule("lower_reports", "Báo cáo", D, date(2015, 12, 31), D)
    c.schedule("lower_reports", "Báo cáo (gia hạn)", D, date(2016, 1, 5), D)
    assert c.reports_due_on == date(2016, 1, 5)
    unit = uuid4()
    assert code_of(lambda: c.add_participant(unit, "province", "", D)) == (
        "review.participant_kind"
    )
    assert code_of(lambda: c.add_participant(unit, "department", " ", D)) == (
        "review.theme_required"
    )
    c.add_participant(unit, "district", "", D)
    assert code_of(lambda: c.add_participant(unit, "district", "", D)) == (
        "review.already_participant"
    )
    assert code_of(lambda: c.participant(uuid4())) == "review.not_participant"


def test_federation_steps_in_order() -> None:
    c = campaign()
    c.schedule("tld_report", "Gửi TLĐ", date(2016, 2, 1), date(2016, 3, 14), D)
    assert code_of(lambda: c.compile_report(" ", "", {}, [uuid4()], D)) == "review.title_required"
    assert code_of(lambda: c.compile_report("BC", "", {}, [], D)) == (
        "review.nothing_to_consolidate"
    )
    assert code_of(lambda: c.present("standing", "Phiên họp", "", D)) == "review.not_compiled"
    assert code_of(lambda: c.submit_to_confederation("01/BC", D)) == "review.not_compiled"
    c.compile_report("BC", "", {"T1": {"value": "1"}}, [uuid4()], date(2016, 1, 5))
    assert code_of(lambda: c.present("party", "x", "", D)) == "review.bad_committee"
    assert code_of(lambda: c.present("standing", " ", "", D)) == "review.session_required"
    c.present("standing", "Phiên họp BTV", "Nhất trí", date(2016, 1, 10))
    assert code_of(lambda: c.submit_to_confederation("01/BC", D)) == "review.not_presented"
    c.present("executive", "Hội nghị BCH lần thứ 7", "Thông qua", date(2016, 1, 20))
    assert code_of(lambda: c.record_finding(None, " ", "x", D)) == "review.finding_required"
    c.record_finding(None, "Ban Tổ chức", "Số liệu khớp", date(2016, 2, 15))
    assert code_of(lambda: c.submit_to_confederation(" ", D)) == "review.reference_required"
    c.submit_to_confederation("15/BC-LĐLĐ", date(2016, 3, 16))
    assert c.submitted is not None and c.submitted.days_late == 2 and c.submitted.version == 1
    assert code_of(lambda: c.record_finding(None, "x", "y", D)) == "review.closed"
    assert code_of(lambda: c.schedule("x", "y", D, D, D)) == "review.closed"


@pytest.mark.parametrize(
    ("target", "figures", "code"),
    [
        ("T1", {"value": "1", "weight": "2"}, "review.figures_shape"),
        ("T3", {"numerator": "1"}, "review.figures_shape"),
        ("T1", {"value": "mười"}, "review.bad_figure"),
        ("T1", {"value": "-3"}, "review.negative_figure"),
        ("T2", {"value": "4.5", "weight": "0"}, "review.weight_positive"),
        ("T3", {"numerator": "0", "denominator": "0"}, "review.denominator_positive"),
        ("T3", {"numerator": "12", "denominator": "10"}, "review.numerator_exceeds"),
        ("T3", {"numerator": "2,5", "denominator": "10"}, "review.numerator_not_whole"),
        ("T3", {"numerator": "1", "denominator": "10.5"}, "review.denominator_not_whole"),
        ("T2", {"value": "4.5", "weight": "2,5"}, "review.weight_not_whole"),
    ],
)
def test_figures_rules(target: str, figures: dict[str, str], code: str) -> None:
    t = term()
    r = ReviewReport.start(uuid4(), uuid4(), False, "", D)
    assert code_of(lambda: r.report_value(t.target(target), figures, D)) == code
    assert r.values == {}


def test_drafting_rules() -> None:
    t = term()
    assert code_of(lambda: ReviewReport.start(uuid4(), uuid4(), True, " ", D)) == (
        "review.theme_required"
    )
    r = ReviewReport.start(uuid4(), uuid4(), False, "", D)
    r.report_value(t.target("T2"), {"value": "4,80", "weight": "1200"}, D)
    assert r.values == {"T2": {"value": "4.8", "weight": "1200"}}
    assert code_of(lambda: r.withdraw_value("T1", D)) == "review.no_such_value"
    assert code_of(lambda: r.assess("P1", "great", "x", D)) == "review.bad_rating"
    assert code_of(lambda: r.assess("P1", "done", " ", D)) == "review.assessment_required"
    assert code_of(lambda: r.write(D, summary="x")) == "review.bad_narrative"
    assert code_of(lambda: r.attach("abc", "a.pdf", 1, D)) == "review.bad_checksum"
    assert code_of(lambda: r.attach("a" * 64, " ", 1, D)) == "review.attachment_name_required"
    assert code_of(lambda: r.attach("a" * 64, "a.pdf", -1, D)) == "review.bad_size"
    r.attach("A" * 64, "bao-cao.pdf", 2048, D)
    assert code_of(lambda: r.attach("a" * 64, "b.pdf", 1, D)) == "review.duplicate_attachment"
    assert code_of(lambda: r.write(date(2015, 1, 1), done="x")) == "review.date_order"


def test_submission_needs_a_complete_report() -> None:
    t = term()
    r = ReviewReport.start(uuid4(), uuid4(), False, "", D)
    assert code_of(lambda: r.submit(D, D, ["P1"])) == "review.narrative_missing"
    r.write(D, **NARRATIVE)
    assert code_of(lambda: r.submit(D, D, ["P1"])) == "review.no_values"
    r.report_value(t.target("T1"), {"value": "5"}, D)
    assert code_of(lambda: r.submit(D, D, ["P1"])) == "review.programme_unassessed"
    thematic = ReviewReport.start(uuid4(), uuid4(), True, "Công tác nữ công", D)
    thematic.write(D, **NARRATIVE)
    thematic.submit(D, D, ["P1"])  # a thematic report needs no figures
    assert thematic.status is ReportStatus.SUBMITTED


def test_review_cycle_and_lateness() -> None:
    t = term()
    r = ready_report(t)
    due = date(2015, 12, 31)
    assert code_of(lambda: r.accept(D)) == "review.not_under_review"
    r.submit(date(2016, 1, 4), due, ["P1"])
    assert (r.status, r.days_late, r.submitted_on) == (ReportStatus.SUBMITTED, 4, date(2016, 1, 4))
    assert code_of(lambda: r.submit(date(2016, 1, 4), due, ["P1"])) == "review.not_submittable"
    assert code_of(lambda: r.write(date(2016, 1, 5), done="y")) == "review.report_locked"
    assert code_of(lambda: r.return_for_revision([" "], None, date(2016, 1, 5))) == (
        "review.comments_required"
    )
    assert (
        code_of(
            lambda: r.return_for_revision(["Bổ sung số liệu"], date(2016, 1, 1), date(2016, 1, 5))
        )
        == "review.resubmit_before_return"
    )
    assert code_of(lambda: r.accept(date(2016, 1, 1))) == "review.date_order"
    r.return_for_revision(["Bổ sung số liệu T1"], date(2016, 1, 10), date(2016, 1, 5))
    assert r.status is ReportStatus.RETURNED
    r.report_value(t.target("T1"), {"value": "12"}, date(2016, 1, 8))
    r.submit(date(2016, 1, 12), due, ["P1"])
    assert r.status is ReportStatus.RESUBMITTED
    assert r.days_late == 4  # lateness of the first submission stands
    assert r.pending_events[-1].days_late == 2  # two days after the resubmission deadline
    r.accept(date(2016, 1, 13))
    assert (r.status, r.values["T1"]) == (ReportStatus.ACCEPTED, {"value": "12"})
    assert code_of(lambda: r.return_for_revision(["x"], None, date(2016, 1, 14))) == (
        "review.not_under_review"
    )


def test_a_term_ends_early_once_and_is_followed_without_overlap() -> None:
    t = term()
    assert code_of(lambda: t.end_early("", "QĐ", date(2015, 6, 30))) == "term.end_reason_required"
    assert code_of(lambda: t.end_early("Sắp xếp", " ", date(2015, 6, 30))) == (
        "term.end_basis_required"
    )
    for outside in (date(2013, 7, 1), date(2018, 7, 1), date(2019, 1, 1)):
        assert code_of(lambda d=outside: t.end_early("Sắp xếp", "QĐ", d)) == "term.end_outside"
    new = CongressTerm.open(t.federation, "I", "Nhiệm kỳ I", 2015, 2020, date(2015, 9, 1), "NQ")
    assert code_of(lambda: new.follow(t, D)) == "term.overlaps"  # XV runs until 01/07/2018
    t.end_early("Sắp xếp tổ chức", "NQ 202/2025/QH15", date(2015, 6, 30))
    assert (t.ended.on, t.ends_on, t.closes_on) == (
        date(2015, 6, 30),
        date(2015, 6, 30),
        date(2018, 7, 1),
    )
    assert code_of(lambda: t.end_early("x", "y", date(2015, 7, 1))) == "term.already_ended"
    assert code_of(lambda: t.follow(t, D)) == "term.follows_itself"
    other = CongressTerm.open(uuid4(), "I", "Khác", 2015, 2020, date(2015, 9, 1), "NQ")
    assert code_of(lambda: other.follow(t, D)) == "term.other_federation"
    new.follow(t, D)
    assert (new.previous, t.successor) == (t.id, new.id)
    assert code_of(lambda: new.follow(t, D)) == "term.already_follows"
    second = CongressTerm.open(t.federation, "II", "Nhiệm kỳ II", 2015, 2020, date(2015, 9, 2), "")
    assert code_of(lambda: second.follow(t, D)) == "term.already_followed"


def test_a_review_closed_early_takes_nothing_more() -> None:
    t = term()
    c = ReviewCampaign.plan(t, "Sơ kết", date(2015, 12, 31), D)
    a, b, gone = uuid4(), uuid4(), uuid4()
    for unit in (a, b, gone):
        c.add_participant(unit, "district", "", D)
    assert code_of(lambda: c.withdraw(gone, " ", "dissolved", D, D)) == (
        "review.decision_reason_required"
    )
    assert code_of(lambda: c.hand_over(a, a, "x", "merged", D, D)) == "review.successor_is_unit"
    c.withdraw(gone, "Giải thể", "dissolved", D, D)
    assert code_of(lambda: c.withdraw(gone, "x", "", D, D)) == "review.already_decided"
    assert code_of(lambda: c.hand_over(a, gone, "x", "merged", D, D)) == (
        "review.successor_departed"
    )
    assert c.expected() == sorted([a, b], key=str)
    close = lambda **kw: c.close_early(**{  # noqa: E731
        "reason": "Kết thúc nhiệm kỳ", "basis": "QĐ 1", "counted": [a], "not_received": [b],
        "on": date(2015, 12, 1), **kw})  # fmt: skip
    assert code_of(lambda: close(reason="")) == "review.close_reason_required"
    assert code_of(lambda: close(basis="")) == "review.close_basis_required"
    assert code_of(lambda: close(on=date(2015, 11, 1))) == "review.close_before_plan"
    assert code_of(lambda: close(not_received=[uuid4()])) == "review.not_participant"
    close()
    assert c.closed and c.closed_early.not_received == [b]
    assert code_of(close) == "review.closed_early"
    assert code_of(lambda: c.schedule("x", "y", D, D, D)) == "review.closed_early"


def test_every_code_is_provoked_and_worded() -> None:
    ours = set(MESSAGES)  # the term.* and review.* codes
    source = Path(__file__).read_text(encoding="utf-8")
    assert {c for c in ours if f'"{c}"' not in source} - SERVICE_ONLY == set()
    for code in ours:
        params = dict(
            start=D,
            end=D,
            last=D,
            target="T1",
            programme="P1",
            programmes="P1",
            value="x",
            names="value",
            status=Phrase("review.report_status.draft"),
            parts="x",
            role="x",
            account="a",
            milestone="m",
            kind="province",
            committee="x",
            name="a.pdf",
            rating="x",
            unit="U",
            federation="F",
            year=2013,
            on=D,
            term="Nhiệm kỳ XV",
            numerator="12",
            denominator="10",
        )
        vi, en = render(code, "vi", params), render(code, "en", params)
        assert vi != en and any(ord(ch) > 127 for ch in vi), code
        assert "{" not in vi and "{" not in en, code
