"""Issue 14, scenario (2), on SQLite and PostgreSQL: a province merged into another on
01/07 of an open year, after both registered and reported.

The chair decides that the successor takes over the absorbed unit's dossier; a poll
after that counts the merged body once; the absorbed unit's account can no longer act;
the successor's officer acts on the carried dossier; the year keeps what shows both
old names on 30/06; the year's documents list the successor carrying the dossier.
As of 30/06 (a day people know), the year's page, its API answer, the units' pages and
the year's PDF made as of that day show both members under their old names.
"""

import re
from datetime import date
from decimal import Decimal as D

import pytest

from domain.kernel.base import DomainError
from domain.org.cluster import Cluster
from domain.org.unit import Unit, UnitKind
from domain.polls.poll import Poll
from service.accounts import accounts
from service.documents.bundle import collect
from service.documents.render import Renderer, write_pdf
from service.org import units
from service.platform.auth import Principal
from service.polls import polls
from service.polls.queries import poll_info
from service.year import changes, clusters, dossiers, queries
from tests.documents.pdftools import text as pdf_text
from tests.domain.helpers import sample_criteria
from web.shell.store import EXTENSION
from web.site.app import create_app

CODES = ["AA", "BB", "XX", "YY", "ZZ"]
NAMES = {c: f"LĐLĐ tỉnh {c}" for c in CODES}


def officer(code):
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def uid(code):
    return Unit.id_for(code)


def refused(app, fn):
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as e:
        fn()
    assert app.recorder.max_notification_id() == before, "nothing may be stored"
    return e.value.code


@pytest.fixture
def year(app, admin):
    for code in CODES:
        units.register_unit(app, admin, code, UnitKind.PROVINCE, NAMES[code], date(2010, 1, 1))
    clusters.establish_cluster(app, admin, "K1", "Khối thi đua thử", date(2010, 1, 1))
    for code in CODES:
        clusters.admit_member(app, admin, "K1", code, date(2010, 1, 1))
    year_id = clusters.open_year(
        app, admin, "K1", 2025, date(2024, 11, 18), chair_code="AA", vice_code="BB"
    )
    v = clusters.draft_criteria(app, officer("AA"), year_id, sample_criteria(), date(2024, 11, 20))
    clusters.adopt_criteria(app, officer("AA"), year_id, v, date(2024, 12, 5))
    for code in ("XX", "YY"):
        who = officer(code)
        dossiers.register(
            app, who, year_id, "Cờ thi đua", ["Phát triển đoàn viên"], date(2025, 1, 10)
        )
        dossiers.submit_report(
            app, who, year_id, "midyear", f"Báo cáo của {code}", [], date(2025, 6, 15)
        )
        dossiers.self_score(app, who, year_id, {"1.1": (D(9), "Minh chứng")}, date(2025, 6, 20))
    return year_id


