"""The term review's read model: the campaigns, each target's progress, the reports
board, one unit's report, the roll-up: what its pages, its API and its PDF read.

The board and the roll-up read the views (the review's term-progress document and the
directory of the federation's subtree), so they cost the same whatever the size of the
country: a Hồ Chí Minh review has 13,950 participants among 130,000 grassroots unions.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from heapq import merge
from itertools import islice
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.unit import Unit, UnitStatus
from domain.review.campaign import ReviewCampaign
from domain.review.report import UNDER_REVIEW, ReportStatus, ReviewReport
from domain.review.term import CongressTerm, Rollup, Target
from projections.org import directory
from projections.review import term_progress
from projections.review.term_rollup import ACHIEVED, BEHIND, ON_TRACK, TermRollup
from service.accounts.accounts import account_of
from service.accounts.catalog import campaign_ids
from service.platform.app import ThiduaApplication, load
from service.platform.charts import ProgressBar
from service.platform.wording import render
from service.views import views
from service.views.projector import projector_of

BATCH = 500
ACCEPTED = ReportStatus.ACCEPTED.value


def load_campaign(
    app: ThiduaApplication, campaign_id: UUID, read_only: bool = False
) -> ReviewCampaign:
    return load(app, campaign_id, "đợt sơ kết", read_only)


def load_term(app: ThiduaApplication, term_id: UUID, read_only: bool = False) -> CongressTerm:
    return load(app, term_id, "nhiệm kỳ", read_only)


def review_state(app: ThiduaApplication, campaign_id: UUID) -> dict[str, Any]:
    """The review's term-progress document, every saved event applied."""
    try:
        state = views.review_document(app, campaign_id)
    except DomainError:
        state = None
    if state is None or state["campaign"] is None:
        raise DomainError("store.not_found", what="đợt sơ kết")
    return state


def counted_units(state: dict[str, Any]) -> list[UUID]:
    """The participants whose reports count in the roll-up: accepted ones only."""
    reports = state["reports"]
    return sorted(
        (UUID(u) for u in state["participants"] if reports.get(u, {}).get("status") == ACCEPTED),
        key=str,
    )


def progress(app: ThiduaApplication, campaign_id: UUID) -> TermRollup:
    """The roll-up of the accepted reports through the tree on the review date."""
    return views.rolled_up(app, review_state(app, campaign_id)).rollup


@dataclass(frozen=True)
class BoardRow:
    """One participant's line on the reports board."""

    unit: UUID
    code: str
    name: str
    kind: str
    theme: str
    status: str  # "missing" when no draft was started
    submitted_on: date | None
    days_late: int
    returns: int
    accepted_on: date | None
    carried_by: str | None = None  # the successor reporting for it (taken over)


def progress_labels(locale: str = "vi") -> dict[str | None, str]:
    """How a target's progress reads (term_rollup's status; None: no figures yet), the
    same in the page, its chart, the PDF and the CLI."""
    statuses = (ACHIEVED, ON_TRACK, BEHIND, None)
    return {s: render(f"review.progress.{s or 'none'}", locale) for s in statuses}


def report_board(app: ThiduaApplication, campaign_id: UUID) -> list[BoardRow]:
    """Each participant's report as the board shows it, by unit code (`reports_board`)."""
    return reports_board(app, campaign_id).rows


