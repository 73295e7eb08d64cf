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

from domain.org.cluster import Cluster
from domain.org.regulation import Regulation
from domain.org.unit import Unit, UnitKind
from service.demo import cluster_year_data as data
from service.demo.cluster_year_data import ClusterSpec
from service.demo.review import load_review_demo
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import ADMIN, TLD_OFFICER, Principal
from service.polls import polls
from service.year import awards, clusters, dossiers

YEAR = 2015
ADMIN_P = Principal("quantri", None, frozenset({ADMIN}))


class Demo:
    """One cluster's year played through the service; `spec` says which cluster and who."""

    def __init__(self, app: ThiduaApplication, spec: ClusterSpec = data.SEED_CLUSTER) -> None:
        self.app = app
        self.spec = spec
        known = [data.CONFEDERATION, *spec.members]
        self.ids: dict[str, UUID] = {code: Unit.id_for(code) for code, _ in known}

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
        for code, name in self.spec.members:
            self.ids[code] = units.register_unit(
                app, ADMIN_P, code, UnitKind.PROVINCE, name, start, parent_code="TLD"
            )
        self.cluster(start)

    def cluster(self, start: date) -> None:
        """Establish the cluster and admit its members (registered already)."""
        spec = self.spec
        regulation = Regulation(union_decision=spec.union_decision)
        clusters.establish_cluster(self.app, ADMIN_P, spec.code, spec.name, start, regulation)
        for code, _ in spec.members:
            clusters.admit_member(self.app, ADMIN_P, spec.code, code, start)

    def open_and_adopt(self) -> UUID:
        app = self.app
        year_id = clusters.open_year(
            app,
            ADMIN_P,
            self.spec.code,
            YEAR,
            date(2014, 11, 18),
            chair_code=self.spec.chair,
            vice_code=self.spec.vice,
        )
        chair = self.officer(self.spec.chair)
        v1 = clusters.draft_criteria(app, chair, year_id, data.criteria(YEAR), date(2014, 11, 20))
        clusters.comment_criteria(
            app,
            self.officer(self.spec.commenters[0]),
            year_id,
            v1,
            "Đề nghị bổ sung tiêu chí về chăm lo Tết cho đoàn viên " + data.SAMPLE,
            date(2014, 11, 25),
        )
        clusters.comment_criteria(
            app,
            self.officer(self.spec.commenters[1]),
            year_id,
            v1,
            "Đề nghị giữ điểm chuẩn phát triển đoàn viên là 15 điểm " + data.SAMPLE,
            date(2014, 11, 26),
        )
        v2 = clusters.draft_criteria(app, chair, year_id, data.criteria(YEAR), date(2014, 12, 1))
        conference = date(2014, 12, 5)  # Hội nghị tổng kết Cụm năm 2014
        clusters.adopt_criteria(app, chair, year_id, v2, conference)
        clusters.adopt_plan(app, chair, year_id, conference)
        for code, _ in self.spec.members:
            clusters.sign_pact(app, self.officer(code), year_id, conference)
        return year_id

    # -- the year -----------------------------------------------------------------------
    def registrations_and_reports(self, year_id: UUID) -> None:
        app = self.app
        for i, (code, _) in enumerate(self.spec.members):
            on = date(2015, 2, 3) if code in self.spec.late_registration else date(2015, 1, 10 + i)
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
            self.officer(self.spec.chair),
            year_id,
            f"Số 05/CTĐ-{self.spec.short} " + data.SAMPLE,
            date(2015, 2, 10),
        )
        for i, (code, name) in enumerate(self.spec.members):
            on = date(2015, 6, 18) if code in self.spec.late_midyear else date(2015, 6, 1 + i)
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
            self.officer(self.spec.chair),
            year_id,
            "midyear",
            "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2015 của Cụm "
            + data.SAMPLE,
            [],
            date(2015, 6, 19),
        )

    def scores(self, year_id: UUID) -> None:
        app, crit = self.app, data.criteria(YEAR)
        for i, (code, name) in enumerate(self.spec.members):
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
            dossiers.self_score(app, who, year_id, self_scores(self.spec, code, crit), on)
        chair, vice = self.officer(self.spec.chair), self.officer(self.spec.vice)
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
        for code, _ in self.spec.members:
            if (
                code not in self.spec.no_rollout
            ):  # a member has not reported its roll-out (shown as overdue)
                clusters.report_task(
                    app,
                    self.officer(code),
                    year_id,
                    "rollout",
                    "Đã triển khai kế hoạch, chỉ tiêu thi đua tới Công đoàn các cấp " + data.SAMPLE,
                    date(2015, 12, 20),
                )
        for code, _ in self.spec.members:
            appraiser = self.spec.vice if code == self.spec.chair else self.spec.chair
            dossiers.appraise(
                app,
                self.officer(appraiser),
                year_id,
                self.unit(code),
                appraisal(self.spec, code, crit),
                date(2015, 12, 14),
            )

    def conference(self, year_id: UUID, next_year_id: UUID) -> dict[str, Any]:
        app, on = self.app, date(2015, 12, 18)
        spec = self.spec
        chair = self.officer(spec.chair)
        absent = spec.absent  # absent from the conference: votes in writing
        voters = [c for c, _ in spec.members if c != absent]
        # Who signs the conference's minutes and vote-count records, named at its opening.
        if spec.signers:
            clusters.name_signers(app, chair, year_id, spec.signers, on)

        def electronic(
            kind: str, options: list[str], ballots: dict[str, list[str]], **kw: Any
        ) -> UUID:
            poll = polls.open_poll(
                app, chair, year_id, kind, [self.unit(o) for o in options], on, **kw
            )
            for voter, choice in ballots.items():
                ids = [self.unit(c) for c in choice]
                if voter == absent:
                    polls.cast_absentee_ballot(app, chair, poll, self.unit(voter), ids, on)
                else:
                    polls.cast_ballot(app, self.officer(voter), poll, ids, on)
            polls.close_poll(app, chair, poll, on)
            return poll

        everyone = [*voters, absent]
        top = spec.leading
        leading = electronic("leading", [top], {v: [top] for v in everyone})
        flag = electronic("award", [top], {v: [top] for v in everyone}, award="tld_flag")
        picks = spec.merit_picks
        merit_ballots = {v: list(spec.merit[:picks]) for v in everyone}
        for modest in spec.modest:  # votes for the other candidates, not for itself
            merit_ballots[modest] = [c for c in spec.merit if c != modest][:picks]
        merit = electronic(
            "award",
            list(spec.merit),
            merit_ballots,
            award="tld_merit",
            max_choices=picks,
        )
        chair_poll = electronic(
            "chair", [self.spec.vice], {v: [self.spec.vice] for v in voters}, secret=False
        )
        vice_poll = polls.open_poll(
            app,
            chair,
            year_id,
            "vice_chair",
            [self.unit(c) for c in spec.next_vice],
            on,
            method="paper",
        )
        present = len(voters)  # one paper ballot per member present
        polls.record_paper_tally(
            app,
            chair,
            vice_poll,
            issued=present,
            returned=present,
            valid=present,
            invalid=0,
            per_option={
                self.unit(spec.next_vice[0]): present - present // 3,
                self.unit(spec.next_vice[1]): present // 3,
            },
            on=on,
        )
        polls.close_poll(app, chair, vice_poll, on)
        # Next year's criteria (drafted by the vice-chair) adopted; next year's pact signed.
        new_chair = self.officer(self.spec.vice)
        clusters.adopt_criteria(app, new_chair, next_year_id, 1, on)
        for code, _ in self.spec.members:
            clusters.sign_pact(app, self.officer(code), next_year_id, on)
        return {
            "leading": leading,
            "flag": flag,
            "merit": merit,
            "chair": chair_poll,
            "vice": vice_poll,
        }

    def award_proposal(self, year_id: UUID) -> None:
        app, chair = self.app, self.officer(self.spec.chair)
        awards.propose(app, chair, year_id, "tld_flag", self.spec.leading)
        for code in self.spec.merit[: self.spec.merit_picks]:
            awards.propose(app, chair, year_id, "tld_merit", code)
        awards.submit(app, chair, year_id, "Số 01/TTr-CTĐ " + data.SAMPLE, date(2016, 1, 15))
        tld = Principal("canbo.tld", self.unit("TLD"), frozenset({TLD_OFFICER}))
        awards.record_receipt(app, tld, year_id, "Vào sổ số 112 " + data.SAMPLE, date(2016, 1, 20))
        awards.record_decision(
            app,
            tld,
            year_id,
            "tld_flag",
            self.spec.leading,
            True,
            "Quyết định số 345/QĐ-TLĐ " + data.SAMPLE,
            date(2016, 3, 25),
        )

    def year(self) -> dict[str, Any]:
        """The whole year, from opening to the award proposal; returns the ids made."""
        spec, app = self.spec, self.app
        year_id = self.open_and_adopt()
        self.registrations_and_reports(year_id)
        # The vice-chair opens next year and drafts its criteria before the conference.
        vice = self.officer(spec.vice)
        next_year = clusters.open_year(app, vice, spec.code, YEAR + 1, date(2015, 11, 2))
        clusters.draft_criteria(app, vice, next_year, data.criteria(YEAR + 1), date(2015, 11, 20))
        self.scores(year_id)
        poll_ids = self.conference(year_id, next_year)
        self.award_proposal(year_id)
        return {"year_id": year_id, "next_year_id": next_year, "polls": poll_ids}