def test_merged_province_reaches_the_open_year(app, admin, year):
    units.merge_unit(app, admin, "XX", "YY", date(2025, 7, 1))

    # the year waits for a decision, with the default offered; nothing happened silently
    [waiting] = changes.pending_of(app, year)
    assert waiting["unit"] == uid("XX").hex and waiting["cause"] == "merged"
    assert waiting["default"] == "take_over" and waiting["default_successor"] == uid("YY").hex
    assert app.get(year).is_member(uid("XX"))

    # X's account can no longer act, on anything
    x_acts = lambda: dossiers.submit_report(  # noqa: E731
        app, officer("XX"), year, "yearend", "Báo cáo", [], date(2025, 7, 2)
    )
    assert refused(app, x_acts) == "auth.unit_inactive"
    # a poll waits for the decision (a merged body votes once)
    assert (
        refused(
            app,
            lambda: polls.open_poll(app, officer("AA"), year, "leading", None, date(2025, 7, 2)),
        )
        == "year.pending_decisions"
    )
    # only the people in charge decide, and a reason is required
    take = lambda who, reason: changes.take_over(  # noqa: E731
        app, who, year, uid("XX"), uid("YY"), reason, date(2025, 7, 3)
    )
    assert refused(app, lambda: take(officer("BB"), "Hợp nhất")) == "auth.forbidden"
    assert refused(app, lambda: take(officer("AA"), " ")) == "year.decision_reason_required"
    wrong = lambda: changes.take_over(  # noqa: E731
        app, officer("AA"), year, uid("XX"), uid("ZZ"), "Hợp nhất", date(2025, 7, 3)
    )
    assert refused(app, wrong) == "year.not_a_successor"

    take(officer("AA"), "Hợp nhất theo Nghị quyết 202/2025/QH15")
    assert changes.pending_of(app, year) == []
    y = app.get(year)
    assert uid("XX") not in y.members and y.is_member(uid("YY"))
    assert y.carried_by == {uid("XX"): uid("YY")}
    # what the as-of view of 30/06 needs: both members then, both old names
    assert set(y.members_on(date(2025, 6, 30))) == {uid(c) for c in CODES}
    assert uid("XX") not in y.members_on(date(2025, 7, 1))
    assert app.get(uid("XX")).as_of(date(2025, 6, 30)).name == NAMES["XX"]
    cluster = app.get(Cluster.id_for("K1"))
    assert uid("XX") not in cluster.members
    assert uid("XX") in cluster.members_on(date(2025, 6, 30))

    # the carried dossier: scores and reports kept, Y answers for it from now on
    carried = dossiers.dossier_of(app, year, uid("XX"))
    assert carried.answerer == uid("YY") and carried.self_scores["1.1"].points == D(9)
    assert "midyear" in carried.reports
    late = dossiers.submit_report(
        app,
        officer("YY"),
        year,
        "yearend",
        "Báo cáo cuối năm (tiếp nhận)",
        [],
        date(2025, 11, 20),
        unit=uid("XX"),
    )
    assert late >= 0 and "yearend" in dossiers.dossier_of(app, year, uid("XX")).reports
    not_hers = lambda: dossiers.submit_report(  # noqa: E731
        app, officer("ZZ"), year, "yearend", "x", [], date(2025, 11, 20), unit=uid("XX")
    )
    assert refused(app, not_hers) == "auth.forbidden"

    # a poll after the decision counts the merged body once
    poll_id = polls.open_poll(app, officer("AA"), year, "leading", None, date(2025, 12, 10))
    poll = polls.poll_of(app, poll_id)
    assert len(poll.voters) == len(CODES) - 1 and uid("XX") not in poll.voters
    for code in ("AA", "BB", "YY", "ZZ"):
        polls.cast_ballot(app, officer(code), poll_id, [uid("AA")], date(2025, 12, 10))
    assert (
        refused(
            app,
            lambda: polls.cast_ballot(app, officer("XX"), poll_id, [uid("AA")], date(2025, 12, 10)),
        )
        == "auth.unit_inactive"
    )
    result = polls.close_poll(app, officer("AA"), poll_id, date(2025, 12, 10))
    assert result.eligible == len(CODES) - 1 and result.participated == 4

    # the year's page and documents: Y carrying X's dossier, X's old name kept
    page = queries.year(app, year)
    assert [c["what"] for c in page["changes"]] == ["taken_over"]
    rows = {r["unit"]: r for r in queries.standings(app, year)["rows"]}
    assert uid("XX").hex in rows  # the carried dossier keeps its row
    docs = {d.key: d for d in collect(app, year).docs}
    text = docs["changes"].html
    assert f"{NAMES['YY']} tiếp nhận hồ sơ thi đua của {NAMES['XX']}" in text
    assert "01/07/2025" in text and "Nghị quyết 202/2025/QH15" in text


def test_a_rename_after_the_merge_keeps_the_old_name_in_the_documents(app, admin, year):
    units.merge_unit(app, admin, "XX", "YY", date(2025, 7, 1))
    units.rename_unit(app, admin, "YY", "LĐLĐ tỉnh YY (mới)", date(2025, 7, 2))
    changes.take_over(app, admin, year, uid("XX"), uid("YY"), "Hợp nhất", date(2025, 7, 3))
    html = {d.key: d for d in collect(app, year).docs}["changes"].html
    assert "LĐLĐ tỉnh YY (mới) tiếp nhận hồ sơ thi đua của LĐLĐ tỉnh XX" in html, html[
        html.index("<tbody>") :
    ][:800]


