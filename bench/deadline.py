"""P9 deadline day, at a size that fits: many signed-in officers submit their review
reports through the real form over HTTP to gunicorn while the review's page is read.

The store: a province, `units` districts, each with its officer's account and a drafted
report (written through the service beforehand, as `thidua demo` would). Every officer
signs in as a browser does (sign-in page for the CSRF token, password, the submit form
for the session's token), then `CLIENTS` threads post the submit forms, one per unit,
while `READERS` threads read the review's page (`/reviews/<id>`, the chair's) again and
again. Every answer is checked (302 to the report's page; 200 for the page). After each
acknowledged submission the client follows the redirect as a browser does: the report's
page with the submission's receipt (timed apart: a submission is the POST up to its 302).

Printed: submissions/s, their p50/p95/p99, the report page's and the review page's p95,
gunicorn's CPU per submission (master and workers, from /proc; the pages included) and
the workers' resident memory at the end.

Then kill -9 in the middle: one officer in ten (`spare`, signed in with the others but
not in the timed load) submits with `CLIENTS` threads; once a third of them are
acknowledged (a 302), gunicorn's master and workers get SIGKILL at once and gunicorn is
started again on the same socket. Every one of them then submits again, as an officer
unsure of the first answer would. Counted from the store and the views (caught up): the
reports not submitted exactly once, and the acknowledged submissions not shown as
submitted in the review's progress. Both must be 0, for every unit of the run.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from bench import http_load
from bench.harness import Row
from bench.http_load import Request, Tally
from bench.site import environment, web_env
from bench.web_pair import Browser, Gunicorn
from domain.org.unit import Unit
from domain.review.campaign import ReviewCampaign
from domain.review.report import ReviewReport
from domain.review.term import Target
from service.accounts import accounts
from service.audit.schema import create_schema
from service.org.units import register_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.review import review_reports, reviews
from service.views.projector import projector_of

CLIENTS, READERS = 20, 2
RECEIPT = 'class="flash receipt"'  # the report's page after the redirect shows the receipt
PASSWORD = "p9-deadline-2015"
NARRATIVE = dict(done="Đã làm", not_done="Chưa làm", causes="Do", lessons="Bài học", tasks="Việc")


def code_of(i: int) -> str:
    return f"P9-{i:05d}"


def prepare(url: str, units: int) -> UUID:
    create_schema(url)
    app, admin = ThiduaApplication(url), SYSTEM_PRINCIPAL
    try:
        register_unit(app, admin, "P9", "province", "LĐLĐ tỉnh Hạn Chót", date(2010, 1, 1))
        accounts.create_account(
            app, admin, "p9.chair", "Chủ tịch", "P9", [], PASSWORD, date(2013, 1, 1)
        )
        term = reviews.open_term(
            app, admin, "P9", "X", "Nhiệm kỳ X", 2013, 2018, date(2013, 7, 1), "NQ"
        )
        target = Target.make(
            code="CT01", name="Thành lập công đoàn cơ sở", measure="Số CĐCS", unit="CĐCS",
            target="100",
        )  # fmt: skip
        reviews.add_targets(app, admin, term, [target], date(2013, 7, 1))
        campaign = reviews.plan_review(
            app, admin, term, "Sơ kết X", date(2015, 12, 31), date(2015, 11, 1)
        )
        for i in range(units):
            code = code_of(i)
            register_unit(app, admin, code, "district", f"LĐLĐ {code}", date(2010, 1, 1), "P9")
            accounts.create_account(
                app, admin, code.lower(), f"Cán bộ {code}", code, [], PASSWORD, date(2013, 1, 1)
            )
            reviews.add_participant(app, admin, campaign, code, date(2015, 11, 2))
            review_reports.draft_report(
                app, Principal(code.lower(), Unit.id_for(code)), campaign, code,
                date(2015, 12, 1), values={"CT01": {"value": str(i % 7 + 1)}}, assessments={},
                narrative=NARRATIVE,
            )  # fmt: skip
        projector_of(app).catch_up()
        return UUID(str(campaign))
    finally:
        app.close()


class Officer(Browser):
    """A signed-in officer holding its unit's submit form (token of its session)."""

    def __init__(self, port: int, username: str, form_path: str) -> None:
        self.port, self.cookies, self.username = port, {}, username
        token = self._token(self._get("/login"))
        signed = self._post(
            "/login", {"username": username, "password": PASSWORD, "csrf_token": token}
        )
        if signed.status != 302:
            raise RuntimeError(f"sign-in of {username} refused: HTTP {signed.status}")
        self.path = form_path
        self.token = self._token(self._get(form_path))


def _followed(req: Request, response: Any, location: str) -> Request:
    """The GET a browser makes after the POST's redirect: the session cookie as the
    answer set it (it carries the flashed receipt)."""
    cookies = dict(
        part.strip().split("=", 1)
        for part in req.headers.get("Cookie", "").split(";")
        if "=" in part
    )
    for header in response.msg.get_all("Set-Cookie") or []:
        name, rest = header.split("=", 1)
        cookies[name.strip()] = rest.split(";", 1)[0]
    path = location.split("://", 1)[-1]
    path = path[path.index("/") :] if "://" in location else location
    return Request(path, b"", {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})


