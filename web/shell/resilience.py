"""The database or the disk failing under a request: a clean 503/507, never a 500 trace.

An outage is an exception that says the store could not be reached or could not take
the write: the event store down or locked beyond its busy timeout (eventsourcing's
OperationalError/InterfaceError, psycopg's and sqlite3's own from the views store), or
the disk full (ENOSPC/EDQUOT/EFBIG, SQLite's "database or disk is full", PostgreSQL's
53100 disk_full). Nothing half-written is left: an event and its chain link are one
transaction, an upload is written to a temporary file and renamed into place.

The answer: JSON {"code", "message"} under /api (503 store.unavailable with
Retry-After, or 507 store.disk_full); an HTML page otherwise, a form re-rendered with
what the person typed (web/actions.py), or, when the failure came before the form's
view ran (signing the person in needs the store too), an error page that keeps the
posted fields in a form that re-posts them. The process's store connections are
dropped after an outage and rebuilt on the next request, so a restarted PostgreSQL is
used again without restarting the service. A connection that a restart left dead while
no request used it is replaced before a request meets it: the event pool checks a
connection idle for a second or more before lending it (service/platform/app.py), and
the views store replaces its one connection when a transaction finds it dead at BEGIN
(service/views/viewstore.py), with no check of its own.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, PersistenceError
from flask import Flask, current_app, g, jsonify, render_template, request

from domain.kernel.base import DomainError
from web.shell.i18n import message
from web.shell.store import store_holder

DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
DISK_TEXTS = ("disk is full", "no space left", "could not extend file", "file too large")
RETRY_AFTER_S = 30
# posted fields never echoed back into a page
SECRET_FIELDS = ("password", "current", "new", "csrf_token")


@dataclass(frozen=True)
class Outage:
    status: int  # 503 (store unreachable or busy) or 507 (disk full)
    code: str


def outage_of(exc: BaseException) -> Outage | None:
    """The outage `exc` stands for, or None when it is not one (a bug: let it be a 500)."""
    chain = list(_chain(exc))
    if any(
        isinstance(e, IntegrityError | psycopg.IntegrityError | sqlite3.IntegrityError)
        for e in chain
    ):
        return None  # a broken rule or a conflict, not the database going away
    if any(_disk_full(e) for e in chain):
        return Outage(507, "store.disk_full")
    lost = (PersistenceError, psycopg.OperationalError, psycopg.InterfaceError, sqlite3.Error)
    if any(isinstance(e, lost) for e in chain):
        return Outage(503, "store.unavailable")
    return None


def _chain(exc: BaseException) -> Any:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _disk_full(e: BaseException) -> bool:
    if isinstance(e, OSError) and e.errno in DISK_ERRNOS:
        return True
    if isinstance(e, psycopg.errors.DiskFull):
        return True
    text = str(e).lower()
    return isinstance(e, PersistenceError | psycopg.Error | sqlite3.Error) and any(
        t in text for t in DISK_TEXTS
    )


def handle(outage: Outage, exc: BaseException) -> None:
    """Log one line (no trace: the cause is outside the program) and drop the process's
    store connections, so the next request connects afresh."""

    current_app.logger.error(
        "%s on %s %s: %s: %s",
        outage.code,
        request.method,
        request.path,
        type(exc).__name__,
        str(exc).strip().splitlines()[0][:300] if str(exc).strip() else "",
    )
    store_holder().reset()


def text(outage: Outage) -> str:

    return message(DomainError(outage.code))


def kept_fields() -> list[tuple[str, str]]:
    """What the person posted, to give back (never a password or the CSRF token)."""
    if request.method != "POST" or request.path.startswith(("/login", "/account/password")):
        return []
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if not any(secret in name.lower() for secret in SECRET_FIELDS)
    ]


def response(outage: Outage) -> Any:
    headers = {"Retry-After": str(RETRY_AFTER_S)} if outage.status == 503 else {}
    if request.path.startswith("/api/"):
        return jsonify(code=outage.code, message=text(outage)), outage.status, headers
    if "_login_user" not in g:  # the page must not ask the lost store who is signed in
        g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    page = render_template(
        "error.html",
        status=outage.status,
        text=text(outage),
        kept=kept_fields(),
        resubmit=request.path if request.method == "POST" else None,
    )
    return page, outage.status, headers


def init(app: Flask) -> None:
    def on_error(exc: Exception) -> Any:
        outage = outage_of(exc)
        if outage is None:
            raise exc  # not an outage: Flask's 500 handling, with the trace in the log
        handle(outage, exc)
        return response(outage)

    for kind in (PersistenceError, psycopg.Error, sqlite3.Error, OSError):
        app.register_error_handler(kind, on_error)
