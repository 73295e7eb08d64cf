"""Access: every principal × every action × own unit / other unit / other cluster (term
review: own unit / a unit of the same federation / another federation), plus anonymous.

The expected policy is written below as data, from DOMAIN.md and the seeds — who may
do what — not read off the code. For each cell the API twin is called: an allowed
principal gets anything but 401/403 (2xx, or a 404/409/422 domain refusal with a
worded message: the case need not be in the right state); a forbidden one gets 403
`auth.forbidden` or another refusal of the asker (REFUSED_AS_FORBIDDEN; 401 when
anonymous) and the store is unchanged. After a cell that
stored something, the store is put back (a copy of the SQLite files). A sample goes
through the HTML forms with their CSRF token, and every GET page is read by every
principal against the read policy.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.org.unit import Unit
from service.platform.app import ThiduaApplication
from service.platform.wording import CATALOGUE
from service.polls import polls
from tests.reliability.access_site import (
    PRINCIPALS,
    AccessSite,
    build_access_site,
    officer,
)
from tests.web.examples import examples, flask_path
from tests.web.site import Demos, csrf_of, unit
from web.site.registry import ACTIONS

# -- who is who (see access_site.py) ---------------------------------------------------
BGPB_MEMBERS = {"chair", "vice", "vice16", "member", "hg_steering"}  # officers of BGPB's units
SIGNED_IN = set(PRINCIPALS) - {"anonymous"}
ADMIN = {"admin"}

# -- targets: the same action on a case of "our" cluster / federation and of another --
# scope -> (path values, body changes); filled with the fixture's ids in `targets()`.
# Policy: action -> [(scope, who may)]; everyone else is refused. One row per action.
CHAIR16 = {"admin", "vice"}  # the 2016 chair (Lào Cai, elected) — or the administrator
OTHER_CHAIR = {"admin", "other"}  # Thái Bình chairs DBSH's 2016
POLICY: dict[str, list[tuple[str, set[str]]]] = {
    # The chair drafts and adopts criteria and plan, registers with TLĐ, sends the
    # compiled report, reopens windows (seed 000 table; DOMAIN "Late work").
    **{a: [("y16", CHAIR16), ("other_year", OTHER_CHAIR)] for a in (
        "years.draft_criteria", "years.adopt_criteria", "years.set_plan_task", "years.adopt_plan",
        "years.register_with_tld", "years.send_compiled_report", "years.reopen_window",
        "years.name_signers")},
    # Members comment, sign the pact, report their tasks and keep their own dossier;
    # the administrator is not a member and speaks for no unit.
    **{a: [("y16", BGPB_MEMBERS), ("other_year", {"other"})] for a in (
        "years.comment_criteria", "years.sign_pact", "years.report_task", "dossiers.register",
        "dossiers.submit_report", "dossiers.self_score")},
    # The chair's team (chair + vice-chair) appraises each member, never its own unit.
    "dossiers.appraise": [("y16/LANGSON", {"vice", "vice16"}), ("y16/LAOCAI", {"vice16"}),
                          ("y16/DIENBIEN", {"vice"}), ("other_year/NAMDINH", {"other"})],
    # Decisions on organisation changes that reach an open year: its chair, or the
    # administrator (service/year/changes.py, may_decide).
    **{a: [("y16", CHAIR16), ("other_year", OTHER_CHAIR)] for a in (
        "changes.take_over", "changes.withdraw_member", "changes.admit_to_year")},
    # A cluster's regulation: the administrator or the chair of the cluster's latest year
    # drafts and adopts (BGPB: Lào Cai, chair of 2016); its member units comment.
    **{a: [("BGPB", CHAIR16), ("DBSH", OTHER_CHAIR)] for a in (
        "regulations.draft_regulation", "regulations.adopt_regulation")},
    "regulations.comment_regulation": [("BGPB", BGPB_MEMBERS), ("DBSH", {"other"})],
    # Polls: the chair (or an administrator setting up) opens; each member unit votes
    # for itself; the chair files absent members' written votes, the counting
    # committee's paper tally and closes (at the conference, so not the administrator).
    "polls.open_poll": [("y16", CHAIR16), ("other_year", OTHER_CHAIR)],
    "polls.cast_ballot": [("poll16", BGPB_MEMBERS), ("other_poll", {"other"})],
    **{a: [("poll16", {"vice"}), ("other_poll", {"other"})] for a in (
        "polls.cast_absentee_ballot", "polls.record_paper_tally", "polls.close_poll")},
    # The award proposal is the chair's (2015: Cao Bằng); TLĐ records receipt and decision.
    **{a: [("y15", {"admin", "chair"}), ("other_year", OTHER_CHAIR)] for a in (
        "awards.propose", "awards.withdraw", "awards.submit")},
    **{a: [("y15", {"admin", "tld"}), ("other_year", {"admin", "tld"})] for a in (
        "awards.record_receipt", "awards.record_decision")},
    # Term review: the steering committee of *that* federation (the role without a
    # unit: any federation) sets up the term and campaign; an appointed member acts on
    # its campaign only; never an auditor.
    "reviews.open_term": [("LANGSON", {"admin", "steering"}),
                          ("HAGIANG", {"admin", "steering", "hg_steering"})],
    **{a: [("ls_term", {"admin", "steering"}), ("hg_term", {"admin", "steering", "hg_steering"})]
       for a in ("reviews.add_target", "reviews.add_programme", "reviews.plan_review",
                 "reviews.end_term", "reviews.begin_term")},
    **{a: [("ls_campaign", {"admin", "steering", "appointed"}),
           ("hg_campaign", {"admin", "steering", "hg_steering"})] for a in (
        "reviews.appoint_steering_member", "reviews.relieve_steering_member",
        "reviews.schedule_milestone", "reviews.add_participant", "reviews.compile_report",
        "reviews.present_to_committee", "reviews.record_survey_finding",
        "reviews.submit_to_confederation", "reviews.close_review",
        "reviews.take_over_participant", "reviews.withdraw_participant")},
    # A unit drafts and submits its own report only.
    **{a: [("ls/LS-VANQUAN", {"district"}), ("ls/LS-DIENLUC", {"grassroots"}),
           ("hg/HG-BACQUANG", {"hg_district"})] for a in (
        "reviews.draft_report", "reviews.submit_review_report")},
    # Reviewers (the role without a unit: any federation), the steering committee of
    # that federation, or an appointed member of that campaign return or accept reports.
    **{a: [("ls/LS-VANQUAN", {"admin", "steering", "reviewer", "appointed"}),
           ("hg/HG-BACQUANG", {"admin", "steering", "reviewer", "hg_steering"})] for a in (
        "reviews.return_report", "reviews.accept_report")},
    # Accounts, units, clusters, years: the administrator only.
    **{a: [("-", ADMIN)] for a in (
        "admin.create_account", "admin.set_roles", "admin.disable_account", "admin.enable_account",
        "admin.reset_password", "admin.register_unit", "admin.rename_unit", "admin.move_unit",
        "admin.merge_unit", "admin.merge_into_new", "admin.split_unit", "admin.dissolve_unit",
        "admin.establish_cluster", "admin.admit_member",
        "admin.remove_member")},
    # Corrected after the first run: the vice-chair opens next year to draft its
    # criteria (DOMAIN "next year's by the vice-chair"; the demo's Lào Cai opens 2016),
    # so 2016's vice-chair Điện Biên may open BGPB's 2017.
    "admin.open_year": [("-", {"admin", "vice16"})],
    # One's own account: everyone signed in.
    **{a: [("-", SIGNED_IN)] for a in (
        "account.change_password", "account.issue_token", "account.revoke_token")},
}  # fmt: skip

# -- reading: every GET page and API read ----------------------------------------------
# Policy: the union's emulation and review records are open read-only to every
# signed-in account, members of other clusters included (clusters do not compete with
# one another; standings and awards are published); what must never be read is a
# secret ballot's choice (test_ballot_secrecy.py). The audit trail and the accounts
# page: administrators and auditors. The signed bundle for TLĐ (PDF): administrators,
# auditors, TLĐ and the year's chair's office. Anonymous: the sign-in page, the health
# check, the API's description and the home page (a sign-in invitation, no case data) only.
# A refusal of who is asking: the generic one, or one worded for the case (an appraiser's
# own unit: "Đơn vị không được thẩm định hồ sơ của chính mình.").
REFUSED_AS_FORBIDDEN = {"auth.forbidden", "dossier.self_appraisal"}
PUBLIC_PAGES = {"auth.login", "health.healthz", "api.openapi", "static", "home.index"}
AUDIT_PAGES = {"admin.index", "api.get_timeline"}  # and every page of the audit blueprint
BUNDLE_READERS = {
    "y15": {"admin", "auditor", "tld", "chair", "vice"},
    "y16": {"admin", "auditor", "tld", "vice", "vice16"},
    "other_year": {"admin", "auditor", "tld", "other"},
}
READERS_OF: dict[str, dict[str, set[str]]] = {
    "bundles.download": BUNDLE_READERS,
    "bundles.download_package": BUNDLE_READERS,
    "bundles.status": BUNDLE_READERS,
    # a committee member's own officer only: none of these polls has a committee
    "ceremony.material": {"poll15": set(), "poll16": set(), "other_poll": set()},
}


def operations() -> dict[str, Any]:
    return {f"{bp}.{a.name}": a for bp, a in ACTIONS}


@pytest.fixture(scope="module")
def module_ballot_key(tmp_path_factory: pytest.TempPathFactory, demos: Demos) -> Iterator[Path]:
    yield from demos.module_key(tmp_path_factory)


@pytest.fixture(scope="module")
def access(
    module_ballot_key: Path, tmp_path_factory: pytest.TempPathFactory, demos: Demos
) -> Iterator[AccessSite]:
    yield from build_access_site(demos, tmp_path_factory.mktemp("access"), module_ballot_key)


@pytest.fixture(autouse=True)
def ballot_key(module_ballot_key: Path) -> Path:
    """The module's store outlives a test: one ballot key (it also seals passwords)."""
    return module_ballot_key


