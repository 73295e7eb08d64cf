"""The one eventsourcing application: persistence, transcodings, snapshots, retries."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

import psycopg
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, PersistenceError
from psycopg_pool import ConnectionPool

from domain.kernel.base import Actor, DomainError, current_actor
from domain.org.unit import Unit
from service.platform import transcodings
from service.platform.chain_store import recorder_topic
from service.platform.store import default_url, persistence_env

T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)
# Commands on one busy aggregate (members voting on one poll at once) collide; a retry
# after a short random pause lets them through one by one. Eight attempts with jittered
# back-off (at most ~0.3 s waited in all) took seven simultaneous voters on PostgreSQL
# from 3-4 refused to none (tests/reliability/test_concurrency.py).
RETRIES = 8
# The log positions saved while `recording()` is active (an act's receipt names them).
_recorded: ContextVar[list[int] | None] = ContextVar("recorded", default=None)
BACKOFF_S = 0.002
# Aggregates kept decoded in each process (the library's LRU cache, fast-forwarded from
# the store on every get, so other workers' events are read before use).
CACHE_SIZE = os.environ.get("THIDUA_AGGREGATE_CACHE", "1000")
# PostgreSQL: a pooled connection is checked ("pre-ping") before use only when it has not
# been used for this long. Checking every one cost a round trip per aggregate read (10
# of a report submission's 39 statements); a connection used a moment ago is alive, and
# one that died since is dropped by the pool and the query retried (eventsourcing's
# retry), so a database restart still goes unnoticed by requests.
PING_IDLE_S = 1.0
# A web request's freshness check (`fresh_reads`) reads at most this many events stored
# since the process's last check; more, and the request reads every aggregate from the
# store as outside a request.
FRESH_ROWS = 200


@dataclass
class _Reads:
    """One request's freshness state (see `fresh_reads`)."""

    checked: dict[int, int] = field(default_factory=dict)  # id() of an application: its
    # check's end (every event up to it was visible when the check ran)
    saved: set[tuple[int, UUID]] = field(default_factory=set)  # (application, aggregate)
    # saved in this request: read from the store from then on
    dropped: bool = False  # a command conflicted: read everything from the store


_reads: ContextVar[_Reads | None] = ContextVar("fresh_reads", default=None)


