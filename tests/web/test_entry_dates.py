"""Issue 14, scenario (3), on SQLite and PostgreSQL: a paper vote held on 18/12 is
entered later with the date it counts for (ngày thực hiện).

Entered on 20/12 with its date: the poll's result is dated 18/12 and not late. Entered
on 30/12 (more than the regulation's 7 days) without a reason: refused beside the
field, in Vietnamese, nothing stored; with a reason: accepted, and the reason shows in
the audit timeline. Also: "today" is read per request (THIDUA_TODAY), a future date and
a date before the case opened are refused, and every error stands beside its field.
"""

from __future__ import annotations

import html as html_lib
from datetime import date
from uuid import UUID

import pytest

from domain.org.unit import Unit
from domain.polls.poll import Poll
from service.platform.app import ThiduaApplication
from tests.web.site import Site


def poll_id(site: Site) -> UUID:
    return Poll.id_for(UUID(site.year16), "leading", None, 1)


def read_poll(site: Site) -> Poll:
    app = ThiduaApplication(site.url)
    try:
        return app.repository.get(poll_id(site))
    finally:
        app.close()


def members(site: Site) -> list[str]:
    return [Unit.id_for(code).hex for code in ("LAOCAI", "LANGSON")]


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(response.get_data(as_text=True))


def the_paper_vote(site: Site, client, token: str, extra: dict[str, str]) -> list[int]:  # type: ignore[no-untyped-def]
    """Open the paper poll, enter the counting committee's figures, close it: the
    statuses of the three posts."""
    a, b = members(site)
    opened = client.post(
        f"/years/{site.year16}/polls/open",
        data={"csrf_token": token, "kind": "leading", "options": [a, b], "method": "paper",
              "secret": "regulation", **extra},
    )  # fmt: skip
    if opened.status_code != 302:
        return [opened.status_code]
    p = poll_id(site).hex
    tally = client.post(
        f"/polls/{p}/tally",
        data={"csrf_token": token, "issued": "6", "returned": "6", "valid": "6",
              "invalid": "0", "counts-0-option": a, "counts-0-votes": "5",
              "counts-1-option": b, "counts-1-votes": "1", **extra},
    )  # fmt: skip
    closed = client.post(f"/polls/{p}/close", data={"csrf_token": token, **extra})
    return [opened.status_code, tally.status_code, closed.status_code]


def test_a_paper_vote_of_18_12_entered_on_20_12_counts_for_18_12(site: Site) -> None:
    site.app.config["TODAY"] = "2016-12-20"
    client, token = site.login("vice")  # the chair of 2016
    assert the_paper_vote(site, client, token, {"on": "18/12/2016"}) == [302, 302, 302]
    poll = read_poll(site)
    assert poll.opened_on == date(2016, 12, 18)
    assert poll.result.closed_on == date(2016, 12, 18)
    assert poll.result.late_days == 0  # measured on the date it counts for
    page = text(client.get(f"/polls/{poll_id(site).hex}"))
    assert "18/12/2016" in page


def test_entered_too_late_needs_a_reason_then_shows_it(site: Site) -> None:
    site.app.config["TODAY"] = "2016-12-30"
    client, token = site.login("vice")
    before = site.head()
    a, b = members(site)
    form = {"csrf_token": token, "kind": "leading", "options": [a, b], "method": "paper",
            "secret": "regulation", "question": "Câu hỏi gõ sẵn", "on": "18/12/2016"}  # fmt: skip
    refused = client.post(f"/years/{site.year16}/polls/open", data=form)
    page = text(refused)
    assert refused.status_code == 422
    assert "vui lòng ghi lý do nhập muộn" in page
    # beside the reason's field, which is open; nothing typed is lost
    reason_field = page.split('id="f-late_reason"')[1].split("</details>")[0]
    assert "vui lòng ghi lý do nhập muộn" in reason_field
    assert 'value="18/12/2016"' in page and "Câu hỏi gõ sẵn" in page
    assert site.head() == before, "nothing may be stored"

    reason = "Biên bản kiểm phiếu giấy gửi về chậm"
    statuses = the_paper_vote(site, client, token, {"on": "18/12/2016", "late_reason": reason})
    assert statuses == [302, 302, 302]
    poll = read_poll(site)
    assert poll.result.closed_on == date(2016, 12, 18) and poll.result.late_days == 0

    auditor, _ = site.login("auditor")
    timeline = text(auditor.get(f"/audit/cases/{site.year16}"))
    assert timeline.count(reason) >= 3  # opened, tally, closed
    assert "Lý do nhập muộn" in timeline and "18/12/2016" in timeline


def test_the_api_takes_on_and_late_reason(site: Site) -> None:
    site.app.config["TODAY"] = "2016-12-30"
    before = site.head()
    a, b = members(site)
    body = {"kind": "leading", "options": [a, b], "method": "paper", "on": "2016-12-18"}
    api = site.api("vice")
    refused = api.post(f"/api/v1/years/{site.year16}/polls/open", json=body)
    assert refused.status_code == 422
    assert "late_reason" in refused.get_json()["fields"]
    assert site.head() == before
    accepted = api.post(
        f"/api/v1/years/{site.year16}/polls/open", json={**body, "late_reason": "Nhập từ giấy"}
    )
    assert accepted.status_code == 200, accepted.get_json()
    assert read_poll(site).opened_on == date(2016, 12, 18)
    for event in read_events(site, poll_id(site)):
        assert event.late_reason == "Nhập từ giấy"


def read_events(site: Site, aggregate: UUID) -> list:  # type: ignore[type-arg]
    app = ThiduaApplication(site.url)
    try:
        return list(app.events.get(aggregate))
    finally:
        app.close()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2016", "31/02/2016 không phải ngày có thật."),
        ("11/01/2016", "là ngày trong tương lai"),
        ("01/01/2015", "không được trước ngày mở hồ sơ"),
        ("ngày mai", "Ngày cần có dạng ngày/tháng/năm, ví dụ 05/12/2016."),
    ],
)
def test_a_bad_date_is_named_beside_its_field_and_stores_nothing(
    sqlite_site: Site, typed: str, said: str
) -> None:
    site = sqlite_site  # TODAY 10/01/2016; the 2016 year opened in December 2015
    client, token = site.login("member")
    before = site.head()
    response = client.post(
        f"/years/{site.year16}/register",
        data={"csrf_token": token, "title": "", "commitments": "Một", "on": typed},
    )
    page = text(response)
    assert response.status_code == 422
    on_field = page.split('id="f-on"')[1].split("</div>")[0]
    assert said in on_field
    assert f'value="{typed}"' in page and "Một" in page  # nothing typed lost
    assert "Không được để trống." in page  # the form's own errors at the same time
    assert site.head() == before


def test_today_is_read_on_every_request(sqlite_site_with, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    site = sqlite_site_with(TODAY=None)
    client, _ = site.login("member")
    monkeypatch.setenv("THIDUA_TODAY", "2016-01-10")
    first = text(client.get(f"/years/{site.year16}/register"))
    monkeypatch.setenv("THIDUA_TODAY", "2016-01-12")
    second = text(client.get(f"/years/{site.year16}/register"))
    assert 'value="10/01/2016"' in first and 'value="12/01/2016"' in second
