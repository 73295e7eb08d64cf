"""The hash chain over the store, on SQLite and PostgreSQL: written with the events,
nothing on a rolled-back write, and `verify` names the first bad position whatever
was done to the rows behind the application's back."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit
from uuid import uuid4

import eventsourcing.utils
import pytest
from eventsourcing.persistence import IntegrityError

from domain.org.unit import Unit, UnitKind
from service.audit.chain import checkpoint, verify
from service.audit.restore import restore
from service.audit.schema import create_schema
from service.platform.app import ThiduaApplication
from service.platform.chain_format import GENESIS, MerkleRoot, link
from service.platform.chain_store import ChainBroken, ChainMixin
from service.platform.store import is_postgres
from tests.chain_helpers import Raw, build_demo_export
from tests.web.site import Demos

ON = date(2025, 7, 1)


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory, demos: Demos) -> Path:
    path, _ = build_demo_export(demos.demo("sqlite"), tmp_path_factory.mktemp("demo"))
    return path


@pytest.fixture
def demo(app: ThiduaApplication, demo_export: Path) -> ThiduaApplication:
    """The demo year and review in this test's store (restored from the export)."""
    restore(app, demo_export)
    return app


@pytest.fixture
def raw(app: ThiduaApplication):
    r = Raw(app)
    yield r
    r.close()


def unit(code: str) -> Unit:
    return Unit.register(code, UnitKind.PROVINCE, f"LĐLĐ {code}", None, ON)


def first_position(app: ThiduaApplication, topic: str) -> int:
    for n in app.recorder.select_notifications(1, 10_000):
        if n.topic == topic:
            return n.id
    raise AssertionError(topic)


# -- writing ------------------------------------------------------------------------------


def test_each_event_is_linked_to_the_one_before(app: ThiduaApplication) -> None:
    hanoi, haiphong = unit("HN"), unit("HP")
    app.save(hanoi, haiphong)
    hanoi.rename("LĐLĐ thành phố Hà Nội", date(2025, 8, 1))
    app.save(hanoi)

    events = app.recorder.select_notifications(1, 100)
    rows = app.recorder.chain_rows(0, 10**9, 100)  # type: ignore[attr-defined]
    assert [r.position for r in rows] == [n.id for n in events] and len(rows) == 3
    prev = GENESIS
    for n, row in zip(events, rows, strict=True):
        prev = link(prev, n.id, n.originator_id, n.originator_version, n.topic, n.state)
        assert row.link == prev
        assert row.state_sha256 == hashlib.sha256(n.state).digest()
        assert (row.originator_id, row.originator_version) == (
            n.originator_id,
            n.originator_version,
        )
    report = verify(app)
    assert report.ok and report.checked == 3
    assert report.reached.head == prev.hex() == checkpoint(app).head


def test_link_is_the_documented_encoding() -> None:
    originator = uuid4()
    state = '{"name":"Hà Nội"}'.encode()
    topic = "thidua.Unit.Renamed"
    expected = hashlib.sha256(
        bytes(32)
        + (7).to_bytes(8, "big")
        + originator.bytes
        + (2).to_bytes(8, "big")
        + len(topic).to_bytes(8, "big")
        + topic.encode()
        + len(state).to_bytes(8, "big")
        + state
    ).digest()
    assert link(GENESIS, 7, originator, 2, topic, state) == expected
    # Length prefixes: moving a byte from topic to state changes the link.
    assert link(GENESIS, 7, originator, 2, topic + "{", state[1:]) != expected


def test_merkle_root_follows_rfc6962() -> None:
    def mth(leaves: list[bytes]) -> bytes:  # RFC 6962 §2.1, by the definition
        if not leaves:
            return hashlib.sha256(b"").digest()
        if len(leaves) == 1:
            return hashlib.sha256(b"\x00" + leaves[0]).digest()
        k = 1
        while k * 2 < len(leaves):
            k *= 2
        return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()

    leaves = [hashlib.sha256(bytes([i])).digest() for i in range(37)]
    for n in range(len(leaves) + 1):
        tree = MerkleRoot()
        for leaf in leaves[:n]:
            tree.add(leaf)
        assert tree.root() == mth(leaves[:n]), n


