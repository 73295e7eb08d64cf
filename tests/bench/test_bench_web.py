"""The web pairs of `python -m bench --quick` (P2 through gunicorn, P6 the signed bundle)
and `thidua bench`, which runs the same benchmark with the same options.

Figures are not asserted; that every request was answered as a success (the load
generator counts anything else), that the bundle verifies and that each row has its
baseline and goal, is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.__main__ import main
from web.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]


def test_quick_web_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "rows.json"
    args = ["--quick", "--only", "P2,P6", "--repeats", "1", "--dir", str(tmp_path / "work")]
    assert main([*args, "--json", str(report)]) == 0
    rows = {r["subject"]: r for r in json.loads(report.read_text())}
    post = rows["form POST, 20 clients"]
    assert post["value"] > 0 and post["baseline_value"] > 0 and post["goal"] == ">= 0.8"
    assert post["extra"]["failures"] == 0 and post["extra"]["baseline_failures"] == 0
    assert post["extra"]["requests"] >= 20 * 4  # every client's POSTs were answered 302
    assert rows["form POST latency p99"]["value"] >= rows["form POST latency p50"]["value"] > 0
    sign = rows["bundle render + sign (service)"]
    assert sign["goal"] == "<= 1.2" and sign["baseline_value"] > 0
    assert sign["extra"]["verified"] is True and sign["extra"]["documents"] > 3
    cached = rows["cached re-serve (chair's download)"]
    assert cached["goal"] == "<= 10 ms" and cached["extra"]["failures"] == 0
    out = capsys.readouterr().out
    assert "| P2 | form POST, 20 clients |" in out and "| P6 |" in out


def test_the_benchmark_runs_from_the_checkout_not_the_service() -> None:
    """`python -m bench` (bench/ is not installed with the service, and the `thidua`
    command has no bench group): its options, and an unknown pair refused."""
    shown = subprocess.run(
        [sys.executable, "-m", "bench", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert shown.returncode == 0 and "usage: python -m bench" in shown.stdout
    assert "--quick" in shown.stdout and "--only" in shown.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "P42"], cwd=ROOT, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "unknown pairs ['P42']" in refused.stderr
    assert CliRunner().invoke(cli, ["bench", "--help"]).exit_code != 0
