"""The term review's consolidated report (báo cáo sơ kết nửa nhiệm kỳ) with its progress
table and chart.

Figures are the term-progress view's roll-up (accepted reports only, through the unit
tree on the review date: projections.term_rollup); the campaign aggregate gives the
steering committee, the consolidated text, the committees, the survey and the
submission to TLĐ. The signer is the steering committee's head when the store names
one, otherwise the explicit input "review_head".
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.review.campaign import ReviewCampaign
from domain.review.term import CongressTerm, Rollup
from service.documents.case import directory_as_of
from service.documents.fmt import BLANK, number
from service.documents.letterhead import (
    Doc,
    DocumentInputs,
    Letterhead,
    Signature,
    abbreviate,
    place_of,
)
from service.documents.render import html_of
from service.platform import charts
from service.platform.app import ThiduaApplication
from service.review.queries import (
    load_campaign,
    load_term,
    progress_bars,
    progress_labels,
    target_rows,
)
from service.views import views

FONT = "Liberation Serif Thidua"  # service/assets/css/document.css
FONT_ATTR = re.compile(r'font-family="[^"]*"')
KINDS = {
    "district": "LĐLĐ huyện, thành phố",
    "sector": "Công đoàn ngành",
    "grassroots": "Công đoàn cơ sở trực thuộc",
    "department": "Ban của LĐLĐ tỉnh (báo cáo chuyên đề)",
}
COMMITTEES = {"standing": "Ban Thường vụ", "executive": "Ban Chấp hành"}


def pdf_svg(svg: str) -> str:
    """The web's chart (service.charts) drawn with the bundled font only."""
    return FONT_ATTR.sub(f'font-family="{FONT}"', svg)


def _value(target: Any, value: Decimal | None) -> str:
    if value is None:
        return ""
    if target.rollup == Rollup.SUM:
        return number(value)
    return number(value, 2)


def _signer(campaign: ReviewCampaign, inputs: DocumentInputs) -> str:
    heads = [m for m in campaign.steering.values() if m.role == "head"]
    return inputs.people.get("review_head") or (heads[0].name if heads else inputs.person(""))


def review_report(
    app: ThiduaApplication, campaign_id: UUID, inputs: DocumentInputs, as_of: int | None = None
) -> Doc:
    campaign: ReviewCampaign = load_campaign(app, campaign_id)
    term: CongressTerm = load_term(app, campaign.term)
    progress = views.term_progress(app, campaign_id, as_of=as_of)
    state, rollup = progress.state, progress.rollup
    fed = campaign.federation.hex
    parent = directory_as_of(app, [fed], as_of).get(fed, {}).get("parent")
    participants = sorted(state["participants"])
    entries = directory_as_of(app, [fed, parent or "", *participants], as_of)
    names = {k: v.get("name", k) for k, v in entries.items()}
    latest, submitted = campaign.latest, campaign.submitted
    on = submitted.on if submitted else (latest.on if latest else None)
    labels = progress_labels()
    targets = target_rows(progress)
    rows = [
        {
            "code": t["code"],
            "name": t["name"],
            "unit": t["unit"],
            "target": _value(target, target.target_value),
            "value": _value(target, t["value"]),
            "percent": "" if t["percent_of_target"] is None else number(t["percent_of_target"], 1),
            "expected": _value(target, t["expected"]),
            "status": labels[t["status"]],
            "reporters": t["reporters"],
        }
        for target, t in zip(progress.targets, targets, strict=True)
    ]
    bars = progress_bars(targets)
    reports = state["reports"]
    accepted = [u for u in participants if reports.get(u, {}).get("status") == "accepted"]
    late = [
        (names.get(u, u), reports[u]["days_late"])
        for u in participants
        if reports.get(u, {}).get("days_late")
    ]
    returned = [names.get(u, u) for u in participants if reports.get(u, {}).get("returns")]
    kinds = Counter(state["participants"][u]["kind"] for u in participants)
    closed = rollup.closed
    decisions = {d.unit.hex: d for d in campaign.decisions.values()}
    successors = [d.successor.hex for d in decisions.values() if d.successor]
    names.update({k: v.get("name", k) for k, v in directory_as_of(app, successors, as_of).items()})
    fed_name = names.get(fed, fed)
    head = Letterhead(
        parent=abbreviate(names.get(parent, "")).upper() if parent else "",
        issuer=fed_name.upper(),
        number=inputs.number("review", "BC", submitted.reference if submitted else None),
        place=inputs.place or place_of(fed_name),
        on=on,
        preview=not inputs.registered and "review" not in inputs.numbers,  # bundle not signed
    )
    html = html_of(
        "documents/review.html",
        doc_title=campaign.title,
        head=head,
        subject=campaign.title,
        term=term,
        federation=fed_name,
        review_date=rollup.review_date,  # the day it closed, when closed early before it
        elapsed=number(rollup.elapsed * 100, 1),
        latest=latest,
        kinds=[(KINDS.get(k, k), n) for k, n in sorted(kinds.items())],
        participants=len(participants),
        accepted=len(accepted),
        term_ended=term.ended,
        closed=closed,
        counted=len(campaign.closed_early.counted) if campaign.closed_early else 0,
        not_received=[names.get(u.hex, u.hex) for u in closed.not_received] if closed else [],
        carried=[
            (names.get(u, u), names.get(d.successor.hex, ""))
            for u, d in sorted(decisions.items())
            if d.successor
        ],
        withdrawn=[names.get(u, u) for u, d in sorted(decisions.items()) if not d.successor],
        late=late,
        returned=returned,
        rows=rows,
        chart=pdf_svg(charts.progress_chart(bars, rollup.elapsed * 100, status_labels=labels)),
        at_most=[t.code for t in progress.targets if t.direction == "at_most"],
        findings=[(names.get(f.unit.hex, "") if f.unit else "", f) for f in campaign.survey],
        presentations=[
            (COMMITTEES.get(p.committee, p.committee), p) for p in campaign.presentations
        ],
        submitted=submitted,
        sign=Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "", _signer(campaign, inputs)),
        recipients=[
            f"{abbreviate(names.get(parent or '', 'Tổng Liên đoàn'))} (B/c)",
            "Lãnh đạo, các ban LĐLĐ tỉnh",
            "LĐLĐ các huyện, thành phố, Công đoàn ngành",
            "Lưu: VT",
        ],
    )
    return Doc(
        f"review-{campaign_id.hex[:8]}",
        f"Báo cáo {campaign.title[0].lower()}{campaign.title[1:]}",
        html,
        on,
        blank_signers=("review_head",) if _signer(campaign, inputs) == BLANK else (),
    )
