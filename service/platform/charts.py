"""Charts as SVG text, drawn on the server: the same markup goes into pages and PDFs.

Plain horizontal bar charts (long Vietnamese unit names read best on the left).
Only presentation attributes, no <style> and no script: a strict Content-Security-
Policy lets them through inline, and WeasyPrint draws them as they are. Numbers are
formatted by the caller's `fmt` (Vietnamese "9,5" by default).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

FONT = "Liberation Serif, DejaVu Serif, serif"
SELF_COLOUR = "#9db4d0"
APPRAISED_COLOUR = "#1f4e8c"
STATUS_COLOURS = {"achieved": "#2e7d32", "on_track": "#1f4e8c", "behind": "#c62828", None: "#999"}
ELAPSED_COLOUR = "#b35c00"  # the elapsed-term marker: a colour no status uses
LABEL_W, BAR_W, ROW_H, TOP, RIGHT = 230, 420, 34, 44, 70
Fmt = Callable[[Decimal], str]


def vi_number(value: Decimal) -> str:
    """9.50 → "9,5": a decimal comma, no trailing zeros."""
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text.replace(".", ",")


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _frame(title: str, height: int, body: list[str]) -> str:
    width = LABEL_W + BAR_W + RIGHT
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{_attr(FONT)}" font-size="13">',
            f"<title>{escape(title)}</title>",
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
        ]
    )


def _label(y: float, text: str) -> str:
    short = text if len(text) <= 34 else text[:33] + "…"
    return (
        f'<text x="{LABEL_W - 8}" y="{y:.1f}" text-anchor="end" fill="#222">{escape(short)}</text>'
    )


def _legend(items: Sequence[tuple[str, str]]) -> list[str]:
    out, x = [], LABEL_W
    for colour, text in items:
        out.append(f'<rect x="{x}" y="10" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{x + 20}" y="22" fill="#222">{escape(text)}</text>')
        x += 30 + 8 * len(text)
    return out


@dataclass(frozen=True)
class StandingBar:
    label: str
    self_total: Decimal | None
    appraised_total: Decimal | None


def standings_chart(
    bars: Sequence[StandingBar],
    benchmark: Decimal,
    *,
    title: str = "Điểm tự chấm và điểm thẩm định",
    self_label: str = "Tự chấm",
    appraised_label: str = "Thẩm định",
    fmt: Fmt = vi_number,
) -> str:
    """Self-score and appraised total per member, on a scale up to the benchmark."""
    top = max(
        [benchmark, *(b.self_total or 0 for b in bars), *(b.appraised_total or 0 for b in bars)],
        default=Decimal(1),
    ) or Decimal(1)
    body = _legend([(SELF_COLOUR, self_label), (APPRAISED_COLOUR, appraised_label)])
    for i, bar in enumerate(bars):
        y = TOP + i * ROW_H
        body.append(_label(y + 17, bar.label))
        for j, (value, colour) in enumerate(
            [(bar.self_total, SELF_COLOUR), (bar.appraised_total, APPRAISED_COLOUR)]
        ):
            yy = y + 3 + j * 14
            if value is None:
                body.append(f'<text x="{LABEL_W + 4}" y="{yy + 11}" fill="#777">—</text>')
                continue
            w = float(BAR_W * value / top)
            body.append(
                f'<rect x="{LABEL_W}" y="{yy}" width="{w:.1f}" height="12" fill="{colour}"/>'
            )
            body.append(
                f'<text x="{LABEL_W + w + 4:.1f}" y="{yy + 11}" fill="#222">{escape(fmt(value))}</text>'
            )
    x = LABEL_W + float(BAR_W * benchmark / top)
    bottom = TOP + len(bars) * ROW_H
    body.append(
        f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="#555" '
        'stroke-dasharray="4 3"/>'
    )
    body.append(
        f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#555">'
        f"{escape(fmt(benchmark))}</text>"
    )
    return _frame(title, bottom + 26, body)


@dataclass(frozen=True)
class ProgressBar:
    label: str
    percent: Decimal | None  # of the target (None: no figures yet)
    status: str | None  # achieved | on_track | behind | None


def progress_chart(
    bars: Sequence[ProgressBar],
    elapsed_percent: Decimal,
    *,
    title: str = "Tiến độ thực hiện chỉ tiêu (phần trăm so với chỉ tiêu)",
    elapsed_label: str = "Thời gian nhiệm kỳ đã qua",
    status_labels: Mapping[str | None, str],
    fmt: Fmt = vi_number,
) -> str:
    """% of target per target, capped at 150% on the scale, bars coloured by status, with
    the 100% line (green) and the elapsed-term marker (dashed, dark orange)."""
    scale = Decimal(150)
    statuses = ("achieved", "on_track", "behind")
    body = _legend([(STATUS_COLOURS[s], status_labels[s]) for s in statuses])
    body.append(  # the marker's own legend line, below the statuses, so nothing overlaps
        f'<line x1="{LABEL_W}" y1="37" x2="{LABEL_W + 14}" y2="37" stroke="{ELAPSED_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="{LABEL_W + 20}" y="41" fill="#222">'
        f"{escape(elapsed_label)}: {escape(fmt(elapsed_percent))}%</text>"
    )
    top = TOP + 18
    for i, bar in enumerate(bars):
        y = top + i * ROW_H
        body.append(_label(y + 19, bar.label))
        if bar.percent is None:
            body.append(f'<text x="{LABEL_W + 4}" y="{y + 19}" fill="#777">—</text>')
            continue
        shown = min(bar.percent, scale)
        w = float(BAR_W * max(shown, Decimal(0)) / scale)
        colour = STATUS_COLOURS.get(bar.status, "#999")
        body.append(
            f'<rect x="{LABEL_W}" y="{y + 6}" width="{w:.1f}" height="18" fill="{colour}"/>'
        )
        body.append(
            f'<text x="{LABEL_W + w + 4:.1f}" y="{y + 19}" fill="#222">'
            f"{escape(fmt(bar.percent))}%</text>"
        )
    bottom = top + len(bars) * ROW_H
    for value, colour, dash in (
        (Decimal(100), "#2e7d32", ""),
        (elapsed_percent, ELAPSED_COLOUR, "5 3"),
    ):
        x = LABEL_W + float(BAR_W * min(value, scale) / scale)
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="{colour}" stroke-width="2"{extra}/>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="{colour}">'
            f"{escape(fmt(value))}%</text>"
        )
    return _frame(title, bottom + 26, body)
