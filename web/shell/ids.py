"""One id format in the JSON API: the canonical hyphenated UUID out, both forms in.

The views keep ids as 32 hex digits (their storage keys); every JSON answer shows them
hyphenated, as the POSTs always did. Ids in URLs and query parameters are taken in
either form (`id_arg`); a malformed one is refused (view.bad_id, 422)."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError

HEX32 = re.compile(r"^[0-9a-f]{32}$")


def canonical_ids(value: Any) -> Any:
    """Plain JSON data with every id written as 32 hex digits hyphenated (keys too)."""
    if isinstance(value, str):
        return str(UUID(value)) if HEX32.match(value) else value
    if isinstance(value, dict):
        return {canonical_ids(k): canonical_ids(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical_ids(v) for v in value]
    return value


def id_arg(text: str) -> str:
    """An id given in a query (hyphenated, 32 hex digits, braces or "urn:uuid:" too) as
    the views' key; DomainError view.bad_id if it is no UUID."""
    try:
        return UUID(text.strip()).hex
    except ValueError:
        raise DomainError("view.bad_id", value=text[:40]) from None
