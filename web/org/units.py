"""The units' pages, as of a day people know: /units (every unit that existed that day,
with its name, kind, parent and status of that day) and /units/<id> (one unit: its
memberships of clusters, the units it came from and those that carry it on, its dated
history). Anyone signed in reads them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, render_template, url_for
from flask_babel import lazy_gettext as _l

from service.org import queries
from web.org.admin import KIND_NAMES
from web.shell.as_of import as_of_arg
from web.shell.login import login_required
from web.shell.store import store

bp = Blueprint("units", __name__)

STATUS_NAMES = {
    "active": _l("đang hoạt động"),
    "merged": _l("đã hợp nhất"),
    "split": _l("đã chia tách"),
    "dissolved": _l("đã giải thể"),
}
HOW_NAMES = {"merged": _l("hợp nhất"), "split": _l("chia tách")}


def _labels() -> dict[str, Any]:
    return {"kinds": KIND_NAMES, "statuses": STATUS_NAMES, "hows": HOW_NAMES}


@bp.get("/units")
@login_required
def index() -> tuple[str, int]:

    asked = as_of_arg()
    rows = queries.units_on(store(), day=asked.day)
    return render_template(
        "units/index.html", units=rows, as_of=asked, now_url=url_for("units.index"), **_labels()
    ), (422 if asked.error else 200)


@bp.get("/units/<uuid:unit_id>")
@login_required
def unit(unit_id: UUID) -> tuple[str, int]:

    asked = as_of_arg()
    found = queries.unit_on(store(), unit_id, day=asked.day)  # unknown: a 404 page
    return render_template(
        "units/unit.html",
        unit=found,
        as_of=asked,
        now_url=url_for("units.unit", unit_id=unit_id),
        **_labels(),
    ), (422 if asked.error else 200)
