"""Deadline day, small: signed-in officers of distinct units submit their review reports
through the real form (sign-in page, CSRF token, session cookie, the submit form) to a
gunicorn that is SIGKILLed, master and workers at once, mid-run; after a restart every
acknowledged submission (a 302 to the report's page) is in the store and in the views,
and no report is submitted twice, even when its officer submits again after the restart.

The reports are drafted through the service beforehand (setup); only the submission goes
through the web. A connection broken by the kill is "not acknowledged".
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.org.unit import Unit
from domain.review.report import ReviewReport
from domain.review.term import Target
from service.accounts import accounts
from service.audit.schema import create_schema
from service.org.units import register_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.review import review_reports, reviews
from service.views.projector import projector_of
from tests.reliability.serving import SOAK, Server
from tests.reliability.test_crash import server_env

UNITS = 48 if SOAK else 16
CLIENTS = 4
PASSWORD = "mat-khau-so-ket-2015"
NARRATIVE = dict(done="Đã làm", not_done="Chưa làm", causes="Do", lessons="Bài học", tasks="Việc")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def code_of(i: int) -> str:
    return f"KS-{i:03d}"


def prepare(url: str) -> UUID:
    """A province, UNITS districts each with an officer and a drafted report."""
    create_schema(url)
    app, admin = ThiduaApplication(url), SYSTEM_PRINCIPAL
    try:
        register_unit(app, admin, "KS", "province", "LĐLĐ tỉnh Kiểm Sức", date(2010, 1, 1))
        term = reviews.open_term(
            app, admin, "KS", "X", "Nhiệm kỳ X", 2013, 2018, date(2013, 7, 1), "NQ"
        )
        target = Target.make(
            code="CT01", name="Thành lập công đoàn cơ sở", measure="Số CĐCS", unit="CĐCS",
            target="100",
        )  # fmt: skip
        reviews.add_targets(app, admin, term, [target], date(2013, 7, 1))
        campaign = reviews.plan_review(
            app, admin, term, "Sơ kết X", date(2015, 12, 31), date(2015, 11, 1)
        )
        for i in range(UNITS):
            code = code_of(i)
            register_unit(
                app, admin, code, "district", f"LĐLĐ huyện {code}", date(2010, 1, 1), "KS"
            )
            accounts.create_account(
                app, admin, code.lower(), f"Cán bộ {code}", code, [], PASSWORD, date(2013, 1, 1)
            )
            reviews.add_participant(app, admin, campaign, code, date(2015, 11, 2))
            review_reports.draft_report(
                app, Principal(code.lower(), Unit.id_for(code)), campaign, code,
                date(2015, 12, 1), values={"CT01": {"value": str(i + 1)}}, assessments={},
                narrative=NARRATIVE,
            )  # fmt: skip
        return UUID(str(campaign))
    finally:
        app.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def body(answer: Any, posted: bool) -> str:
    """An answer's body. Cut short when the kill came after its status line was sent: a
    POST's status stands (a 302 was sent after the commit), a page cut short is a broken
    connection (ConnectionError: the kill came before the POST)."""
    try:
        return str(answer.read().decode(errors="replace"))
    except http.client.IncompleteRead as cut:
        if not posted:
            raise ConnectionError("the page was cut short") from cut
        return cut.partial.decode(errors="replace")


def submit(base: str, campaign: UUID, code: str) -> int:
    """Sign in as the unit's officer, open its submit form, post it: the POST's status
    (0: no answer, the connection broke); -1 when the kill came before the POST."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )

    def call(path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with opener.open(base + path, data=data, timeout=60) as r:
                return r.status, r.headers.get("Location", ""), body(r, data is not None)
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location", ""), body(e, data is not None)

    try:
        _s, _l, page = call("/login")
        token = TOKEN.search(page)
        assert token, "no CSRF token on the sign-in page"
        form = {"username": code.lower(), "password": PASSWORD, "csrf_token": token.group(1)}
        status, _l, _p = call("/login", form)
        assert status == 302, f"sign-in of {code}: HTTP {status}"
        path = f"/reviews/{campaign.hex}/reports/{code}/submit"
        _s, _l, page = call(path)
        token = TOKEN.search(page)
        assert token, f"no CSRF token on {path}"
    except OSError:
        return -1
    try:
        status, where, _p = call(path, {"csrf_token": token.group(1)})
    except OSError:
        return 0
    if status == 302 and not where.rstrip("/").endswith(f"/reports/{code}"):
        raise AssertionError(f"{code}: redirected to {where}")
    return status


def run_until_killed(server: Server, campaign: UUID) -> dict[str, int]:
    """CLIENTS threads submit the units' reports; the server is killed once a third of
    them are acknowledged (or after a generous wait)."""
    answers: dict[str, int] = {}
    lock = threading.Lock()
    todo = [code_of(i) for i in range(UNITS)]

    def client(t: int) -> None:
        for code in todo[t::CLIENTS]:
            status = submit(server.base, campaign, code)
            with lock:
                answers[code] = status
            if status <= 0:
                return  # the server is gone

    threads = [threading.Thread(target=client, args=(t,)) for t in range(CLIENTS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with lock:
            if sum(s == 302 for s in answers.values()) >= UNITS // 3 or len(answers) == UNITS:
                break
        time.sleep(0.02)
    server.kill()
    for t in threads:
        t.join(120)
    return answers


def submissions(app: ThiduaApplication, campaign: UUID, code: str) -> int:
    report = ReviewReport.id_for(campaign, Unit.id_for(code))
    events = app.repository.event_store.get(report)
    return sum(isinstance(e, ReviewReport.Submitted) for e in events)


def test_sigkill_mid_deadline_keeps_every_acknowledged_submission(store_url, tmp_path: Path):
    campaign = prepare(store_url)
    env = {**server_env(store_url, tmp_path), "THIDUA_TODAY": "2015-12-10"}
    env["THIDUA_LOGIN_LIMIT"] = "100000 per minute"  # every officer signs in from 127.0.0.1
    server = Server(env, tmp_path / "gunicorn.log")
    server.start()
    try:
        first = run_until_killed(server, campaign)
        acknowledged = {c for c, s in first.items() if s == 302}
        assert len(acknowledged) >= 1, f"nothing acknowledged before the kill: {first}"
        assert all(s in (302, 0, -1) for s in first.values()), first
        server.start()
        again = {c: submit(server.base, campaign, c) for c in sorted(first)}  # the same officers
    finally:
        server.kill()
    for code in acknowledged:  # submitted already: refused, nothing stored
        assert again[code] in (409, 422), (code, again[code])
    assert all(s in (302, 409, 422) for s in again.values()), again
    app = ThiduaApplication(store_url)
    try:
        projector_of(app).catch_up()
        doc = projector_of(app).store.get("term_progress", campaign.hex)
        for code in first:
            assert submissions(app, campaign, code) == 1, code  # never twice, none lost
            unit = Unit.id_for(code).hex
            assert doc["reports"][unit]["status"] == "submitted", code
        assert len(acknowledged) >= 1 and acknowledged <= set(first)
    finally:
        app.close()
