"""The term-progress chart as inline SVG (WeasyPrint draws it; no image file).

One horizontal bar per target: the achieved value as a share of the target, a tick at
the share expected on the review date, a line at 100%. Colours follow the status.
`progress_chart(rows)` takes plain rows, so service.charts (the web's charts) can
replace it with the same input once it exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from service.documents.fmt import number

FONT = "Liberation Serif Thidua"
COLOURS = {"achieved": "#2e7d32", "on_track": "#1565c0", "behind": "#e65100", None: "#9e9e9e"}
LEGEND = (("achieved", "Đã đạt"), ("on_track", "Đúng tiến độ"), ("behind", "Chậm tiến độ"))
CAP = Decimal(150)


@dataclass(frozen=True)
class ChartRow:
    code: str
    percent: Decimal | None  # achieved value as % of the target
    expected: Decimal | None  # value expected on the review date, as % of the target
    status: str | None


def progress_chart(rows: Sequence[ChartRow], width: int = 600) -> str:
    left, right, row_h, top = 52, 56, 20, 24
    plot = width - left - right
    height = top + row_h * len(rows) + 30

    def x(percent: Decimal) -> float:
        return left + float(min(max(percent, Decimal(0)), CAP) / CAP) * plot

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONT}" font-size="11">'
    ]
    for pct in (0, 50, 100, 150):
        px = x(Decimal(pct))
        dash = "" if pct == 100 else ' stroke-dasharray="2,3"'
        parts.append(
            f'<line x1="{px:.1f}" y1="{top - 4}" x2="{px:.1f}" y2="{top + row_h * len(rows)}" '
            f'stroke="#555" stroke-width="{1.2 if pct == 100 else 0.5}"{dash}/>'
            f'<text x="{px:.1f}" y="{top - 8}" text-anchor="middle">{pct}%</text>'
        )
    for i, row in enumerate(rows):
        y = top + i * row_h
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(row.code)}</text>'
        )
        if row.percent is not None:
            colour = COLOURS.get(row.status, COLOURS[None])
            parts.append(
                f'<rect x="{left}" y="{y + 4}" width="{x(row.percent) - left:.1f}" height="12" '
                f'fill="{colour}"/>'
                f'<text x="{width - right + 4}" y="{y + 14}">{number(row.percent, 1)}%</text>'
            )
        else:
            parts.append(f'<text x="{left + 4}" y="{y + 14}" fill="#555">chưa có số liệu</text>')
        if row.expected is not None:
            ex = x(row.expected)
            parts.append(
                f'<line x1="{ex:.1f}" y1="{y + 1}" x2="{ex:.1f}" y2="{y + 19}" '
                f'stroke="#000" stroke-width="2"/>'
            )
    ly = top + row_h * len(rows) + 18
    lx = left
    for status, label in LEGEND:
        parts.append(
            f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{COLOURS[status]}"/>'
            f'<text x="{lx + 14}" y="{ly}">{label}</text>'
        )
        lx += 110
    parts.append(
        f'<line x1="{lx}" y1="{ly - 10}" x2="{lx}" y2="{ly + 2}" stroke="#000" stroke-width="2"/>'
        f'<text x="{lx + 6}" y="{ly}">Mức cần đạt tại thời điểm sơ kết</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