class ThiduaApplication(Application[UUID]):
    """All of thidua's aggregates live in this one application (one store)."""

    name = "Thidua"

    def __init__(self, url: str | None = None, create_table: bool = False) -> None:
        self.url = url or default_url()
        self._closers: list[Callable[[], None]] = []
        self.extensions: dict[str, Any] = {}  # per-process companions (the view keeper)
        self.saves = 0  # how many saves this process made (the projector's "settled" mark)
        # Freshness (`fresh_reads`). The cached aggregate X holds every event of X up to
        # position _fresh_at[X]. The process's checks have read every event in
        # (_since, _seen] without a break; _changed[X] is the last position of X they
        # saw there (entries forgotten by _prune_fresh count as _floor).
        self._fresh_lock = threading.Lock()
        self._fresh_at: dict[UUID, int] = {}
        self._changed: dict[UUID, int] = {}
        self._since: int | None = None
        self._seen = 0
        self._floor = 0
        env = persistence_env(self.url, create_table)
        # Each event is stored with its hash-chain link, in one transaction (chain_store).
        env["APPLICATION_RECORDER_TOPIC"] = recorder_topic(env["PERSISTENCE_MODULE"])
        env.setdefault("AGGREGATE_CACHE_MAXSIZE", CACHE_SIZE)
        super().__init__(env=env)
        datastore = getattr(self.recorder, "datastore", None)
        pool = getattr(datastore, "pool", None)
        if pool is not None and getattr(pool, "_check", None) is not None:
            pool._check = _ping_if_idle  # psycopg_pool's check, called on every checkout

    def on_close(self, closer: Callable[[], None]) -> None:
        """Run `closer` when this application closes (a companion's connections)."""
        self._closers.append(closer)

    def close(self) -> None:
        closers, self._closers = self._closers, []
        self.extensions.clear()
        for closer in reversed(closers):
            closer()
        super().close()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)

    def get(self, aggregate_id: UUID) -> Any:
        """The aggregate to change: a copy of the cached one (a command may fail half-way)."""
        cached = self._fresh_cached(aggregate_id)
        if cached is not None:
            return deepcopy(cached) if self.repository.deepcopy_from_cache else cached
        found = self.repository.get(aggregate_id, projector_func=projected)
        return self._fetched(aggregate_id, found)

    def read(self, aggregate_id: UUID) -> Any:
        """The aggregate to read only: the cached instance itself, brought up to date.

        No copy, so it costs one query for newer events instead of a deep copy or a
        replay (none inside `fresh_reads` when the request's check found it unchanged).
        Never call a command method on it or pass it to `save`: the change would stay in
        this process's cache without being stored.
        """
        cached = self._fresh_cached(aggregate_id)
        if cached is not None:
            return cached
        return self._fetched(
            aggregate_id,
            self.repository.get(aggregate_id, projector_func=projected, deepcopy_from_cache=False),
        )

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        for obj in objs:  # an aggregate from `read` is this process's cached instance
            if isinstance(obj, Aggregate) and self._cached(obj.id) is obj:
                raise RuntimeError(f"{type(obj).__name__} was read for reading only")
        try:
            recordings = super().save(*objs, **kwargs)
        finally:
            self.saves += 1
            self._saving(objs)
        found = _recorded.get()
        if found is not None:
            found.extend(r.notification.id for r in recordings)
        return recordings

    # -- freshness (`fresh_reads`) -------------------------------------------------------
    def _fresh_cached(self, aggregate_id: UUID) -> Any | None:
        """Inside `fresh_reads`: the cached aggregate when the checks saw no event of it
        stored past what it holds; otherwise None (read it from the store)."""
        reads = _reads.get()
        if reads is None or reads.dropped or (id(self), aggregate_id) in reads.saved:
            return None
        if self.repository.cache is None:
            return None
        self._check(reads)
        with self._fresh_lock:
            if not self._vouched(aggregate_id):
                return None
            cached = self._cached(aggregate_id)
            if cached is not None:
                self._fresh_at[aggregate_id] = self._seen
            return cached

    def _vouched(self, aggregate_id: UUID) -> bool:
        """The checks saw no event of the aggregate past what its cached copy holds
        (under `_fresh_lock`)."""
        at = self._fresh_at.get(aggregate_id)
        if at is None or self._since is None or at < self._since:
            return False
        return self._changed.get(aggregate_id, self._floor) <= at

    def _fetched(self, aggregate_id: UUID, aggregate: Any, end: int | None = None) -> Any:
        """After a read from the store inside `fresh_reads`: the cached instance holds every
        event up to the request's check (it was read after the check), or up to `end`."""
        reads = _reads.get()
        if end is None:
            end = reads.checked.get(id(self)) if reads is not None else None
        if end is None:
            return aggregate
        with self._fresh_lock:
            cached = self._cached(aggregate_id)
            if cached is not None and cached.version == aggregate.version:
                if end > self._fresh_at.get(aggregate_id, -1):
                    self._fresh_at[aggregate_id] = end
                if len(self._fresh_at) + len(self._changed) > 4 * self._cache_size() + 100:
                    self._prune_fresh()
        return aggregate

    def _check(self, reads: _Reads) -> None:
        """This request's check, made at its first aggregate read (one query): which
        aggregates had events stored since the process's previous check."""
        if id(self) in reads.checked:
            return
        recorder: Any = self.recorder
        with self._fresh_lock:  # one check at a time, its findings kept before the next
            rows = [] if self._since is None else recorder.changed_after(self._seen, FRESH_ROWS + 1)
            self._checked(reads, rows)

    def _checked(self, reads: _Reads, rows: list[tuple[int, UUID]]) -> None:
        """Keep what a check found (under `_fresh_lock`)."""
        if self._since is None or len(rows) > FRESH_ROWS:
            # The first check, or too many: what is cached is vouched for no more
            # (each aggregate is read from the store once, then vouched for again).
            recorder: Any = self.recorder
            self._since = self._seen = recorder.last_position()
            self._changed.clear()
            self._floor = 0
        elif rows:
            self._changed.update((originator, position) for position, originator in rows)
            self._seen = rows[-1][0]
        reads.checked[id(self)] = self._seen

    def _saving(self, objs: tuple[Any, ...]) -> None:
        """What this request saves it reads from the store from now on (the cached copy
        lacks the new events); so does every later request until its check sees them."""
        reads = _reads.get()
        with self._fresh_lock:
            for obj in objs:
                if isinstance(obj, Aggregate):
                    self._fresh_at.pop(obj.id, None)
                    if reads is not None:
                        reads.saved.add((id(self), obj.id))

    def _cache_size(self) -> int:
        return int(getattr(self.repository.cache, "maxsize", 0) or 0)

    def _prune_fresh(self) -> None:
        """Forget aggregates the cache no longer holds. A forgotten change counts as the
        latest forgotten position, so nothing vouched for before it is believed fresh."""
        held = getattr(self.repository.cache, "cache", {})
        self._fresh_at = {k: v for k, v in list(self._fresh_at.items()) if k in held}
        kept = {k: v for k, v in self._changed.items() if k in self._fresh_at}
        dropped = [v for k, v in self._changed.items() if k not in kept]
        self._floor = max([self._floor, *dropped])
        self._changed = kept

    def _cached(self, aggregate_id: UUID) -> Any | None:
        try:
            return self.repository.cache.get(aggregate_id) if self.repository.cache else None
        except KeyError:
            return None

    def find(self, aggregate_id: UUID) -> Any | None:
        """`get`, or None when there is no such aggregate."""
        try:
            return self.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def find_read(self, aggregate_id: UUID) -> Any | None:
        """`find` for reading only (see `read`): no copy; never change or save it."""
        try:
            return self.read(aggregate_id)
        except AggregateNotFoundError:
            return None

    def prefetch(self, *aggregate_ids: UUID) -> None:
        """Inside `fresh_reads`: what `get` or `read` of each of `aggregate_ids` would read
        from the store, read in one statement, and in the same round trip as the
        request's check when it has not been made yet: the events of those not cached,
        and of cached ones the checks so far have not vouched for (one this process
        saved), after the version each holds (the cached copy brought up to date as the
        library's fast-forward does). The request's reads of them then find them fresh,
        without a query. Ahead of time only: a store that fails is not waited for (the
        reads that follow wait and retry), and a store that reads without round trips
        (SQLite) is not asked.
        """
        recorder: Any = self.recorder
        reads = _reads.get()
        if not hasattr(recorder, "check_and_read") or reads is None or reads.dropped:
            return
        if self.repository.cache is None:
            return
        wanted: dict[UUID, int] = {}
        with self._fresh_lock:  # one check at a time (`_check`), its read with it
            if self._since is None:
                return  # the process's first check is its first read's own
            for i in dict.fromkeys(aggregate_ids):
                cached = self._cached(i)
                if cached is None:
                    wanted[i] = 0
                elif (id(self), i) not in reads.saved and not self._vouched(i):
                    wanted[i] = cached.version  # before the check: as of the last one
            if not wanted:
                return
            try:
                if id(self) in reads.checked:
                    found, end = recorder.select_events_after(wanted), reads.checked[id(self)]
                else:
                    rows, found = recorder.check_and_read(self._seen, FRESH_ROWS + 1, wanted)
                    # one snapshot: the read saw every event up to the last the check
                    # returned (also when too many to keep); a cached one the check
                    # finds changed is read by `get` or `read`
                    end = rows[-1][0] if rows else self._seen
                    self._checked(reads, rows)
            except (PersistenceError, psycopg.Error):
                return  # ahead of time only: the reads that follow wait and retry as usual
        for aggregate_id, after in wanted.items():
            self._take(aggregate_id, after, found.get(aggregate_id, []), end)

    def _take(self, aggregate_id: UUID, after: int, stored: list[Any], end: int) -> None:
        """A prefetched aggregate's events after version `after` (0: it was not cached):
        cached, or the cached copy brought up to date in place under the library's
        fast-forward lock (as `Repository.get` does), and vouched for up to `end`."""
        events = [self.mapper.to_domain_event(s) for s in stored]
        repository: Any = self.repository
        if not after:
            if events:
                found = projected(None, events)
                repository.cache.put(aggregate_id, found)
                self._fetched(aggregate_id, found, end)
            return
        lock = repository._use_fastforward_lock(aggregate_id)
        try:
            with lock:
                cached = self._cached(aggregate_id)
                if cached is None or cached.version != after:
                    return  # changed meanwhile (another thread): read as usual
                cached = projected(cached, events)
        finally:
            repository._disuse_fastforward_lock(aggregate_id)
        self._fetched(aggregate_id, cached, end)

    def exists(self, aggregate_id: UUID) -> bool:
        return self._fresh_cached(aggregate_id) is not None or aggregate_id in self.repository

    def command(self, fn: Callable[[], T]) -> T:
        """Run load-mutate-save `fn`; on a version conflict reload and retry, then refuse.

        `fn` must load what it changes itself, so a retry sees the winner's events.
        Nothing is saved unless `fn` returns normally (one `save` per command).
        """
        for attempt in range(RETRIES):
            try:
                return fn()
            except IntegrityError:
                reads = _reads.get()
                if reads is not None:  # an aggregate read was stale: read from the store
                    reads.dropped = True
                if attempt == RETRIES - 1:
                    raise DomainError("store.conflict") from None
                time.sleep(random.uniform(0, BACKOFF_S * 2**attempt))
        raise AssertionError("unreachable")


