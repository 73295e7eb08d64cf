"""`thidua demo`: play the 2015 northern-border cluster year (seed 000) through the service.

Every step goes through the same command handlers a person's form would use, as the
person who would do it (the chair's office, a member's officer, TLĐ). Idempotent: a
store that already holds the demo cluster is left alone.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from domain.cluster import Cluster
from domain.unit import UnitKind
from service import awards, clusters, dossiers, polls, units
from service import demo_data as data
from service.app import ThiduaApplication
from service.auth import ADMIN, TLD_OFFICER, Principal

YEAR = 2015
ADMIN_P = Principal("quantri", None, frozenset({ADMIN}))


class Demo:
    def __init__(self, app: ThiduaApplication) -> None:
        self.app = app
        self.ids: dict[str, UUID] = {}

    def officer(self, code: str) -> Principal:
        return Principal(f"canbo.{code.lower()}", self.ids[code])

    def unit(self, code: str) -> UUID:
        return self.ids[code]

    # -- set-up ---------------------------------------------------------------------
    def units_and_cluster(self) -> None:
        app, start = self.app, date(2011, 6, 7)  # Quy chế 01/QCLV ngày 07/6/2011
        code, name = data.CONFEDERATION
        self.ids[code] = units.register_unit(
            app, ADMIN_P, code, UnitKind.CONFEDERATION, name, date(1929, 7, 28)
        )
        for code, name in data.PROVINCES:
            self.ids[code] = units.register_unit(
                app, ADMIN_P, code, UnitKind.PROVINCE, name, start, parent_code="TLD"
            )
        clusters.establish_cluster(app, ADMIN_P, data.CLUSTER_CODE, data.CLUSTER_NAME, start)
        for code, _ in data.PROVINCES:
            clusters.admit_member(app, ADMIN_P, data.CLUSTER_CODE, code, start)

    def open_and_adopt(self) -> UUID:
        app = self.app
        year_id = clusters.open_year(
            app,
            ADMIN_P,
            data.CLUSTER_CODE,
            YEAR,
            date(2014, 11, 18),
            chair_code=data.CHAIR_2015,
            vice_code=data.VICE_2015,
        )
        chair = self.officer(data.CHAIR_2015)
        v1 = clusters.draft_criteria(app, chair, year_id, data.criteria(YEAR), date(2014, 11, 20))
        clusters.comment_criteria(
            app,
            self.officer("LANGSON"),
            year_id,
            v1,
            "Đề nghị bổ sung tiêu chí về chăm lo Tết cho đoàn viên " + data.SAMPLE,
            date(2014, 11, 25),
        )
        clusters.comment_criteria(
            app,
            self.officer("HAGIANG"),
            year_id,
            v1,
            "Đề nghị giữ điểm chuẩn phát triển đoàn viên là 15 điểm " + data.SAMPLE,
            date(2014, 11, 26),
        )
        v2 = clusters.draft_criteria(app, chair, year_id, data.criteria(YEAR), date(2014, 12, 1))
        conference = date(2014, 12, 5)  # Hội nghị tổng kết Cụm năm 2014
        clusters.adopt_criteria(app, chair, year_id, v2, conference)
        clusters.adopt_plan(app, chair, year_id, conference)
        for code, _ in data.PROVINCES:
            clusters.sign_pact(app, self.officer(code), year_id, conference)
        return year_id

    # -- the year -----------------------------------------------------------------------
    def registrations_and_reports(self, year_id: UUID) -> None:
        app = self.app
        for i, (code, _) in enumerate(data.PROVINCES):
            on = date(2015, 2, 3) if code in data.LATE_REGISTRATION else date(2015, 1, 10 + i)
            dossiers.register(
                app,
                self.officer(code),
                year_id,
                "Cờ thi đua của Tổng Liên đoàn",
                data.COMMITMENTS,
                on,
            )
        clusters.register_with_confederation(
            app,
            self.officer(data.CHAIR_2015),
            year_id,
            "Số 05/CTĐ-BGPB " + data.SAMPLE,
            date(2015, 2, 10),
        )
        for i, (code, name) in enumerate(data.PROVINCES):
            on = date(2015, 6, 18) if code in data.LATE_MIDYEAR else date(2015, 6, 1 + i)
            summary = f"Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2015 của {name} {data.SAMPLE}"
            dossiers.submit_report(
                app,
                self.officer(code),
                year_id,
                "midyear",
                summary,
                [attachment(f"so-ket-6-thang-{code.lower()}.pdf", summary)],
                on,
            )
        clusters.send_compiled_report(
            app,
            self.officer(data.CHAIR_2015),
            year_id,
            "midyear",
            "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2015 của Cụm "
            + data.SAMPLE,
            [],
            date(2015, 6, 19),
        )

    def scores(self, year_id: UUID) -> None:
        app, crit = self.app, data.criteria(YEAR)
        for i, (code, name) in enumerate(data.PROVINCES):
            who, on = self.officer(code), date(2015, 12, 1 + i)
            summary = f"Báo cáo tổng kết công tác thi đua năm 2015 của {name} {data.SAMPLE}"
            dossiers.submit_report(
                app,
                who,
                year_id,
                "yearend",
                summary,
                [attachment(f"tong-ket-2015-{code.lower()}.pdf", summary)],
                on,
            )
            dossiers.self_score(app, who, year_id, self_scores(code, crit), on)
        chair, vice = self.officer(data.CHAIR_2015), self.officer(data.VICE_2015)
        clusters.report_task(
            app,
            chair,
            year_id,
            "yearend_plan",
            "Kế hoạch tổ chức Hội nghị tổng kết gửi các thành viên " + data.SAMPLE,
            date(2015, 10, 5),
        )
        clusters.send_compiled_report(
            app,
            chair,
            year_id,
            "yearend",
            "Dự thảo Báo cáo tổng kết công tác thi đua năm 2015 của Cụm " + data.SAMPLE,
            [],
            date(2015, 12, 12),
        )
        clusters.report_task(
            app,
            vice,
            year_id,
            "next_criteria",
            "Dự thảo chỉ tiêu thi đua năm 2016 đã gửi lấy ý kiến " + data.SAMPLE,
            date(2015, 11, 20),
        )
        for code, _ in data.PROVINCES:
            if code != "LAICHAU":  # one member has not reported its roll-out (shown as overdue)
                clusters.report_task(
                    app,
                    self.officer(code),
                    year_id,
                    "rollout",
                    "Đã triển khai kế hoạch, chỉ tiêu thi đua tới Công đoàn các cấp " + data.SAMPLE,
                    date(2015, 12, 20),
                )
        for code, _ in data.PROVINCES:
            appraiser = data.VICE_2015 if code == data.CHAIR_2015 else data.CHAIR_2015
            dossiers.appraise(
                app,
                self.officer(appraiser),
                year_id,
                self.unit(code),
                appraisal(code, crit),
                date(2015, 12, 14),
            )

    def conference(self, year_id: UUID, next_year_id: UUID) -> dict[str, Any]:
        app, on = self.app, date(2015, 12, 18)
        chair = self.officer(data.CHAIR_2015)
        voters = [
            c for c, _ in data.PROVINCES if c != "DIENBIEN"
        ]  # Điện Biên absent, votes in writing

        def electronic(
            kind: str, options: list[str], ballots: dict[str, list[str]], **kw: Any
        ) -> UUID:
            poll = polls.open_poll(
                app, chair, year_id, kind, [self.unit(o) for o in options], on, **kw
            )
            for voter, choice in ballots.items():
                ids = [self.unit(c) for c in choice]
                if voter == "DIENBIEN":
                    polls.cast_absentee_ballot(app, chair, poll, self.unit(voter), ids, on)
                else:
                    polls.cast_ballot(app, self.officer(voter), poll, ids, on)
            polls.close_poll(app, chair, poll, on)
            return poll

        everyone = [*voters, "DIENBIEN"]
        leading = electronic("leading", ["QUANGNINH"], {v: ["QUANGNINH"] for v in everyone})
        flag = electronic(
            "award", ["QUANGNINH"], {v: ["QUANGNINH"] for v in everyone}, award="tld_flag"
        )
        merit_ballots = {v: ["LAOCAI", "LANGSON", "CAOBANG"] for v in everyone}
        merit_ballots["LAOCAI"] = ["LANGSON", "CAOBANG", "HAGIANG"]
        merit_ballots["CAOBANG"] = ["LAOCAI", "LANGSON", "HAGIANG"]
        merit = electronic(
            "award",
            ["LAOCAI", "LANGSON", "CAOBANG", "HAGIANG"],
            merit_ballots,
            award="tld_merit",
            max_choices=3,
        )
        chair_poll = electronic(
            "chair", [data.VICE_2015], {v: [data.VICE_2015] for v in voters}, secret=False
        )
        vice_poll = polls.open_poll(
            app,
            chair,
            year_id,
            "vice_chair",
            [self.unit("DIENBIEN"), self.unit("LAICHAU")],
            on,
            method="paper",
        )
        polls.record_paper_tally(
            app,
            chair,
            vice_poll,
            issued=6,
            returned=6,
            valid=6,
            invalid=0,
            per_option={self.unit("DIENBIEN"): 4, self.unit("LAICHAU"): 2},
            on=on,
        )
        polls.close_poll(app, chair, vice_poll, on)
        # Next year's criteria (drafted by the vice-chair) adopted; next year's pact signed.
        new_chair = self.officer(data.VICE_2015)
        clusters.adopt_criteria(app, new_chair, next_year_id, 1, on)
        for code, _ in data.PROVINCES:
            clusters.sign_pact(app, self.officer(code), next_year_id, on)
        return {
            "leading": leading,
            "flag": flag,
            "merit": merit,
            "chair": chair_poll,
            "vice": vice_poll,
        }

    def award_proposal(self, year_id: UUID) -> None:
        app, chair = self.app, self.officer(data.CHAIR_2015)
        awards.propose(app, chair, year_id, "tld_flag", "QUANGNINH")
        for code in ("LAOCAI", "LANGSON", "CAOBANG"):
            awards.propose(app, chair, year_id, "tld_merit", code)
        awards.submit(app, chair, year_id, "Số 01/TTr-CTĐ " + data.SAMPLE, date(2016, 1, 15))
        tld = Principal("canbo.tld", self.unit("TLD"), frozenset({TLD_OFFICER}))
        awards.record_receipt(app, tld, year_id, "Vào sổ số 112 " + data.SAMPLE, date(2016, 1, 20))
        awards.record_decision(
            app,
            tld,
            year_id,
            "tld_flag",
            "QUANGNINH",
            True,
            "Quyết định số 345/QĐ-TLĐ " + data.SAMPLE,
            date(2016, 3, 25),
        )


def self_scores(code: str, crit: Any) -> dict[str, tuple[Decimal, str]]:
    share = data.SELF_SHARE[code]
    scores = {
        c.code: (
            _round(c.max_points * share),
            f"Báo cáo tổng kết, mục {c.code}; số liệu kèm theo {data.SAMPLE}",
        )
        for c in crit.all()
        if c.kind == "standard"
    }
    if code in data.BONUS:
        scores["T.1"] = (data.BONUS[code], "Mô hình được Tổng Liên đoàn biểu dương " + data.SAMPLE)
    if code in data.LATE_REGISTRATION:
        scores["P.1"] = (Decimal(1), "Đăng ký thi đua chậm 3 ngày")
    return scores


def appraisal(code: str, crit: Any) -> dict[str, tuple[Decimal, str]]:
    result = {k: (points, "") for k, (points, _) in self_scores(code, crit).items()}
    for criterion, cut, reason in data.APPRAISAL_CUTS.get(code, []):
        result[criterion] = (result[criterion][0] - cut, reason + " " + data.SAMPLE)
    return result


def attachment(name: str, content: str) -> dict[str, Any]:
    raw = content.encode()
    return {"name": name, "sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def load_demo(app: ThiduaApplication) -> dict[str, Any]:
    """Load the seed-000 year; returns what was loaded (or that it was there already)."""
    if app.exists(Cluster.id_for(data.CLUSTER_CODE)):
        return {"loaded": False, "reason": "Dữ liệu mẫu đã có trong kho."}
    demo = Demo(app)
    demo.units_and_cluster()
    year_id = demo.open_and_adopt()
    demo.registrations_and_reports(year_id)
    # The vice-chair opens next year and drafts its criteria before the conference.
    next_year = clusters.open_year(
        app, demo.officer(data.VICE_2015), data.CLUSTER_CODE, YEAR + 1, date(2015, 11, 2)
    )
    clusters.draft_criteria(
        app, demo.officer(data.VICE_2015), next_year, data.criteria(YEAR + 1), date(2015, 11, 20)
    )
    demo.scores(year_id)
    poll_ids = demo.conference(year_id, next_year)
    demo.award_proposal(year_id)
    summary: dict[str, Any] = {
        "loaded": True,
        "year_id": year_id,
        "next_year_id": next_year,
        "polls": poll_ids,
    }
    try:  # the term review of seed 003 (issue 3) when that module is present
        from service.demo_review import load_review_demo
    except ImportError:
        return summary
    summary["review"] = load_review_demo(app)
    return summary
