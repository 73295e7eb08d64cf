"""Every view thidua keeps: a name, the keys an event touches, and the fold.

A view filed by case (standings under its cluster-year, term progress under its
review) gets `case_keys(kind)`; other views say their keys themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from projections import directory, standings
from projections.cases import Case

Keys = Callable[[Any, Case | None], list[str]]
Fold = Callable[[dict[str, Any] | None, Any], dict[str, Any]]


@dataclass(frozen=True)
class View:
    name: str
    keys: Keys
    apply: Fold
    case_kind: str | None = None  # views filed under a case can be replayed as of


def case_keys(kind: str) -> Keys:
    def keys(event: Any, case: Case | None) -> list[str]:
        return [case.id.hex] if case is not None and case.kind == kind else []

    return keys


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View(standings.NAME, case_keys("year"), standings.apply, "year"),
        View(directory.NAME, directory.keys, directory.apply),
    )
}
