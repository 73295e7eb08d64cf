"""Random tampering never crashes `verify`: whatever is done to the stored rows (bytes
flipped in any hashed column, states swapped between events of other shapes, a key
renamed by a byte, values stored with another type, rows deleted, moved, forged), the
report names a position, the first one changed, with a Vietnamese sentence.

One demo store per kind, opened once; each trial restores its two tables from copies
kept beside them (a few milliseconds), tampers, compares with the copies to know which
position changed first, and verifies against the checkpoint taken before (so that a
cut tail is found too).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from service.audit.chain import checkpoint, verify
from service.platform.app import ThiduaApplication
from service.platform.chain_format import Checkpoint
from tests.chain_helpers import Raw
from tests.prepared import PG_URL, sealing_with
from tests.web.site import Demos
from web.cli.main import cli

TRIALS = 200  # per store


class Trial:
    """A demo store, its pristine rows kept in `pristine_events` / `pristine_chain`."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.app, self.raw = app, Raw(app)
        self.blob = "bytea" if self.raw.postgres else "BLOB"
        for sql in (
            "DROP TABLE IF EXISTS pristine_events",
            "DROP TABLE IF EXISTS pristine_chain",
            "CREATE TABLE pristine_events AS SELECT {id} AS p, originator_id, "
            "originator_version, topic, state FROM {events}",
            "CREATE TABLE pristine_chain AS SELECT * FROM event_chain",
        ):
            self.raw.run(sql)
        self.last = app.recorder.max_notification_id()
        self.before: Checkpoint = checkpoint(app)
        self.topics = dict(self.raw.run("SELECT p, topic FROM pristine_events"))

    def restore(self) -> None:
        for sql in (
            "DELETE FROM {events}",
            "INSERT INTO {events} ({id}, originator_id, originator_version, topic, state) "
            "SELECT p, originator_id, originator_version, topic, state FROM pristine_events",
            "DELETE FROM event_chain",
            "INSERT INTO event_chain SELECT * FROM pristine_chain",
        ):
            self.raw.run(sql)

    def first_changed(self) -> int | None:
        """The lowest position whose event row or link differs from the pristine copy."""
        pairs = (
            (
                "SELECT {id} AS p, originator_id, originator_version, topic, state FROM {events}",
                "SELECT * FROM pristine_events",
            ),
            (
                "SELECT position AS p, link FROM event_chain",
                "SELECT position AS p, link FROM pristine_chain",
            ),
        )
        found = []
        for now, was in pairs:
            for a, b in ((now, was), (was, now)):
                (low,) = self.raw.run(f"SELECT MIN(d.p) FROM ({a} EXCEPT {b}) d")[0]
                if low is not None:
                    found.append(int(low))
        return min(found, default=None)

    def positions(self) -> list[int]:
        rows = self.raw.run("SELECT {id} FROM {events} UNION SELECT position FROM event_chain")
        return sorted(int(p) for (p,) in rows)

    # -- the tamperings: each a change someone with database access could make ----------
    def state(self, p: int) -> bytes:
        return bytes(self.raw.run("SELECT state FROM {events} WHERE {id} = ?", p)[0][0])

    def set(self, column: str, value: Any, p: int) -> None:
        self.raw.run(f"UPDATE {{events}} SET {column} = ? WHERE {{id}} = ?", value, p)

    def flip_state(self, p: int, at: int, mask: int) -> None:
        state = bytearray(self.state(p))
        state[at % len(state)] ^= mask
        self.set("state", bytes(state), p)

    def flip_link(self, p: int, at: int, mask: int) -> None:
        (old,) = self.raw.run("SELECT link FROM event_chain WHERE position = ?", p)[0]
        new = bytearray(bytes(old))
        new[at % 32] ^= mask
        self.raw.run("UPDATE event_chain SET link = ? WHERE position = ?", bytes(new), p)

    def flip_topic(self, p: int, at: int, mask: int) -> None:
        raw = bytearray(self.topics[p].encode())
        raw[at % len(raw)] ^= mask
        if self.raw.postgres:  # PostgreSQL keeps only valid UTF-8 text, without NUL
            text = bytes(raw).decode("utf-8", errors="replace").replace("\x00", "?")
            self.set("topic", text, p)
        else:  # SQLite keeps the bytes as text, valid or not
            self.raw.run(
                "UPDATE {events} SET topic = CAST(? AS TEXT) WHERE {id} = ?", bytes(raw), p
            )

    def flip_originator(self, p: int, at: int, mask: int) -> None:
        (old,) = self.raw.run("SELECT originator_id FROM {events} WHERE {id} = ?", p)[0]
        if self.raw.postgres:
            raw = bytearray(old.bytes)
            raw[at % 16] ^= mask
            self.set("originator_id", type(old)(bytes=bytes(raw)), p)
        else:
            text = bytearray(old.encode())
            text[at % 32] ^= mask
            self.set("originator_id", bytes(text).decode("latin-1"), p)

    def change_version(self, p: int, at: int, mask: int) -> None:
        self.raw.run(
            "UPDATE {events} SET originator_version = originator_version + ? WHERE {id} = ?",
            1 + at % 1000 * mask,
            p,
        )

    def swap_states(self, p: int, q: int) -> None:
        a, b = self.state(p), self.state(q)
        self.set("state", b, p)
        self.set("state", a, q)

    def rename_key(self, p: int, at: int, mask: int) -> None:
        state = self.state(p)
        keys = sorted(json.loads(state))
        key = keys[at % len(keys)]
        renamed = key[:-1] + chr(ord(key[-1]) ^ (mask & 0x1F or 1))  # "poll" → "pold"
        self.set("state", state.replace(f'"{key}":'.encode(), f'"{renamed}":'.encode(), 1), p)

    def retype(self, p: int, at: int, mask: int) -> None:
        """SQLite only: a value stored with another type than the writer's."""
        column = ("state", "topic", "link", "originator_id", "originator_version")[at % 5]
        if column == "link":
            self.raw.run("UPDATE event_chain SET link = CAST(link AS TEXT) WHERE position = ?", p)
        elif column == "originator_id":
            self.raw.run(
                "UPDATE {events} SET originator_id = UPPER(originator_id) WHERE {id} = ?", p
            )
        elif column == "originator_version":
            self.set("originator_version", "v", p)
        else:
            self.raw.run(
                f"UPDATE {{events}} SET {column} = CAST({column} AS "
                f"{'TEXT' if column == 'state' else 'BLOB'}) WHERE {{id}} = ?",
                p,
            )

    def delete_event(self, p: int) -> None:
        self.raw.run("DELETE FROM {events} WHERE {id} = ?", p)

    def delete_link(self, p: int) -> None:
        self.raw.run("DELETE FROM event_chain WHERE position = ?", p)

    def delete_both(self, p: int) -> None:
        self.delete_event(p)
        self.delete_link(p)

    def swap_positions(self, p: int, q: int) -> None:
        self.raw.swap_positions(p, q)

    def move_event(self, p: int, ahead: int) -> None:
        self.raw.run("UPDATE {events} SET {id} = ? WHERE {id} = ?", self.last + ahead, p)

    def forge_link(self, p: int, ahead: int) -> None:
        """A link row with no event, past the end."""
        self.raw.run(
            "INSERT INTO event_chain SELECT ? AS position, prev_position, originator_id, "
            "originator_version, topic, state_sha256, link FROM event_chain WHERE position = ?",
            self.last + ahead,
            p,
        )

    def forge_event(self, p: int, ahead: int) -> None:
        """A copy of the event at p under a new stream, past the end: no link."""
        self.raw.run(
            "INSERT INTO {events} ({id}, originator_id, originator_version, topic, state) "
            "SELECT ?, originator_id, originator_version + 100000, topic, state FROM {events} "
            "WHERE {id} = ?",
            self.last + ahead,
            p,
        )