def test_a_rolled_back_write_leaves_no_link(
    app: ThiduaApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.save(unit("HN"))
    before = app.recorder.chain_extent()  # type: ignore[attr-defined]

    def no_retry(_seconds: float) -> None:  # the conflict must not look like an outage
        raise AssertionError("a version conflict was retried as a lost connection")

    with monkeypatch.context() as patched:
        patched.setattr(eventsourcing.utils, "sleep", no_retry)
        with pytest.raises(IntegrityError):
            app.save(unit("HP"), unit("HN"))  # a second Hà Nội: same natural id, all fails
    assert app.recorder.chain_extent() == before  # type: ignore[attr-defined]
    assert app.recorder.max_notification_id() == before[0]

    app.save(unit("HP"))
    last = app.recorder.chain_rows(before[0], 10**9, 10)[-1]  # type: ignore[attr-defined]
    assert last.prev_position == before[0]
    if is_postgres(app.url):
        assert last.position > before[0] + 1  # PostgreSQL used ids up: a gap, not tampering
    report = verify(app)
    assert report.ok and report.checked == 2


def test_concurrent_writers_build_one_chain(app: ThiduaApplication) -> None:
    def write(worker: int) -> None:
        for i in range(8):
            app.save(unit(f"W{worker}X{i}"))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = verify(app)
    assert report.ok and report.checked == 32
    events, links = app.recorder.chain_extent()  # type: ignore[attr-defined]
    assert events == links == report.reached.position


def test_links_are_written_while_other_writers_are_locked_out(
    app: ThiduaApplication, monkeypatch: pytest.MonkeyPatch, raw: Raw
) -> None:
    """PostgreSQL: a writer takes LOCK TABLE ... IN EXCLUSIVE MODE on the events before
    it writes anything (its links are hashed in its insert's statement): while another
    session is between an insert and its commit (holding ROW EXCLUSIVE, which a plain
    insert would not wait for) it waits, and the chain's head stays where it was.
    SQLite: the database write lock is held while the links are hashed (another writer
    fails)."""
    if is_postgres(app.url):
        app.save(unit("HN"))
        before = app.recorder.chain_extent()  # type: ignore[attr-defined]
        raw.run("BEGIN")
        raw.run("LOCK TABLE {events} IN ROW EXCLUSIVE MODE")
        writer = threading.Thread(target=app.save, args=(unit("HP"), unit("HCM")))
        writer.start()
        waiting = wait_for_lock_wait(raw)
        held_still = app.recorder.chain_extent()  # type: ignore[attr-defined]
        raw.run("COMMIT")
        writer.join(10)
        assert waiting and held_still == before
        assert verify(app).ok and verify(app).checked == 3
        return
    seen: list[object] = []
    links_after = ChainMixin._links_after  # the links are hashed: the head was read

    def spy(self: ChainMixin, head: object, rows: object) -> object:
        seen.append(other_writer_sees(app))
        return links_after(self, head, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(ChainMixin, "_links_after", spy)
    app.save(unit("HN"))
    app.save(unit("HP"), unit("HCM"))
    assert seen == ["database is locked", "database is locked"]


def wait_for_lock_wait(raw: Raw) -> bool:
    """Whether another session comes to wait for a lock on the events table (5 s)."""
    for _ in range(500):
        found = raw.run(
            "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND NOT l.granted",
            raw.events,
        )
        if found:
            return True
        time.sleep(0.01)
    return False


def other_writer_sees(app: ThiduaApplication) -> object:
    other = sqlite3.connect(unquote(urlsplit(app.url).path[1:]), timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        return "not locked"
    except sqlite3.OperationalError as e:
        return str(e)
    finally:
        other.close()


# -- tampering directly in the database -----------------------------------------------------


def test_the_demo_verifies(demo: ThiduaApplication) -> None:
    seen: list[int] = []
    report = verify(demo, progress=seen.append, batch=100)
    assert report.ok and report.checked == demo.recorder.max_notification_id() > 800
    assert seen[-1] == report.reached.position and len(seen) >= 8


def test_edited_state_is_named_with_its_case(demo: ThiduaApplication, raw: Raw) -> None:
    p = first_position(demo, "thidua.Dossier.SelfScored")
    (state,) = raw.run("SELECT state FROM {events} WHERE {id} = ?", p)[0]
    forged = bytes(state).replace(b'"9.2"', b'"10.0"')
    assert forged != bytes(state)
    raw.run("UPDATE {events} SET state = ? WHERE {id} = ?", forged, p)

    problem = verify(demo).problem
    assert problem is not None
    assert (problem.position, problem.kind) == (p, "state_changed")
    (version,) = raw.run("SELECT originator_version FROM {events} WHERE {id} = ?", p)[0]
    assert problem.aggregate == "thidua.Dossier" and problem.version == version
    assert problem.case is not None and problem.case.kind == "year"
    message = problem.message()
    assert message.startswith(f"Vị trí {p}: nội dung sự kiện đã bị sửa")
    assert "hồ sơ thi đua" in message and f"năm thi đua {problem.case.id}" in message


def test_edited_topic(demo: ThiduaApplication, raw: Raw) -> None:
    p = 40
    raw.run("UPDATE {events} SET topic = ? WHERE {id} = ?", "thidua.Unit.Dissolved", p)
    problem = verify(demo).problem
    assert problem is not None and (problem.position, problem.kind) == (p, "topic_changed")


def test_deleted_event(demo: ThiduaApplication, raw: Raw) -> None:
    raw.run("DELETE FROM {events} WHERE {id} = ?", 123)
    problem = verify(demo).problem
    assert problem is not None and (problem.position, problem.kind) == (123, "event_deleted")
    assert problem.originator is not None  # named from the link row that is left


def test_deleted_event_and_its_link(demo: ThiduaApplication, raw: Raw) -> None:
    raw.run("DELETE FROM {events} WHERE {id} = ?", 321)
    raw.run("DELETE FROM event_chain WHERE position = ?", 321)
    problem = verify(demo).problem
    assert problem is not None and (problem.position, problem.kind) == (321, "deleted")


def test_reordered_events(demo: ThiduaApplication, raw: Raw) -> None:
    raw.swap_positions(200, 260)
    problem = verify(demo).problem
    assert problem is not None and (problem.position, problem.kind) == (200, "moved")
    assert problem.details["recorded_at"] == 260
    assert "khi ghi, nó ở vị trí 260" in problem.message()


def test_forged_event_inserted(demo: ThiduaApplication, raw: Raw) -> None:
    last = demo.recorder.max_notification_id()
    state = json.dumps({"name": "Giả mạo", "on": "2025-01-01"}).encode()
    raw.run(
        "INSERT INTO {events} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
        raw.oid(uuid4()),
        2,
        "thidua.Unit.Renamed",
        state,
    )
    problem = verify(demo).problem
    assert problem is not None and problem.kind == "unlinked"
    assert problem.position == demo.recorder.max_notification_id() > last


def test_edited_link(demo: ThiduaApplication, raw: Raw) -> None:
    raw.run("UPDATE event_chain SET link = ? WHERE position = ?", bytes(32), 500)
    problem = verify(demo).problem
    assert problem is not None and (problem.position, problem.kind) == (500, "link_changed")


def test_rewritten_history_fails_against_an_earlier_checkpoint(
    demo: ThiduaApplication, raw: Raw
) -> None:
    before = checkpoint(demo)
    p = first_position(demo, "thidua.Dossier.SelfScored")
    (state,) = raw.run("SELECT state FROM {events} WHERE {id} = ?", p)[0]
    raw.run("UPDATE {events} SET state = ? WHERE {id} = ?", bytes(state).replace(b"9.2", b"9.9"), p)
    relink_from(demo, raw, p)  # someone who knows the format recomputes every later link

    assert verify(demo).ok  # the chain alone cannot tell: that is what checkpoints are for
    problem = verify(demo, against=before).problem
    assert problem is not None and problem.kind == "checkpoint"
    assert problem.position == before.position
    assert "không khớp điểm kiểm tra" in problem.message()


def test_truncated_tail_fails_against_an_earlier_checkpoint(
    demo: ThiduaApplication, raw: Raw
) -> None:
    before = checkpoint(demo)
    raw.run("DELETE FROM {events} WHERE {id} = ?", before.position)
    raw.run("DELETE FROM event_chain WHERE position = ?", before.position)
    assert verify(demo).ok
    problem = verify(demo, against=before).problem
    assert problem is not None and problem.kind == "checkpoint_short"
    assert problem.position == before.position - 1


def test_a_later_store_extends_its_checkpoint(demo: ThiduaApplication) -> None:
    before = checkpoint(demo)
    demo.save(unit("MOI"))
    report = verify(demo, against=before)
    assert report.ok and report.checked == before.count + 1


def relink_from(app: ThiduaApplication, raw: Raw, start: int) -> None:
    rows = raw.run(
        "SELECT position, link FROM event_chain WHERE position < ? ORDER BY position DESC LIMIT 1",
        start,
    )
    prev = bytes(rows[0][1]) if rows else GENESIS
    for n in app.recorder.select_notifications(start, 10_000):
        prev = link(prev, n.id, n.originator_id, n.originator_version, n.topic, n.state)
        sha = hashlib.sha256(n.state).digest()
        raw.run(
            "UPDATE event_chain SET link = ?, state_sha256 = ? WHERE position = ?", prev, sha, n.id
        )


def test_db_init_links_a_store_older_than_the_chain(app: ThiduaApplication, raw: Raw) -> None:
    app.save(unit("HN"), unit("HP"))
    app.save(unit("HCM"))
    raw.run("DELETE FROM event_chain")  # as a store from before the chain existed

    assert create_schema(app.url) == 3
    assert verify(app).ok and verify(app).checked == 3
    assert create_schema(app.url) == 0  # only ever onto an empty chain


def test_db_init_never_links_over_a_partial_chain(app: ThiduaApplication, raw: Raw) -> None:
    app.save(unit("HN"))
    app.save(unit("HP"))
    raw.run("DELETE FROM event_chain WHERE position = ?", app.recorder.max_notification_id())

    assert create_schema(app.url) == 0
    problem = verify(app).problem
    assert problem is not None and problem.kind == "unlinked"


def test_a_reused_position_stops_writes_instead_of_forking_the_chain(
    app: ThiduaApplication, raw: Raw
) -> None:
    app.save(unit("HN"))
    app.save(unit("HP"))
    raw.run("DELETE FROM {events} WHERE {id} = 2")  # SQLite then hands out rowid 2 again
    if is_postgres(app.url):  # a sequence hands out 2 again only if set back
        raw.run("SELECT setval(pg_get_serial_sequence(?, 'notification_id'), 1)", raw.events)
    with pytest.raises(ChainBroken, match="không sau đầu chuỗi 2"):
        app.save(unit("HCM"))
    assert app.recorder.chain_extent() == (1, 2)  # type: ignore[attr-defined]
    problem = verify(app).problem
    assert problem is not None and (problem.position, problem.kind) == (2, "event_deleted")
