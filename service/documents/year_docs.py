"""The cluster-year's documents: award proposal, conference minutes, score table, pact.

Each function takes the year's facts (year_data.YearFacts) and the explicit inputs
(letterhead.DocumentInputs) and returns a `Doc` (HTML); vote-count records are in
year_votes, compiled reports in year_reports.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.year.award import AwardProposal
from domain.year.dossier import Dossier
from domain.year.year import EmulationYear
from service.documents.case import CaseEvents
from service.documents.letterhead import Doc, DocumentInputs, abbreviate
from service.documents.render import html_of
from service.documents.year_data import YearFacts
from service.documents.year_parts import (
    CLUSTER_RECIPIENTS,
    blank_roles,
    chair_signature,
    cluster_head,
    cluster_numbering,
    legal_basis,
    named_signature,
)
from service.documents.year_votes import outcome, votes


def _rank_of(f: YearFacts) -> dict[str, Any]:
    return {r.unit: r for r in f.standings.rows}


def award_proposal(f: YearFacts, case: CaseEvents, inputs: DocumentInputs) -> Doc | None:
    proposal = f.proposal
    if proposal is None or not any(proposal.proposed.values()):
        return None
    submitted = next(case.of_stream(proposal.id, AwardProposal.Submitted), None)
    on = submitted.on if submitted else None
    ranks, rows = _rank_of(f), []
    award_polls = {p.poll.award: p for p in f.polls if p.poll.kind == "award" and p.result}
    for rule in f.year.regulation.awards:
        for unit in proposal.proposed.get(rule.code, []):
            row = ranks.get(unit.hex)
            pf = award_polls.get(rule.code)
            rows.append(
                {
                    "award": rule.name,
                    "unit": f.name(unit),
                    "points": None if row is None else row.appraised_total,
                    "rank": "" if row is None or row.rank is None else row.rank,
                    "votes": votes(pf, unit) if pf else "",
                }
            )
    html = html_of(
        "documents/proposal.html",
        doc_title=f"Tờ trình đề nghị khen thưởng năm {f.year.year}",
        head=cluster_head(f, inputs, "proposal", "TTr", on, submitted and submitted.reference),
        cluster=f.cluster.name,
        year=f.year.year,
        addressee=f.parent_name or "Tổng Liên đoàn Lao động Việt Nam",
        basis=legal_basis(f),
        pact_on=_pact_day(f, case),
        conference_on=f.conference_on,
        rows=rows,
        leading=f.name(f.standings.leading) if f.standings.leading else "",
        sign=chair_signature(f, inputs),
        recipients=["Như trên", *CLUSTER_RECIPIENTS],
    )
    reference = submitted and submitted.reference
    numbering = cluster_numbering(f, inputs, "proposal", "TTr", reference)
    return Doc("proposal", "Tờ trình đề nghị khen thưởng", html, on, numbering)


def minutes(f: YearFacts, case: CaseEvents, inputs: DocumentInputs) -> Doc | None:
    if not f.polls:
        return None
    on = f.conference_on
    written = set(f.sent_in_writing())
    ballots = [
        {"label": p.poll.question, "outcome": outcome(f, p)}
        for p in f.polls
        if p.poll.kind in ("leading", "award")
    ]
    elections = [
        {"label": p.poll.question, "outcome": outcome(f, p)}
        for p in f.polls
        if p.poll.kind in ("chair", "vice_chair")
    ]
    ranked = [r for r in f.standings.rows if r.rank is not None]
    next_pact = _next_pact(f, case, on)
    secretary = named_signature(f, inputs, "secretary", "THƯ KÝ HỘI NGHỊ", "")
    html = html_of(
        "documents/minutes.html",
        doc_title=f"Biên bản Hội nghị tổng kết năm {f.year.year}",
        head=cluster_head(f, inputs, "minutes", "BB", on),
        cluster=f.cluster.name,
        year=f.year.year,
        on=on,
        venue=inputs.venue,
        chair=f.name(f.year.chair),
        present=[f.name(u) for u in f.present()],
        absent=[(f.name(u), u in written) for u in f.absent()],
        members=len(f.members),
        ranked=[(r.rank, f.name(r.unit), r.appraised_total) for r in ranked],
        appraised=len(ranked),
        ballots=ballots,
        elections=elections,
        next_pact=next_pact,
        secretary=secretary,
        sign=chair_signature(f, inputs),
    )
    numbering = cluster_numbering(f, inputs, "minutes", "BB")
    blank = blank_roles(("secretary", secretary))
    return Doc("minutes", "Biên bản Hội nghị tổng kết Cụm", html, on, numbering, blank)


def _next_pact(f: YearFacts, case: CaseEvents, on: Any) -> dict[str, Any] | None:
    nxt = f.next_year
    if nxt is None or not nxt.pact:
        return None
    signed = [m for m, v in nxt.pact.items() if v == nxt.adopted_version]
    return {"year": nxt.year, "signed": len(signed), "of": len(nxt.members)}


def _pact_day(f: YearFacts, case: CaseEvents) -> Any:
    days = [e.on for e in case.of_stream(f.year.id, EmulationYear.PactSigned)]
    return max(days) if days else None


def score_table(f: YearFacts, case: CaseEvents, inputs: DocumentInputs) -> Doc | None:
    state = f.standings.state
    if state.get("adopted") is None or not f.standings.rows:
        return None
    tree = state["drafts"][str(state["adopted"])]
    appraisals = [e.on for e in case.of(_appraised_type())]
    on = f.conference_on or (max(appraisals) if appraisals else None)
    rows = sorted(f.standings.rows, key=lambda r: (r.rank is None, r.rank or 0))
    units = [r.unit for r in rows]
    differences = []
    for r in rows:
        for code, points in sorted(r.appraised_points.items()):
            own = r.self_points.get(code)
            if own != points:
                reason = state["scores"].get(r.unit, {}).get("reasons", {}).get(code, "")
                differences.append((f.name(r.unit), code, own, points, reason))
    html = html_of(
        "documents/scores.html",
        doc_title=f"Bảng tổng hợp điểm năm {f.year.year}",
        head=cluster_head(f, inputs, "scores", "BTH", on),
        cluster=f.cluster.name,
        year=f.year.year,
        rows=[(r, f.carried_name(r.unit)) for r in rows],
        sections=tree["sections"],
        units=[(u, _short(f.name(u))) for u in units],
        points={r.unit: r.appraised_points for r in rows},
        differences=differences,
        version=state["adopted"],
        sign=chair_signature(f, inputs),
    )
    numbering = cluster_numbering(f, inputs, "scores", "BTH")
    return Doc("scores", "Bảng tổng hợp điểm tự chấm và thẩm định", html, on, numbering)


def _appraised_type() -> type:

    return Dossier.Appraised


def _short(name: str) -> str:
    for prefix in ("Liên đoàn Lao động tỉnh ", "Liên đoàn Lao động thành phố "):
        name = name.removeprefix(prefix)
    return abbreviate(name)


def pact(f: YearFacts, case: CaseEvents, inputs: DocumentInputs) -> Doc | None:
    year = f.year
    if year.adopted_version is None:
        return None
    signed_on = {
        e.member: e.on
        for e in case.of_stream(year.id, EmulationYear.PactSigned)
        if e.version == year.adopted_version
    }
    adopted = [e.on for e in case.of_stream(year.id, EmulationYear.CriteriaAdopted)]
    on = max(signed_on.values()) if signed_on else None
    criteria = year.criteria
    signatories = [
        {
            "unit": f.name(m),
            "who": f"ĐẠI DIỆN {abbreviate(f.name(m)).upper()}",
            "on": signed_on.get(m),
        }
        for m in year.members
    ]
    html = html_of(
        "documents/pact.html",
        doc_title=f"Giao ước thi đua năm {year.year}",
        head=cluster_head(f, inputs, "pact", "GƯ", on),
        cluster=f.cluster.name,
        year=year.year,
        version=year.adopted_version,
        basis=legal_basis(f),
        adopted_on=adopted[-1] if adopted else None,
        signed_at=on,
        sections=criteria.to_dict()["sections"],
        standard_total=criteria.benchmark_total,
        signatories=signatories,
        signed_count=len(signed_on),
    )
    label = f"Giao ước thi đua năm {year.year} và các đơn vị ký kết"
    return Doc("pact", label, html, on, cluster_numbering(f, inputs, "pact", "GƯ"))


CHANGE_WORDS = {
    "merged": "đã hợp nhất",
    "split": "đã chia tách",
    "dissolved": "đã giải thể",
    "left_cluster": "đã rời Cụm",
    "": "",
}


def org_changes(f: YearFacts, case: CaseEvents, inputs: DocumentInputs) -> Doc | None:
    """Thay đổi tổ chức trong năm: each decision on the year (a dossier taken over, a
    member withdrawn or admitted), the unit named as it was the day before the change."""
    changes = f.standings.state.get("changes", [])
    if not changes:
        return None
    rows = []
    for c in changes:
        effective, decided = date.fromisoformat(c["effective"]), date.fromisoformat(c["on"])
        old = f.name_on(c["unit"], effective - timedelta(days=1))
        cause = CHANGE_WORDS.get(c.get("cause", ""), "")
        if c["what"] == "taken_over":
            what = f"{f.name(c['successor'])} tiếp nhận hồ sơ thi đua của {old}"
        elif c["what"] == "withdrawn":
            what = f"{old} rút khỏi năm thi đua"
        else:
            what = f"{old} tham gia năm thi đua (hồ sơ được mở)"
        rows.append((effective, decided, old, cause, what, c["reason"]))
    on = max(r[1] for r in rows)
    html = html_of(
        "documents/changes.html",
        doc_title=f"Thay đổi tổ chức trong năm thi đua {f.year.year}",
        head=cluster_head(f, inputs, "changes", "BC", on),
        cluster=f.cluster.name,
        year=f.year.year,
        rows=rows,
        sign=chair_signature(f, inputs),
    )
    numbering = cluster_numbering(f, inputs, "changes", "BC")
    return Doc("changes", "Thay đổi tổ chức trong năm thi đua", html, on, numbering)
