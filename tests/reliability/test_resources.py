"""The database down and the disk full during a submission, through a real gunicorn.

For each fault: a form POST (signed in, with CSRF) and an API POST get a clean error
(503 or 507, a Vietnamese message; the form's input given back; JSON under /api), never
a 500 or a trace; nothing is half-written (events = chain links, the chain verifies,
views == rebuild); when the fault is gone the same submission succeeds and /healthz is
200 again, without restarting gunicorn.

Faults: PostgreSQL stopped (a server of the test's own, `pgserver.py`) and started
again; the SQLite event store locked by another process beyond the busy timeout
(THIDUA_SQLITE_LOCK_TIMEOUT=1); the SQLite store and the upload directory on a small
tmpfs filled up (mount needs root: skipped otherwise).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from domain.org.unit import Unit
from service.audit import chain
from service.platform.app import ThiduaApplication
from tests.reliability.browsing import Answer, Browser
from tests.reliability.pgserver import PgServer, throwaway_postgres
from tests.reliability.serving import Server
from tests.reliability.test_crash import admin_token, assert_views_rebuild_equal, server_env

ADMIN, ADMIN_PASSWORD = "quantri", "mat-khau-quan-tri"
FORM = "/admin/units/new"
API = "/api/v1/admin/units/new"
FIGURES: dict[str, dict[str, Any]] = {}  # printed, copied to docs/RELIABILITY.md


def unit_form(code: str, token: str) -> dict[str, str]:
    return {
        "code": code,
        "kind": "district",
        "name": f"Công đoàn {code} Sông Hồng",
        "parent_code": "",
        "on": "01/01/2016",
        "csrf_token": token,
    }


def unit_json(code: str) -> dict[str, str]:
    return {
        "code": code,
        "kind": "district",
        "name": f"Công đoàn {code} Sông Hồng",
        "parent_code": "",
        "on": "01/01/2016",
    }


def store_state(url: str) -> tuple[int, int]:
    """(events stored, chain links verified); asserts the chain verifies."""
    app = ThiduaApplication(url)
    try:
        events = len(app.recorder.select_notifications(None, 10**7))
        report = chain.verify(app)
        assert report.ok, report.problem
        return events, report.checked
    finally:
        app.close()


def assert_consistent(url: str, stored: list[str], refused: list[str]) -> tuple[int, int]:
    app = ThiduaApplication(url)
    try:
        assert all(app.exists(Unit.id_for(c)) for c in stored), "an acknowledged unit is missing"
        assert not any(app.exists(Unit.id_for(c)) for c in refused), "a refused unit was stored"
        assert_views_rebuild_equal(app)
    finally:
        app.close()
    events, links = store_state(url)
    assert events == links, f"{events} events but {links} chain links"
    return events, links


def assert_clean_refusal(form: Answer, api: Answer, status: int, code: str, kept: str) -> None:
    """The form's answer is a Vietnamese page with the input; the API's is JSON."""
    assert form.status == status, (form.status, form.body[:2000])
    assert "Traceback" not in form.body and "Internal Server Error" not in form.body
    assert "chưa lưu được" in form.body, form.body[:2000]
    assert kept in form.body, "the person's input was not given back"
    assert form.headers.get("Content-Security-Policy"), "security headers on the error page"
    assert api.status == status, (api.status, api.body[:500])
    body = api.json()
    assert body["code"] == code and "chưa lưu được" in body["message"], body


def wait_healthy(server: Server, browser: Browser, timeout: float = 20) -> float:
    """Seconds until /healthz answered 200 (every worker: several answers in a row)."""
    start = time.monotonic()
    in_a_row = 0
    while time.monotonic() - start < timeout:
        in_a_row = in_a_row + 1 if browser.get("/healthz").status == 200 else 0
        if in_a_row >= 6:
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError("/healthz did not recover:\n" + server.log.read_text()[-3000:])


def at_once(*calls: Any) -> list[Any]:
    with ThreadPoolExecutor(len(calls)) as pool:
        return [f.result() for f in [pool.submit(c) for c in calls]]


def start_service(url: str, tmp: Path, **env: str) -> tuple[Server, Browser, str]:
    token = admin_token(url)
    server = Server({**server_env(url, tmp), **env}, tmp / "gunicorn.log")
    server.start()
    browser = Browser(server.base)
    browser.login(ADMIN, ADMIN_PASSWORD)
    return server, browser, token


# -- the database down -----------------------------------------------------------------
@pytest.fixture(scope="module")
def pg() -> Iterator[PgServer]:
    """One throwaway server for the module (initdb is slow); each test its own database."""
    with throwaway_postgres() as server:
        yield server


def fresh_db(pg: PgServer) -> str:
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg.url.rsplit("/", 1)[0] + "/" + name


@pytest.mark.postgres
def test_postgres_stopped_during_a_submission_then_started_again(
    pg: PgServer, tmp_path: Path
) -> None:
    url = fresh_db(pg)
    server, browser, token = start_service(url, tmp_path, THIDUA_WORKERS="3")
    try:
        assert browser.post_json(API, unit_json("TRUOC"), token).status == 200
        csrf = browser.csrf(FORM)
        before = store_state(url)
        pg.stop()
        started = time.monotonic()
        form, api, health = at_once(  # each waits out the library's 10 attempts (~12 s)
            lambda: browser.post_form(FORM, unit_form("FORM1", csrf)),
            lambda: browser.post_json(API, unit_json("API1"), token),
            lambda: browser.get("/healthz"),
        )
        refused_in = time.monotonic() - started
        assert_clean_refusal(form, api, 503, "store.unavailable", "Công đoàn FORM1 Sông Hồng")
        assert health.status == 503 and health.json()["status"] == "error"
        assert "Retry-After" in api.headers
        pg.start()
        recovered_in = wait_healthy(server, browser)
        again = browser.post_form(FORM, unit_form("FORM1", csrf))  # the same submission
        assert again.status == 302, again.body[:1000]
        assert browser.post_json(API, unit_json("API1"), token).status == 200
        assert browser.get("/admin").status == 200  # reads (views store) work again
    finally:
        server.kill()
    after = assert_consistent(url, ["TRUOC", "FORM1", "API1"], [])
    assert after[0] == before[0] + 2  # the two resubmissions, nothing from the outage
    FIGURES["postgres_down"] = {
        "refused_s": round(refused_in, 1),
        "recovered_s": round(recovered_in, 2),
        "events": after[0],
    }
    print("resource figures", FIGURES)


@pytest.mark.postgres
def test_a_postgres_restart_no_request_saw_goes_unnoticed(pg: PgServer, tmp_path: Path) -> None:
    """Stale connections (the events pool's and the views store's) are replaced, not
    handed to the first request after a restart."""
    url = fresh_db(pg)
    server, browser, token = start_service(url, tmp_path, THIDUA_WORKERS="1")
    try:
        assert browser.get("/admin").status == 200  # the worker's views connection is open
        pg.stop()
        pg.start()
        answers = [
            browser.get("/admin").status,
            browser.get("/healthz").status,
            browser.post_json(API, unit_json("SAU"), token).status,
        ]
        assert answers == [200, 200, 200], answers
    finally:
        server.kill()


def test_sqlite_locked_beyond_its_busy_timeout(tmp_path: Path) -> None:
    """Another process (a backup, a long CLI command) holds the write lock for longer
    than THIDUA_SQLITE_LOCK_TIMEOUT: the submission is refused cleanly, then succeeds."""
    path = tmp_path / "events.sqlite3"
    url = f"sqlite:///{path}"
    server, browser, token = start_service(url, tmp_path, THIDUA_SQLITE_LOCK_TIMEOUT="1")
    try:
        csrf = browser.csrf(FORM)
        before = store_state(url)
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            form, api = at_once(
                lambda: browser.post_form(FORM, unit_form("FORM1", csrf)),
                lambda: browser.post_json(API, unit_json("API1"), token),
            )
            assert browser.get("/healthz").status == 200  # busy, not down: reads go on
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        assert_clean_refusal(form, api, 503, "store.unavailable", "Công đoàn FORM1 Sông Hồng")
        assert 'value="FORM1"' in form.body  # the form itself again, filled in
        assert store_state(url) == before
        assert browser.post_form(FORM, unit_form("FORM1", csrf)).status == 302
        assert browser.post_json(API, unit_json("API1"), token).status == 200
    finally:
        server.kill()
    after = assert_consistent(url, ["FORM1", "API1"], [])
    assert after[0] == before[0] + 2


# -- the disk full ---------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs of the test's own (mounting needs root: skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root (the test command runs as root)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m,mode=0755", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the filesystem refuses (ENOSPC); returns it (delete to free)."""
    filler = disk / "filler"
    chunk = b"\0" * 65536
    with filler.open("wb", buffering=0) as f:
        for size in (len(chunk), 512):  # then the last partial page
            with contextlib.suppress(OSError):
                while f.write(chunk[:size]):
                    pass
    assert shutil.disk_usage(disk).free < 4096, "the disk did not fill"
    return filler


def pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"%" * size + b"\n%%EOF\n"


def upload(browser: Browser, token: str, name: str, data: bytes) -> Answer:
    boundary = "thidua-" + uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Authorization": f"Bearer {token}",
    }
    return browser.request("/api/v1/uploads", body, headers)


def stored_files(uploads: Path) -> list[str]:
    return sorted(str(p.relative_to(uploads)) for p in uploads.rglob("*") if p.is_file())


def test_sqlite_disk_full_during_a_submission_and_an_upload(
    small_disk: Path, tmp_path: Path
) -> None:
    path = small_disk / "events.sqlite3"
    url = f"sqlite:///{path}"
    uploads = small_disk / "uploads"
    server, browser, token = start_service(url, tmp_path, THIDUA_UPLOAD_DIR=str(uploads))
    try:
        csrf = browser.csrf(FORM)
        assert upload(browser, token, "truoc.pdf", pdf(1000)).status == 201
        before, files_before = store_state(url), stored_files(uploads)
        with sqlite3.connect(path) as c:  # an empty WAL: the next write must grow it
            assert c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
        filler = fill(small_disk)
        form, api = at_once(
            lambda: browser.post_form(FORM, unit_form("FORM1", csrf)),
            lambda: browser.post_json(API, unit_json("API1"), token),
        )
        refused_upload = upload(browser, token, "bao-cao.pdf", pdf(200_000))
        health = browser.get("/healthz")
        assert_clean_refusal(form, api, 507, "store.disk_full", "Công đoàn FORM1 Sông Hồng")
        assert refused_upload.status == 507, refused_upload.body[:500]
        assert refused_upload.json()["code"] == "store.disk_full"
        assert stored_files(uploads) == files_before, "a partial upload was left behind"
        assert store_state(url) == before, "something was written on the full disk"
        filler.unlink()
        assert browser.post_form(FORM, unit_form("FORM1", csrf)).status == 302
        assert browser.post_json(API, unit_json("API1"), token).status == 200
        assert upload(browser, token, "bao-cao.pdf", pdf(200_000)).status == 201
        assert browser.get("/healthz").status == 200
    finally:
        server.kill()
    after = assert_consistent(url, ["FORM1", "API1"], [])
    assert after[0] == before[0] + 2
    assert len(stored_files(uploads)) == len(files_before) + 1
    FIGURES["sqlite_disk_full"] = {"healthz_while_full": health.status, "events": after[0]}
    print("resource figures", FIGURES)
