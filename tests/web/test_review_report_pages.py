"""A unit's term-review report, for the people who use it: the page words every figure
in its target's own words and no status, key or rating as a code (in Vietnamese and in
English); the reporting unit never sees the reviewer's buttons; an accepted report
offers no form; a returned one shows why and offers to correct it; the form labels a
ratio's counts with the target's words, draws ratings as radio buttons and shows every
row's error at once, storing nothing."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import pytest
from flask import url_for

from domain.org.unit import Unit
from domain.review.report import NARRATIVE, RATINGS
from domain.review.term import Target
from service.accounts import accounts
from service.org.units import register_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.review import review_reports, reviews
from tests.web.site import PASSWORD, Site, csrf_of
from web.review.reviews import report_links

TEXTS = dict(done="Đã làm", not_done="Chưa làm", causes="Do", lessons="Bài học", tasks="Việc")
# what must never reach a person: the statuses, the figures' keys, the ratings, the parts
RAW = [
    "accepted", "submitted", "resubmitted", "returned", "draft", "value:", "weight:",
    "numerator", "denominator", "partly_done", "not_done", "causes", "lessons", "weighted_average",
]  # fmt: skip

# in English the statuses are English words: only the keys and codes are looked for
RAW_EN = ["value:", "weight:", "numerator", "denominator", "partly_done", "not_done",
          "weighted_average", "Status: accepted", "Status: submitted"]  # fmt: skip


def setup(site: Site) -> str:
    """A province's term with a sum, a ratio and a weighted average; two districts, A
    has submitted its report, B has a draft; an officer for each."""
    app, admin = ThiduaApplication(site.url), SYSTEM_PRINCIPAL
    try:
        register_unit(app, admin, "TR", "province", "LĐLĐ tỉnh Thử", date(2010, 1, 1))
        for code in ("TR-A", "TR-B"):
            register_unit(
                app, admin, code, "district", f"LĐLĐ huyện {code}", date(2010, 1, 1), "TR"
            )
            accounts.create_account(
                app, admin, f"canbo.{code.lower()}", f"Cán bộ {code}", code, [], PASSWORD,
                date(2013, 1, 1),
            )  # fmt: skip
        term = reviews.open_term(
            app, admin, "TR", "X", "Nhiệm kỳ X", 2013, 2018, date(2013, 7, 1), "NQ"
        )
        targets = [
            Target.make(code="CT01", name="Thành lập công đoàn cơ sở", measure="Số CĐCS thành lập mới",
                        unit="CĐCS", target="100"),
            Target.make(code="CT02", name="Doanh nghiệp có Công đoàn", measure="Tỷ lệ", unit="%",
                        target="90", rollup="ratio", numerator_label="Số doanh nghiệp có Công đoàn",
                        denominator_label="Tổng số doanh nghiệp"),
            Target.make(code="CT03", name="Thu nhập bình quân", measure="Thu nhập bình quân",
                        unit="triệu đồng", target="5", rollup="weighted_average",
                        weight_label="Số lao động"),
        ]  # fmt: skip
        reviews.add_targets(app, admin, term, targets, date(2013, 7, 1))
        reviews.add_programme(
            app, admin, term, "P1", "Chương trình phát triển đoàn viên", date(2013, 7, 1)
        )
        campaign = reviews.plan_review(
            app, admin, term, "Sơ kết X", date(2015, 12, 31), date(2015, 11, 1)
        )
        for code in ("TR-A", "TR-B"):
            reviews.add_participant(app, admin, campaign, code, date(2015, 11, 2))
        values = {"CT01": {"value": "195"}, "CT02": {"numerator": "26", "denominator": "30"},
                  "CT03": {"value": "4.7", "weight": "2400"}}  # fmt: skip
        for code in ("TR-A", "TR-B"):
            review_reports.draft_report(
                app, Principal(f"canbo.{code.lower()}", Unit.id_for(code)), campaign, code,
                date(2015, 12, 1), values=values, assessments={"P1": ("partly_done", "Một phần")},
                narrative=TEXTS,
            )  # fmt: skip
        a = Principal("canbo.tr-a", Unit.id_for("TR-A"))
        review_reports.submit_report(app, a, campaign, "TR-A", date(2015, 12, 2))
    finally:
        app.close()
    return campaign.hex


def login(site: Site, username: str) -> tuple[object, str]:
    client = site.app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert r.status_code == 302
    return client, csrf_of(client.get("/account").get_data(as_text=True))


def visible(html: str) -> str:
    """The page's text a person reads (tags, attributes and the head left out)."""
    body = html.split("<body", 1)[-1]
    return re.sub(r"<[^>]+>", " ", body)


def test_the_report_page_speaks_plain_words_in_both_languages(site: Site) -> None:
    campaign = setup(site)
    client, token = login(site, "canbo.tr-a")
    page = client.get(f"/reviews/{campaign}/reports/TR-A").get_data(as_text=True)
    text = visible(page)
    assert "Đã gửi" in text and "đang chờ thẩm định" in text
    assert "Số CĐCS thành lập mới: 195 CĐCS" in " ".join(text.split())
    assert "26/30" in text and "86,7 %" in text
    assert "Số doanh nghiệp có Công đoàn: 26" in text and "Tổng số doanh nghiệp: 30" in text
    assert "Số lao động: 2.400" in text and "4,7" in text
    assert "Hoàn thành một phần" in text and "Những việc đã làm được" in text
    for raw in RAW:
        assert raw not in text, raw
    client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/"})
    english = visible(client.get(f"/reviews/{campaign}/reports/TR-A").get_data(as_text=True))
    assert "partly done" in english.lower() and "Submitted" in english
    for raw in RAW_EN:
        assert raw not in english, raw


