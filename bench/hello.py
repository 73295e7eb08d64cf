"""P2's baseline: a Flask hello-world that takes a form POST (`gunicorn -c gunicorn.conf.py
bench.hello:app`, the same settings thidua is served with)."""

from __future__ import annotations

from flask import Flask, request

app = Flask(__name__)


@app.get("/healthz")
def healthz() -> str:
    return "ok"


@app.post("/hello")
def hello() -> tuple[str, int]:
    return f"Hello, {len(request.form)} fields", 200