def reports_board(app: ThiduaApplication, campaign_id: UUID) -> _Board:
    """The review's board: its rows, as dicts (pages, API), by status, a unit's own; callers
    must not change them. Each participant's report as the board shows it. Kept per process:
    a row is made again only when its unit's report or participation changed (the kept
    document shares the entries that did not; when it was patched from the document the
    rows were made from, only the units it names are looked at), all of them when the
    rest of the document or the directory changed."""
    state = review_state(app, campaign_id)
    review_date = date.fromisoformat(state["campaign"]["review_date"])
    participants, reports = state["participants"], state["reports"]
    units = participant_units(app, campaign_id, list(participants), review_date)
    projector = projector_of(app)
    slot = ("report_board", campaign_id)
    kept = projector.memo.get(slot)
    if kept is not None and kept.units is units and kept.state is state:
        return kept  # type: ignore[no-any-return]
    same = kept is not None and kept.units is units and kept.state["campaign"] is state["campaign"]
    before: dict[str, BoardRow] = kept.by_unit if kept is not None and same else {}
    old = kept.state if kept is not None and same else {"participants": {}, "reports": {}}
    early = state["campaign"].get("closed_early")
    missing = set(early["not_received"]) if early else set()
    dicts: dict[str, dict[str, Any]] = kept.dicts if kept is not None and same else {}
    base, changed = views.review_changes(app, campaign_id)
    patching = bool(before) and base is old  # from the document the board was made from
    if patching:
        by_unit, as_dicts, keys = dict(before), dict(dicts), changed & participants.keys()
    else:
        by_unit, as_dicts, keys = {}, {}, participants.keys()
    for key in keys:
        participant = participants[key]
        row = before.get(key)
        if (
            row is None
            or old["participants"].get(key) is not participant
            or old["reports"].get(key) is not reports.get(key)
        ):
            row = _board_row(app, campaign_id, key, participant, reports.get(key), units, missing)
            as_dicts[key] = dict(row.__dict__)
        else:
            as_dicts[key] = dicts[key]
        by_unit[key] = row
    if kept is not None and same and by_unit.keys() == before.keys():
        if patching:  # the same units in the same order, a few rows changed
            board = kept.patched(state, by_unit, as_dicts, keys)
        else:
            board = _Board.made(units, state, by_unit, as_dicts, kept.order)
    else:
        order = sorted(by_unit, key=lambda k: by_unit[k].code)
        board = _Board.made(units, state, by_unit, as_dicts, order)
    return projector.remember(slot, board)  # type: ignore[no-any-return]


@dataclass
class _Board:
    """A review's board rows kept per process, with the document and the directory facts
    they were made from, the same rows as dicts (pages, API) in code order, by status and
    by the successor that carries them. After a batch of submissions only the changed
    rows are put in their places (`patched`): a page of a 3,500-unit review walks no list
    of all its units."""

    units: dict[str, UnitFacts]
    state: dict[str, Any]
    by_unit: dict[str, BoardRow]
    dicts: dict[str, dict[str, Any]]
    order: list[str]
    dict_rows: list[dict[str, Any]]
    by_status: dict[str, list[dict[str, Any]]]  # in code order
    carried: dict[str, list[str]]  # a successor's unit → the units it reports for
    place: dict[str, int]  # a unit's index in `order`

    @classmethod
    def made(
        cls,
        units: dict[str, UnitFacts],
        state: dict[str, Any],
        by_unit: dict[str, BoardRow],
        dicts: dict[str, dict[str, Any]],
        order: list[str],
    ) -> _Board:
        rows = [dicts[k] for k in order]
        by_status: dict[str, list[dict[str, Any]]] = {}
        carried: dict[str, list[str]] = {}
        for key, row in zip(order, rows, strict=True):
            by_status.setdefault(row["status"], []).append(row)
            if row["carried_by"]:
                carried.setdefault(row["carried_by"], []).append(key)
        place = {key: i for i, key in enumerate(order)}
        return cls(units, state, by_unit, dicts, order, rows, by_status, carried, place)

    def patched(
        self,
        state: dict[str, Any],
        by_unit: dict[str, BoardRow],
        dicts: dict[str, dict[str, Any]],
        keys: Iterable[str],
    ) -> _Board:
        """This board with the rows of `keys` as `dicts` has them (the same units, codes
        and order): the lists copied (this board may be read meanwhile), each changed row
        put in its place by its code."""
        rows, by_status, carried = list(self.dict_rows), dict(self.by_status), dict(self.carried)
        copied: set[str] = set()

        def of_status(status: str) -> list[dict[str, Any]]:
            if status not in copied:
                by_status[status] = list(by_status.get(status, []))
                copied.add(status)
            return by_status[status]

        for key in keys:
            old, new = self.dicts[key], dicts[key]
            if old is new:
                continue
            rows[self.place[key]] = new
            _remove(of_status(old["status"]), old)
            insort(of_status(new["status"]), new, key=_code)
            if old["carried_by"] != new["carried_by"]:
                if old["carried_by"]:
                    carried[old["carried_by"]] = [k for k in carried[old["carried_by"]] if k != key]
                if new["carried_by"]:
                    carried[new["carried_by"]] = [*carried.get(new["carried_by"], []), key]
        by_status = {s: found for s, found in by_status.items() if found}
        carried = {s: found for s, found in carried.items() if found}
        return _Board(
            self.units, state, by_unit, dicts, self.order, rows, by_status, carried, self.place
        )

    @cached_property
    def rows(self) -> list[BoardRow]:
        return [self.by_unit[k] for k in self.order]

    def own(self, unit: str | None) -> list[dict[str, Any]]:
        """The rows `unit` reports for: its own, and those it carries for merged units."""
        if unit is None:
            return []
        keys = ([unit] if unit in self.dicts else []) + self.carried.get(unit, [])
        return sorted((self.dicts[k] for k in keys), key=_code)

    def waiting(self, limit: int) -> tuple[list[dict[str, Any]], int]:
        """The first `limit` reports waiting for review (submitted or resubmitted) in code
        order, and how many wait in all."""
        lists = [self.by_status.get(status.value, []) for status in UNDER_REVIEW]
        return list(islice(merge(*lists, key=_code), limit)), sum(map(len, lists))


