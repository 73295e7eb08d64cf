"""The web skeleton: /healthz reports the store and its progress; / is Vietnamese."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from domain.org.unit import Unit, UnitKind
from service.audit.schema import create_schema
from service.platform.app import ThiduaApplication
from web.shell.store import EXTENSION
from web.site.app import create_app

ON = date(2025, 7, 1)


def make_app(url: str) -> Flask:
    return create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test"})


@pytest.fixture
def flask_app(store_url: str) -> Iterator[Flask]:
    create_schema(store_url)
    app = make_app(store_url)
    yield app
    app.extensions[EXTENSION].close()


@pytest.fixture
def client(flask_app: Flask) -> FlaskClient:
    return flask_app.test_client()


def test_healthz_counts_events_as_they_are_saved(client: FlaskClient, store_url: str) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    kind = "postgresql" if store_url.startswith("postgresql") else "sqlite"
    assert body == {"status": "ok", "store": kind, "events": 0}

    writer = ThiduaApplication(store_url)
    try:
        unit = Unit.register("HN", UnitKind.PROVINCE, "LĐLĐ Hà Nội", None, ON)
        writer.save(unit)
        assert client.get("/healthz").get_json()["events"] == 1
        unit.rename("LĐLĐ thành phố Hà Nội", date(2025, 8, 1))
        writer.save(unit)
        after = client.get("/healthz").get_json()["events"]
        assert after == writer.recorder.max_notification_id() == 2
    finally:
        writer.close()


def test_healthz_is_503_when_the_store_has_no_schema(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'never-initialised.sqlite3'}")
    try:
        response = app.test_client().get("/healthz")
    finally:
        app.extensions[EXTENSION].close()
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error"
    assert body["store"] == "sqlite"
    assert "Không truy cập được kho sự kiện" in body["message"]


def test_index_is_vietnamese_and_links_health(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    response = app.test_client().get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Hệ thống quản lý thi đua" in html
    assert 'href="/healthz"' in html


def test_store_is_built_lazily_once_per_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    create_schema(url)
    app = make_app(url)
    holder = app.extensions[EXTENSION]
    assert holder._application is None  # nothing built by the factory
    with app.app_context():
        from web.shell.store import store

        first = store()
        assert store() is first
        assert first.url == url
    holder.close()
    assert holder._application is None


def test_secret_key_is_generated_once_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("THIDUA_SECRET_KEY", raising=False)
    monkeypatch.setenv("THIDUA_INSTANCE_PATH", str(tmp_path / "instance"))
    first = create_app()
    second = create_app()
    key_file = tmp_path / "instance-secrets" / "secret_key"  # outside the store's folder
    assert not (tmp_path / "instance" / "secret_key").exists()
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert key_file.read_text().strip() == first.config["SECRET_KEY"]
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600

    monkeypatch.setenv("THIDUA_SECRET_KEY", "from-env")
    assert create_app().config["SECRET_KEY"] == "from-env"
