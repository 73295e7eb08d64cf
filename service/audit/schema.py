"""`thidua db init`: the store's tables, the views' tables, and links for an old store."""

from __future__ import annotations

from service.audit.restore import link_history
from service.platform.app import ThiduaApplication
from service.views.projector import projector_of


def create_schema(url: str | None = None) -> int:
    """Create the store's tables once (`thidua db init`); workers start with it off.

    Returns how many events of a store older than the hash chain were linked now.
    """
    app = ThiduaApplication(url, create_table=True)
    try:
        projector_of(app).create_tables()
        return link_history(app.recorder)  # type: ignore[arg-type]
    finally:
        app.close()
