"""`thidua projections run` killed with SIGKILL mid-batch, again and again, while
commands keep writing: after restarts the views equal a rebuild from zero, with one
timeline row per stored event (no event applied twice, none skipped)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from datetime import date

from domain.org.unit import UnitKind
from service.audit.schema import create_schema
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.views.projector import projector_of
from tests.reliability.serving import ROOT, SOAK
from tests.reliability.test_crash import assert_views_rebuild_equal

ROUNDS = 15 if SOAK else 3
BACKLOG = 1200  # more than one 1,000-event batch waiting when the runner starts
PER_ROUND = 150
ON = date(2016, 1, 1)


def write_units(app: ThiduaApplication, prefix: str, count: int) -> None:
    for n in range(count):
        units.register_unit(app, SYSTEM_PRINCIPAL, f"{prefix}{n}", UnitKind.DISTRICT, "Đơn vị", ON)


def start_runner(url: str) -> subprocess.Popen[str]:
    runner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from web.cli.main import cli; cli()",
            "projections",
            "run",
            "--interval",
            "0.05",
        ],
        cwd=ROOT,
        env={**os.environ, "THIDUA_DATABASE_URL": url, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert runner.stdout is not None
    first = runner.stdout.readline()  # "Đang cập nhật các bảng xem..." once it runs
    assert "bảng xem" in first, first
    return runner


def test_projection_runner_killed_mid_batch(store_url):
    create_schema(store_url)
    app = ThiduaApplication(store_url)
    rng = random.Random(9)
    behind_at_kill = 0
    try:
        write_units(app, "NEN", BACKLOG)
        for round_ in range(ROUNDS):
            writer = threading.Thread(target=write_units, args=(app, f"R{round_}-", PER_ROUND))
            runner = start_runner(store_url)
            writer.start()
            threading.Event().wait(rng.uniform(0.02, 0.25))  # while the writer still writes
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait(10)
            writer.join()
            positions = projector_of(app).store.positions(["timeline"])
            head = app.recorder.max_notification_id() or 0
            behind_at_kill += positions["timeline"][1] < head
        assert behind_at_kill >= 1, "no kill landed while the runner had work"
        print("runner kills", ROUNDS, "while behind", behind_at_kill)
        runner = start_runner(store_url)  # the restart finishes the work
        runner.send_signal(signal.SIGTERM)
        runner.wait(120)
        assert_views_rebuild_equal(app)
    finally:
        app.close()
