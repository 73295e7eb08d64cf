"""Roll-up of a term review's figures through the unit tree (tổng hợp số liệu sơ kết).

Pure computation: no I/O. Given the resolution's targets, the units (each able to say
what it was on a day), the federation, the term's dates, the review date and the
figures of the reports that count, it computes for every target and every unit's
subtree the achieved value, the share of the target, the share of the term elapsed
and the status.

Decisions (documented here because the numbers depend on them):

- Which reports count is the caller's choice; the service passes *accepted* reports
  only (a submitted or resubmitted report may still be returned; a returned one is
  known to be wrong). The consolidated report states which units were counted.
- A report's figures are that unit's own part of the tree: a district reports for
  itself and its grassroots unions that do not report themselves. Figures of all
  reports in a subtree are added, so no participant may be nested under another
  participant for the same target (the campaign's participants are not).
- The tree is the tree on the review date. A unit merged into another on or before
  that day counts under the unit it merged into; a dissolved unit counts under the
  parent it had when dissolved; units created after that day are not in the tree.
  Reports of units outside the federation's tree on that day are listed as unplaced.
- Sums add values. A weighted average is Σ(value × weight) / Σ weight. A ratio is
  Σ numerator / Σ denominator × 100. Averages, ratios and percentages are rounded
  half-up to 2 decimals; the status is judged on the rounded value, as printed.
- Expected value at the review date: baseline + (target − baseline) × elapsed share
  (baseline 0 when the resolution gives none). Achieved: the value meets the target
  (at least: ≥, at most: ≤). On track: it meets the expected value. Otherwise behind.
- A review closed early (the term cut short, e.g. by the 2025 restructuring) rolls up
  what it had: the reports *received* by then (submitted, resubmitted or accepted; a
  returned report or a draft is not received), as the closing event lists them. The
  participants whose reports were not received are listed (`closed.not_received`),
  never counted as zero: a sum is the sum of what was received, an average or a
  ratio is over the reports received only. Closed before its review date, it is
  judged on the day it closed (the caller passes that day as `review_date`): the
  share of the term elapsed and the expected values are those of that day.
- A sum target belongs to the federation as a whole: below the federation a sum has
  no target of its own, so its subtree rows carry the value only. Averages and
  ratios are judged against the same target at every level.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol
from uuid import UUID

from domain.org.unit import UnitState, UnitStatus
from domain.review.term import Direction, Rollup, Target

ACHIEVED = "achieved"
ON_TRACK = "on_track"
BEHIND = "behind"
CENT = Decimal("0.01")

Figures = Mapping[str, str]  # e.g. {"value": "120"} or {"numerator": "8", "denominator": "10"}


class UnitLike(Protocol):
    @property
    def id(self) -> UUID: ...

    def as_of(self, day: date) -> UnitState | None: ...


@dataclass(frozen=True)
class Progress:
    """One target in one unit's subtree."""

    target: str
    value: Decimal | None  # None: no counted report in the subtree has this target
    reporters: int
    weight: Decimal = Decimal(0)  # weighted average: total weight
    numerator: Decimal = Decimal(0)  # ratio
    denominator: Decimal = Decimal(0)
    percent_of_target: Decimal | None = None
    expected: Decimal | None = None
    status: str | None = None


@dataclass(frozen=True)
class ClosedEarly:
    """The review was closed early: on which day, why, on what basis, and whose reports
    were not received (listed, not counted)."""

    on: date
    reason: str
    basis: str
    not_received: tuple[UUID, ...] = ()


@dataclass
class TermRollup:
    federation: UUID
    review_date: date
    elapsed: Decimal  # share of the term elapsed on the review date, 4 decimals
    parent: dict[UUID, UUID | None]  # placement in the tree on the review date
    progress: Mapping[UUID, dict[str, Progress]]  # unit -> target code -> progress
    unplaced: list[UUID] = field(default_factory=list)
    closed: ClosedEarly | None = None  # closed early: what it had was rolled up

    def at(self, unit: UUID, target: str) -> Progress:
        return self.progress[unit][target]

    def total(self, target: str) -> Progress:
        return self.progress[self.federation][target]

    def children(self, unit: UUID) -> list[UUID]:
        return [u for u, p in self.parent.items() if p == unit]


def round2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def elapsed_fraction(opened_on: date, closes_on: date, day: date) -> tuple[int, int]:
    """Days elapsed and days in the term, elapsed clamped to the term."""
    total = (closes_on - opened_on).days
    return min(max((day - opened_on).days, 0), total), total


