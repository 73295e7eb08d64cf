"""A term's target table (bảng chỉ tiêu) as CSV / XLSX: export and all-or-nothing import.

Columns: code, name, measure, unit, target, baseline, direction, rollup, and the
labels of the counts a weighted average or a ratio needs. Directions and roll-ups
are written as their Vietnamese labels and read by label or code. Export keeps the
resolution's order; import adds every row to the term in one event batch, or none.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.review.term import Direction, Rollup, Target
from service.platform.app import ThiduaApplication, execute
from service.platform.auth import Principal
from service.platform.tabular import Column, Sheet, read, write
from service.review.queries import load_term
from service.review.reviews import require_steering

COLUMNS = [
    Column("code", "Mã chỉ tiêu", required=True, width=12),
    Column("name", "Tên chỉ tiêu", required=True, width=48),
    Column("measure", "Thước đo", width=32),
    Column("unit", "Đơn vị tính", width=16),
    Column("target", "Chỉ tiêu", required=True, kind="number", width=12),
    Column("baseline", "Đầu nhiệm kỳ", kind="number", width=14),
    Column("direction", "Chiều đánh giá", required=True, width=16),
    Column("rollup", "Cách tổng hợp", required=True, width=20),
    Column("weight_label", "Trọng số", width=20),
    Column("numerator_label", "Tử số", width=28),
    Column("denominator_label", "Mẫu số", width=28),
]
DIRECTION_LABELS = {
    Direction.AT_LEAST.value: "không thấp hơn",
    Direction.AT_MOST.value: "không vượt quá",
}
ROLLUP_LABELS = {
    Rollup.SUM.value: "cộng dồn",
    Rollup.WEIGHTED_AVERAGE.value: "bình quân gia quyền",
    Rollup.RATIO.value: "tỷ lệ",
}
# which column a Target rule's error belongs to
RULE_COLUMN = {
    "term.target_code_required": "code",
    "term.target_name_required": "name",
    "term.weight_label_required": "weight_label",
    "term.ratio_labels_required": "numerator_label",
}


def export_targets(app: ThiduaApplication, term: UUID, fmt: str) -> bytes:
    rows = [
        [
            t.code,
            t.name,
            t.measure,
            t.unit,
            Decimal(t.target),
            None if t.baseline is None else Decimal(t.baseline),
            DIRECTION_LABELS[t.direction],
            ROLLUP_LABELS[t.rollup],
            t.weight_label,
            t.numerator_label,
            t.denominator_label,
        ]
        for t in load_term(app, term).targets.values()
    ]
    return write(fmt, "Chỉ tiêu", COLUMNS, rows)


def _check(sheet: Sheet, existing: set[str]) -> list[Target]:
    targets: list[Target] = []
    first: dict[str, int] = {}
    for n, cells in sheet.rows:
        before = len(sheet.problems)
        fields: dict[str, Any] = {
            key: sheet.text(n, cells, key)
            for key in ("measure", "unit", "weight_label", "numerator_label", "denominator_label")
        }
        fields["code"] = sheet.text(n, cells, "code", required=True).upper()
        fields["name"] = sheet.text(n, cells, "name", required=True)
        fields["target"] = sheet.number(n, cells, "target", required=True)
        fields["baseline"] = sheet.number(n, cells, "baseline", required=False)
        fields["direction"] = sheet.choice(n, cells, "direction", DIRECTION_LABELS)
        fields["rollup"] = sheet.choice(n, cells, "rollup", ROLLUP_LABELS)
        code = fields["code"]
        if code in first:
            sheet.problem(n, "code", "tabular.duplicate", value=code, first=first[code])
        elif code in existing:
            sheet.problem(n, "code", "tabular.exists", value=code)
        first.setdefault(code, n)
        if len(sheet.problems) > before:
            continue
        try:
            targets.append(Target.make(**fields))
        except DomainError as e:
            sheet.problem(n, RULE_COLUMN.get(e.code), e.code, **e.params)
    sheet.check()
    return targets


def import_targets(
    app: ThiduaApplication,
    who: Principal,
    term: UUID,
    data: bytes,
    fmt: str,
    on: date | None = None,
) -> list[str]:
    """Add every target of the file to the term (adopted `on`, default the congress day)."""
    require_steering(who)

    def run() -> list[str]:
        aggregate = load_term(app, term)
        require_steering(who, federation=aggregate.federation)
        targets = _check(read(data, fmt, COLUMNS), set(aggregate.targets))
        for target in targets:
            aggregate.add_target(target, on or aggregate.opened_on)
        app.save(aggregate)
        return [t.code for t in targets]

    return execute(app, who.actor, run)
