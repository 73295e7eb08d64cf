"""Flask face of thidua: forms, JSON API, CLI."""

from web.app import Store, create_app, store

__all__ = ["Store", "create_app", "store"]