def _code(row: dict[str, Any]) -> str:
    return row["code"]  # type: ignore[no-any-return]


def _remove(rows: list[dict[str, Any]], row: dict[str, Any]) -> None:
    """Take `row` out of `rows` (in code order): found by its code, then by itself."""
    at = bisect_left(rows, row["code"], key=_code)
    while rows[at] is not row:
        at += 1
    del rows[at]


def _board_row(
    app: ThiduaApplication,
    campaign_id: UUID,
    key: str,
    participant: dict[str, Any],
    report: dict[str, Any] | None,
    units: dict[str, UnitFacts],
    missing: set[str],
) -> BoardRow:
    first = _first_submission(app, campaign_id, report)
    decision = participant.get("decision") or {}
    status = first["status"] if first else "missing"
    if decision and decision["successor"] is None:
        status = "withdrawn"
    elif key in missing:
        status = "not_received"
    return BoardRow(
        unit=UUID(key),
        code=units[key].code,
        name=units[key].name,
        kind=participant["kind"],
        theme=participant["theme"],
        status=status,
        submitted_on=_day(first["submitted_on"]) if first else None,
        days_late=first["days_late"] if first else 0,
        returns=first["returns"] if first else 0,
        accepted_on=_day(first["accepted_on"]) if first else None,
        carried_by=decision.get("successor"),
    )


@dataclass(frozen=True)
class UnitFacts:
    """What a review's pages need of a participant from the directory."""

    code: str
    name: str  # on the review date
    active: bool  # today


def participant_units(
    app: ThiduaApplication, campaign_id: UUID, keys: list[str], review_date: date
) -> dict[str, UnitFacts]:
    """Each participant's code, name on the review date and whether it is active today,
    kept per process until the directory changes (a review of 3,500 units read 3,500
    directory documents on every page view). The same dict while nothing changed."""
    projector = projector_of(app)
    stamp = views.directory_stamps(app)[0]
    slot = ("participant_units", campaign_id, review_date)
    kept = projector.memo.get(slot)
    known: dict[str, UnitFacts] = kept[1] if kept and kept[0] == stamp else {}
    wanted = [k for k in keys if k not in known]
    if wanted:
        docs = projector.store.get_many(directory.NAME, wanted)
        for key in wanted:
            unit = directory.UnitAsOf(key, docs[key])
            history = docs[key].get("history") or [{}]
            known[key] = UnitFacts(
                docs[key]["code"],
                (unit.as_of(review_date) or unit.timeline[-1]).name,
                history[-1].get("status", UnitStatus.ACTIVE.value) == UnitStatus.ACTIVE.value,
            )
    projector.remember(slot, (stamp, known))
    return known


