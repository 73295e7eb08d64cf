from datetime import date
from decimal import Decimal as D
from uuid import uuid4

import pytest

from domain.kernel.base import DomainError
from domain.org.regulation import AwardRule, Regulation, Threshold
from domain.year.award import AwardProposal
from domain.year.dossier import Dossier
from tests.domain.helpers import adopted_year

SHA = "a" * 64


def codes(fn):
    with pytest.raises(DomainError) as e:
        fn()
    return e.value.code


def make():
    y, units = adopted_year()
    d = Dossier(year_id=y.id, unit=units[2])
    return y, units, d


def test_registration_late_and_once():
    y, _units, d = make()
    deadline = y.deadline("member_registration")
    assert (
        codes(lambda: d.register(" ", ["x"], date(2015, 1, 5), deadline))
        == "dossier.title_required"
    )
    assert (
        codes(lambda: d.register("Cờ thi đua", [" "], date(2015, 1, 5), deadline))
        == "dossier.commitments_required"
    )
    assert d.register("Cờ thi đua", ["Phát triển 1.000 đoàn viên"], date(2015, 2, 3), deadline) == 3
    assert d.registration["days_late"] == 3
    assert (
        codes(lambda: d.register("Cờ", ["x"], date(2015, 2, 4), deadline))
        == "dossier.already_registered"
    )


def test_reports_need_registration_and_valid_attachments():
    y, _units, d = make()
    dl = y.deadline("midyear_report")
    assert (
        codes(lambda: d.submit_report("midyear", "Báo cáo", [], date(2015, 6, 1), dl))
        == "dossier.not_registered"
    )
    d.register("Cờ thi đua", ["cam kết"], date(2015, 1, 5), y.deadline("member_registration"))
    assert (
        codes(lambda: d.submit_report("monthly", "Báo cáo", [], date(2015, 6, 1), dl))
        == "report.bad_kind"
    )
    assert codes(lambda: d.submit_report("midyear", "", [], date(2015, 6, 1), dl)) == "report.empty"
    assert (
        codes(lambda: d.submit_report("midyear", "B", [{"sha256": "xyz"}], date(2015, 6, 1), dl))
        == "report.bad_attachment"
    )
    assert (
        d.submit_report(
            "midyear", "Báo cáo", [{"sha256": SHA, "name": "bc.pdf"}], date(2015, 6, 18), dl
        )
        == 3
    )


def test_self_score_and_appraisal_rules():
    y, units, d = make()
    crit, v = y.criteria, y.adopted_version
    dl = y.deadline("yearend_report")
    assert (
        codes(lambda: d.self_score(crit, v, "1.1", D(9), "MC", date(2015, 12, 1), dl))
        == "dossier.not_registered"
    )
    d.register("Cờ thi đua", ["cam kết"], date(2015, 1, 5), y.deadline("member_registration"))
    assert (
        codes(lambda: d.self_score(crit, v, "1.1", D(9), " ", date(2015, 12, 1), dl))
        == "dossier.evidence_required"
    )
    assert (
        codes(lambda: d.self_score(crit, v, "1.1", D(11), "MC", date(2015, 12, 1), dl))
        == "criteria.points_out_of_range"
    )
    assert (
        codes(lambda: d.self_score(crit, v, "X", D(1), "MC", date(2015, 12, 1), dl))
        == "criteria.unknown"
    )
    d.self_score(crit, v, "1.1", D(9), "Biên bản", date(2015, 12, 1), dl)
    d.self_score(crit, v, "1.2", D(20), "Số liệu", date(2015, 12, 1), dl)
    d.self_score(crit, v, "P.1", D(1), "Chậm báo cáo quý", date(2015, 12, 1), dl)
    assert d.self_total(crit) == D(28)
    chair = units[0]
    assert (
        codes(lambda: d.appraise(crit, v, "1.1", D(9), "", chair, date(2015, 12, 10)))
        == "dossier.no_yearend_report"
    )
    d.submit_report("yearend", "Báo cáo tổng kết", [], date(2015, 12, 1), dl)
    assert (
        codes(lambda: d.appraise(crit, v, "1.1", D(9), "", units[2], date(2015, 12, 10)))
        == "dossier.self_appraisal"
    )
    assert (
        codes(lambda: d.appraise(crit, v, "1.2", D(18), " ", chair, date(2015, 12, 10)))
        == "dossier.reason_required"
    )
    d.appraise(
        crit, v, "1.1", D(9), "", chair, date(2015, 12, 10)
    )  # same as self: no reason needed
    d.appraise(
        crit, v, "1.2", D(18), "Thiếu 200 đoàn viên so với báo cáo", chair, date(2015, 12, 10)
    )
    d.appraise(crit, v, "P.1", D(1), "", chair, date(2015, 12, 10))
    assert d.appraised_total(crit) == D(26)
    assert (
        codes(lambda: d.self_score(crit, v, "1.1", D(10), "MC", date(2015, 12, 11), dl))
        == "dossier.already_appraised"
    )
    assert (
        codes(lambda: d.submit_report("yearend", "Sửa", [], date(2015, 12, 11), dl))
        == "dossier.already_appraised"
    )


def test_award_proposal_caps_votes_and_tld_steps():
    rule = AwardRule(
        "tld_flag", "Cờ thi đua của Tổng Liên đoàn", cap_count=1, threshold=Threshold("2/3", False)
    )
    merit = Regulation().award("tld_merit")
    a, b, c = uuid4(), uuid4(), uuid4()
    poll = uuid4()
    p = AwardProposal(year_id=uuid4())
    assert codes(lambda: p.propose(rule, a, poll, {b}, 4)) == "awards.not_voted"
    p.propose(rule, a, poll, {a, b}, 4)
    assert codes(lambda: p.propose(rule, a, poll, {a, b}, 4)) == "awards.already_proposed"
    assert codes(lambda: p.propose(rule, b, poll, {a, b}, 4)) == "awards.cap_exceeded"
    p.propose(merit, b, poll, {b, c}, 4)
    p.propose(merit, c, poll, {b, c}, 4)  # 50% of 4 members = 2
    assert codes(lambda: p.propose(merit, a, poll, {a, b, c}, 4)) == "awards.cap_exceeded"
    assert codes(lambda: p.record_receipt("x", date(2016, 1, 5))) == "awards.not_submitted"
    assert (
        codes(lambda: p.submit(" ", date(2016, 1, 5), date(2016, 3, 30)))
        == "awards.reference_required"
    )
    assert p.submit("05/TTr-CTĐ", date(2016, 4, 2), date(2016, 3, 30)) == 3
    assert codes(lambda: p.withdraw("tld_merit", b)) == "awards.already_submitted"
    assert (
        codes(lambda: p.record_decision("tld_flag", a, True, "QĐ", date(2016, 4, 10)))
        == "awards.not_received"
    )
    p.record_receipt("CV 123", date(2016, 4, 5))
    assert (
        codes(lambda: p.record_decision("tld_flag", b, True, "QĐ", date(2016, 4, 10)))
        == "awards.not_proposed"
    )
    p.record_decision("tld_flag", a, True, "QĐ 456", date(2016, 4, 10))
    assert (
        codes(lambda: p.record_decision("tld_flag", a, False, "QĐ", date(2016, 4, 10)))
        == "awards.already_decided"
    )
    assert p.decisions == {("tld_flag", a): True}
