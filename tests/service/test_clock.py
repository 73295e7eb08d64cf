"""The clock (today in Vietnam, read per call) and the entry built against its case,
on SQLite and PostgreSQL: a year counts from its opening, a poll from the day it was
held, a review from the day it was planned, each late by its own regulation."""

from datetime import date

import pytest

from domain.kernel.base import DomainError
from domain.org.regulation import Regulation
from domain.org.unit import Unit, UnitKind
from domain.polls.poll import Poll
from domain.review.campaign import ReviewCampaign
from service.org import units
from service.platform import clock
from service.polls import polls
from service.review import reviews
from service.year import clusters


def test_today_reads_thidua_today_on_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THIDUA_TODAY", "2015-12-18")
    assert clock.today() == date(2015, 12, 18)
    monkeypatch.setenv("THIDUA_TODAY", "2015-12-20")
    assert clock.today() == date(2015, 12, 20)
    assert clock.today("2016-01-10") == date(2016, 1, 10)  # an application's own setting
    monkeypatch.delenv("THIDUA_TODAY")
    assert clock.today() >= date(2026, 1, 1)


def refused(fn) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as e:
        fn()
    return e.value.code


def test_the_entry_is_bounded_by_its_case(app, admin) -> None:  # type: ignore[no-untyped-def]
    for code in ("AA", "BB", "CC"):
        units.register_unit(app, admin, code, UnitKind.PROVINCE, f"Tỉnh {code}", date(2010, 1, 1))
    regulation = Regulation(late_entry_days=3)
    clusters.establish_cluster(app, admin, "K", "Khối", date(2010, 1, 1), regulation=regulation)
    for code in ("AA", "BB", "CC"):
        clusters.admit_member(app, admin, "K", code, date(2010, 1, 1))
    year = clusters.open_year(app, admin, "K", 2015, date(2014, 12, 1), chair_code="AA",
                              vice_code="BB")  # fmt: skip
    entry = clock.entry
    assert entry(app, [year], None, "", date(2015, 12, 20)).on == date(2015, 12, 20)
    assert refused(lambda: entry(app, [year], date(2014, 11, 30), "x", date(2015, 1, 1))) == (
        "entry.before_opening"
    )
    # the cluster's regulation allows 3 days
    assert refused(lambda: entry(app, [year], date(2015, 12, 16), "", date(2015, 12, 20))) == (
        "entry.late_reason_required"
    )
    poll = polls.open_poll(app, admin, year, "leading", None, date(2015, 12, 18), method="paper")
    assert isinstance(app.repository.get(poll), Poll)
    assert refused(lambda: entry(app, [poll], date(2015, 12, 17), "", date(2015, 12, 18))) == (
        "entry.before_opening"
    )
    assert entry(app, [poll, Unit.id_for("AA")], date(2015, 12, 18), "", date(2015, 12, 20))

    term = reviews.open_term(
        app, admin, "AA", "XV", "XV", 2013, 2018, date(2013, 7, 1), "Nghị quyết"
    )
    campaign = reviews.plan_review(
        app, admin, term, "Sơ kết", date(2015, 12, 31), date(2015, 11, 2), late_entry_days=10
    )
    assert app.repository.get(campaign).entry_bounds() == (date(2015, 11, 2), 10)
    assert isinstance(app.repository.get(campaign), ReviewCampaign)
    assert refused(lambda: entry(app, [campaign], date(2015, 11, 1), "x", date(2015, 11, 5))) == (
        "entry.before_opening"
    )
    assert entry(app, [campaign], date(2015, 11, 2), "", date(2015, 11, 12)).late_reason == ""