def projected(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's `project_aggregate` without its assertion on each event (a
    runtime-checkable protocol's isinstance: ~15 µs an event on Python 3.11, some five
    per submission). Each stored event is one of thidua's aggregates' own."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _ping_if_idle(conn: Any) -> None:
    """The pool's check: ping a connection idle for PING_IDLE_S or more (see above)."""
    now = time.monotonic()
    if now - getattr(conn, "_thidua_used", -PING_IDLE_S) >= PING_IDLE_S:
        ConnectionPool.check_connection(conn)
    conn._thidua_used = now


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Every event saved inside carries `actor`."""
    token = current_actor.set(actor)
    try:
        yield actor
    finally:
        current_actor.reset(token)


def execute(app: ThiduaApplication, actor: Actor, fn: Callable[[], T]) -> T:
    """Run a command as `actor` with conflict retry: the shape of every handler.

    Every command passes here, so this is where an account of a unit that is no longer
    active (merged, split, dissolved) is refused, whatever it asks: its successor's
    officers act from then on (auth.unit_inactive, answered 403)."""
    refuse_inactive_unit(app, actor)
    with acting_as(actor):
        return app.command(fn)


def refuse_inactive_unit(app: ThiduaApplication, actor: Actor) -> None:
    """DomainError auth.unit_inactive when `actor` acts for a unit no longer active."""
    if actor.unit is None:
        return
    try:
        unit = app.read(actor.unit)
    except AggregateNotFoundError:
        return  # not a registered unit (a test's or a tool's principal): nothing to check
    if isinstance(unit, Unit) and not unit.is_active:
        raise DomainError("auth.unit_inactive", name=unit.name)


def update(
    app: ThiduaApplication, actor: Actor, fetch: Callable[[], A], change: Callable[[A], T]
) -> T:
    """The usual command: fetch one aggregate, change it, save it (retried on conflict)."""

    def run() -> T:
        aggregate = fetch()
        result = change(aggregate)
        app.save(aggregate)
        return result

    return execute(app, actor, run)


def load(app: ThiduaApplication, aggregate_id: UUID, what: str, read_only: bool = False) -> Any:
    """The aggregate, or DomainError store.not_found naming `what` (Vietnamese).

    `read_only=True` for one the command only reads (see `ThiduaApplication.read`).
    """
    try:
        return app.read(aggregate_id) if read_only else app.get(aggregate_id)
    except AggregateNotFoundError:
        raise DomainError("store.not_found", what=what) from None


def ensure_new(app: ThiduaApplication, aggregate_id: UUID, what: str) -> None:
    if app.exists(aggregate_id):
        raise DomainError("store.exists", what=what)


@contextmanager
def recording() -> Iterator[list[int]]:
    """The log positions of the events saved inside (its list fills as they are)."""
    found: list[int] = []
    token = _recorded.set(found)
    try:
        yield found
    finally:
        _recorded.reset(token)


def begin_fresh_reads() -> Token[_Reads | None]:
    """A web request begins (see `fresh_reads`); pass the token to `end_fresh_reads`."""
    return _reads.set(_Reads())


def end_fresh_reads(token: Token[_Reads | None]) -> None:
    _reads.reset(token)


@contextmanager
def fresh_reads() -> Iterator[None]:
    """One web request's aggregate reads: at the first, one query asks which aggregates
    had events stored since the process's previous check; a cached aggregate none of
    them touched is given as it is, without a query. Others, and any this request
    saves, are read from the store as outside (fast-forwarded from the cache).

    What a request reads is then as of its first read, not of each read: a command
    that decided on a stale copy of the aggregate it saves conflicts on the version
    (IntegrityError), and `command` retries with everything read from the store. An
    aggregate only read (a campaign still open) may be as old as the request; outside a
    request it may be as old as the command. Outside (CLI, tests, the projector) every
    read asks the store, as before.
    """
    token = begin_fresh_reads()
    try:
        yield
    finally:
        end_fresh_reads(token)
