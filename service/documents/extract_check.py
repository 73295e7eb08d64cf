"""Check a bundle's extract against its checkpoint, with nothing but the two files.

Line by line: the link recomputed from `prev_link` and the stored event equals the
line's link; the readable fields are those the stored state gives; the link is the
`leaf`-th leaf under the checkpoint's Merkle root (audit path); neighbouring leaves
chain to each other; each stream's versions run 1, 2, 3… without a gap; the last line
is the checkpoint's head. The extract's SHA-256 and size are those checkpoint.json
states. Problems are worded in Vietnamese, the first few are kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from service.documents import merkle
from service.documents.extract import FORMAT
from service.platform.chain_format import Checkpoint, link, readable

MAX_PROBLEMS = 5


@dataclass
class ExtractReport:
    checkpoint: Checkpoint | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.checkpoint is not None and not self.problems

    def add(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)


def read_manifest(manifest: bytes, report: ExtractReport) -> None:
    try:
        data = json.loads(manifest.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"định dạng {data.get('format')!r}")
        report.checkpoint = Checkpoint.from_json(data["checkpoint"])
        report.manifest = data
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        report.add(f"Tệp checkpoint.json không đọc được ({e}).")


def check_extract(events: bytes, manifest: bytes) -> ExtractReport:
    report = ExtractReport()
    read_manifest(manifest, report)
    cp = report.checkpoint
    if cp is None:
        return report
    stated = report.manifest.get("extract", {})
    if stated.get("sha256") != hashlib.sha256(events).hexdigest() or stated.get("size") != len(
        events
    ):
        report.add("Tệp events.jsonl không khớp mã băm SHA-256 ghi trong checkpoint.json.")
    _Lines(cp, report, report.manifest.get("head_proof")).run(events)
    if stated.get("events") != report.events:
        report.add(
            f"checkpoint.json ghi {stated.get('events')} sự kiện, tệp events.jsonl có {report.events}."
        )
    return report


class _Lines:
    def __init__(self, cp: Checkpoint, report: ExtractReport, head_proof: Any = None) -> None:
        self.cp, self.report = cp, report
        self.root = bytes.fromhex(cp.merkle_root)
        self.position, self.leaf, self.link = 0, -1, b""
        self.versions: dict[UUID, int] = {}
        self.head_proof = head_proof

    def run(self, events: bytes) -> None:
        lines = events.decode("utf-8", errors="replace").splitlines()
        for number, text in enumerate(lines, start=1):
            try:
                self.line(number, json.loads(text))
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                self.report.add(f"Dòng {number} của events.jsonl không đọc được ({e}).")
            self.report.events += 1
        if lines and self.leaf == self.cp.count - 1:
            if self.link.hex() != self.cp.head:
                self.report.add(
                    "Sự kiện cuối của bản trích không phải đầu chuỗi ghi ở điểm kiểm tra."
                )
        elif lines and not self._head_included():
            self.report.add(
                "Đầu chuỗi ghi ở điểm kiểm tra không nằm trong cây Merkle của điểm kiểm tra."
            )

    def _head_included(self) -> bool:
        """The checkpoint is past the extract's last event (at the previous bundle's): its
        head is the last of its leaves, by the audit path checkpoint.json states."""
        if self.head_proof is None:
            return False
        try:
            path = [bytes.fromhex(p) for p in self.head_proof]
            head = bytes.fromhex(self.cp.head)
        except (TypeError, ValueError):
            return False
        count = self.cp.count
        return merkle.verify_inclusion(head, count - 1, count, path, self.root)

    def line(self, number: int, r: dict[str, Any]) -> None:
        where = f"Dòng {number} (vị trí {r.get('position')})"
        position, leaf = r["position"], r["leaf"]
        if (
            not isinstance(position, int)
            or position <= self.position
            or position > self.cp.position
        ):
            self.report.add(f"{where}: vị trí không tăng dần hoặc vượt điểm kiểm tra.")
        originator, version = UUID(r["originator"]), r["version"]
        prev = bytes.fromhex(r["prev_link"])
        state = r["state"].encode("utf-8")
        expected = link(prev, position, originator, version, r["topic"], state)
        if expected.hex() != r["link"]:
            self.report.add(f"{where}: mắt xích băm không khớp với nội dung sự kiện.")
        shown = {k: r.get(k) for k in ("timestamp", "actor", "data")}
        if shown != readable(state):
            self.report.add(f"{where}: phần đọc được khác với trạng thái đã lưu.")
        proof = [bytes.fromhex(p) for p in r["proof"]]
        if not merkle.verify_inclusion(expected, leaf, self.cp.count, proof, self.root):
            self.report.add(f"{where}: mắt xích không nằm trong cây Merkle của điểm kiểm tra.")
        if leaf == self.leaf + 1 and self.leaf >= 0 and prev != self.link:
            self.report.add(f"{where}: mắt xích trước không khớp với dòng trước.")
        if version != self.versions.get(originator, 0) + 1:
            self.report.add(f"{where}: thiếu sự kiện của luồng {originator} (phiên bản {version}).")
        self.versions[originator] = version
        self.position, self.leaf, self.link = position, leaf, expected
