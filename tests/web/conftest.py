from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.site import Site, build_site


@pytest.fixture
def site(store_url: str, tmp_path: Path) -> Iterator[Site]:
    yield from build_site(store_url, tmp_path)


@pytest.fixture
def sqlite_site(tmp_path: Path) -> Iterator[Site]:
    yield from build_site(f"sqlite:///{tmp_path / 'events.sqlite3'}", tmp_path)
