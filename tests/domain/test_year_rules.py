from datetime import date
from uuid import uuid4

import pytest

from domain.kernel.base import DomainError
from domain.org.regulation import Regulation
from domain.year.plan import PlanTask, default_plan
from domain.year.year import EmulationYear
from tests.domain.helpers import open_year, sample_criteria


def codes(fn):
    with pytest.raises(DomainError) as e:
        fn()
    return e.value.code


def test_default_plan_is_seed_000_table():
    plan = {t.key: t for t in default_plan(2015)}
    assert plan["criteria_draft"].start == date(2014, 11, 18)
    assert plan["criteria_draft"].end == date(2014, 12, 4)
    assert plan["member_registration"].end == date(2015, 1, 31)
    assert plan["tld_registration"].end == date(2015, 2, 28)
    assert plan["midyear_report"].start == date(2015, 5, 15)
    assert plan["midyear_tld"].end == date(2015, 6, 20)
    assert plan["yearend_report"].end == date(2015, 12, 25)
    assert plan["award_proposal"].end == date(2016, 3, 30)
    assert plan["next_criteria"].role == "vice_chair"
    assert default_plan(2016)[3].end == date(2016, 2, 29)  # leap year


def test_opening_rules():
    a, b, outsider = uuid4(), uuid4(), uuid4()
    plan = default_plan(2015)
    on = date(2014, 12, 5)
    assert (
        codes(
            lambda: EmulationYear.open(uuid4(), 2015, outsider, b, [a, b], Regulation(), plan, on)
        )
        == "year.chair_not_member"
    )
    assert (
        codes(
            lambda: EmulationYear.open(uuid4(), 2015, a, outsider, [a, b], Regulation(), plan, on)
        )
        == "year.vice_not_member"
    )
    assert (
        codes(lambda: EmulationYear.open(uuid4(), 2015, a, a, [a, b], Regulation(), plan, on))
        == "year.chair_is_vice"
    )
    assert (
        codes(lambda: EmulationYear.open(uuid4(), 2015, a, None, [a], Regulation(), plan, on))
        == "year.too_few_members"
    )
    assert (
        codes(
            lambda: EmulationYear.open(
                uuid4(), 2015, a, b, [a, b], Regulation(), plan + plan[:1], on
            )
        )
        == "plan.duplicate_key"
    )


def test_plan_editable_until_adopted():
    y, _ = open_year()
    task = PlanTask(
        "extra", "12", "Hội thảo chuyên đề", "chair", date(2015, 8, 1), date(2015, 8, 30)
    )
    y.set_task(task)
    assert y.task("extra") == task
    y.remove_task("workshop")
    assert codes(lambda: y.task("workshop")) == "plan.unknown_task"
    y.adopt_plan(date(2014, 12, 5))
    assert codes(lambda: y.set_task(task)) == "plan.already_adopted"
    assert codes(lambda: y.remove_task("extra")) == "plan.already_adopted"
    assert (
        codes(lambda: PlanTask("x", "1", "Nội dung", "chair", date(2015, 2, 1), date(2015, 1, 1)))
        == "plan.window_reversed"
    )
    assert (
        codes(lambda: PlanTask("x", "1", "Nội dung", "boss", date(2015, 1, 1), date(2015, 1, 2)))
        == "plan.bad_role"
    )


def test_criteria_versions_comments_and_adoption():
    y, units = open_year()
    v1 = y.draft_criteria(sample_criteria(), date(2014, 11, 20))
    y.comment_criteria(units[2], v1, "Đề nghị tăng điểm tiêu chí 1.2", date(2014, 11, 25))
    v2 = y.draft_criteria(sample_criteria(), date(2014, 11, 28))
    assert (v1, v2) == (1, 2)
    assert (
        codes(lambda: y.comment_criteria(units[2], v1, "muộn", date(2014, 11, 29)))
        == "criteria.superseded"
    )
    assert (
        codes(lambda: y.comment_criteria(uuid4(), v2, "x", date(2014, 11, 29))) == "year.not_member"
    )
    assert (
        codes(lambda: y.comment_criteria(units[2], v2, "  ", date(2014, 11, 29)))
        == "criteria.empty_comment"
    )
    assert codes(lambda: y.adopt_criteria(7, date(2014, 12, 5))) == "criteria.unknown_version"
    assert codes(lambda: y.adopt_criteria(v1, date(2014, 12, 5))) == "criteria.superseded"
    assert codes(lambda: y.sign_pact(units[0], date(2014, 12, 5))) == "criteria.not_adopted"
    y.adopt_criteria(v2, date(2014, 12, 5))
    assert codes(lambda: y.adopt_criteria(v2, date(2014, 12, 5))) == "criteria.already_adopted"
    assert y.criteria.benchmark_total == 30
    y.sign_pact(units[0], date(2014, 12, 5))
    assert y.pact == {units[0]: 2}
    assert codes(lambda: y.sign_pact(units[0], date(2014, 12, 5))) == "pact.already_signed"


