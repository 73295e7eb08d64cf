"""Export → restore → export on SQLite and PostgreSQL: same bytes, same chain head, same
views; and no exported line links a voter to a choice in a secret poll."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.org.unit import Unit, UnitKind
from domain.polls.poll import BALLOT_BOX
from service.audit.chain import checkpoint, verify
from service.audit.export import write_export
from service.audit.restore import RestoreRefused, restore
from service.platform.app import ThiduaApplication
from tests.chain_helpers import build_demo_export, export_to, views_of
from tests.web.site import Demos


@pytest.fixture(scope="module")
def demo_source(
    tmp_path_factory: pytest.TempPathFactory, demos: Demos
) -> tuple[Path, dict[str, Any]]:
    return build_demo_export(demos.demo("sqlite"), tmp_path_factory.mktemp("demo"))


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_restore_export_is_identical_with_the_same_views(
    app: ThiduaApplication, demo_source: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    source, source_views = demo_source
    claimed = records(source)[-1]["checkpoint"]

    seen: list[int] = []
    restored = restore(app, source, progress=seen.append)

    assert restored.head == claimed["head"] == checkpoint(app).head
    assert checkpoint(app).merkle_root == claimed["merkle_root"]
    assert seen[-1] == claimed["position"] and len(seen) == -(-claimed["count"] // 1000)
    assert verify(app).ok
    again = export_to(app, tmp_path / "again.jsonl")
    assert again.read_bytes() == source.read_bytes()
    assert views_of(app) == source_views
    assert source_views["standings"] and len(source_views["timeline"]) == claimed["count"]


def test_the_restored_store_goes_on_from_the_same_head(
    app: ThiduaApplication, demo_source: tuple[Path, dict[str, Any]]
) -> None:
    source, _ = demo_source
    before = restore(app, source)
    app.save(Unit.register("MOI", UnitKind.PROVINCE, "LĐLĐ mới", None, date(2025, 7, 1)))
    report = verify(app, against=before)
    assert report.ok and report.checked == before.count + 1
    assert app.recorder.max_notification_id() == before.position + 1


def test_restore_refuses_a_store_that_is_not_empty(
    app: ThiduaApplication, demo_source: tuple[Path, dict[str, Any]]
) -> None:
    app.save(Unit.register("HN", UnitKind.PROVINCE, "LĐLĐ Hà Nội", None, date(2025, 7, 1)))
    with pytest.raises(RestoreRefused, match="Kho sự kiện không trống"):
        restore(app, demo_source[0])
    assert app.recorder.max_notification_id() == 1


def test_restore_refuses_a_tampered_export_and_writes_nothing(
    app: ThiduaApplication, demo_source: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    lines = demo_source[0].read_text(encoding="utf-8").splitlines(keepends=True)
    lines[500] = lines[500].replace('"version":', '"version":1', 1)
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RestoreRefused, match="Tệp xuất không hợp lệ"):
        restore(app, tampered)
    assert not app.recorder.max_notification_id()


def test_an_empty_store_exports_only_its_checkpoint(app: ThiduaApplication) -> None:
    out = io.StringIO()
    cp = write_export(app, out)
    assert (cp.position, cp.count, cp.head) == (0, 0, "00" * 32)
    assert json.loads(out.getvalue())["checkpoint"]["count"] == 0


def test_no_exported_line_links_a_voter_to_a_choice(
    demo_source: tuple[Path, dict[str, Any]],
) -> None:
    lines = records(demo_source[0])[:-1]
    secret = {
        r["originator"]: r["data"]
        for r in lines
        if r["topic"] == "thidua.Poll.Opened" and r["data"]["secret"]
    }
    assert secret, "the demo has secret polls"
    ids = lambda values: {v for u in values for v in (u, u.replace("-", ""))}  # noqa: E731
    options = {poll: ids(data["options"]) for poll, data in secret.items()}

    sealed = [r for r in lines if r["topic"] == "thidua.Poll.BallotSealed"]
    assert len(sealed) >= 10
    for r in sealed:
        assert r["originator"] in secret
        assert r["actor"] == {"account": BALLOT_BOX.account, "unit": None}
        assert set(r["data"]) == {"sealed"} and r["data"]["sealed"].startswith("v1:")
        assert not any(v in r["state"] for v in ids(secret[r["originator"]]["voters"]))
        assert not any(o in r["state"] for o in options[r["originator"]])

    for r in lines:
        if r["topic"] == "thidua.Poll.BallotCast":
            assert r["originator"] not in secret  # open polls only
        if r["topic"] == "thidua.Participation.Created" and r["data"]["poll"] in secret:
            # who voted (the voter may be a candidate too), never what was chosen
            assert set(r["data"]) == {"poll", "voter", "absentee", "on", "originator_topic"}
