"""The `thidua` command (a Flask CLI group): every command group, listed once here.

`python -m bench` runs the benchmarks (bench/ is not part of the installed service).
"""

from __future__ import annotations

from typing import Any

import click
from flask.cli import FlaskGroup

from service.platform.paths import keep_private
from web.cli import bundle, committee, projections, regulation, reviews, store, users
from web.site.app import create_app

GROUPS = [
    store.db,
    store.demo,
    store.audit,
    projections.projections,
    reviews.units_cli,
    reviews.targets_cli,
    reviews.reviews_cli,
    regulation.regulation_cli,
    users.users_cli,
    bundle.keys_cli,
    bundle.bundle_cli,
    committee.committee_cli,
]

# Old group names still accepted, resolved to the same group and not listed in --help:
# `thidua dossier build|verify` was the name of `thidua bundle` (operators' scripts).
ALIASES = {"dossier": "bundle"}


class ThiduaGroup(FlaskGroup):
    def main(self, *args: Any, **kwargs: Any) -> Any:
        keep_private()  # the store, keys and files a command creates: 600, folders 700
        return super().main(*args, **kwargs)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, ALIASES.get(name, name))


cli = ThiduaGroup(
    create_app=create_app,
    name="thidua",
    help="Quản lý thi đua cụm, khối Công đoàn.",
    commands=GROUPS,
)
