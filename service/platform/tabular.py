"""Tables in and out: CSV and XLSX grids with Vietnamese headers, all-or-nothing.

A table is read whole, every row is checked, and problems are collected with the
row and column they are in (spreadsheet numbering: the header is row 1, column A is
the first); one problem refuses the whole file (TabularError) and nothing is written.
Export is deterministic, so export → import → export gives the same bytes: CSV in
UTF-8 with a BOM (Excel reads the Vietnamese letters) and CRLF; XLSX with fixed
document dates and fixed timestamps inside the zip.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zipfile import ZIP_DEFLATED, BadZipFile, ZipFile, ZipInfo

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from domain.kernel.base import DomainError, require
from domain.kernel.messages import Listing, Phrase
from domain.review.term import canonical_decimal

FORMATS = ("csv", "xlsx")
FIXED_STAMP = datetime(2000, 1, 1)  # workbook created/modified: constant, so bytes repeat
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")  # "10.000": ten thousand or ten?


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the Vietnamese header
    required: bool = False
    kind: str = "text"  # "text", "date" or "number"
    width: int = 18


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str | None  # the column's label
    letter: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def phrase(self) -> Phrase:
        """The problem's wording, after where it is ("Dòng 3, cột B «Loại đơn vị»: ...")."""
        problem = Phrase(self.code, self.params)
        if self.row is None:
            return problem
        if self.column is None:
            return Phrase("tabular.at_row", {"row": self.row, "problem": problem})
        where = {"row": self.row, "letter": self.letter, "column": self.column}
        return Phrase("tabular.at_cell", {**where, "problem": problem})


class TabularError(DomainError):
    """The file is refused whole; `problems` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(
            "tabular.rejected",
            count=len(self.problems),
            details=Listing(tuple(p.phrase() for p in self.problems), "\n"),
        )


def format_of(filename: str) -> str:
    fmt = filename.rsplit(".", 1)[-1].lower()
    require(fmt in FORMATS, "tabular.bad_format", name=filename)
    return fmt


def folded(text: object) -> str:
    return unicodedata.normalize("NFC", str(text)).strip().casefold()


@dataclass
class Sheet:
    """Rows read from a file, and the problems found in them."""

    columns: list[Column]
    positions: dict[str, int]  # column key -> 0-based position in the file
    rows: list[tuple[int, dict[str, Any]]]  # (row number, key -> raw cell value)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, row: int, key: str | None, code: str, **params: Any) -> None:
        column = next((c for c in self.columns if c.key == key), None)
        letter = get_column_letter(self.positions[key] + 1) if key in self.positions else None
        self.problems.append(Problem(row, column.label if column else None, letter, code, params))

    def check(self) -> None:
        if self.problems:
            raise TabularError(self.problems)

    # -- cells ---------------------------------------------------------------
    def text(self, row: int, cells: dict[str, Any], key: str, required: bool = False) -> str:
        value = cells.get(key)
        if isinstance(value, datetime | date):
            value = value.strftime("%d/%m/%Y")
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        text = unicodedata.normalize("NFC", "" if value is None else str(value)).strip()
        if required and not text:
            self.problem(row, key, "tabular.required")
        return text

    def date(self, row: int, cells: dict[str, Any], key: str) -> date | None:
        value = cells.get(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(row, cells, key, required=True)
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        if text:
            self.problem(row, key, "tabular.bad_date", value=text)
        return None

    def number(self, row: int, cells: dict[str, Any], key: str, required: bool) -> str | None:
        value = cells.get(key)
        text = self.text(row, cells, key, required)
        if not text:
            return None
        if isinstance(value, str) and THOUSANDS.match(text):
            self.problem(row, key, "tabular.ambiguous_number", value=text)
            return None
        try:
            number = canonical_decimal(repr(value) if isinstance(value, float) else text)
        except DomainError:
            self.problem(row, key, "tabular.bad_number", value=text)
            return None
        if Decimal(number) < 0:
            self.problem(row, key, "tabular.negative", value=text)
            return None
        return number

    def choice(
        self, row: int, cells: dict[str, Any], key: str, labels: dict[str, str]
    ) -> str | None:
        """A value given by its Vietnamese label or its code."""
        text = self.text(row, cells, key, required=True)
        if not text:
            return None
        for value, label in labels.items():
            if folded(text) in (folded(value), folded(label)):
                return value
        self.problem(row, key, "tabular.bad_choice", value=text, choices="; ".join(labels.values()))
        return None


# -- reading -----------------------------------------------------------------
def _refuse(code: str, **params: Any) -> TabularError:
    return TabularError([Problem(None, None, None, code, params)])


def read(data: bytes, fmt: str, columns: list[Column]) -> Sheet:
    """The file's rows by column key; header problems refuse the file at once."""
    grid = _xlsx_grid(data) if fmt == "xlsx" else _csv_grid(data)
    numbered = [(i + 1, r) for i, r in enumerate(grid) if any(v not in (None, "") for v in r)]
    if not numbered:
        raise _refuse("tabular.empty")
    (header_row, header), body = numbered[0], numbered[1:]
    sheet = Sheet(columns, {}, [])
    by_name = {folded(n): c for c in columns for n in (c.key, c.label)}
    for i, name in enumerate(header):
        if name in (None, ""):
            continue
        letter = get_column_letter(i + 1)
        column = by_name.get(folded(name))
        if column is None:
            problem = Problem(header_row, str(name), letter, "tabular.unknown_column")
            sheet.problems.append(problem)
        elif column.key in sheet.positions:
            sheet.problems.append(
                Problem(header_row, column.label, letter, "tabular.duplicate_column")
            )
        else:
            sheet.positions[column.key] = i
    for c in columns:
        if c.required and c.key not in sheet.positions:
            sheet.problems.append(
                Problem(header_row, None, None, "tabular.missing_column", {"label": c.label})
            )
    sheet.check()
    if not body:
        raise _refuse("tabular.no_rows")
    sheet.rows = [
        (n, {k: (r[i] if i < len(r) else None) for k, i in sheet.positions.items()})
        for n, r in body
    ]
    return sheet


def _csv_grid(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("tabular.unreadable", format="CSV") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error:
        raise _refuse("tabular.unreadable", format="CSV") from None


def _xlsx_grid(data: bytes) -> list[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _refuse("tabular.unreadable", format="XLSX") from None
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


# -- writing -----------------------------------------------------------------
def write(fmt: str, title: str, columns: list[Column], rows: list[list[Any]]) -> bytes:
    """`rows` of cell values (str, int, Decimal, date or None) as CSV or XLSX bytes."""
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.label for c in columns])
        for row in rows:
            writer.writerow(["" if v is None else _csv_cell(v) for v in row])
        return out.getvalue().encode("utf-8-sig")
    return _xlsx(title, columns, rows)


def _csv_cell(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


class _StableZip(ZipFile):
    """A zip whose entries all carry one fixed timestamp (openpyxl stamps `now`)."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(zinfo_or_arcname, ZipInfo):
            info = ZipInfo(str(zinfo_or_arcname), date_time=ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as f:
            self.writestr(arcname or filename, f.read())


def _xlsx(title: str, columns: list[Column], rows: list[list[Any]]) -> bytes:
    book = Workbook()
    book.properties.creator = "thidua"
    book.properties.created = book.properties.modified = FIXED_STAMP
    sheet = book.active
    sheet.title = title
    sheet.append([c.label for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for i, c in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = c.width
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
        for cell, column in zip(sheet[sheet.max_row], columns, strict=True):
            if column.kind == "date":
                cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    with _StableZip(out, "w", compression=ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return out.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return value
