"""What pages, the API and PDFs read: views by key, with every saved event applied.

Each function reads one document (or one indexed page of the timeline), so its cost
does not grow with the history. `as_of=` (a log position or an instant) replays the
case in memory instead, for auditors, and leaves the live views alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from domain.review.term import Target, term_closes_on
from projections.org import directory
from projections.review import term_progress as term_progress_view
from projections.review.term_rollup import ClosedEarly, TermRollup, refile, roll_up
from projections.year import plan_board, standings
from service.platform.app import ThiduaApplication
from service.views.parts import assemble
from service.views.projector import projector_of
from service.views.viewstore import Snapshot, ViewStore

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


@dataclass(frozen=True)
class _KeptBoard:
    """A case's plan board kept in this process: the document as read at `position`
    and its rows as of `today`."""

    gen: int
    position: int
    main: str
    state: dict[str, Any]
    today: date
    rows: list[plan_board.TaskRow]
    settled: Any = None  # the request state it was last checked in (Projector.settled)


def board(
    app: ThiduaApplication, case_id: UUID, today: date, as_of: AsOf = None
) -> list[plan_board.TaskRow]:
    """The case's plan board: its tasks, each with a cell per responsible party.

    The live board is kept per process. The next read asks the store, in one statement,
    for the document's own row and the entries written since: none, and the kept rows
    are given again; only what parties did, and only their cells are made again; new
    tasks, members or another day, and the board is made again whole. Callers must not
    change it."""
    if as_of is not None:
        doc = _document(app, plan_board.NAME, case_id, as_of, "bảng tiến độ")
        return plan_board.board(doc, today)
    projector = projector_of(app)
    projector.catch_up()
    slot = (plan_board.NAME, case_id)
    kept: _KeptBoard | None = projector.memo.get(slot)
    settled = projector.settled()
    if kept is not None and settled is not None and kept.settled == settled and kept.today == today:
        return kept.rows  # checked already in this request, nothing saved since
    snap, main, since = _since(projector.store, plan_board.NAME, case_id, kept, "bảng tiến độ")
    if kept is not None and since:
        state = _with_entries(kept.state, snap.rows)
        parties = {entry for part, entry, _p, _s in snap.rows if part == "done"}
        if kept.today != today or any(part == "members" for part, *_rest in snap.rows):
            rows = plan_board.board(state, today)
        else:
            rows = plan_board.refiled(state, kept.rows, parties, today) if parties else kept.rows
    else:
        state = assemble(main, snap.parts, plan_board.PARTS)
        rows = plan_board.board(state, today)
    found = _KeptBoard(snap.gen, snap.position, main, state, today, rows, settled)
    return projector.remember(slot, found).rows  # type: ignore[no-any-return]


def _since(
    store: ViewStore, view: str, case_id: UUID, kept: Any, what: str
) -> tuple[Snapshot, str, bool]:
    """A kept document read again (`kept`: its gen, position and own row, or None):
    (the entries written since its position, its own row, True) while that row and the
    generation stand; else (the whole document, its own row, False). One statement, two
    when the kept one is stale. No such document: DomainError, naming `what`."""
    snap = store.snapshot(view, case_id.hex, kept.position if kept else -1)
    if kept is not None and snap is not None and (snap.gen, snap.main) == (kept.gen, kept.main):
        return snap, kept.main, True
    if kept is not None:  # the rows after the kept position are not the whole document
        snap = store.snapshot(view, case_id.hex)
    if snap is None or snap.main is None:
        raise DomainError("store.not_found", what=what)
    return snap, snap.main, False


def _with_entries(state: dict[str, Any], rows: list[tuple[str, str, int, str]]) -> dict[str, Any]:
    """A kept document with the part entries written since (copies of the parts they
    change: the kept document may be being read); `state` itself when there are none."""
    if not rows:
        return state
    new = dict(state)
    for part in {part for part, _e, _p, _s in rows}:
        new[part] = dict(new[part])
    for part, entry, _position, text in rows:
        new[part][entry] = json.loads(text)
    return new


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


@dataclass
class _Kept:
    """A review's document kept in this process, what it was read from, and its
    roll-up once asked for."""

    gen: int
    position: int  # the view's position then: part rows written after it are news
    main: str  # the document without its parts, as stored
    state: dict[str, Any]
    stamps: tuple[Any, ...] = ()  # the directory's change stamps the roll-up was made with
    progress: TermProgress | None = None
    base: dict[str, Any] | None = None  # the kept document this one was patched from
    changed: frozenset[str] = frozenset()  # then: the units whose report or participation changed
    settled: Any = None  # the request state it was last checked in (Projector.settled)


def review_document(app: ThiduaApplication, campaign_id: UUID) -> dict[str, Any]:
    """A review's term-progress document, every saved event applied: kept per process
    and patched with the entries written since (see `term_progress`). Callers must not
    change it."""
    return _kept(app, campaign_id).state


def review_changes(
    app: ThiduaApplication, campaign_id: UUID
) -> tuple[dict[str, Any] | None, frozenset[str]]:
    """Of the review's kept document (as `review_document` last gave it): the document
    it was patched from (None: read afresh) and the units whose report or participation
    changed since that one. A reader that kept its work from that document redoes only
    those units."""
    kept: _Kept | None = projector_of(app).memo.get(("term_progress", campaign_id))
    return (kept.base, kept.changed) if kept is not None else (None, frozenset())


def term_progress(app: ThiduaApplication, campaign_id: UUID, as_of: AsOf = None) -> TermProgress:
    """Per target and unit subtree: achieved, % of target, expected share, status.

    The live roll-up is kept per process with the review's document. The next read asks
    the store, in one statement, for the document's own row and only the entries
    (reports, participants) written since: none, and the kept roll-up is given again;
    some, and only their units' chains are worked out again (`refile`). A change to the
    rest of the document (targets, dates, closing early) or to the directory (a unit
    registered, moved or merged anywhere) and it is worked out again whole. Callers
    must not change it."""
    if as_of is not None:
        return rolled_up(app, _document(app, "term_progress", campaign_id, as_of, "tiến độ sơ kết"))
    kept = _kept(app, campaign_id)
    stamps = directory_stamps(app)
    if kept.progress is None or kept.stamps != stamps:
        kept.progress, kept.stamps = rolled_up(app, kept.state), stamps
    return kept.progress


def directory_stamps(app: ThiduaApplication) -> tuple[tuple[int, Any], ...]:
    """`ViewStore.changes` of the directory and its children: asked once a request while
    the views stay settled in it (a review's page asked three times). Views caught up
    and nothing saved since, a later ask would find what other processes wrote
    meanwhile, which the request's other reads do not wait for either (`settle`)."""
    projector = projector_of(app)
    settled = projector.settled()
    slot = ("directory_stamps",)
    kept = projector.memo.get(slot)
    if settled is not None and kept is not None and kept[0] == settled:
        return kept[1]  # type: ignore[no-any-return]
    found = projector.store.changes(directory.NAME, directory.CHILDREN)
    if settled is not None:
        projector.remember(slot, (settled, found))
    return found


def _kept(app: ThiduaApplication, campaign_id: UUID) -> _Kept:
    projector = projector_of(app)
    projector.catch_up()
    slot = ("term_progress", campaign_id)
    kept: _Kept | None = projector.memo.get(slot)
    settled = projector.settled()
    if kept is not None and settled is not None and kept.settled == settled:
        return kept  # checked already in this request, nothing saved since
    snap, main, since = _since(
        projector.store, term_progress_view.NAME, campaign_id, kept, "tiến độ sơ kết"
    )
    if kept is not None and since:
        if not snap.rows:
            kept.settled = settled
            return kept
        found = _patched(kept, snap.rows)
    else:
        state = assemble(main, snap.parts, term_progress_view.PARTS)
        found = _Kept(snap.gen, snap.position, main, state)
    found.gen, found.position = snap.gen, snap.position  # its main: equal, or just read
    found.settled = settled
    return projector.remember(slot, found)  # type: ignore[no-any-return]


def _patched(kept: _Kept, rows: list[tuple[str, str, int, str]]) -> _Kept:
    """The kept document with the entries written since (copies: the kept one may be
    being read), and its roll-up with the changed reports refiled."""
    state = _with_entries(kept.state, rows)
    units = frozenset(e for part, e, _p, _s in rows if part in ("participants", "reports"))
    found = _Kept(kept.gen, kept.position, kept.main, state, kept.stamps, None, kept.state, units)
    if kept.progress is not None:
        old, counted, before = kept.progress, _Counted(state), _Counted(kept.state)
        written = {UUID(entry) for part, entry, _p, _s in rows if part == "reports"}
        # only the reports whose counted figures changed (an acceptance), not those
        # that changed while not counted (a submission on deadline day)
        changed = {u for u in written if counted.get(u) != before.get(u)}
        rollup = refile(old.rollup, counted, changed) if changed else old.rollup
        found.progress = TermProgress(state, rollup, old.targets)
    return found


class _Counted(Mapping[UUID, Any]):
    """The figures of the reports that count, by unit: accepted ones; a review closed
    early counts what it had received by then. Looked up one unit at a time (a refile
    asks for a few of thousands)."""

    def __init__(self, state: dict[str, Any]) -> None:
        early = state["campaign"].get("closed_early")
        self._reports: dict[str, Any] = state["reports"]
        self._counting = set(early["counted"]) if early else None

    def _counts(self, unit: str, report: dict[str, Any] | None) -> bool:
        if report is None:
            return False
        if self._counting is None:
            return bool(report["status"] == "accepted")
        return unit in self._counting

    def __getitem__(self, unit: UUID) -> Any:
        report = self._reports.get(unit.hex)
        if not self._counts(unit.hex, report):
            raise KeyError(unit)
        return report["figures"]  # type: ignore[index]

    def __iter__(self) -> Iterator[UUID]:
        return iter(self.whole())

    def __len__(self) -> int:
        return sum(1 for u, r in self._reports.items() if self._counts(u, r))

    def whole(self) -> dict[UUID, Any]:
        """Every counted report's figures, by unit in id order (one pass)."""
        return {
            UUID(u): r["figures"] for u, r in sorted(self._reports.items()) if self._counts(u, r)
        }


def rolled_up(app: ThiduaApplication, state: dict[str, Any]) -> TermProgress:
    """The roll-up of a term-progress document (views caught up by the caller): its
    accepted reports through the federation's subtree from the directory."""
    term, campaign = state["term"], state["campaign"]
    targets = [Target.from_dict(t) for t in state["targets"].values()]
    federation = campaign["federation"]
    units = [directory.UnitAsOf(k, doc) for k, doc in _subtree_docs(app, federation).items()]
    early = campaign.get("closed_early")
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
        reports=_Counted(state).whole(),
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
