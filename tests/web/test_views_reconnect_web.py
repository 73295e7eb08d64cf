"""A page after the views store's connection was killed: served (200), not a 503, with
no check of the connection before each request (issue 18: `ping_views` is gone)."""

from __future__ import annotations

import psycopg
import pytest

from service.views.projector import projector_of
from tests.service.test_viewstore_reconnect import backend_of, terminate
from tests.web.site import Site
from web.shell.resilience import Outage, outage_of
from web.shell.store import EXTENSION


@pytest.mark.parametrize(
    "store_kind", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_page_after_the_views_connection_was_killed_is_served(site: Site) -> None:
    client, _token = site.login("admin")
    assert client.get("/admin").status_code == 200
    application = site.app.extensions[EXTENSION].get()
    views = projector_of(application).store
    old = backend_of(views)
    terminate(site.url, old)
    dead = views._conn
    answer = client.get("/admin")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    assert site.app.extensions[EXTENSION].get() is application  # no outage, no reset
    assert projector_of(application).store is views
    assert views._conn is not dead  # the page's read found it dead and connected afresh
    assert backend_of(views) != old


def test_a_connection_ended_by_the_server_is_an_outage() -> None:
    """What a write whose connection died once begun raises reaches the person as 503
    (tests/service/test_viewstore_reconnect.py: it is not run again)."""
    error = psycopg.errors.AdminShutdown("terminating connection due to administrator command")
    assert outage_of(error) == Outage(503, "store.unavailable")
