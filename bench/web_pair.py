"""P2: a real form POST through gunicorn vs the conventional CRUD app doing the same
durable work (bench/peer_crud.py), and vs a Flask hello-world POST.

The three servers run `gunicorn -c gunicorn.conf.py` (same workers, worker class and
keep-alive; access log to a file) on a free loopback port (bound by this process):
thidua's `wsgi:app` on the demo store (bench/site.py), `bench.peer_crud:app` on its own
SQLite file (WAL, synchronous=FULL) and `bench.hello:app`. The same load generator
(bench/http_load.py: `CLIENTS` threads in this process) posts to each in turn:

- thidua: each client is a member's officer signed in as a browser would be (GET the
  sign-in page for its CSRF token and cookie, POST the password, GET the self-score
  form for the session's token), then posts the whole self-score table again and again,
  one criterion filled in (a new score each time: one event stored per POST, views
  caught up). Success is a 302 back to the year's page; anything else is a failure.
- peer CRUD: the same officers (same user names and password) sign in the same way and
  post the same table to the peer's form (Flask-WTF, Flask-Login; one score row and one
  audit row in one COMMIT). Success is a 302 back to the year's page.
- hello-world: the same clients post the same form body; success is a 200.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from bench import http_load, peer_crud
from bench.harness import Row, interleave
from bench.http_load import Request, Tally
from bench.site import MEMBERS, PASSWORD, DemoSite, username

ROOT = Path(__file__).resolve().parents[1]  # gunicorn.conf.py and wsgi.py live here
CLIENTS = 20
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
THIDUA, PEER, HELLO = "form POST (thidua)", "peer CRUD POST", "hello-world POST"
CRITERION = re.compile(r'name="(rows-(\d+)-criterion)" value="([^"]+)"')


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py <target>` in its own process group, on a loopback port."""

    def __init__(self, target: str, env: dict[str, str], log: Path) -> None:
        if not (ROOT / "gunicorn.conf.py").is_file():
            raise SystemExit(f"P2 needs a checkout: no gunicorn.conf.py in {ROOT}")
        # The listening socket is bound here and handed over (bind = fd://N): no other
        # process can take the port between choosing and binding it, as a free port can.
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(2048)
        self.port = int(self.socket.getsockname()[1])
        self.target, self.env, self.log = target, env, log
        self.start()

    def start(self) -> None:
        """Start gunicorn on the socket (again, after `kill`: requests that arrived while
        it was down wait in the socket's backlog, as behind a socket-activated service)."""
        fd = self.socket.fileno()
        env = {**os.environ, **self.env, "THIDUA_BIND": f"fd://{fd}"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", self.target],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                pass_fds=(fd,),
            )
        self._wait_healthy()

    def kill(self) -> None:
        """SIGKILL to master and workers at once: no shutdown code runs anywhere. The
        socket stays open (this process holds it) for `start`."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            health = f"http://127.0.0.1:{self.port}/healthz"
            with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=2):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.socket.close()


class Browser:
    """One signed-in officer: its cookie, and the self-score form as its page shows it."""

    def __init__(self, port: int, code: str, year: str) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        token = self._token(self._get("/login"))
        signed = self._post(
            "/login", {"username": username(code), "password": PASSWORD, "csrf_token": token}
        )
        if signed.status != 302:
            raise RuntimeError(f"sign-in of {username(code)} refused: HTTP {signed.status}")
        self.path = f"/years/{year}/self-score"
        page = self._get(self.path)
        self.token = self._token(page)
        self.criteria = [(m[1], int(m[2]), m[3]) for m in CRITERION.finditer(page)]

    def _headers(self) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie} if cookie else {}

    def _keep(self, response: http.client.HTTPResponse) -> None:
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def _get(self, path: str) -> str:
        conn = http_load.connect(self.port)
        try:
            status, response, body = http_load.send(
                conn, "GET", Request(path, b"", self._headers())
            )
        finally:
            conn.close()
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        self._keep(response)
        return body.decode()

    def _post(self, path: str, form: dict[str, str]) -> http.client.HTTPResponse:
        conn = http_load.connect(self.port)
        try:
            _, response, _ = http_load.send(conn, "POST", self.request(path, form))
        finally:
            conn.close()
        self._keep(response)
        return response

    def _token(self, html: str) -> str:
        found = TOKEN.search(html)
        if not found:
            raise RuntimeError("no CSRF token on the page")
        return found.group(1)

    def request(self, path: str, form: dict[str, str]) -> Request:
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        return Request(path, urlencode(form).encode(), headers)

    def score_form(self, points: str) -> dict[str, str]:
        """The whole table as the browser posts it: the first criterion filled in."""
        form = {"csrf_token": self.token}
        for name, i, code in self.criteria:
            form[name] = code
            form[f"rows-{i}-points"] = points if i == 0 else ""
            form[f"rows-{i}-evidence"] = "Báo cáo tổng kết năm, trang 3" if i == 0 else ""
        return form


class ScoreRequests:
    """Each call gives every client its next POST (a new score: a new event each time)."""

    def __init__(self, browsers: list[Browser]) -> None:
        self.browsers, self.n = browsers, 0

    def next(self) -> list[Request]:
        self.n += 1
        points = f"{8 + self.n % 20 / 10:.1f}".replace(".", ",")  # 8,0 … 9,9 of 10
        return [b.request(b.path, b.score_form(points)) for b in self.browsers]


def is_redirect_to_year(year: str) -> http_load.Check:
    def ok(status: int, response: http.client.HTTPResponse) -> bool:
        where = response.getheader("Location", "")
        return status == 302 and where.rstrip("/").endswith(f"/years/{year}")

    return ok


def run(
    site: DemoSite, work: Path, repeats: int, per_client: int, hello_per_client: int, out=print
) -> list[Row]:  # type: ignore[no-untyped-def]
    logs = work / "p2-logs"
    logs.mkdir(exist_ok=True)
    peer_db = work / "p2-peer.sqlite3"
    peer_db.unlink(missing_ok=True)
    peer_crud.init_db(str(peer_db), [(username(c), PASSWORD, c) for c in MEMBERS])
    servers: list[Gunicorn] = []
    try:
        servers.append(Gunicorn("wsgi:app", site.env(), logs / "thidua.log"))
        servers.append(
            Gunicorn("bench.peer_crud:app", {"PEER_CRUD_DB": str(peer_db)}, logs / "peer.log")
        )
        servers.append(Gunicorn("bench.hello:app", {}, logs / "hello.log"))
    except BaseException:
        for server in servers:
            server.stop()
        raise
    thidua, peer, hello = servers
    try:
        year = site.year16.hex
        scores = ScoreRequests(_tabs(thidua.port, year))
        peer_scores = ScoreRequests(_tabs(peer.port, year))
        hello_body = Request(
            "/hello", scores.next()[0].body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        tallies = {PEER: Tally(), THIDUA: Tally(), HELLO: Tally()}

        def form_post() -> int:
            requests = scores.next()
            return http_load.run(
                thidua.port, requests, per_client, is_redirect_to_year(year), tallies[THIDUA]
            )

        def peer_post() -> int:
            requests = peer_scores.next()
            return http_load.run(
                peer.port, requests, per_client, is_redirect_to_year(year), tallies[PEER]
            )

        def hello_post() -> int:
            return http_load.run(
                hello.port,
                [hello_body] * CLIENTS,
                hello_per_client,
                lambda status, _r: status == 200,
                tallies[HELLO],
            )

        http_load.run(
            hello.port, [hello_body] * CLIENTS, 2, lambda status, _r: status == 200, Tally()
        )  # warm-up (not counted): imports, first connections
        per_request = interleave({HELLO: hello_post, PEER: peer_post, THIDUA: form_post}, repeats)
        return _rows(per_request, tallies, out)
    finally:
        for server in servers:
            server.stop()


def _tabs(port: int, year: str) -> list[Browser]:
    """One sign-in per member; its 2-3 clients are that officer's tabs (same session)."""
    signed_in = [Browser(port, code, year) for code in MEMBERS]
    return [signed_in[i % len(signed_in)] for i in range(CLIENTS)]


