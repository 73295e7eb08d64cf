"""The regulation's form, API and CLI: a bad share gets a Vietnamese error beside its
field and stores nothing; the API refuses unknown fields (422, the field named) and
answers the versions in words; who sees which form; `thidua regulation ...`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result
from flask.cli import FlaskGroup

from domain.org.unit import UnitKind
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.year import clusters
from tests.web.examples import REGULATION_DRAFT
from tests.web.site import Site
from tests.web.test_regulation_scenario import the_form
from web.cli.regulation import regulation_cli
from web.site.app import create_app

SHARE_ERROR = "Tỷ lệ phải là một phân số hoặc phần trăm lớn hơn 0 và không quá 1 (ví dụ 2/3, 80 %)."
DRAFTS = "/clusters/BGPB/regulation/drafts"


def test_a_bad_share_is_refused_beside_its_field_and_nothing_is_stored(sqlite_site: Site) -> None:
    client, _ = sqlite_site.login("vice")  # Lào Cai chairs the cluster's latest year (2016)
    form = the_form(client, DRAFTS + "?preset=nd152_qd999_80_90")
    assert (form["leading_mode"], form["leading_share"]) == ("least", "80 %")
    form |= {"leading_share": "3/2", "award1_name": "Cờ thi đua của Cụm", "quorum": "hai phần ba"}
    before = sqlite_site.head()
    posted = client.post(DRAFTS, data=form)
    assert posted.status_code == 422
    html = posted.get_data(as_text=True)
    field = re.search(
        r'<div class="field invalid">\s*<label for="f-leading_share">.*?</div>', html, re.S
    )
    assert field and SHARE_ERROR in field.group(0) and 'value="3/2"' in field.group(0)
    assert 'value="hai phần ba"' in html and 'value="Cờ thi đua của Cụm"' in html  # kept
    assert html.count(SHARE_ERROR) == 2  # the quorum too
    assert sqlite_site.head() == before


def test_the_api_refuses_unknown_fields_and_answers_in_words(sqlite_site: Site) -> None:
    api = sqlite_site.api("vice")
    before = sqlite_site.head()
    wrong = api.post("/api/v1" + DRAFTS, json={**REGULATION_DRAFT, "threshold": "2/3"})
    assert wrong.status_code == 422 and "threshold" in wrong.get_json()["fields"]
    bad = api.post("/api/v1" + DRAFTS, json={**REGULATION_DRAFT, "chair_share": "3/2"})
    assert bad.status_code == 422 and bad.get_json()["fields"]["chair_share"] == [SHARE_ERROR]
    assert sqlite_site.head() == before
    made = api.post("/api/v1" + DRAFTS, json=REGULATION_DRAFT)
    assert made.status_code == 200 and made.get_json()["result"] == {"version": 2}
    member = sqlite_site.api("member")
    said = member.post(
        "/api/v1/clusters/BGPB/regulation/comments", json={"version": 2, "text": "Đồng ý"}
    )
    assert said.status_code == 200
    assert member.post("/api/v1" + DRAFTS, json=REGULATION_DRAFT).status_code == 403
    read = sqlite_site.api("auditor").get("/api/v1/clusters/BGPB/regulation").get_json()
    draft = read["versions"][0]
    assert (draft["number"], draft["status"], read["in_force"]["number"]) == (2, "draft", 1)
    assert (
        "Được đề nghị Cờ thi đua của Tổng Liên đoàn khi có từ 90 % tổng số thành viên đồng ý (tối đa 1 đơn vị)"
        in draft["words"]
    )
    assert (
        "Khi bằng điểm, xếp trên đơn vị có tổng điểm thẩm định cao hơn, sau đó điểm thưởng cao hơn"
        in draft["words"]
    )
    assert draft["comments"][0]["text"] == "Đồng ý"
    english = sqlite_site.api("auditor").get("/api/v1/clusters/BGPB/regulation?lang=en").get_json()
    assert (
        "Acclaimed as leading unit when more than 2/3 of all members agree"
        in english["versions"][0]["words"]
    )
    missing = sqlite_site.api("auditor").get("/api/v1/clusters/NOPE/regulation")
    assert missing.status_code == 404


def test_who_is_offered_which_form(sqlite_site: Site) -> None:
    vice, _ = sqlite_site.login("vice")
    page = vice.get("/clusters/BGPB").get_data(as_text=True)
    assert "Quy chế đang áp dụng" in page and DRAFTS + "?preset=nd152_qd999_two_thirds" in page
    member, _ = sqlite_site.login("member")
    page = member.get("/clusters/BGPB").get_data(as_text=True)
    assert DRAFTS not in page and "/clusters/BGPB/regulation/comments" in page
    assert member.get(DRAFTS).status_code == 403
    listing = member.get("/clusters").get_data(as_text=True)
    assert 'href="/clusters/BGPB"' in listing


group = FlaskGroup(create_app=create_app, name="thidua")
group.add_command(regulation_cli)


def thidua(url: str, tmp_path: Path, *args: str) -> Result:
    env = {"THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE_PATH": str(tmp_path / "instance")}
    return CliRunner().invoke(group, list(args), env=env, catch_exceptions=False)


def test_the_cli_drafts_comments_adopts_and_shows(app: ThiduaApplication, tmp_path: Path) -> None:
    for code in ("AA", "BB"):
        units.register_unit(
            app, SYSTEM_PRINCIPAL, code, UnitKind.PROVINCE, f"LĐLĐ {code}", date(2010, 1, 1)
        )
    clusters.establish_cluster(app, SYSTEM_PRINCIPAL, "K", "Khối thử", date(2024, 1, 1))
    clusters.admit_member(app, SYSTEM_PRINCIPAL, "K", "AA", date(2024, 1, 1))
    run = lambda *a: thidua(app.url, tmp_path, "regulation", *a)  # noqa: E731
    made = run("draft", "K", "--preset", "nd152_qd999_two_thirds", "--on", "01/11/2024")
    assert made.exit_code == 0 and "Đã lưu dự thảo Quy chế lần 2." in made.output
    said = run("comment", "K", "2", "Đồng ý", "--unit", "AA", "--on", "02/11/2024")
    assert said.exit_code == 0, said.output
    outsider = run("comment", "K", "2", "Đồng ý", "--unit", "BB", "--on", "02/11/2024")
    assert outsider.exit_code == 1 and "Bạn không có quyền" in outsider.output
    late = run(
        "adopt", "K", "2", "--effective", "01/10/2024", "--reason", "x", "--on", "03/11/2024"
    )
    assert late.exit_code == 1 and "không được trước ngày soạn dự thảo (01/11/2024)" in late.output
    adopted = run(
        "adopt", "K", "2", "--effective", "01/12/2024", "--reason", "Hội nghị", "--on", "03/11/2024"
    )
    assert adopted.exit_code == 0, adopted.output
    shown = run("show", "K")
    assert "Quy chế lần 2 — hiệu lực từ 01/12/2024" in shown.output
    assert "Được suy tôn khi có trên 2/3 tổng số thành viên đồng ý" in shown.output
    assert "LĐLĐ AA (02/11/2024): Đồng ý" in shown.output
