"""The unit tree as a table (CSV / XLSX): export and all-or-nothing import.

Columns: code, kind, name, parent_code, since. Export: the units active on a day
(today's tree by default), names and parents as they were that day, `since` the day
each unit was registered, parents before children, siblings by code. Import registers
every row in one transaction after every row has been checked; a parent may be in
the file (any order) or in the store already.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.unit import Unit, UnitKind, UnitStatus
from service.org.queries import all_units
from service.platform.app import ThiduaApplication, execute
from service.platform.auth import Principal, require_role
from service.platform.tabular import Column, Sheet, read, write

COLUMNS = [
    Column("code", "Mã đơn vị", required=True, width=16),
    Column("kind", "Loại đơn vị", required=True, width=20),
    Column("name", "Tên đơn vị", required=True, width=48),
    Column("parent_code", "Mã đơn vị cấp trên", width=20),
    Column("since", "Thành lập từ ngày", required=True, kind="date", width=18),
]
KIND_LABELS = {
    UnitKind.CONFEDERATION.value: "Tổng Liên đoàn",
    UnitKind.PROVINCE.value: "LĐLĐ tỉnh",
    UnitKind.DISTRICT.value: "LĐLĐ huyện",
    UnitKind.SECTOR.value: "Công đoàn ngành",
    UnitKind.GRASSROOTS.value: "Công đoàn cơ sở",
    UnitKind.DEPARTMENT.value: "Ban của LĐLĐ tỉnh",
}


def _rows(app: ThiduaApplication, as_of: date | None) -> list[list[Any]]:
    units = {u.id: u for u in all_units(app)}
    state = {i: (u.as_of(as_of) if as_of else u.current) for i, u in units.items()}
    active = {i for i, s in state.items() if s is not None and s.status is UnitStatus.ACTIVE}
    kids: dict[UUID | None, list[UUID]] = {}
    for i in active:
        parent = state[i].parent  # type: ignore[union-attr]
        kids.setdefault(parent if parent in active else None, []).append(i)
    rows: list[list[Any]] = []

    def visit(i: UUID) -> None:
        unit, s = units[i], state[i]
        parent = units[s.parent].code if s and s.parent in units else None
        label = KIND_LABELS[unit.kind.value]
        rows.append([unit.code, label, s.name if s else "", parent, unit.timeline[0].since])
        for child in sorted(kids.get(i, []), key=lambda c: units[c].code):
            visit(child)

    for root in sorted(kids.get(None, []), key=lambda c: units[c].code):
        visit(root)
    return rows


def export_units(app: ThiduaApplication, fmt: str, as_of: date | None = None) -> bytes:
    return write(fmt, "Đơn vị", COLUMNS, _rows(app, as_of))


def _check(app: ThiduaApplication, sheet: Sheet) -> list[dict[str, Any]]:
    valid: list[dict[str, Any]] = []
    first: dict[str, int] = {}
    for n, cells in sheet.rows:
        code = sheet.text(n, cells, "code", required=True).upper()
        row = {
            "row": n,
            "code": code,
            "kind": sheet.choice(n, cells, "kind", KIND_LABELS),
            "name": sheet.text(n, cells, "name", required=True),
            "parent": sheet.text(n, cells, "parent_code").upper() or None,
            "since": sheet.date(n, cells, "since"),
        }
        if code in first:
            sheet.problem(n, "code", "tabular.duplicate", value=code, first=first[code])
        elif code and app.exists(Unit.id_for(code)):
            sheet.problem(n, "code", "tabular.exists", value=code)
        if code:
            first.setdefault(code, n)
        valid.append(row)
    in_file: dict[str, dict[str, Any]] = {}
    for r in valid:
        in_file.setdefault(r["code"], r)  # a repeated code is reported above
    for r in valid:
        parent = r["parent"]
        if parent and parent not in in_file and not app.exists(Unit.id_for(parent)):
            sheet.problem(r["row"], "parent_code", "tabular.unknown_parent", value=parent)
        elif parent and _loops(r["code"], in_file):
            sheet.problem(r["row"], "parent_code", "tabular.cycle", value=r["code"])
    sheet.check()
    return _parents_first(valid, in_file)


def _loops(code: str, in_file: dict[str, dict[str, Any]]) -> bool:
    seen, current = {code}, in_file[code]["parent"]
    while current in in_file:
        if current in seen:
            return True
        seen.add(current)
        current = in_file[current]["parent"]
    return False


def _parents_first(rows: list[dict[str, Any]], in_file: dict[str, Any]) -> list[dict[str, Any]]:
    ordered: list[dict[str, Any]] = []
    done: set[str] = set()

    def place(r: dict[str, Any]) -> None:
        if r["code"] in done:
            return
        if r["parent"] in in_file:
            place(in_file[r["parent"]])
        done.add(r["code"])
        ordered.append(r)

    for r in rows:
        place(r)
    return ordered


def import_units(app: ThiduaApplication, who: Principal, data: bytes, fmt: str) -> list[UUID]:
    """Register every unit of the file in one transaction, or none (TabularError)."""
    require_role(who)

    def run() -> list[UUID]:
        sheet = read(data, fmt, COLUMNS)
        rows = _check(app, sheet)
        made: dict[str, Unit] = {}
        for r in rows:
            parent = r["parent"]
            parent_id = made[parent].id if parent in made else None
            if parent and parent_id is None:
                parent_id = Unit.id_for(parent)
            try:
                made[r["code"]] = Unit.register(
                    r["code"], UnitKind(r["kind"]), r["name"], parent_id, r["since"]
                )
            except DomainError as e:  # checked above; kept for rules added later
                sheet.problem(r["row"], None, e.code, **e.params)
        sheet.check()
        app.save(*made.values())
        return [u.id for u in made.values()]

    return execute(app, who.actor, run)
