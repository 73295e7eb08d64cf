"""The demo site of each web test: a private copy (its own store, uploads and ballot key
file) of the one `demos` builds once per store kind and process (tests/web/site.py)."""

from __future__ import annotations

import itertools
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
    """`sqlite_site_with(**config)`: a copy of the SQLite demo site (each call its own),
    its web app made with `config`."""
    calls = itertools.count(1)
    with ExitStack() as stack:

        def make(**config: Any) -> Site:
            served = demos.site("sqlite", tmp_path / f"site{next(calls)}", ballot_key, **config)
            stack.callback(served.close)
            return next(served)

        yield make
