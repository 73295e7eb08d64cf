"""`python -m bench --quick --only P4,P8` keeps working: the national load at 1/500 of the
nation (two of its clusters) in a child process, its view catch-up, and the P4 reads.

Figures are not asserted (a loaded CI machine makes them anything); that each row has
a positive value, that P4 compares the same read in a smaller store, and that the
ingest child reports its own peak memory, are.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import main


def test_quick_national_pairs(tmp_path: Path) -> None:
    report = tmp_path / "rows.json"
    args = ["--quick", "--only", "P4,P8", "--repeats", "1", "--dir", str(tmp_path / "work")]
    assert main([*args, "--json", str(report)]) == 0
    rows = {r["subject"]: r for r in json.loads(report.read_text())}
    ingest = rows["national ingest, SQLite"]
    assert ingest["value"] > 0 and ingest["extra"]["events"] > 1_000
    assert rows["ingest peak memory, SQLite"]["value"] > 10  # MiB, the child's own
    assert rows["views catch-up, SQLite"]["value"] > 0
    reads = [r for r in rows.values() if r["pair"] == "P4" and r["goal"] == "<= 1.2"]
    assert len(reads) == 2
    for row in reads:
        assert row["baseline_value"] > 0 and isinstance(row["met"], bool)
        assert row["extra"]["small"] < row["extra"]["large"]
    largest = [r for r in rows.values() if r["subject"].startswith("term progress read, largest")]
    assert len(largest) == 1 and largest[0]["value"] > 0 and largest[0]["baseline_value"] > 0