def _cpu_and_rss(pid: int) -> tuple[float, float]:
    """CPU seconds of gunicorn's master and workers, and the workers' resident MiB."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids += [int(c) for c in (task / "children").read_text().split()]
    cpu, rss = 0.0, 0.0
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        cpu += (int(fields[11]) + int(fields[12])) / tick
        if p != pid:
            status = Path(f"/proc/{p}/status").read_text()
            rss += int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1])
    return cpu, rss / 1024


def _sign_in_all(port: int, campaign: UUID, units: int) -> list[Officer]:
    """Every officer signed in, in unit order."""
    officers: list[Officer | None] = [None] * units
    errors: list[str] = []

    def work(t: int) -> None:
        for i in range(t, units, CLIENTS):
            path = f"/reviews/{campaign.hex}/reports/{code_of(i)}/submit"
            try:
                officers[i] = Officer(port, code_of(i).lower(), path)
            except (RuntimeError, OSError) as e:
                errors.append(f"{code_of(i)}: {e}")

    threads = [threading.Thread(target=work, args=(t,)) for t in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if any(o is None for o in officers):
        raise RuntimeError(f"not every officer signed in: {errors[:3]}")
    return [o for o in officers if o is not None]


def spare_of(units: int) -> int:
    """Officers kept out of the timed load for the kill -9 phase: one in ten."""
    return max(units // 10, 8)


def run(work: Path, units: int, url: str | None = None, label: str = "SQLite") -> list[Row]:
    url = url or f"sqlite:///{work / 'p9.sqlite3'}"
    key = {"THIDUA_BALLOT_KEY_FILE": str(work / "p9-ballot.key")}  # password hashes too
    everyone = units + spare_of(units)
    with environment(key):
        campaign = prepare(url, everyone)
    env = {
        **web_env(url, work / "p9-instance", work / "p9-ballot.key", "2015-12-10"),
        "THIDUA_LOG_LEVEL": "warning",
    }
    server = Gunicorn("wsgi:app", env, work / f"p9-{label}.log")
    try:
        officers = _sign_in_all(server.port, campaign, everyone)
        chair = Officer(server.port, "p9.chair", f"/reviews/{campaign.hex}/reports/P9/submit")
        page = Request(f"/reviews/{campaign.hex}", b"", chair._headers())
        posts = [o.request(o.path, {"csrf_token": o.token}) for o in officers[:units]]
        rows = _load(server, posts, page, units, label)
        return rows + _killed(server, officers[units:], url, campaign, label)
    finally:
        server.stop()


def _load(
    server: Gunicorn, posts: list[Request], page: Request, units: int, label: str
) -> list[Row]:
    submitted, pages, receipts = Tally(), Tally(), Tally()
    done = threading.Event()
    queue = list(reversed(posts))
    lock = threading.Lock()

    def submitter() -> None:
        conn = http_load.connect(server.port)
        while True:
            with lock:
                if not queue:
                    break
                req = queue.pop()
            began = time.perf_counter()
            status, response, _body = http_load.send(conn, "POST", req)
            location = response.getheader("Location", "")
            ok = status == 302 and "/reports/" in location
            submitted.add(
                [time.perf_counter() - began] if ok else [], [] if ok else [f"HTTP {status}"]
            )
            if ok:  # as a browser does: the report's page the redirect leads to, with its receipt
                began = time.perf_counter()
                status, _r, body = http_load.send(conn, "GET", _followed(req, response, location))
                seen = status == 200 and RECEIPT in body.decode()
                receipts.add(
                    [time.perf_counter() - began] if seen else [],
                    [] if seen else [f"report page HTTP {status}"],
                )
        conn.close()

    def reader() -> None:
        conn = http_load.connect(server.port)
        while not done.is_set():
            began = time.perf_counter()
            status, _r, _b = http_load.send(conn, "GET", page)
            ok = status == 200
            pages.add([time.perf_counter() - began] if ok else [], [] if ok else [f"HTTP {status}"])
        conn.close()

    cpu0, _ = _cpu_and_rss(server.process.pid)
    started = time.perf_counter()
    readers = [threading.Thread(target=reader) for _ in range(READERS)]
    clients = [threading.Thread(target=submitter) for _ in range(CLIENTS)]
    for t in readers + clients:
        t.start()
    for t in clients:
        t.join()
    elapsed = time.perf_counter() - started
    done.set()
    for t in readers:
        t.join()
    cpu1, rss = _cpu_and_rss(server.process.pid)
    good = len(submitted.latencies)
    extra: dict[str, Any] = {
        "failures": submitted.failures + pages.failures + receipts.failures,
        "submissions": good,
        "pages": len(pages.latencies),
        "units": units,
    }
    note = (
        f"FAILURES: {submitted.failures} submissions, {receipts.failures} report pages, "
        f"{pages.failures} review pages"
        if extra["failures"]
        else ""
    )
    p = "P9"
    return [
        Row(p, f"submissions/s, {label}, {CLIENTS} clients", good / elapsed, "/s", extra=extra, note=note),
        Row(p, f"submission p50, {label}", submitted.percentile(0.5) * 1000, "ms"),
        Row(p, f"submission p95, {label}", submitted.percentile(0.95) * 1000, "ms"),
        Row(p, f"submission p99, {label}", submitted.percentile(0.99) * 1000, "ms", goal="<= 500 ms"),
        Row(p, f"report page after the redirect p95, {label}", receipts.percentile(0.95) * 1000, "ms", goal="<= 200 ms"),
        Row(p, f"review page p95, {label}", pages.percentile(0.95) * 1000, "ms", goal="<= 200 ms"),
        Row(p, f"CPU per submission, {label}", (cpu1 - cpu0) / max(good, 1) * 1000, "ms"),
        Row(p, f"workers' resident memory, {label}", rss, "MiB"),
    ]  # fmt: skip


def _post_once(port: int, officer: Officer) -> int:
    """The submit form posted on a new connection: the status, or 0 when no answer came
    (the connection broke: not acknowledged). No retry: a browser does not resend a POST."""
    conn = http_load.connect(port)
    try:
        req = officer.request(officer.path, {"csrf_token": officer.token})
        conn.request("POST", req.path, body=req.body, headers=req.headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        conn.close()


def _killed(
    server: Gunicorn, officers: list[Officer], url: str, campaign: UUID, label: str
) -> list[Row]:
    """kill -9 with `CLIENTS` submitting, a restart, every officer submitting again; then
    what the store and the views hold for every unit of the run."""
    first: dict[str, int] = {}
    queue = list(reversed(officers))
    lock = threading.Lock()
    stop = threading.Event()

    def submitter() -> None:
        while not stop.is_set():
            with lock:
                if not queue:
                    return
                officer = queue.pop()
            status = _post_once(server.port, officer)
            with lock:
                first[officer.username] = status

    clients = [threading.Thread(target=submitter) for _ in range(CLIENTS)]
    for t in clients:
        t.start()
    while True:
        with lock:
            if sum(s == 302 for s in first.values()) * 3 >= len(officers) or not queue:
                break
        time.sleep(0.005)
    stop.set()
    killed = time.perf_counter()
    server.kill()
    server.start()  # before the join: a request sent after the kill waits in the backlog
    back = time.perf_counter() - killed
    for t in clients:
        t.join()
    again = {o.username: _post_once(server.port, o) for o in officers}
    acknowledged = {u for u, s in first.items() if s == 302}
    acknowledged |= {u for u, s in again.items() if s == 302}
    wrong = {u: s for u, s in again.items() if s not in (302, 409, 422)}
    wrong |= {u: again[u] for u, s in first.items() if s == 302 and again[u] not in (409, 422)}
    not_once, not_shown = _count(url, campaign)
    p = "P9"
    extra = {
        "officers": len(officers),
        "acknowledged before the kill": sum(s == 302 for s in first.values()),
        "no answer (connection broken)": sum(s == 0 for s in first.values()),
        "acknowledged in all": len(acknowledged),
        "wrong answers after the restart": len(wrong),
    }
    note = f"FAILURES: {dict(list(wrong.items())[:5])}" if wrong else ""
    return [
        Row(p, f"kill -9 mid-run, {label}: acknowledged before it", extra["acknowledged before the kill"], "submissions", extra=extra, note=note),
        Row(p, f"kill -9 mid-run, {label}: in flight, no answer", extra["no answer (connection broken)"], "submissions"),
        Row(p, f"kill -9 to serving again, {label}", back * 1000, "ms"),
        Row(p, f"reports not submitted exactly once, {label}", len(not_once), "reports", goal="<= 0 reports", extra={"units": not_once[:5]}),
        Row(p, f"submitted but not so in the views, {label}", len(not_shown), "reports", goal="<= 0 reports", extra={"units": not_shown[:5]}),
    ]  # fmt: skip


def _count(url: str, campaign: UUID) -> tuple[list[str], list[str]]:
    """The units whose report is not submitted exactly once in the store, and those whose
    report the review's progress view (caught up) does not show as submitted."""
    app = ThiduaApplication(url)
    try:
        projector = projector_of(app)
        projector.catch_up()
        progress = projector.store.get("term_progress", campaign.hex)
        if progress is None:
            raise RuntimeError("the review has no progress view after the catch-up")
        shown = progress["reports"]
        review: ReviewCampaign = app.repository.get(campaign)
        not_once: list[str] = []
        not_shown: list[str] = []
        for unit in review.participants:
            events = app.repository.event_store.get(ReviewReport.id_for(campaign, unit))
            if sum(isinstance(e, ReviewReport.Submitted) for e in events) != 1:
                not_once.append(unit.hex)
            if shown.get(unit.hex, {}).get("status") != "submitted":
                not_shown.append(unit.hex)
        return not_once, not_shown
    finally:
        app.close()