ONE_POSITION = ("delete_event", "delete_link", "delete_both")
TWO_POSITIONS = ("swap_states", "swap_positions")
AHEAD = ("move_event", "forge_link", "forge_event")
FLIPS = ("flip_state", "flip_link", "flip_topic", "flip_originator", "change_version")


def tamperings(sqlite: bool) -> st.SearchStrategy[tuple[Any, ...]]:
    position = st.integers(min_value=1, max_value=10**6)  # taken modulo the store's length
    flips = FLIPS + ("rename_key",) + (("retype",) if sqlite else ())
    byte = st.integers(min_value=0, max_value=10**4)
    mask = st.integers(min_value=1, max_value=255)
    return st.one_of(
        st.tuples(st.sampled_from(flips), position, byte, mask),
        st.tuples(st.sampled_from(ONE_POSITION), position),
        st.tuples(st.sampled_from(TWO_POSITIONS), position, position),
        st.tuples(st.sampled_from(AHEAD), position, st.integers(min_value=1, max_value=5)),
    )


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def trial(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, demos: Demos
) -> Iterator[Trial]:
    if request.param == "postgres" and not PG_URL:
        pytest.skip("THIDUA_TEST_POSTGRES_URL not set (scripts/test.sh sets it)")
    demo = demos.demo(request.param)
    with sealing_with(demo.key):
        app = ThiduaApplication(demo.copy(tmp_path_factory.mktemp("tamper")))
        t = Trial(app)
        started = time.perf_counter()
        yield t
        print(f"\n{request.param}: {TRIALS} trials in {time.perf_counter() - started:.1f} s")
        t.raw.close()
        app.close()


