"""`thidua units|targets|reviews` commands (web/cli_reviews.py), in a group of their own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask.cli import FlaskGroup

from service.demo.review import load_review_demo
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.review import cut_short
from tests.service.test_term_cut_short import STEER, setup
from web.cli.reviews import reviews_cli, targets_cli, units_cli
from web.site.app import create_app

group = FlaskGroup(create_app=create_app, name="thidua")
for command in (units_cli, targets_cli, reviews_cli):
    group.add_command(command)


def thidua(url: str, tmp_path: Path, *args: str) -> Result:
    env = {"THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE_PATH": str(tmp_path / "instance")}
    return CliRunner().invoke(group, list(args), env=env, catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_import_and_progress(app: ThiduaApplication, tmp_path: Path, fmt: str) -> None:
    load_review_demo(app)
    units, targets = tmp_path / f"don-vi.{fmt}", tmp_path / f"chi-tieu.{fmt}"
    assert thidua(app.url, tmp_path, "units", "export", str(units)).exit_code == 0
    assert (
        thidua(app.url, tmp_path, "targets", "export", "LANGSON", "XV", str(targets)).exit_code == 0
    )
    result = thidua(app.url, tmp_path, "reviews", "progress", "LANGSON", "XV")
    assert result.exit_code == 0, result.output
    assert "Số liệu tại ngày 31/12/2015; đã qua 50,00% nhiệm kỳ." in result.output
    assert "CT08  Thu nhập bình quân" in result.output and "23 đơn vị" not in result.output
    again = thidua(app.url, tmp_path, "units", "import", str(units))
    assert again.exit_code == 1
    assert "Dòng 2, cột A «Mã đơn vị»: mã «LANGSON» đã có trong kho." in again.output
    assert thidua(app.url, tmp_path, "units", "export", "x.ods").exit_code == 1


def test_progress_of_a_review_closed_early(app: ThiduaApplication, tmp_path: Path) -> None:
    term, _ = setup(app, SYSTEM_PRINCIPAL)  # Hà Nam's XVI: five districts, no report received
    cut_short.end_term(app, STEER, term, "Sắp xếp tổ chức", "QĐ 9/QĐ-TLĐ", date(2025, 9, 30))
    result = thidua(app.url, tmp_path, "reviews", "progress", "HANAM", "XVI")
    assert result.exit_code == 0, result.output
    assert "Số liệu tại ngày 30/09/2025" in result.output
    assert (
        "Đợt sơ kết kết thúc sớm ngày 30/09/2025. Lý do: Sắp xếp tổ chức. Căn cứ: QĐ 9/QĐ-TLĐ. "
        "Không nhận được báo cáo của 5 đơn vị (không tính là số 0)." in result.output
    )
