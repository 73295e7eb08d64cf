"""A real gunicorn on loopback, killed with SIGKILL and restarted, for the crash tests.

`THIDUA_SOAK=1` (before a release) turns every loop in tests/reliability up: more kill
rounds, longer load; off by default so the suite stays quick.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SOAK = os.environ.get("THIDUA_SOAK") == "1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """gunicorn (master and workers in one process group) on 127.0.0.1:`port`."""

    env: dict[str, str]
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        for _attempt in range(3):  # a free port can be taken between finding and binding
            self.port = free_port()
            env = {**self.env, "THIDUA_BIND": f"127.0.0.1:{self.port}"}
            with self.log.open("ab") as out:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own group: SIGKILL reaches every worker
                )
            if self._wait_healthy(timeout):
                return
            self.kill()
        raise AssertionError("gunicorn did not start:\n" + self.log.read_text()[-3000:])

    def _wait_healthy(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return True
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        return False

    def kill(self) -> None:
        """SIGKILL to master and workers at once: no shutdown code runs anywhere."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process = None


def post_json(url: str, token: str, body: dict[str, Any], timeout: float = 10) -> int:
    """The HTTP status, or 0 when the connection broke (no answer: not acknowledged)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except (OSError, urllib.error.URLError):
        return 0