def _rows(per_request: dict[str, float], tallies: dict[str, Tally], out=print) -> list[Row]:  # type: ignore[no-untyped-def]
    form, peer, hello = tallies[THIDUA], tallies[PEER], tallies[HELLO]
    for name, tally in tallies.items():
        if tally.failures:
            out(f"P2  {name}: {tally.failures} FAILED answers, e.g. {tally.samples[:3]}")
    rate = {name: 1 / s for name, s in per_request.items()}
    extra = {
        "failures": form.failures,
        "baseline_failures": peer.failures,
        "hello_failures": hello.failures,
        "requests": len(form.latencies),
        "baseline_requests": len(peer.latencies),
    }
    rows = [
        Row("P2", f"form POST, {CLIENTS} clients", rate[THIDUA], "/s",
            f"peer CRUD POST, {CLIENTS} clients", rate[PEER], ">= 0.8", extra=extra),
        Row("P2", "form POST (beside hello-world)", rate[THIDUA], "/s",
            f"hello-world POST, {CLIENTS} clients", rate[HELLO]),
    ]  # fmt: skip
    if form.failures or peer.failures or hello.failures:
        rows[
            0
        ].note = f"FAILURES: {form.failures} form, {peer.failures} peer, {hello.failures} hello"
    for label, q in (("p50", 0.5), ("p99", 0.99)):
        rows.append(
            Row(
                "P2",
                f"form POST latency {label}",
                form.percentile(q) * 1000,
                "ms",
                f"peer CRUD {label}",
                peer.percentile(q) * 1000,
            )
        )
    rows.append(Row("P2", "hello-world latency p50", hello.percentile(0.5) * 1000, "ms"))
    return rows