def _first_submission(
    app: ThiduaApplication, campaign_id: UUID, report: dict[str, Any] | None
) -> Any:
    """The view's report, its submission date and lateness those of the first submission
    as the aggregate keeps them (the view's fold takes a resubmission's): only a returned
    report (2 % in the national load) was submitted more than once, so only those are read
    from the store, read-only, once per process (a first submission never changes)."""
    if report is None or not report["returns"]:
        return report
    projector = projector_of(app)
    slot = ("first_submissions", campaign_id)
    firsts = projector.memo.get(slot)
    if firsts is None:
        firsts = projector.remember(slot, {})
    if report["report"] not in firsts:
        stored: ReviewReport = app.read(UUID(report["report"]))
        first = stored.submitted_on.isoformat() if stored.submitted_on else None
        firsts[report["report"]] = (first, stored.days_late)
    first, days_late = firsts[report["report"]]
    return {**report, "submitted_on": first, "days_late": days_late}


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def campaigns(app: ThiduaApplication) -> list[dict[str, Any]]:
    """Every review with its participants (the reports are not read: a list of reviews
    needs none of them)."""
    projector = projector_of(app)
    projector.catch_up()
    keys = [cid.hex for cid in campaign_ids(app)]
    docs = projector.store.get_many(term_progress.NAME, keys, parts=("participants",))
    out = []
    for key in keys:
        state = docs.get(key)
        if not state or not state.get("campaign"):
            continue
        out.append(
            {
                "id": key,
                "title": state["campaign"]["title"],
                "federation": state["campaign"]["federation"],
                "review_date": state["campaign"]["review_date"],
                "term": (state.get("term") or {}).get("name"),
                "participants": list(state["participants"]),
                "carried": {
                    u: p["decision"]["successor"]
                    for u, p in state["participants"].items()
                    if (p.get("decision") or {}).get("successor")
                },
            }
        )
    return out


def target_rows(found: views.TermProgress) -> list[dict[str, Any]]:
    """Each target of the term with the federation's rolled-up figures (page, API, PDF)."""
    rollup = found.rollup
    rows = []
    for target in found.targets:
        p = rollup.progress.get(rollup.federation, {}).get(target.code)
        rows.append(
            {
                "code": target.code,
                "name": target.name,
                "unit": target.unit,
                "target": target.target,
                "rollup": target.rollup,
                "direction": target.direction,
                "value": None if p is None else p.value,
                "percent_of_target": None if p is None else p.percent_of_target,
                "expected": None if p is None else p.expected,
                "status": None if p is None else p.status,
                "reporters": 0 if p is None else p.reporters,
            }
        )
    return rows


def progress_bars(rows: list[dict[str, Any]]) -> list[ProgressBar]:
    """The chart's bars of `target_rows` (the page's and the PDF's chart alike)."""
    return [
        ProgressBar(
            f"{t['code']} {t['name']}",
            t["percent_of_target"],
            t["status"],
            lower_is_better=t.get("direction") == "at_most",
        )
        for t in rows
    ]


def review_heading(app: ThiduaApplication, campaign_id: UUID) -> dict[str, Any]:
    """What a page about one of the review's reports says of the review (its title, its
    term's programmes by code, its targets in their own words), from the case itself:
    such a page reads no view, so it waits for no catch-up of the views (the report's
    page after each submission)."""
    campaign = load_campaign(app, campaign_id, read_only=True)
    term = load_term(app, campaign.term, read_only=True)
    return {
        "id": campaign_id.hex,
        "campaign": {"title": campaign.title},
        "programmes": {code: p.name for code, p in term.programmes.items()},
        "targets": list(term.targets.values()),
    }


def review_progress(app: ThiduaApplication, campaign_id: UUID, when: Any = None) -> dict[str, Any]:
    """The review's page and API answer: the term, its targets' progress, the steps."""
    found = views.term_progress(app, campaign_id, when)
    state, rollup = found.state, found.rollup
    rows = target_rows(found)
    return {
        "id": campaign_id.hex,
        "campaign": state["campaign"],
        "term": _term(state["term"]),
        "targets": rows,
        "programmes": state["programmes"],
        "milestones": state["milestones"],
        "steps": state["steps"],
        "elapsed_percent": (rollup.elapsed * 100).quantize(Decimal("0.1")),
        "closed_early": closed_early(app, rollup),
    }


def _term(term: dict[str, Any]) -> dict[str, Any]:
    """The term as the view holds it, its early end (if any) with a date."""
    ended = term.get("ended")
    if not ended:
        return term
    return {**term, "ended": {**ended, "on": date.fromisoformat(ended["on"])}}


