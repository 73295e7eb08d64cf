"""A throwaway PostgreSQL 15 server of a test's own, which the test may stop and restart
(never the shared one): initdb + pg_ctl on a free port in a temporary directory, as the
`postgres` system user when running as root (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.serving import free_port

PGBIN = Path(os.environ.get("THIDUA_PGBIN", "/usr/lib/postgresql/15/bin"))


@dataclass
class PgServer:
    root: Path
    port: int = 0
    options: str = ""
    data: Path = field(init=False)

    def __post_init__(self) -> None:
        self.data = self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, check=check, timeout=60
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._run(
            PGBIN / "initdb",
            "-D",
            self.data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        """Start on the same port as before (the service's URL names it), or a free one."""
        again = self.port != 0
        for _attempt in range(1 if again else 3):  # a free port can be taken meanwhile
            port = self.port if again else free_port()
            opts = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {self.root} -c fsync=off "
                f"-c full_page_writes=off {self.options}"
            )
            done = self._run(
                PGBIN / "pg_ctl",
                "-D",
                self.data,
                "-l",
                self.root / "pg.log",
                "-w",
                "-t",
                "30",
                "-o",
                opts,
                "start",
                check=False,
            )
            if done.returncode == 0:
                self.port = port
                return
        raise AssertionError("PostgreSQL did not start:\n" + (self.root / "pg.log").read_text())

    def stop(self, mode: str = "fast") -> None:
        self._run(
            PGBIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "30", "stop", check=False
        )

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


@contextlib.contextmanager
def throwaway_postgres(options: str = "", root: Path | None = None):  # type: ignore[no-untyped-def]
    if not (PGBIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 binaries not found in {PGBIN}")
    own = root is None
    base = Path(tempfile.mkdtemp(prefix="thidua-pg-")) if own else root
    assert base is not None
    server = PgServer(base, options=options)
    try:
        server.init()
        server.start()
        yield server
    finally:
        if server.running():
            server.stop("immediate")
        if own:
            shutil.rmtree(base, ignore_errors=True)
