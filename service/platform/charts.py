"""Charts as SVG text, drawn on the server: the same markup goes into pages and PDFs.

Plain horizontal bar charts, each name above its bars (long Vietnamese unit and target
names wrap rather than being cut, and the chart stays narrow enough for a phone).
Only presentation attributes, no <style> and no script: a strict Content-Security-
Policy lets them through inline, and WeasyPrint draws them as they are. Numbers are
formatted by the caller's `fmt` (Vietnamese "9,5" by default).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

FONT = "Liberation Serif, DejaVu Serif, serif"
SELF_COLOUR = "#9db4d0"
APPRAISED_COLOUR = "#1f4e8c"
STATUS_COLOURS = {"achieved": "#2e7d32", "on_track": "#1f4e8c", "behind": "#c62828", None: "#999"}
ELAPSED_COLOUR = "#b35c00"  # the elapsed-term marker: a colour no status uses
CEILING_ZONE = "#fbe3e1"  # beyond a lower-is-better target's ceiling
# One narrow layout for pages, phones and PDFs: each name on its own line(s) above its
# bars (never cut: wrapped), the bars below it, the numbers in a column of their own on
# the right (so no reference line ever crosses them). At 480 units wide, a 390 px phone
# shows it at about 0,75: 14-unit text stays above 10 px.
WIDTH, BAR_X, BAR_W, FONT_SIZE, LINE_H = 480, 4, 370, 14, 17
VALUE_X = BAR_X + BAR_W + 8  # the numbers' column
CHARS_PER_LINE = 64  # Liberation Serif at 14: about 7 units a character
Fmt = Callable[[Decimal], str]


def vi_number(value: Decimal) -> str:
    """9.50 → "9,5": a decimal comma, no trailing zeros."""
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text.replace(".", ",")


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _frame(title: str, height: int, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="{_attr(FONT)}" font-size="{FONT_SIZE}">',
            f"<title>{escape(title)}</title>",
            f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
        ]
    )


def _name(y: float, text: str) -> tuple[list[str], float]:
    """A bar's name above it, wrapped (never cut); the elements and the y below them."""
    lines = textwrap.wrap(text, CHARS_PER_LINE, break_long_words=True) or [""]
    out = [
        f'<text x="{BAR_X}" y="{y + LINE_H * (i + 1) - 4:.1f}" fill="#222">{escape(line)}</text>'
        for i, line in enumerate(lines)
    ]
    return out, y + LINE_H * len(lines)


