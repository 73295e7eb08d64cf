"""The national load (service/demo_national.py) at a small scale: deterministic by seed,
and its term review rolls up from the grassroots through their parents."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from domain.org.unit import Unit
from domain.review.report import ReviewReport
from service.audit.schema import create_schema
from service.demo.national import load_national, nation
from service.platform.app import ThiduaApplication
from service.views.views import term_progress

FRACTION = 0.004  # ~520 grassroots unions in the nation, a handful per federation


def _load(tmp: Path, seed: int, only: list[str]) -> tuple[ThiduaApplication, dict[str, Any]]:
    url = f"sqlite:///{tmp / f'national-{seed}-{len(list(tmp.iterdir()))}.sqlite3'}"
    create_schema(url)
    app = ThiduaApplication(url)
    return app, load_national(app, seed, FRACTION, only=only)


def _content(app: ThiduaApplication) -> dict[str, Any]:
    """What a load wrote, without ids or times: counts per event kind, units, figures."""
    notifications = app.recorder.select_notifications(0, 10**7)
    kinds = Counter(n.topic for n in notifications)
    units, reports = [], {}
    for n in notifications:
        if n.topic == Unit.Created.TOPIC:
            unit: Unit = app.get(n.originator_id)
            parent = app.get(unit.parent).code if unit.parent else None
            units.append((unit.code, unit.kind.value, unit.name, parent))
        elif n.topic == ReviewReport.Created.TOPIC:
            report: ReviewReport = app.get(n.originator_id)
            reports[app.get(report.unit).code] = (report.status.value, report.values)
    return {"kinds": kinds, "units": units, "reports": reports}


def test_same_seed_same_nation_other_seed_another(tmp_path: Path) -> None:
    assert nation(7, FRACTION) == nation(7, FRACTION)
    smallest = min(nation(7, FRACTION).federations, key=lambda f: (f.grassroots, f.code))
    first, _ = _load(tmp_path, 7, [smallest.code])
    again, _ = _load(tmp_path, 7, [smallest.code])
    other, _ = _load(tmp_path, 8, [smallest.code])
    try:
        a, b, c = _content(first), _content(again), _content(other)
        assert a == b
        assert a["reports"] and a["units"]
        assert a["units"] != c["units"] or a["reports"] != c["reports"]
        names = [name for _, kind, name, _ in a["units"] if kind == "grassroots"]
        assert names and all(n.startswith("Công đoàn cơ sở ") for n in names)
    finally:
        for app in (first, again, other):
            app.close()


def test_whole_nation_plan_is_national() -> None:
    country = nation(1, 1.0)
    assert len(country.clusters) == 12
    assert len(country.federations) == 54
    assert 125_000 <= country.grassroots <= 135_000
    sizes = [f.grassroots for f in country.federations]
    assert 1_500 <= sum(sizes) / len(sizes) <= 3_000
    assert len({f.code for f in country.federations}) == 54


def test_review_rolls_up_from_the_grassroots(tmp_path: Path) -> None:
    country = nation(3, FRACTION)
    fed = max(country.federations, key=lambda f: (f.intermediates, f.grassroots))
    assert fed.intermediates >= 2
    app, loaded = _load(tmp_path, 3, [fed.code])
    try:
        progress = term_progress(app, loaded["campaigns"][fed.code])
        rollup, federation = progress.rollup, Unit.id_for(fed.code)
        reports = progress.state["reports"]
        assert len(reports) == fed.intermediates + fed.grassroots
        assert all(r["status"] == "accepted" for r in reports.values())
        # CT01 (new members) is reported by grassroots unions only: each lower
        # federation's figure is the sum of its own grassroots unions' figures.
        lower = [u for u, p in rollup.parent.items() if p == federation]
        assert len(lower) == fed.intermediates
        total = Decimal(0)
        for unit in lower:
            kids = [u for u, p in rollup.parent.items() if p == unit]
            figures = [Decimal(reports[k.hex]["figures"]["CT01"]["value"]) for k in kids]
            assert rollup.progress[unit]["CT01"].reporters == len(kids)
            assert rollup.progress[unit]["CT01"].value == sum(figures)
            total += sum(figures)
        assert rollup.progress[federation]["CT01"].value == total
        assert rollup.progress[federation]["CT01"].reporters == fed.grassroots
        # CT02 (new grassroots unions founded) comes from the lower federations only
        assert rollup.progress[federation]["CT02"].reporters == fed.intermediates
    finally:
        app.close()


@pytest.mark.parametrize("scale", ["national", "0.5"])
def test_cli_scale_is_parsed(scale: str) -> None:
    from web.cli.store import _scale

    assert _scale(scale) == (1.0 if scale == "national" else 0.5)
