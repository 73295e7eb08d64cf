"""What pages, the API and PDFs read: views by key, with every saved event applied.

Each function reads one document (or one indexed page of the timeline), so its cost
does not grow with the history. `as_of=` (a log position or an instant) replays the
case in memory instead, for auditors, and leaves the live views alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from domain.review.term import Target, term_closes_on
from projections.org import directory
from projections.review.term_rollup import ClosedEarly, TermRollup, roll_up
from projections.year import plan_board, standings
from service.platform.app import ThiduaApplication
from service.views.projector import projector_of

AsOf = int | datetime | date | None  # a log position, a recording instant, a day


def _document(app: ThiduaApplication, view: str, case_id: UUID, as_of: AsOf, what: str) -> Any:
    projector = projector_of(app)
    if as_of is None:
        doc = projector.read(view, case_id.hex)
    elif isinstance(as_of, datetime):
        doc = projector.as_of(view, case_id, instant=as_of)
    elif isinstance(as_of, date):
        doc = projector.as_of(view, case_id, day=as_of)
    else:
        doc = projector.as_of(view, case_id, position=as_of)
    if doc is None:
        raise DomainError("store.not_found", what=what)
    return doc


@dataclass(frozen=True)
class Standings:
    state: dict[str, Any]
    rows: list[standings.Row]
    leading: str | None


def year_standings(app: ThiduaApplication, year_id: UUID, as_of: AsOf = None) -> Standings:
    state = _document(app, standings.NAME, year_id, as_of, "bảng xếp hạng")
    return Standings(state, standings.table(state), standings.leading_unit(state))


def board(
    app: ThiduaApplication, case_id: UUID, today: date, as_of: AsOf = None
) -> list[plan_board.TaskRow]:
    return plan_board.board(_document(app, plan_board.NAME, case_id, as_of, "bảng tiến độ"), today)


def directory_entries(app: ThiduaApplication, ids: list[str]) -> dict[str, Any]:
    projector_of(app).catch_up()
    return projector_of(app).store.get_many(directory.NAME, ids)


def unit_name(app: ThiduaApplication, unit_id: UUID) -> str:
    """A unit's name today from its aggregate (this process's cached copy brought up to
    date: one query), so a command's receipt waits for no views catch-up (on PostgreSQL
    that catch-up was half of a report submission's time); a cluster's, or any other
    id's, from the directory view."""
    found = app.find_read(unit_id)
    if isinstance(found, Unit):
        return found.name
    return unit_names(app, [unit_id.hex]).get(unit_id.hex, "")


def unit_names(app: ThiduaApplication, ids: list[str], day: date | None = None) -> dict[str, str]:
    """Each unit's name (a cluster's too): today's, or the one it bore on `day`."""
    docs = directory_entries(app, ids)
    if day is None:
        return {k: v.get("name", k) for k, v in docs.items()}
    return {k: name_on(k, v, day) for k, v in docs.items()}


def name_on(key: str, doc: dict[str, Any], day: date) -> str:
    """The name a directory entry bore on `day` (its first name before it existed)."""
    if doc.get("type") != "unit" or not doc.get("history"):
        return str(doc.get("name", key))
    unit = directory.UnitAsOf(key, doc)
    state = unit.as_of(day) or unit.timeline[0]
    return state.name


@dataclass(frozen=True)
class TermProgress:
    state: dict[str, Any]
    rollup: TermRollup
    targets: list[Target]


MEMO_MAX = 8  # roll-ups kept per process (the largest review's is a few MiB)


def term_progress(app: ThiduaApplication, campaign_id: UUID, as_of: AsOf = None) -> TermProgress:
    """Per target and unit subtree: achieved, % of target, expected share, status.

    The live roll-up is kept per process and given again while its inputs are unchanged:
    the review's document (compared as stored text) and the directory's change stamps
    (a unit registered, moved or merged anywhere). Callers must not change it."""
    if as_of is not None:
        return rolled_up(app, _document(app, "term_progress", campaign_id, as_of, "tiến độ sơ kết"))
    projector = projector_of(app)
    projector.catch_up()
    store = projector.store
    text = store.get_text("term_progress", campaign_id.hex)
    if text is None:
        raise DomainError("store.not_found", what="tiến độ sơ kết")
    inputs = (text, store.changed(directory.NAME), store.changed(directory.CHILDREN))
    slot = ("term_progress", campaign_id)
    kept = projector.memo.get(slot)
    if kept is not None and kept[0] == inputs:
        return kept[1]  # type: ignore[no-any-return]
    found = rolled_up(app, json.loads(text))
    projector.memo.pop(slot, None)
    while len(projector.memo) >= MEMO_MAX:
        projector.memo.pop(next(iter(projector.memo)))
    projector.memo[slot] = (inputs, found)
    return found


def rolled_up(app: ThiduaApplication, state: dict[str, Any]) -> TermProgress:
    """The roll-up of a term-progress document (views caught up by the caller): its
    accepted reports through the federation's subtree from the directory."""
    term, campaign = state["term"], state["campaign"]
    targets = [Target.from_dict(t) for t in state["targets"].values()]
    federation = campaign["federation"]
    units = [directory.UnitAsOf(k, doc) for k, doc in _subtree_docs(app, federation).items()]
    early = campaign.get("closed_early")
    counting = set(early["counted"]) if early else None  # closed early: what it had
    counted = {
        UUID(u): r["figures"]
        for u, r in sorted(state["reports"].items())
        if (r["status"] == "accepted" if counting is None else u in counting)
    }
    closed = None
    if early:
        closed = ClosedEarly(
            on=date.fromisoformat(early["on"]),
            reason=early["reason"],
            basis=early["basis"],
            not_received=tuple(UUID(u) for u in early["not_received"]),
        )
    opened = date.fromisoformat(term["opened_on"])
    review_date = date.fromisoformat(campaign["review_date"])
    rollup = roll_up(
        targets=targets,
        units=units,
        federation=UUID(federation),
        opened_on=opened,
        closes_on=term_closes_on(opened, term["end_year"]),
        # closed early before its review date: the figures stand as of the day it closed
        review_date=min(review_date, closed.on) if closed else review_date,
        reports=counted,
        closed=closed,
    )
    return TermProgress(state, rollup, targets)


def _subtree_docs(app: ThiduaApplication, root: str) -> dict[str, Any]:
    """Directory documents of `root` and every unit ever placed below it."""
    store = projector_of(app).store  # the caller has caught the views up
    seen, level = {root}, [root]
    while level:
        found = store.get_many(directory.CHILDREN, level)
        level = [c for doc in found.values() for c in doc["children"] if c not in seen]
        seen.update(level)
    return store.get_many(directory.NAME, sorted(seen))


def timeline(
    app: ThiduaApplication, filters: Mapping[str, str], **page: Any
) -> list[dict[str, Any]]:
    """Audit timeline rows, newest first: filters case_id, actor_unit, actor_account, kind."""
    projector_of(app).catch_up()
    return projector_of(app).store.timeline(filters, **page)
