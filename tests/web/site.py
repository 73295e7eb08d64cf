"""A demo site for web tests: the full demo (seed 000 year + seed 003 review) and one
account per role, built once per store kind and process and copied for each test
(tests/prepared.py)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from domain.org.unit import Unit
from service.accounts import accounts
from service.demo.cluster_year import load_demo
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from tests.prepared import Prepared, install_key, prepare, sealing_with
from web.shell.store import EXTENSION
from web.site.app import create_app

PASSWORD = "mat-khau-thu-nghiem"
# role -> (username, unit code, appointed roles)
ROLE_ACCOUNTS = {
    "admin": ("quantri", None, ["admin"]),
    "tld": ("canbo.tld", "TLD", ["tld"]),
    "auditor": ("kiemtoan", None, ["auditor"]),
    "steering": ("bcd", None, ["steering"]),
    "reviewer": ("thamdinh", None, ["reviewer"]),
    "chair": ("caobang", "CAOBANG", []),  # chair of 2015
    "vice": ("laocai", "LAOCAI", []),  # vice-chair of 2015, chair of 2016 (elected)
    "member": ("langson", "LANGSON", []),
    "district": ("vanquan", "LS-VANQUAN", []),  # a participant of the term review only
}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@dataclass
class Site:
    app: Flask
    url: str
    summary: dict[str, Any]
    tokens: dict[str, str] = field(default_factory=dict)

    def head(self) -> int:
        """The last position of a case's event (a 403's access record is not one)."""
        reader = ThiduaApplication(self.url)
        try:
            last = 0
            for n in reader.recorder.select_notifications(None, 10**9):
                if not n.topic.startswith("thidua.AccessRecord."):
                    last = n.id
            return last
        finally:
            reader.close()

    def api(self, role: str | None) -> FlaskClient:
        client = self.app.test_client()
        if role is not None:
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[role]}"
        return client

    def login(self, role: str, password: str = PASSWORD) -> tuple[FlaskClient, str]:
        client = self.app.test_client()
        token = csrf_of(client.get("/login").get_data(as_text=True))
        username = ROLE_ACCOUNTS[role][0]
        response = client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        # signing in starts a new session, with a new CSRF token
        return client, csrf_of(client.get("/account").get_data(as_text=True))

    @property
    def year15(self) -> str:
        return self.summary["year_id"].hex

    @property
    def year16(self) -> str:
        return self.summary["next_year_id"].hex


def demo_in(url: str) -> dict[str, Any]:
    """The demo loaded into the empty store at `url` (its tables made): its summary."""
    app = ThiduaApplication(url)
    try:
        return load_demo(app)
    finally:
        app.close()


def accounts_in(url: str) -> dict[str, str]:
    """One account per role added to the demo store at `url`: each role's API token."""
    app = ThiduaApplication(url)
    try:
        tokens = {}
        for role, (username, unit, roles) in ROLE_ACCOUNTS.items():
            accounts.create_account(
                app,
                SYSTEM_PRINCIPAL,
                username,
                f"Tài khoản {role}",
                unit,
                roles,
                PASSWORD,
                date(2016, 1, 1),
            )
            account = accounts.load_account(app, username)
            tokens[role] = accounts.issue_token(
                app, accounts.principal_for(account), "test", date(2016, 1, 1)
            )
        return tokens
    finally:
        app.close()


def serve(url: str, tmp: Path, built: dict[str, Any], **config: Any) -> Iterator[Site]:
    """The web app on a copy of the demo site at `url`, uploads under `tmp`."""
    flask_app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test",
            "SESSION_COOKIE_SECURE": False,
            "UPLOAD_DIR": str(tmp / "uploads"),
            "TODAY": "2016-01-10",
            "LOGIN_LIMIT": "1000 per minute",
            **config,
        }
    )
    try:  # the data is the test's own, as its store is
        yield Site(flask_app, url, copy.deepcopy(built["summary"]), dict(built["tokens"]))
    finally:
        flask_app.extensions[EXTENSION].close()


class Demos:
    """The demo's stores, each built at most once per store kind in this process (the
    session's `demos` fixture) and copied for each user, all sealed with one ballot key:
    `demo(kind)` the demo as `load_demo` leaves it (data: its summary), `prepared(kind)`
    the demo site, the demo and one account per role (data: the summary and the tokens),
    which `site` serves."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        with sealing_with(directory / "ballot.key") as key:
            self.key = key  # the ballot secret of every store here
        self.built: dict[tuple[str, str], Prepared] = {}

    def _store(
        self, name: str, kind: str, build: Callable[[str], Any], start: Prepared | None = None
    ) -> Prepared:
        if (name, kind) not in self.built:
            directory = self.directory / name / kind
            self.built[name, kind] = prepare(directory, kind, self.key, build, start)
        return self.built[name, kind]

    def demo(self, kind: str) -> Prepared:
        return self._store("demo", kind, demo_in)

    def prepared(self, kind: str) -> Prepared:
        demo = self.demo(kind)
        return self._store(
            "site", kind, lambda url: {"summary": demo.data, "tokens": accounts_in(url)}, demo
        )

    def site(self, kind: str, tmp: Path, key: Path | None, **config: Any) -> Iterator[Site]:
        """A copy of the demo site (a SQLite store under `tmp`, or a new PostgreSQL
        database), its ballot secret in the key file `key` (the one the test's code
        reads; None: leave the key alone), the web app made with `config`."""
        prepared = self.prepared(kind)
        url = prepared.copy(tmp)
        if key is not None:
            prepared.install_key(key)
        yield from serve(url, tmp, prepared.data, **config)

    def module_key(self, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
        """One ballot key file for a module, holding the demos' secret, set in the
        environment (the suite's autouse `ballot_key` gives each test its own, and the key
        seals stored passwords too): for a module-scoped fixture that overrides
        `ballot_key`, so that a module-wide copy's accounts sign in in every test."""
        path = tmp_path_factory.mktemp("module_key") / "ballot.key"
        install_key(self.key, path)
        with sealing_with(path):
            yield path


def unit(code: str) -> str:
    return Unit.id_for(code).hex
