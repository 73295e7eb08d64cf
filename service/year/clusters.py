"""Command handlers for clusters and their emulation years.

Who may act is derived from events: the year's chair and vice-chair come from the
opening of the first year or from the previous year's election; members are the
cluster's members when the year opened.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from domain.org.cluster import Cluster
from domain.org.regulation import Regulation
from domain.year.criteria import Criteria
from domain.year.plan import PlanTask, default_plan
from domain.year.year import EmulationYear
from service.org.units import unit_by_code
from service.platform.app import ThiduaApplication, ensure_new, execute, load, update
from service.platform.auth import Principal, allow, require_role


def cluster_by_code(app: ThiduaApplication, code: str) -> Cluster:
    return load(app, Cluster.id_for(code), f"Cụm {code}")


def year_of(app: ThiduaApplication, year_id: UUID) -> EmulationYear:
    """The year to change."""
    return load(app, year_id, "năm thi đua")


def read_year(app: ThiduaApplication, year_id: UUID) -> EmulationYear:
    """The year for a command that only reads it (its criteria, deadlines, chair)."""
    return load(app, year_id, "năm thi đua", read_only=True)


def year_by_code(app: ThiduaApplication, cluster_code: str, year: int) -> EmulationYear:
    cluster = cluster_by_code(app, cluster_code)
    return load(app, EmulationYear.id_for(cluster.id, year), f"năm thi đua {year}")


def is_chair(who: Principal, year: EmulationYear) -> bool:
    return who.unit is not None and who.unit == year.chair


def is_chair_team(who: Principal, year: EmulationYear) -> bool:
    """Thường trực Cụm: the chair and vice-chair units of the year."""
    return who.unit is not None and who.unit in (year.chair, year.vice_chair)


def may_draft_criteria(app: ThiduaApplication, who: Principal, year: EmulationYear) -> bool:
    """The year's chair, or while its roles are pending, last year's vice-chair."""
    if who.is_admin or is_chair(who, year):
        return True
    if year.chair is None:
        previous = app.find(EmulationYear.id_for(year.cluster_id, year.year - 1))
        return previous is not None and who.unit == previous.vice_chair
    return False


# -- clusters -------------------------------------------------------------------------
def establish_cluster(
    app: ThiduaApplication,
    who: Principal,
    code: str,
    name: str,
    on: date,
    regulation: Regulation | None = None,
) -> UUID:
    require_role(who)

    def run() -> UUID:
        ensure_new(app, Cluster.id_for(code), f"Cụm {code}")
        cluster = Cluster.establish(code, name, regulation or Regulation(), on)
        app.save(cluster)
        return cluster.id

    return execute(app, who.actor, run)


def _admin_change(app: ThiduaApplication, who: Principal, cluster_code: str, change: Any) -> None:
    require_role(who)
    update(app, who.actor, lambda: cluster_by_code(app, cluster_code), change)


def admit_member(
    app: ThiduaApplication,
    who: Principal,
    cluster_code: str,
    unit_code: str,
    on: date,
    reason: str = "",
) -> None:
    """Admit an active unit to the cluster from `on`. An open year of the cluster does
    not change by itself: its chair (or the administrator) decides whether the unit
    joins it (service/year/changes.py), and the year page shows that decision pending."""
    _admin_change(
        app,
        who,
        cluster_code,
        lambda c: c.admit(unit_by_code(app, unit_code, read_only=True), on, reason),
    )


def remove_member(
    app: ThiduaApplication,
    who: Principal,
    cluster_code: str,
    unit_code: str,
    on: date,
    reason: str = "",
) -> None:
    """The unit leaves the cluster on `on`; an open year records its withdrawal by a
    decision (pending on the year page until made)."""
    _admin_change(
        app,
        who,
        cluster_code,
        lambda c: c.remove(unit_by_code(app, unit_code, read_only=True).id, on, reason),
    )


def adopt_regulation(
    app: ThiduaApplication, who: Principal, cluster_code: str, regulation: Regulation, on: date
) -> None:
    _admin_change(app, who, cluster_code, lambda c: c.adopt_regulation(regulation, on))


# -- years ---------------------------------------------------------------------------
def open_year(
    app: ThiduaApplication,
    who: Principal,
    cluster_code: str,
    year: int,
    on: date,
    chair_code: str | None = None,
    vice_code: str | None = None,
    plan: list[PlanTask] | None = None,
) -> UUID:
    """Open a cluster-year. Roles come from last year's election when there was one;
    only the first year (no previous year) takes them from the administrator."""

    def run() -> UUID:
        cluster = cluster_by_code(app, cluster_code)
        year_id = EmulationYear.id_for(cluster.id, year)
        previous = app.find(EmulationYear.id_for(cluster.id, year - 1))
        allow(who.is_admin or (previous is not None and who.unit == previous.vice_chair))
        ensure_new(app, year_id, f"năm thi đua {year} của Cụm")
        if previous is not None:
            if chair_code or vice_code:
                raise DomainError("year.roles_from_election")
            chair = previous.successors.get("chair")
            vice = previous.successors.get("vice_chair")
        else:
            chair = unit_by_code(app, chair_code).id if chair_code else None
            vice = unit_by_code(app, vice_code).id if vice_code else None
            if chair is None or vice is None:
                raise DomainError("year.no_chair")
        opened = EmulationYear.open(
            cluster.id,
            year,
            chair,
            vice,
            sorted(cluster.members, key=str),
            cluster.regulation_on(on),  # the version in force: the year keeps it
            plan or default_plan(year),
            on,
        )
        app.save(opened)
        return opened.id

    return execute(app, who.actor, run)


def successor_changes(
    app: ThiduaApplication, year: EmulationYear, role: str, unit: UUID, poll: UUID, on: date
) -> list[Any]:
    """Record an election's winner on `year`; hand the role to next year if it is open.

    Returns the aggregates to save together with the poll (one transaction)."""
    year.record_successor(role, unit, poll, on)
    changed: list[Any] = [year]
    following = app.find(EmulationYear.id_for(year.cluster_id, year.year + 1))
    if following is not None:
        following.hand_over(role, unit, poll, on)
        changed.append(following)
    return changed


def _chair_command(app: ThiduaApplication, who: Principal, year_id: UUID, change: Any) -> Any:
    def fetch() -> EmulationYear:
        year = year_of(app, year_id)
        allow(who.is_admin or is_chair(who, year))
        return year

    return update(app, who.actor, fetch, change)


def set_plan_task(
    app: ThiduaApplication, who: Principal, year_id: UUID, task: PlanTask, on: date | None = None
) -> None:
    _chair_command(app, who, year_id, lambda y: y.set_task(task, on))


def remove_plan_task(
    app: ThiduaApplication, who: Principal, year_id: UUID, key: str, on: date | None = None
) -> None:
    _chair_command(app, who, year_id, lambda y: y.remove_task(key, on))


def adopt_plan(app: ThiduaApplication, who: Principal, year_id: UUID, on: date) -> None:
    _chair_command(app, who, year_id, lambda y: y.adopt_plan(on))


def register_with_confederation(
    app: ThiduaApplication, who: Principal, year_id: UUID, reference: str, on: date
) -> int:
    return _chair_command(app, who, year_id, lambda y: y.register_with_confederation(reference, on))


def name_signers(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    signers: dict[str, tuple[str, str]],
    on: date,
) -> int:
    """The chair records who signs the year's documents (role → name, title); the
    bundle, its Word files and its as-of copies name them. Returns how many changed."""

    def change(year: EmulationYear) -> int:
        return sum(
            year.name_signer(role, name, title, on) for role, (name, title) in signers.items()
        )

    return int(_chair_command(app, who, year_id, change))


def send_compiled_report(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    kind: str,
    summary: str,
    attachments: list[dict[str, Any]],
    on: date,
) -> int:
    return _chair_command(
        app, who, year_id, lambda y: y.send_compiled_report(kind, summary, attachments, on)
    )


def reopen_window(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    task: str,
    until: date,
    reason: str,
    on: date,
) -> None:
    _chair_command(app, who, year_id, lambda y: y.reopen_window(task, until, reason, on))


# -- criteria and pact ----------------------------------------------------------------
def draft_criteria(
    app: ThiduaApplication, who: Principal, year_id: UUID, criteria: Criteria, on: date
) -> int:
    def run() -> int:
        year = year_of(app, year_id)
        allow(may_draft_criteria(app, who, year))
        version = year.draft_criteria(criteria, on)
        app.save(year)
        return version

    return execute(app, who.actor, run)


def adopt_criteria(
    app: ThiduaApplication, who: Principal, year_id: UUID, version: int, on: date
) -> None:
    def run() -> None:
        year = year_of(app, year_id)
        allow(may_draft_criteria(app, who, year))
        year.adopt_criteria(version, on)
        app.save(year)

    execute(app, who.actor, run)


def _member_command(app: ThiduaApplication, who: Principal, year_id: UUID, change: Any) -> None:
    def fetch() -> EmulationYear:
        year = year_of(app, year_id)
        allow(who.unit is not None and year.is_member(who.unit))
        return year

    update(app, who.actor, fetch, lambda year: change(year, who.unit))


def comment_criteria(
    app: ThiduaApplication, who: Principal, year_id: UUID, version: int, text: str, on: date
) -> None:
    _member_command(app, who, year_id, lambda y, u: y.comment_criteria(u, version, text, on))


def sign_pact(app: ThiduaApplication, who: Principal, year_id: UUID, on: date) -> None:
    _member_command(app, who, year_id, lambda y, u: y.sign_pact(u, on))


def report_task(
    app: ThiduaApplication, who: Principal, year_id: UUID, task: str, note: str, on: date
) -> int:
    """Báo cáo đã thực hiện a plan task: members for their own unit, the chair's office for its."""

    def run() -> int:
        year = year_of(app, year_id)
        role = year.task(task).role
        if role == "members":
            allow(who.unit is not None and year.is_member(who.unit))
            assert who.unit is not None
            party = who.unit.hex
        else:
            allow(who.is_admin or is_chair_team(who, year))
            party = "vice_chair" if role == "vice_chair" else "chair"
        late = year.report_task(task, party, note, on)
        app.save(year)
        return late

    return execute(app, who.actor, run)
