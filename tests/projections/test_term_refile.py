"""Refiling changed reports into a kept roll-up gives what a fresh roll-up gives: every
figure the same decimal (value and exponent), the same unplaced units, the same
statuses; and the kept roll-up is left as it was."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.review.term_rollup import TermRollup, refile, roll_up
from tests.projections.test_term_rollup import CLOSES, OPENED, REVIEW, TARGETS, reports, tree

# Figures a report may carry for each target (decimal commas already read: strings).
FIGURES = {
    "T1": st.sampled_from(["0", "7", "120", "5.25", "1.5"]).map(lambda v: {"value": v}),
    "T2": st.tuples(
        st.sampled_from(["4", "5.2", "6.75"]), st.sampled_from(["1", "30", "876.5"])
    ).map(lambda p: {"value": p[0], "weight": p[1]}),
    "T3": st.tuples(st.integers(0, 40), st.integers(41, 60)).map(
        lambda p: {"numerator": str(p[0]), "denominator": str(p[1])}
    ),
    "T5": st.sampled_from(["0", "2", "3.0"]).map(lambda v: {"value": v}),
}
A_REPORT = st.one_of(
    st.none(),  # not counted (a draft, submitted, returned)
    st.fixed_dictionaries({}, optional=FIGURES),
)
UNITS = ["F", "D1", "D2", "D3", "M1", "G1", "S1", "X", "D4"]


def figures_of(rollup: TermRollup) -> dict[tuple[UUID, str], tuple[str, ...]]:
    """Every unit's every target as printed (str of a Decimal shows its exponent)."""
    return {
        (unit, code): (
            str(p.value),
            str(p.percent_of_target),
            str(p.expected),
            str(p.status),
            str(p.reporters),
            str(p.weight),
            str(p.numerator),
            str(p.denominator),
        )
        for unit in rollup.parent
        for code, p in rollup.progress[unit].items()
    }


def counted(u: dict[str, Any], chosen: dict[str, Any]) -> dict[UUID, Any]:
    return {u[code].id: figures for code, figures in chosen.items() if figures is not None}


@settings(max_examples=150, deadline=None)
@given(
    before=st.fixed_dictionaries({code: A_REPORT for code in UNITS}),
    after=st.fixed_dictionaries({code: A_REPORT for code in UNITS}),
)
def test_refile_equals_a_fresh_roll_up(before: dict[str, Any], after: dict[str, Any]) -> None:
    u = tree()
    roll = lambda chosen: roll_up(  # noqa: E731
        TARGETS, u.values(), u["F"].id, OPENED, CLOSES, REVIEW, counted(u, chosen)
    )
    kept = roll(before)
    kept_figures = figures_of(kept)
    changed = {u[code].id for code in UNITS if before[code] != after[code]}
    refiled = refile(kept, counted(u, after), changed)
    fresh = roll(after)
    assert figures_of(refiled) == figures_of(fresh)
    assert refiled.unplaced == fresh.unplaced and refiled.parent == fresh.parent
    assert figures_of(kept) == kept_figures  # the kept one is not changed


def test_refile_of_nothing_changes_nothing() -> None:
    u = tree()
    kept = roll_up(TARGETS, u.values(), u["F"].id, OPENED, CLOSES, REVIEW, reports(u))
    assert figures_of(refile(kept, reports(u), set())) == figures_of(kept)
