"""Every event kind and every field of every aggregate's events is labelled for the
audit pages and the API's timeline; the timeline carries each event's fields in words
(unit names, no raw codes, no 32-hex ids, no stored secrets)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import domain
from domain.kernel.base import ThiduaAggregate
from service.audit.history import HIDDEN
from tests.web.site import Site
from web.audit.event_labels import FIELDS, KINDS, SECRET, VALUES

HEX32 = re.compile(r"\b[0-9a-f]{32}\b")


def _event_classes() -> list[type]:
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        importlib.import_module(module.name)
    found, todo = set(), [ThiduaAggregate]
    while todo:
        aggregate = todo.pop()
        todo.extend(aggregate.__subclasses__())
        for value in vars(aggregate).values():
            if isinstance(value, type) and str(getattr(value, "TOPIC", "")).startswith("thidua."):
                found.add(value)
    return sorted(found, key=lambda c: c.TOPIC)


def _fields(cls: type) -> list[str]:
    names: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        names.update(getattr(klass, "__annotations__", {}))
    return [n for n in names if n not in HIDDEN and not n.startswith("_")]


def test_every_event_kind_and_field_of_every_aggregate_has_a_label() -> None:
    classes = _event_classes()
    assert len(classes) > 70  # every aggregate's events, found by walking the domain
    assert [c.TOPIC for c in classes if c.TOPIC not in KINDS] == []
    unlabelled = {
        f"{c.TOPIC}.{f}" for c in classes for f in _fields(c) if f not in FIELDS.keys() | SECRET
    }
    assert unlabelled == set()


def test_the_timeline_carries_each_events_fields_in_words(sqlite_site: Site) -> None:
    api = sqlite_site.api("auditor")
    rows = api.get(f"/api/v1/timeline?case_id={sqlite_site.year15}&limit=300").get_json()
    assert len(rows) == 300
    labels = {str(v) for v in FIELDS.values()}
    codes = {field: set(words) - {""} for field, words in VALUES.items()}
    secrets = {str(FIELDS.get(s, s)) for s in SECRET}
    for row in rows:
        assert row["what"] and not row["what"].startswith("thidua."), row
        for item in row["fields"]:
            assert item["label"] in labels and item["label"] not in secrets, item
            assert not HEX32.search(item["value"]), item
            assert item["value"] not in codes.get(item["field"], set()), item
    scored = next(r for r in rows if r["kind"] == "SelfScored")
    said = {f["label"]: f["value"] for f in scored["fields"]}
    assert {"Tiêu chí", "Điểm", "Ngày"} <= set(said) and re.match(r"\d\d/\d\d/\d{4}", said["Ngày"])
    assert scored["actor_unit_name"] and scored["actor_unit"].count("-") == 4
    # a report's kind in words, never "midyear"
    report = next(r for r in rows if r["kind"] == "ReportSubmitted")
    kind = next(f["value"] for f in report["fields"] if f["field"] == "kind")
    assert kind in ("báo cáo 6 tháng", "báo cáo cuối năm")
    # the audit page shows the same words
    client, _ = sqlite_site.login("auditor")
    page = client.get("/audit").get_data(as_text=True)
    assert "Tiêu chí" in page or "Nội dung" in page
