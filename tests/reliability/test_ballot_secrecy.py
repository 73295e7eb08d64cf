"""A secret ballot's choice is never reachable: by no role, page, API read, export, log
line or stored row.

Non-interference, twice over the same store: in world A Lạng Sơn votes Hà Giang alone
(the only such ballot, so the tally cannot hide it) and Cao Bằng votes Lào Cai + Lạng
Sơn; in world B the two swap ballots. Everything public — who took part, and after the
close the tally — is the same in both worlds; so every GET route of the app's url_map
(pages, forms, API reads) read by every principal before and after the close, the audit
export, the raw event rows and the DEBUG log of the whole scenario must be the same in
both, once times, chain links, nonces and CSRF tokens are blanked. Any difference is a
voter → choice pairing showing somewhere. Plus direct checks on the stored rows.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from domain.kernel.base import DomainError
from service.accounts import access_log
from service.audit.export import write_export
from service.platform import ballots
from service.platform.app import ThiduaApplication
from tests.reliability.access_site import (
    PRINCIPALS,
    AccessSite,
    build_access_site,
)
from tests.reliability.test_access_matrix import get_routes
from tests.web.site import Demos, unit

OTHERS = {
    "vice": ["LANGSON", "CAOBANG"],
    "vice16": ["LAOCAI", "LANGSON"],
    "hg_steering": ["LAOCAI", "CAOBANG"],
}
WORLDS = {
    "A": {"chair": ["LAOCAI", "LANGSON"], "member": ["HAGIANG"], **OTHERS},
    "B": {"chair": ["HAGIANG"], "member": ["LAOCAI", "LANGSON"], **OTHERS},
}
ORDER = ["chair", "vice", "vice16", "member", "hg_steering"]  # the same order in both worlds
BLANKS = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?"), "<time>"),
    (re.compile(r"v1:[A-Za-z0-9_=-]+"), "<sealed>"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "<hash>"),
    (re.compile(r'name="csrf_token" value="[^"]+"'), "<csrf>"),
    (re.compile(r"\b\d+(\.\d+)? ?ms\b"), "<ms>"),
    # a ballot's mark is a fingerprint of its sealed text, random as the sealing is
    (re.compile(r"\b[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}\b"), "<mark>"),
    (re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d(:\d\d)?"), "<shown time>"),
    (re.compile(r"\b\d\d:\d\d \d\d/\d\d/\d{4}"), "<shown time>"),  # a receipt's "19:18 05/12/2026"
    # random (version 4) ids, e.g. of sign-in records; unit and case ids are uuid5, kept
    (
        re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}"),
        "<id4>",
    ),
]


def blank(text: str) -> str:
    for pattern, replacement in BLANKS:
        text = pattern.sub(replacement, text)
    return text


@pytest.fixture(scope="module")
def module_ballot_key(tmp_path_factory: pytest.TempPathFactory, demos: Demos) -> Iterator[Path]:
    yield from demos.module_key(tmp_path_factory)


@pytest.fixture(autouse=True)
def ballot_key(module_ballot_key: Path) -> Path:
    return module_ballot_key


@pytest.fixture(scope="module")
def access(
    module_ballot_key: Path, tmp_path_factory: pytest.TempPathFactory, demos: Demos
) -> Iterator[AccessSite]:
    yield from build_access_site(demos, tmp_path_factory.mktemp("secrecy"), module_ballot_key)


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.levelname} {record.getMessage()}")


BROWSERS: dict[str, Any] = {}


def sweep(access: AccessSite, out: dict[str, str], stage: str) -> None:
    if not BROWSERS:  # signed in once: a session is a signed cookie, it outlives restore()
        BROWSERS.update({who: access.login(who)[0] for who in PRINCIPALS if who != "anonymous"})
        BROWSERS["anonymous"] = access.site.app.test_client()
    browsers = BROWSERS
    for endpoint, _, path in get_routes(access):
        if endpoint in ("static", "files.get", "api.get_file"):
            continue
        for who in PRINCIPALS:
            client = access.client(who) if path.startswith("/api/") else browsers[who]
            response = client.get(path)
            out[f"{stage} {who} GET {path}"] = f"{response.status_code} {response.get_data()!r}"


def play(access: AccessSite, world: dict[str, list[str]]) -> dict[str, str]:
    """The scenario in one world; every output it can be read from, keyed."""
    access.restore()
    out: dict[str, str] = {}
    capture = Capture()
    loggers = [logging.getLogger()] + [
        x for x in logging.root.manager.loggerDict.values() if isinstance(x, logging.Logger)
    ]
    levels = [(x, x.level) for x in loggers]
    for x in loggers:  # every logger at DEBUG, each into the capture
        x.setLevel(logging.DEBUG)
        x.addHandler(capture)
    try:
        poll = access.extra["poll16"].hex
        for who in ORDER:
            body = {"choices": [unit(code) for code in world[who]]}
            response = access.client(who).post(f"/api/v1/polls/{poll}/vote", json=body)
            assert response.status_code == 200, response.get_json()
            out[f"vote {who}"] = response.get_data(as_text=True)
        sweep(access, out, "open")
        closed = access.client("vice").post(f"/api/v1/polls/{poll}/close", json={})
        assert closed.status_code == 200, closed.get_json()
        out["close"] = closed.get_data(as_text=True)
        sweep(access, out, "closed")
        out["export"] = export(access)
        for i, row in enumerate(rows(access)):
            out[f"row {i}"] = row
    finally:
        for x, was in levels:
            x.removeHandler(capture)
            x.setLevel(was)
    out["log"] = "\n".join(capture.lines)
    return {key: blank(value) for key, value in out.items()}


def export(access: AccessSite) -> str:
    app = ThiduaApplication(access.url)
    try:
        text = io.StringIO()
        write_export(app, text)
        return text.getvalue()
    finally:
        app.close()


def rows(access: AccessSite) -> list[str]:
    with closing(sqlite3.connect(access.files[0])) as conn:
        found = conn.execute("SELECT topic, state FROM stored_events ORDER BY rowid").fetchall()
    return [f"{topic} {bytes(state).decode()}" for topic, state in found]


def test_no_voter_choice_pairing_anywhere(
    access: AccessSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One clock hour for the whole test: the refusal throttle counts per process and hour,
    # so a run across the hour's turn recorded refusals in one world only (seen once in CI).
    hour = access_log.THROTTLE.clock()
    monkeypatch.setattr(access_log.THROTTLE, "clock", lambda: hour)
    sweep(access, {}, "sign in")  # every principal signs in once, before either world
    a, b = play(access, WORLDS["A"]), play(access, WORLDS["B"])
    access.restore()
    base = len(rows(access))
    play(access, WORLDS["A"])
    stored = rows(access)[base:]  # what the scenario stored
    assert set(a) == set(b), "the two worlds were read through different outputs"
    differ = sorted(k for k in a if a[k] != b[k])
    shown = [f"{k}:\n  A: {diff_at(a[k], b[k])}" for k in differ[:8]]
    assert not differ, f"{len(differ)} of {len(a)} outputs depend on who voted what:\n" + "\n".join(
        shown
    )
    # and directly: the poll's stream holds sealed ballots under the ballot box only
    poll_rows = [r for r in stored if r.startswith("thidua.Poll.BallotSealed")]
    assert len(poll_rows) == len(ORDER)
    assert all(
        '"ballot-box"' in r and '"sealed":"v1:' in r and "choices" not in r for r in poll_rows
    )
    assert not [r for r in stored if r.startswith("thidua.Poll.BallotCast")]
    poll = access.extra["poll16"]
    for row in poll_rows:  # sealed, not merely prefixed: another secret cannot open it
        sealed = json.loads(row.split(" ", 1)[1])["sealed"]
        assert ballots.unseal(poll, sealed)
        with pytest.raises(DomainError):
            ballots.unseal(poll, sealed, secret=b"another-secret-" * 3)
    assert not [r for r in stored if r.startswith("thidua.Participation") and '"choices"' in r]
    assert len(a) > 2500, len(a)  # pages × principals × 2 stages, export, rows, log
    print(
        f"\nballot secrecy: {len(a)} outputs compared between the two worlds, {len(a['log'])} log chars"
    )


def diff_at(x: str, y: str) -> str:
    i = next((n for n, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
    return f"…{x[max(0, i - 80) : i + 80]!r}\n  B: …{y[max(0, i - 80) : i + 80]!r}"
