"""marshmallow fields with Vietnamese messages, shared by the forms and the JSON API.

Messages are lazy (flask_babel.lazy_gettext): the Vietnamese text is the message id,
worded in the request's locale when shown; a message marshmallow would give in English
(any field, nested rows too) is replaced by a Vietnamese one when a schema is built.
Decimals accept "9,5" and "9.5"; dates accept dd/mm/yyyy and ISO yyyy-mm-dd.

Text is stored normalised (`clean_text`): without control characters (tab and line
breaks kept, CR LF as LF), zero-width characters and bidirectional overrides, in
Unicode NFC, stripped of surrounding spaces. Password fields keep what was typed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, missing, validate

REQUIRED = {
    "required": _l("Trường này là bắt buộc."),
    "null": _l("Trường này là bắt buộc."),
}
DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BAD_SHAPE = _l("Ngày cần có dạng ngày/tháng/năm, ví dụ 05/12/2016.")
# nobody types these on purpose: C0 and C1 controls (not tab, LF, CR), zero-width
# characters, bidirectional embeddings and overrides (U+202E shows "gpj.exe" as "exe.jpg")
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)
# what marshmallow would say in English, by error key; any other key: "invalid"
VIETNAMESE = {
    **REQUIRED,
    "invalid": _l("Giá trị không hợp lệ."),
    "type": _l("Kiểu dữ liệu không hợp lệ."),
    "invalid_utf8": _l("Chuỗi ký tự không hợp lệ."),
    "too_large": _l("Số quá lớn."),
}


def clean_text(value: str) -> str:
    """The stored form of a typed text (see the module's docstring)."""
    text = INVISIBLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text).strip()


def vietnamese_messages(field: fields.Field) -> None:
    """Replace marshmallow's English messages (plain str; ours are lazy) on a field and
    on the items of a list field; nested schemas do the same for theirs (Base)."""
    field.error_messages = {
        key: VIETNAMESE.get(key, VIETNAMESE["invalid"]) if isinstance(text, str) else text
        for key, text in field.error_messages.items()
    }
    if isinstance(field, fields.List):
        vietnamese_messages(field.inner)


