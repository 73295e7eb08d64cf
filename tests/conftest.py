"""Fixtures shared by every test.

`store_url` is parametrised over SQLite (a fresh file) and PostgreSQL (a fresh
database on the throwaway server the test command starts; its URL comes in
THIDUA_TEST_POSTGRES_URL). Without that variable the PostgreSQL cases are skipped
locally, but the test command always sets it, and CI fails if they were skipped
(scripts/test.sh checks the count). `store_kind` is that parameter, for fixtures that
make their store otherwise: `demos` copies the demo's stores, built once per kind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.audit.schema import create_schema
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from tests.prepared import PG_URL, fresh_postgres_db
from tests.web.site import Demos


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and not PG_URL:
        pytest.skip("THIDUA_TEST_POSTGRES_URL not set (scripts/test.sh sets it)")
    return request.param


@pytest.fixture
def store_url(store_kind: str, tmp_path: Path) -> str:
    if store_kind == "sqlite":
        return f"sqlite:///{tmp_path / 'events.sqlite3'}"
    return fresh_postgres_db()


@pytest.fixture(scope="session")
def demos(tmp_path_factory: pytest.TempPathFactory) -> Demos:
    """The demo's stores, built at most once per store kind in this process; each test
    gets a copy (tests/web/site.py)."""
    return Demos(tmp_path_factory.mktemp("demos"))


@pytest.fixture
def app(store_url: str) -> Iterator[ThiduaApplication]:
    create_schema(store_url)
    application = ThiduaApplication(store_url)
    yield application
    application.close()


@pytest.fixture
def demo_app(
    store_kind: str, tmp_path: Path, ballot_key: Path, demos: Demos
) -> Iterator[ThiduaApplication]:
    """An application on a copy of the demo store (`load_demo` run once per store kind),
    sealed with this test's ballot key; `demos.demo(store_kind).data` is its summary."""
    store = demos.demo(store_kind)
    store.install_key(ballot_key)
    application = ThiduaApplication(store.copy(tmp_path))
    yield application
    application.close()


@pytest.fixture
def demo_summary(store_kind: str, demos: Demos) -> dict[str, Any]:
    """What `load_demo` returned for the store `demo_app` copies (ids of the cases)."""
    return demos.demo(store_kind).data


@pytest.fixture
def admin() -> Principal:
    return SYSTEM_PRINCIPAL


def pytest_configure(config: pytest.Config) -> None:
    """Each test process its own instance folder (bundles' cache, uploads, secrets):
    never the checkout's instance/, shared by parallel workers."""
    os.environ["THIDUA_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="thidua-instance-")
    os.environ.pop("THIDUA_SECRETS_PATH", None)


@pytest.fixture(autouse=True)
def instance(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """And each test its own, so that one test's bundles never meet another's."""
    path = tmp_path_factory.mktemp("instance")
    monkeypatch.setenv("THIDUA_INSTANCE_PATH", str(path))
    return path


@pytest.fixture(autouse=True)
def ballot_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test seals secret ballots with its own key file, never instance/ballot.key."""
    path = tmp_path_factory.mktemp("keys") / "ballot.key"
    monkeypatch.setenv("THIDUA_BALLOT_KEY_FILE", str(path))
    monkeypatch.delenv("THIDUA_BALLOT_SECRET", raising=False)
    return path
