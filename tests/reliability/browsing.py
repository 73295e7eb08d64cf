"""A cookie-keeping HTTP client for a real gunicorn: sign in, read a form's CSRF token,
post forms (redirects are answers, not followed) and JSON."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 302 is the answer to look at


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Browser:
    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self,
        path: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
        timeout: float = 30,
    ) -> Answer:
        req = urllib.request.Request(
            self.base + path, data=data, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return Answer(r.status, r.read().decode(), dict(r.headers))
        except urllib.error.HTTPError as e:
            return Answer(e.code, e.read().decode(errors="replace"), dict(e.headers))

    def get(self, path: str) -> Answer:
        return self.request(path)

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        body = urllib.parse.urlencode(fields).encode()
        return self.request(path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path: str, body: Any, token: str) -> Answer:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        return self.request(path, json.dumps(body).encode(), headers)

    def csrf(self, path: str) -> str:
        page = self.get(path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.body)
        assert page.status == 200 and found, f"no form at {path}: {page.status}"
        return found.group(1)

    def login(self, username: str, password: str) -> None:
        token = self.csrf("/login")
        answer = self.post_form(
            "/login", {"username": username, "password": password, "csrf_token": token}
        )
        assert answer.status == 302, answer.body[:500]
