"""The demo (seed-000 year, seed-003 review) in a SQLite store built once per session
(`demos`, tests/web/site.py); each module reads a copy of its own, and tests that change
a store get their own copy. Development keys once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest

from service.documents import DocumentInputs
from service.documents.keys import DevKeys, make_dev_keys
from service.documents.signing import p12_signer
from service.platform.app import ThiduaApplication
from tests.prepared import Prepared
from tests.web.site import Demos

CHAIR = "Hoàng Đức Hạnh (dữ liệu mẫu)"
INPUTS = DocumentInputs(people={"chair": CHAIR})


@dataclass(frozen=True)
class Demo:
    store: Prepared
    year_id: UUID
    campaign_id: UUID

    def copy_to(self, directory: Path) -> str:
        return self.store.copy(directory)


@pytest.fixture(scope="session")
def demo(demos: Demos) -> Demo:
    store = demos.demo("sqlite")
    return Demo(store, store.data["year_id"], store.data["review"]["campaign_id"])


@pytest.fixture(scope="module")
def shared_app(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThiduaApplication]:
    """A copy of the demo store for a module's tests that only read it."""
    app = ThiduaApplication(demo.copy_to(tmp_path_factory.mktemp("shared")))
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
