"""Hex and canonical JSON: how points, scalars and records are written down."""

from __future__ import annotations

import hashlib
import json
from typing import Any


class FormatError(ValueError):
    """A received value that does not have the published shape."""


def canonical(value: Any) -> bytes:
    """The one encoding hashed and published: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def unhex(text: Any, size: int = 32) -> bytes:
    if not isinstance(text, str) or len(text) != 2 * size:
        raise FormatError(f"expected {size} bytes in hex")
    try:
        return bytes.fromhex(text)
    except ValueError as error:
        raise FormatError("not hex") from error
