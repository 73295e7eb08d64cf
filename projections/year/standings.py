"""Standings (bảng xếp hạng) of one cluster-year: a fold, and the table read from it.

State is plain JSON data (ids as hex strings, points as decimal strings) so that the
same fold fills the document store, a rebuild and an auditor's as-of replay. `apply`
may change the state it is given and returns it: the caller owns the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.polls.poll import Poll
from domain.year.award import AwardProposal
from domain.year.dossier import Dossier
from domain.year.year import EmulationYear

NAME = "standings"
CASE_KIND = "year"


def empty() -> dict[str, Any]:
    return {
        "year": None,
        "drafts": {},
        "adopted": None,
        "members": [],
        "dossiers": {},
        "scores": {},
        "polls": {},
        "proposal": {},
        "successors": {},
    }


def apply(state: dict[str, Any] | None, event: Any) -> dict[str, Any]:
    s = state if state is not None else empty()
    match event:
        case EmulationYear.Created():
            s.update(
                year=event.year,
                cluster=event.cluster_id.hex,
                members=[m.hex for m in event.members],
                chair=_hex(event.chair),
                vice_chair=_hex(event.vice_chair),
                regulation=event.regulation,
            )
            for m in s["members"]:
                s["scores"].setdefault(m, _member())
        case EmulationYear.CriteriaDrafted():
            s["drafts"][str(event.version)] = event.criteria
        case EmulationYear.CriteriaAdopted():
            s["adopted"] = event.version
        case EmulationYear.RoleHandedOver():
            s[event.role] = event.unit.hex
        case EmulationYear.SuccessorElected():
            s["successors"][event.role] = event.unit.hex
        case EmulationYear.MemberAdmitted():
            _join(s, event.unit.hex)
            s.setdefault("changes", []).append(_change(event, "admitted", event.unit))
        case EmulationYear.MemberWithdrawn():
            _leave(s, event.unit.hex)
            s.setdefault("changes", []).append(_change(event, "withdrawn", event.unit))
        case EmulationYear.DossierTakenOver():
            _leave(s, event.absorbed.hex, event.successor.hex)
            s.setdefault("carried", {})[event.absorbed.hex] = event.successor.hex
            _join(s, event.successor.hex)
            change = _change(event, "taken_over", event.absorbed)
            s.setdefault("changes", []).append({**change, "successor": event.successor.hex})
        case Dossier.Created():
            s["dossiers"][event.originator_id.hex] = event.unit.hex
            s["scores"].setdefault(event.unit.hex, _member())
        case Dossier.Registered():
            _of(s, event).update(
                registered_on=event.on.isoformat(),
                title=event.title,
                registration_late=event.days_late,
            )
        case Dossier.SelfScored():
            _of(s, event)["self"][event.criterion] = str(event.points)
        case Dossier.Appraised():
            m = _of(s, event)
            m["appraised"][event.criterion] = str(event.points)
            if event.reason:
                m["reasons"][event.criterion] = event.reason
        case Poll.Created():
            s["polls"][event.originator_id.hex] = {
                "kind": event.kind,
                "award": event.award,
                "round": event.round,
                "secret": event.secret,
                "method": event.method,
                "options": [o.hex for o in event.options],
                "result": None,
            }
        case Poll.CandidateWithdrawn() if event.outcome in ("replaced", "removed"):
            options = s["polls"][event.originator_id.hex]["options"]
            at = options.index(event.candidate.hex)
            if event.outcome == "replaced" and event.successor is not None:
                options[at] = event.successor.hex
            else:
                del options[at]
        case Poll.Closed():
            s["polls"][event.originator_id.hex]["result"] = {
                "tally": dict(event.tally),
                "passed": [u.hex for u in event.passed],
                "winner": _hex(event.winner),
                "quorum_met": event.quorum_met,
                "participated": event.participated,
                "eligible": event.eligible,
                "closed_on": event.on.isoformat(),
            }
        case AwardProposal.UnitProposed():
            s["proposal"].setdefault("proposed", {}).setdefault(event.award, []).append(
                event.unit.hex
            )
        case AwardProposal.UnitWithdrawn():
            s["proposal"]["proposed"][event.award].remove(event.unit.hex)
        case AwardProposal.Submitted():
            s["proposal"].update(
                submitted_on=event.on.isoformat(),
                reference=event.reference,
                submitted_late=event.days_late,
            )
        case AwardProposal.Received():
            s["proposal"]["received_on"] = event.on.isoformat()
        case AwardProposal.Decided():
            s["proposal"].setdefault("decisions", []).append(
                {
                    "award": event.award,
                    "unit": event.unit.hex,
                    "granted": event.granted,
                    "reference": event.reference,
                }
            )
    return s


def _join(s: dict[str, Any], unit: str) -> None:
    if unit not in s["members"]:
        s["members"].append(unit)
    s["scores"].setdefault(unit, _member())


def _leave(s: dict[str, Any], unit: str, successor: str | None = None) -> None:
    """The member leaves; a role of the year it held passes to its successor (unless
    that one holds the other role) or is vacated, as domain EmulationYear._vacate."""
    if unit in s["members"]:
        s["members"].remove(unit)
    for role, other in (("chair", "vice_chair"), ("vice_chair", "chair")):
        if s.get(role) == unit:
            s[role] = successor if successor != s.get(other) else None
    for role, holder in list(s["successors"].items()):
        if holder == unit:
            if successor is None:
                del s["successors"][role]
            else:
                s["successors"][role] = successor


def _change(event: Any, what: str, unit: Any) -> dict[str, Any]:
    """A decision on the year, as its page and documents list it (dates ISO)."""
    return {
        "what": what,
        "unit": unit.hex,
        "cause": getattr(event, "cause", ""),
        "reason": event.reason,
        "effective": event.effective.isoformat(),
        "on": event.on.isoformat(),
        "by": event.actor.account,
    }


def _member() -> dict[str, Any]:
    return {"self": {}, "appraised": {}, "reasons": {}}


def _of(s: dict[str, Any], event: Any) -> dict[str, Any]:
    return s["scores"][s["dossiers"][event.originator_id.hex]]


def _hex(value: Any) -> str | None:
    return None if value is None else value.hex


# -- the table people read ------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    unit: str
    self_points: dict[str, Decimal]
    appraised_points: dict[str, Decimal]
    self_total: Decimal
    appraised_total: Decimal | None
    bonus: Decimal
    penalty: Decimal
    difference: Decimal | None  # appraised − self
    rank: int | None
    tied: bool = False  # shares its rank with another unit (đồng hạng)
    # the tie-break criterion that put this row below the one above it with the same
    # appraised total ("bonus", "fewer_penalty", ...), when one decided
    decided_by: str | None = None


def table(state: dict[str, Any]) -> list[Row]:
    """Rows ranked by appraised total, ties broken as the regulation says."""
    kinds = _kinds(state)
    rows = []
    carried = [u for u in state.get("carried", {}) if u not in state["members"]]
    for unit in [*state["members"], *carried]:  # a carried dossier keeps its row
        sc = state["scores"].get(unit, _member())
        own = {k: Decimal(v) for k, v in sc["self"].items()}
        appr = {k: Decimal(v) for k, v in sc["appraised"].items()}
        appraised_total = _total(appr, kinds) if appr else None
        basis = appr or own
        rows.append(
            Row(
                unit,
                own,
                appr,
                _total(own, kinds),
                appraised_total,
                _sum(basis, kinds, "bonus"),
                _sum(basis, kinds, "penalty"),
                None if appraised_total is None else appraised_total - _total(own, kinds),
                None,
            )
        )
    ranked = sorted(
        (r for r in rows if r.appraised_total is not None), key=lambda r: _sort_key(r, state)
    )
    keys = [_sort_key(r, state) for r in ranked]
    criteria = _criteria(state)
    out, rank = [], 0
    for i, r in enumerate(ranked):
        same_as_above = i > 0 and keys[i] == keys[i - 1]
        rank = rank if same_as_above else i + 1
        tied = same_as_above or (i + 1 < len(keys) and keys[i + 1] == keys[i])
        decided = None
        if i > 0 and not same_as_above and keys[i][0] == keys[i - 1][0]:
            decided = next(
                c for c, a, b in zip(criteria, keys[i], keys[i - 1], strict=True) if a != b
            )
        out.append(Row(**{**r.__dict__, "rank": rank, "tied": tied, "decided_by": decided}))
    return out + [r for r in rows if r.appraised_total is None]


def leading_unit(state: dict[str, Any]) -> str | None:
    for poll in state["polls"].values():
        if poll["kind"] == "leading" and poll["result"] and poll["result"]["winner"]:
            return poll["result"]["winner"]
    return None


def _kinds(state: dict[str, Any]) -> dict[str, str]:
    if state["adopted"] is None:
        return {}
    tree = state["drafts"][str(state["adopted"])]
    return {c["code"]: c.get("kind", "standard") for s in tree["sections"] for c in s["criteria"]}


def _total(points: dict[str, Decimal], kinds: dict[str, str]) -> Decimal:
    sign = {"standard": 1, "bonus": 1, "penalty": -1}
    return sum((sign[kinds.get(k, "standard")] * v for k, v in points.items()), Decimal(0))


def _sum(points: dict[str, Decimal], kinds: dict[str, str], kind: str) -> Decimal:
    return sum((v for k, v in points.items() if kinds.get(k) == kind), Decimal(0))


def _criteria(state: dict[str, Any]) -> list[str]:
    """The ranking's criteria in order: the appraised total, then the tie-breaks."""
    return ["appraised_total", *state.get("regulation", {}).get("tie_break", ["appraised_total"])]


def _sort_key(row: Row, state: dict[str, Any]) -> tuple[Any, ...]:
    registered = state["scores"].get(row.unit, {}).get("registered_on") or "9999"
    values = {
        "appraised_total": -(row.appraised_total or 0),
        "bonus": -row.bonus,
        "fewer_penalty": row.penalty,
        "self_total": -row.self_total,
        "earlier_registration": registered,
    }
    return tuple(values[r] for r in _criteria(state))