def test_open_secret_poll_at_the_merge_is_void_when_both_voted(app, admin, year):
    poll_id = polls.open_poll(app, officer("AA"), year, "leading", None, date(2025, 6, 25))
    assert polls.poll_of(app, poll_id).secret  # the regulation's default: a secret ballot
    for code in ("XX", "YY"):
        polls.cast_ballot(app, officer(code), poll_id, [uid("AA")], date(2025, 6, 25))
    units.merge_unit(app, admin, "XX", "YY", date(2025, 7, 1))
    changes.take_over(app, admin, year, uid("XX"), uid("YY"), "Hợp nhất", date(2025, 7, 2))
    poll = polls.poll_of(app, poll_id)
    assert poll.is_void and uid("XX") not in poll.voters
    assert (
        refused(
            app,
            lambda: polls.cast_ballot(app, officer("AA"), poll_id, [uid("AA")], date(2025, 7, 2)),
        )
        == "poll.void"
    )
    # the chair runs the next round with the members recomputed
    again = polls.open_poll(app, officer("AA"), year, "leading", None, date(2025, 7, 3))
    assert app.get(again).round == 2 and len(app.get(again).voters) == len(CODES) - 1


def test_open_poll_at_the_merge_keeps_one_vote_for_the_merged_body(app, admin, year):
    poll_id = polls.open_poll(
        app, officer("AA"), year, "leading", None, date(2025, 6, 25), secret=False
    )
    polls.cast_ballot(app, officer("XX"), poll_id, [uid("AA")], date(2025, 6, 25))
    units.merge_unit(app, admin, "XX", "YY", date(2025, 7, 1))
    changes.take_over(app, admin, year, uid("XX"), uid("YY"), "Hợp nhất", date(2025, 7, 2))
    poll: Poll = polls.poll_of(app, poll_id)
    assert poll.stand_ins == {uid("YY"): uid("XX")} and len(poll.voters) == len(CODES) - 1
    assert (
        refused(
            app,
            lambda: polls.cast_ballot(app, officer("YY"), poll_id, [uid("BB")], date(2025, 7, 2)),
        )
        == "poll.voted_through_absorbed"
    )
    for code in ("AA", "BB", "ZZ"):
        polls.cast_ballot(app, officer(code), poll_id, [uid("AA")], date(2025, 7, 2))
    result = polls.close_poll(app, officer("AA"), poll_id, date(2025, 7, 2))
    assert result.eligible == 4 and result.participated == 4


def test_open_ballot_of_a_withdrawn_unit_is_set_aside(app, admin, year):
    poll_id = polls.open_poll(
        app, officer("AA"), year, "leading", None, date(2025, 6, 25), secret=False
    )
    for code in ("XX", "YY"):
        polls.cast_ballot(app, officer(code), poll_id, [uid("AA")], date(2025, 6, 25))
    units.merge_unit(app, admin, "XX", "YY", date(2025, 7, 1))
    changes.withdraw(app, officer("AA"), year, uid("XX"), "Không tiếp nhận hồ sơ", date(2025, 7, 2))
    poll = polls.poll_of(app, poll_id)
    assert poll.set_aside == [uid("XX")] and poll.ballots_received == 1
    assert dossiers.dossier_of(app, year, uid("XX")).withdrawn is not None
    assert uid("XX") not in app.get(year).members


def test_split_dissolve_and_reforming_the_cluster_mid_year(app, admin, year):
    units.split_unit(
        app, admin, "ZZ", [("ZZ1", "LĐLĐ tỉnh ZZ 1"), ("ZZ2", "LĐLĐ tỉnh ZZ 2")], date(2025, 7, 1)
    )
    [waiting] = changes.pending_of(app, year)
    assert waiting["cause"] == "split" and len(waiting["successors"]) == 2
    changes.take_over(app, admin, year, uid("ZZ"), uid("ZZ2"), "Chia tách", date(2025, 7, 2))
    assert app.get(year).is_member(uid("ZZ2"))
    assert uid("ZZ2") in app.get(Cluster.id_for("K1")).members  # joined the cluster too
    assert dossiers.dossier_of(app, year, uid("ZZ2")) is not None  # its own dossier opened

    # the administrator re-forms the cluster: one admitted, one removed, each decided
    units.register_unit(app, admin, "NEW", UnitKind.PROVINCE, "LĐLĐ tỉnh Mới", date(2025, 7, 1))
    clusters.admit_member(app, admin, "K1", "NEW", date(2025, 8, 1), "Sắp xếp lại Khối")
    clusters.remove_member(app, admin, "K1", "BB", date(2025, 8, 1), "Chuyển sang Khối khác")
    found = {p["unit"]: p for p in changes.pending_of(app, year)}
    assert found[uid("NEW").hex]["default"] == "admit"
    assert found[uid("BB").hex]["default"] == "withdraw"
    changes.admit(app, admin, year, uid("NEW"), "Theo quyết định sắp xếp lại", date(2025, 8, 2))
    changes.withdraw(app, admin, year, uid("BB"), "Chuyển Khối", date(2025, 8, 2))
    y = app.get(year)
    assert y.is_member(uid("NEW")) and not y.is_member(uid("BB")) and y.vice_chair is None
    assert changes.pending_of(app, year) == []
    assert dossiers.dossier_of(app, year, uid("NEW")) is not None

    # a merged or dissolved unit cannot be admitted or given accounts
    units.dissolve_unit(app, admin, "NEW", date(2025, 9, 1))
    assert (
        refused(app, lambda: clusters.admit_member(app, admin, "K1", "NEW", date(2025, 9, 2)))
        == "cluster.unit_inactive"
    )
    assert (
        refused(
            app,
            lambda: accounts.create_account(
                app,
                admin,
                "canbo.new",
                "Cán bộ",
                "NEW",
                [],
                "mat-khau-rat-dai-123",
                date(2025, 9, 2),
            ),
        )
        == "account.unit_inactive"
    )
    [dissolved] = changes.pending_of(app, year)
    assert dissolved["cause"] == "dissolved" and dissolved["default"] == "withdraw"
    no_successor = lambda: changes.take_over(  # noqa: E731
        app, admin, year, uid("NEW"), uid("AA"), "x", date(2025, 9, 2)
    )
    assert refused(app, no_successor) == "year.no_successor"


