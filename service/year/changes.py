"""Organisation changes that reach an open cluster year, and the decisions on them.

A unit merged, split or dissolved, or a member admitted to or removed from the
cluster, never changes an open year silently. The year shows a *pending decision* to
the people in charge (the year's chair and the administrator), computed here from the
units and the cluster as they stand, with the sensible default offered:

- a member merged (or split): its successor **takes over** its dossier (history kept
  under the old name, scores and reports carried, the successor answers for it from
  now on), or it **withdraws** from the year;
- a member dissolved, or removed from the cluster: it **withdraws**;
- a unit admitted to the cluster after the year opened: it is **admitted** to the
  year (its dossier opened).

Each decision is events with who (the actor), the date decided (`on`), the change's
effective date and a reason: on the year, on the dossiers, on the cluster (a merged
or dissolved unit leaves it, a successor joins it) and on every open poll of the year.

Votes: a merged body votes once. A poll opened later takes the year's members, so it
counts the successor once; opening a poll is refused while a decision is pending. In
a poll open at the time of the decision (domain/polls/poll.py, Poll.VoterWithdrawn):
the leaving unit that has not voted loses its vote (its successor takes its seat if it
had none); if it voted and its successor had not, that ballot stands as the merged
body's one vote; if both voted (or the unit withdraws after voting), its ballot must
not count: an open ballot is set aside, and a **secret ballot poll is void** and the
chair opens a new round, because no one can tell which sealed ballot was whose.

A decision reaches the years whose calendar year has not ended before the change
took effect (`reaches`); earlier years keep the unit as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError, require
from domain.org.cluster import Cluster
from domain.org.unit import Unit, UnitStatus
from domain.polls.poll import Participation, Poll
from domain.year.dossier import Dossier
from domain.year.year import EmulationYear
from service.platform.app import ThiduaApplication, execute, load
from service.platform.auth import Principal, allow
from service.year.clusters import is_chair, year_of

MAX_ROUNDS = 20
MAX_CHAIN = 20  # successors followed through later changes (X → Y → Z)
CAUSE_OF = {
    UnitStatus.MERGED: "merged",
    UnitStatus.SPLIT: "split",
    UnitStatus.DISSOLVED: "dissolved",
}


@dataclass(frozen=True)
class Pending:
    """A decision the year waits for."""

    unit: UUID
    cause: str  # "merged", "split", "dissolved", "left_cluster", "joined_cluster"
    effective: date
    successors: tuple[UUID, ...]  # active units that may take over (merge, split)
    default: str  # "take_over", "withdraw" or "admit"

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit.hex,
            "cause": self.cause,
            "effective": self.effective,
            "successors": [s.hex for s in self.successors],
            "default": self.default,
            "default_successor": self.successors[0].hex if self.successors else None,
        }


def reaches(year: EmulationYear, effective: date) -> bool:
    """A change effective on `effective` reaches `year` unless that year had ended."""
    return effective.year <= year.year


def _unit(app: ThiduaApplication, unit: UUID) -> Unit | None:
    found = app.find(unit)
    return found if isinstance(found, Unit) else None


def active_successors(app: ThiduaApplication, unit: Unit) -> tuple[UUID, ...]:
    """The active units that carry `unit` on, following later changes (X → Y → Z)."""
    found: list[UUID] = []
    todo, seen = list(unit.current.successors), {unit.id}
    while todo and len(seen) < MAX_CHAIN:
        nxt = todo.pop(0)
        if nxt in seen:
            continue
        seen.add(nxt)
        other = _unit(app, nxt)
        if other is None:
            continue
        if other.is_active:
            found.append(nxt)
        else:
            todo.extend(other.current.successors)
    return tuple(found)


def pending(app: ThiduaApplication, year: EmulationYear) -> list[Pending]:
    """The decisions the year waits for (see the module's docstring)."""
    cluster: Cluster = app.read(year.cluster_id)
    out: list[Pending] = []
    for member in year.members:
        unit = _unit(app, member)
        if unit is None:
            continue
        if not unit.is_active:
            effective = max(unit.current.since, year.opened_on)
            if reaches(year, unit.current.since):
                successors = active_successors(app, unit)
                default = "take_over" if successors else "withdraw"
                out.append(Pending(member, CAUSE_OF[unit.status], effective, successors, default))
        elif member not in cluster.members:
            left = [m.left_on for m in cluster.history if m.unit == member and m.left_on]
            when = max(left) if left else year.opened_on
            if reaches(year, when):
                out.append(
                    Pending(member, "left_cluster", max(when, year.opened_on), (), "withdraw")
                )
    for member, joined in cluster.members.items():
        if member in year.members or member in year.carried_by or not reaches(year, joined):
            continue
        gone = year.departed.get(member)
        if gone is not None and gone.on >= joined:
            continue  # it left the year after it joined the cluster: decided
        unit = _unit(app, member)
        if unit is not None and unit.is_active:
            effective = max(joined, year.opened_on)
            out.append(Pending(member, "joined_cluster", effective, (), "admit"))
    return out


def pending_of(app: ThiduaApplication, year_id: UUID) -> list[dict[str, Any]]:
    """The year's pending decisions, for its page, the API and the home tasks."""
    return [p.to_dict() for p in pending(app, app.read(year_id))]


def may_decide(who: Principal, year: EmulationYear) -> bool:
    return who.is_admin or is_chair(who, year)


def refuse_if_pending(app: ThiduaApplication, year: EmulationYear) -> None:
    """Opening a poll waits for the year's decisions (so a merged body votes once)."""
    count = len(pending(app, year))
    require(count == 0, "year.pending_decisions", count=count)


# -- the decisions ---------------------------------------------------------------------
def take_over(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    unit: UUID,
    successor: UUID,
    reason: str,
    on: date,
) -> None:
    """The successor takes over `unit`'s dossier in the open year (see the docstring)."""

    def run() -> None:
        year = year_of(app, year_id)
        allow(may_decide(who, year))
        changed = _unit_or_404(app, unit)
        require(not changed.is_active, "year.unit_active")
        successors = active_successors(app, changed)
        require(bool(successors), "year.no_successor")  # dissolved: it can only withdraw
        chosen = _unit(app, successor)
        require(chosen is None or chosen.is_active, "year.successor_inactive")
        require(successor in successors, "year.not_a_successor")
        cause = CAUSE_OF[changed.status]
        effective = max(changed.current.since, year.opened_on)
        cluster: Cluster = app.get(year.cluster_id)
        saved: list[Any] = [year, cluster]
        if unit in cluster.members:
            cluster.remove(unit, max(effective, cluster.members[unit]), reason)
        if successor not in cluster.members:
            cluster.admit(load(app, successor, "đơn vị", read_only=True), effective, reason)
        new_member = not year.is_member(successor)
        year.take_over(unit, successor, reason, cause, effective, on)
        dossier = app.find(Dossier.id_for(year.id, unit))
        if dossier is not None:
            dossier.take_over(successor, reason, on)
            saved.append(dossier)
        if new_member and not app.exists(Dossier.id_for(year.id, successor)):
            saved.append(Dossier(year_id=year.id, unit=successor))
        saved += _reach_polls(app, year, unit, successor, reason, on)
        app.save(*saved)

    execute(app, who.actor, run)


def withdraw(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    unit: UUID,
    reason: str,
    on: date,
) -> None:
    """`unit` withdraws from the open year: its dossier is closed as it stands, its vote
    in open polls goes (see the docstring), a merged or dissolved unit leaves the cluster."""

    def run() -> None:
        year = year_of(app, year_id)
        allow(may_decide(who, year))
        changed = _unit_or_404(app, unit)
        cluster: Cluster = app.get(year.cluster_id)
        saved: list[Any] = [year]
        if not changed.is_active:
            cause, effective = CAUSE_OF[changed.status], changed.current.since
            if unit in cluster.members:
                cluster.remove(unit, max(effective, cluster.members[unit]), reason)
                saved.append(cluster)
        elif unit not in cluster.members:
            left = [m.left_on for m in cluster.history if m.unit == unit and m.left_on]
            cause, effective = "left_cluster", max(left) if left else on
        else:
            cause, effective = "", on
        year.withdraw_member(unit, reason, cause, max(effective, year.opened_on), on)
        dossier = app.find(Dossier.id_for(year.id, unit))
        if dossier is not None and dossier.withdrawn is None:
            dossier.withdraw(reason, on)
            saved.append(dossier)
        saved += _reach_polls(app, year, unit, None, reason, on)
        app.save(*saved)

    execute(app, who.actor, run)


def admit(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    unit: UUID,
    reason: str,
    on: date,
) -> None:
    """A unit admitted to the cluster joins the open year; its dossier is opened."""

    def run() -> None:
        year = year_of(app, year_id)
        allow(may_decide(who, year))
        joining = _unit_or_404(app, unit)
        require(joining.is_active, "cluster.unit_inactive", name=joining.name)
        cluster: Cluster = app.read(year.cluster_id)
        require(unit in cluster.members, "year.not_in_cluster")
        effective = max(cluster.members[unit], year.opened_on)
        year.admit_member(unit, reason, effective, on)
        saved: list[Any] = [year]
        if not app.exists(Dossier.id_for(year.id, unit)):
            saved.append(Dossier(year_id=year.id, unit=unit))
        app.save(*saved)

    execute(app, who.actor, run)


def _unit_or_404(app: ThiduaApplication, unit: UUID) -> Unit:
    found = _unit(app, unit)
    if found is None:
        raise DomainError("store.not_found", what="đơn vị")
    return found


def open_polls(app: ThiduaApplication, year: EmulationYear) -> list[Poll]:
    """The year's polls still open (not closed, not void), every kind and round."""
    keys = [("leading", None)] + [("award", a.code) for a in year.regulation.awards]
    found = []
    for kind, award in [*keys, ("chair", None), ("vice_chair", None)]:
        for number in range(1, MAX_ROUNDS + 1):
            poll = app.find(Poll.id_for(year.id, kind, award, number))
            if poll is None:
                break
            if not poll.is_closed and not poll.is_void:
                found.append(poll)
    return found


def _reach_polls(
    app: ThiduaApplication,
    year: EmulationYear,
    unit: UUID,
    successor: UUID | None,
    reason: str,
    on: date,
) -> list[Poll]:
    """The decision reaches each open poll where `unit` is a candidate
    (Poll.withdraw_candidate: its successor stands in its place, or it is removed; with
    ballots already in, the poll is void) or a voter (Poll.withdraw_voter)."""
    changed = []
    for poll in open_polls(app, year):
        if unit in poll.voters:
            voted = app.exists(Participation.id_for(poll.id, unit))
            successor_voted = successor is not None and (
                app.exists(Participation.id_for(poll.id, successor)) or successor in poll.stand_ins
            )
            poll.withdraw_voter(unit, successor, voted, successor_voted, reason, on)
            changed.append(poll)
        if unit in poll.options and not poll.is_void:  # Poll.CandidateWithdrawn
            poll.withdraw_candidate(unit, successor, reason, on)
            if poll not in changed:
                changed.append(poll)
    return changed
