"""The demo store the web pairs (P2, P6) run against, and the environment of a web process.

`build(directory)` loads the demo (seed-000 year 2015 and its 2016 successor, seed-003
term review) through the service, as `thidua demo` does, into a SQLite file; gives each
member province an account (password `PASSWORD`) and registers every member for 2016,
so that each account has a dossier it can self-score again and again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from domain.org.unit import Unit
from service.accounts import accounts
from service.audit.schema import create_schema
from service.demo import cluster_year_data as data
from service.demo.cluster_year import load_demo
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.views.projector import projector_of
from service.year import dossiers

PASSWORD = "thidua-bench-2016"
TODAY = "2016-01-10"  # the demo's 2016 year is open for registration and self-scores
MEMBERS = [code for code, _ in data.PROVINCES]


def username(code: str) -> str:
    return f"bench.{code.lower()}"


@dataclass(frozen=True)
class DemoSite:
    directory: Path
    url: str
    summary: dict[str, Any]

    @property
    def ballot_key(self) -> Path:
        return self.directory / "ballot.key"

    @property
    def year15(self) -> Any:
        return self.summary["year_id"]

    @property
    def year16(self) -> Any:
        return self.summary["next_year_id"]

    def env(self) -> dict[str, str]:
        """THIDUA_* settings of a web process on this store (plain HTTP on loopback)."""
        return web_env(self.url, self.directory / "instance", self.ballot_key, TODAY)


def web_env(url: str, instance: Path, ballot_key: Path, today: str) -> dict[str, str]:
    """THIDUA_* settings of a benchmark's web process: its store, instance folder and
    ballot key, plain HTTP on loopback, sign-ins unthrottled (every client signs in from
    127.0.0.1) and the story's `today`."""
    return {
        "THIDUA_DATABASE_URL": url,
        "THIDUA_INSTANCE_PATH": str(instance),
        "THIDUA_SECRET_KEY": "bench-secret-key",
        "THIDUA_SECURE_COOKIES": "0",
        "THIDUA_LOGIN_LIMIT": "1000000 per minute",
        "THIDUA_TODAY": today,
        "THIDUA_BALLOT_KEY_FILE": str(ballot_key),
    }


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """`values` set in os.environ for the block (the bench process's own web app)."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def build(directory: Path) -> DemoSite:

    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{directory / 'demo.sqlite3'}"
    create_schema(url)
    app = ThiduaApplication(url)
    key = {"THIDUA_BALLOT_KEY_FILE": str(directory / "ballot.key")}  # ballots, password hashes
    try:
        with environment(key):
            return _load(app, directory, url, load_demo)
    finally:
        app.close()


def _load(app: ThiduaApplication, directory: Path, url: str, load_demo: Any) -> DemoSite:
    summary = load_demo(app)
    site = DemoSite(directory, url, summary)
    on = date.fromisoformat(TODAY)
    for code in MEMBERS:
        accounts.create_account(
            app,
            SYSTEM_PRINCIPAL,
            username(code),
            f"Cán bộ {code} (đo hiệu năng)",
            code,
            [],
            PASSWORD,
            on,
        )
        officer = Principal(username(code), Unit.id_for(code))
        dossiers.register(app, officer, site.year16, "Cờ thi đua", ["Phát triển đoàn viên"], on)
    projector_of(app).catch_up()
    return site
