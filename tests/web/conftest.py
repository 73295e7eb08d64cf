from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.web.site import Demos, Site


@pytest.fixture
def site(store_kind: str, tmp_path: Path, ballot_key: Path, demos: Demos) -> Iterator[Site]:
    yield from demos.site(store_kind, tmp_path, ballot_key)


@pytest.fixture
def sqlite_site(tmp_path: Path, ballot_key: Path, demos: Demos) -> Iterator[Site]:
    yield from demos.site("sqlite", tmp_path, ballot_key)


@pytest.fixture
def sqlite_site_with(
    tmp_path: Path, ballot_key: Path, demos: Demos
) -> Iterator[Callable[..., Site]]:
    """`sqlite_site_with(**config)`: the SQLite demo site, its web app made with `config`."""
    with ExitStack() as stack:

        def make(**config: Any) -> Site:
            served = demos.site("sqlite", tmp_path, ballot_key, **config)
            stack.callback(served.close)
            return next(served)

        yield make
