"""Every blueprint, registered once per application (one per area)."""

from __future__ import annotations

from flask import Flask


def register_all(app: Flask) -> None:
    from web import (
        account,
        admin,
        api,  # last: it exposes every area's actions
        awards,
        dossiers,
        files,
        home,
        polls,
        review_actions,
        years,
    )
    from web.reviews import bp as reviews_bp

    assert review_actions.ACTIONS  # its forms live on the reviews blueprint
    for bp in (
        home.bp,
        years.bp,
        dossiers.bp,
        polls.bp,
        awards.bp,
        reviews_bp,
        admin.bp,
        account.bp,
        files.bp,
        api.bp,
    ):
        app.register_blueprint(bp)
