"""An event's fields in words, for the audit pages and the API's timeline: each field
by its label (web/audit/event_labels.py), each value as a person reads it: unit names
for ids, coded values in words, 9,5 and dd/mm/yyyy; stored secrets never."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from flask_babel import gettext as _

from web.audit.event_labels import CODES, FIELDS, SECRET, VALUES
from web.shell.i18n import day, number

Show = Callable[..., str]
HEX32 = re.compile(r"^[0-9a-f]{32}$")


def unit_ids(values: Iterable[Any]) -> set[str]:
    """Every id (as 32 hex digits) inside some field values, nested ones too."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, UUID):
            found.add(value.hex)
        elif isinstance(value, str) and HEX32.match(value):
            found.add(value)  # a view's key: a tally's option, a plan task's party
        elif isinstance(value, list | tuple):
            found |= unit_ids(value)
        elif isinstance(value, dict):
            found |= unit_ids([*value.keys(), *value.values()])
    return found


def shown(names: dict[str, str]) -> Show:
    """`show(value, field)`: a field's value as a person reads it."""

    def show(value: Any, field: str = "") -> str:
        words = VALUES.get(field, {})
        if isinstance(value, str) and value in words:
            return str(words[value])
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("có") if value else _("không")
        if isinstance(value, UUID):
            return names.get(value.hex, value.hex[:8])
        if isinstance(value, Decimal | float):
            return number(value)
        if isinstance(value, date):
            return day(value)
        if isinstance(value, list | tuple):
            return "; ".join(show(v, field) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{key(k)}: {show(v, str(k))}" for k, v in value.items())
        if isinstance(value, str) and HEX32.match(value):
            return names.get(value, value[:8])
        if isinstance(value, str) and value in CODES:
            return str(CODES[value])
        return str(value)

    def key(k: Any) -> str:
        return names.get(k, k[:8]) if isinstance(k, str) and HEX32.match(k) else label(k)

    return show


def label(field: Any) -> str:
    return str(FIELDS.get(str(field)) or CODES.get(str(field), field))


def in_words(fields: dict[str, Any], show: Show) -> list[dict[str, str]]:
    """The fields of one event as [{"field", "label", "value"}], secrets left out."""
    return [
        {"field": k, "label": label(k), "value": show(v, k)}
        for k, v in fields.items()
        if k not in SECRET
    ]
