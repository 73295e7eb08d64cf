"""Rate limits (Flask-Limiter). Memory storage is per worker process: with N gunicorn
workers a client gets up to N times the limit; set THIDUA_RATELIMIT_STORAGE (e.g.
redis://...) to share counts."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[], storage_uri="memory://")
