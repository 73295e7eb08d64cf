"""`thidua units|targets|reviews` commands (web/cli_reviews.py), in a group of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask.cli import FlaskGroup

from service.demo.review import load_review_demo
from service.platform.app import ThiduaApplication
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
