"""Shared by the hostile-input tests: what counts as a refusal worded in Vietnamese."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.site import Demos

# a Vietnamese sentence has at least one letter outside ASCII (ă â đ ê ô ơ ư, tones)
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)
FALLBACK = "Không thực hiện được thao tác ("  # service.platform.wording.FALLBACK


def worded(text: Any) -> bool:
    """A message a person can read: Vietnamese, not the catalogue's fallback, no traceback."""
    return (
        isinstance(text, str)
        and bool(VIETNAMESE.search(text))
        and not text.startswith(FALLBACK)
        and "Traceback" not in text
    )


@pytest.fixture(scope="module", autouse=True, name="ballot_key")
def module_ballot_key(tmp_path_factory: pytest.TempPathFactory, demos: Demos) -> Iterator[Path]:
    """One ballot key for a module (overrides tests/conftest.py's key per test), holding
    the demo site's secret: password hashes are sealed with it, so a module-wide copy of
    the demo site's accounts sign in in every test. Import it into a test module to use it."""
    yield from demos.module_key(tmp_path_factory)