class EmptyIsMissing:
    """A blank form input counts as not given (then `required` or `load_default` apply)."""

    def deserialize(self, value: Any, *args: Any, **kw: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            value = missing
        return super().deserialize(value, *args, **kw)  # type: ignore[misc]


class Base(Schema):
    class Meta:
        unknown = "exclude"  # a form posts its buttons and token too

    error_messages = {
        "type": _l("Phải là một đối tượng JSON với các trường của biểu mẫu."),
        "unknown": _l("Trường không có trong biểu mẫu."),
    }

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        for field in self.fields.values():
            vietnamese_messages(field)


class Text(fields.String):
    default_error_messages = {**REQUIRED, "invalid": _l("Phải là một chuỗi ký tự.")}

    def __init__(self, *, max_length: int = 2000, allow_empty: bool = False, **kw: Any) -> None:
        checks = [validate.Length(max=max_length, error=_l("Dài tối đa {max} ký tự."))]
        if not allow_empty:
            checks.append(validate.Length(min=1, error=_l("Không được để trống.")))
        kw.setdefault("required", not allow_empty)
        if allow_empty:
            kw.setdefault("load_default", "")
        super().__init__(validate=checks, **kw)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> str:
        text = str(super()._deserialize(value, attr, data, **kw))
        if self.metadata.get("widget") == "password":
            return text.strip()  # as typed: signing in compares it unchanged
        return clean_text(text)


class Choice(EmptyIsMissing, fields.String):
    default_error_messages = {**REQUIRED, "invalid": _l("Giá trị không hợp lệ.")}

    def __init__(self, choices: tuple[str, ...], **kw: Any) -> None:
        kw.setdefault("required", True)
        kw.setdefault("metadata", {}).setdefault("enum", list(choices))
        super().__init__(validate=validate.OneOf(choices, error=_l("Giá trị không hợp lệ.")), **kw)


class Dec(EmptyIsMissing, fields.Field):
    """A decimal number: "9,5", "9.5" or a JSON number; at most 2 decimals."""

    default_error_messages = {
        **REQUIRED,
        "invalid": _l("Phải là một số (ví dụ 9,5)."),
        "too_big": _l("Số quá lớn."),
    }
    LIMIT = Decimal(10) ** 9  # points and percentages: far below; beyond, a typing slip

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> Decimal:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        text = str(value).strip().replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise self.make_error("invalid") from None
        if not number.is_finite():
            raise self.make_error("invalid")
        if abs(number) >= self.LIMIT:
            raise self.make_error("too_big")
        return number

    def _serialize(self, value: Any, attr: Any, obj: Any, **kw: Any) -> str | None:
        return None if value is None else str(value)


class Day(EmptyIsMissing, fields.Field):
    """A date: dd/mm/yyyy (forms) or yyyy-mm-dd (ISO 8601, the API's usual form)."""

    default_error_messages = {**REQUIRED, "invalid": BAD_SHAPE}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> date:
        found = parse_day(str(value))
        if isinstance(found, date):
            return found
        raise ValidationError(found)

    def _serialize(self, value: Any, attr: Any, obj: Any, **kw: Any) -> str | None:
        return None if value is None else value.isoformat()


def parse_day(value: str) -> date | Any:
    """A typed date (dd/mm/yyyy or yyyy-mm-dd) as a date, or the lazy message that says
    why not: one wording for every date field, form, filter or API alike."""
    text = value.strip()
    match = DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if ISO.match(text):
            return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:  # well formed, but 31/02 is on no calendar
        return _l("%(day)s không phải ngày có thật.", day=text[:20])
    return BAD_SHAPE


class Int(EmptyIsMissing, fields.Integer):
    default_error_messages = {**REQUIRED, "invalid": _l("Phải là một số nguyên.")}

    def __init__(self, *, minimum: int = 0, **kw: Any) -> None:
        kw.setdefault("required", True)
        super().__init__(
            strict=False,
            validate=validate.Range(min=minimum, error=_l("Phải từ {min} trở lên.")),
            **kw,
        )

    def _validated(self, value: Any) -> Any:
        """A count is whole: 2.5 (JSON) is refused, not cut to 2; "3" and 3.0 are 3."""
        if isinstance(value, float) and not value.is_integer():  # inf and nan too
            raise self.make_error("invalid")
        return super()._validated(value)


class Flag(fields.Boolean):
    default_error_messages = {**REQUIRED, "invalid": _l("Giá trị không hợp lệ.")}
    truthy = {"1", "true", "on", "yes", "co", "có", True}
    falsy = {"0", "false", "off", "no", "khong", "không", "", False}

    def __init__(self, **kw: Any) -> None:
        kw.setdefault("load_default", False)
        super().__init__(**kw)


class Id(EmptyIsMissing, fields.UUID):
    default_error_messages = {**REQUIRED, "invalid_uuid": _l("Mã định danh không hợp lệ.")}

    def __init__(self, **kw: Any) -> None:
        kw.setdefault("required", True)
        super().__init__(**kw)


class Many(fields.List):
    default_error_messages = {**REQUIRED, "invalid": _l("Phải là một danh sách.")}

    def __init__(self, inner: Any, *, at_least: int = 0, **kw: Any) -> None:
        checks = []
        if at_least:
            checks.append(validate.Length(min=at_least, error=_l("Cần ít nhất {min} mục.")))
        kw.setdefault("required", at_least > 0)
        if at_least == 0:
            kw.setdefault("load_default", list)
        super().__init__(inner, validate=checks, **kw)


class Attachment(Base):
    """A stored file's reference: upload it first (POST /api/v1/uploads)."""

    name = Text(max_length=200)
    sha256 = Text(max_length=64)
    size = Int()


def label(text: Any, **more: Any) -> dict[str, Any]:
    """Field metadata: the form's label (lazy, Vietnamese id) and widget hints."""
    return {"label": text, **more}


class EntryForm(Base):
    """The date an action counts for and why it is entered late (every action's form and
    API call: web/shell/actions.py); the service checks them against the case."""

    on = Day(
        required=False,
        load_default=None,
        metadata=label(
            _l("Ngày thực hiện"),
            widget="date",
            help=_l("Ngày việc được thực hiện (ví dụ ngày họp, ngày ký); để trống: hôm nay."),
        ),
    )
    late_reason = Text(
        max_length=500,
        allow_empty=True,
        metadata=label(_l("Lý do nhập muộn"), widget="textarea", rows=2),
    )
