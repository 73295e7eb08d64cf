"""Load the Lạng Sơn mid-term review (seed 003) through the service, as people would.

`load_review_demo(app)` registers the federation's lower units (reusing the
federation and TLĐ if the cluster demo registered them), the term XV with its sample
resolution, the review plan, 23 participants' reports (three late, one returned and
resubmitted), the consolidated report, the committees, the survey and the report to
TLĐ. Idempotent: if the term is there already it does nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.org.unit import Unit, UnitKind
from domain.review.term import CongressTerm
from service.demo import review_data as data
from service.org.units import register_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import REVIEWER, STEERING, SYSTEM_PRINCIPAL, Principal
from service.review import review_reports as reports
from service.review import reviews
from service.review.queries import report_board

ADMIN = SYSTEM_PRINCIPAL
PREFIX = "LS-"
RATINGS = ("done", "partly_done", "done", "not_done")


def _ensure_unit(
    app: ThiduaApplication, code: str, kind: UnitKind, name: str, on: date, parent: str | None
) -> UUID:
    if app.exists(Unit.id_for(code)):
        return Unit.id_for(code)
    return register_unit(app, ADMIN, code, kind, name, on, parent_code=parent)


def _figures(size: int, i: int, kind: str) -> dict[str, dict[str, str]]:
    """Sample figures of a unit of `size` (1–10); `i` varies them."""
    s = size
    income = Decimal("3.8") + Decimal("0.2") * s + Decimal("0.1") * (i % 5)
    every = {
        "CT01": {"value": str(60 * s + 5 * i)},
        "CT04": {"numerator": str(8 * s + i % 3 - 1), "denominator": str(10 * s + 2)},
        "CT07": {"value": str(20 * s + 3 * i)},
        "CT08": {"value": str(income), "weight": str(800 * s)},
        "CT12": {"numerator": str(3 * s + i % 4), "denominator": str(10 * s)},
    }
    if kind == "grassroots":
        return {k: every[k] for k in ("CT01", "CT08", "CT12")}
    more = {
        "CT02": {"value": str(s + i % 3)},
        "CT03": {"numerator": str(9 * s - i % 2), "denominator": str(10 * s)},
        "CT05": {"numerator": str(6 * s + i % 4), "denominator": str(9 * s)},
        "CT06": {"numerator": str(7 * s - (i % 4 == 0)), "denominator": str(7 * s)},
        "CT09": {"value": str(1 + s // 3)},
        "CT10": {"numerator": str(i % 3), "denominator": str(10 * s + 2)},
        "CT11": {"value": str(i % 2 if s >= 5 else 0)},
    }
    if kind == "sector":
        del more["CT02"], more["CT09"]
    return {**every, **more}


def _attachment(code: str) -> dict[str, Any]:
    content = f"Báo cáo sơ kết nửa nhiệm kỳ của {code} {data.SAMPLE}".encode()
    name = f"bao-cao-so-ket-{code.lower()}.pdf"
    return {"sha256": hashlib.sha256(content).hexdigest(), "name": name, "size": len(content)}


class ReviewDemo:
    def __init__(self, app: ThiduaApplication) -> None:
        self.app = app
        self.steering = Principal(
            "lotienson", Unit.id_for(data.FEDERATION[0]), frozenset({STEERING})
        )
        # federation staff who review reports (the office, not a participant)
        self.reviewer = Principal(
            "vanphong.ldld", Unit.id_for(data.FEDERATION[0]), frozenset({REVIEWER})
        )

    def units(self) -> list[tuple[str, str, int, str]]:
        """Register the tree; returns the participants (code, kind, size, theme)."""
        app, (fed, fed_name) = self.app, data.FEDERATION
        tld = data.CONFEDERATION[0] if app.exists(Unit.id_for(data.CONFEDERATION[0])) else None
        _ensure_unit(app, fed, UnitKind.PROVINCE, fed_name, date(2011, 6, 7), tld)
        out = []
        groups = [
            (UnitKind.DISTRICT, [(c, n, s, "") for c, n, s in data.DISTRICTS]),
            (UnitKind.SECTOR, [(c, n, s, "") for c, n, s in data.SECTORS]),
            (UnitKind.GRASSROOTS, [(c, n, s, "") for c, n, s in data.GRASSROOTS]),
            (UnitKind.DEPARTMENT, [(c, n, 0, t) for c, n, t in data.DEPARTMENTS]),
        ]
        for kind, members in groups:
            for suffix, name, size, theme in members:
                code = PREFIX + suffix
                _ensure_unit(app, code, kind, name, data.UNITS_SINCE, fed)
                out.append((code, kind.value, size, theme))
        return out

    def term(self) -> UUID:
        number, start, end, opened = data.TERM
        term = reviews.open_term(
            self.app,
            ADMIN,
            data.FEDERATION[0],
            number,
            f"Nhiệm kỳ Đại hội Công đoàn tỉnh Lạng Sơn lần thứ {number} ({start} – {end})",
            start,
            end,
            opened,
            f"Nghị quyết Đại hội Công đoàn tỉnh Lạng Sơn lần thứ {number} {data.SAMPLE}",
        )
        reviews.add_targets(self.app, ADMIN, term, data.sample_targets(), opened)
        for code, name in data.SAMPLE_PROGRAMMES:
            reviews.add_programme(self.app, ADMIN, term, code, f"{name} {data.SAMPLE}", opened)
        return term

    def plan(self, term: UUID, participants: list[tuple[str, str, int, str]]) -> UUID:
        app, on = self.app, date(2015, 11, 2)
        title = (
            "Sơ kết nửa nhiệm kỳ thực hiện Nghị quyết Đại hội Công đoàn tỉnh Lạng Sơn lần thứ XV"
        )
        campaign = reviews.plan_review(app, ADMIN, term, title, data.REVIEW_DATE, on)
        for account, name, role, position in data.STEERING_COMMITTEE:
            reviews.appoint_steering_member(app, ADMIN, campaign, account, name, role, position, on)
        for code, title_, starts, due in data.MILESTONES:
            reviews.schedule_milestone(app, self.steering, campaign, code, title_, starts, due, on)
        for code, _, _, theme in participants:
            reviews.add_participant(app, self.steering, campaign, code, date(2015, 11, 5), theme)
        return campaign

    def unit_reports(self, campaign: UUID, participants: list[tuple[str, str, int, str]]) -> None:
        app, programmes = self.app, [c for c, _ in data.SAMPLE_PROGRAMMES]
        for i, (code, kind, size, _) in enumerate(participants):
            officer = Principal(f"canbo.{code.lower()}", Unit.id_for(code))
            values = _figures(size, i, kind) if kind != "department" else {}
            if code == PREFIX + "BANTAICHINH":
                values = {"CT09": {"value": "12"}}
            if code == PREFIX + data.RETURNED:  # first sent with CT01 overstated
                values = {**values, "CT01": {"value": str(60 * size + 5 * i + 400)}}
            assessments = {
                p: (RATINGS[(i + j) % 4], f"Đánh giá {p} {data.SAMPLE}")
                for j, p in enumerate(programmes)
            }
            drafted = date(2015, 12, 1) + timedelta(days=i % 10)
            reports.draft_report(
                app,
                officer,
                campaign,
                code,
                drafted,
                values=values,
                assessments=None if kind == "department" else assessments,
                narrative=data.NARRATIVE,
                attachments=[_attachment(code)],
            )
            submitted = data.LATE.get(
                code[len(PREFIX) :], date(2015, 12, 20) + timedelta(days=i % 9)
            )
            reports.submit_report(app, officer, campaign, code, submitted)
            if code == PREFIX + data.RETURNED:
                self.return_and_resubmit(campaign, officer, code, size, i)
            else:
                reports.accept_report(app, self.reviewer, campaign, code, date(2016, 1, 9))

    def return_and_resubmit(
        self, campaign: UUID, officer: Principal, code: str, size: int, i: int
    ) -> None:
        app = self.app
        reports.return_report(
            app,
            self.reviewer,
            campaign,
            code,
            data.RETURN_COMMENTS,
            date(2016, 1, 5),
            resubmit_by=date(2016, 1, 12),
        )
        corrected = {"CT01": {"value": str(60 * size + 5 * i)}}
        reports.draft_report(app, officer, campaign, code, date(2016, 1, 8), values=corrected)
        reports.submit_report(app, officer, campaign, code, date(2016, 1, 11))
        reports.accept_report(app, self.reviewer, campaign, code, date(2016, 1, 12))

    def federation_steps(self, campaign: UUID) -> None:
        app, who = self.app, self.steering
        title = f"Báo cáo sơ kết nửa nhiệm kỳ (dự thảo) {data.SAMPLE}"
        summary = f"Tổng hợp từ báo cáo của các đơn vị đã được tiếp nhận {data.SAMPLE}."
        reviews.compile_consolidated_report(app, who, campaign, title, summary, date(2016, 1, 14))
        reviews.present_to_committee(
            app,
            who,
            campaign,
            "standing",
            "Hội nghị Ban Thường vụ LĐLĐ tỉnh tháng 01/2016",
            f"Nhất trí trình Hội nghị Ban Chấp hành {data.SAMPLE}",
            date(2016, 1, 18),
        )
        reviews.present_to_committee(
            app,
            who,
            campaign,
            "executive",
            "Hội nghị Ban Chấp hành LĐLĐ tỉnh lần thứ 7 (khoá XV)",
            f"Thông qua báo cáo sơ kết, giao Ban chỉ đạo hoàn chỉnh {data.SAMPLE}",
            date(2016, 1, 22),
        )
        for n, (suffix, topic, findings) in enumerate(data.SURVEY):
            unit = PREFIX + suffix if suffix else None
            reviews.record_survey_finding(
                app, who, campaign, topic, findings, date(2016, 2, 15) + timedelta(days=n), unit
            )
        final = f"Báo cáo sơ kết nửa nhiệm kỳ (hoàn chỉnh sau khảo sát) {data.SAMPLE}"
        reviews.compile_consolidated_report(app, who, campaign, final, summary, date(2016, 3, 1))
        reviews.submit_to_confederation(
            app, who, campaign, f"Số 25/BC-LĐLĐ {data.SAMPLE}", date(2016, 3, 10)
        )


def load_review_demo(app: ThiduaApplication) -> dict[str, Any]:
    """Load the Lạng Sơn review; returns what was loaded (or that it was there already)."""
    number = data.TERM[0]
    if app.exists(CongressTerm.id_for(Unit.id_for(data.FEDERATION[0]), number)):
        return {"loaded": False, "reason": "Dữ liệu mẫu sơ kết nhiệm kỳ đã có trong kho."}
    demo = ReviewDemo(app)
    participants = demo.units()
    term = demo.term()
    campaign = demo.plan(term, participants)
    demo.unit_reports(campaign, participants)
    demo.federation_steps(campaign)
    board = report_board(app, campaign)
    return {
        "loaded": True,
        "term_id": term,
        "campaign_id": campaign,
        "participants": len(board),
        "accepted": sum(r.status == "accepted" for r in board),
        "late": sorted(r.code for r in board if r.days_late),
        "returned": sorted(r.code for r in board if r.returns),
    }
