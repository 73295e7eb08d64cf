"""A review of many units: its page lists the reports fifty at a time, filters them by
status from the summary, lists fifty of those waiting and says how many more wait, and
keeps the board's rows of the units whose reports did not change."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from domain.org.unit import Unit
from domain.review.term import Target
from service.org.units import merge_unit, register_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.review import cut_short, review_reports, reviews
from service.review import queries as review_queries
from service.views.projector import projector_of
from tests.web.site import Site

UNITS, SENT = 120, 60
TEXTS = dict(done="Đã làm", not_done="Chưa làm", causes="Do", lessons="Bài học", tasks="Việc")


def setup(site: Site) -> str:
    """A province with 120 districts in its review; the first 60 have sent their reports."""
    app, admin = ThiduaApplication(site.url), SYSTEM_PRINCIPAL
    try:
        register_unit(app, admin, "QM", "province", "LĐLĐ tỉnh Quy Mô", date(2010, 1, 1))
        term = reviews.open_term(
            app, admin, "QM", "X", "Nhiệm kỳ X", 2013, 2018, date(2013, 7, 1), "NQ"
        )
        target = Target.make(code="CT01", name="Thành lập CĐCS", measure="Số CĐCS", target="100")
        reviews.add_targets(app, admin, term, [target], date(2013, 7, 1))
        campaign = reviews.plan_review(
            app, admin, term, "Sơ kết X", date(2015, 12, 31), date(2015, 11, 1)
        )
        for i in range(UNITS):
            code = f"QM-{i:03d}"
            register_unit(app, admin, code, "district", f"LĐLĐ {code}", date(2010, 1, 1), "QM")
            reviews.add_participant(app, admin, campaign, code, date(2015, 11, 2))
            if i < SENT:
                officer = Principal(code.lower(), Unit.id_for(code))
                review_reports.draft_report(
                    app, officer, campaign, code, date(2015, 12, 1),
                    values={"CT01": {"value": "1"}}, assessments={}, narrative=TEXTS,
                )  # fmt: skip
                review_reports.submit_report(app, officer, campaign, code, date(2015, 12, 10))
        return str(campaign).replace("-", "")
    finally:
        app.close()


def rows(html: str) -> list[str]:
    """The reports table's unit codes, in order (each row links to its report)."""
    table = html.split('id="reports"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"/reports/(QM-\d{3})\"", table)


def test_a_long_list_comes_a_page_at_a_time(site: Site) -> None:
    campaign = setup(site)
    client, _ = site.login("admin")
    page = client.get(f"/reviews/{campaign}").get_data(as_text=True)
    assert rows(page) == [f"QM-{i:03d}" for i in range(50)]
    assert "Trang 1/3" in page and 'rel="next"' in page and 'rel="prev"' not in page
    waiting = page.split('class="waiting"', 1)[1].split("</ul>", 1)[0]
    assert waiting.count("<li>") == 50
    assert "Còn 10 báo cáo khác chờ thẩm định." in page
    assert "120 đơn vị" in page

    last = client.get(f"/reviews/{campaign}?page=3").get_data(as_text=True)
    assert rows(last) == [f"QM-{i:03d}" for i in range(100, 120)]
    assert "Trang 3/3" in last and 'rel="prev"' in last and 'rel="next"' not in last
    beyond = client.get(f"/reviews/{campaign}?page=99")
    assert beyond.status_code == 200 and rows(beyond.get_data(as_text=True)) == rows(last)
    wrong = client.get(f"/reviews/{campaign}?page=abc")
    assert wrong.status_code == 200 and rows(wrong.get_data(as_text=True)) == rows(page)


def test_counts_read_one_or_many_in_english(site: Site) -> None:
    campaign = setup(site)  # one target, 120 units, 10 waiting beyond the fifty listed
    client, token = site.login("admin")
    vi = client.get(f"/reviews/{campaign}").get_data(as_text=True)
    assert 'id="progress-summary">1 chỉ tiêu:' in vi and "120 đơn vị:" in vi
    client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/"})
    en = client.get(f"/reviews/{campaign}").get_data(as_text=True)
    assert 'id="progress-summary">1 target:' in en
    assert 'id="reports-summary">120 units:' in en
    assert "10 more reports are waiting for review." in en


def test_the_summary_filters_by_status(site: Site) -> None:
    campaign = setup(site)
    client, _ = site.login("admin")
    page = client.get(f"/reviews/{campaign}").get_data(as_text=True)
    summary = page.split('id="reports-summary"', 1)[1].split("</p>", 1)[0]
    links = dict(re.findall(r'status=(\w+)#reports"[^>]*>([^<]+)</a>', summary))
    assert set(links) == {"submitted", "missing"}  # statuses nobody is in are not offered
    assert links["submitted"].endswith(" 60") and links["missing"].endswith(" 60")
    sent = client.get(f"/reviews/{campaign}?status=submitted").get_data(as_text=True)
    assert rows(sent) == [f"QM-{i:03d}" for i in range(50)] and "Trang 1/2" in sent
    assert "status=submitted&amp;page=2" in sent  # the next page keeps the filter
    unsent = client.get(f"/reviews/{campaign}?status=missing&page=2").get_data(as_text=True)
    assert rows(unsent) == [f"QM-{i:03d}" for i in range(110, 120)]
    assert "Xem tất cả các đơn vị" in unsent
    unknown = client.get(f"/reviews/{campaign}?status=nonsense").get_data(as_text=True)
    assert rows(unknown) == rows(page)  # an unknown status filters nothing


def test_the_board_remakes_only_the_rows_that_changed(site: Site) -> None:
    campaign = setup(site)
    app = ThiduaApplication(site.url)
    try:
        before = {r.code: r for r in review_queries.report_board(app, UUID(campaign))}
        review_reports.accept_report(
            app, SYSTEM_PRINCIPAL, UUID(campaign), "QM-007", date(2015, 12, 20)
        )
        after = {r.code: r for r in review_queries.report_board(app, UUID(campaign))}
        assert after["QM-007"].status == "accepted" and before["QM-007"].status == "submitted"
        assert all(after[c] is before[c] for c in before if c != "QM-007")
        projector_of(app).memo.clear()
        assert review_queries.report_board(app, UUID(campaign)) == sorted(
            after.values(), key=lambda r: r.code
        )  # what a board made from zero gives
    finally:
        app.close()


def test_the_kept_board_stays_the_board_made_from_zero(site: Site) -> None:
    """Batch after batch of changes (submissions, an acceptance, a return and its
    resubmission, a merged unit taken over by its successor), the board kept and patched
    in one process lists, counts, finds a unit's own rows and the waiting ones exactly as
    a board made from zero in another."""
    campaign = UUID(setup(site))
    kept = ThiduaApplication(site.url)
    steer, merged = SYSTEM_PRINCIPAL, Unit.id_for("QM-119")

    def officer(code: str) -> Principal:
        return Principal(code.lower(), Unit.id_for(code))

    def submit(code: str, on: date, by: str | None = None) -> None:
        review_reports.draft_report(
            kept, officer(by or code), campaign, code, on,
            values={"CT01": {"value": "2"}}, assessments={}, narrative=TEXTS,
        )  # fmt: skip
        review_reports.submit_report(kept, officer(by or code), campaign, code, on)

    def seen(app: ThiduaApplication) -> tuple[object, ...]:
        board = review_queries.reports_board(app, campaign)
        carrier = Unit.id_for("QM-001").hex
        return (
            [r["code"] for r in board.dict_rows],
            {s: [r["code"] for r in found] for s, found in board.by_status.items()},
            [r["code"] for r in board.own(carrier)],
            [r["code"] for r in board.own(Unit.id_for("QM-100").hex)],
            [r["code"] for r in board.waiting(5)[0]],
            board.waiting(5)[1],
            board.dict_rows,
        )

    changes = [
        lambda: [submit(f"QM-{i:03d}", date(2015, 12, 12)) for i in (61, 62, 100)],
        lambda: review_reports.accept_report(kept, steer, campaign, "QM-003", date(2015, 12, 20)),
        lambda: review_reports.return_report(
            kept, steer, campaign, "QM-004", ["Bổ sung"], date(2015, 12, 20)
        ),
        lambda: submit("QM-004", date(2015, 12, 21)),
        lambda: merge_unit(kept, steer, "QM-119", "QM-001", date(2015, 12, 21)),
        lambda: cut_short.take_over_participant(
            kept, steer, campaign, merged, Unit.id_for("QM-001"), "QĐ", date(2015, 12, 22)
        ),
        lambda: submit("QM-119", date(2015, 12, 23), by="QM-001"),
    ]
    try:
        seen(kept)
        for change in changes:
            change()
            fresh = ThiduaApplication(site.url)
            try:
                assert seen(kept) == seen(fresh)
            finally:
                fresh.close()
        board = review_queries.reports_board(kept, campaign)
        assert [r["code"] for r in board.own(Unit.id_for("QM-001").hex)] == ["QM-001", "QM-119"]
        assert board.by_status["submitted"][-1]["code"] == "QM-119"
    finally:
        kept.close()