def test_registration_with_tld_late_and_reopened_window():
    y, _ = open_year()
    assert y.register_with_confederation("15/CTĐ", date(2015, 3, 3)) == 3
    assert (
        codes(lambda: y.register_with_confederation("15/CTĐ", date(2015, 3, 4)))
        == "year.already_registered_with_tld"
    )
    assert y.days_late("member_registration", date(2015, 2, 10)) == 10
    assert (
        codes(
            lambda: y.reopen_window("member_registration", date(2015, 2, 15), " ", date(2015, 2, 1))
        )
        == "plan.reopen_reason_required"
    )
    assert (
        codes(
            lambda: y.reopen_window(
                "member_registration", date(2015, 1, 20), "lý do", date(2015, 2, 1)
            )
        )
        == "plan.reopen_not_later"
    )
    y.reopen_window("member_registration", date(2015, 2, 15), "Sáp nhập đơn vị", date(2015, 2, 1))
    assert y.days_late("member_registration", date(2015, 2, 10)) == 0
    assert y.days_late("member_registration", date(2015, 2, 17)) == 2


def test_compiled_reports_and_successors():
    y, units = open_year()
    assert y.send_compiled_report("midyear", "Báo cáo sơ kết", [], date(2015, 6, 22)) == 2
    assert (
        codes(lambda: y.send_compiled_report("weekly", "x", [], date(2015, 6, 22)))
        == "report.bad_kind"
    )
    assert (
        codes(lambda: y.send_compiled_report("yearend", "", [], date(2015, 6, 22)))
        == "report.empty"
    )
    poll = uuid4()
    assert (
        codes(lambda: y.record_successor("treasurer", units[1], poll, date(2015, 12, 5)))
        == "year.bad_role"
    )
    assert (
        codes(lambda: y.record_successor("chair", uuid4(), poll, date(2015, 12, 5)))
        == "year.not_member"
    )
    y.record_successor("chair", units[1], poll, date(2015, 12, 5))
    assert (
        codes(lambda: y.record_successor("vice_chair", units[1], poll, date(2015, 12, 5)))
        == "year.chair_is_vice"
    )
    y.record_successor("vice_chair", units[2], poll, date(2015, 12, 5))
    assert y.successors == {"chair": units[1], "vice_chair": units[2]}


def test_pending_roles_are_handed_over():
    units = [uuid4() for _ in range(3)]
    y = EmulationYear.open(
        uuid4(), 2016, None, None, units, Regulation(), default_plan(2016), date(2015, 11, 1)
    )
    y.hand_over("chair", units[1], uuid4(), date(2015, 12, 5))
    assert (
        codes(lambda: y.hand_over("vice_chair", units[1], uuid4(), date(2015, 12, 5)))
        == "year.chair_is_vice"
    )
    y.hand_over("vice_chair", units[2], uuid4(), date(2015, 12, 5))
    assert (y.chair, y.vice_chair) == (units[1], units[2])


def test_criteria_tree_rules():
    c = sample_criteria()
    assert codes(lambda: c.get("9.9")) == "criteria.unknown"
    from decimal import Decimal as D

    assert codes(lambda: c.get("1.1").check_points(D("10.5"))) == "criteria.points_out_of_range"
    assert codes(lambda: c.get("1.1").check_points(D("-1"))) == "criteria.points_out_of_range"
    assert codes(lambda: c.get("1.1").check_points(D("1.255"))) == "criteria.too_precise"
    assert c.total({"1.1": D(9), "1.2": D("18.5"), "T.1": D(2), "P.1": D(1)}) == D("28.5")
    assert type(c).from_dict(c.to_dict()) == c
    assert codes(lambda: type(c).from_dict({"sections": [{"code": "I"}]})) == "criteria.malformed"


def test_the_chair_names_who_signs_the_years_documents():
    y, _ = open_year()
    on = date(2015, 12, 18)
    assert y.name_signer("secretary", "  Nông  Thị Mai ", " Chánh Văn phòng ", on)
    assert (y.signers["secretary"].name, y.signers["secretary"].title) == (
        "Nông Thị Mai",
        "Chánh Văn phòng",
    )
    assert not y.name_signer("secretary", "Nông Thị Mai", "Chánh Văn phòng", on)  # unchanged
    assert y.name_signer("secretary", "Trần Văn Bình", "", on)  # a new name replaces it
    assert y.signers["secretary"].name == "Trần Văn Bình"
    assert codes(lambda: y.name_signer("treasurer", "A", "", on)) == "year.bad_signer_role"
    assert codes(lambda: y.name_signer("counting_head", "  ", "", on)) == (
        "year.signer_name_required"
    )
