"""Before the chair signs the year's dossier: what it would leave blank.

The dossier sent to TLĐ carries the criteria, every member's year-end report, self-score
and appraisal, the conference's polls and the award proposal. Signing is refused while
any of these is missing (or an organisation change waits for a decision, which would
change who the members are); each gap names the units it concerns, so the check page
can link each one to the form that fills it. The documents themselves are read too:
a signer whose name is neither recorded on the year nor typed (`signers`), a document
that would go out without a date (`undated`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from service.documents.bundle import collect
from service.documents.letterhead import DocumentInputs
from service.documents.numbers import undated
from service.platform.app import ThiduaApplication
from service.views import views
from service.year.changes import pending_of
from service.year.steps import task_list

GAPS = (
    "criteria",  # no criteria adopted
    "pending_changes",  # an organisation change waits for the chair's decision
    "yearend",  # members without a year-end report
    "self_score",  # members that did not score themselves
    "appraisal",  # members the chair has not appraised
    "polls_open",  # polls not yet closed
    "no_polls",  # no poll closed: the conference's minutes would be empty
    "proposal",  # no award proposal
    "signers",  # a signature block without a name (items: the roles)
    "undated",  # documents without a date (items: their labels)
)
SIGNER_WORDS = {  # who signs, in the documents' words
    "secretary": "Thư ký Hội nghị",
    "counting_head": "Trưởng Ban kiểm phiếu",
    "chair": "Trưởng Cụm",
    "review_head": "Trưởng Ban chỉ đạo sơ kết",
}


@dataclass(frozen=True)
class Gap:
    code: str  # one of GAPS; the page words it
    units: tuple[str, ...] = ()  # the member units it concerns (hex ids), in member order
    count: int = 0  # how many things (polls) when not units
    ready: tuple[str, ...] = ()  # of `units`, those whose form can be filled now
    items: tuple[str, ...] = ()  # signer roles (SIGNER_WORDS), or documents' labels


def gaps(
    app: ThiduaApplication, year_id: UUID, today: date, inputs: DocumentInputs | None = None
) -> list[Gap]:
    """What the dossier would leave blank today, in the order of the year's plan; names
    typed in `inputs` count as given. The chair's name is not asked for: the signing
    certificate gives it."""
    tasks = task_list(app, year_id, today)
    state = views.year_standings(app, year_id).state
    steps = {s["key"]: s for s in tasks["steps"]}
    found: list[Gap] = []
    if steps["criteria"]["status"] != "done":
        found.append(Gap("criteria"))
    pending = pending_of(app, year_id)
    if pending:
        found.append(Gap("pending_changes", count=len(pending)))
    for step in ("yearend", "self_score", "appraisal"):
        units = tuple(r["unit"] for r in tasks["grid"] if r[step]["mark"] != "done")
        if units:
            ready = tuple(u for u in units if u in tasks["appraisable"])
            found.append(Gap(step, units, ready=ready if step == "appraisal" else ()))
    polls = steps["polls"]  # void polls are not counted there
    if polls["status"] == "in_progress":
        found.append(Gap("polls_open", count=polls["of"] - polls["count"]))
    elif polls["status"] != "done":
        found.append(Gap("no_polls"))
    proposal = state.get("proposal", {})
    if not any(proposal.get("proposed", {}).values()):
        found.append(Gap("proposal"))
    return found + document_gaps(app, year_id, inputs)


def document_gaps(
    app: ThiduaApplication, year_id: UUID, inputs: DocumentInputs | None = None
) -> list[Gap]:
    """What the rendered documents would leave blank: signers' names, dates."""
    docs = collect(app, year_id, (), inputs).docs
    found = []
    roles = [r for d in docs for r in d.blank_signers if r != "chair"]
    if roles:
        found.append(Gap("signers", items=tuple(dict.fromkeys(roles))))
    labels = undated(docs)
    if labels:
        found.append(Gap("undated", count=len(labels), items=tuple(labels)))
    return found


def signer_words(roles: tuple[str, ...]) -> list[str]:
    return [SIGNER_WORDS.get(r, r) for r in roles]
