"""The one eventsourcing application: persistence, transcodings, snapshots, retries."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder
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


class ThiduaApplication(Application[UUID]):
    """All of thidua's aggregates live in this one application (one store)."""

    name = "Thidua"

    def __init__(self, url: str | None = None, create_table: bool = False) -> None:
        self.url = url or default_url()
        self._closers: list[Callable[[], None]] = []
        self.extensions: dict[str, Any] = {}  # per-process companions (the view keeper)
        self.saves = 0  # how many saves this process made (the projector's "settled" mark)
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
        return self.repository.get(aggregate_id)

    def read(self, aggregate_id: UUID) -> Any:
        """The aggregate to read only: the cached instance itself, brought up to date.

        No copy, so it costs one query for newer events instead of a deep copy or a
        replay. Never call a command method on it or pass it to `save`: the change would
        stay in this process's cache without being stored.
        """
        return self.repository.get(aggregate_id, deepcopy_from_cache=False)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        for obj in objs:  # an aggregate from `read` is this process's cached instance
            if isinstance(obj, Aggregate) and self._cached(obj.id) is obj:
                raise RuntimeError(f"{type(obj).__name__} was read for reading only")
        try:
            recordings = super().save(*objs, **kwargs)
        finally:
            self.saves += 1
        found = _recorded.get()
        if found is not None:
            found.extend(r.notification.id for r in recordings)
        return recordings

    def _cached(self, aggregate_id: UUID) -> Any | None:
        try:
            return self.repository.cache.get(aggregate_id) if self.repository.cache else None
        except KeyError:
            return None

    def find(self, aggregate_id: UUID) -> Any | None:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def find_read(self, aggregate_id: UUID) -> Any | None:
        """`find` for reading only (see `read`): no copy; never change or save it."""
        try:
            return self.read(aggregate_id)
        except AggregateNotFoundError:
            return None

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def command(self, fn: Callable[[], T]) -> T:
        """Run load-mutate-save `fn`; on a version conflict reload and retry, then refuse.

        `fn` must load what it changes itself, so a retry sees the winner's events.
        Nothing is saved unless `fn` returns normally (one `save` per command).
        """
        for attempt in range(RETRIES):
            try:
                return fn()
            except IntegrityError:
                if attempt == RETRIES - 1:
                    raise DomainError("store.conflict") from None
                time.sleep(random.uniform(0, BACKOFF_S * 2**attempt))
        raise AssertionError("unreachable")


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
