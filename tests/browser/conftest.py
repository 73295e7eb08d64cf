"""The browser tests' demo site: the README's demo and its sign-ins on a free port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from domain.org.unit import Unit
from service.accounts import accounts
from service.audit.schema import create_schema
from service.demo.cluster_year import load_demo
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from web.cli.users import DEMO_ACCOUNTS, DEMO_PASSWORD
from web.shell.store import EXTENSION
from web.site.app import create_app


@pytest.fixture
def demo_site(tmp_path: Path, ballot_key: Path) -> Iterator[str]:
    """The README's demo and its sign-ins, served on a free port (ballots sealed with this
    test's own key: conftest's ballot_key)."""
    tmp = tmp_path
    url = f"sqlite:///{tmp / 'events.sqlite3'}"
    create_schema(url)
    app = ThiduaApplication(url)
    load_demo(app)
    for username, name, unit, roles in DEMO_ACCOUNTS:
        if unit and not app.exists(Unit.id_for(unit)):
            continue
        accounts.create_account(
            app, SYSTEM_PRINCIPAL, username, name, unit, roles, DEMO_PASSWORD, date(2015, 1, 1)
        )
    app.close()
    flask_app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "browser-test",
            "SESSION_COOKIE_SECURE": False,
            "LOGIN_LIMIT": "1000 per minute",
            "UPLOAD_DIR": str(tmp / "up"),
        }
    )
    flask_app.extensions["thidua.uploads"].root = tmp / "up"
    http = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(10)
        flask_app.extensions[EXTENSION].close()
