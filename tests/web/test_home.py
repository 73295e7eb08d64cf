"""The home page: the signed-in unit's open tasks and deadlines, overdue ones in red."""

from __future__ import annotations

import re

from tests.web.site import Site


def test_home_lists_open_tasks_with_overdue_ones_marked(site: Site) -> None:
    site.app.config["TODAY"] = "2016-03-01"  # the 2016 registration window closed on 31/01
    client, _ = site.login("member")
    html = client.get("/").get_data(as_text=True)
    row = re.search(
        r'<li class="inbox-task overdue-task">(?:(?!</li>).)*Đăng ký thi đua năm 2016(?:(?!</li>).)*</li>',
        html,
        re.S,
    )
    assert row, html[:2000]
    assert "Quá hạn 30 ngày" in row.group(0) and "31/01/2016" in row.group(0)
    assert '<li class="inbox-task">' in html  # later tasks are open, not late
    tasks = site.api("member").get("/api/v1/me/tasks").get_json()
    registration = next(t for t in tasks if t["task"] == "member_registration")
    assert registration["status"] == "overdue" and registration["days_overdue"] == 30
    assert registration["deadline"] == "2016-01-31"
    assert [t["deadline"] for t in tasks] == sorted(t["deadline"] for t in tasks)


def test_home_invites_to_sign_in_when_signed_out(sqlite_site: Site) -> None:
    html = sqlite_site.app.test_client().get("/").get_data(as_text=True)
    assert 'href="/login"' in html and "Hệ thống quản lý thi đua" in html
