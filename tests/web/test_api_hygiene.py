"""API hygiene (issue 14): unknown fields refused in nested rows too (422 naming the
field, nothing stored); one id format out (hyphenated) and both forms in; unknown
ids 404 in Vietnamese for every read; counts whole and a ratio's numerator never
above its denominator; as-of by a day, a bad day refused."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID, uuid4

from tests.web.examples import fill
from tests.web.site import Site, unit

HEX32 = re.compile(r"^[0-9a-f]{32}$")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*(k for k in value if isinstance(k, str)), *_strings(list(value.values()))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_an_unknown_field_in_a_nested_row_is_refused_by_name(sqlite_site: Site) -> None:
    path = f"/api/v1/years/{sqlite_site.year16}/self-score"
    row = {"criterion": "1.1", "points": "9", "evidence": "Minh chứng"}
    before = sqlite_site.head()
    refused = sqlite_site.api("member").post(
        path, json={"rows": [{**row, "unit": unit("HAGIANG")}]}
    )
    body = refused.get_json()
    assert refused.status_code == 422, body
    assert body["fields"] == {"rows/0/unit": ["Trường không có trong biểu mẫu."]}
    assert sqlite_site.head() == before
    # without it the body passes validation (the year itself refuses: no criteria yet)
    assert sqlite_site.api("member").post(path, json={"rows": [row]}).status_code != 422


def test_ids_are_hyphenated_out_and_taken_in_both_forms(sqlite_site: Site) -> None:
    api = sqlite_site.api("auditor")
    year = UUID(sqlite_site.year15)
    answers = [
        api.get("/api/v1/clusters").get_json(),
        api.get(f"/api/v1/years/{year.hex}").get_json(),
        api.get(f"/api/v1/years/{year}/standings").get_json(),
        api.get(f"/api/v1/timeline?case_id={year.hex}&limit=20").get_json(),
        api.get("/api/v1/units").get_json(),
    ]
    for answer in answers:
        assert answer and not [s for s in _strings(answer) if HEX32.match(s)], answer
    assert answers[1]["id"] == str(year)
    hyphenated = api.get(f"/api/v1/timeline?case_id={year}&limit=20").get_json()
    assert hyphenated == answers[3] and len(hyphenated) == 20
    assert all(r["case_id"] == str(year) for r in hyphenated)
    bad = api.get("/api/v1/timeline?case_id=khong-phai-ma")
    assert bad.status_code == 422 and bad.get_json()["code"] == "view.bad_id"


def test_every_read_of_an_unknown_id_is_404_in_vietnamese(sqlite_site: Site) -> None:
    spec = sqlite_site.app.test_client().get("/api/v1/openapi.json").get_json()
    api, unknown, seen = sqlite_site.api("auditor"), uuid4(), []
    for path, item in spec["paths"].items():
        get = item.get("get")
        ids = re.findall(r"\{(\w+)\}", path)
        if get is None or not ids or "sha256" in ids or "unit_code" in ids:
            continue
        for form in (unknown.hex, str(unknown)):
            answer = api.get(fill(path, dict.fromkeys(ids, form)))
            body = answer.get_json()
            assert answer.status_code == 404, (path, answer.status_code, body)
            assert body["code"].endswith("not_found") and "Không tìm thấy" in body["message"]
        seen.append(path)
    assert len(seen) >= 10, seen
    client, _ = sqlite_site.login("auditor")
    for page in (f"/units/{unknown}", f"/years/{unknown}", f"/reviews/{unknown.hex}"):
        answer = client.get(page)
        assert answer.status_code == 404 and "Không tìm thấy" in answer.get_data(True), page


def test_counts_are_whole_in_the_api(sqlite_site: Site) -> None:
    """A paper tally's 2.5 votes is refused (422 at the row), not cut to 2; the review
    report's rules (whole counts, numerator ≤ denominator) are tests/domain's."""
    poll = sqlite_site.summary["polls"]["vice"].hex
    tally = {
        "issued": 6,
        "returned": 6,
        "valid": 6,
        "invalid": 0,
        "counts": [{"option": unit("DIENBIEN"), "votes": 2.5}],
    }
    answer = sqlite_site.api("chair").post(f"/api/v1/polls/{poll}/tally", json=tally)
    assert answer.status_code == 422, answer.get_json()
    assert answer.get_json()["fields"] == {"counts/0/votes": ["Phải là một số nguyên."]}
