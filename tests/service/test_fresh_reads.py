"""A web request's aggregate reads (`fresh_reads`): one check for what other processes
stored since, no query for a cached aggregate nobody changed; still each request sees
another process's newer events, its own saves, and a stale command retries safely."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from service.org import units
from service.platform import app as platform_app
from service.platform.app import ThiduaApplication, fresh_reads
from service.platform.auth import Principal

CODES = ["HN", "HP", "DN", "CT"]


@pytest.fixture
def other(store_url: str) -> Iterator[ThiduaApplication]:
    """Another gunicorn worker on the same store."""
    application = ThiduaApplication(store_url)
    yield application
    application.close()


def _provinces(app: ThiduaApplication, admin: Principal) -> list[UUID]:
    return [
        units.register_unit(app, admin, code, "province", f"LĐLĐ {code}", date(2011, 6, 7))
        for code in CODES
    ]


def _count_queries(app: ThiduaApplication, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the recorder's reads: an aggregate's events, and the freshness check."""
    counts: Counter[str] = Counter()
    recorder: Any = app.recorder
    for name in ("select_events", "changed_after", "last_position"):
        method = getattr(recorder, name)

        def counted(*args: Any, _method: Any = method, _name: str = name, **kw: Any) -> Any:
            counts[_name] += 1
            return _method(*args, **kw)

        monkeypatch.setattr(recorder, name, counted)
    return counts


