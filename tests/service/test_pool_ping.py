"""The event pool's connection check (service/platform/app.py): a connection is pinged
before use only when it has been idle for PING_IDLE_S or more (issue 18: the check was a
round trip on every aggregate read)."""

from __future__ import annotations

from typing import Any

import pytest

from service.platform import app as platform_app


class FakeConnection:
    autocommit = True

    def __init__(self) -> None:
        self.pings = 0

    def execute(self, query: str) -> Any:
        assert query == ""
        self.pings += 1


def test_a_connection_used_a_moment_ago_is_not_pinged(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(platform_app.time, "monotonic", lambda: now[0])
    conn = FakeConnection()
    platform_app._ping_if_idle(conn)  # never used: pinged
    assert conn.pings == 1
    now[0] += 0.01
    platform_app._ping_if_idle(conn)
    now[0] += platform_app.PING_IDLE_S / 2
    platform_app._ping_if_idle(conn)
    assert conn.pings == 1
    now[0] += platform_app.PING_IDLE_S
    platform_app._ping_if_idle(conn)  # idle long enough: pinged again
    assert conn.pings == 2
