"""`thidua projections status | run --once | rebuild` against both stores."""

from __future__ import annotations

from pathlib import Path

from service.platform.app import ThiduaApplication
from service.views.projector import projector_of
from tests.test_cli import save_unit, thidua


def test_run_status_and_rebuild(store_url: str, tmp_path: Path) -> None:
    assert thidua(store_url, tmp_path, "db", "init").exit_code == 0
    for code in ("HN", "HP", "QN"):
        save_unit(store_url, code, f"LĐLĐ {code}")

    status = thidua(store_url, tmp_path, "projections", "status")
    assert "directory" in status.output and "trễ         3" in status.output

    run = thidua(store_url, tmp_path, "projections", "run", "--once")
    assert run.exit_code == 0 and "Đã áp dụng 3 sự kiện." in run.output
    assert "trễ         0" in thidua(store_url, tmp_path, "projections", "status").output

    rebuilt = thidua(store_url, tmp_path, "projections", "rebuild", "directory")
    assert rebuilt.exit_code == 0 and "3 sự kiện" in rebuilt.output
    app = ThiduaApplication(store_url)
    try:
        assert projector_of(app).store.current_gen("directory") == 2
        names = {d["name"] for d in projector_of(app).store.all_documents("directory").values()}
        assert names == {"LĐLĐ HN", "LĐLĐ HP", "LĐLĐ QN"}
    finally:
        app.close()

    unknown = thidua(store_url, tmp_path, "projections", "rebuild", "nope")
    assert unknown.exit_code != 0 and "không có bảng xem nope" in unknown.output