def placement(units: Iterable[UnitLike], day: date) -> dict[UUID, UUID | None]:
    """Each unit's place in the tree on `day` (see the module's decisions)."""
    parent: dict[UUID, UUID | None] = {}
    for unit in units:
        state = unit.as_of(day)
        if state is None:
            continue
        if state.status is UnitStatus.MERGED:
            parent[unit.id] = state.merged_into
        else:
            parent[unit.id] = state.parent
    return parent


def _subtree(root: UUID, parent: Mapping[UUID, UUID | None]) -> list[UUID]:
    """Units under `root` (root included), children before their parents."""
    kids: dict[UUID | None, list[UUID]] = {}
    for unit, p in parent.items():
        kids.setdefault(p, []).append(unit)
    order: list[UUID] = []
    stack, seen = [root], set()
    while stack:
        unit = stack.pop()
        if unit in seen:  # a cycle in bad data must not loop forever
            continue
        seen.add(unit)
        order.append(unit)
        stack.extend(sorted(kids.get(unit, []), key=str))
    return list(reversed(order))


@dataclass
class _Acc:
    value: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)
    weight: Decimal = Decimal(0)
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    reporters: int = 0

    def add_report(self, figures: Figures) -> None:
        self.reporters += 1
        if "value" in figures:
            value = Decimal(figures["value"])
            weight = Decimal(figures.get("weight", "1"))
            self.value += value
            self.weighted += value * weight
            self.weight += weight
        self.numerator += Decimal(figures.get("numerator", "0"))
        self.denominator += Decimal(figures.get("denominator", "0"))

    def add(self, other: _Acc) -> None:
        self.value += other.value
        self.weighted += other.weighted
        self.weight += other.weight
        self.numerator += other.numerator
        self.denominator += other.denominator
        self.reporters += other.reporters


def _status(target: Target, value: Decimal, expected: Decimal) -> str:
    goal = target.target_value
    if target.direction == Direction.AT_MOST:
        return ACHIEVED if value <= goal else ON_TRACK if value <= expected else BEHIND
    return ACHIEVED if value >= goal else ON_TRACK if value >= expected else BEHIND


def _progress(target: Target, acc: _Acc, judged: bool, done: int, total: int) -> Progress:
    if acc.reporters == 0:
        return Progress(target.code, None, 0)
    kind = Rollup(target.rollup)
    if kind is Rollup.SUM:
        value = acc.value
    elif kind is Rollup.WEIGHTED_AVERAGE:
        value = round2(acc.weighted / acc.weight)
    else:
        value = round2(acc.numerator * 100 / acc.denominator)
    base = Progress(
        target.code,
        value,
        acc.reporters,
        weight=acc.weight if kind is Rollup.WEIGHTED_AVERAGE else Decimal(0),
        numerator=acc.numerator if kind is Rollup.RATIO else Decimal(0),
        denominator=acc.denominator if kind is Rollup.RATIO else Decimal(0),
    )
    if not judged:
        return base
    goal, start = target.target_value, target.baseline_value
    expected = round2(start + (goal - start) * done / total) if total else goal
    percent = round2(value * 100 / goal) if goal else None
    return replace(
        base, percent_of_target=percent, expected=expected, status=_status(target, value, expected)
    )


class _LazyProgress(Mapping[UUID, dict[str, Progress]]):
    """Each unit's progress, worked out when first asked for: a page shows the
    federation's row and perhaps its children's, not every grassroots union's."""

    def __init__(
        self,
        targets: list[Target],
        accs: dict[UUID, dict[str, _Acc]],
        federation: UUID,
        done: int,
        total: int,
    ) -> None:
        self._targets, self._accs, self._federation = targets, accs, federation
        self._done, self._total = done, total
        self._made: dict[UUID, dict[str, Progress]] = {}
        self._kids: dict[UUID, list[UUID]] | None = None

    def kids(self, parent: Mapping[UUID, UUID | None]) -> dict[UUID, list[UUID]]:
        """Each unit's children in `parent` (the roll-up's tree), indexed once."""
        if self._kids is None:
            self._kids = {}
            for unit, up in parent.items():
                if up is not None and unit != self._federation:
                    self._kids.setdefault(up, []).append(unit)
        return self._kids

    def __getitem__(self, unit: UUID) -> dict[str, Progress]:
        if unit not in self._made:
            accs, root = self._accs[unit], unit == self._federation
            self._made[unit] = {
                t.code: _progress(
                    t,
                    accs.get(t.code, _EMPTY),
                    root or t.rollup != Rollup.SUM,
                    self._done,
                    self._total,
                )
                for t in self._targets
            }
        return self._made[unit]

    def __iter__(self) -> Iterator[UUID]:
        return iter(self._accs)

    def refiled(self, accs: dict[UUID, dict[str, _Acc]], stale: set[UUID]) -> _LazyProgress:
        """The same progress over changed accumulators: what was worked out is kept for
        every unit not in `stale`."""
        new = _LazyProgress(self._targets, accs, self._federation, self._done, self._total)
        new._made = {u: p for u, p in self._made.items() if u not in stale}
        new._kids = self._kids  # the same tree
        return new

    def __len__(self) -> int:
        return len(self._accs)


