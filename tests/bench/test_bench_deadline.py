"""`python -m bench --quick --only P9` keeps working: every officer signs in, every
submission is answered with its redirect, the review's page is read meanwhile, and the
rows carry CPU and memory; after the kill -9 and the restart, every report is submitted
once and shown so. Figures are not asserted."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import P9_QUICK, main
from bench.deadline import spare_of


def test_quick_deadline_day(tmp_path: Path) -> None:
    report = tmp_path / "rows.json"
    args = ["--quick", "--only", "P9", "--dir", str(tmp_path / "work"), "--json", str(report)]
    assert main(args) == 0
    rows = {r["subject"]: r for r in json.loads(report.read_text())}
    rate = rows["submissions/s, SQLite, 20 clients"]
    assert rate["extra"]["failures"] == 0 and rate["extra"]["submissions"] == P9_QUICK
    assert rate["value"] > 0 and rate["extra"]["pages"] >= 1
    assert rows["submission p99, SQLite"]["value"] >= rows["submission p50, SQLite"]["value"] > 0
    assert rows["CPU per submission, SQLite"]["value"] > 0
    assert rows["workers' resident memory, SQLite"]["value"] > 10  # MiB
    review = rows["review page after each accepted report, 200 units, SQLite"]
    assert review["value"] > 0 and review["baseline_value"] > 0
    assert review["extra"] == {"units": 200, "samples": 3}
    followed = rows["report page after the redirect p95, SQLite"]
    assert followed["value"] > 0  # every submission's page showed its receipt (no failures)
    killed = rows["kill -9 mid-run, SQLite: acknowledged before it"]
    assert killed["extra"]["officers"] == spare_of(P9_QUICK)
    assert killed["value"] * 3 >= spare_of(P9_QUICK) and killed["note"] == ""
    assert rows["kill -9 to serving again, SQLite"]["value"] > 0
    assert rows["reports not submitted exactly once, SQLite"]["value"] == 0
    assert rows["reports not submitted exactly once, SQLite"]["met"] is True
    assert rows["submitted but not so in the views, SQLite"]["value"] == 0
