"""Command handlers for units (đơn vị): register, rename, move, merge, dissolve."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.org.unit import Unit, UnitKind
from service.platform.app import ThiduaApplication, ensure_new, execute, load, update
from service.platform.auth import Principal, require_role


def unit_by_code(app: ThiduaApplication, code: str, read_only: bool = False) -> Unit:
    """The unit (to change, or `read_only` for a command that only looks at it)."""
    return load(app, Unit.id_for(code), f"đơn vị {code}", read_only)


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
        ensure_new(app, Unit.id_for(code), f"đơn vị {code}")
        parent = unit_by_code(app, parent_code).id if parent_code else None
        unit = Unit.register(code, UnitKind(kind), name, parent, on)
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
        unit.move(unit_by_code(app, parent_code).id if parent_code else None, on)

    update(app, who.actor, lambda: unit_by_code(app, code), move)


def merge_unit(app: ThiduaApplication, who: Principal, code: str, into_code: str, on: date) -> None:
    require_role(who)
    update(
        app,
        who.actor,
        lambda: unit_by_code(app, code),
        lambda u: u.merge_into(unit_by_code(app, into_code), on),
    )


def dissolve_unit(app: ThiduaApplication, who: Principal, code: str, on: date) -> None:
    require_role(who)
    update(app, who.actor, lambda: unit_by_code(app, code), lambda u: u.dissolve(on))
