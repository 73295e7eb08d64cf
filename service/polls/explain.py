"""A closed poll's result explained in words (vi, en): the rule it followed, whether
the quorum was met (x of y, needed z), each candidate's votes against the threshold,
and why no one passed (no quorum, nobody reached the threshold, a tie at the top, over
the award's cap). The poll page, the API answer and the PDF minutes read the same.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from domain.org.regulation import Threshold
from domain.polls.rules import SMALLEST_SECRET_TALLY, is_withheld
from service.org.regulation_words import rule_sentence, share_words, threshold_words

WORDS = {
    "vi": {
        "quorum_met": "Đủ túc số: {x}/{y} thành viên tham gia, cần từ {share} ({z} thành viên).",
        "quorum_missed": "Không đủ túc số: {x}/{y} thành viên tham gia, cần từ {share} ({z} thành viên).",
        "candidate": "{name}: {n}/{base} {basis} ({pct}); {verdict} {t} (cần ít nhất {need} phiếu).",
        "reached": "đạt ngưỡng",
        "missed": "không đạt ngưỡng",
        "members": "thành viên",
        "votes": "phiếu hợp lệ",
        "no_quorum": "Không có kết quả vì không đủ túc số.",
        "nobody": "Không có kết quả vì không đơn vị nào đạt {t}.",
        "tie": "Không có kết quả vì {names} bằng phiếu nhau ở vị trí cao nhất ({n} phiếu): Cụm bỏ phiếu lại.",
        "over_cap": "{names} đạt ngưỡng nhưng vượt số đơn vị tối đa được đề nghị ({cap}){tie}.",
        "tie_at_cut": ", vì bằng phiếu ở vị trí cuối cùng",
        "passed": "Kết quả: {names}.",
        "and": " và ",
        "withheld": "Cuộc bỏ phiếu không thành: chỉ có {x} phiếu, ít hơn {m} phiếu cần có để công bố kết quả mà vẫn giữ bí mật lá phiếu (đủ túc số và ít nhất 3 phiếu). Không công bố số phiếu của đơn vị nào.",
    },
    "en": {
        "quorum_met": "Quorum met: {x} of {y} members took part, {share} ({z} members) needed.",
        "quorum_missed": "No quorum: {x} of {y} members took part, {share} ({z} members) needed.",
        "candidate": "{name}: {n} of {base} {basis} ({pct}); {verdict} {t} (at least {need} votes needed).",
        "reached": "reached",
        "missed": "did not reach",
        "members": "members",
        "votes": "valid votes",
        "no_quorum": "No result: the quorum was not met.",
        "nobody": "No result: no unit reached {t}.",
        "tie": "No result: {names} tied at the top ({n} votes); the cluster votes again.",
        "over_cap": "{names} reached the threshold but exceeded the award's cap ({cap}){tie}.",
        "tie_at_cut": ", being tied at the last place",
        "passed": "Result: {names}.",
        "and": " and ",
        "withheld": "The poll failed: only {x} ballots were cast, fewer than the {m} needed to publish a result while keeping the ballots secret (the quorum and at least 3). No counts are published.",
    },
}


def needed(threshold: Threshold, base: int) -> int:
    """The fewest votes that reach `threshold` out of `base`."""
    exact = threshold.fraction * base
    return math.floor(exact) + 1 if threshold.strict else math.ceil(exact)


def _pct(n: int, base: int, lang: str) -> str:
    if not base:
        return "—"
    text = f"{float(Fraction(n * 100, base)):.1f}"
    return f"{text.replace('.', ',')} %" if lang != "en" else f"{text}%"


def explain(
    kind: str,
    result: dict[str, Any],
    options: list[tuple[str, str]],
    award_name: str = "",
    cap: int = 1,
    lang: str = "vi",
) -> dict[str, Any]:
    """`result`: PollResult.to_dict(); `options`: (id hex, name) in the poll's order."""
    w = WORDS["en" if lang == "en" else "vi"]
    rules = result["rules"]
    threshold = Threshold(**rules["threshold"])
    t = threshold_words(threshold, lang)
    names = dict(options)
    eligible, quorum = result["eligible"], Fraction(rules["quorum"])
    q = {
        "x": result["participated"],
        "y": eligible,
        "share": share_words(rules["quorum"], lang),
        "z": math.ceil(quorum * eligible),
    }
    met = eligible > 0 and Fraction(result["participated"], eligible) >= quorum
    quorum_line = w["quorum_met" if met else "quorum_missed"].format(**q)
    if is_withheld(result.get("secret", False), result["tally"], result["participated"]):
        smallest = max(SMALLEST_SECRET_TALLY, q["z"])
        return {
            "rule": rule_sentence(kind, Threshold(**rules["threshold"]), award_name, lang),
            "quorum": quorum_line,
            "candidates": [],
            "reasons": [w["withheld"].format(x=result["participated"], m=smallest)],
            "outcome": "",
        }
    base = eligible if threshold.basis == "members" else result["counted"]
    tally = {str(k).replace("-", ""): v for k, v in result["tally"].items()}
    reached = {str(u).replace("-", "") for u in result["reached"]}
    passed = [str(u).replace("-", "") for u in result["passed"]]
    over_cap = [str(u).replace("-", "") for u in result["over_cap"]]
    rows = []
    for key, name in options:
        n = tally.get(key, 0)
        rows.append(
            {
                "id": key,
                "name": name,
                "votes": n,
                "base": base,
                "reached": key in reached,
                "passed": key in passed,
                "over_cap": key in over_cap,
                "text": w["candidate"].format(
                    name=name,
                    n=n,
                    base=base,
                    basis=w[threshold.basis],
                    pct=_pct(n, base, lang),
                    verdict=w["reached" if key in reached else "missed"],
                    t=t,
                    need=needed(threshold, base),
                ),
            }
        )
    reasons = []
    if not result["quorum_met"]:
        reasons.append(w["no_quorum"])
    elif not reached:
        reasons.append(w["nobody"].format(t=t))
    elif kind != "award" and not passed:
        top = max(tally.values(), default=0)
        leaders = [names.get(k, k) for k, v in tally.items() if v == top]
        reasons.append(w["tie"].format(names=w["and"].join(leaders), n=top))
    if over_cap:
        cut = [tally.get(k, 0) for k in over_cap]
        tie = (
            w["tie_at_cut"]
            if any(tally.get(p, 0) in cut for p in passed) or len(passed) < cap
            else ""
        )
        reasons.append(
            w["over_cap"].format(
                names=w["and"].join(names.get(k, k) for k in over_cap), cap=cap, tie=tie
            )
        )
    outcome = (
        w["passed"].format(names=w["and"].join(names.get(k, k) for k in passed)) if passed else ""
    )
    return {
        "rule": rule_sentence(kind, threshold, award_name, lang),
        "quorum": quorum_line,
        "candidates": rows,
        "reasons": reasons,
        "outcome": outcome,
    }
