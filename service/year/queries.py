"""The cluster-year's read model: what its pages, its API and its documents read.

Everything comes from service.views.views (tracked documents, caught up before reading) or
from one aggregate by id; nothing here replays the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from service.accounts.catalog import cluster_ids
from service.org.regulation_words import criterion_words, regulation_lines, rules_of
from service.platform.app import ThiduaApplication, load
from service.platform.charts import StandingBar, standings_chart
from service.views import views
from service.views.projector import projector_of
from service.year.changes import pending_of

VIETNAM = timezone(timedelta(hours=7))  # a time a person gives, without a zone


def names(
    app: ThiduaApplication, ids: Iterable[str | None], *, day: date | None = None
) -> dict[str, str]:
    """Units' names: today's, or those they bore on `day`."""
    return views.unit_names(app, sorted({i for i in ids if i}), day)


def day_of(when: int | datetime | date | None) -> date | None:
    """The day an as-of asks for, when it asks by day (not by position or instant)."""
    return when if isinstance(when, date) and not isinstance(when, datetime) else None


def criteria_of(state: dict[str, Any]) -> dict[str, Any] | None:
    """The adopted criteria tree, or the latest draft (with its version)."""
    version = state.get("adopted") or max((int(v) for v in state["drafts"]), default=None)
    if version is None:
        return None
    tree = state["drafts"][str(version)]
    return {"version": version, "adopted": state.get("adopted") == version, **tree}


def signers(app: ThiduaApplication, year_id: UUID) -> dict[str, dict[str, str]]:
    """Who signs the year's documents (role → name, title), from the year aggregate."""
    year = load(app, year_id, "năm thi đua", read_only=True)
    return {role: {"name": s.name, "title": s.title} for role, s in year.signers.items()}


