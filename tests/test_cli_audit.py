"""`thidua audit verify | checkpoint | restore` and the chain in `audit export`, both stores."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

from domain.org.unit import Unit, UnitKind
from service.platform.app import ThiduaApplication
from tests.chain_helpers import Raw
from web.cli.main import cli

ON = date(2025, 7, 1)


def thidua(store_url: str, tmp_path: Path, *args: str) -> Result:
    env = {"THIDUA_DATABASE_URL": store_url, "THIDUA_INSTANCE_PATH": str(tmp_path / "instance")}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def store_with_units(store_url: str, tmp_path: Path, *codes: str) -> None:
    assert thidua(store_url, tmp_path, "db", "init").exit_code == 0
    app = ThiduaApplication(store_url)
    try:
        for code in codes:
            app.save(Unit.register(code, UnitKind.PROVINCE, f"LĐLĐ {code}", None, ON))
    finally:
        app.close()


def test_verify_exit_status_names_the_first_bad_position(store_url: str, tmp_path: Path) -> None:
    store_with_units(store_url, tmp_path, "HN", "HP", "HCM", "DN")
    good = thidua(store_url, tmp_path, "audit", "verify")
    assert good.exit_code == 0, good.output
    assert "ĐÚNG: 4 sự kiện khớp chuỗi băm, đến vị trí 4." in good.output

    app = ThiduaApplication(store_url)
    raw = Raw(app)
    try:
        (state,) = raw.run("SELECT state FROM {events} WHERE {id} = 3")[0]
        raw.run(
            "UPDATE {events} SET state = ? WHERE {id} = 3", bytes(state).replace(b"HCM", b"HUE")
        )
    finally:
        raw.close()
        app.close()

    bad = thidua(store_url, tmp_path, "audit", "verify")
    assert bad.exit_code == 1
    assert "SAI: Vị trí 3: nội dung sự kiện đã bị sửa — đơn vị" in bad.output
    assert "thuộc hồ sơ đơn vị" in bad.output
    assert "(2 sự kiện đầu khớp.)" in bad.output


def test_checkpoint_then_verify_against_it(store_url: str, tmp_path: Path) -> None:
    store_with_units(store_url, tmp_path, "HN", "HP")
    cp_file = tmp_path / "cp.json"
    taken = thidua(store_url, tmp_path, "audit", "checkpoint", "-o", str(cp_file))
    assert taken.exit_code == 0, taken.output
    assert "Đã ghi điểm kiểm tra (vị trí 2, 2 sự kiện)" in taken.output
    cp = json.loads(cp_file.read_text(encoding="utf-8"))["checkpoint"]
    assert (cp["position"], cp["count"], cp["format"]) == (2, 2, "thidua-chain/1")

    store_with_units(store_url, tmp_path, "HCM")  # the store grows: still extends it
    later = thidua(store_url, tmp_path, "audit", "verify", "--checkpoint", str(cp_file))
    assert later.exit_code == 0, later.output
    assert "Nối tiếp điểm kiểm tra trước (vị trí 2)." in later.output

    cp_file.write_text(json.dumps({"checkpoint": {**cp, "head": "00" * 32}}), encoding="utf-8")
    forged = thidua(store_url, tmp_path, "audit", "verify", "--checkpoint", str(cp_file))
    assert forged.exit_code == 1
    assert "Vị trí 2: chuỗi không khớp điểm kiểm tra" in forged.output


def test_export_verify_and_restore_into_an_empty_store_only(store_url: str, tmp_path: Path) -> None:
    store_with_units(store_url, tmp_path, "HN", "HP")
    out = tmp_path / "events.jsonl"
    assert thidua(store_url, tmp_path, "audit", "export", str(out)).exit_code == 0

    checked = thidua(store_url, tmp_path, "audit", "verify", "--export", str(out))
    assert checked.exit_code == 0, checked.output
    assert "ĐÚNG: 2 sự kiện" in checked.output

    refused = thidua(store_url, tmp_path, "audit", "restore", str(out))
    assert refused.exit_code == 1
    assert "Kho sự kiện không trống: chỉ khôi phục vào một kho trống." in refused.output

    empty = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    assert thidua(empty, tmp_path, "db", "init").exit_code == 0
    restored = thidua(empty, tmp_path, "audit", "restore", str(out))
    assert restored.exit_code == 0, restored.output
    assert "Đã khôi phục 2 sự kiện (đến vị trí 2)" in restored.output
    again = tmp_path / "again.jsonl"
    assert thidua(empty, tmp_path, "audit", "export", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_verify_export_names_a_tampered_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    store_with_units(url, tmp_path, "HN", "HP", "HCM")
    out = tmp_path / "events.jsonl"
    assert thidua(url, tmp_path, "audit", "export", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("LĐLĐ HP", "LĐLĐ Hải Phòng")  # data and state alike
    out.write_text("".join(lines), encoding="utf-8")

    result = thidua(url, tmp_path, "audit", "verify", "--export", str(out))
    assert result.exit_code == 1
    assert "SAI: Vị trí 2: mắt xích băm không khớp" in result.output

    restore_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    assert thidua(restore_url, tmp_path, "db", "init").exit_code == 0
    refused = thidua(restore_url, tmp_path, "audit", "restore", str(out))
    assert refused.exit_code == 1
    assert "Tệp xuất không hợp lệ, không khôi phục." in refused.output
