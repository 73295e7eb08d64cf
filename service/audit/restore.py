"""Restore an audit export into an empty store (`thidua audit restore PATH`).

The export is verified first (service/export_check.py). Then, in ONE transaction,
every stored event is inserted again exactly as exported (same position, originator,
version, topic and state bytes) and linked by the same code that links new events;
each link must equal the exported one, so the new chain head equals the export's
checkpoint, and exporting again gives the same bytes (timestamps live inside the
stored state). Any difference, or a store that is not empty, rolls everything back.
Views are not copied: they are folds of the events, rebuilt by catching up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from service.audit.export_check import read_lines, verify_export
from service.platform.app import ThiduaApplication
from service.platform.chain_format import Checkpoint
from service.platform.chain_store import ChainMixin, Row

BATCH = 1_000


class RestoreRefused(Exception):
    """The export is not valid, or the store is not empty (message in Vietnamese)."""


def restore(
    app: ThiduaApplication, path: Path, progress: Callable[[int], None] | None = None
) -> Checkpoint:
    """Insert the export at `path` into the empty store; returns the export's checkpoint."""
    report = verify_export(read_lines(path))
    if report.problem is not None or report.checkpoint is None:
        reason = report.problem.message() if report.problem else ""
        raise RestoreRefused(f"Tệp xuất không hợp lệ, không khôi phục. {reason}")
    checkpoint = report.checkpoint
    recorder = app.recorder
    assert isinstance(recorder, ChainMixin)
    with recorder.restore_transaction() as cur:
        recorder.lock_for_restore(cur)
        if not recorder.is_empty(cur):
            raise RestoreRefused("Kho sự kiện không trống: chỉ khôi phục vào một kho trống.")
        head = _insert_all(recorder, cur, path, progress)
        if head != checkpoint.head:
            raise RestoreRefused("Đầu chuỗi sau khi khôi phục khác điểm kiểm tra của tệp xuất.")
        recorder.finish_restore(cur)
    return checkpoint


def _insert_all(
    recorder: ChainMixin, cur: Any, path: Path, progress: Callable[[int], None] | None
) -> str:
    rows: list[Row] = []
    links: list[str] = []
    head = bytes(32).hex()
    for line in read_lines(path):
        record = json.loads(line)
        if "checkpoint" in record:
            break
        rows.append(_row(record))
        links.append(record["link"])
        if len(rows) == BATCH:
            head = _flush(recorder, cur, rows, links, progress)
    if rows:
        head = _flush(recorder, cur, rows, links, progress)
    return head


def _flush(
    recorder: ChainMixin,
    cur: Any,
    rows: list[Row],
    links: list[str],
    progress: Callable[[int], None] | None,
) -> str:
    made = [link.hex() for link in recorder.restore_rows(cur, rows)]
    if made != links:
        first = next(r.position for r, a, b in zip(rows, made, links, strict=True) if a != b)
        raise RestoreRefused(f"Vị trí {first}: mắt xích tính lại khác mắt xích trong tệp xuất.")
    if progress is not None:
        progress(rows[-1].position)
    head = made[-1]
    rows.clear()
    links.clear()
    return head


def _row(record: dict[str, Any]) -> Row:
    return Row(
        position=int(record["position"]),
        originator_id=UUID(record["originator"]),
        originator_version=int(record["version"]),
        topic=record["topic"],
        state=record["state"].encode("utf-8"),
    )


def link_history(recorder: ChainMixin, batch: int = 1_000) -> int:
    """Adopting the chain on a store that predates it: link every event, once.

    Only when the chain is empty and events exist (`thidua db init` calls it); a chain
    that is partly there is never extended over unlinked events: that is tampering.
    """
    linked = 0
    with recorder.restore_transaction() as cur:
        recorder.lock_for_restore(cur)
        cur.execute(f"SELECT COUNT(*) AS n FROM {recorder._table()}")
        if int(cur.fetchone()["n"]) > 0:
            return 0
        sql = recorder._q(
            f"SELECT {recorder._id_column()} AS position, originator_id, originator_version, "
            f"topic, state FROM {recorder._events()} WHERE {recorder._id_column()} > ? "
            f"ORDER BY {recorder._id_column()} LIMIT ?"
        )
        after = 0
        while True:
            cur.execute(sql, (after, batch))
            rows = [
                Row(
                    int(r["position"]),
                    UUID(str(r["originator_id"])),
                    int(r["originator_version"]),
                    r["topic"],
                    bytes(r["state"]),
                )
                for r in cur.fetchall()
            ]
            if not rows:
                return linked
            recorder._append_links(cur, rows)
            linked += len(rows)
            after = rows[-1].position