def self_scores(spec: ClusterSpec, code: str, crit: Any) -> dict[str, tuple[Decimal, str]]:
    share = spec.self_share[code]
    scores = {
        c.code: (
            _round(c.max_points * share),
            f"Báo cáo tổng kết, mục {c.code}; số liệu kèm theo {data.SAMPLE}",
        )
        for c in crit.all()
        if c.kind == "standard"
    }
    if code in spec.bonus:
        scores["T.1"] = (spec.bonus[code], "Mô hình được Tổng Liên đoàn biểu dương " + data.SAMPLE)
    if code in spec.late_registration:
        scores["P.1"] = (Decimal(1), "Đăng ký thi đua chậm 3 ngày")
    return scores


def appraisal(spec: ClusterSpec, code: str, crit: Any) -> dict[str, tuple[Decimal, str]]:
    result = {k: (points, "") for k, (points, _) in self_scores(spec, code, crit).items()}
    for criterion, cut, reason in spec.appraisal_cuts.get(code, []):
        result[criterion] = (result[criterion][0] - cut, reason + " " + data.SAMPLE)
    return result


def attachment(name: str, content: str) -> dict[str, Any]:
    raw = content.encode()
    return {"name": name, "sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def load_demo(app: ThiduaApplication) -> dict[str, Any]:
    """Load the seed-000 year; returns what was loaded (or that it was there already)."""
    if app.exists(Cluster.id_for(data.SEED_CLUSTER.code)):
        return {"loaded": False, "reason": "Dữ liệu mẫu đã có trong kho."}
    demo = Demo(app)
    demo.units_and_cluster()
    summary: dict[str, Any] = {"loaded": True, **demo.year()}
    summary["review"] = load_review_demo(app)
    return summary
