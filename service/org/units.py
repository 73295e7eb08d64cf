"""Command handlers for units (đơn vị): register, rename, move, merge, split, dissolve.

A merge and a split are written on every side in one transaction (the absorbed unit's
`MergedInto` with the absorbing one's `Absorbed`; the source's `SplitInto` with each new
unit's `SplitFrom`). Merging several units into a *new* one (the 2025 provinces) is one
command: register the new unit, merge each into it. None of this changes an open
cluster year by itself: the year's people in charge decide (service/year/changes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.kernel.base import DomainError, require
from domain.org.unit import Unit, UnitKind, check_placement
from service.platform.app import ThiduaApplication, ensure_new, execute, load, update
from service.platform.auth import Principal, require_role


def unit_by_code(app: ThiduaApplication, code: str, read_only: bool = False) -> Unit:
    """The unit (to change, or `read_only` for a command that only looks at it)."""
    return load(app, Unit.id_for(code), f"đơn vị {code}", read_only)


def _new_unit(
    app: ThiduaApplication,
    code: str,
    kind: UnitKind | str,
    name: str,
    on: date,
    parent: Unit | None,
) -> Unit:
    ensure_new(app, Unit.id_for(code), f"đơn vị {code}")
    check_placement(UnitKind(kind), parent)
    return Unit.register(code, UnitKind(kind), name, parent.id if parent else None, on)


def register_unit(
    app: ThiduaApplication,
    who: Principal,
    code: str,
    kind: UnitKind | str,
    name: str,
    on: date,
    parent_code: str | None = None,
) -> UUID:
    require_role(who)

    def run() -> UUID:
        parent = unit_by_code(app, parent_code, read_only=True) if parent_code else None
        unit = _new_unit(app, code, kind, name, on, parent)
        app.save(unit)
        return unit.id

    return execute(app, who.actor, run)


def rename_unit(app: ThiduaApplication, who: Principal, code: str, name: str, on: date) -> None:
    require_role(who)
    update(app, who.actor, lambda: unit_by_code(app, code), lambda u: u.rename(name, on))


def move_unit(
    app: ThiduaApplication, who: Principal, code: str, parent_code: str | None, on: date
) -> None:
    require_role(who)

    def move(unit: Unit) -> None:
        parent = unit_by_code(app, parent_code, read_only=True) if parent_code else None
        check_placement(unit.kind, parent)
        unit.move(parent.id if parent else None, on)

    update(app, who.actor, lambda: unit_by_code(app, code), move)


def merge_unit(app: ThiduaApplication, who: Principal, code: str, into_code: str, on: date) -> None:
    """Merge unit `code` into the existing unit `into_code` from `on` (both sides saved)."""
    require_role(who)

    def run() -> None:
        unit, target = unit_by_code(app, code), unit_by_code(app, into_code)
        unit.merge_into(target, on)
        app.save(unit, target)

    execute(app, who.actor, run)


def merge_into_new(
    app: ThiduaApplication,
    who: Principal,
    codes: Sequence[str],
    new_code: str,
    kind: UnitKind | str,
    name: str,
    on: date,
    parent_code: str | None = None,
) -> UUID:
    """Several units merged into a new one (registered on `on`): one command, one save."""
    require_role(who)
    wanted = [c.strip().upper() for c in codes if c.strip()]
    require(bool(wanted), "unit.merge_sources_required")
    require(len(set(wanted)) == len(wanted), "unit.merge_sources_duplicate")

    def run() -> UUID:
        parent = unit_by_code(app, parent_code, read_only=True) if parent_code else None
        new = _new_unit(app, new_code, kind, name, on, parent)
        merged = [unit_by_code(app, code) for code in wanted]
        for unit in merged:
            unit.merge_into(new, on)
        app.save(new, *merged)
        return new.id

    return execute(app, who.actor, run)


def split_unit(
    app: ThiduaApplication,
    who: Principal,
    code: str,
    parts: Sequence[tuple[str, str]],
    on: date,
) -> list[UUID]:
    """Split unit `code` on `on` into new units `parts` ((code, name) each), of its kind
    and under its parent; every side saved in one transaction."""
    require_role(who)
    require(all(c.strip() and n.strip() for c, n in parts), "unit.split_parts_invalid")

    def run() -> list[UUID]:
        source = unit_by_code(app, code)
        require(source.is_active, "unit.not_active")
        parent = app.read(source.parent) if source.parent else None
        if parent is not None and not isinstance(parent, Unit):
            raise DomainError("store.not_found", what="đơn vị cấp trên")
        new = [_new_unit(app, c, source.kind, n, on, parent) for c, n in parts]
        source.split_into(new, on)
        app.save(source, *new)
        return [u.id for u in new]

    return execute(app, who.actor, run)


def dissolve_unit(app: ThiduaApplication, who: Principal, code: str, on: date) -> None:
    require_role(who)
    update(app, who.actor, lambda: unit_by_code(app, code), lambda u: u.dissolve(on))
