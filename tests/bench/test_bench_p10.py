"""`python -m bench --quick --only P10` keeps working: the secret-ballot rows, their
primitive counts, and the whole poll judged against its goal (figures not asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import main


def test_quick_p10(tmp_path: Path) -> None:
    report = tmp_path / "rows.json"
    args = ["--quick", "--only", "P10", "--repeats", "1", "--dir", str(tmp_path / "work")]
    assert main([*args, "--json", str(report)]) == 0
    rows = {r["subject"]: r for r in json.loads(report.read_text())}
    assert len(rows) == 5
    for row in rows.values():
        assert row["value"] > 0 and row["baseline_value"] > 0
        assert row["extra"]["scalarmult"] > 0
    poll = rows["open + 60 ballots + close + verify"]
    assert isinstance(poll["met"], bool) and poll["extra"]["scalarmult"] > 60 * 3 * 4
    service = rows["the same through the service on SQLite"]
    assert isinstance(service["met"], bool)
    # the service encrypts and checks each ballot as the library's poll does
    assert service["extra"]["scalarmult"] >= poll["extra"]["scalarmult"]
