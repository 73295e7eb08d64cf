"""Every blueprint, registered once per application (one per area)."""

from __future__ import annotations

from types import ModuleType

from flask import Blueprint, Flask


def areas() -> list[Blueprint]:
    """Import every area (each binds its actions once, at import) and its blueprint."""
    from web import (
        account,
        admin,
        audit_pages,
        awards,
        dossier_pages,
        dossiers,
        files,
        home,
        polls,
        review_actions,
        years,
    )
    from web.reviews import bp as reviews_bp

    modules: list[ModuleType] = [review_actions]  # its forms live on the reviews blueprint
    assert modules
    return [home.bp, years.bp, dossiers.bp, polls.bp, awards.bp, reviews_bp, admin.bp,
            account.bp, files.bp, audit_pages.bp, dossier_pages.bp]  # fmt: skip


def register_all(app: Flask) -> None:
    for bp in areas():
        app.register_blueprint(bp)
    from web import api  # last: it exposes every area's actions

    app.register_blueprint(api.bp)