def test_a_successor_that_is_no_longer_active_or_no_successor_is_refused(app, admin, year):
    """X merged into Y, then Y into Z: Z takes over X's dossier, not Y (no longer
    active); a unit that is not X's successor at all is refused as such. (A successor
    outside the cluster is no refusal: the decision admits it to the cluster.)"""
    units.merge_unit(app, admin, "XX", "YY", date(2025, 7, 1))
    units.merge_unit(app, admin, "YY", "ZZ", date(2025, 8, 1))
    take = lambda successor: changes.take_over(  # noqa: E731
        app, admin, year, uid("XX"), uid(successor), "Hợp nhất", date(2025, 8, 2)
    )
    assert refused(app, lambda: take("YY")) == "year.successor_inactive"
    assert refused(app, lambda: take("AA")) == "year.not_a_successor"
    take("ZZ")
    assert app.get(year).carried_by[uid("XX")] == uid("ZZ")


def test_merging_several_into_a_new_unit_is_one_command(app, admin, year):
    units.merge_into_new(
        app, admin, ["XX", "YY"], "XY", UnitKind.PROVINCE, "LĐLĐ tỉnh XY", date(2025, 7, 1)
    )
    new = app.get(uid("XY"))
    assert sorted(new.absorbed) == sorted([uid("XX"), uid("YY")])
    assert app.get(uid("XX")).current.merged_into == uid("XY")
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError):
        units.merge_into_new(
            app, admin, ["AA", "XX"], "AX", UnitKind.PROVINCE, "Không", date(2025, 7, 2)
        )
    assert app.recorder.max_notification_id() == before and not app.exists(uid("AX"))
    for code in ("XX", "YY"):
        changes.take_over(app, admin, year, uid(code), uid("XY"), "Hợp nhất", date(2025, 7, 2))
    y = app.get(year)
    assert y.answers_for(uid("XY")) == [uid("XY"), uid("XX"), uid("YY")]


def test_an_absorbed_candidate_follows_the_decision(app, admin, year):
    """A candidate merged mid-poll: its successor stands in its place when no ballot
    chose it; a candidate that a ballot chose voids the poll (new round); a candidate
    that withdraws is removed."""
    # open ballot, XX a candidate nobody chose yet: YY (not a candidate) replaces it
    first = polls.open_poll(
        app, officer("AA"), year, "leading", [uid("XX"), uid("AA")], date(2025, 6, 25),
        secret=False,
    )  # fmt: skip
    polls.cast_ballot(app, officer("BB"), first, [uid("AA")], date(2025, 6, 25))
    units.merge_unit(app, admin, "XX", "YY", date(2025, 7, 1))
    changes.take_over(app, admin, year, uid("XX"), uid("YY"), "Hợp nhất", date(2025, 7, 2))
    poll = polls.poll_of(app, first)
    assert poll.options == [uid("YY"), uid("AA")] and not poll.is_void
    polls.cast_ballot(app, officer("ZZ"), first, [uid("YY")], date(2025, 7, 2))
    result = polls.close_poll(app, officer("AA"), first, date(2025, 7, 2))
    assert result.tally == {uid("YY"): 1, uid("AA"): 1}


