"""Through the web: a participant merged mid-review is a pending decision on the review
page and on the steering committee's home, with the default offered; the successor
takes over by the form; the review is closed early and the term ended by their forms;
the page says so; the rules answer in Vietnamese and store nothing."""

from __future__ import annotations

from datetime import date

from domain.org.unit import Unit
from domain.review.campaign import ReviewCampaign
from domain.review.term import CongressTerm, Target
from service.org.units import merge_unit, register_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.review import review_reports, reviews
from tests.web.site import Site

NARRATIVE = dict(done="Đã làm", not_done="Chưa làm", causes="Do", lessons="Bài học", tasks="Việc")


def setup(site: Site) -> tuple[str, str]:
    app, admin = ThiduaApplication(site.url), SYSTEM_PRINCIPAL
    try:
        register_unit(app, admin, "TF", "province", "LĐLĐ tỉnh Thử", date(2010, 1, 1))
        for code in ("TF-A", "TF-B", "TF-C"):
            register_unit(
                app, admin, code, "district", f"LĐLĐ huyện {code}", date(2010, 1, 1), "TF"
            )
        term = reviews.open_term(
            app, admin, "TF", "IX", "Nhiệm kỳ IX", 2013, 2018, date(2013, 7, 1), "NQ"
        )
        target = Target.make(code="CT01", name="Đoàn viên mới", unit="người", target="1000")
        reviews.add_targets(app, admin, term, [target], date(2013, 7, 1))
        campaign = reviews.plan_review(
            app, admin, term, "Sơ kết IX", date(2015, 12, 31), date(2015, 11, 1)
        )
        for code in ("TF-A", "TF-B", "TF-C"):
            reviews.add_participant(app, admin, campaign, code, date(2015, 11, 2))
        a = Principal("canbo.tfa", Unit.id_for("TF-A"))
        review_reports.draft_report(
            app,
            a,
            campaign,
            "TF-A",
            date(2015, 12, 1),
            values={"CT01": {"value": "70"}},
            narrative=NARRATIVE,
        )
        review_reports.submit_report(app, a, campaign, "TF-A", date(2015, 12, 2))
        merge_unit(app, admin, "TF-B", "TF-A", date(2015, 12, 15))
    finally:
        app.close()
    return term.hex, campaign.hex  # fmt: skip


def test_a_review_cut_short_through_the_web(sqlite_site: Site) -> None:
    site = sqlite_site
    term, campaign = setup(site)
    client, token = site.login("steering")

    page = client.get(f"/reviews/{campaign}").get_data(as_text=True)
    assert "Thay đổi tổ chức chờ quyết định" in page and "LĐLĐ huyện TF-A báo cáo thay" in page
    home = client.get("/").get_data(as_text=True)
    assert "Sơ kết IX" in home and "LĐLĐ huyện TF-B" in home

    # the form offers the default: TF-B taken over by TF-A
    form = client.get(f"/reviews/{campaign}/changes/take-over?unit={Unit.id_for('TF-B').hex}")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and "selected" in html and "LĐLĐ huyện TF-A" in html
    before = site.head()
    empty = client.post(
        f"/reviews/{campaign}/changes/take-over",
        data={"unit": Unit.id_for("TF-B").hex, "successor": Unit.id_for("TF-A").hex,
              "reason": "", "csrf_token": token},
    )  # fmt: skip
    assert empty.status_code == 422 and site.head() == before
    done = client.post(
        f"/reviews/{campaign}/changes/take-over",
        data={"unit": Unit.id_for("TF-B").hex, "successor": Unit.id_for("TF-A").hex,
              "reason": "QĐ hợp nhất số 5", "csrf_token": token},
    )  # fmt: skip
    assert done.status_code in (302, 303), done.get_data(as_text=True)[:500]
    assert "Thay đổi tổ chức chờ quyết định" not in client.get(f"/reviews/{campaign}").get_data(
        as_text=True
    )

    # a day still to come is refused in Vietnamese; nothing stored, what was typed kept
    before = site.head()
    future = client.post(
        f"/reviews/{campaign}/close",
        data={"on": "01/02/2016", "reason": "Sắp xếp tổ chức", "basis": "QĐ 7", "csrf_token": token},
    )  # fmt: skip
    text = future.get_data(as_text=True)
    assert future.status_code == 409 and "chưa đến" in text and "Sắp xếp tổ chức" in text
    assert site.head() == before

    # the check before the act: what the review keeps and whose reports it lists as missing
    check = client.get(f"/terms/{term}/end").get_data(as_text=True)
    assert "Thao tác này không thể hoàn tác." in check
    assert "Đợt sơ kết «Sơ kết IX» đang diễn ra sẽ kết thúc cùng ngày." in check
    assert "Báo cáo đã nhận được, được giữ lại và tổng hợp (1): LĐLĐ huyện TF-A" in check
    assert "Ghi là không nhận được (không tính là số 0): LĐLĐ huyện TF-B; LĐLĐ huyện TF-C" in check

    # the term ends early: the review closes with what it has, and the page says so
    ended = client.post(
        f"/terms/{term}/end",
        data={"on": "05/01/2016", "reason": "Sắp xếp tổ chức", "basis": "QĐ 7/QĐ-TLĐ",
              "csrf_token": token},
    )  # fmt: skip
    assert ended.status_code in (302, 303), ended.get_data(as_text=True)[:500]
    page = client.get(f"/reviews/{campaign}").get_data(as_text=True)
    assert "Nhiệm kỳ kết thúc sớm ngày 05/01/2016." in page
    assert "Đợt sơ kết kết thúc sớm ngày 05/01/2016." in page
    assert "Không nhận được báo cáo của: LĐLĐ huyện TF-B; LĐLĐ huyện TF-C." in page
    assert "không nhận được (đợt sơ kết kết thúc sớm)" in page
    assert f"/reviews/{campaign}/close" not in page  # a closed review offers no form

    # the rules, through the API: once, no overlap, nothing into a closed review
    api, before = site.api("steering"), site.head()
    again = api.post(
        f"/api/v1/terms/{term}/end", json={"on": "06/01/2016", "reason": "x", "basis": "y"}
    )
    assert again.status_code == 409 and again.get_json()["code"] == "term.already_ended"
    assert "không thể kết thúc lần nữa" in again.get_json()["message"]
    body = {"number": "X", "name": "Nhiệm kỳ X", "start_year": 2015, "end_year": 2020,
            "opened_on": "20/12/2015", "resolution": "NQ"}  # fmt: skip
    overlap = api.post(f"/api/v1/terms/{term}/next", json=body)
    assert overlap.status_code == 409 and overlap.get_json()["code"] == "term.overlaps"
    assert "chồng lên Nhiệm kỳ IX" in overlap.get_json()["message"]
    late = site.api("admin").post(f"/api/v1/reviews/{campaign}/close", json={
        "on": "06/01/2016", "reason": "x", "basis": "y"})  # fmt: skip
    assert late.status_code == 409 and late.get_json()["code"] == "review.closed_early"
    assert site.head() == before

    begun = api.post(f"/api/v1/terms/{term}/next", json={**body, "start_year": 2016,
                                                           "opened_on": "08/01/2016"})  # fmt: skip
    assert begun.status_code in (200, 201), begun.get_json()
    reader = ThiduaApplication(site.url)
    try:
        new = CongressTerm.id_for(Unit.id_for("TF"), "X")
        assert reader.get(new).previous.hex == term
        assert reader.get(
            ReviewCampaign.id_for(CongressTerm.id_for(Unit.id_for("TF"), "IX"))
        ).closed
    finally:
        reader.close()
