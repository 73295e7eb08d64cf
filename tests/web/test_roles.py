"""Each role is refused each action it may not take: 403 (JSON code auth.forbidden) and
nothing stored; the form face answers 403 too. Who may act comes from the service
(the year's chair and vice-chair from events), checked once there."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.web.examples import examples, flask_path
from tests.web.site import ROLE_ACCOUNTS, Site
from web.site.registry import ACTIONS

UNIT_HOLDERS = {"chair", "vice", "member"}  # officers of cluster members (BGPB)
CHAIR16 = {"vice"}  # Lào Cai: vice-chair in 2015, elected chair of 2016
ADMIN_OR_CHAIR16 = {"admin", "vice"}
STEERING = {"admin", "steering"}
ALLOWED: dict[str, set[str]] = {
    "years.draft_criteria": ADMIN_OR_CHAIR16,
    "years.adopt_criteria": ADMIN_OR_CHAIR16,
    "years.comment_criteria": UNIT_HOLDERS,
    "years.sign_pact": UNIT_HOLDERS,
    "years.set_plan_task": ADMIN_OR_CHAIR16,
    "years.adopt_plan": ADMIN_OR_CHAIR16,
    "years.register_with_tld": ADMIN_OR_CHAIR16,
    "years.name_signers": ADMIN_OR_CHAIR16,
    "years.send_compiled_report": ADMIN_OR_CHAIR16,
    "years.reopen_window": ADMIN_OR_CHAIR16,
    "years.report_task": UNIT_HOLDERS,
    "dossiers.register": UNIT_HOLDERS,
    "dossiers.submit_report": UNIT_HOLDERS,
    "dossiers.self_score": UNIT_HOLDERS,
    "dossiers.appraise": CHAIR16,
    "changes.take_over": ADMIN_OR_CHAIR16,
    "changes.withdraw_member": ADMIN_OR_CHAIR16,
    "changes.admit_to_year": ADMIN_OR_CHAIR16,
    # the cluster's regulation: the administrator and the chair of its latest year (2016)
    "regulations.draft_regulation": ADMIN_OR_CHAIR16,
    "regulations.adopt_regulation": ADMIN_OR_CHAIR16,
    "regulations.comment_regulation": UNIT_HOLDERS,
    "polls.open_poll": ADMIN_OR_CHAIR16,
    # any unit may try to vote; the poll refuses non-voters itself (409 poll.not_eligible / closed)
    "polls.cast_ballot": UNIT_HOLDERS | {"tld", "district"},
    "polls.cast_absentee_ballot": {"chair"},
    "polls.record_paper_tally": {"chair"},
    "polls.close_poll": {"chair"},
    "awards.propose": {"admin", "chair"},
    "awards.withdraw": {"admin", "chair"},
    "awards.submit": {"admin", "chair"},
    "awards.record_receipt": {"admin", "tld"},
    "awards.record_decision": {"admin", "tld"},
    "reviews.open_term": STEERING,
    "reviews.add_target": STEERING,
    "reviews.add_programme": STEERING,
    "reviews.plan_review": STEERING,
    "reviews.appoint_steering_member": STEERING,
    "reviews.relieve_steering_member": STEERING,
    "reviews.schedule_milestone": STEERING,
    "reviews.add_participant": STEERING,
    "reviews.compile_report": STEERING,
    "reviews.present_to_committee": STEERING,
    "reviews.record_survey_finding": STEERING,
    "reviews.submit_to_confederation": STEERING,
    "reviews.end_term": STEERING,
    "reviews.begin_term": STEERING,
    "reviews.close_review": STEERING,
    "reviews.take_over_participant": STEERING,
    "reviews.withdraw_participant": STEERING,
    "reviews.draft_report": {"district"},
    "reviews.submit_review_report": {"district"},
    "reviews.return_report": {"admin", "steering", "reviewer"},
    "reviews.accept_report": {"admin", "steering", "reviewer"},
}
EVERYONE = {"account.change_password", "account.issue_token", "account.revoke_token"}


def operations() -> dict[str, Any]:
    return {f"{bp}.{a.name}": a for bp, a in ACTIONS}


def test_every_action_has_a_rule_of_access() -> None:
    names = set(operations())
    admin_only = {n for n in names if n.startswith("admin.")}
    assert names == set(ALLOWED) | EVERYONE | admin_only


def test_each_role_is_refused_each_action_it_may_not_take(site: Site) -> None:
    data, problems, checked = examples(site), [], 0
    for name, action in sorted(operations().items()):
        if name in EVERYONE:
            continue
        allowed = ALLOWED.get(name, {"admin"})
        _, args, body = data[name]
        path = "/api/v1" + flask_path(action.rule, args)
        for role in sorted(set(ROLE_ACCOUNTS) - allowed):
            before = site.head()
            response = site.api(role).post(path, json=body)
            after = site.head()
            checked += 1
            got = (response.status_code, (response.get_json() or {}).get("code"))
            if got != (403, "auth.forbidden") or after != before:
                problems.append(f"{name} as {role}: {got}, events {before}->{after}")
    assert not problems, "\n".join(problems)
    assert checked > 300


def test_the_form_face_refuses_too_and_stores_nothing(site: Site) -> None:
    client, token = site.login("member")
    before = site.head()
    response = client.post(
        f"/years/{site.year16}/criteria/adopt", data={"version": "1", "csrf_token": token}
    )
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.get_data(as_text=True)
    assert site.head() == before


def test_an_auditor_reads_everything_and_is_offered_no_form(site: Site) -> None:
    client, token = site.login("auditor")
    year = client.get(f"/years/{site.year15}")
    assert year.status_code == 200
    html = year.get_data(as_text=True)
    assert "Bảng điểm và xếp hạng" in html
    assert "/self-score" not in html and "/criteria/draft" not in html and "/appraise" not in html
    assert client.get(f"/years/{site.year16}/register").status_code == 403
    assert client.get(f"/reviews/{site.summary['review']['campaign_id'].hex}").status_code == 200
    before = site.head()
    posted = client.post(
        f"/years/{site.year16}/register",
        data={"title": "x", "commitments": "y", "csrf_token": token},
    )
    assert posted.status_code == 403
    assert site.head() == before


def test_an_auditor_is_never_appointed_to_a_steering_committee(sqlite_site: Site) -> None:
    from service.platform.app import ThiduaApplication
    from service.platform.auth import SYSTEM_PRINCIPAL
    from service.review import reviews

    campaign = sqlite_site.summary["review"]["campaign_id"]
    app = ThiduaApplication(sqlite_site.url)
    try:  # a campaign still open, so the appointment itself would be allowed
        term = reviews.open_term(
            app, SYSTEM_PRINCIPAL, "LANGSON", "XVI", "XVI", 2018, 2023, date(2018, 7, 1), "NQ"
        )
        campaign = reviews.plan_review(
            app, SYSTEM_PRINCIPAL, term, "Sơ kết XVI", date(2020, 12, 31), date(2020, 11, 1)
        )
    finally:
        app.close()
    body = {"account": "kiemtoan", "name": "Kiểm toán", "role": "member", "position": ""}
    sqlite_site.app.config["TODAY"] = "2020-11-05"  # acting on a review planned on 01/11/2020
    before = sqlite_site.head()
    refused = sqlite_site.api("admin").post(f"/api/v1/reviews/{campaign.hex}/steering", json=body)
    assert refused.status_code == 409 and refused.get_json()["code"] == "account.auditor_exclusive"
    assert sqlite_site.head() == before


def test_accounts_and_the_audit_trail_are_read_by_administrators_and_auditors_only(
    site: Site,
) -> None:
    member, _ = site.login("member")
    assert member.get("/admin").status_code == 403
    assert site.api("member").get("/api/v1/timeline").status_code == 403
    for role in ("admin", "auditor"):
        client, _ = site.login(role)
        assert client.get("/admin").status_code == 200
        assert site.api(role).get("/api/v1/timeline?limit=5").status_code == 200