def test_a_chosen_candidate_voids_the_poll_and_a_withdrawn_one_is_removed(app, admin, year):
    chosen = polls.open_poll(
        app, officer("AA"), year, "leading", [uid("XX"), uid("AA"), uid("BB")],
        date(2025, 6, 25), secret=False,
    )  # fmt: skip
    polls.cast_ballot(app, officer("BB"), chosen, [uid("XX")], date(2025, 6, 25))
    units.dissolve_unit(app, admin, "XX", date(2025, 7, 1))
    changes.withdraw(app, admin, year, uid("XX"), "Giải thể", date(2025, 7, 2))
    assert polls.poll_of(app, chosen).is_void
    again = polls.open_poll(
        app, officer("AA"), year, "leading", [uid("AA"), uid("BB"), uid("ZZ")],
        date(2025, 7, 3), secret=False,
    )  # fmt: skip
    units.dissolve_unit(app, admin, "ZZ", date(2025, 7, 4))
    changes.withdraw(app, admin, year, uid("ZZ"), "Giải thể", date(2025, 7, 5))
    poll = polls.poll_of(app, again)
    assert poll.options == [uid("AA"), uid("BB")] and not poll.is_void


NEW_YY = "LĐLĐ tỉnh YY (sau hợp nhất)"


def _web(store_url, tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": store_url,
            "SECRET_KEY": "test",
            "SESSION_COOKIE_SECURE": False,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "TODAY": "2025-12-20",
            "LOGIN_LIMIT": "1000 per minute",
        }
    )


def _signed_in(flask_app, app, admin):
    """A page client (session) and an API client (token) of an auditor."""
    password = "mat-khau-kiem-toan-1"
    accounts.create_account(
        app, admin, "kiemtoan", "Kiểm toán viên", None, ["auditor"], password, date(2025, 1, 2)
    )
    who = accounts.principal_for(accounts.load_account(app, "kiemtoan"))
    token = accounts.issue_token(app, who, "test", date(2025, 1, 2))
    api = flask_app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    page = flask_app.test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get("/login").get_data(True))
    answer = page.post(
        "/login", data={"username": "kiemtoan", "password": password, "csrf_token": csrf[1]}
    )
    assert answer.status_code == 302
    return page, api


