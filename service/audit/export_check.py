"""Check an audit export with no access to the store (`thidua audit verify --export`).

Line by line: positions strictly increase; each `link` is recomputed from the line's
`state` and the previous link; the readable fields equal those derived from `state`;
the file ends with the checkpoint of exactly those links. With `against`, an earlier
checkpoint, the export must extend it (same links up to its position).
tools/verify_export.py does the same with the standard library only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from service.audit.chain_report import Problem, problem_at
from service.platform.chain_format import GENESIS, Checkpoint, MerkleRoot, link, readable

EVENT_KEYS = {"position", "originator", "version", "topic", "state", "link"}


@dataclass(frozen=True)
class ExportReport:
    checked: int
    checkpoint: Checkpoint | None  # the export's own, when it matched its lines
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


class _Bad(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def read_lines(path: Any) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="\n") as f:
        yield from f


def verify_export(
    lines: Iterable[str],
    against: Checkpoint | None = None,
    progress: Callable[[int], None] | None = None,
    earlier: list[tuple[int, bytes]] | None = None,
) -> ExportReport:
    """With `earlier` (an earlier export's links), the first link that differs is named."""
    state = _State(against, earlier)
    try:
        for number, line in enumerate(lines, start=1):
            state.line(number, line)
            if progress is not None and number % 1000 == 0:
                progress(state.position)
        state.finish()
    except _Bad as bad:
        return ExportReport(state.merkle.count, None, problem_at(bad.problem))
    return ExportReport(state.merkle.count, state.own, None)


class _State:
    def __init__(
        self, against: Checkpoint | None, earlier: list[tuple[int, bytes]] | None = None
    ) -> None:
        self.against, self.earlier = against, earlier
        self.position, self.head, self.merkle = 0, GENESIS, MerkleRoot()
        self.own: Checkpoint | None = None

    def line(self, number: int, text: str) -> None:
        if self.own is not None:
            raise _Bad(Problem(self.position, "after_checkpoint"))
        try:
            record = json.loads(text)
            if "checkpoint" in record:
                self.closing(Checkpoint.from_json(record["checkpoint"]))
                return
            self.event(record)
        except _Bad:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            error = f"dòng {number}: {type(e).__name__}: {e}"
            raise _Bad(Problem(self.position, "unreadable", details={"error": error})) from None

    def event(self, record: dict[str, Any]) -> None:
        position = record["position"]
        subject = _Subject(record)
        if not isinstance(position, int) or position <= self.position:
            raise _Bad(
                Problem(position, "order", event=subject, details={"previous": self.position})
            )
        state = record["state"].encode("utf-8")
        originator = UUID(record["originator"])
        expected = link(self.head, position, originator, record["version"], record["topic"], state)
        if record["link"] != expected.hex():
            raise _Bad(Problem(position, "link_changed", event=subject))
        shown = {k: record.get(k) for k in ("timestamp", "actor", "data")}
        if set(record) != EVENT_KEYS | set(shown) or shown != readable(state):
            raise _Bad(Problem(position, "data_changed", event=subject))
        was = self.earlier_link()
        if was is not None and was != (position, expected):
            raise _Bad(Problem(min(position, was[0]), "diverged"))
        self.position, self.head = position, expected
        self.merkle.add(expected)
        if self.against is not None and self.merkle.count == self.against.count:
            self.compare(self.against, "checkpoint")

    def earlier_link(self) -> tuple[int, bytes] | None:
        """The earlier export's link at the index this line's link takes, if any."""
        i, earlier = self.merkle.count, self.earlier
        return None if earlier is None or i >= len(earlier) else earlier[i]

    def compare(self, cp: Checkpoint, kind: str) -> None:
        mine = Checkpoint(
            self.position, self.merkle.count, self.head.hex(), self.merkle.root().hex(), ""
        )
        if not mine.same_chain(cp):
            raise _Bad(Problem(self.position, kind, details={"checkpoint": cp}))

    def closing(self, cp: Checkpoint) -> None:
        self.compare(cp, "export_checkpoint")
        self.own = cp

    def finish(self) -> None:
        if self.own is None:
            raise _Bad(Problem(self.position, "no_checkpoint"))
        if self.against is not None and self.merkle.count < self.against.count:
            raise _Bad(
                Problem(self.position, "checkpoint_short", details={"checkpoint": self.against})
            )


class _Subject:
    """An export line seen as the event it describes (for Problem's message)."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.originator_id = UUID(str(record.get("originator")))
        self.topic = record.get("topic")
        self.originator_version = record.get("version")


def export_links(lines: Iterable[str]) -> tuple[ExportReport, list[tuple[int, bytes]]]:
    """An earlier export checked, and its (position, link) pairs: what a later store must
    still hold, so that a rewrite is found where it begins (`verify(..., earlier=)`)."""
    links: list[tuple[int, bytes]] = []

    def kept(text: str) -> str:
        record = json.loads(text)
        if "checkpoint" not in record:
            links.append((record["position"], bytes.fromhex(record["link"])))
        return text

    report = verify_export(kept(line) for line in lines)
    return report, links
