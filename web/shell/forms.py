"""From a request to clean data: NFC, table rows, marshmallow; errors worded per field.

Forms and the JSON API use the same schemas. Every string is normalised to Unicode
NFC first (Vietnamese typed on different keyboards arrives composed or decomposed).
A table form names its inputs `ROWS-INDEX-FIELD` (e.g. `scores-3-points`); they are
gathered into a list of row dicts, and rows the person left empty are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError
from marshmallow import fields as ma
from werkzeug.datastructures import MultiDict

ROW = re.compile(r"^([a-z_]+)-(\d{1,4})-([a-z_0-9]+)$")
SKIP = {"csrf_token", "submit"}


class FormErrors(Exception):
    """Field errors of a submitted form: {"field" or "rows/3/field": [message, ...]}."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid form")
        self.errors = errors


def nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Mapping):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc(v) for v in value]
    return value


def flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested errors as {"a/0/b": ["message"]}, messages as plain text."""
    out: dict[str, list[str]] = {}
    if isinstance(errors, Mapping):
        for key, value in errors.items():
            name = f"{prefix}/{key}" if prefix else str(key)
            out.update(flatten(value, name))
    elif isinstance(errors, list | tuple) and all(not isinstance(e, Mapping) for e in errors):
        out[prefix or "_schema"] = [str(e) for e in errors]
    elif isinstance(errors, list | tuple):
        for e in errors:
            out.update(flatten(e, prefix))
    else:
        out[prefix or "_schema"] = [str(errors)]
    return out


def from_form(
    form: MultiDict[str, str], schema: Schema, keys: Iterable[str] = ()
) -> dict[str, Any]:
    """A posted form as the schema's input: list fields from repeated inputs, table rows
    from ROWS-INDEX-FIELD names (a row with only its `keys` filled in is dropped)."""
    data: dict[str, Any] = {}
    rows: dict[str, dict[int, dict[str, str]]] = {}
    for name in form:
        if name in SKIP:
            continue
        match = ROW.match(name)
        if match:
            table, index, field = match.groups()
            rows.setdefault(table, {}).setdefault(int(index), {})[field] = form.get(name, "")
            continue
        field_obj = schema.fields.get(name)
        if isinstance(field_obj, ma.List):
            values = [v for v in form.getlist(name) if v.strip()]
            if len(values) == 1 and "\n" in values[0]:  # a textarea, one item a line
                values = [line for line in values[0].splitlines() if line.strip()]
            data[name] = values
        else:
            data[name] = form.get(name, "")
    hidden = set(keys)
    for table, indexed in rows.items():
        data[table] = [
            row
            for _, row in sorted(indexed.items())
            if any(str(v).strip() for k, v in row.items() if k not in hidden)
        ]
    return data


def raise_unknown(schema: Schema) -> None:
    """Refuse unknown fields in nested rows too (`rows/0/unit`): marshmallow applies a
    load's `unknown` to the outer schema only. Each schema instance has its own fields."""
    for f in schema.fields.values():
        inner = f.inner if isinstance(f, ma.List) else f
        if isinstance(inner, ma.Nested):
            inner.unknown = RAISE
            if isinstance(inner.schema, Schema):
                raise_unknown(inner.schema)


def validate(
    schema: Schema, data: Any, unknown: Literal["exclude", "raise"] = EXCLUDE
) -> dict[str, Any]:
    """NFC-normalise and load; FormErrors with a message per field if invalid.

    A form posts its buttons and token too (`EXCLUDE`); a JSON body names only fields,
    so the API refuses one the schema does not know (`RAISE`): a field silently
    dropped could make a call do something else than its sender meant.
    """
    if not isinstance(data, Mapping):
        raise FormErrors({"_schema": ["Dữ liệu gửi lên phải là một đối tượng JSON."]})
    if unknown == RAISE:
        raise_unknown(schema)
    try:
        return schema.load(nfc(dict(data)), unknown=unknown)
    except ValidationError as e:
        raise FormErrors(flatten(e.messages)) from None
