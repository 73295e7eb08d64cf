"""Valid data from the demo for every action of the API: who calls it, the path's
values and the JSON body. Used by the OpenAPI walk and by the refusal matrix."""

from __future__ import annotations

import re
from typing import Any

from domain.org.unit import Unit
from tests.web.site import PASSWORD, Site, unit

CRITERIA_ROWS = [
    {
        "section": "I",
        "section_title": "Công tác tuyên truyền",
        "code": "1.1",
        "title": "Tuyên truyền chủ trương, nghị quyết",
        "max_points": "10",
        "kind": "standard",
    },
    {
        "section": "II",
        "section_title": "Điểm thưởng",
        "code": "T.1",
        "title": "Mô hình mới",
        "max_points": "5",
        "kind": "bonus",
    },
]
TEXT = "Nội dung thử nghiệm"
# a regulation draft through the API: the draft form's flat fields
REGULATION_DRAFT = {
    "decree": "Nghị định số 152/2025/NĐ-CP",
    "union_decision": "Quyết định số 999/QĐ-TLĐ",
    "quorum": "2/3",
    "absentee_votes": "count",
    **{f"{k}_{f}": v for k in ("leading", "chair", "vice_chair")
       for f, v in (("mode", "more"), ("share", "2/3"), ("basis", "members"))},
    "award1_code": "tld_flag",
    "award1_name": "Cờ thi đua của Tổng Liên đoàn",
    "award1_cap_count": 1,
    "award1_mode": "least",
    "award1_share": "90 %",
    "award1_basis": "members",
    "secret_ballot": "yes",
    "rotation": "vice_to_chair",
    "tie_break_1": "appraised_total",
    "tie_break_2": "bonus",
    "late_entry_days": 7,
}  # fmt: skip


