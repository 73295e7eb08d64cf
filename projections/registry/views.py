"""Every view thidua keeps: a name, the keys an event touches, and the fold.

A view filed by case (standings under its cluster-year, term progress under its
review) gets `case_keys(kind)`; other views say their keys themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from projections.audit import timeline
from projections.kernel.cases import Case
from projections.org import directory
from projections.review import term_progress
from projections.year import plan_board, standings

Keys = Callable[[Any, Case | None], list[str]]
Fold = Callable[[dict[str, Any] | None, Any], dict[str, Any]]
RowOf = Callable[[Any, Case | None], tuple[Any, ...]]  # values in the view's COLUMNS order


@dataclass(frozen=True)
class View:
    name: str
    keys: Keys
    apply: Fold
    case_kind: str | None = None  # views filed under a case ("any": year or review) replay as of
    row: RowOf | None = None  # an index view: one row per event instead of documents
    # the same row from the event's stamp (timeline.Stamp), when it is read undecoded
    row_of_stamp: Callable[[Any, Case | None], tuple[Any, ...]] | None = None
    # top-level maps of a document stored one entry per row (large ones: a review's reports)
    parts: tuple[str, ...] = ()
    # the documents' shape: raised when the fold writes them differently, so that stored
    # documents of the older shape are rebuilt (`thidua db init`) instead of misread
    shape: int = 1


def _no_keys(event: Any, case: Case | None) -> list[str]:
    return []


def _no_fold(state: dict[str, Any] | None, event: Any) -> dict[str, Any]:
    raise TypeError("an index view has no documents")


def case_keys(kind: str) -> Keys:
    def keys(event: Any, case: Case | None) -> list[str]:
        return [case.id.hex] if case is not None and case.kind == kind else []

    return keys


def plan_board_keys(event: Any, case: Case | None) -> list[str]:
    return [case.id.hex] if case is not None and case.kind in ("year", "review") else []


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View(standings.NAME, case_keys("year"), standings.apply, "year"),
        View(
            term_progress.NAME,
            case_keys("review"),
            term_progress.apply,
            "review",
            parts=term_progress.PARTS,
        ),
        View(
            plan_board.NAME,
            plan_board_keys,
            plan_board.apply,
            "any",
            parts=plan_board.PARTS,
            shape=plan_board.SHAPE,
        ),
        View(directory.NAME, directory.keys, directory.apply),
        View(directory.CHILDREN, directory.children_keys, directory.children_apply),
        View(timeline.NAME, _no_keys, _no_fold, row=timeline.row, row_of_stamp=timeline.row_of),
    )
}
