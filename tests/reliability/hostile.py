"""Shared by the hostile-input tests: what counts as a refusal worded in Vietnamese."""

from __future__ import annotations

import re
from typing import Any

# a Vietnamese sentence has at least one letter outside ASCII (ă â đ ê ô ơ ư, tones)
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)
FALLBACK = "Không thực hiện được thao tác ("  # domain.messages.render for an unknown code


def worded(text: Any) -> bool:
    """A message a person can read: Vietnamese, not the catalogue's fallback, no traceback."""
    return (
        isinstance(text, str)
        and bool(VIETNAMESE.search(text))
        and not text.startswith(FALLBACK)
        and "Traceback" not in text
    )
