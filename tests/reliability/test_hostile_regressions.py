"""Regressions found by the hostile-input tests (test_hostile_api.py, test_hostile_forms.py,
test_upload_tricks.py): each a request that once answered 500, or a refusal that was not
worded in Vietnamese."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.hostile import module_ballot_key, worded
from tests.web.site import Demos, Site

_ = module_ballot_key  # one key for the module: its site's accounts sign in in every test


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, ballot_key: Path, demos: Demos
) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("hostile-regressions")
    yield from demos.site("sqlite", tmp, ballot_key)


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


def test_malformed_rows_are_refused_in_vietnamese(site: Site) -> None:
    api = site.api("member")
    for rows in ([[]], [None], ["1.1"], [{"criterion": ["1.1"], "points": {}, "evidence": 7}]):
        response = api.post(f"/api/v1/years/{site.year16}/self-score", json={"rows": rows})
        body = response.get_json()
        assert response.status_code == 422, (rows, body)
        assert body["fields"] and all(
            worded(m) for messages in body["fields"].values() for m in messages
        ), (rows, body)


def test_typed_text_is_stored_without_invisible_characters_in_nfc(site: Site) -> None:
    api = site.api("vice")
    typed = "\u202eHội\u200b thảo\x00 thi\u200d đua\ufeff\x07\r\nlần 2"
    decomposed = unicodedata.normalize("NFD", typed)
    response = api.post(
        f"/api/v1/years/{site.year16}/plan/task",
        json={
            "key": "hostile",
            "number": "9",
            "content": decomposed,
            "role": "chair_and_members",
            "start": "15/05/2016",
            "end": "2016-06-15",
        },
    )
    assert response.status_code == 200, response.get_json()
    tasks = site.api("auditor").get(f"/api/v1/years/{site.year16}/board").get_json()
    stored = [t["content"] for t in tasks if t["key"] == "hostile"]
    assert stored == ["Hội thảo thi đua\nlần 2"], tasks[:3]


def test_a_request_larger_than_the_upload_limit_is_refused_413(site: Site) -> None:
    """MAX_CONTENT_LENGTH was set with setdefault, a no-op (Flask's default is None): a
    request of any size was read in (to a temporary file) before the per-file check."""
    limit = site.app.config["MAX_UPLOAD_BYTES"]
    assert site.app.config["MAX_CONTENT_LENGTH"] == limit + 2 * 1024 * 1024
    huge = b"%PDF-1.4\n" + b"%" * (limit + 3 * 1024 * 1024)
    response = site.api("member").post(
        "/api/v1/uploads",
        data={"file": (io.BytesIO(huge), "lon.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413 and worded(response.get_json()["message"])


def test_a_score_row_without_a_known_criterion_shows_its_message(site: Site) -> None:
    """The score table showed errors only on the lines of known criteria: a row posted
    with no criterion (or an unknown one) was refused 422 with no message at all."""
    client, token = site.login("member")
    for criterion, points in (("", "9,5"), ("9.9", "chín")):
        response = client.post(
            f"/years/{site.year16}/self-score",
            data={
                "csrf_token": token,
                "rows-0-criterion": criterion,
                "rows-0-points": points,
                "rows-0-evidence": "Minh chứng",
            },
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        shown = re.findall(r'<span class="error" role="alert">(.*?)</span>', html)
        assert shown and all(worded(m) for m in shown), (criterion, shown)