def run(t: Trial, changes: list[tuple[Any, ...]]) -> None:
    t.restore()
    for name, *args in changes:
        positions = [1 + a % t.last for a in args[:1]]
        if name in TWO_POSITIONS:
            positions.append(1 + args[1] % t.last)
        rest = args[len(positions) :]
        try:
            getattr(t, name)(*positions, *rest)
        except Exception:  # the store refused it (a key taken, a NOT NULL): not a tampering
            assume(False)


@settings(
    max_examples=TRIALS,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_tampering_is_named_at_the_first_changed_position(trial: Trial, data: Any) -> None:
    changes = data.draw(st.lists(tamperings(not trial.raw.postgres), min_size=1, max_size=3))
    run(trial, changes)
    first = trial.first_changed()

    report = verify(trial.app, against=trial.before)  # must not raise, whatever is stored

    if first is None:  # the changes cancelled out (a swap with itself, ...)
        assert report.ok, report.problem
        return
    problem = report.problem
    assert problem is not None, changes
    message = problem.message()
    assert message.startswith(f"Vị trí {problem.position}: ") and message.endswith(".")
    positions = trial.positions()
    verified = max((p for p in positions if p < first), default=0)
    remaining = [p for p in positions if p >= first]
    if not remaining:  # the tail was cut: only the checkpoint can tell
        assert (problem.kind, problem.position) == ("checkpoint_short", verified), changes
        return
    assert verified < problem.position <= remaining[0], (changes, first, problem)
    assert report.checked == sum(1 for p in positions if p <= verified), changes


# -- the auditor's two findings, through the command line ------------------------------


def first_of(raw: Raw, topic: str) -> int:
    return int(raw.run("SELECT MIN({id}) FROM {events} WHERE topic = ?", topic)[0][0])


def thidua_verify(url: str, tmp_path: Path) -> Result:
    env = {"THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE_PATH": str(tmp_path / "instance")}
    return CliRunner().invoke(cli, ["audit", "verify"], env=env, catch_exceptions=False)


def test_a_state_of_another_shape_is_named_not_crashed_on(
    demo_app: ThiduaApplication, tmp_path: Path
) -> None:
    raw = Raw(demo_app)
    try:
        dossier = first_of(raw, "thidua.Dossier.Opened")
        (unit,) = raw.run(  # a later stream's first event: a unit, not a dossier
            "SELECT MAX({id}) FROM {events} WHERE topic = ?", "thidua.Unit.Created"
        )[0]
        assert unit > dossier
        a = bytes(raw.run("SELECT state FROM {events} WHERE {id} = ?", dossier)[0][0])
        b = bytes(raw.run("SELECT state FROM {events} WHERE {id} = ?", unit)[0][0])
        raw.run("UPDATE {events} SET state = ? WHERE {id} = ?", b, dossier)
        raw.run("UPDATE {events} SET state = ? WHERE {id} = ?", a, unit)
    finally:
        raw.close()
    result = thidua_verify(demo_app.url, tmp_path)
    assert result.exit_code == 1, result.output
    assert f"SAI: Vị trí {dossier}: nội dung sự kiện đã bị sửa" in result.output


def test_a_key_renamed_by_a_byte_is_named_not_crashed_on(
    demo_app: ThiduaApplication, tmp_path: Path
) -> None:
    raw = Raw(demo_app)
    try:
        p = first_of(raw, "thidua.Participation.Created")
        state = bytes(raw.run("SELECT state FROM {events} WHERE {id} = ?", p)[0][0])
        assert b'"poll":' in state
        raw.run(
            "UPDATE {events} SET state = ? WHERE {id} = ?", state.replace(b'"poll":', b'"pold":'), p
        )
    finally:
        raw.close()
    result = thidua_verify(demo_app.url, tmp_path)
    assert result.exit_code == 1, result.output
    assert f"SAI: Vị trí {p}: nội dung sự kiện đã bị sửa — lượt bỏ phiếu" in result.output
