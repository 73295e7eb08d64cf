"""P2's peer: the conventional CRUD Flask app a team would build instead of thidua.

It does the same durable work per form POST as thidua's self-score form, the usual way:
Flask-WTF form with its CSRF token, a Flask-Login session (the user row loaded by id on
every request), the table's 15 rows validated (a score 0–10 with a decimal comma, a known
criterion), ONE INSERT of the score row and ONE INSERT of an audit row in one COMMIT on a
SQLite file in WAL mode with `synchronous=FULL` (what thidua's event store runs with:
eventsourcing's SQLite recorder sets WAL and keeps SQLite's default FULL), a flashed
receipt, and a redirect to the year's page. One connection per request (flaskr).

Served as `gunicorn -c gunicorn.conf.py bench.peer_crud:app`, the same settings as
thidua; `PEER_CRUD_DB` names the database file made by `init_db`.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Flask, flash, g, redirect, render_template_string, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response
from wtforms import FieldList, Form, FormField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

CRITERIA = [f"TC{i:02d}" for i in range(1, 16)]  # the 15 rows of thidua's 2016 table

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL,
    password_hash TEXT NOT NULL, unit TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS scores (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
    year TEXT NOT NULL, criterion TEXT NOT NULL, points TEXT NOT NULL,
    evidence TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
    action TEXT NOT NULL, object_id INTEGER NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS scores_by_year ON scores (year, user_id);
"""

PAGE = """<!doctype html><title>{{ title }}</title>
{% for m in get_flashed_messages() %}<p>{{ m }}</p>{% endfor %}
<form method="post">
<input type="hidden" name="csrf_token" value="{{ form.csrf_token.current_token }}">
{% for row in rows %}
<input type="hidden" name="{{ row.criterion.name }}" value="{{ row.criterion.data }}">
<input name="{{ row.points.name }}" value="{{ row.points.data or '' }}">
<input name="{{ row.evidence.name }}" value="{{ row.evidence.data or '' }}">
{% for e in row.errors.values() %}<span>{{ e }}</span>{% endfor %}
{% endfor %}
{% for field, e in form.errors.items() if field != 'rows' %}<span>{{ e }}</span>{% endfor %}
<button>Lưu</button></form>"""

LOGIN = """<!doctype html><title>Đăng nhập</title><form method="post">
<input type="hidden" name="csrf_token" value="{{ form.csrf_token.current_token }}">
<input name="username"><input type="password" name="password"><button>Đăng nhập</button>
</form>"""


def init_db(path: str, users: list[tuple[str, str, str]]) -> None:
    """The schema, WAL, and `users` as (username, password, unit)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(SCHEMA)
        conn.executemany(
            "INSERT INTO users (username, password_hash, unit) VALUES (?, ?, ?)",
            [(u, generate_password_hash(p), unit) for u, p, unit in users],
        )
        conn.commit()
    finally:
        conn.close()


def db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(os.environ["PEER_CRUD_DB"], timeout=30)
        g.db.execute("PRAGMA synchronous=FULL")
    return g.db  # type: ignore[no-any-return]


class User(UserMixin):
    def __init__(self, row: tuple[int, str, str]) -> None:
        self.id, self.username, self.unit = row


def points(_form: Form, field: StringField) -> None:
    if not field.data:
        return
    try:
        value = Decimal(field.data.replace(",", "."))
    except InvalidOperation:
        raise ValidationError("Điểm phải là một số, ví dụ 8,5.") from None
    if not Decimal(0) <= value <= Decimal(10):
        raise ValidationError("Điểm từ 0 đến 10.")


def known(_form: Form, field: HiddenField) -> None:
    if field.data not in CRITERIA:
        raise ValidationError("Tiêu chí không có trong bảng.")


class Row(Form):
    criterion = HiddenField(validators=[known])
    points = StringField(validators=[points])
    evidence = StringField(validators=[Length(max=2000)])


class ScoreForm(FlaskForm):
    rows = FieldList(FormField(Row), min_entries=len(CRITERIA), max_entries=len(CRITERIA))


class LoginForm(FlaskForm):
    username = StringField(validators=[DataRequired()])
    password = PasswordField(validators=[DataRequired()])


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("PEER_CRUD_SECRET", "peer-secret")
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    login = LoginManager(app)
    login.login_view = "sign_in"

    @login.user_loader
    def load_user(user_id: str) -> User | None:
        row = db().execute("SELECT id, username, unit FROM users WHERE id = ?", (user_id,))
        found = row.fetchone()
        return User(found) if found else None

    @app.teardown_appcontext
    def close(_error: BaseException | None) -> None:
        conn = g.pop("db", None)
        if conn is not None:
            conn.close()

    app.add_url_rule("/healthz", "healthz", lambda: "ok")
    app.add_url_rule("/login", "sign_in", sign_in, methods=["GET", "POST"])
    app.add_url_rule("/years/<year>/self-score", "self_score", self_score, methods=["GET", "POST"])
    app.add_url_rule("/years/<year>", "year", year_page)
    return app


def sign_in() -> Any:
    form = LoginForm()
    if form.validate_on_submit():
        found = (
            db()
            .execute(
                "SELECT id, username, unit, password_hash FROM users WHERE username = ?",
                (form.username.data,),
            )
            .fetchone()
        )
        if found and check_password_hash(found[3], form.password.data or ""):
            login_user(User(found[:3]))
            return redirect("/")
    return render_template_string(LOGIN, form=form), 200 if request.method == "GET" else 422


@login_required
def self_score(year: str) -> Any:
    form = ScoreForm()
    if request.method == "GET":
        for entry, code in zip(form.rows.entries, CRITERIA, strict=True):
            entry.form.criterion.data = code
    elif form.validate_on_submit():
        filled = [r.form for r in form.rows.entries if r.form.points.data]
        if filled:
            return _save(year, filled)
        form.form_errors.append("Chưa chấm tiêu chí nào.")
    rows = [r.form for r in form.rows.entries]
    status = 200 if request.method == "GET" else 422
    return render_template_string(PAGE, title="Tự chấm điểm", form=form, rows=rows), status


def _save(year: str, filled: list[Any]) -> Response:
    now = datetime.now(UTC).isoformat()
    conn = db()
    with conn:  # one transaction: the score rows and the audit row, one COMMIT
        for row in filled:
            cursor = conn.execute(
                "INSERT INTO scores (user_id, year, criterion, points, evidence, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    current_user.id,
                    year,
                    row.criterion.data,
                    row.points.data,
                    row.evidence.data,
                    now,
                ),
            )
            conn.execute(
                "INSERT INTO audit (user_id, action, object_id, at) VALUES (?, 'self_score', ?, ?)",
                (current_user.id, cursor.lastrowid, now),
            )
    flash(f"Đã lưu điểm tự chấm lúc {now} (mã {cursor.lastrowid}).")
    return redirect(f"/years/{year}")


@login_required
def year_page(year: str) -> str:
    return f"Năm {year}"


app = create_app()
