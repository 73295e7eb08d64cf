"""Run a subject and its baseline in one process, interleaved, and keep the medians.

Each repeat runs every function once, the order reversed on odd repeats, so a machine
that gets busier or quieter during the run weighs on both sides alike. A function
returns how many units of work it did (events, commands, reads); the harness times it
and keeps seconds per unit, whose median gives both the rate and the latency.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

Work = Callable[[], int]


def interleave(fns: dict[str, Work], repeats: int) -> dict[str, float]:
    """Median seconds per unit of each function, over `repeats` interleaved rounds."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    names = list(fns)
    for r in range(repeats):
        for name in names if r % 2 == 0 else names[::-1]:
            started = time.perf_counter()
            units = fns[name]()
            samples[name].append((time.perf_counter() - started) / max(units, 1))
    return {name: statistics.median(s) for name, s in samples.items()}


@dataclass
class Row:
    """One line of the report: a subject beside its baseline (or alone) and its goal."""

    pair: str
    subject: str
    value: float
    unit: str  # "ev/s", "/s" (rates: higher is better) or "ms" (times: lower is better)
    baseline: str = ""
    baseline_value: float | None = None
    goal: str = ""  # e.g. ">= 0.7" (of the ratio) or "<= 50 ms" (of the value)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.baseline_value:
            return None
        return self.value / self.baseline_value

    @property
    def met(self) -> bool | None:
        if not self.goal:
            return None
        op, bound = self.goal.split()[:2]
        actual = self.value if self.goal.endswith(self.unit) else self.ratio
        if actual is None:
            return None
        return actual >= float(bound) if op == ">=" else actual <= float(bound)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


def rate_rows(
    pair: str, per_unit: dict[str, float], baseline: str, unit: str, goal: str = ""
) -> list[Row]:
    """Rows for rates (units/s) from `interleave`'s seconds per unit, each beside `baseline`."""
    base = 1 / per_unit[baseline]
    return [
        Row(pair, name, 1 / s, unit, baseline, base, goal)
        for name, s in per_unit.items()
        if name != baseline
    ]


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "ms":
        return f"{value:,.2f} ms" if value < 100 else f"{value:,.0f} ms"
    return f"{value:,.0f} {unit}".strip()


def line(row: Row) -> str:
    ratio = "" if row.ratio is None else f"ratio {row.ratio:.2f}"
    met = {None: "", True: "MET", False: "MISSED"}[row.met]
    base = f"vs {row.baseline} {fmt(row.baseline_value, row.unit)}" if row.baseline else ""
    return (
        f"{row.pair:<3} {row.subject:<34} {fmt(row.value, row.unit):>14}  {base:<44} "
        f"{ratio:<11} {('goal ' + row.goal) if row.goal else '':<14} {met}"
    ).rstrip()


def markdown(rows: list[Row]) -> str:
    out = [
        "| pair | subject | value | baseline | baseline value | ratio | goal | met |",
        "|---|---|---:|---|---:|---:|---|---|",
    ]
    for r in rows:
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
        met = {None: "", True: "yes", False: "**no**"}[r.met]
        out.append(
            f"| {r.pair} | {r.subject} | {fmt(r.value, r.unit)} | {r.baseline} | "
            f"{fmt(r.baseline_value, r.unit) if r.baseline else ''} | {ratio} | {r.goal} | {met} |"
        )
    return "\n".join(out)