_EMPTY = _Acc()  # never changed: read by units whose subtree did not report a target


def roll_up(
    targets: Iterable[Target],
    units: Iterable[UnitLike],
    federation: UUID,
    opened_on: date,
    closes_on: date,
    review_date: date,
    reports: Mapping[UUID, Mapping[str, Figures]],
    closed: ClosedEarly | None = None,
) -> TermRollup:
    """Roll the counted reports' figures up the federation's tree on `review_date`
    (`closed`: the review was closed early with these reports; see the decisions)."""
    targets = list(targets)
    parent = placement(units, review_date)
    parent[federation] = None  # the federation is the root, whatever its own parent
    order = _subtree(federation, parent)
    inside = set(order)
    done, total = elapsed_fraction(opened_on, closes_on, review_date)
    codes = {t.code for t in targets}
    # Sparse: a unit's accumulators exist only for targets its subtree reported (a
    # federation has thousands of units; most report a few targets, many none).
    accs: dict[UUID, dict[str, _Acc]] = {u: {} for u in order}
    for unit in order:  # children first, so a unit's subtree is complete when reached
        mine = accs[unit]
        for code, figures in reports.get(unit, {}).items():
            if code in codes:
                mine.setdefault(code, _Acc()).add_report(figures)
        up = parent.get(unit)
        if unit != federation and up in accs:
            above = accs[up]
            for code, acc in mine.items():
                above.setdefault(code, _Acc()).add(acc)
    progress = _LazyProgress(targets, accs, federation, done, total)
    elapsed = (Decimal(done) / Decimal(total)).quantize(Decimal("0.0001")) if total else Decimal(1)
    return TermRollup(
        federation=federation,
        review_date=review_date,
        elapsed=elapsed,
        parent={u: parent[u] for u in order},
        progress=progress,
        unplaced=sorted((u for u in reports if u not in inside), key=str),
        closed=closed,
    )


def refile(
    rollup: TermRollup,
    reports: Mapping[UUID, Mapping[str, Figures]],
    changed: Iterable[UUID],
) -> TermRollup:
    """The roll-up after the counted reports of the `changed` units became `reports`
    (all counted reports now), on the same tree, targets and dates. Only the changed
    units' chains up to the federation are worked out again, each from its own report
    and its children's sums (so every figure is the same decimal `roll_up` gives, to the
    last digit and exponent); the given roll-up is left as it was (it may be read
    meanwhile). tests/projections/test_term_refile.py holds it equal to `roll_up`."""
    progress = rollup.progress
    if not isinstance(progress, _LazyProgress):
        raise TypeError("refile needs a roll-up made by roll_up")
    changed = set(changed)
    codes = {t.code for t in progress._targets}
    depth: dict[UUID, int] = {}
    for unit in changed:
        chain, at = [], unit if unit in rollup.parent else None
        while at is not None and at not in depth and at not in chain:
            chain.append(at)
            at = None if at == rollup.federation else rollup.parent.get(at)
        base = depth.get(at, -1) if at is not None else -1  # joined a chain already walked
        for i, u in enumerate(reversed(chain)):
            depth[u] = base + 1 + i
    kids = progress.kids(rollup.parent)
    accs = dict(progress._accs)  # the units off the changed chains keep their sums
    for unit in sorted(depth, key=depth.__getitem__, reverse=True):  # children first
        mine: dict[str, _Acc] = {}
        for code, figures in reports.get(unit, {}).items():
            if code in codes:
                mine.setdefault(code, _Acc()).add_report(figures)
        for child in kids.get(unit, []):
            for code, acc in accs[child].items():
                mine.setdefault(code, _Acc()).add(acc)
        accs[unit] = mine
    return replace(
        rollup,
        progress=progress.refiled(accs, set(depth)),
        unplaced=sorted(
            {u for u in rollup.unplaced if u not in depth and u not in changed}
            | {u for u in changed if u not in rollup.parent and u in reports},
            key=str,
        ),
    )