def examples(site: Site) -> dict[str, tuple[str, dict[str, Any], dict[str, Any]]]:
    """operationId -> (role, path values, body)."""
    y15, y16 = {"year_id": site.year15}, {"year_id": site.year16}
    polls = {k: v.hex for k, v in site.summary["polls"].items()}
    review = site.summary["review"]
    campaign = {"campaign_id": review["campaign_id"].hex}
    term = {"term_id": review["term_id"].hex}
    report = {**campaign, "unit_code": "LS-VANQUAN"}
    leading = {"poll_id": polls["leading"]}
    return {
        "years.draft_criteria": ("vice", y16, {"rows": CRITERIA_ROWS}),
        "years.adopt_criteria": ("vice", y16, {"version": 1}),
        "years.comment_criteria": ("member", y16, {"version": 1, "text": TEXT}),
        "years.sign_pact": ("member", y16, {}),
        "years.set_plan_task": (
            "vice",
            y16,
            {
                "key": "workshop",
                "number": "6",
                "content": "Hội thảo thi đua",
                "role": "chair_and_members",
                "start": "15/05/2016",
                "end": "2016-06-15",
            },
        ),
        "years.adopt_plan": ("vice", y16, {}),
        "years.register_with_tld": ("vice", y16, {"reference": "Số 01/CTĐ"}),
        "years.name_signers": ("vice", y16, {"secretary_name": "Nông Thị Mai"}),
        "years.send_compiled_report": (
            "vice",
            y16,
            {"kind": "midyear", "summary": TEXT, "attachments": []},
        ),
        "years.reopen_window": (
            "vice",
            y16,
            {
                "task": "member_registration",
                "until": "01/03/2016",
                "reason": "Đơn vị đề nghị gia hạn",
            },
        ),
        "years.report_task": ("member", y16, {"task": "rollout", "note": TEXT}),
        "changes.take_over": (
            "vice",
            y16,
            {"unit": unit("LAICHAU"), "successor": unit("LAOCAI"), "reason": TEXT},
        ),
        "changes.withdraw_member": ("vice", y16, {"unit": unit("LAICHAU"), "reason": TEXT}),
        "changes.admit_to_year": ("vice", y16, {"unit": unit("LAICHAU"), "reason": TEXT}),
        "dossiers.register": (
            "member",
            y16,
            {"title": "Cờ thi đua", "commitments": ["Phát triển đoàn viên"]},
        ),
        "dossiers.submit_report": (
            "member",
            y16,
            {"kind": "midyear", "summary": TEXT, "attachments": []},
        ),
        "dossiers.self_score": (
            "member",
            y16,
            {"rows": [{"criterion": "1.1", "points": "9,5", "evidence": TEXT}]},
        ),
        "dossiers.appraise": (
            "vice",
            {**y16, "unit": unit("LANGSON")},
            {"rows": [{"criterion": "1.1", "points": "9", "reason": TEXT}]},
        ),
        "regulations.draft_regulation": ("vice", {"code": "BGPB"}, REGULATION_DRAFT),
        "regulations.comment_regulation": (
            "member",
            {"code": "BGPB"},
            {"version": 2, "text": TEXT},
        ),
        "regulations.adopt_regulation": (
            "vice",
            {"code": "BGPB"},
            {"version": 2, "effective_on": "10/01/2016", "reason": TEXT},
        ),
        "polls.open_poll": (
            "vice",
            y16,
            {"kind": "leading", "options": [unit("LANGSON")], "method": "electronic"},
        ),
        "polls.cast_ballot": ("member", leading, {"choices": [unit("QUANGNINH")]}),
        "polls.cast_absentee_ballot": (
            "chair",
            leading,
            {"voter": unit("DIENBIEN"), "choices": [unit("QUANGNINH")]},
        ),
        "polls.record_paper_tally": (
            "chair",
            {"poll_id": polls["vice"]},
            {
                "issued": 6,
                "returned": 6,
                "valid": 6,
                "invalid": 0,
                "counts": [
                    {"option": unit("DIENBIEN"), "votes": 4},
                    {"option": unit("LAICHAU"), "votes": 2},
                ],
            },
        ),
        "polls.close_poll": ("chair", leading, {}),
        "awards.propose": ("chair", y15, {"award": "tld_merit", "unit_code": "HAGIANG"}),
        "awards.withdraw": ("chair", y15, {"award": "tld_merit", "unit_code": "LAOCAI"}),
        "awards.submit": ("chair", y15, {"reference": "Số 02/TTr"}),
        "awards.record_receipt": ("tld", y15, {"reference": "Vào sổ 1"}),
        "awards.record_decision": (
            "tld",
            y15,
            {"award": "tld_merit", "unit_code": "LAOCAI", "granted": True, "reference": "QĐ 1"},
        ),
        "account.change_password": (
            "district",
            {},
            {"current": PASSWORD, "new": "mat-khau-moi-2016"},
        ),
        "account.issue_token": ("member", {}, {"label": "máy chủ báo cáo"}),
        "account.revoke_token": ("member", {}, {"token_sha256": "0" * 64}),
        "admin.create_account": (
            "admin",
            {},
            {
                "username": "moi",
                "display_name": "Người mới",
                "unit_code": "HAGIANG",
                "roles": [],
                "password": PASSWORD,
            },
        ),
        "admin.set_roles": ("admin", {}, {"username": "langson", "roles": ["reviewer"]}),
        "admin.disable_account": ("admin", {}, {"username": "thamdinh", "reason": "Nghỉ hưu"}),
        "admin.enable_account": ("admin", {}, {"username": "thamdinh"}),
        "admin.reset_password": (
            "admin",
            {},
            {"username": "thamdinh", "password": "mat-khau-dat-lai"},
        ),
        "admin.register_unit": (
            "admin",
            {},
            {
                "code": "LS-MOI",
                "kind": "district",
                "name": "LĐLĐ huyện Mới",
                "parent_code": "LANGSON",
                "on": "01/01/2016",
            },
        ),
        "admin.rename_unit": (
            "admin",
            {},
            {"code": "LS-CAOLOC", "name": "LĐLĐ huyện Cao Lộc mới", "on": "01/01/2016"},
        ),
        "admin.move_unit": (
            "admin",
            {},
            {"code": "LS-CHILANG", "parent_code": "TLD", "on": "01/01/2016"},
        ),
        "admin.merge_unit": (
            "admin",
            {},
            {"code": "LS-VANLANG", "into_code": "LS-VANQUAN", "on": "01/01/2016"},
        ),
        "admin.dissolve_unit": ("admin", {}, {"code": "LS-LOCBINH", "on": "01/01/2016"}),
        "admin.merge_into_new": (
            "admin",
            {},
            {
                "codes": ["LS-VANLANG", "LS-VANQUAN"],
                "new_code": "LS-VANLANG-QUAN",
                "kind": "commune",
                "name": "Công đoàn xã Văn Lãng",
                "parent_code": "LANGSON",
                "on": "01/01/2016",
            },
        ),
        "admin.split_unit": (
            "admin",
            {},
            {
                "code": "LS-LOCBINH",
                "parts": ["LB1; Công đoàn xã 1", "LB2; Công đoàn xã 2"],
                "on": "01/01/2016",
            },
        ),
        "admin.establish_cluster": (
            "admin",
            {},
            {"code": "KHOI1", "name": "Khối thi đua thử", "on": "01/01/2016"},
        ),
        "admin.admit_member": (
            "admin",
            {},
            {"cluster_code": "BGPB", "unit_code": "LS-TPLS", "on": "01/01/2016"},
        ),
        "admin.remove_member": (
            "admin",
            {},
            {"cluster_code": "BGPB", "unit_code": "LAICHAU", "on": "01/01/2016"},
        ),
        "admin.open_year": ("admin", {}, {"cluster_code": "BGPB", "year": 2017}),
        "reviews.open_term": (
            "steering",
            {},
            {
                "federation_code": "LANGSON",
                "number": "XVI",
                "name": "Nhiệm kỳ XVI",
                "start_year": 2018,
                "end_year": 2023,
                "opened_on": "2018-07-01",
                "resolution": TEXT,
            },
        ),
        "reviews.add_target": (
            "steering",
            term,
            {
                "code": "CT99",
                "name": "Chỉ tiêu thử",
                "target": "9,5",
                "direction": "at_least",
                "rollup": "sum",
            },
        ),
        "reviews.add_programme": ("steering", term, {"code": "CTr9", "name": "Chương trình thử"}),
        "reviews.plan_review": ("steering", term, {"title": "Sơ kết", "review_date": "31/12/2015"}),
        "reviews.appoint_steering_member": (
            "steering",
            campaign,
            {"account": "moi", "name": "Người mới", "role": "member", "position": ""},
        ),
        "reviews.relieve_steering_member": ("steering", campaign, {"account": "lotienson"}),
        "reviews.schedule_milestone": (
            "steering",
            campaign,
            {"code": "extra", "title": TEXT, "starts_on": "01/01/2016", "due_on": "31/01/2016"},
        ),
        "reviews.add_participant": ("steering", campaign, {"unit_code": "LS-MOI", "theme": ""}),
        "reviews.draft_report": (
            "district",
            report,
            {
                "values": [{"target": "CT01", "value": "100"}],
                "assessments": [],
                "done": TEXT,
                "attachments": [],
            },
        ),
        "reviews.submit_review_report": ("district", report, {}),
        "reviews.return_report": (
            "reviewer",
            report,
            {"comments": ["Bổ sung số liệu"], "resubmit_by": None},
        ),
        "reviews.accept_report": ("reviewer", report, {}),
        "reviews.compile_report": (
            "steering",
            campaign,
            {"title": "Báo cáo sơ kết", "summary": TEXT},
        ),
        "reviews.present_to_committee": (
            "steering",
            campaign,
            {"committee": "standing", "session": "Kỳ họp 7", "conclusion": ""},
        ),
        "reviews.record_survey_finding": (
            "steering",
            campaign,
            {"topic": "Khảo sát", "findings": TEXT, "unit_code": ""},
        ),
        "reviews.submit_to_confederation": ("steering", campaign, {"reference": "Số 5/BC"}),
        "reviews.end_term": (
            "steering",
            term,
            {"on": "05/01/2016", "reason": "Sắp xếp tổ chức", "basis": "QĐ 1/QĐ-LĐLĐ"},
        ),
        "reviews.begin_term": (
            "steering",
            term,
            {
                "number": "I",
                "name": "Nhiệm kỳ I",
                "start_year": 2016,
                "end_year": 2021,
                "opened_on": "06/01/2016",
                "resolution": TEXT,
            },
        ),
        "reviews.close_review": (
            "steering",
            campaign,
            {"on": "05/01/2016", "reason": "Kết thúc sớm", "basis": "QĐ 2/QĐ-LĐLĐ"},
        ),
        "reviews.take_over_participant": (
            "steering",
            campaign,
            {"unit": unit("LS-VANQUAN"), "successor": unit("LANGSON"), "reason": TEXT},
        ),
        "reviews.withdraw_participant": (
            "steering",
            campaign,
            {"unit": unit("LS-VANQUAN"), "reason": TEXT},
        ),
    }


def read_values(site: Site) -> dict[str, str]:
    """Path parameters of the API's reads, taken from the demo site."""
    review = site.summary["review"]
    return {
        "year_id": site.year15,
        "unit": unit("LANGSON"),
        "unit_id": str(Unit.id_for("LANGSON")),
        "poll_id": site.summary["polls"]["merit"].hex,
        "campaign_id": review["campaign_id"].hex,
        "unit_code": "LS-VANQUAN",
        "sha256": "0" * 64,
        "code": "BGPB",
    }


def fill(path: str, values: dict[str, Any]) -> str:
    """An OpenAPI path (/api/v1/years/{year_id}) with its values put in."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def flask_path(rule: str, values: dict[str, Any]) -> str:
    """A Flask rule (/years/<uuid:year_id>) with its values put in."""
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule)
