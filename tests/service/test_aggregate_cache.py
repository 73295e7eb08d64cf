"""The aggregate cache: reads see other processes' writes; read-only copies stay read-only."""

from __future__ import annotations

from datetime import date

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import Unit, UnitKind
from service.org import units
from service.platform.app import ThiduaApplication, load
from service.platform.auth import Principal


def test_a_cached_read_sees_another_workers_write(
    app: ThiduaApplication, store_url: str, admin: Principal
) -> None:
    unit_id = units.register_unit(
        app, admin, "HN", UnitKind.PROVINCE, "LĐLĐ thành phố Hà Nội", date(2011, 6, 7)
    )
    first = app.read(unit_id)
    assert app.read(unit_id) is first  # cached: the same instance, no copy, no replay
    other = ThiduaApplication(store_url)  # another gunicorn worker on the same store
    try:
        units.rename_unit(other, admin, "HN", "Liên đoàn Lao động Hà Nội", date(2012, 1, 2))
    finally:
        other.close()
    assert app.read(unit_id).current.name == "Liên đoàn Lao động Hà Nội"
    assert app.get(unit_id).current.name == "Liên đoàn Lao động Hà Nội"


def test_an_aggregate_read_for_reading_cannot_be_saved(
    app: ThiduaApplication, admin: Principal
) -> None:
    unit_id = units.register_unit(
        app, admin, "HP", UnitKind.PROVINCE, "LĐLĐ thành phố Hải Phòng", date(2011, 6, 7)
    )
    shared: Unit = app.read(unit_id)
    copy: Unit = app.get(unit_id)
    assert copy is not shared
    with pytest.raises(RuntimeError, match="reading only"):
        app.save(shared)
    copy.rename("LĐLĐ Hải Phòng", date(2012, 1, 2))
    app.save(copy)  # a command's own copy saves as before
    assert app.read(unit_id).current.name == "LĐLĐ Hải Phòng"


def test_reading_a_missing_aggregate_is_a_worded_refusal(app: ThiduaApplication) -> None:
    from uuid import uuid4

    with pytest.raises(DomainError) as refused:
        load(app, uuid4(), "năm thi đua", read_only=True)
    assert refused.value.code == "store.not_found"
