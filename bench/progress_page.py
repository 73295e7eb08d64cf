"""P9's largest review: the review page of a federation of thousands of units while
its reports are being accepted (the deadline day's other side).

The store: a city federation like Hồ Chí Minh's (13 lower federations, the rest
grassroots unions under them; 3,500 units at the full size), the seed's milestones on
its plan board (the lower units' reports a cell per unit), every unit a participant
with a submitted report (written through the service beforehand). Then, one at a time,
a report is accepted (through the service, not timed) and the review's page is asked
for through the Flask app, signed in as its administrator: the timed GET catches the
views up, brings the kept document and roll-up up to date and renders the page. The
baseline is the same page with nothing kept (what a worker's first view of it costs,
and what every view after a change cost before the roll-up was refiled).
"""

from __future__ import annotations

import gc
import re
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from bench.harness import Row
from bench.site import environment, web_env
from domain.org.unit import Unit
from domain.review.term import Target
from service.accounts import accounts
from service.audit.schema import create_schema
from service.demo.review_data import MILESTONES
from service.org.units import register_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.review import review_reports, reviews
from service.views.projector import projector_of
from web.shell.store import EXTENSION
from web.site.app import create_app

LOWER = 13  # lower federations, as in Hồ Chí Minh's
PASSWORD = "p9-progress-2015"
NARRATIVE = dict(done="Đã làm", not_done="Chưa làm", causes="Do", lessons="Bài học", tasks="Việc")
TARGETS = [
    Target.make(code="CT01", name="Phát triển đoàn viên", measure="Số đoàn viên", target="50000"),
    Target.make(
        code="CT02", name="Doanh nghiệp có công đoàn", measure="Tỷ lệ", unit="%", target="90",
        rollup="ratio", numerator_label="Có công đoàn", denominator_label="Tổng số",
    ),
    Target.make(
        code="CT03", name="Thu nhập bình quân", measure="Triệu đồng", target="8", baseline="5",
        rollup="weighted_average", weight_label="Số lao động",
    ),
]  # fmt: skip


def code_of(i: int) -> str:
    return f"PP-{i:05d}"


def figures(i: int) -> dict[str, dict[str, str]]:
    return {
        "CT01": {"value": str(i % 40 + 1)},
        "CT02": {"numerator": str(i % 9), "denominator": "10"},
        "CT03": {"value": f"{6 + i % 5}.{i % 10}", "weight": str(30 + i % 200)},
    }


def prepare(url: str, units: int) -> UUID:
    create_schema(url)
    app, admin = ThiduaApplication(url), SYSTEM_PRINCIPAL
    try:
        register_unit(app, admin, "PP", "province", "LĐLĐ thành phố Phồn Thịnh", date(2010, 1, 1))
        accounts.create_account(
            app, admin, "pp.quantri", "Quản trị", None, ["admin"], PASSWORD, date(2013, 1, 1)
        )
        term = reviews.open_term(
            app, admin, "PP", "XV", "Nhiệm kỳ XV", 2013, 2018, date(2013, 7, 1), "NQ"
        )
        reviews.add_targets(app, admin, term, TARGETS, date(2013, 7, 1))
        campaign = reviews.plan_review(
            app, admin, term, "Sơ kết XV", date(2015, 12, 31), date(2015, 11, 1)
        )
        for code, title, starts, due in MILESTONES:  # the plan board: a cell per unit
            reviews.schedule_milestone(
                app, admin, campaign, code, title, starts, due, date(2015, 11, 1)
            )
        for i in range(units):
            code = code_of(i)
            lower = i < LOWER
            parent = "PP" if lower else code_of(i % LOWER)
            kind = "district" if lower else "grassroots"
            register_unit(app, admin, code, kind, f"Công đoàn {code}", date(2010, 1, 1), parent)
            reviews.add_participant(app, admin, campaign, code, date(2015, 11, 2))
            officer = Principal(code.lower(), Unit.id_for(code))
            review_reports.draft_report(
                app, officer, campaign, code, date(2015, 12, 1), values=figures(i),
                assessments={}, narrative=NARRATIVE,
            )  # fmt: skip
            review_reports.submit_report(app, officer, campaign, code, date(2015, 12, 10))
        projector_of(app).catch_up()
        return UUID(str(campaign))
    finally:
        app.close()


def run(
    work: Path, units: int, samples: int, url: str | None = None, label: str = "SQLite"
) -> list[Row]:
    url = url or f"sqlite:///{work / 'p9-progress.sqlite3'}"
    env = web_env(url, work / "p9-progress-instance", work / "p9-progress-ballot.key", "2016-01-05")
    with environment(env):
        campaign = prepare(url, units)
        site = create_app()
        gc.collect()
        gc.freeze()  # as gunicorn.conf.py's post_worker_init does once a worker has the app
        try:
            return _measure(site, campaign, units, samples, label)
        finally:
            site.extensions[EXTENSION].close()


def _measure(site: Any, campaign: UUID, units: int, samples: int, label: str) -> list[Row]:
    client = site.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token, "no sign-in form"
    signed = client.post(
        "/login", data={"username": "pp.quantri", "password": PASSWORD, "csrf_token": token[1]}
    )
    assert signed.status_code == 302, signed.status_code
    page = f"/reviews/{campaign.hex}"

    def view() -> float:
        began = time.perf_counter()
        answer = client.get(page)
        took = time.perf_counter() - began
        assert answer.status_code == 200, answer.status_code
        return took * 1000

    with site.app_context():
        app = site.extensions[EXTENSION].get()
        view()  # the worker's first view: everything worked out and kept
        after, kept, afresh = [], [], []
        for i in range(samples):
            code = code_of(LOWER + i * 7)
            review_reports.accept_report(app, SYSTEM_PRINCIPAL, campaign, code, date(2016, 1, 4))
            after.append(view())
            kept.append(view())
            projector_of(app).memo.clear()  # as a worker that kept nothing
            afresh.append(view())
    p = "P9"
    extra = {"units": units, "samples": samples}
    return [
        Row(
            p,
            f"review page after each accepted report, {units:,} units, {label}",
            statistics.median(after),
            "ms",
            "the same page, nothing kept",
            statistics.median(afresh),
            "<= 50 ms",
            extra=extra,
        ),
        Row(
            p,
            f"review page, nothing changed since the last view, {label}",
            statistics.median(kept),
            "ms",
        ),
    ]
