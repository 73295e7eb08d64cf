"""Server-side SVG charts (service.charts): well-formed, scaled, escaped, no script or
style (so a strict CSP and WeasyPrint both take them), Vietnamese numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from service.platform.charts import (
    ELAPSED_COLOUR,
    STATUS_COLOURS,
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
    assert widths["#9db4d0"] == 420 * 28 / 100
    assert widths["#1f4e8c"] == 420 * 26.5 / 100


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
    assert float(bars[2].get("width")) == 420  # capped at 150% of the scale
    lines = {line.get("stroke"): float(line.get("x1")) for line in root.iter(SVG + "line")}
    assert lines[ELAPSED_COLOUR] == 230 + 420 * 50 / 150  # the elapsed-term marker
    assert ELAPSED_COLOUR not in STATUS_COLOURS.values()  # red means "behind" only
    legend_rows = {
        t.get("y")
        for t in root.iter(SVG + "text")
        if "nhiệm kỳ" in (t.text or "") or t.text == "Chậm tiến độ"
    }
    assert len(legend_rows) == 2  # the marker's label has a line of its own: no overlap
    assert lines["#2e7d32"] == 230 + 420 * 100 / 150  # 100 %
    texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert (
        "54,75%" in texts and "Thời gian nhiệm kỳ đã qua: 50%" in texts and "Chậm tiến độ" in texts
    )