def test_a_request_reads_unchanged_cached_aggregates_without_a_query(
    app: ThiduaApplication, admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _provinces(app, admin)
    counts = _count_queries(app, monkeypatch)
    for unit_id in ids:  # outside a request: one query per read, as before
        app.read(unit_id)
    assert counts == Counter(select_events=len(ids))
    counts.clear()
    with fresh_reads():  # the process's first check: every aggregate read once more
        for unit_id in ids:
            app.read(unit_id)
    assert counts == Counter(last_position=1, select_events=len(ids))
    counts.clear()
    with fresh_reads():  # then: one check, and no query for what nobody changed
        for unit_id in ids:
            app.read(unit_id)
            app.get(unit_id)
            assert app.find(unit_id) is not None
            assert app.exists(unit_id)
    assert counts == Counter(changed_after=1)


def test_a_request_sees_another_process_newer_event_on_its_next_request(
    app: ThiduaApplication, other: ThiduaApplication, admin: Principal
) -> None:
    ids = _provinces(app, admin)
    for _ in range(2):
        with fresh_reads():
            names = [app.read(unit_id).current.name for unit_id in ids]
    units.rename_unit(other, admin, "HP", "LĐLĐ thành phố Hải Phòng", date(2012, 1, 2))
    with fresh_reads():
        assert app.read(ids[1]).current.name == "LĐLĐ thành phố Hải Phòng"
        assert app.get(ids[1]).current.name == "LĐLĐ thành phố Hải Phòng"
        assert [app.read(i).current.name for i in ids[::2]] == names[::2]
    with fresh_reads():  # and stays seen
        assert app.read(ids[1]).current.name == "LĐLĐ thành phố Hải Phòng"


def test_a_request_reads_what_it_saved(app: ThiduaApplication, admin: Principal) -> None:
    ids = _provinces(app, admin)
    for _ in range(2):
        with fresh_reads():
            app.read(ids[0])
    with fresh_reads():
        assert app.read(ids[0]).current.name == "LĐLĐ HN"
        units.rename_unit(app, admin, "HN", "LĐLĐ thành phố Hà Nội", date(2012, 1, 2))
        assert app.read(ids[0]).current.name == "LĐLĐ thành phố Hà Nội"
    with fresh_reads():
        assert app.read(ids[0]).current.name == "LĐLĐ thành phố Hà Nội"


def test_a_command_on_a_stale_copy_conflicts_and_retries_from_the_store(
    app: ThiduaApplication,
    other: ThiduaApplication,
    admin: Principal,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process changes the unit after this request's check: the command's copy
    is stale, its save conflicts on the version, and the retry reads from the store."""
    ids = _provinces(app, admin)
    for _ in range(2):
        with fresh_reads():
            app.read(ids[0])
    counts = _count_queries(app, monkeypatch)
    with fresh_reads():
        assert app.read(ids[0]).current.name == "LĐLĐ HN"  # the check is made here
        units.rename_unit(other, admin, "HN", "LĐLĐ thành phố Hà Nội", date(2012, 1, 2))
        assert app.read(ids[0]).current.name == "LĐLĐ HN"  # as of the request's check
        units.dissolve_unit(app, admin, "HN", date(2013, 1, 2))
    assert counts["select_events"] >= 1  # the retry read the unit from the store
    with fresh_reads():
        unit = app.read(ids[0])
    assert unit.current.name == "LĐLĐ thành phố Hà Nội"  # both changes kept, in order
    assert not unit.is_active
    assert unit.version == other.read(ids[0]).version


def test_too_many_changes_read_everything_from_the_store(
    app: ThiduaApplication,
    other: ThiduaApplication,
    admin: Principal,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = _provinces(app, admin)
    for _ in range(2):
        with fresh_reads():
            for unit_id in ids:
                app.read(unit_id)
    monkeypatch.setattr(platform_app, "FRESH_ROWS", 2)
    for code in CODES[1:]:
        units.rename_unit(other, admin, code, f"Liên đoàn {code}", date(2012, 1, 2))
    counts = _count_queries(app, monkeypatch)
    with fresh_reads():
        names = [app.read(unit_id).current.name for unit_id in ids]
    assert names == ["LĐLĐ HN", "Liên đoàn HP", "Liên đoàn DN", "Liên đoàn CT"]
    assert counts == Counter(changed_after=1, last_position=1, select_events=len(ids))
    counts.clear()
    with fresh_reads():  # vouched for again
        assert [app.read(unit_id).current.name for unit_id in ids] == names
    assert counts == Counter(changed_after=1)


def test_prefetched_aggregates_are_read_together_then_kept_fresh(
    app: ThiduaApplication,
    other: ThiduaApplication,
    admin: Principal,
    store_kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker that caches none of them reads them in one statement on PostgreSQL (each
    alone on SQLite, where a read is no round trip). Later, one the worker saved itself
    is read again in the request's check's own round trip; one another process changed,
    which the check finds, is read alone; the others are vouched for by the check."""
    ids = _provinces(app, admin)
    counts = _count_queries(other, monkeypatch)
    for name in ("select_events_after", "check_and_read"):
        method = getattr(other.recorder, name, None)
        if method is not None:
            counts.update({name: 0})
            monkeypatch.setattr(
                other.recorder,
                name,
                lambda *a, _m=method, _n=name: counts.update([_n]) or _m(*a),
            )
    with fresh_reads():  # the worker's first read finds where the log ends (a query alone)
        assert other.read(ids[0]).current.name == "LĐLĐ HN"
    assert +counts == Counter(last_position=1, select_events=1)
    counts.clear()
    with fresh_reads():  # the others, not cached, read with the request's check
        other.prefetch(*ids, ids[0])
        assert [other.read(i).current.name for i in ids] == [f"LĐLĐ {c}" for c in CODES]
        assert other.get(ids[1]).current.name == "LĐLĐ HP"
    if store_kind == "sqlite":
        assert +counts == Counter(changed_after=1, select_events=len(ids) - 1)
    else:
        assert +counts == Counter(check_and_read=1)
    units.rename_unit(other, admin, "HP", "LĐLĐ thành phố Hải Phòng", date(2012, 1, 2))
    units.rename_unit(app, admin, "DN", "LĐLĐ thành phố Đà Nẵng", date(2012, 1, 2))
    counts.clear()
    with fresh_reads():  # HP read ahead with the check, but not read in this request
        other.prefetch(*ids)
        assert [other.read(i).current.name for i in ids if i != ids[1]] == [
            "LĐLĐ HN", "LĐLĐ thành phố Đà Nẵng", "LĐLĐ CT"
        ]  # fmt: skip
    if store_kind == "sqlite":
        assert counts == Counter(changed_after=1, select_events=1)
    else:
        assert +counts == Counter(check_and_read=1, select_events=1)
    units.rename_unit(app, admin, "HP", "Liên đoàn Lao động thành phố Hải Phòng", date(2013, 1, 2))
    counts.clear()
    with fresh_reads():  # a read first makes the check, which finds HP's newer name: the
        assert other.read(ids[0]).current.name == "LĐLĐ HN"  # prefetch reads HP alone
        other.prefetch(*ids)
        assert [other.read(i).current.name for i in ids] == [
            "LĐLĐ HN", "Liên đoàn Lao động thành phố Hải Phòng", "LĐLĐ thành phố Đà Nẵng", "LĐLĐ CT"
        ]  # fmt: skip
    if store_kind == "sqlite":
        assert +counts == Counter(changed_after=1, select_events=1)
    else:
        assert +counts == Counter(changed_after=1, select_events_after=1)


def test_a_read_ahead_the_store_refuses_is_left_to_the_reads(
    app: ThiduaApplication,
    other: ThiduaApplication,
    admin: Principal,
    store_kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A read ahead of time is not waited for: the store failing it, the request goes on
    and its own reads ask again (and wait and retry, with their error pages)."""
    if store_kind == "sqlite":
        pytest.skip("SQLite reads nothing ahead of time")
    ids = _provinces(app, admin)
    with fresh_reads():  # the worker's first read
        other.read(ids[0])

    def gone(*_args: Any) -> Any:
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(other.recorder, "check_and_read", gone)
    with fresh_reads():
        other.prefetch(*ids)
        assert [other.read(i).current.name for i in ids] == [f"LĐLĐ {c}" for c in CODES]
