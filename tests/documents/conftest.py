"""The demo (seed-000 year, seed-003 review) loaded once per session into a SQLite store;
tests that change a store get their own copy of its files. Development keys once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest

from service.audit.schema import create_schema
from service.documents import DocumentInputs
from service.documents.keys import DevKeys, make_dev_keys
from service.documents.signing import p12_signer
from service.platform.app import ThiduaApplication
from service.views.projector import projector_of
from tests.chain_helpers import ballot_key_file

CHAIR = "Hoàng Đức Hạnh (dữ liệu mẫu)"
INPUTS = DocumentInputs(people={"chair": CHAIR})


@dataclass(frozen=True)
class Demo:
    directory: Path
    year_id: UUID
    campaign_id: UUID

    @property
    def url(self) -> str:
        return f"sqlite:///{self.directory / 'demo.sqlite3'}"

    def copy_to(self, directory: Path) -> str:
        directory.mkdir(parents=True, exist_ok=True)
        for f in self.directory.glob("demo*"):
            shutil.copy(f, directory / f.name)
        return f"sqlite:///{directory / 'demo.sqlite3'}"


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    from service.demo.cluster_year import load_demo

    directory = tmp_path_factory.mktemp("documents-demo")
    url = f"sqlite:///{directory / 'demo.sqlite3'}"
    create_schema(url)
    app = ThiduaApplication(url)
    try:
        with ballot_key_file(directory):
            summary = load_demo(app)
        projector_of(app).catch_up()
    finally:
        app.close()
    return Demo(directory, summary["year_id"], summary["review"]["campaign_id"])


@pytest.fixture(scope="module")
def shared_app(demo: Demo) -> Iterator[ThiduaApplication]:
    """The session's demo store, for tests that only read it."""
    app = ThiduaApplication(demo.url)
    yield app
    app.close()


@pytest.fixture
def own_app(demo: Demo, tmp_path: Path) -> Iterator[ThiduaApplication]:
    """A copy of the demo store this test may change."""
    app = ThiduaApplication(demo.copy_to(tmp_path / "store"))
    yield app
    app.close()


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> DevKeys:
    return make_dev_keys(tmp_path_factory.mktemp("keys"), bits=2048)


@pytest.fixture(scope="session")
def signer(keys: DevKeys):  # type: ignore[no-untyped-def]
    return p12_signer(str(keys.p12), keys.password)
