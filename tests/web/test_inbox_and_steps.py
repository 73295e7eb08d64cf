"""The inbox (home page) per role and the year as a task list (issue 15, problem 6)."""

from __future__ import annotations

import html as html_lib
import re

from domain.org.unit import Unit
from tests.web.site import Site


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(response.get_data(as_text=True))


def step(page: str, name: str) -> str:
    found = re.search(
        r'<li class="step (\w+)">(?:(?!</li>).)*' + name + r"(?:(?!</li>).)*</li>", page, re.S
    )
    assert found, page[:3000]
    return found.group(0)


def test_open_poll_comes_first_with_a_vote_button(site: Site) -> None:
    site.app.config["TODAY"] = "2016-12-18"
    units = [Unit.id_for(code).hex for code in ("LAOCAI", "LANGSON")]
    opened = site.api("vice").post(
        f"/api/v1/years/{site.year16}/polls/open",
        json={"kind": "leading", "options": units, "method": "electronic"},
    )
    assert opened.status_code in (200, 201), opened.get_data(as_text=True)
    client, _ = site.login("member")
    page = text(client.get("/"))
    assert "Bỏ phiếu ngay" in page
    vote = re.search(
        r'<a class="button big" href="(/polls/[0-9a-f-]+/vote)">Bỏ phiếu ngay</a>', page
    )
    assert vote, page[:3000]
    assert page.index("Bỏ phiếu ngay") < page.index("Việc đang chờ")
    assert client.get(vote.group(1)).status_code == 200


def test_member_tasks_are_links_to_their_forms_and_only_overdue_in_red(site: Site) -> None:
    site.app.config["TODAY"] = "2016-03-01"  # the 2016 registration window closed on 31/01
    client, _ = site.login("member")
    page = text(client.get("/"))
    registration = re.search(
        r'<li class="inbox-task overdue-task">\s*<a class="task-name" href="([^"]+)">'
        r"Đăng ký thi đua năm 2016",
        page,
    )
    assert registration, page[:3000]
    assert registration.group(1) == f"/years/{site.year16}/register"
    assert "Quá hạn 30 ngày" in page
    later = re.findall(r'<li class="inbox-task">\s*<a class="task-name" href="[^"]+">', page)
    assert later  # tasks not yet due are links too, and not red
    assert 0 < page.count('class="inbox-task overdue-task"') < page.count('class="inbox-task')


def test_auditor_home_links_to_the_audit_pages(site: Site) -> None:
    client, _ = site.login("auditor")
    page = text(client.get("/"))
    assert 'href="/audit"' in page and "Không có việc nào đang chờ" not in page


def test_year_steps_not_possible_are_greyed_with_reason_and_not_linked(site: Site) -> None:
    site.app.config["TODAY"] = "2016-03-01"
    client, _ = site.login("vice")  # the chair of 2016
    page = text(client.get(f"/years/{site.year16}"))
    appraisal = step(page, "Thẩm định")
    assert 'class="step blocked"' in appraisal
    assert "chờ đơn vị nộp báo cáo cuối năm và tự chấm" in appraisal
    assert "<a " not in appraisal
    polls = step(page, "Bỏ phiếu bình xét")
    assert "blocked" in polls and "<a " not in polls
    assert "/polls/open" not in page and "/appraise" not in page
    assert 'id="grid"' in page  # the chair's grid of units × steps
    grid = page[page.index('id="grid"') :]
    assert 'data-label="Đăng ký thi đua"' in grid and "quá hạn" in grid


def test_finished_year_offers_no_forms(site: Site) -> None:
    site.app.config["TODAY"] = "2016-03-01"  # 2015's proposal sent to TLĐ
    client, _ = site.login("chair")
    page = text(client.get(f"/years/{site.year15}"))
    assert "Năm thi đua đã kết thúc" in page
    for form in ("/criteria/draft", "/polls/open", "/appraise", "/register", "/self-score",
                 "/awards/submit", "/pact"):  # fmt: skip
        assert form not in page, form


def test_award_proposal_refuses_a_unit_with_no_appraisal(site: Site) -> None:
    site.app.config["TODAY"] = "2016-03-01"
    before = site.head()
    refused = site.api("vice").post(
        f"/api/v1/years/{site.year16}/awards/propose",
        json={"award": "tld_merit", "unit_code": "LANGSON"},
    )
    assert refused.status_code == 409, refused.get_data(as_text=True)
    assert "chưa được thẩm định" in refused.get_data(as_text=True)
    assert site.head() == before
    client, _ = site.login("vice")
    form = text(client.get(f"/years/{site.year16}/awards/propose"))
    assert "Lạng Sơn" not in form.split("unit_code", 1)[1].split("</select>", 1)[0]


def test_tld_officer_home_offers_the_award_decisions_to_record(site: Site) -> None:
    client, _ = site.login("tld")
    page = text(client.get("/"))
    link = f'href="/years/{site.year15}/awards/decision"'
    assert link in page, page[:3000]
    assert "Ghi quyết định khen thưởng" in page


def test_chair_sees_the_grid_and_a_member_does_not(site: Site) -> None:
    site.app.config["TODAY"] = "2016-03-01"
    chair, _ = site.login("chair")
    grid = text(chair.get(f"/years/{site.year15}"))
    assert 'id="grid"' in grid and "✓" in grid and "03/02/2015" in grid
    member, _ = site.login("member")
    assert 'id="grid"' not in text(member.get(f"/years/{site.year15}"))
