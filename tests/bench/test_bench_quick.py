"""`python -m bench --quick` keeps working: a couple of pairs run and report sane rows.

Figures are not asserted (a loaded CI machine makes them anything); that every pair
produces a positive value, a baseline and a ratio, and the JSON report, is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main


def test_quick_bench_reports_p1_and_p7(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "rows.json"
    args = ["--quick", "--only", "P1,P7", "--repeats", "1", "--dir", str(tmp_path / "work")]
    assert main([*args, "--json", str(report)]) == 0
    rows = json.loads(report.read_text())
    assert {r["pair"] for r in rows} == {"P1", "P7"}
    for row in rows:
        assert row["value"] > 0 and row["baseline_value"] > 0
        assert row["ratio"] == pytest.approx(row["value"] / row["baseline_value"])
    judged = [r for r in rows if r["goal"]]
    assert {r["pair"] for r in judged} == {"P1", "P7"}
    assert all(isinstance(r["met"], bool) for r in judged)
    out = capsys.readouterr().out
    assert "| P1 | self-score command (service) |" in out
    assert "chain verify" in out


def test_unknown_pair_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--only", "P42"])
    assert "unknown pairs" in capsys.readouterr().err
