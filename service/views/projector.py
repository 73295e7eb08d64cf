"""Keeps the views current: catch-up, rebuild from zero, status, as-of replay.

One pass over the log feeds every view whose position is behind (decoding each event
once), 1,000 events per transaction. The same folds replay one case in memory for an
auditor's "as of", without touching the live views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from projections.kernel.cases import Case, case_of_created
from projections.registry.views import VIEWS, View
from service.platform.app import ThiduaApplication
from service.platform.eventlog import case_notifications
from service.views.held import HeldDocuments, Slot
from service.views.stamps import stamp_of
from service.views.viewstore import PositionMoved, ViewStore

BATCH = 1000
# Reads kept per process in `Projector.memo` (a review's document and roll-up, its board,
# its participants' names): a few MiB for the largest review, less than 1 for most.
MEMO_MAX = 32
CASE_CACHE_MAX = 500_000
Progress = Callable[[int], None]


class Settled:
    """A web request's views state: the application and its save count when every view
    was last found caught up (None: not yet). Per request, never shared."""

    mark: tuple[int, int] | None = None


# Inside `settle()` (a web request): its Settled; None outside. Per thread/context.
_settled: ContextVar[Settled | None] = ContextVar("views_settled", default=None)


def settle() -> Token[Settled | None]:
    """From here (a web request's start), once every view was found caught up, later
    catch-ups skip the check until this process saves again: a page reading three views
    checks once. Events other processes store meanwhile wait for the next request."""
    return _settled.set(Settled())


def unsettle(token: Token[Settled | None]) -> None:
    _settled.reset(token)


@dataclass(frozen=True)
class ViewStatus:
    view: str
    generation: int
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


class Projector:
    def __init__(self, app: ThiduaApplication, views: dict[str, View] | None = None) -> None:
        self.app = app
        self.views = views or VIEWS
        self.store = ViewStore(
            app.url,
            {v.name: v.parts for v in self.views.values() if v.parts},
            {v.name: v.shape for v in self.views.values()},
        )
        self._cases: dict[UUID, Case | None] = {}
        self.held = HeldDocuments(self.store)  # documents with parts, between catch-ups
        self.memo: dict[Any, Any] = {}  # reads worked out from documents: see `remember`

    def close(self) -> None:
        self.store.close()

    def remember(self, slot: Any, value: Any) -> Any:
        """Keep a read worked out from documents under `slot` (the newest last; the
        oldest dropped beyond MEMO_MAX). Returns `value`."""
        self.memo.pop(slot, None)
        while len(self.memo) >= MEMO_MAX:
            self.memo.pop(next(iter(self.memo)))
        self.memo[slot] = value
        return value

    def create_tables(self) -> None:
        """The views' tables (`thidua db init`); a view whose stored documents are of an
        older shape than its fold writes now is rebuilt."""
        stale = self.store.create_tables()
        if stale:
            self.rebuild(*stale)

    # -- catch-up ----------------------------------------------------------------------
    def _mark(self) -> tuple[int, int]:
        return (id(self), self.app.saves)

    def catch_up(self, names: Iterable[str] | None = None, progress: Progress | None = None) -> int:
        """Apply every new event to the named views (all by default). Returns events read."""
        settling = _settled.get()
        if settling is not None and settling.mark == self._mark():
            return 0
        names = list(names or self.views)
        read = 0
        while True:
            positions = self.store.positions(names)
            targets = {(n, gen): pos for n, (gen, pos) in positions.items()}
            try:
                done = self._pass(targets, progress, hold=True)
            except PositionMoved:
                continue  # another process got there first: go on from its position
            read += done
            if done < BATCH:  # the head is reached: no second look (2 more round trips)
                if settling is not None and set(names) >= set(self.views):
                    settling.mark = self._mark()
                return read

    def settled(self) -> tuple[Settled, tuple[int, int]] | None:
        """Inside a web request whose views were found caught up, with no save by this
        process since: what names that state (equal for every read after, in this request
        only); None otherwise. A read kept under it need not ask the store again."""
        settling = _settled.get()
        if settling is None or settling.mark != self._mark():
            return None
        return settling, settling.mark

    def _pass(
        self, targets: dict[tuple[str, int], int], progress: Progress | None, hold: bool = False
    ) -> int:
        """Apply the events after each target's position (up to BATCH) and commit them.
        `hold`: documents with parts from `self.held` (a catch-up, whose next pass starts
        where this one ends; not a rebuild's fresh generations)."""
        start = min(targets.values())
        batch = self.app.recorder.select_notifications(start, BATCH, inclusive_of_start=False)
        if not batch:
            return 0
        docs: dict[tuple[str, int, str], Any] = {}
        texts: dict[tuple[str, int, str], str | None] = {}  # as read: unchanged, not written
        held: set[Slot] = set()  # the documents taken from self.held
        rows: list[tuple[int, int, tuple[Any, ...]]] = []
        new_cases: dict[UUID, Case] = {}
        self._know_cases(batch)
        plan = [(self.views[name], gen, pos) for (name, gen), pos in targets.items()]
        # only row views (the timeline): a stream's later events need no decoding
        stampers = [(v.row_of_stamp, gen, pos) for v, gen, pos in plan if v.row_of_stamp]
        undecoded = len(stampers) == len(plan)
        for n in batch:
            stamp = stamp_of(n) if undecoded and n.originator_version != 1 else None
            if stamp is not None:
                o = n.originator_id if isinstance(n.originator_id, UUID) else UUID(n.originator_id)
                known = new_cases[o] if o in new_cases else self._known_case(o)
                for row_of, gen, pos in stampers:
                    if n.id > pos:
                        rows.append((gen, n.id, row_of(stamp, known)))
                continue
            event = self.app.mapper.to_domain_event(n)
            case = self._case(event, new_cases)
            for view, gen, pos in plan:
                if n.id <= pos:
                    continue
                if view.row is not None:
                    rows.append((gen, n.id, view.row(event, case)))
                else:
                    self._apply(view, gen, pos if hold else None, event, case, docs, texts, held)
        last = batch[-1].id
        moves = {t: (pos, last) for t, pos in targets.items() if pos < last}
        self.store.commit_batch(moves, docs, new_cases, rows, texts)
        if hold:
            self.held.committed(moves, docs, held)
        if progress:
            progress(len(batch))
        return len(batch)

    def _apply(
        self,
        view: View,
        gen: int,
        position: int | None,
        event: Any,
        case: Case | None,
        docs: dict[Slot, Any],
        texts: dict[Slot, str | None],
        held: set[Slot],
    ) -> None:
        """Fold `event` into each document of `view` it touches, loaded on first touch:
        held ones when `position` (the pass's start for this view) is given."""
        for key in view.keys(event, case):
            slot = (view.name, gen, key)
            if slot not in docs:
                if position is not None and view.parts:
                    docs[slot], texts[slot], from_held = self.held.load(slot, position)
                    if from_held:
                        held.add(slot)
                else:
                    docs[slot], texts[slot] = self.store.load(view.name, key, gen)
            docs[slot] = view.apply(docs[slot], event)

    def _case(self, event: Any, new_cases: dict[UUID, Case]) -> Case | None:
        originator = event.originator_id
        if originator in new_cases:
            return new_cases[originator]
        if event.originator_version == 1:
            case = case_of_created(event, lambda o: new_cases.get(o) or self._known_case(o))
            if case is not None:
                new_cases[originator] = case
            self._remember(originator, case)
            return case
        return self._known_case(originator)

    def _know_cases(self, batch: Sequence[Any]) -> None:
        """The cases of the batch's streams not known here yet: asked for in one
        statement, not one per stream as its events come."""
        new = {n.originator_id for n in batch if n.originator_version == 1}
        ids = {n.originator_id for n in batch} - new
        streams = {o if isinstance(o, UUID) else UUID(o) for o in ids}
        unknown = sorted(o for o in streams if o not in self._cases)  # not a walk of them all
        if unknown:
            for originator, case in self.store.cases_of(unknown).items():
                self._remember(originator, case)

    def _known_case(self, originator: UUID) -> Case | None:
        if originator not in self._cases:
            self._remember(originator, self.store.case_of(originator))
        return self._cases[originator]

    def _remember(self, originator: UUID, case: Case | None) -> None:
        if len(self._cases) >= CASE_CACHE_MAX:
            self._cases.clear()
        self._cases[originator] = case

    # -- rebuild and status ------------------------------------------------------------
    def rebuild(self, *names: str, progress: Progress | None = None) -> int:
        """Fold the whole log into fresh generations of the named views (all by default),
        decoding each event once, then switch readers to them. Returns events read."""
        gens = {name: self.store.new_generation(name) for name in (names or self.views)}
        read = 0
        while True:
            targets = {(n, g): self._position(n, g) for n, g in gens.items()}
            done = self._pass(targets, progress)
            if done == 0:
                break
            read += done
        for name, gen in gens.items():
            self.store.complete(name, gen)  # the timeline's indexes, after its load
        for name, gen in gens.items():
            self.store.switch(name, gen)
        return read

    def _position(self, name: str, gen: int) -> int:
        with self.store.transaction() as cur:
            return self.store._position(cur, name, gen)

    def status(self) -> list[ViewStatus]:
        head = self.app.recorder.max_notification_id() or 0
        return [
            ViewStatus(n, gen, pos, head)
            for n, (gen, pos) in self.store.positions(self.views).items()
        ]

    # -- reads -------------------------------------------------------------------------
    def read(self, name: str, key: str) -> Any | None:
        """The view's document for key, with every event saved so far applied."""
        self.catch_up()
        return self.store.get(name, key)

    def as_of(
        self,
        name: str,
        case_id: UUID,
        *,
        position: int | None = None,
        instant: datetime | None = None,
        day: date | None = None,
    ) -> Any | None:
        """The case's document as it was at a log position or an instant, folded in memory;
        or as of a `day`: the events that count for that day or before (an event's `on`,
        the date its action counts for; an event without one counts with the one before)."""
        view = self.views[name]
        self.catch_up()  # so the case index knows every stream of the case
        originators = self.store.originators_of(case_id)
        state = None
        case = self.store.case_of(case_id) or Case(case_id, view.case_kind or "")
        counted: date | None = None
        for n in case_notifications(self.app, originators, stop=position):
            event: Any = self.app.mapper.to_domain_event(n)
            if instant is not None and event.timestamp > instant:
                continue  # timestamps from several processes need not follow log order
            counted = counts_for(event, counted)
            if day is not None and counted is not None and counted > day:
                continue  # a paper vote entered late counts on its own date
            if view.keys(event, case):
                state = view.apply(state, event)
        return state


def counts_for(event: Any, before: date | None) -> date | None:
    """The date an event's action counts for: its `on`, else the event before's."""
    on = getattr(event, "on", None)
    return on if isinstance(on, date) and not isinstance(on, datetime) else before


def projector_of(app: ThiduaApplication) -> Projector:
    """This process's view keeper for `app`, built on first use and closed with it."""
    keeper = app.extensions.get("projector")
    if keeper is None:
        keeper = app.extensions["projector"] = Projector(app)
        app.on_close(keeper.close)
    return keeper
