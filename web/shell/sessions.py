"""Flask's signed-cookie sessions, with the signing serializer made once per key set.

Flask makes a new serializer twice a request (opening the session and saving it), and
itsdangerous tries a dump at each construction to learn whether it writes text: 4 % of a
submission and its report page's CPU (cProfile, P9). The serializer keeps no state of a
request, so one serves every request signed with the same keys; a new secret key (or
fallback list) makes a new one.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

KEPT = 8  # key sets remembered (one in service; tests make apps with their own keys)


class CookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        found = self._made.get(keys)
        if found is None:
            found = super().get_signing_serializer(app)
            if found is None:  # no secret key: no session (Flask's answer)
                return None
            if len(self._made) >= KEPT:
                self._made.clear()
            self._made[keys] = found
        return found
