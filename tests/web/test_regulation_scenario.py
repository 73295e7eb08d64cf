"""Issue 14, scenario (1), on SQLite and PostgreSQL: a 6-member bloc whose regulation,
drafted through the web from the NĐ 152/2025 + QĐ 999 preset ("more than 2/3 of all
members") and adopted there, acclaims its leading unit with 5 of 6 votes and not with 4
of 6; each poll's page says why, and so do the minutes in the year's documents."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from domain.org.unit import Unit, UnitKind
from service.documents.bundle import collect
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.polls import polls
from service.year import clusters
from tests.documents.conftest import INPUTS
from tests.web.site import Site, csrf_of

CODES = ["K6A", "K6B", "K6C", "K6D", "K6E", "K6F"]
ON = date(2016, 1, 10)  # the site's today


def officer(code: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def the_form(client: Any, path: str) -> dict[str, str]:
    """The form's inputs as the page fills them (text, hidden and selected options)."""
    html = client.get(path).get_data(as_text=True)
    values = dict(re.findall(r'<input id="f-([a-z0-9_]+)" name="\1" value="([^"]*)"', html))
    values |= dict(re.findall(r'<input type="hidden" name="([a-z0-9_]+)" value="([^"]*)"', html))
    for name, body in re.findall(
        r'<select id="f-([a-z0-9_]+)" name="\1"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        values[name] = chosen.group(1) if chosen else ""
    values["csrf_token"] = csrf_of(html)
    return values


def vote(app: ThiduaApplication, poll: Any, winner: str, other: str, yes: int) -> None:
    for i, code in enumerate(CODES):
        choice = winner if i < yes else other
        polls.cast_ballot(app, officer(code), poll, [Unit.id_for(choice)], ON)


def test_more_than_two_thirds_of_all_members(site: Site) -> None:
    app = ThiduaApplication(site.url)
    try:
        for code in CODES:
            units.register_unit(
                app,
                SYSTEM_PRINCIPAL,
                code,
                UnitKind.PROVINCE,
                f"LĐLĐ tỉnh {code}",
                date(2010, 1, 1),
            )
        clusters.establish_cluster(
            app, SYSTEM_PRINCIPAL, "KHOI6", "Khối thi đua sáu tỉnh", date(2015, 1, 1)
        )
        for code in CODES:
            clusters.admit_member(app, SYSTEM_PRINCIPAL, "KHOI6", code, date(2015, 1, 1))
    finally:
        app.close()

    # the regulation: drafted from the preset through the form, adopted through the form
    client, _ = site.login("admin")
    page = "/clusters/KHOI6/regulation/drafts?preset=nd152_qd999_two_thirds"
    form = the_form(client, page)
    assert (form["leading_mode"], form["leading_share"], form["leading_basis"]) == (
        "more",
        "2/3",
        "members",
    )
    posted = client.post("/clusters/KHOI6/regulation/drafts", data=form)
    assert posted.status_code == 302, re.findall(
        r"f-(\w+)|class=\"error\" role=\"alert\">([^<]*)", posted.get_data(as_text=True)
    )
    adopt = the_form(client, "/clusters/KHOI6/regulation/adopt")
    adopt |= {"version": "2", "effective_on": "10/01/2016", "reason": "Hội nghị Khối thông qua"}
    assert client.post("/clusters/KHOI6/regulation/adopt", data=adopt).status_code == 302
    cluster_page = client.get("/clusters/KHOI6").get_data(as_text=True)
    assert "Được suy tôn khi có trên 2/3 tổng số thành viên đồng ý" in cluster_page
    assert "Nghị định số 152/2025/NĐ-CP" in cluster_page

    app = ThiduaApplication(site.url)
    try:
        year = clusters.open_year(
            app, SYSTEM_PRINCIPAL, "KHOI6", 2016, ON, chair_code="K6A", vice_code="K6B"
        )
        first = polls.open_poll(app, officer("K6A"), year, "leading", None, ON)
        vote(app, first, "K6C", "K6D", yes=4)
        assert polls.close_poll(app, officer("K6A"), first, ON).winner is None
        second = polls.open_poll(app, officer("K6A"), year, "leading", None, ON)
        vote(app, second, "K6C", "K6D", yes=5)
        assert polls.close_poll(app, officer("K6A"), second, ON).winner == Unit.id_for("K6C")
        minutes = [
            d.html for d in collect(app, year, [], INPUTS).docs if d.key.startswith("tally-")
        ]
    finally:
        app.close()

    year_page = client.get(f"/years/{year.hex}").get_data(as_text=True)
    assert "Quy chế lần 2" in year_page
    assert "Được suy tôn khi có trên 2/3 tổng số thành viên đồng ý" in year_page

    not_acclaimed = client.get(f"/polls/{first.hex}").get_data(as_text=True)
    assert "Được suy tôn khi có trên 2/3 tổng số thành viên đồng ý" in not_acclaimed
    assert "Đủ túc số: 6/6 thành viên tham gia, cần từ 2/3 (4 thành viên)." in not_acclaimed
    assert (
        "LĐLĐ tỉnh K6C: 4/6 thành viên (66,7 %); không đạt ngưỡng trên 2/3 tổng số thành viên"
        " (cần ít nhất 5 phiếu)." in not_acclaimed
    )
    assert "Không có kết quả vì không đơn vị nào đạt trên 2/3 tổng số thành viên." in not_acclaimed
    assert "Kết quả: " not in not_acclaimed

    acclaimed = client.get(f"/polls/{second.hex}").get_data(as_text=True)
    assert "LĐLĐ tỉnh K6C: 5/6 thành viên (83,3 %); đạt ngưỡng trên 2/3" in acclaimed
    assert "Kết quả: LĐLĐ tỉnh K6C." in acclaimed
    assert "Không có kết quả" not in acclaimed

    # the minutes (biên bản kiểm phiếu) say the same
    [one, two] = minutes
    for html in (one, two):
        assert "Được suy tôn khi có trên 2/3 tổng số thành viên đồng ý" in html
        assert "Đủ túc số: 6/6 thành viên tham gia, cần từ 2/3 (4 thành viên)." in html
    assert "Không có kết quả vì không đơn vị nào đạt trên 2/3 tổng số thành viên." in one
    assert "không đạt ngưỡng trên 2/3 tổng số thành viên (cần ít nhất 5 phiếu)" in one
    assert (
        "Liên đoàn Lao động tỉnh K6C đạt 5/6 phiếu" in two or "LĐLĐ tỉnh K6C đạt 5/6 phiếu" in two
    )

    # the API answers the same explanation
    api = site.api("admin").get(f"/api/v1/polls/{first.hex}").get_json()
    assert api["rule"] == "Được suy tôn khi có trên 2/3 tổng số thành viên đồng ý"
    assert api["explanation"]["reasons"] == [
        "Không có kết quả vì không đơn vị nào đạt trên 2/3 tổng số thành viên."
    ]
