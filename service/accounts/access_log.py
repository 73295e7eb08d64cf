"""Sign-ins, refused sign-ins, lockouts and refused acts (403), recorded as events
(domain/access.py), with the volume bounded: a flood must not grow the store without
limit.

Successful sign-ins are always recorded (the login form's rate limit bounds them).
Refusals and lockouts are recorded up to PER_ADDRESS_PER_HOUR per client address and
outcome, and up to PER_HOUR in all, per process and clock hour; past that they are
counted, and the count is carried by the next record of the same address and outcome
(`suppressed`), so an auditor still sees how many there were. The log lines of the web
layer keep every attempt. The password is never an argument here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from uuid import UUID

from domain.accounts.access import FORBIDDEN, SIGNED_IN, AccessRecord
from domain.accounts.account import Account, normal_username
from domain.kernel.base import Actor
from service.platform.app import ThiduaApplication, acting_as

PER_ADDRESS_PER_HOUR = 20
PER_HOUR = 600
ANONYMOUS = "anonymous"


class Throttle:
    """Per process: how many records of each (outcome, address) this hour, and how many
    were left out since the last one recorded."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._hour = -1
        self._counts: dict[tuple[str, str], int] = {}
        self._total = 0
        self._left_out: dict[tuple[str, str], int] = {}

    def admit(self, outcome: str, address: str) -> int | None:
        """None: leave this one out; else how many like it were left out before it."""
        key = (outcome, address)
        with self._lock:
            hour = int(self.clock() // 3600)
            if hour != self._hour:
                self._hour, self._counts, self._total = hour, {}, 0
            if self._counts.get(key, 0) >= PER_ADDRESS_PER_HOUR or self._total >= PER_HOUR:
                self._left_out[key] = self._left_out.get(key, 0) + 1
                return None
            self._counts[key] = self._counts.get(key, 0) + 1
            self._total += 1
            return self._left_out.pop(key, 0)


THROTTLE = Throttle()


def record(
    app: ThiduaApplication,
    outcome: str,
    username: str,
    address: str,
    unit: UUID | None = None,
    throttle: Throttle | None = None,
    request: str = "",
) -> UUID | None:
    """Record one access (the id), or None when the throttle left it out. `username` is
    kept only if it names an existing account."""
    suppressed = 0
    if outcome != SIGNED_IN:
        admitted = (throttle or THROTTLE).admit(outcome, address)
        if admitted is None:
            return None
        suppressed = admitted
    known = bool(username.strip()) and app.exists(Account.id_for(username))
    account = normal_username(username) if known else ""
    signed_in = outcome == SIGNED_IN or (outcome == FORBIDDEN and known)
    actor = Actor(account if signed_in else ANONYMOUS, unit)
    with acting_as(actor):
        access = AccessRecord.record(outcome, account, address or "", suppressed, request)
        app.save(access)
    return access.id
