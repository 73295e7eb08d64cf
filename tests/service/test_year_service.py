"""Cluster-year handlers: authorisation from events, conflicts, all-or-nothing saves."""

from datetime import date
from decimal import Decimal as D

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import UnitKind
from domain.year.year import EmulationYear
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.platform.wording import text
from service.year import clusters, dossiers
from tests.domain.helpers import sample_criteria

CODES = ["AA", "BB", "CC", "DD"]


@pytest.fixture
def year(app, admin):
    for code in CODES:
        units.register_unit(
            app, admin, code, UnitKind.PROVINCE, f"LĐLĐ tỉnh {code}", date(2010, 1, 1)
        )
    clusters.establish_cluster(app, admin, "C1", "Cụm thi đua thử", date(2010, 1, 1))
    for code in CODES:
        clusters.admit_member(app, admin, "C1", code, date(2010, 1, 1))
    return clusters.open_year(
        app, admin, "C1", 2015, date(2014, 11, 18), chair_code="AA", vice_code="BB"
    )


def officer(code):
    from domain.org.unit import Unit

    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def refused(app, fn):
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as e:
        fn()
    assert app.recorder.max_notification_id() == before, "nothing may be stored"
    return e.value.code


def test_roles_come_from_events(app, year):
    crit = sample_criteria()
    assert (
        refused(
            app, lambda: clusters.draft_criteria(app, officer("BB"), year, crit, date(2014, 11, 20))
        )
        == "auth.forbidden"
    )
    v = clusters.draft_criteria(app, officer("AA"), year, crit, date(2014, 11, 20))
    assert (
        refused(
            app, lambda: clusters.adopt_criteria(app, officer("CC"), year, v, date(2014, 12, 5))
        )
        == "auth.forbidden"
    )
    clusters.adopt_criteria(app, officer("AA"), year, v, date(2014, 12, 5))
    outsider = Principal("x", None)
    assert (
        refused(app, lambda: clusters.sign_pact(app, outsider, year, date(2014, 12, 5)))
        == "auth.forbidden"
    )
    assert (
        refused(app, lambda: dossiers.register(app, outsider, year, "Cờ", ["x"], date(2015, 1, 5)))
        == "auth.forbidden"
    )
    assert (
        refused(app, lambda: clusters.open_year(app, officer("AA"), "C1", 2016, date(2015, 11, 1)))
        == "auth.forbidden"
    )
    # the vice-chair may open next year (roles pending until the election)
    nxt = clusters.open_year(app, officer("BB"), "C1", 2016, date(2015, 11, 1))
    assert app.get(nxt).chair is None
    clusters.draft_criteria(app, officer("BB"), nxt, crit, date(2015, 11, 20))


def test_first_year_needs_named_roles_later_years_take_them_from_election(app, admin, year):
    assert (
        refused(
            app,
            lambda: clusters.open_year(
                app, admin, "C1", 2015, date(2014, 11, 18), chair_code="AA", vice_code="BB"
            ),
        )
        == "store.exists"
    )
    assert (
        refused(
            app,
            lambda: clusters.open_year(
                app, admin, "C1", 2016, date(2015, 11, 1), chair_code="CC", vice_code="DD"
            ),
        )
        == "year.roles_from_election"
    )
    assert (
        refused(app, lambda: clusters.open_year(app, admin, "C1", 2020, date(2019, 11, 1)))
        == "year.no_chair"
    )


def test_appraisal_by_chair_team_only_and_never_own_unit(app, year):
    v = clusters.draft_criteria(app, officer("AA"), year, sample_criteria(), date(2014, 11, 20))
    clusters.adopt_criteria(app, officer("AA"), year, v, date(2014, 12, 5))
    for code in ("AA", "CC"):
        dossiers.register(app, officer(code), year, "Cờ thi đua", ["Cam kết"], date(2015, 1, 5))
        dossiers.submit_report(
            app, officer(code), year, "yearend", "Báo cáo tổng kết", [], date(2015, 12, 1)
        )
        dossiers.self_score(app, officer(code), year, {"1.1": (D(9), "MC")}, date(2015, 12, 1))
    cc = officer("CC").unit
    assert (
        refused(
            app,
            lambda: dossiers.appraise(
                app, officer("DD"), year, cc, {"1.1": (D(9), "")}, date(2015, 12, 10)
            ),
        )
        == "auth.forbidden"
    )
    assert (
        refused(
            app,
            lambda: dossiers.appraise(
                app,
                officer("AA"),
                year,
                officer("AA").unit,
                {"1.1": (D(9), "")},
                date(2015, 12, 10),
            ),
        )
        == "dossier.self_appraisal"
    )
    # one bad row refuses the whole table: nothing of the good row is saved
    assert (
        refused(
            app,
            lambda: dossiers.appraise(
                app,
                officer("AA"),
                year,
                cc,
                {"1.1": (D(9), ""), "1.2": (D(5), "")},
                date(2015, 12, 10),
            ),
        )
        == "dossier.reason_required"
    )
    assert app.get(dossiers.dossier_of(app, year, cc).id).appraisals == {}
    dossiers.appraise(
        app, officer("BB"), year, cc, {"1.1": (D(8), "Thiếu minh chứng")}, date(2015, 12, 10)
    )
    assert dossiers.dossier_of(app, year, cc).appraised_total(sample_criteria()) == D(8)


def test_late_registration_is_accepted_and_marked(app, year):
    assert dossiers.register(app, officer("CC"), year, "Cờ", ["Cam kết"], date(2015, 2, 4)) == 4
    clusters.reopen_window(
        app,
        officer("AA"),
        year,
        "member_registration",
        date(2015, 2, 15),
        "Đơn vị sáp nhập",
        date(2015, 2, 1),
    )
    assert dossiers.register(app, officer("DD"), year, "Cờ", ["Cam kết"], date(2015, 2, 10)) == 0


def test_conflicting_write_is_retried_then_refused(app, store_url, year):
    other = ThiduaApplication(store_url)
    try:
        calls = []

        def racing() -> None:
            y = app.get(year)
            if not calls:  # someone else changes the year between our load and save
                theirs = other.get(year)
                theirs.reopen_window("rollout", date(2016, 1, 31), "Gia hạn", date(2015, 12, 1))
                other.save(theirs)
            calls.append(1)
            y.reopen_window("member_registration", date(2015, 2, 15), "Gia hạn", date(2015, 2, 1))
            app.save(y)

        app.command(racing)
        assert len(calls) == 2
        final = app.get(year)
        assert set(final.reopened) == {"rollout", "member_registration"}

        def always_stale() -> None:
            y = app.get(year)
            theirs = other.get(year)  # every attempt loses the race
            theirs.set_task(theirs.task("workshop"))
            other.save(theirs)
            y.set_task(y.task("workshop"))
            app.save(y)

        with pytest.raises(DomainError) as e:
            app.command(always_stale)
        assert e.value.code == "store.conflict"
        assert "người khác" in text(e.value)
    finally:
        other.close()


def test_year_id_is_natural(app, year):
    from domain.org.cluster import Cluster

    assert year == EmulationYear.id_for(Cluster.id_for("c1"), 2015)
