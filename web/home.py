"""The home page: the signed-in person's open tasks and deadlines (late ones in red)."""

from __future__ import annotations

from flask import Blueprint, render_template

from web import reads
from web.actions import today
from web.login import current_principal

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    from web.app import store

    who = current_principal()
    if who is None:
        return render_template("index.html")
    app = store()
    return render_template(
        "home/home.html", tasks=reads.tasks(app, who, today()), today=today(),
        unit_name=reads.names(app, [who.unit.hex]).get(who.unit.hex) if who.unit else None,
        clusters=reads.clusters(app), campaigns=reads.campaigns(app),
    )  # fmt: skip