def test_the_unit_never_sees_the_reviewers_buttons_the_reviewer_does(site: Site) -> None:
    campaign = setup(site)
    accept = f"/reviews/{campaign}/reports/TR-A/accept"
    back = f"/reviews/{campaign}/reports/TR-A/return"
    unit, _ = login(site, "canbo.tr-a")
    page = unit.get(f"/reviews/{campaign}/reports/TR-A").get_data(as_text=True)
    assert accept not in page and back not in page
    # another unit sees neither the reviewer's buttons nor the form of a report not its own
    other, _ = login(site, "canbo.tr-b")
    page = other.get(f"/reviews/{campaign}/reports/TR-A").get_data(as_text=True)
    assert accept not in page and back not in page and "/draft" not in page
    reviewer, _ = site.login("reviewer")
    page = reviewer.get(f"/reviews/{campaign}/reports/TR-A").get_data(as_text=True)
    assert accept in page and back in page and "/draft" not in page
    # a draft is not yet the reviewer's: no buttons for it
    page = reviewer.get(f"/reviews/{campaign}/reports/TR-B").get_data(as_text=True)
    assert f"/reviews/{campaign}/reports/TR-B/accept" not in page


def test_an_accepted_report_offers_no_form_a_returned_one_shows_why(site: Site) -> None:
    campaign = setup(site)
    reviewer, rtoken = site.login("reviewer")
    r = reviewer.post(
        f"/reviews/{campaign}/reports/TR-A/return",
        data={
            "comments": "Bổ sung số liệu CT02",
            "resubmit_by": "20/01/2016",
            "csrf_token": rtoken,
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    unit, token = login(site, "canbo.tr-a")
    page = unit.get(f"/reviews/{campaign}/reports/TR-A").get_data(as_text=True)
    assert "Báo cáo bị trả lại ngày" in page and "Bổ sung số liệu CT02" in page
    assert "Hạn gửi lại: 20/01/2016" in page and "Sửa và gửi lại" in page
    form = unit.get(f"/reviews/{campaign}/reports/TR-A/draft").get_data(as_text=True)
    assert "Bổ sung số liệu CT02" in form and 'class="form"' in form
    r = unit.post(f"/reviews/{campaign}/reports/TR-A/submit", data={"csrf_token": token})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    r = reviewer.post(f"/reviews/{campaign}/reports/TR-A/accept", data={"csrf_token": rtoken})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    page = unit.get(f"/reviews/{campaign}/reports/TR-A").get_data(as_text=True)
    assert "Đã chấp nhận" in page and "bởi Tài khoản reviewer" in page
    assert "/draft" not in page and "Sửa và gửi lại" not in page
    form = unit.get(f"/reviews/{campaign}/reports/TR-A/draft")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and "Báo cáo đã được chấp nhận ngày" in html
    assert 'class="form"' not in html and "values-0-value" not in html


def test_the_form_uses_the_targets_words_and_shows_every_row_error_at_once(site: Site) -> None:
    campaign = setup(site)
    unit, token = login(site, "canbo.tr-b")
    url = f"/reviews/{campaign}/reports/TR-B/draft"
    form = unit.get(url).get_data(as_text=True)
    assert "Số doanh nghiệp có Công đoàn" in form and "Tổng số doanh nghiệp" in form
    assert "Tử số" not in form and "Mẫu số" not in form and "Số lao động" in form
    assert form.count('type="radio"') == len(RATINGS)
    assert "Hoàn thành một phần" in form and 'value="partly_done" checked' in form
    before = site.head()
    posted = {
        "csrf_token": token,
        "values-0-target": "CT01", "values-0-value": "12,5x",
        "values-1-target": "CT02", "values-1-numerator": "40", "values-1-denominator": "30",
        "values-2-target": "CT03", "values-2-value": "4,7", "values-2-weight": "2400,5",
        "assessments-0-programme": "P1", "assessments-0-assessment": "Đã làm một phần",
        **{k: TEXTS[k] for k in NARRATIVE},
    }  # fmt: skip
    r = unit.post(url, data=posted)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and site.head() == before
    for said in ("không phải là số: 12,5x", "CT02", "CT03", "Chọn mức độ thực hiện."):
        assert said in html, said
    assert html.count('class="error"') >= 4
    assert 'value="12,5x"' in html and 'value="2400,5"' in html  # what was typed is kept
    # fixed, it is stored
    posted.update({"values-0-value": "12", "values-1-numerator": "26", "values-2-weight": "2400",
                   "assessments-0-rating": "done"})  # fmt: skip
    r = unit.post(url, data=posted)
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    page = unit.get(f"/reviews/{campaign}/reports/TR-B").get_data(as_text=True)
    assert "Số CĐCS thành lập mới: <strong>12</strong>" in page and "Hoàn thành" in page


@pytest.mark.parametrize("path", ["", "/draft"])
def test_an_unknown_unit_is_not_found(sqlite_site: Site, path: str) -> None:
    campaign = setup(sqlite_site)
    client, _ = sqlite_site.login("reviewer")
    assert client.get(f"/reviews/{campaign}/reports/KHONG-CO{path}").status_code == 404


def test_the_review_pages_links_to_reports_are_those_of_the_route(sqlite_site: Site) -> None:
    """The review page builds its report links from the route once: each equals what
    url_for makes of the code, whatever the code holds."""
    campaign = UUID(setup(sqlite_site))
    codes = ["TR-A", "CĐCS 1", "A&B/2", "50%", "Q?#"]
    with sqlite_site.app.test_request_context("/"):
        found = report_links(campaign, [{"code": c} for c in codes])
        made = {c: url_for("reviews.report", campaign_id=campaign, unit_code=c) for c in codes}
    assert found == made