def ids(access: AccessSite) -> dict[str, str]:
    s, e = access.site.summary, access.extra
    return {
        "y15": s["year_id"].hex,
        "y16": s["next_year_id"].hex,
        "other_year": e["other_year"].hex,
        "poll15": s["polls"]["leading"].hex,
        "poll16": e["poll16"].hex,
        "other_poll": e["other_poll"].hex,
        "ls_term": s["review"]["term_id"].hex,
        "hg_term": e["hg_term"].hex,
        "ls_campaign": s["review"]["campaign_id"].hex,
        "hg_campaign": e["hg_campaign"].hex,
    }


def target(
    access: AccessSite, name: str, scope: str, args: dict[str, Any], body: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The example call of `name` moved onto `scope`'s case."""
    i, args, body = ids(access), dict(args), dict(body)
    head, _, tail = scope.partition("/")
    if "year_id" in args and head in i:
        args["year_id"] = i[head]
    if "unit" in args and tail:
        args["unit"] = unit(tail)
    if "poll_id" in args:
        args["poll_id"] = i[head]
        ballot = "choices" in body  # a ballot names its choices; closing or a tally does not
        if head == "other_poll":
            body = {**body, "choices": [unit("NAMDINH")]} if ballot else body
            if "voter" in body:
                body["voter"] = unit("NAMDINH")
        elif head == "poll16":
            body = {**body, "choices": [unit("LANGSON")]} if ballot else body
            if "voter" in body:
                body["voter"] = unit("QUANGNINH")
    if name == "reviews.open_term":
        body["federation_code"] = scope
    if "code" in args:  # a cluster's code
        args["code"] = scope
    if "term_id" in args:
        args["term_id"] = i[scope]
    if "campaign_id" in args:
        args["campaign_id"] = i["hg_campaign" if head in ("hg", "hg_campaign") else "ls_campaign"]
    if "unit_code" in args and tail:
        args["unit_code"] = tail
    if name == "reviews.add_participant" and head == "hg_campaign":
        body["unit_code"] = "HG-BACQUANG"
    return args, body


def is_worded(code: str | None) -> bool:
    return code is None or code in CATALOGUE or code in ("validation",)


def test_every_action_has_a_policy_row() -> None:
    names = set(operations())
    assert names - set(POLICY) == set(), "actions with no policy row"
    assert set(POLICY) - names == set(), "policy rows for actions that do not exist"


def test_every_principal_on_every_action_and_scope(access: AccessSite) -> None:
    data, problems = examples(access.site), []
    cells = allowed_cells = stored = 0
    started = time.monotonic()
    for name, action in sorted(operations().items()):
        _, base_args, base_body = data[name]
        for scope, allowed in POLICY[name]:
            args, body = target(access, name, scope, base_args, base_body)
            path = "/api/v1" + flask_path(action.rule, args)
            for who in PRINCIPALS:
                before = access.head()
                response = access.client(who).post(path, json=body)
                after = access.head()
                cells += 1
                status = response.status_code
                code = (response.get_json(silent=True) or {}).get("code")
                if who in allowed:
                    allowed_cells += 1
                    if status in (401, 403) or status >= 500 or not is_worded(code):
                        problems.append(f"{name} [{scope}] as {who}: allowed, got {status} {code}")
                elif who == "anonymous":
                    if status != 401 or after != before:
                        problems.append(f"{name} [{scope}] anonymous: {status}, {before}->{after}")
                elif status != 403 or code not in REFUSED_AS_FORBIDDEN or after != before:
                    problems.append(
                        f"{name} [{scope}] as {who}: forbidden, got {status} {code},"
                        f" events {before}->{after}"
                    )
                if after != before:
                    stored += 1
                    access.restore()
    elapsed = time.monotonic() - started
    print(
        f"\naccess matrix: {cells} cells ({allowed_cells} allowed, {stored} stored and "
        f"restored), {len(PRINCIPALS)} principals, {len(POLICY)} actions, {elapsed:.1f} s"
    )
    assert not problems, f"{len(problems)} of {cells} cells wrong:\n" + "\n".join(problems)
    assert cells >= 1500 and stored >= 100  # the matrix ran, and allowed cells did act


# -- the form face: a sample through the HTML forms with their CSRF token ------------
FORM_SAMPLE = [  # (principal, action, scope, form fields, allowed)
    ("member", "dossiers.register", "y16", {"title": "Cờ thi đua", "commitments": "Phát triển"}, True),
    ("other", "dossiers.register", "y16", {"title": "Cờ thi đua", "commitments": "Phát triển"}, False),
    ("member", "years.adopt_criteria", "y16", {"version": "1"}, False),
    ("vice", "years.adopt_plan", "y16", {}, True),
    ("chair", "years.adopt_plan", "y16", {}, False),
    ("other", "years.adopt_plan", "other_year", {}, True),
    ("tld", "awards.record_receipt", "y15", {"reference": "Vào sổ 2"}, True),
    ("chair", "awards.record_receipt", "y15", {"reference": "Vào sổ 2"}, False),
    ("grassroots", "reviews.submit_review_report", "ls/LS-VANQUAN", {}, False),
    ("hg_steering", "reviews.accept_report", "ls/LS-VANQUAN", {}, False),
    ("appointed", "reviews.accept_report", "ls/LS-VANQUAN", {}, True),
    ("auditor", "reviews.accept_report", "ls/LS-VANQUAN", {}, False),
]  # fmt: skip


def test_a_sample_through_the_forms(access: AccessSite) -> None:
    data, problems = examples(access.site), []
    for who, name, scope, fields, allowed in FORM_SAMPLE:
        action = operations()[name]
        args, _ = target(access, name, scope, data[name][1], {})
        path = flask_path(action.rule, args)
        client, token = access.login(who)
        before = access.head()
        response = client.post(path, data={**fields, "csrf_token": token})
        after = access.head()
        if allowed and response.status_code in (401, 403, 400):
            problems.append(f"{who} {name}: allowed, got {response.status_code}")
        if not allowed:
            text = response.get_data(as_text=True)
            if response.status_code != 403 or after != before:
                problems.append(f"{who} {name}: forbidden, got {response.status_code}")
            elif "Bạn không có quyền thực hiện thao tác này." not in text and who != "auditor":
                problems.append(f"{who} {name}: 403 without the Vietnamese refusal")
        anonymous = access.site.app.test_client().post(path, data={**fields, "csrf_token": token})
        if anonymous.status_code not in (302, 400) or access.head() != after:
            problems.append(f"anonymous {name}: {anonymous.status_code}")
        if after != before:
            access.restore()
    assert not problems, "\n".join(problems)


# -- the counting committee's steps: forms whose answer is a file, not actions --------
COMMITTEE_STEPS = ("begin", "deal", "finish", "decrypt", "partial", "answer")
COMMITTEE_OFFICERS = {"chair", "vice"}  # Cao Bằng and Lào Cai: the eg1 poll's committee


def test_committee_steps_only_by_a_members_own_officer(access: AccessSite) -> None:
    """Each step of the key ceremony and the partial decryption (web/polls/ceremony.py):
    a committee member's own officer may (its form, then anything but 401/403/5xx);
    every other principal gets 403 and stores nothing; anonymous goes to sign in."""
    app = ThiduaApplication(access.site.url)
    try:
        poll = polls.open_poll(
            app, officer("LAOCAI"), access.site.summary["next_year_id"], "leading",
            [Unit.id_for("LANGSON"), Unit.id_for("HAGIANG")], date(2016, 1, 8), secret=True,
            committee=[Unit.id_for("CAOBANG"), Unit.id_for("LAOCAI")], threshold=2,
        )  # fmt: skip
    finally:
        app.close()
    problems = []
    try:
        for who in PRINCIPALS:
            if who == "anonymous":
                client = access.site.app.test_client()
                token = csrf_of(client.get("/login").get_data(as_text=True))
            else:
                client, token = access.login(who)
            for step in COMMITTEE_STEPS:
                path = f"/polls/{poll.hex}/committee/{step}"
                before = access.head()
                page = client.get(path).status_code
                form = {"csrf_token": token, "passphrase": "x" * 20, "passphrase2": "x" * 20}
                posted = client.post(path, data=form).status_code
                after = access.head()
                if who in COMMITTEE_OFFICERS:
                    if page != 200 or posted in (400, 401, 403) or posted >= 500:
                        problems.append(f"{step} as {who}: may, got {page}/{posted}")
                elif who == "anonymous":
                    if page != 302 or posted not in (302, 400) or after != before:
                        problems.append(f"{step} anonymous: {page}/{posted}")
                elif page != 403 or posted != 403 or after != before:
                    problems.append(f"{step} as {who}: may not, got {page}/{posted}")
    finally:
        access.restore()
    assert not problems, "\n".join(problems)


# -- reading ---------------------------------------------------------------------------
def get_routes(access: AccessSite) -> list[tuple[str, str, str]]:
    """(endpoint, scope, path) for every GET-only page and API read, parameters filled."""
    i, found = ids(access), []
    for rule in access.site.app.url_map.iter_rules():
        methods = rule.methods or set()
        if "GET" not in methods or "POST" in methods or rule.endpoint == "static":
            continue
        variants: list[tuple[str, dict[str, Any]]] = [("-", {})]
        if "year_id" in rule.arguments:
            variants = [(k, {"year_id": i[k]}) for k in ("y15", "y16", "other_year")]
        elif "poll_id" in rule.arguments:
            variants = [(k, {"poll_id": i[k]}) for k in ("poll15", "poll16", "other_poll")]
        elif "campaign_id" in rule.arguments:
            variants = [(k, {"campaign_id": i[k]}) for k in ("ls_campaign", "hg_campaign")]
        elif "case_id" in rule.arguments:
            variants = [("y15", {"case_id": i["y15"], "position": 400})]
        elif "code" in rule.arguments:
            variants = [(k, {"code": k}) for k in ("BGPB", "DBSH")]
        for scope, values in variants:
            values = {
                "unit": unit("LANGSON"),
                "unit_id": unit("LANGSON"),
                "unit_code": "LS-VANQUAN",
                "sha256": stored_file(access),
                **values,
            }
            if scope == "other_year":
                values["unit"] = unit("THAIBINH")
            if scope == "hg_campaign":
                values["unit_code"] = "HG-BACQUANG"
            found.append((rule.endpoint, scope, flask_path(rule.rule, values)))
    return found


def stored_file(access: AccessSite) -> str:
    store = access.site.app.extensions["thidua.uploads"]
    return str(store.save("bien-ban.pdf", PDF).reference()["sha256"])


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def readers(endpoint: str, scope: str) -> set[str]:
    if endpoint in PUBLIC_PAGES:
        return set(PRINCIPALS)
    if endpoint in AUDIT_PAGES or endpoint.startswith("audit."):
        return {"admin", "auditor"}
    if endpoint in READERS_OF:
        return READERS_OF[endpoint][scope]
    return SIGNED_IN


def test_every_page_and_read_by_every_principal(access: AccessSite) -> None:
    routes, problems, cells = get_routes(access), [], 0
    assert len(routes) > 40
    browsers = {who: access.login(who)[0] for who in PRINCIPALS if who != "anonymous"}
    browsers["anonymous"] = access.site.app.test_client()
    started = time.monotonic()
    for endpoint, scope, path in routes:
        for who in PRINCIPALS:
            client = access.client(who) if path.startswith("/api/") else browsers[who]
            response = client.get(path)
            status, cells = response.status_code, cells + 1
            if who in readers(endpoint, scope):
                if status in (401, 403) or status >= 500 or (who == "anonymous" and status == 302):
                    problems.append(f"{path} ({endpoint}) as {who}: may read, got {status}")
            elif who == "anonymous":
                login = status == 302 and "/login" in response.headers.get("Location", "")
                if not (login or status == 401):
                    problems.append(f"{path} ({endpoint}) anonymous: {status}")
            elif status != 403:
                problems.append(f"{path} ({endpoint}) as {who}: may not read, got {status}")
    print(
        f"\nread matrix: {len(routes)} GET paths × {len(PRINCIPALS)} principals = {cells} "
        f"cells, {time.monotonic() - started:.1f} s"
    )
    assert not problems, "\n".join(problems)