def test_as_of_30_06_shows_both_old_names_in_pages_api_and_the_pdf(
    app, admin, year, store_url, tmp_path
):
    poll_id = polls.open_poll(
        app, officer("AA"), year, "leading", None, date(2025, 6, 25), secret=False
    )
    polls.cast_ballot(app, officer("XX"), poll_id, [uid("YY")], date(2025, 6, 25))
    units.merge_unit(app, admin, "XX", "YY", date(2025, 7, 1))
    units.rename_unit(app, admin, "YY", NEW_YY, date(2025, 7, 1))
    changes.take_over(app, admin, year, uid("XX"), uid("YY"), "Hợp nhất", date(2025, 7, 3))
    x, y = uid("XX"), uid("YY")

    # the poll as of 30/06: X still a voter, its ballot in, the options' old names
    then_poll = poll_info(app, poll_id, day=date(2025, 6, 30))
    assert x.hex in then_poll["voters"] and then_poll["ballots_received"] == 1
    assert NAMES["YY"] in {o["name"] for o in then_poll["options"]}
    now_poll = poll_info(app, poll_id)
    assert x.hex not in now_poll["voters"] and NEW_YY in {o["name"] for o in now_poll["options"]}
    assert poll_info(app, poll_id, day=date(2025, 6, 24))["opened"] is False

    # the read model: as of 30/06, both members with the names of that day
    then = {r["unit"]: r["name"] for r in queries.standings(app, year, date(2025, 6, 30))["rows"]}
    assert then[x.hex] == NAMES["XX"] and then[y.hex] == NAMES["YY"]
    now = {r["unit"]: r["name"] for r in queries.standings(app, year)["rows"]}
    assert now[y.hex] == NEW_YY and NEW_YY in now[x.hex]  # "(hồ sơ do ... tiếp nhận)"
    info = queries.year(app, year, day=date(2025, 6, 30))
    assert {m["id"] for m in info["members"]} == {uid(c).hex for c in CODES}
    assert info["changes"] == []  # decided on 03/07

    flask_app = _web(store_url, tmp_path)
    try:
        page, api = _signed_in(flask_app, app, admin)
        # the year's page as of 30/06 (both forms of a day), and today's
        for asked in ("30/06/2025", "2025-06-30"):
            html = page.get(f"/years/{year.hex}?as_of={asked}").get_data(as_text=True)
            assert NAMES["XX"] in html and NAMES["YY"] in html and NEW_YY not in html
            assert "hồ sơ do" not in html and 'value="' + asked + '"' in html
        html = page.get(f"/years/{year.hex}").get_data(as_text=True)
        assert NEW_YY in html
        # a bad day: the Vietnamese error beside the picker, never ignored
        bad = page.get(f"/years/{year.hex}?as_of=31/02/2025")
        assert bad.status_code == 422 and "Ngày xem lại không hợp lệ" in bad.get_data(True)

        # the API, with the canonical (hyphenated) id in the path
        answer = api.get(f"/api/v1/years/{year}/standings?as_of=2025-06-30")
        assert answer.status_code == 200, answer.get_data(True)
        names = {r["name"] for r in answer.get_json()["rows"]}
        assert {NAMES["XX"], NAMES["YY"]} <= names and NEW_YY not in names
        members = api.get(f"/api/v1/years/{year}?as_of=2025-06-30").get_json()["members"]
        assert {m["name"] for m in members} >= {NAMES["XX"], NAMES["YY"]}
        assert api.get(f"/api/v1/years/{year}?as_of=30-06").status_code == 422

        # the units: Y's name, its predecessor and X's membership, as of 30/06 and now
        unit_y = api.get(f"/api/v1/units/{y}?as_of=2025-06-30").get_json()
        assert unit_y["name"] == NAMES["YY"] and unit_y["predecessors"] == []
        assert unit_y["id"] == str(y)
        unit_x = api.get(f"/api/v1/units/{x}?as_of=2025-06-30").get_json()
        assert unit_x["status"] == "active" and unit_x["successors"] == []
        assert [m["cluster"]["code"] for m in unit_x["memberships"]] == ["K1"]
        later = api.get(f"/api/v1/units/{y}?as_of=2025-07-01").get_json()
        assert later["name"] == NEW_YY
        assert [(p["code"], p["how"]) for p in later["predecessors"]] == [("XX", "merged")]
        x_later = api.get(f"/api/v1/units/{x}?as_of=01/07/2025").get_json()
        assert x_later["status"] == "merged" and x_later["successors"][0]["name"] == NEW_YY
        assert x_later["memberships"] == []
        listed = api.get("/api/v1/units?as_of=2025-06-30").get_json()
        assert {u["name"] for u in listed} >= {NAMES["XX"], NAMES["YY"]}
        html = page.get(f"/units/{y.hex}?as_of=30/06/2025").get_data(as_text=True)
        assert NAMES["YY"] in html and NEW_YY in html  # the name then; history shows the new
        html = page.get("/units?as_of=30/06/2025").get_data(as_text=True)
        assert NAMES["XX"] in html and NAMES["YY"] in html and NEW_YY not in html
        assert page.get(f"/units/{uid('NOPE').hex}").status_code == 404
        options = api.get(f"/api/v1/polls/{poll_id}?as_of=2025-06-30").get_json()["options"]
        assert NAMES["YY"] in {o["name"] for o in options}
        html = page.get(f"/polls/{poll_id.hex}?as_of=30/06/2025").get_data(as_text=True)
        assert NAMES["YY"] in html and NEW_YY not in html
    finally:
        flask_app.extensions[EXTENSION].close()

    # the year's PDF made as of 30/06: the same two names, no change decided yet
    collected = collect(app, year, day=date(2025, 6, 30))
    docs = {d.key: d for d in collected.docs}
    assert "changes" not in docs
    renderer = Renderer()
    pdf = write_pdf(
        [renderer.layout(docs["scores"].html)],
        title="Bảng điểm",
        author="Khối thi đua thử",
        when=date(2025, 6, 30),
        identifier=b"0" * 16,
    )
    words = " ".join(pdf_text(pdf, layout=False).split())
    assert NAMES["XX"] in words and NAMES["YY"] in words, words[:2000]
    assert "sau hợp nhất" not in words
    assert "hồ sơ do" not in words
    # made today instead: the successor's new name and the carried dossier
    today_docs = {d.key: d for d in collect(app, year).docs}
    assert NEW_YY in today_docs["changes"].html
