"""Every blueprint and every action of the web, listed once, and their registration.

An area is a blueprint and the actions whose form face it carries; the API carries
every action's JSON face. Nothing registers itself when imported: `register_all`
binds the actions to their blueprints once per process, then registers the
blueprints on each application.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import Blueprint, Flask

from web.accounts import account
from web.api import api
from web.audit import pages as audit_pages
from web.documents import pages as document_pages
from web.home import pages as home
from web.org import admin, regulations
from web.org import units as unit_pages
from web.polls import ceremony, polls
from web.review import cut_short, review_actions, reviews
from web.shell import files, health, login
from web.shell.actions import Action, bind
from web.year import awards, changes, dossiers, years


@dataclass(frozen=True)
class Area:
    blueprint: Blueprint
    actions: tuple[Action, ...] = ()


AREAS = (
    Area(health.bp),
    Area(login.bp),
    Area(home.bp),
    Area(years.bp, tuple(years.ACTIONS)),
    Area(dossiers.bp, tuple(dossiers.ACTIONS)),
    Area(changes.bp, tuple(changes.ACTIONS)),
    Area(polls.bp, tuple(polls.ACTIONS)),
    Area(ceremony.bp),
    Area(awards.bp, tuple(awards.ACTIONS)),
    Area(reviews.bp, (*review_actions.ACTIONS, *cut_short.ACTIONS)),
    Area(admin.bp, tuple(admin.ACTIONS)),
    Area(regulations.bp, tuple(regulations.ACTIONS)),
    Area(unit_pages.bp),
    Area(account.bp, tuple(account.ACTIONS)),
    Area(files.bp),
    Area(audit_pages.bp),
    Area(document_pages.bp),
)

# (blueprint name, action): what the API and its OpenAPI document expose.
ACTIONS = tuple((area.blueprint.name, action) for area in AREAS for action in area.actions)


@cache
def _bind_once() -> None:
    """Blueprints are module-level: their rules are added once per process."""
    for area in AREAS:
        bind(area.blueprint, list(area.actions))
    api.bind_actions(ACTIONS)


def register_all(app: Flask) -> None:
    _bind_once()
    app.extensions[api.ACTIONS_KEY] = ACTIONS
    for area in AREAS:
        app.register_blueprint(area.blueprint)
    app.register_blueprint(api.bp)