def closed_early(app: ThiduaApplication, rollup: TermRollup) -> dict[str, Any] | None:
    """How the page, the API and the PDF say the review was closed early: the day, why,
    on what basis, and the participants whose reports were not received."""
    closed = rollup.closed
    if closed is None:
        return None
    keys = [u.hex for u in closed.not_received]
    docs = projector_of(app).store.get_many(directory.NAME, keys)
    missing = []
    for key in keys:
        unit = directory.UnitAsOf(key, docs[key])
        state = unit.as_of(rollup.review_date) or unit.timeline[-1]
        missing.append({"id": key, "code": docs[key]["code"], "name": state.name})
    return {
        "on": closed.on,
        "reason": closed.reason,
        "basis": closed.basis,
        "not_received": sorted(missing, key=lambda m: m["code"]),
    }


def board_rows(app: ThiduaApplication, campaign_id: UUID) -> list[dict[str, Any]]:
    """`report_board` as dicts (pages, API), kept with it. Callers must not change them."""
    return reports_board(app, campaign_id).dict_rows


def report_detail(
    app: ThiduaApplication, campaign_id: UUID, unit_code: str
) -> dict[str, Any] | None:
    """One unit's report as its page shows it (read only: callers must not change it)."""
    report = app.find_read(ReviewReport.id_for(campaign_id, Unit.id_for(unit_code)))
    if report is None:
        return None
    return {
        "status": report.status.value,
        "thematic": report.thematic,
        "theme": report.theme,
        "values": report.values,
        "assessments": report.assessments,
        "narrative": report.narrative,
        "attachments": [a.__dict__ for a in report.attachments.values()],
        "submitted_on": report.submitted_on,
        "days_late": report.days_late,
        "returns": [{"on": on, "comments": c, "resubmit_by": by} for on, c, by in report.returns],
        "accepted_on": report.accepted_on,
        "accepted_by": _accepted_by(app, report),
    }


def _accepted_by(app: ThiduaApplication, report: ReviewReport) -> str | None:
    """Who accepted the report, as a person reads it: the account's display name, else
    (an account since removed, a command run by the system for a unit) the unit's name."""
    if report.accepted_on is None:
        return None
    actor = None
    for e in app.repository.event_store.get(report.id):
        if isinstance(e, ReviewReport.Accepted):
            actor = e.actor
    if actor is None:
        return None
    found = account_of(app, actor.account)
    if found is not None:
        return found.display_name
    unit = app.find_read(actor.unit) if actor.unit is not None else None
    return unit.name if isinstance(unit, Unit) else None


def term_targets(app: ThiduaApplication, campaign_id: UUID) -> list[Target]:
    """The review's term's targets, each with its own words (measure, unit, the labels
    of a ratio's two counts, of a weighted average's weight)."""
    return review_heading(app, campaign_id)["targets"]


def figure_lines(targets: list[Target], values: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """A report's figures in the targets' own words, one entry a target reported: the
    figure as read ("195 CĐCS", "26/30 (86,7 %)") and its parts, each with the target's
    label ("Số doanh nghiệp có tổ chức công đoàn: 26"). Numbers stay Decimal: the page
    formats them in its locale."""
    out = []
    for t in targets:
        figures = values.get(t.code)
        if not figures:
            continue
        parts: list[tuple[str, Decimal, str]] = []
        percent = None
        if t.rollup == Rollup.RATIO:
            n, d = Decimal(figures["numerator"]), Decimal(figures["denominator"])
            parts = [(t.numerator_label, n, ""), (t.denominator_label, d, "")]
            percent = (n * 100 / d).quantize(Decimal("0.1")) if d else None
        elif t.rollup == Rollup.WEIGHTED_AVERAGE:
            parts = [
                (t.measure or t.name, Decimal(figures["value"]), t.unit),
                (t.weight_label, Decimal(figures["weight"]), ""),
            ]
        else:
            parts = [(t.measure or t.name, Decimal(figures["value"]), t.unit)]
        out.append(
            {
                "code": t.code,
                "name": t.name,
                "rollup": t.rollup,
                "unit": t.unit,
                "parts": [{"label": lbl, "value": v, "unit": u} for lbl, v, u in parts],
                "percent": percent,
            }
        )
    return out
