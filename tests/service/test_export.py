"""Audit export: one JSON line per stored event, in store order, with decoded data."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

import pytest

from domain.kernel.base import Actor
from domain.org.unit import Unit, UnitKind
from service.audit.export import export_events, json_safe
from service.platform.app import ThiduaApplication, acting_as

ON = date(2025, 7, 1)


def save_units(app: ThiduaApplication) -> tuple[Unit, Unit]:
    hanoi = Unit.register("HN", UnitKind.PROVINCE, "Liên đoàn Lao động Hà Nội", None, ON)
    haiphong = Unit.register("HP", UnitKind.PROVINCE, "LĐLĐ Hải Phòng", None, ON)
    app.save(hanoi, haiphong)
    with acting_as(Actor("admin@hn", hanoi.id)):
        hanoi.rename("LĐLĐ thành phố Hà Nội", date(2025, 8, 1))
        app.save(hanoi)
    return hanoi, haiphong


def export_lines(app: ThiduaApplication, **kwargs) -> tuple[int, list[dict]]:
    out = io.StringIO()
    count = export_events(app, out, **kwargs)
    text = out.getvalue()
    assert text.endswith("\n")
    return count, [json.loads(line) for line in text.splitlines()]


def test_export_writes_each_event_in_position_order(app: ThiduaApplication) -> None:
    hanoi, haiphong = save_units(app)

    count, records = export_lines(app)

    assert count == len(records) == 3
    positions = [r["position"] for r in records]
    assert positions == sorted(positions)
    assert positions[-1] == app.recorder.max_notification_id()
    created = [r for r in records if r["topic"] == "thidua.Unit.Created"]
    assert {r["originator"] for r in created} == {str(hanoi.id), str(haiphong.id)}
    first = next(r for r in created if r["originator"] == str(hanoi.id))
    assert first["version"] == 1
    assert first["actor"] == {"account": "system", "unit": None}
    assert first["data"]["code"] == "HN"
    assert first["data"]["kind"] == "province"
    assert first["data"]["name"] == "Liên đoàn Lao động Hà Nội"
    assert first["data"]["on"] == "2025-07-01"
    assert first["data"]["parent"] is None
    assert not {"originator_id", "originator_version", "timestamp", "actor"} & set(first["data"])
    renamed = records[-1]
    assert renamed["topic"] == "thidua.Unit.Renamed"
    assert renamed["version"] == 2
    assert renamed["actor"] == {"account": "admin@hn", "unit": str(hanoi.id)}
    assert renamed["data"] == {"name": "LĐLĐ thành phố Hà Nội", "on": "2025-08-01"}
    assert datetime.fromisoformat(renamed["timestamp"]).tzinfo is not None


def test_export_is_stable_and_unescaped(app: ThiduaApplication) -> None:
    save_units(app)
    first, second = io.StringIO(), io.StringIO()
    export_events(app, first)
    export_events(app, second)
    assert first.getvalue() == second.getvalue()
    line = first.getvalue().splitlines()[0]
    assert "Hà Nội" in line  # ensure_ascii=False
    assert list(json.loads(line)) == sorted(json.loads(line))


def test_export_reads_in_batches_and_reports_progress(app: ThiduaApplication) -> None:
    units = [Unit.register(f"U{i}", UnitKind.GRASSROOTS, f"CĐCS {i}", None, ON) for i in range(7)]
    app.save(*units)
    seen: list[int] = []

    count, records = export_lines(app, progress=seen.append, batch_size=3)

    assert count == 7
    assert len(seen) == 3  # batches of 3, 3 and 1
    assert seen == sorted(seen)
    assert seen[-1] == records[-1]["position"] == app.recorder.max_notification_id()
    assert {r["data"]["code"] for r in records} == {f"U{i}" for i in range(7)}


def test_export_of_an_empty_store_writes_nothing(app: ThiduaApplication) -> None:
    out = io.StringIO()
    assert export_events(app, out) == 0
    assert out.getvalue() == ""


class Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Point:
    x: Decimal
    y: UUID


def test_json_safe_converts_stored_types() -> None:
    uid = uuid4()
    when = datetime(2025, 12, 5, 8, 30, tzinfo=UTC)
    value = {
        "uuid": uid,
        "day": date(2015, 12, 5),
        "when": when,
        "points": Decimal("9.50"),
        "colour": Colour.RED,
        "pair": (1, "a"),
        "point": Point(Decimal("1.5"), uid),
    }
    assert json_safe(value) == {
        "uuid": str(uid),
        "day": "2015-12-05",
        "when": "2025-12-05T08:30:00+00:00",
        "points": "9.50",
        "colour": "red",
        "pair": [1, "a"],
        "point": {"x": "1.5", "y": str(uid)},
    }


def test_json_safe_refuses_unknown_types() -> None:
    with pytest.raises(TypeError):
        json_safe(object())
