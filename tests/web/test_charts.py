"""Server-side SVG charts (service.charts): well-formed, scaled, escaped, no script or
style (so a strict CSP and WeasyPrint both take them), Vietnamese numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from service.platform.charts import (
    BAR_W,
    BAR_X,
    CEILING_ZONE,
    ELAPSED_COLOUR,
    FONT_SIZE,
    STATUS_COLOURS,
    VALUE_X,
    WIDTH,
    ProgressBar,
    StandingBar,
    progress_chart,
    standings_chart,
)
from service.review.queries import progress_labels

SVG = "{http://www.w3.org/2000/svg}"


def test_standings_chart_draws_self_and_appraised_bars_to_scale() -> None:
    svg = standings_chart(
        [
            StandingBar("LĐLĐ <Lạng Sơn>", Decimal("28"), Decimal("26.5")),
            StandingBar("LĐLĐ Hà Giang", None, None),
        ],
        Decimal(100),
    )
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "LĐLĐ <Lạng Sơn>" in texts and "26,5" in texts and "28" in texts and "—" in texts
    widths = {
        r.get("fill"): float(r.get("width"))
        for r in root.iter(SVG + "rect")
        if r.get("height") == "12"
    }
    assert widths["#9db4d0"] == round(BAR_W * 28 / 100, 1)
    assert widths["#1f4e8c"] == round(BAR_W * 26.5 / 100, 1)


def test_progress_chart_marks_the_elapsed_share_and_colours_by_status() -> None:
    svg = progress_chart(
        [
            ProgressBar("CT01", Decimal("54.75"), "on_track"),
            ProgressBar("CT09", Decimal("24.67"), "behind"),
            ProgressBar("CT12", Decimal("200"), "achieved"),
            ProgressBar("CT13", None, None),
        ],
        Decimal("50.0"),
        status_labels=progress_labels(),
    )
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(SVG + "rect") if r.get("height") == "18"]
    assert [r.get("fill") for r in bars] == ["#1f4e8c", "#c62828", "#2e7d32"]
    assert float(bars[2].get("width")) == BAR_W  # capped at 150% of the scale
    lines = {line.get("stroke"): float(line.get("x1")) for line in root.iter(SVG + "line")}
    assert lines[ELAPSED_COLOUR] == round(BAR_X + BAR_W * 50 / 150, 1)  # the elapsed marker
    assert ELAPSED_COLOUR not in STATUS_COLOURS.values()  # red means "behind" only
    legend_rows = {
        t.get("y")
        for t in root.iter(SVG + "text")
        if "nhiệm kỳ" in (t.text or "") or t.text == "Chậm tiến độ"
    }
    assert len(legend_rows) == 2  # the marker's label has a line of its own: no overlap
    assert lines["#2e7d32"] == round(BAR_X + BAR_W * 100 / 150, 1)  # 100 %
    texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert (
        "54,75%" in texts and "Thời gian nhiệm kỳ đã qua: 50%" in texts and "Chậm tiến độ" in texts
    )


def test_a_lower_is_better_target_is_drawn_as_a_ceiling_not_as_failing() -> None:
    """ "Không vượt quá" 5%: a value at 60% of it is achieved: green, no elapsed marker
    across it (no share of a ceiling), the zone past 100% shaded, and a legend saying so."""
    svg = progress_chart(
        [
            ProgressBar("CT05 Tỷ lệ hộ nghèo", Decimal("60"), "achieved", lower_is_better=True),
            ProgressBar("CT01", Decimal("54.75"), "on_track"),
        ],
        Decimal("80"),
        status_labels=progress_labels(),
    )
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(SVG + "rect") if r.get("height") == "18"]
    assert bars[0].get("fill") == STATUS_COLOURS["achieved"]
    zones = [r for r in root.iter(SVG + "rect") if r.get("fill") == CEILING_ZONE]
    hundred = round(BAR_X + BAR_W * 100 / 150, 1)
    assert any(float(z.get("x")) == hundred for z in zones)  # shaded past the ceiling
    elapsed = [line for line in root.iter(SVG + "line") if line.get("stroke") == ELAPSED_COLOUR]
    assert len(elapsed) == 2  # the legend's and CT01's, none across the ceiling's row
    texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "≤ 60%" in texts and "càng thấp càng tốt" in texts


def test_names_are_never_cut_and_numbers_never_crossed_and_text_fits_a_phone() -> None:
    long = "CT07 Tỷ lệ đoàn viên công đoàn được tuyên truyền, phổ biến pháp luật về lao động"
    svg = progress_chart(
        [ProgressBar(long, Decimal("99"), "on_track")],
        Decimal("100"),
        status_labels=progress_labels(),
    )
    root = ET.fromstring(svg)
    texts = [t.text or "" for t in root.iter(SVG + "text")]
    assert "…" not in " ".join(texts)  # wrapped, not cut
    assert "CT07" in " ".join(texts) and "động" in " ".join(texts)
    value = next(t for t in root.iter(SVG + "text") if t.text == "99%")
    assert float(value.get("x")) == VALUE_X  # the numbers' own column…
    xs = [float(line.get("x1")) for line in root.iter(SVG + "line")]
    assert max(xs) < VALUE_X  # …which no reference line reaches
    # drawn at 364 px wide (a 390 px phone's content box), the text stays >= 10 px
    assert FONT_SIZE * 364 / WIDTH >= 10