def year_header(
    app: ThiduaApplication, year_id: UUID, state: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The year's name and who chairs it: one view document and the cluster's entry
    (what the bundle's download needs; its cached re-serve has 10 ms, bench P6)."""
    state = state if state is not None else views.year_standings(app, year_id).state
    cluster = views.directory_entries(app, [state["cluster"]]).get(state["cluster"], {})
    return {
        "id": year_id.hex,
        "year": state["year"],
        "cluster": {
            "id": state["cluster"],
            "code": cluster.get("code"),
            "name": cluster.get("name"),
        },
        "chair": state.get("chair"),
        "vice_chair": state.get("vice_chair"),
    }


def year(app: ThiduaApplication, year_id: UUID, *, day: date | None = None) -> dict[str, Any]:
    """The year's page data; as of `day`: its members and the names of that day."""
    state = views.year_standings(app, year_id, day).state
    members = state["members"]
    carried = state.get("carried", {})
    decided = state.get("changes", [])
    pending = pending_of(app, year_id) if day is None else []  # what waits now, not then
    unit_names = names(
        app,
        [
            *members,
            state.get("chair"),
            state.get("vice_chair"),
            *carried,
            *(c["unit"] for c in decided),
            *(c.get("successor") for c in decided),
            *(p["unit"] for p in pending),
            *(s for p in pending for s in p["successors"]),
        ],
        day=day,
    )
    return {
        **year_header(app, year_id, state),
        "successors": state.get("successors", {}),
        "members": [{"id": m, "name": unit_names.get(m, m)} for m in members],
        "names": unit_names,
        "criteria": criteria_of(state),
        "awards": [a["code"] for a in state.get("regulation", {}).get("awards", [])],
        "award_names": {
            a["code"]: a["name"] for a in state.get("regulation", {}).get("awards", [])
        },
        "regulation": state.get("regulation", {}),  # the version the year opened under
        "rules": regulation_lines(rules_of(state.get("regulation", {}))),
        "proposal": state.get("proposal", {}),
        "carried": carried,  # absorbed unit → the successor answering for its dossier
        "changes": [
            {
                **c,
                "effective": date.fromisoformat(c["effective"]),
                "on": date.fromisoformat(c["on"]),
            }
            for c in decided
        ],
        "pending": pending,
    }


def as_of(text: str | None) -> int | datetime | date | None:
    """An "as of": a day people know (30/06/2025 or 2025-06-30: what counted by the end
    of that day, each action on the date it counts for), a date and time (30/06/2025
    17:00 or ISO 8601: what was recorded by then, Vietnam time if no zone), or an
    auditor's log position (digits); DomainError view.bad_as_of otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():  # not "²": str.isdigit takes it, int() does not
        return int(text)
    if not text.isascii() or len(text) > 40:
        raise DomainError("view.bad_as_of", value=text[:40])
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=VIETNAM)
        except ValueError:
            continue
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise DomainError("view.bad_as_of", value=text) from None
    return instant if instant.tzinfo else instant.replace(tzinfo=VIETNAM)


def limit(text: str | None, default: int = 100, most: int = 1000) -> int:
    """A page size from the query string: 1 to `most`; DomainError view.bad_limit."""
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= most:
        raise DomainError("view.bad_limit", value=text[:40], most=most)
    return int(text)


def standings(
    app: ThiduaApplication, year_id: UUID, when: int | datetime | date | None = None
) -> dict[str, Any]:
    """The year's standings, now or as of a log position, an instant or a day (replayed
    in memory; as of a day, with the names the units bore that day)."""
    found = views.year_standings(app, year_id, when)
    state = found.state
    carried = state.get("carried", {})
    unit_names = names(app, [*state["members"], *carried, *carried.values()], day=day_of(when))
    for absorbed, successor in carried.items():  # the carried dossier keeps its old name
        old = unit_names.get(absorbed, absorbed)
        by = unit_names.get(successor, successor)
        unit_names[absorbed] = f"{old} (hồ sơ do {by} tiếp nhận)"
    tree = criteria_of(state)
    benchmark = sum(
        (
            Decimal(c["max_points"])
            for s in (tree or {}).get("sections", [])
            for c in s["criteria"]
            if c.get("kind", "standard") == "standard"
        ),
        Decimal(0),
    )
    rows = [
        {
            "unit": r.unit,
            "name": unit_names.get(r.unit, r.unit),
            "self_total": r.self_total if r.self_points else None,
            "appraised_total": r.appraised_total,
            "difference": r.difference,
            "bonus": r.bonus,
            "penalty": r.penalty,
            "rank": r.rank,
            "tied": r.tied,
            "decided_by": r.decided_by,
            "decided_by_words": criterion_words(r.decided_by) if r.decided_by else None,
            "registered_on": state["scores"].get(r.unit, {}).get("registered_on"),
            "self": {k: str(v) for k, v in r.self_points.items()},
            "appraised": {k: str(v) for k, v in r.appraised_points.items()},
            "reasons": state["scores"].get(r.unit, {}).get("reasons", {}),
        }
        for r in found.rows
    ]
    return {"rows": rows, "leading": found.leading, "benchmark": benchmark}


def standings_svg(data: dict[str, Any], fmt: Any, labels: dict[str, str]) -> str:
    bars = [StandingBar(r["name"], r["self_total"], r["appraised_total"]) for r in data["rows"]]
    return standings_chart(bars, data["benchmark"] or Decimal(100), fmt=fmt, **labels)


def board(
    app: ThiduaApplication, case_id: UUID, today: date, cells: int | None = None
) -> list[dict[str, Any]]:
    """The case's plan board. With `cells`, a step done by more parties than that shows
    that many (overdue and late ones first) and counts the rest (`hidden`): a review of
    thousands of units has thousands of cells per step."""
    rows = views.board(app, case_id, today)
    summed = _summed(app, case_id, rows, cells)
    shown = {r.key: summed[id(r)][2] for r in rows}
    parties = [c.party for r in rows for c in shown[r.key] if len(c.party) == 32]
    unit_names = names(app, parties)
    return [
        {
            "key": r.key,
            "number": r.number,
            "content": r.content,
            "role": r.role,
            "start": r.start,
            "deadline": r.deadline,
            "counts": summed[id(r)][1],
            "total": len(r.cells),
            "hidden": len(r.cells) - len(shown[r.key]),
            "cells": [
                {
                    "party": c.party,
                    "name": unit_names.get(c.party, c.party),
                    "status": c.status,
                    "done_on": c.done_on,
                    "days_late": c.days_late,
                }
                for c in shown[r.key]
            ],
        }
        for r in rows
    ]


LATE_FIRST = {"overdue": 0, "late": 1}
Summed = tuple[Any, Counter[str], list[Any]]  # a board row, its cells' counts, those shown


def _summed(
    app: ThiduaApplication, case_id: UUID, rows: list[Any], limit: int | None
) -> dict[int, Summed]:
    """Each row's counts and shown cells, by the row's id. Kept per process: the kept
    board gives a row again while none of its cells changed (the row is kept with them,
    so its id stays its own)."""
    projector = projector_of(app)
    slot = ("board_cells", case_id, limit)
    kept: dict[int, Summed] = projector.memo.get(slot) or {}
    summed: dict[int, Summed] = {}
    for r in rows:
        found = kept.get(id(r))
        if found is None or found[0] is not r:
            found = (r, Counter(c.status for c in r.cells), _first_cells(r.cells, limit))
        summed[id(r)] = found
    return projector.remember(slot, summed)  # type: ignore[no-any-return]


def _first_cells(cells: list[Any], limit: int | None) -> list[Any]:
    if limit is None or len(cells) <= limit:
        return list(cells)
    return sorted(cells, key=lambda c: LATE_FIRST.get(c.status, 2))[:limit]


def clusters(app: ThiduaApplication) -> list[dict[str, Any]]:
    ids = [i.hex for i in cluster_ids(app)]
    docs = views.directory_entries(app, ids)
    out = []
    for key in ids:
        doc = docs.get(key, {})
        years = sorted(((int(y), v) for y, v in doc.get("years", {}).items()), reverse=True)
        out.append(
            {
                "id": key,
                "code": doc.get("code"),
                "name": doc.get("name"),
                "members": doc.get("members", []),
                "years": [{"year": y, "id": v} for y, v in years],
            }
        )
    return sorted(out, key=lambda c: c["code"] or "")
