"""The `thidua` command (a Flask CLI group): every command group, listed once here.

`python -m bench` runs the benchmarks (bench/ is not part of the installed service).
"""

from __future__ import annotations

from flask.cli import FlaskGroup

from web.cli import dossier, projections, reviews, store, users
from web.site.app import create_app

GROUPS = [
    store.db,
    store.demo,
    store.audit,
    projections.projections,
    reviews.units_cli,
    reviews.targets_cli,
    reviews.reviews_cli,
    users.users_cli,
    dossier.keys_cli,
    dossier.dossier_cli,
]

cli = FlaskGroup(
    create_app=create_app,
    name="thidua",
    help="Quản lý thi đua cụm, khối Công đoàn.",
    commands=GROUPS,
)
