"""Biên bản kiểm phiếu: the vote-count record of one poll, and how outcomes are worded.

Figures are the poll's recorded result: for paper, the counting committee's tally
(issued, returned, valid, invalid, per option); for electronic votes, the ballots
counted. A secret ballot shows its tallies and who took part, never who chose what; an
open vote also lists each member's choice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.org.regulation import Threshold
from domain.polls.poll import SINGLE_WINNER
from domain.polls.rules import is_withheld
from service.documents.fmt import number, percent
from service.documents.letterhead import Doc
from service.documents.render import html_of
from service.documents.year_data import (
    METHOD,
    PollFacts,
    YearFacts,
    absentee_text,
    quorum_text,
    threshold_text,
)
from service.documents.year_parts import (
    blank_roles,
    chair_signature,
    cluster_head,
    cluster_numbering,
    named_signature,
)
from service.org.regulation_words import rule_sentence
from service.polls.explain import explain

WON = {
    "leading": "được suy tôn đơn vị dẫn đầu Cụm",
    "chair": "trúng cử Trưởng Cụm năm {next}",
    "vice_chair": "trúng cử Phó Cụm năm {next}",
}


def votes(pf: PollFacts, unit: Any) -> str:
    r = pf.result
    if r is None or is_withheld(pf.poll.secret, r.tally, r.participated):
        return ""
    return f"{r.tally.get(unit, 0)}/{r.eligible}"


def outcome(f: YearFacts, pf: PollFacts) -> str:
    """One sentence: who won or was proposed, or why there is no outcome."""
    r, poll = pf.result, pf.poll
    if r is None:
        return "Cuộc bỏ phiếu chưa kết thúc."
    if is_withheld(poll.secret, r.tally, r.participated):
        return (
            f"Chỉ có {r.participated} phiếu, quá ít để công bố kết quả mà vẫn giữ bí mật "
            "lá phiếu: cuộc bỏ phiếu không thành, không công bố số phiếu."
        )
    if not r.quorum_met:
        return (
            f"Không đủ số thành viên tham gia theo quy chế ({r.participated}/{r.eligible}; "
            f"cần {quorum_text(r.rules)}): không có kết quả."
        )
    if poll.kind in SINGLE_WINNER:
        if r.winner is None and r.reached:
            top = max(r.tally.values(), default=0)
            tied = " và ".join(f.name(u) for u, n in r.tally.items() if n == top)
            return f"{tied} bằng phiếu nhau ở vị trí cao nhất ({top} phiếu): không có kết quả."
        if r.winner is None:
            return f"Không có đơn vị đạt {threshold_text(r.rules)}: không có kết quả."
        won = WON[poll.kind].format(next=f.year.year + 1)
        return f"{f.name(r.winner)} đạt {votes(pf, r.winner)} phiếu, {won}."
    if not r.passed:
        return f"Không có đơn vị đạt {threshold_text(r.rules)}."
    rule = f.year.regulation.award(poll.award or "")
    listed = "; ".join(f"{f.name(u)} ({votes(pf, u)} phiếu)" for u in r.passed)
    text = f"Các đơn vị được đề nghị {rule.name}: {listed}."
    if r.over_cap:
        over = "; ".join(f.name(u) for u in r.over_cap)
        text += f" Đạt ngưỡng nhưng vượt số lượng tối đa ({poll.cap}): {over}."
    return text


def _label(pf: PollFacts) -> str:
    round_ = f" (vòng {pf.poll.round})" if pf.poll.round > 1 else ""
    return pf.poll.question + round_


def _figures(pf: PollFacts) -> list[tuple[str, str]]:
    r = pf.result
    rows = [("Tổng số thành viên có quyền bỏ phiếu", number(r.eligible))]
    if pf.poll.method == "paper":
        rows += [
            ("Số phiếu phát ra", number(r.issued)),
            ("Số phiếu thu vào", number(r.participated)),
            ("Số phiếu hợp lệ", number(r.counted)),
            ("Số phiếu không hợp lệ", number(r.invalid)),
        ]
    else:
        rows += [
            ("Số phiếu nhận được", number(r.participated)),
            ("Trong đó: phiếu gửi của đơn vị vắng mặt được tính", number(r.absentee_counted)),
            ("Phiếu gửi của đơn vị vắng mặt không được tính", number(r.absentee_ignored)),
        ]
        if r.origins and r.origins["paper"]:  # eg1 with the room's paper ballots
            rows += [
                ("Trong đó: phiếu giấy thu về tại hội nghị", number(r.origins["paper"])),
                ("Phiếu giấy không hợp lệ", number(r.invalid)),
            ]
        rows += [
            ("Số phiếu hợp lệ", number(r.counted)),
            ("Trong đó: phiếu trống", number(r.blank)),
        ]
    share = Decimal(r.participated * 100) / r.eligible if r.eligible else None
    rows.append(("Tỷ lệ thành viên tham gia", percent(share)))
    return rows


def _options(f: YearFacts, pf: PollFacts) -> list[dict[str, Any]]:
    r, poll = pf.result, pf.poll
    if is_withheld(poll.secret, r.tally, r.participated):
        return []  # too few ballots: no counts published
    by_members = r.rules["threshold"].get("basis", "members") == "members"
    base = r.eligible if by_members else r.counted
    rows = []
    for unit in poll.options:
        n = r.tally.get(unit, 0)
        if unit in r.passed:
            verdict = "Trúng cử" if poll.kind in ("chair", "vice_chair") else "Được chọn"
        elif unit in r.over_cap:
            verdict = "Vượt số lượng"
        else:
            verdict = "Không"
        rows.append(
            {
                "unit": f.name(unit),
                "votes": number(n),
                "share": percent(Decimal(n * 100) / base) if base else "",
                "reached": "Đạt" if unit in r.reached else "Không đạt",
                "verdict": verdict,
            }
        )
    return rows


def tally_doc(f: YearFacts, pf: PollFacts, inputs: Any, index: int) -> Doc:
    poll, r = pf.poll, pf.result
    key = f"tally-{index}"
    award_name = f.year.regulation.award(poll.award).name if poll.award else ""
    rule = rule_sentence(poll.kind, Threshold(**r.rules["threshold"]), award_name)
    why = explain(
        poll.kind, r.to_dict(), [(o.hex, f.name(o)) for o in poll.options], award_name, poll.cap
    )
    rules = [
        ("Quy tắc", rule),
        ("Hình thức", ("bỏ phiếu kín" if poll.secret else "biểu quyết công khai")
         + "; " + METHOD[poll.method]),
        ("Số lựa chọn tối đa trên một phiếu", number(poll.max_choices)),
        ("Điều kiện hợp lệ", quorum_text(r.rules)),
        ("Ngưỡng được chọn", threshold_text(r.rules)),
    ]  # fmt: skip
    if poll.method == "electronic":
        rules.append(("Phiếu gửi", absentee_text(r.rules)))
    basis = "; ".join(t for t in (f.year.regulation.decree, f.year.regulation.union_decision) if t)
    if basis:
        rules.insert(0, ("Căn cứ", basis))
    if poll.kind == "award":
        rules.append(("Số đơn vị được đề nghị tối đa", number(poll.cap)))
    open_ballots = [
        {
            "voter": f.name(v),
            "choices": "; ".join(f.name(c) for c in cs) or "(phiếu trống)",
            "absentee": absentee,
        }
        for v, cs, absentee in pf.open_ballots
    ]
    left = named_signature(f, inputs, "counting_head", "TM. BAN KIỂM PHIẾU", "TRƯỞNG BAN")
    html = html_of(
        "documents/tally.html",
        doc_title=f"Biên bản kiểm phiếu — {_label(pf)}",
        head=cluster_head(f, inputs, key, "BB", r.closed_on),
        cluster=f.cluster.name,
        label=_label(pf),
        on=r.closed_on,
        paper=poll.method == "paper",
        secret=poll.secret,
        rules=rules,
        figures=_figures(pf),
        options=_options(f, pf),
        participants=[(f.name(v), absentee) for v, absentee in pf.participants],
        open_ballots=open_ballots,
        outcome=outcome(f, pf),
        explanation=why,
        counting=left,
        sign=chair_signature(f, inputs),
    )
    numbering = cluster_numbering(f, inputs, key, "BB")
    blank = blank_roles(("counting_head", left)) if poll.method == "paper" else ()
    label = f"Biên bản kiểm phiếu: {_label(pf)}"
    return Doc(key, label, html, r.closed_on, numbering, blank)
