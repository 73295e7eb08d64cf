"""Batch commands (service/batch.py) refuse what the one-item commands refuse, and then
write nothing at all: the whole batch is one transaction. On SQLite and PostgreSQL
(the `app` fixture of tests/conftest.py)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from domain.review.report import ReviewReport
from service.demo import review_data as data
from service.platform.app import ThiduaApplication
from service.platform.auth import REVIEWER, STEERING, SYSTEM_PRINCIPAL, Principal
from service.review import batch, reviews

ON = date(2015, 11, 5)
STEER = Principal("bcd.a", Unit.id_for("FA"), frozenset({STEERING}))
REVIEW = Principal("vanphong.a", Unit.id_for("FA"), frozenset({REVIEWER}))


def officer(code: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def head(app: ThiduaApplication) -> int:
    return app.recorder.max_notification_id() or 0


def two_federations(app: ThiduaApplication) -> UUID:
    """Federations FA and FB, each with a district and two grassroots unions; FA's review."""
    rows = [batch.NewUnit("TLD", "confederation", "Tổng Liên đoàn", date(1929, 7, 28))]
    for f in ("FA", "FB"):
        rows += [
            batch.NewUnit(f, "province", f"Liên đoàn Lao động tỉnh {f}", ON, "TLD"),
            batch.NewUnit(f"{f}-1", "district", f"Liên đoàn Lao động huyện {f}", ON, f),
            batch.NewUnit(f"{f}-1-1", "grassroots", "Công đoàn cơ sở số 1", ON, f"{f}-1"),
            batch.NewUnit(f"{f}-1-2", "grassroots", "Công đoàn cơ sở số 2", ON, f"{f}-1"),
        ]
    batch.register_units(app, SYSTEM_PRINCIPAL, rows)
    term = reviews.open_term(
        app, SYSTEM_PRINCIPAL, "FA", "XV", "Nhiệm kỳ XV", 2013, 2018, date(2013, 7, 1), "Nghị quyết"
    )
    reviews.add_targets(app, SYSTEM_PRINCIPAL, term, data.sample_targets(), date(2013, 7, 1))
    for code, name in data.SAMPLE_PROGRAMMES:
        reviews.add_programme(app, SYSTEM_PRINCIPAL, term, code, name, date(2013, 7, 1))
    campaign = reviews.plan_review(app, SYSTEM_PRINCIPAL, term, "Sơ kết", data.REVIEW_DATE, ON)
    for code, title, starts, due in data.MILESTONES:
        reviews.schedule_milestone(app, SYSTEM_PRINCIPAL, campaign, code, title, starts, due, ON)
    return campaign


def filing(code: str, who: Principal | None = None) -> batch.Filing:
    return batch.Filing(
        who or officer(code),
        code,
        date(2015, 12, 1),
        values={"CT01": {"value": "12"}},
        assessments={p: ("done", "Đánh giá") for p, _ in data.SAMPLE_PROGRAMMES},
        narrative=data.NARRATIVE,
        submitted_on=date(2015, 12, 10),
    )


def test_register_units_all_or_nothing(app: ThiduaApplication) -> None:
    two_federations(app)
    before = head(app)
    rows = [
        batch.NewUnit("FA-1-3", "grassroots", "Công đoàn cơ sở số 3", ON, "FA-1"),
        batch.NewUnit("FA-1-4", "grassroots", "Công đoàn cơ sở số 4", ON, "NOWHERE"),
    ]
    with pytest.raises(DomainError) as refused:
        batch.register_units(app, SYSTEM_PRINCIPAL, rows)
    assert refused.value.code == "store.not_found"
    with pytest.raises(DomainError) as refused:
        batch.register_units(app, officer("FA"), rows[:1])  # not an administrator
    assert refused.value.code == "auth.forbidden"
    with pytest.raises(DomainError) as refused:  # a code twice, as register_unit refuses
        batch.register_units(app, SYSTEM_PRINCIPAL, [rows[0], rows[0]])
    assert refused.value.code == "store.exists"
    taken = batch.NewUnit("FA-1", "district", "Liên đoàn Lao động huyện mới", ON, "FA")
    with pytest.raises(DomainError) as refused:  # a code already in the store
        batch.register_units(app, SYSTEM_PRINCIPAL, [rows[0], taken])
    assert refused.value.code == "store.exists" and "FA-1" in str(refused.value.params)
    assert head(app) == before
    assert not app.exists(Unit.id_for("FA-1-3"))


def test_add_participants_refuses_a_unit_outside_the_federation(app: ThiduaApplication) -> None:
    campaign = two_federations(app)
    before = head(app)
    rows = [("FA-1", ""), ("FA-1-1", ""), ("FB-1-1", ""), ("FA-1-2", "")]
    with pytest.raises(DomainError) as refused:
        batch.add_participants(app, STEER, campaign, rows, ON)
    assert refused.value.code == "review.unit_outside"
    with pytest.raises(DomainError) as refused:
        batch.add_participants(app, officer("FA-1"), campaign, rows[:2], ON)
    assert refused.value.code == "auth.forbidden"
    assert head(app) == before
    assert app.get(campaign).participants == {}
    batch.add_participants(app, STEER, campaign, [r for r in rows if r[0] != "FB-1-1"], ON)
    assert len(app.get(campaign).participants) == 3


def test_file_and_review_reports_refuse_as_the_single_commands(app: ThiduaApplication) -> None:
    campaign = two_federations(app)
    batch.add_participants(app, STEER, campaign, [("FA-1", ""), ("FA-1-1", ""), ("FA-1-2", "")], ON)
    before = head(app)
    # one officer filing another unit's report: the whole batch is refused
    with pytest.raises(DomainError) as refused:
        batch.file_reports(app, campaign, [filing("FA-1-1"), filing("FA-1-2", officer("FA-1-1"))])
    assert refused.value.code == "auth.forbidden"
    with pytest.raises(DomainError) as refused:  # a unit that does not take part
        batch.file_reports(app, campaign, [filing("FA-1-1"), filing("FB-1-1")])
    assert refused.value.code == "review.not_participant"
    assert head(app) == before
    assert not app.exists(ReviewReport.id_for(campaign, Unit.id_for("FA-1-1")))

    batch.file_reports(app, campaign, [filing("FA-1-1"), filing("FA-1-2")])
    filed = head(app)
    accept = [
        batch.Decision("FA-1-1", date(2016, 1, 9)),
        batch.Decision("FA-1-2", date(2016, 1, 9)),
    ]
    with pytest.raises(DomainError) as refused:  # the unit's own officer, not a reviewer
        batch.review_reports(app, officer("FA-1-1"), campaign, accept)
    assert refused.value.code == "auth.forbidden"
    with pytest.raises(DomainError) as refused:  # FA-1 has no report to accept
        batch.review_reports(
            app, REVIEW, campaign, [*accept, batch.Decision("FA-1", date(2016, 1, 9))]
        )
    assert refused.value.code == "store.not_found"
    reviewer_of_own = Principal("canbo.fa-1-2", Unit.id_for("FA-1-2"), frozenset({REVIEWER}))
    with pytest.raises(DomainError) as refused:  # a reviewer never reviews its own unit
        batch.review_reports(app, reviewer_of_own, campaign, accept)
    assert refused.value.code == "auth.forbidden"
    assert head(app) == filed
    batch.review_reports(app, REVIEW, campaign, accept)
    statuses = {
        app.get(ReviewReport.id_for(campaign, Unit.id_for(c))).status.value
        for c in ("FA-1-1", "FA-1-2")
    }
    assert statuses == {"accepted"}
