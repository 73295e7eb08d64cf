"""The `thidua` command: db init, demo, audit export."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from eventsourcing.persistence import PersistenceError

from domain.org.unit import Unit, UnitKind
from service.platform.app import ThiduaApplication
from web.cli.main import cli
from web.cli.store import shown_url

ON = date(2025, 7, 1)


def thidua(store_url: str, tmp_path: Path, *args: str) -> Result:
    env = {"THIDUA_DATABASE_URL": store_url, "THIDUA_INSTANCE_PATH": str(tmp_path / "instance")}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def save_unit(url: str, code: str, name: str) -> Unit:
    app = ThiduaApplication(url)
    try:
        unit = Unit.register(code, UnitKind.PROVINCE, name, None, ON)
        app.save(unit)
        return app.get(unit.id)
    finally:
        app.close()


def test_db_init_creates_a_store_that_saves_and_reads(store_url: str, tmp_path: Path) -> None:
    with pytest.raises(PersistenceError):
        save_unit(store_url, "HN", "LĐLĐ Hà Nội")  # no tables yet

    result = thidua(store_url, tmp_path, "db", "init")
    assert result.exit_code == 0, result.output
    assert "Đã khởi tạo kho sự kiện" in result.output
    assert "0 sự kiện" in result.output

    unit = save_unit(store_url, "HN", "LĐLĐ Hà Nội")
    assert unit.name == "LĐLĐ Hà Nội"

    again = thidua(store_url, tmp_path, "db", "init")  # safe to run again; data kept
    assert again.exit_code == 0, again.output
    assert "1 sự kiện" in again.output


def test_audit_export_writes_one_line_per_event(store_url: str, tmp_path: Path) -> None:
    assert thidua(store_url, tmp_path, "db", "init").exit_code == 0
    save_unit(store_url, "HN", "LĐLĐ Hà Nội")
    save_unit(store_url, "HCM", "LĐLĐ Thành phố Hồ Chí Minh")
    out = tmp_path / "audit" / "events.jsonl"
    out.parent.mkdir()

    result = thidua(store_url, tmp_path, "audit", "export", str(out))

    assert result.exit_code == 0, result.output
    assert "Đã xuất 2 sự kiện" in result.output
    *records, closing = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["data"]["code"] for r in records] == ["HN", "HCM"]
    assert closing["checkpoint"]["count"] == 2  # the export ends with its chain checkpoint
    assert records[0]["position"] < records[1]["position"]
    assert records[1]["data"]["name"] == "LĐLĐ Thành phố Hồ Chí Minh"
    assert list(out.parent.iterdir()) == [out]  # no partial file left behind


def test_demo_loads_once_into_an_empty_store(store_url: str, tmp_path: Path) -> None:
    assert thidua(store_url, tmp_path, "db", "init").exit_code == 0

    first = thidua(store_url, tmp_path, "demo")
    assert first.exit_code == 0, first.output
    assert "Đã nạp dữ liệu mẫu" in first.output
    app = ThiduaApplication(store_url)
    try:
        loaded = app.recorder.max_notification_id()
        assert loaded and loaded > 100

        second = thidua(store_url, tmp_path, "demo")
        assert second.exit_code == 0, second.output
        assert "không nạp dữ liệu mẫu" in second.output
        assert app.recorder.max_notification_id() == loaded
    finally:
        app.close()


def test_audit_export_refuses_a_missing_directory(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    assert thidua(url, tmp_path, "db", "init").exit_code == 0
    result = thidua(url, tmp_path, "audit", "export", str(tmp_path / "missing" / "x.jsonl"))
    assert result.exit_code == 1
    assert "Không có thư mục" in result.output


def test_shown_url_hides_the_password() -> None:
    assert shown_url("postgresql://u:s3cret@db:5432/thidua") == "postgresql://u:***@db:5432/thidua"
    assert shown_url("sqlite:///instance/x.sqlite3") == "sqlite:///instance/x.sqlite3"
