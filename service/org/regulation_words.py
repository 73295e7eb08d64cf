"""The regulation in words (vi and en): one wording for the year's page, each poll's
page, the API and the PDF minutes alike.

`rule_words` words the rule a poll follows ("Được suy tôn khi có trên 2/3 tổng số
thành viên đồng ý"); `quorum_words`, `cap_words` and `tie_break_words` the rest;
`regulation_lines` the whole regulation, one sentence a line.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from domain.org.regulation import AwardRule, Regulation, Threshold

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "more": "trên",
        "least": "từ",
        "members": "tổng số thành viên",
        "votes": "số phiếu hợp lệ",
        "leading": "Được suy tôn khi có {t} đồng ý",
        "chair": "Trúng cử Trưởng Cụm khi có {t} đồng ý",
        "vice_chair": "Trúng cử Phó Cụm khi có {t} đồng ý",
        "award": "Được đề nghị {award} khi có {t} đồng ý",
        "quorum": "Cuộc bỏ phiếu hợp lệ khi có từ {share} tổng số thành viên tham gia",
        "absentee_count": "ý kiến bằng văn bản của thành viên vắng mặt được tính như phiếu bầu",
        "absentee_ignore": "ý kiến bằng văn bản của thành viên vắng mặt được ghi nhận nhưng không tính",
        "cap_count": "tối đa {n} đơn vị",
        "cap_percent": "tối đa {p} % số thành viên",
        "no_cap": "không giới hạn số đơn vị",
        "tie_break": "Khi bằng điểm, xếp trên đơn vị có {order}",
        "tie_break_none": "Khi bằng điểm, các đơn vị đồng hạng",
        "then": ", sau đó ",
        "appraised_total": "tổng điểm thẩm định cao hơn",
        "bonus": "điểm thưởng cao hơn",
        "fewer_penalty": "ít điểm trừ hơn",
        "self_total": "tổng điểm tự chấm cao hơn",
        "earlier_registration": "đăng ký thi đua sớm hơn",
        "secret": "Bỏ phiếu kín",
        "open": "Biểu quyết công khai",
        "vice_to_chair": "Phó Cụm năm trước được bầu làm Trưởng Cụm năm sau (luân phiên)",
        "free": "Mọi thành viên đều có thể được bầu làm Trưởng Cụm",
        "late": "Được nhập muộn đến {n} ngày sau ngày thực hiện mà không cần nêu lý do",
        "basis": "Căn cứ: {text}",
        "version": "Quy chế lần {n}",
    },
    "en": {
        "more": "more than",
        "least": "at least",
        "members": "of all members",
        "votes": "of the valid votes",
        "leading": "Acclaimed as leading unit when {t} agree",
        "chair": "Elected chair when {t} agree",
        "vice_chair": "Elected vice-chair when {t} agree",
        "award": "Proposed for the {award} when {t} agree",
        "quorum": "A poll is valid when at least {share} of all members take part",
        "absentee_count": "absent members' written votes count as ballots",
        "absentee_ignore": "absent members' written votes are recorded but not counted",
        "cap_count": "at most {n} unit(s)",
        "cap_percent": "at most {p}% of the members",
        "no_cap": "no cap on the number of units",
        "tie_break": "On equal scores, the unit with {order} ranks higher",
        "tie_break_none": "On equal scores, units share the rank",
        "then": ", then ",
        "appraised_total": "the higher appraised total",
        "bonus": "more bonus points",
        "fewer_penalty": "fewer penalty points",
        "self_total": "the higher self-assessed total",
        "earlier_registration": "the earlier registration",
        "secret": "Secret ballot",
        "open": "Open vote",
        "vice_to_chair": "Last year's vice-chair is elected chair (rotation)",
        "free": "Any member may be elected chair",
        "late": "Entries up to {n} days after the date they count for need no reason",
        "basis": "Legal basis: {text}",
        "version": "Regulation version {n}",
    },
}


def _w(lang: str) -> dict[str, str]:
    return WORDS["en" if lang == "en" else "vi"]


def share_words(share: str, lang: str = "vi") -> str:
    """ "2/3" stays a fraction; a decimal share ("0.8") reads as a percentage."""
    text = str(share).strip()
    if "/" in text or text in ("1", "0"):
        return text
    percent = Decimal(str(Fraction(text).numerator)) / Fraction(text).denominator * 100
    figure = f"{percent.normalize():f}"
    if lang != "en":
        figure = figure.replace(".", ",")
    return f"{figure} %" if lang != "en" else f"{figure}%"


def threshold_words(t: Threshold, lang: str = "vi") -> str:
    """ "trên 2/3 tổng số thành viên" / "more than 2/3 of all members"."""
    w = _w(lang)
    return f"{w['more'] if t.strict else w['least']} {share_words(t.share, lang)} {w[t.basis]}"


def cap_words(rule: AwardRule, lang: str = "vi") -> str:
    w = _w(lang)
    parts = []
    if rule.cap_count is not None:
        parts.append(w["cap_count"].format(n=rule.cap_count))
    if rule.cap_percent is not None:
        percent = f"{Decimal(rule.cap_percent).normalize():f}"
        parts.append(
            w["cap_percent"].format(p=percent if lang == "en" else percent.replace(".", ","))
        )
    return "; ".join(parts) or w["no_cap"]


def rule_sentence(kind: str, threshold: Threshold, award_name: str = "", lang: str = "vi") -> str:
    """ "Được suy tôn khi có trên 2/3 tổng số thành viên đồng ý" (a poll's own rules)."""
    w = _w(lang)
    t = threshold_words(threshold, lang)
    return w["award"].format(award=award_name, t=t) if kind == "award" else w[kind].format(t=t)


def rule_words(
    regulation: Regulation, kind: str, award: str | None = None, lang: str = "vi"
) -> str:
    """The rule a poll of `kind` follows under `regulation`, in one sentence."""
    threshold = regulation.threshold_for(kind, award)
    if kind != "award":
        return rule_sentence(kind, threshold, "", lang)
    rule = regulation.award(award or "")
    name = rule.name_en or rule.name if lang == "en" else rule.name
    return f"{rule_sentence(kind, threshold, name, lang)} ({cap_words(rule, lang)})"


def quorum_words(regulation: Regulation, lang: str = "vi") -> str:
    w = _w(lang)
    absentee = w["absentee_count" if regulation.absentee_votes == "count" else "absentee_ignore"]
    return f"{w['quorum'].format(share=share_words(regulation.quorum, lang))}; {absentee}"


def tie_break_words(order: tuple[str, ...] | list[str], lang: str = "vi") -> str:
    w = _w(lang)
    if not order:
        return w["tie_break_none"]
    return w["tie_break"].format(order=w["then"].join(w[code] for code in order))


def criterion_words(code: str, lang: str = "vi") -> str:
    """One tie-break criterion ("tổng điểm thẩm định cao hơn")."""
    return _w(lang).get(code, code)


def basis_words(regulation: Regulation, lang: str = "vi") -> str:
    texts = [t for t in (regulation.decree, regulation.union_decision) if t]
    return _w(lang)["basis"].format(text="; ".join(texts)) if texts else ""


def regulation_lines(regulation: Regulation, lang: str = "vi") -> list[str]:
    """The whole regulation, one sentence a line (pages, API, PDF)."""
    w = _w(lang)
    lines = [quorum_words(regulation, lang)]
    lines += [rule_words(regulation, k, None, lang) for k in ("leading", "chair", "vice_chair")]
    lines += [rule_words(regulation, "award", a.code, lang) for a in regulation.awards]
    lines += [
        w["secret" if regulation.secret_ballot else "open"],
        w[regulation.rotation],
        tie_break_words(regulation.tie_break, lang),
        w["late"].format(n=regulation.late_entry_days),
    ]
    basis = basis_words(regulation, lang)
    return [basis, *lines] if basis else lines


def version_words(number: int, lang: str = "vi") -> str:
    return _w(lang)["version"].format(n=number)


def rules_of(d: dict[str, Any]) -> Regulation:
    """A regulation stored in a view or an event (a plain dict)."""
    return Regulation.from_dict(d)
