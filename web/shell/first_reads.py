"""What a request reads first, asked for with its freshness check in one round trip.

A page or form of one unit's review report reads the signed-in account, the campaign,
the unit and the report. On PostgreSQL each was a round trip of its own: the request's
check (service/platform/app.py `fresh_reads`), then each aggregate the check could not
vouch for (on deadline day the report just submitted on another worker, and its unit).
A step before the request's other work now asks the store for all of them in the
check's own round trip (`ThiduaApplication.prefetch`: ahead of time only, so a store
that fails is left to the view's own reads and their error pages); on SQLite, where a
read is no round trip, it does nothing.

A room names what its endpoints read first with `reads_for`:

    @reads_for("reviews.report")
    def _report(args): return review_reports.report_reads(args["campaign_id"], args["unit_code"])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any
from uuid import UUID

from flask import request

from domain.kernel.base import DomainError
from web.shell.login import session_account
from web.shell.store import store

Reads = Callable[[Mapping[str, Any]], list[UUID]]
READS: dict[str, Reads] = {}  # endpoint: the ids its view reads first, from its URL's values


def reads_for(*endpoints: str) -> Callable[[Reads], Reads]:
    def register(find: Reads) -> Reads:
        for endpoint in endpoints:
            READS[endpoint] = find
        return find

    return register


def read_first() -> None:
    """Before a request to an endpoint that names its reads: those and the account, with
    the check. (Other requests read as they go: some read no account, /healthz.)"""
    find = READS.get(request.endpoint or "")
    if find is None or request.view_args is None:
        return
    ids: list[UUID] = []
    with suppress(DomainError, KeyError, ValueError):  # the view answers such a URL
        ids = find(request.view_args)
    account = session_account()
    if account is not None:
        ids.append(account)
    if ids:
        store().prefetch(*ids)
