"""The load generator of P2: `clients` threads in this process, one keep-alive
`http.client` connection each (re-opened when the server closes it, as gunicorn's sync
workers do after every response), all started together.

Every answer is checked by the caller's `ok(status, headers)`; failures are counted and
kept apart from the timings (a benchmark that times errors measures nothing).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Check = Callable[[int, http.client.HTTPResponse], bool]


@dataclass
class Request:
    path: str
    body: bytes
    headers: dict[str, str]


@dataclass
class Tally:
    """What all rounds of one side did: latencies of good answers, failures with a sample."""

    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latencies: list[float], failures: list[str]) -> None:
        with self.lock:
            self.latencies.extend(latencies)
            self.failures += len(failures)
            self.samples.extend(failures[: max(0, 5 - len(self.samples))])

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def connect(port: int, timeout: float = 60) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)


def send(
    conn: http.client.HTTPConnection, method: str, req: Request
) -> tuple[int, http.client.HTTPResponse, bytes]:
    """One request on `conn` (reconnecting once if the server had closed it while idle)."""
    for attempt in (0, 1):
        try:
            conn.request(method, req.path, body=req.body or None, headers=req.headers)
            response = conn.getresponse()
            body = response.read()
            if response.will_close:
                conn.close()
            return response.status, response, body
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            if attempt:
                raise
    raise AssertionError("unreachable")


def run(
    port: int,
    requests: list[Request],
    per_client: int,
    ok: Check,
    tally: Tally,
) -> int:
    """`len(requests)` clients (one request shape each), `per_client` POSTs each, at once.
    Returns the number of good answers (the harness divides the elapsed time by it)."""
    start = threading.Barrier(len(requests))
    good = [0] * len(requests)

    def client(i: int) -> None:
        conn = connect(port)
        latencies: list[float] = []
        failures: list[str] = []
        start.wait()
        for _ in range(per_client):
            began = time.perf_counter()
            try:
                status, response, body = send(conn, "POST", requests[i])
            except OSError as e:
                failures.append(f"{type(e).__name__}: {e}")
                conn.close()
                continue
            if ok(status, response):
                latencies.append(time.perf_counter() - began)
            else:
                failures.append(
                    f"HTTP {status} {response.getheader('Location', '')} {body[:200]!r}"
                )
        conn.close()
        good[i] = len(latencies)
        tally.add(latencies, failures)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(good)
