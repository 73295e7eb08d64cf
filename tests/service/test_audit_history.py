"""Auditors' history of a case: who, for which unit, when, what changed; the chain's head
and the recorded verifications; secret ballots stay sealed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from domain.org.unit import Unit
from service.audit.chain import verify
from service.audit.history import case_history, chain_status, record_verification
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.year import dossiers
from tests.service.test_projector_properties import build_year, officer
from tests.test_cli import thidua


def test_history_names_actor_unit_and_changes(app):
    year = build_year(app)
    me = officer("CC")
    dossiers.register(app, me, year, "Cờ thi đua", ["Cam kết"], date(2015, 1, 10))
    dossiers.self_score(app, me, year, {"1.1": (D(9), "Biên bản số 1")}, date(2015, 12, 1))
    dossiers.self_score(
        app,
        me,
        year,
        {"1.1": (D("9.5"), "Biên bản số 1"), "1.2": (D(18), "Số liệu")},
        date(2015, 12, 3),
    )
    history = case_history(app, year)
    scored = [e for e in history if e.kind == "SelfScored"]
    assert [(e.fields["criterion"], e.fields["points"]) for e in scored] == [
        ("1.1", D(9)),
        ("1.1", D("9.5")),
        ("1.2", D(18)),
    ]
    first, again, other = scored
    assert first.changes == [] and other.changes == []  # nothing said before on that subject
    assert {(c.field, c.old, c.new) for c in again.changes} == {
        ("points", D(9), D("9.5")),
        ("on", date(2015, 12, 1), date(2015, 12, 3)),
    }
    assert (again.account, again.unit, again.aggregate) == (
        "canbo.cc",
        Unit.id_for("CC"),
        "Dossier",
    )
    assert again.on == date(2015, 12, 3)
    positions = [e.position for e in history]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    only_cc = case_history(app, year, unit=Unit.id_for("CC"))
    assert {e.account for e in only_cc} == {"canbo.cc"}
    assert [e.kind for e in only_cc] == [
        "Created",
        "Registered",
        "SelfScored",
        "SelfScored",
        "SelfScored",
    ]
    assert [e.kind for e in case_history(app, year, kind="Registered")] == ["Registered"]
    assert case_history(app, year, day_to=date(2000, 1, 1)) == []


def test_secret_ballots_stay_sealed_in_history(
    demo_app: ThiduaApplication, demo_summary: dict[str, Any]
):
    app = demo_app
    demo = demo_summary
    history = case_history(app, demo["year_id"])
    sealed = [e for e in history if e.kind == "BallotSealed"]
    assert sealed and all(e.sealed and e.fields == {} and e.account == "ballot-box" for e in sealed)
    voters = [e for e in history if e.kind == "Created" and e.aggregate == "Participation"]
    assert voters and all("choices" not in e.fields for e in voters)


def test_chain_status_and_recorded_verification(app):
    build_year(app)
    status = chain_status(app)
    assert status.position == status.events and len(status.head) == 64
    assert status.last_verification is None
    record_verification(app, SYSTEM_PRINCIPAL, verify(app))
    after = chain_status(app)
    assert after.last_verification["ok"] is True
    assert after.last_verification["position"] == status.position  # what it checked
    assert after.position == status.position + 2  # the trail's own events are on the chain


def test_cli_verify_records_unless_told_not_to(store_url: str, tmp_path: Path):
    assert thidua(store_url, tmp_path, "db", "init").exit_code == 0
    assert thidua(store_url, tmp_path, "audit", "verify", "--no-record").exit_code == 0
    assert thidua(store_url, tmp_path, "audit", "verify").exit_code == 0
    from service.platform.app import ThiduaApplication

    app = ThiduaApplication(store_url)
    try:
        last = chain_status(app).last_verification
        assert last is not None and last["ok"] and last["checked"] == 0
    finally:
        app.close()
