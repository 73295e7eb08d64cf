"""Each web request reads the process's cached aggregates after one freshness check
(service/platform/app.py `fresh_reads`): a signed-in page asks the store for no
aggregate nobody changed, and sees another worker's change on its next request."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

from service.accounts import accounts
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from tests.web.site import ROLE_ACCOUNTS, Site
from web.shell.store import EXTENSION


def test_a_page_reads_unchanged_aggregates_without_a_query_and_sees_another_workers_change(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _token = site.login("member")
    for _ in range(2):
        assert client.get("/account").status_code == 200
    recorder: Any = site.app.extensions[EXTENSION].get().recorder
    counts: Counter[str] = Counter()
    for name in ("select_events", "changed_after"):
        method = getattr(recorder, name)

        def counted(*args: Any, _method: Any = method, _name: str = name, **kw: Any) -> Any:
            counts[_name] += 1
            return _method(*args, **kw)

        monkeypatch.setattr(recorder, name, counted)
    assert client.get("/account").status_code == 200
    assert counts == Counter(changed_after=1)  # the account and its unit: from the cache

    other = ThiduaApplication(site.url)  # another gunicorn worker
    try:
        username = ROLE_ACCOUNTS["member"][0]
        accounts.disable(other, SYSTEM_PRINCIPAL, username, "Nghỉ hưu", date(2016, 1, 4))
    finally:
        other.close()
    signed_out = client.get("/account")
    assert signed_out.status_code == 302
    assert "/login" in signed_out.headers["Location"]
