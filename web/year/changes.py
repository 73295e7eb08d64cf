"""Decisions on organisation changes that reach an open year (service/year/changes.py):
the successor takes over a merged or split member's dossier, a member withdraws, a
unit admitted to the cluster joins the year. Each form offers the pending change's
sensible default (the unit, its successor); the year page lists what is pending."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l

from service.year import changes
from web.shell.actions import Action, Ctx
from web.shell.fields import Base, Id, Text, label
from web.year.years import year_context, year_url

bp = Blueprint("changes", __name__)
Y = "/years/<uuid:year_id>"

CAUSES = {
    "merged": _l("đã hợp nhất"),
    "split": _l("đã chia tách"),
    "dissolved": _l("đã giải thể"),
    "left_cluster": _l("đã rời Cụm"),
    "joined_cluster": _l("mới được kết nạp vào Cụm"),
}


class TakeOverForm(Base):
    unit = Id(metadata=label(_l("Đơn vị đã hợp nhất hoặc chia tách"), widget="select"))
    successor = Id(metadata=label(_l("Đơn vị tiếp nhận hồ sơ"), widget="select"))
    reason = Text(max_length=1000, metadata=label(_l("Lý do (căn cứ quyết định)")))


class UnitDecisionForm(Base):
    unit = Id(metadata=label(_l("Đơn vị"), widget="select"))
    reason = Text(max_length=1000, metadata=label(_l("Lý do (căn cứ quyết định)")))


def _choices(ctx: Ctx, defaults: tuple[str, ...]) -> dict[str, Any]:
    """The pending changes as choices; the one asked for (?unit=) or the first whose
    default is among `defaults` comes preselected, with its default successor."""
    info = year_context(ctx)
    year = info["year"]
    names = year["names"]
    pending = [p for p in year["pending"] if p["default"] in defaults or not defaults]
    units = [
        (p["unit"], f"{names.get(p['unit'], p['unit'])} ({CAUSES.get(p['cause'], '')})")
        for p in pending
    ]
    members = [(m["id"], m["name"]) for m in year["members"]]
    wanted = request.args.get("unit")
    chosen = next((p for p in pending if p["unit"] == wanted), pending[0] if pending else None)
    successors = [(s, names.get(s, s)) for p in pending for s in p["successors"]]
    values = {}
    if chosen is not None:
        values = {"unit": chosen["unit"], "successor": chosen.get("default_successor") or ""}
    return {
        **info,
        "choices": {"unit": units or members, "successor": successors},
        "values": values,
    }


def take_over_choices(ctx: Ctx) -> dict[str, Any]:
    return _choices(ctx, ("take_over",))


def withdraw_choices(ctx: Ctx) -> dict[str, Any]:
    found = _choices(ctx, ())
    members = [(m["id"], m["name"]) for m in found["year"]["members"]]
    pending = [u for u in found["choices"]["unit"] if u[0] not in dict(members)]
    found["choices"]["unit"] = pending + members  # any member may withdraw, by decision
    return found


def admit_choices(ctx: Ctx) -> dict[str, Any]:
    return _choices(ctx, ("admit",))


ACTIONS = [
    Action("take_over", Y + "/changes/take-over", _l("Đơn vị kế thừa tiếp nhận hồ sơ thi đua"),
           TakeOverForm, lambda c, d: changes.take_over(
               c.app, c.who, c.args["year_id"], d["unit"], d["successor"], d["reason"], c.today),
           year_url, prepare=take_over_choices, tag="years",
           extra={"submit": _l("Ghi nhận đơn vị kế thừa tiếp nhận hồ sơ")}),
    Action("withdraw_member", Y + "/changes/withdraw", _l("Đơn vị rút khỏi năm thi đua"),
           UnitDecisionForm, lambda c, d: changes.withdraw(
               c.app, c.who, c.args["year_id"], d["unit"], d["reason"], c.today),
           year_url, prepare=withdraw_choices, tag="years",
           extra={"submit": _l("Ghi nhận đơn vị rút khỏi năm thi đua")}),
    Action("admit_to_year", Y + "/changes/admit", _l("Đơn vị mới tham gia năm thi đua"),
           UnitDecisionForm, lambda c, d: changes.admit(
               c.app, c.who, c.args["year_id"], d["unit"], d["reason"], c.today),
           year_url, prepare=admit_choices, tag="years",
           extra={"submit": _l("Ghi nhận đơn vị mới tham gia")}),
]  # fmt: skip
