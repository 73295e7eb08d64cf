"""Bundles built off the request path: progress in a file, the signed PDF cached under
a key of what decides its content, so an unchanged bundle is not rendered again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.org.unit import Unit, UnitKind
from service.documents import DocumentInputs, SigningConfig, build_bundle, verify_bundle
from service.documents.jobs import BundleJobs
from service.documents.keys import DevKeys
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.year.clusters import report_task
from tests.documents.conftest import INPUTS, Demo


def test_build_once_then_served_from_cache(
    own_app: ThiduaApplication, demo: Demo, keys: DevKeys, tmp_path: Path
) -> None:
    builds: list[int] = []
    steps: list[str] = []

    def counted(app, year_id, **kw):  # type: ignore[no-untyped-def]
        builds.append(1)
        progress = kw.pop("progress")
        kw["progress"] = lambda step, done, total: (steps.append(step), progress(step, done, total))
        return build_bundle(app, year_id, config=config, **kw)

    config = SigningConfig(p12=str(keys.p12), p12_password=keys.password)
    jobs = BundleJobs(
        tmp_path / "bundles", lambda: ThiduaApplication(own_app.url), config, build=counted
    )
    first = jobs.start(own_app, demo.year_id, inputs=INPUTS)
    assert first.state == "running"
    done = jobs.wait(first.key, timeout=120)
    assert done.state == "done", done
    assert "Ký số" in steps and any(s.startswith("Dàn trang") for s in steps)
    pdf = jobs.result(first.key)
    assert pdf is not None and verify_bundle(pdf, app=own_app, ca=[keys.ca]).ok

    again = jobs.start(own_app, demo.year_id, inputs=INPUTS)
    assert (again.key, again.state, len(builds)) == (first.key, "done", 1)  # from the cache

    # Events of other cases do not change this bundle: still the cached one.
    own_app.save(Unit.register("HN", UnitKind.PROVINCE, "LĐLĐ Hà Nội", None, date(2025, 7, 1)))
    assert jobs.start(own_app, demo.year_id, inputs=INPUTS).key == first.key
    # Other inputs, or a new event of the year, make a new bundle.
    assert jobs.key_for(own_app, demo.year_id, inputs=DocumentInputs()) != first.key
    year = own_app.get(demo.year_id)
    chair = Principal("canbo.caobang", year.chair)
    report_task(
        own_app, chair, demo.year_id, "workshop", "Hội thảo (dữ liệu mẫu)", date(2016, 1, 5)
    )
    changed = jobs.start(own_app, demo.year_id, inputs=INPUTS)
    assert changed.key != first.key
    assert jobs.wait(changed.key, timeout=120).state == "done" and len(builds) == 2


def test_a_failed_build_is_reported(own_app: ThiduaApplication, demo: Demo, tmp_path: Path) -> None:
    jobs = BundleJobs(tmp_path / "bundles", lambda: ThiduaApplication(own_app.url), SigningConfig())
    started = jobs.start(own_app, demo.year_id)
    status = jobs.wait(started.key, timeout=120)
    assert status.state == "failed" and "Chưa cấu hình chữ ký số" in status.error
    assert jobs.result(started.key) is None
