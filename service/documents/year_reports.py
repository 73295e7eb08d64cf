"""The cluster's compiled reports (báo cáo sơ kết 6 tháng, báo cáo tổng kết năm).

The chair's text is the `CompiledReportSent` event's summary; the rest is what the store
knows at that date: members' registrations and reports (on time or days late, the files
they attached with their SHA-256), and for the year-end report the plan's progress
(plan board view, as the report's date saw it).
"""

from __future__ import annotations

from typing import Any

from domain.year.year import EmulationYear
from service.documents.case import CaseEvents
from service.documents.letterhead import Doc, DocumentInputs
from service.documents.render import html_of
from service.documents.year_data import YearFacts
from service.documents.year_parts import (
    CLUSTER_RECIPIENTS,
    chair_signature,
    cluster_head,
    cluster_numbering,
)
from service.platform.app import ThiduaApplication
from service.views import views

TITLES = {
    "midyear": ("Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year}", "BC"),
    "yearend": ("Tổng kết công tác thi đua, khen thưởng năm {year}", "BC"),
}


def _late(days: int) -> str:
    return f"Chậm {days} ngày" if days else "Đúng hạn"


def _member_reports(f: YearFacts, kind: str) -> list[dict[str, Any]]:
    rows = []
    for m in f.members:
        d = f.dossiers.get(m)
        report = d.reports.get(kind) if d else None
        rows.append(
            {
                "unit": f.name(m),
                "on": report["on"] if report else None,
                "state": _late(report["days_late"]) if report else "Chưa gửi",
                "files": [
                    f"{a.get('name', '')} (SHA-256 {a.get('sha256', '')[:16]}…)"
                    for a in (report["attachments"] if report else [])
                ],
            }
        )
    return rows


def _registrations(f: YearFacts) -> list[dict[str, Any]]:
    rows = []
    for m in f.members:
        d = f.dossiers.get(m)
        reg = d.registration if d else None
        rows.append(
            {
                "unit": f.name(m),
                "title": reg["title"] if reg else "",
                "on": reg["on"] if reg else None,
                "state": _late(reg["days_late"]) if reg else "Chưa đăng ký",
            }
        )
    return rows


def _plan(app: ThiduaApplication, f: YearFacts, on: Any, as_of: int | None) -> list[dict]:
    rows = []
    for task in views.board(app, f.year.id, on, as_of=as_of):
        counts: dict[str, int] = {}
        for cell in task.cells:
            # as the report's date saw it: work done after that day was still open then
            state = "open" if cell.done_on is not None and cell.done_on > on else cell.status
            counts[state] = counts.get(state, 0) + 1
        rows.append(
            {
                "number": task.number,
                "content": task.content,
                "deadline": task.deadline,
                "parties": len(task.cells),
                "done": counts.get("done", 0),
                "late": counts.get("late", 0),
                "open": counts.get("open", 0) + counts.get("overdue", 0),
            }
        )
    return rows


def compiled_report(
    app: ThiduaApplication,
    f: YearFacts,
    case: CaseEvents,
    kind: str,
    inputs: DocumentInputs,
    as_of: int | None = None,
) -> Doc | None:
    sent = f.compiled.get(kind)
    if sent is None:
        return None
    subject, symbol = TITLES[kind]
    subject = subject.format(year=f.year.year)
    tld = next(case.of_stream(f.year.id, EmulationYear.RegisteredWithConfederation), None)
    yearend = kind == "yearend"
    html = html_of(
        "documents/compiled.html",
        doc_title=subject,
        head=cluster_head(f, inputs, f"compiled-{kind}", symbol, sent.on),
        cluster=f.cluster.name,
        subject=subject,
        year=f.year.year,
        kind=kind,
        summary=sent.summary,
        late=sent.days_late,
        attachments=sent.attachments,
        registrations=_registrations(f) if not yearend else [],
        tld=tld,
        reports=_member_reports(f, kind),
        plan=_plan(app, f, sent.on, as_of) if yearend else [],
        sign=chair_signature(f, inputs),
        recipients=[f.parent_name or "Tổng Liên đoàn Lao động Việt Nam", *CLUSTER_RECIPIENTS],
    )
    label = "Báo cáo " + subject[0].lower() + subject[1:]
    numbering = cluster_numbering(f, inputs, f"compiled-{kind}", symbol)
    return Doc(f"compiled-{kind}", label, html, sent.on, numbering)
