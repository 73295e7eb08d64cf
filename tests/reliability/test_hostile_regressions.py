"""Regressions found by the hostile-input tests (test_hostile_api.py, test_hostile_forms.py,
test_upload_tricks.py): each a request that once answered 500, or a refusal that was not
worded in Vietnamese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reliability.hostile import worded
from tests.web.site import Site, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("hostile-regressions")
    yield from build_site(f"sqlite:///{tmp / 'events.sqlite3'}", tmp)


def test_a_bad_timeline_limit_is_refused_with_a_message(site: Site) -> None:
    api = site.api("auditor")
    for limit in ("abc", "-5", "0", "²", "10000000000000000000000"):
        response = api.get(f"/api/v1/timeline?limit={limit}")
        assert response.status_code == 422, (limit, response.status_code)
        assert worded(response.get_json()["message"])
    assert len(api.get("/api/v1/timeline?limit=3").get_json()) == 3


def test_an_as_of_that_only_looks_like_digits_is_refused(site: Site) -> None:
    response = site.api("auditor").get(f"/api/v1/years/{site.year15}/standings?as_of=²")
    assert response.status_code == 422 and response.get_json()["code"] == "view.bad_as_of"