def _legend(items: Sequence[tuple[str, str]], y: float = 10) -> tuple[list[str], float]:
    """Swatches and their words, wrapped onto further rows; the elements and the y below."""
    out, x = [], float(BAR_X)
    for colour, text in items:
        w = 24 + 7.2 * len(text)
        if x > BAR_X and x + w > WIDTH:
            x, y = float(BAR_X), y + LINE_H + 2
        out.append(f'<rect x="{x:.1f}" y="{y}" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{x + 20:.1f}" y="{y + 12}" fill="#222">{escape(text)}</text>')
        x += w + 12
    return out, y + LINE_H + 4


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
    """Self-score and appraised total per member, on a scale up to the benchmark (a dashed
    mark across each member's bars, its value under the chart)."""
    top = max(
        [benchmark, *(b.self_total or 0 for b in bars), *(b.appraised_total or 0 for b in bars)],
        default=Decimal(1),
    ) or Decimal(1)
    body, y = _legend([(SELF_COLOUR, self_label), (APPRAISED_COLOUR, appraised_label)])
    mark = BAR_X + float(BAR_W * benchmark / top)
    for bar in bars:
        names, y = _name(y, bar.label)
        body += names
        for j, (value, colour) in enumerate(
            [(bar.self_total, SELF_COLOUR), (bar.appraised_total, APPRAISED_COLOUR)]
        ):
            yy = y + j * 14
            if value is None:
                body.append(f'<text x="{VALUE_X}" y="{yy + 11}" fill="#555">—</text>')
                continue
            w = float(BAR_W * value / top)
            body.append(f'<rect x="{BAR_X}" y="{yy}" width="{w:.1f}" height="12" fill="{colour}"/>')
            body.append(
                f'<text x="{VALUE_X}" y="{yy + 11}" fill="#222">{escape(fmt(value))}</text>'
            )
        body.append(
            f'<line x1="{mark:.1f}" y1="{y - 2}" x2="{mark:.1f}" y2="{y + 28}" stroke="#555" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        y += 28 + 10
    body.append(
        f'<text x="{mark:.1f}" y="{y + 8}" text-anchor="middle" fill="#444">'
        f"{escape(fmt(benchmark))}</text>"
    )
    return _frame(title, int(y + 18), body)


@dataclass(frozen=True)
class ProgressBar:
    label: str
    percent: Decimal | None  # of the target (None: no figures yet)
    status: str | None  # achieved | on_track | behind | None
    lower_is_better: bool = False  # a ceiling ("không vượt quá"): below 100% is good


def progress_chart(
    bars: Sequence[ProgressBar],
    elapsed_percent: Decimal,
    *,
    title: str = "Tiến độ thực hiện chỉ tiêu (phần trăm so với chỉ tiêu)",
    elapsed_label: str = "Thời gian nhiệm kỳ đã qua",
    ceiling_label: str = "Chỉ tiêu không vượt quá: càng thấp càng tốt, vượt mức chỉ tiêu là không đạt",
    status_labels: Mapping[str | None, str],
    fmt: Fmt = vi_number,
) -> str:
    """% of target per target, capped at 150% on the scale, bars coloured by status, with
    the 100% mark (green) and the elapsed-term marker (dashed, dark orange) across each
    bar. A lower-is-better target is drawn as a ceiling: the zone past 100% shaded red,
    no elapsed marker (it is no share of a ceiling), "≤" before its value."""
    scale = Decimal(150)
    statuses = ("achieved", "on_track", "behind")
    body, y = _legend([(STATUS_COLOURS[s], status_labels[s]) for s in statuses])
    body.append(  # the marker's own legend line, below the statuses, so nothing overlaps
        f'<line x1="{BAR_X}" y1="{y + 3}" x2="{BAR_X + 14}" y2="{y + 3}" stroke="{ELAPSED_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="{BAR_X + 20}" y="{y + 8}" fill="#222">'
        f"{escape(elapsed_label)}: {escape(fmt(elapsed_percent))}%</text>"
    )
    y += LINE_H + 2
    if any(b.lower_is_better for b in bars):
        lines = textwrap.wrap(ceiling_label, CHARS_PER_LINE - 4)
        body.append(
            f'<rect x="{BAR_X}" y="{y - 4}" width="14" height="14" fill="{CEILING_ZONE}" '
            'stroke="#c62828" stroke-width="1"/>'
        )
        body += [
            f'<text x="{BAR_X + 20}" y="{y + 8 + i * LINE_H}" fill="#222">{escape(line)}</text>'
            for i, line in enumerate(lines)
        ]
        y += LINE_H * len(lines) + 2
    y += 6

    def x_of(value: Decimal) -> float:
        return BAR_X + float(BAR_W * min(max(value, Decimal(0)), scale) / scale)

    hundred, elapsed = x_of(Decimal(100)), x_of(elapsed_percent)
    for bar in bars:
        names, y = _name(y, bar.label)
        body += names
        if bar.lower_is_better:
            body.append(
                f'<rect x="{hundred:.1f}" y="{y - 2}" width="{BAR_X + BAR_W - hundred:.1f}" '
                f'height="22" fill="{CEILING_ZONE}"/>'
            )
        if bar.percent is None:
            body.append(f'<text x="{VALUE_X}" y="{y + 14}" fill="#555">—</text>')
        else:
            w = x_of(bar.percent) - BAR_X
            colour = STATUS_COLOURS.get(bar.status, "#999")
            body.append(f'<rect x="{BAR_X}" y="{y}" width="{w:.1f}" height="18" fill="{colour}"/>')
            sign = "≤ " if bar.lower_is_better and bar.percent <= 100 else ""
            body.append(
                f'<text x="{VALUE_X}" y="{y + 14}" fill="#222">'
                f"{sign}{escape(fmt(bar.percent))}%</text>"
            )
        marks = [(hundred, "#2e7d32", "")]
        if not bar.lower_is_better:
            marks.append((elapsed, ELAPSED_COLOUR, "5 3"))
        for x, colour, dash in marks:
            extra = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(
                f'<line x1="{x:.1f}" y1="{y - 3}" x2="{x:.1f}" y2="{y + 21}" '
                f'stroke="{colour}" stroke-width="2"{extra}/>'
            )
        y += 22 + 10
    # The marks' values under the chart, one line each, so they never overlap.
    body.append(
        f'<text x="{hundred:.1f}" y="{y + 8}" text-anchor="middle" fill="#2e7d32">100%</text>'
    )
    body.append(
        f'<text x="{elapsed:.1f}" y="{y + 8 + LINE_H}" text-anchor="middle" '
        f'fill="{ELAPSED_COLOUR}">{escape(fmt(elapsed_percent))}%</text>'
    )
    return _frame(title, int(y + 18 + LINE_H), body)
