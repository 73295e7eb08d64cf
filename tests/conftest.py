"""Fixtures shared by every test.

`store_url` is parametrised over SQLite (a fresh file) and PostgreSQL (a fresh
database on the throwaway server the test command starts; its URL comes in
THIDUA_TEST_POSTGRES_URL). Without that variable the PostgreSQL cases are skipped
locally, but the test command always sets it, and CI fails if they were skipped
(scripts/test.sh checks the count).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.audit.schema import create_schema
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal

PG_URL = os.environ.get("THIDUA_TEST_POSTGRES_URL")


def _fresh_postgres_db() -> str:
    import psycopg

    assert PG_URL
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = PG_URL.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.sqlite3'}"
    if not PG_URL:
        pytest.skip("THIDUA_TEST_POSTGRES_URL not set (scripts/test.sh sets it)")
    return _fresh_postgres_db()


@pytest.fixture
def app(store_url: str) -> Iterator[ThiduaApplication]:
    create_schema(store_url)
    application = ThiduaApplication(store_url)
    yield application
    application.close()


@pytest.fixture
def admin() -> Principal:
    return SYSTEM_PRINCIPAL


@pytest.fixture(autouse=True)
def ballot_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test seals secret ballots with its own key file, never instance/ballot.key."""
    path = tmp_path_factory.mktemp("keys") / "ballot.key"
    monkeypatch.setenv("THIDUA_BALLOT_KEY_FILE", str(path))
    monkeypatch.delenv("THIDUA_BALLOT_SECRET", raising=False)
    return path
