"""The home page: the signed-in person's open tasks and deadlines (late ones in red)."""

from __future__ import annotations

from flask import Blueprint, render_template

from service.home import queries as home
from service.year import queries
from web.shell.actions import today
from web.shell.login import current_principal
from web.shell.store import store

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:

    who = current_principal()
    if who is None:
        return render_template("index.html")
    app = store()
    found = home.home(app, who, today())
    return render_template(
        "home/home.html",
        **found,
        names=queries.names(app, [d["unit"] for d in found["decisions"]]),
        today=today(),
        unit_name=queries.names(app, [who.unit.hex]).get(who.unit.hex) if who.unit else None,
    )
