"""Property: for any valid history, incremental == rebuild from zero == in-memory fold.

Hypothesis draws a sequence of actions of a cluster-year (members registering,
reporting, self-scoring, the chair appraising, windows reopened, plan tasks reported)
and catches the views up at random points in between. Actions the rules refuse are
part of the history too: they must leave no trace in any view.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.kernel.base import DomainError
from domain.org.unit import Unit, UnitKind
from projections.registry.views import VIEWS
from service.audit.schema import create_schema
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.views.projector import projector_of
from service.year import clusters, dossiers
from tests.domain.helpers import sample_criteria

CODES = ["AA", "BB", "CC", "DD"]
CRITERIA = ["1.1", "1.2", "T.1", "P.1"]
ACTIONS = ["register", "midyear", "yearend", "self_score", "appraise", "reopen", "task", "comment"]

action = st.tuples(
    st.sampled_from(ACTIONS),
    st.integers(0, len(CODES) - 1),
    st.sampled_from(CRITERIA),
    st.integers(0, 25),
    st.integers(0, 400),  # day offset from 2015-01-01
    st.booleans(),  # catch the views up after this action
)


def officer(code: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def build_year(app: ThiduaApplication) -> object:
    for code in CODES:
        units.register_unit(
            app, SYSTEM_PRINCIPAL, code, UnitKind.PROVINCE, f"LĐLĐ {code}", date(2010, 1, 1)
        )
    clusters.establish_cluster(app, SYSTEM_PRINCIPAL, "C1", "Cụm thử", date(2010, 1, 1))
    for code in CODES:
        clusters.admit_member(app, SYSTEM_PRINCIPAL, "C1", code, date(2010, 1, 1))
    year = clusters.open_year(
        app, SYSTEM_PRINCIPAL, "C1", 2015, date(2014, 11, 18), chair_code="AA", vice_code="BB"
    )
    v = clusters.draft_criteria(app, officer("AA"), year, sample_criteria(), date(2014, 11, 20))
    clusters.adopt_criteria(app, officer("AA"), year, v, date(2014, 12, 5))
    return year


def perform(app: ThiduaApplication, year: object, step: tuple) -> None:
    kind, who, criterion, points, offset, _ = step
    code, on = CODES[who], date(2015, 1, 1) + timedelta(days=offset)
    me = officer(code)
    if kind == "register":
        dossiers.register(app, me, year, "Cờ thi đua", ["Cam kết"], on)
    elif kind in ("midyear", "yearend"):
        dossiers.submit_report(app, me, year, kind, f"Báo cáo {kind} {offset}", [], on)
    elif kind == "self_score":
        dossiers.self_score(app, me, year, {criterion: (Decimal(points) / 2, "Minh chứng")}, on)
    elif kind == "appraise":
        chair = officer("BB") if code == "AA" else officer("AA")
        dossiers.appraise(
            app, chair, year, me.unit, {criterion: (Decimal(points) / 2, "Lý do")}, on
        )
    elif kind == "reopen":
        clusters.reopen_window(
            app,
            officer("AA"),
            year,
            "member_registration",
            date(2015, 2, 1) + timedelta(days=offset),
            "Gia hạn",
            on,
        )
    elif kind == "task":
        clusters.report_task(app, me, year, "rollout", "Đã triển khai", on)
    else:
        clusters.comment_criteria(app, me, year, 1, "Góp ý", on)


@pytest.mark.parametrize("examples", [12])
def test_incremental_equals_rebuild_equals_fold(store_url, tmp_path_factory, examples):
    counter = iter(range(10_000))

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(action, min_size=1, max_size=30))
    def check(steps):
        url = fresh(store_url, tmp_path_factory, next(counter))
        create_schema(url)
        app = ThiduaApplication(url)
        try:
            year = build_year(app)
            for step in steps:
                with contextlib.suppress(DomainError):
                    perform(app, year, step)
                if step[-1]:
                    projector_of(app).catch_up()
            projector_of(app).catch_up()
            store = projector_of(app).store
            live = {name: store.all_documents(name) for name in VIEWS if name != "timeline"}
            timeline = store.timeline({}, limit=10**6)
            assert live["standings"][year.hex]["adopted"] == 1
            for name, view in VIEWS.items():
                if view.case_kind in ("year", "any"):  # in-memory fold of the case == live
                    assert projector_of(app).as_of(name, year) == live[name][year.hex], name
            for name in VIEWS:
                projector_of(app).rebuild(name)
            assert {name: store.all_documents(name) for name in live} == live
            assert store.timeline({}, limit=10**6) == timeline
            assert len(timeline) == app.recorder.max_notification_id()
        finally:
            app.close()

    check()


def fresh(store_url: str, factory: pytest.TempPathFactory, n: int) -> str:
    if store_url.startswith("sqlite"):
        return f"sqlite:///{factory.mktemp('prop') / f'e{n}.sqlite3'}"
    import uuid

    import psycopg

    base, _, _ = store_url.rpartition("/")
    name = "p_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"
