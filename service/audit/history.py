"""What auditors read: a case's history with what each event changed, the chain's head,
and the last recorded verification.

A history entry says who (account, on behalf of which unit), when (recorded; and the
day the action counts for), what (the event's kind and fields) and what changed: for an
event that restates something said before on the same stream and subject (a criterion's
self-score, a task, a target's figures...), the fields whose values differ, old → new.
A sealed ballot's content is never shown: it is opened only when the poll closes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.audit.trail import AuditTrail
from domain.polls.poll import Poll
from service.audit.chain import VerifyReport
from service.platform.app import ThiduaApplication, execute
from service.platform.auth import Principal, require_role
from service.platform.eventlog import case_notifications
from service.views.projector import projector_of

HIDDEN = {
    "originator_id",
    "originator_version",
    "timestamp",
    "actor",
    "originator_topic",
    "late_reason",  # the entry's own (HistoryEntry.late_reason), beside its `on`
}
SUBJECT_FIELDS = (
    "criterion",
    "task",
    "target",
    "kind",
    "role",
    "member",
    "programme",
    "committee",
    "award",
    "unit",
    "code",
    "account",
)
SEALED = (Poll.BallotSealed,)


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    position: int
    recorded_at: datetime
    account: str
    unit: UUID | None
    topic: str
    kind: str  # the event class name, e.g. "SelfScored"
    aggregate: str  # e.g. "Dossier"
    originator: UUID
    version: int
    on: date | None  # the day the action counts for, when the event says
    late_reason: str  # why it was entered late ("" when it was not)
    fields: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    sealed: bool = False


def case_history(
    app: ThiduaApplication,
    case_id: UUID,
    *,
    account: str | None = None,
    unit: UUID | None = None,
    kind: str | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
) -> list[HistoryEntry]:
    """The case's events in log order, each with its changes; then filtered."""
    projector_of(app).catch_up()  # the case index must know every stream of the case
    originators = projector_of(app).store.originators_of(case_id) or [case_id]
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    entries = []
    for n in case_notifications(app, originators):
        event: Any = app.mapper.to_domain_event(n)
        entries.append(_entry(n.id, event, seen))
    return [e for e in entries if _keep(e, account, unit, kind, day_from, day_to)]


def event_fields(app: ThiduaApplication, originator: UUID, version: int) -> dict[str, Any]:
    """One stored event's fields (what the timeline's row points at); a sealed ballot's
    content never (it is opened only when the poll closes)."""
    stored = app.recorder.select_events(originator, gt=version - 1, lte=version)
    if not stored:
        return {}
    event: Any = app.mapper.to_domain_event(stored[0])
    if isinstance(event, SEALED):
        return {}
    return {k: v for k, v in event.__dict__.items() if k not in HIDDEN}


def _entry(position: int, event: Any, seen: dict[tuple[Any, ...], dict[str, Any]]) -> HistoryEntry:
    cls = type(event)
    sealed = isinstance(event, SEALED)
    fields = {} if sealed else {k: v for k, v in event.__dict__.items() if k not in HIDDEN}
    on = getattr(event, "on", None)
    subject = tuple((f, str(fields[f])) for f in SUBJECT_FIELDS if f in fields)
    key = (event.originator_id, cls.__qualname__, subject)
    previous = seen.get(key)
    changes = (
        []
        if previous is None
        else [Change(k, previous.get(k), v) for k, v in fields.items() if previous.get(k) != v]
    )
    seen[key] = fields
    topic = getattr(cls, "TOPIC", cls.__qualname__)
    actor = getattr(event, "actor", None)
    return HistoryEntry(
        position=position,
        recorded_at=event.timestamp,
        account=actor.account if actor else "",
        unit=actor.unit if actor else None,
        topic=topic,
        kind=cls.__name__,
        aggregate=cls.__qualname__.split(".")[0],
        originator=event.originator_id,
        version=event.originator_version,
        on=on if isinstance(on, date) else None,
        late_reason=str(getattr(event, "late_reason", "") or ""),
        fields=fields,
        changes=changes,
        sealed=sealed,
    )


def _keep(
    e: HistoryEntry,
    account: str | None,
    unit: UUID | None,
    kind: str | None,
    day_from: date | None,
    day_to: date | None,
) -> bool:
    day = e.recorded_at.date()
    return (
        (account is None or e.account == account)
        and (unit is None or e.unit == unit)
        and (kind is None or e.kind == kind)
        and (day_from is None or day >= day_from)
        and (day_to is None or day <= day_to)
    )


# -- the chain as auditors see it ---------------------------------------------------------
@dataclass(frozen=True)
class ChainStatus:
    position: int
    head: str
    events: int
    last_verification: dict[str, Any] | None


def chain_status(app: ThiduaApplication) -> ChainStatus:
    position, head = app.recorder.chain_head()  # type: ignore[attr-defined]
    trail = app.find(AuditTrail.id_for())
    last = None
    if trail is not None and trail.last is not None:
        last = {**trail.last, "at": trail.modified_on}
    return ChainStatus(position, head.hex(), app.recorder.max_notification_id() or 0, last)


def record_verification(app: ThiduaApplication, who: Principal, report: VerifyReport) -> None:
    """Append the outcome of `audit verify` to the audit trail (an event on the chain)."""
    require_role(who)

    def run() -> None:
        trail = app.find(AuditTrail.id_for()) or AuditTrail()
        reached = report.reached
        message = report.problem.message() if report.problem else ""
        trail.record(
            report.ok, report.checked, reached.position, reached.head, reached.merkle_root, message
        )
        app.save(trail)

    execute(app, who.actor, run)
