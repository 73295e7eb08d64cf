"""The server's files: secrets outside the folder holding the store, everything private.

A copy of the instance folder (the store, uploads, the bundles' cache: what backups
carry) must hold no secret; `THIDUA_INSTANCE_PATH` moves the store and, beside it, the
secrets folder; every file the service creates is mode 600 and every folder 700.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from service.platform.paths import secret_file
from tests.web.pdfs import minimal_pdf
from web.site.app import create_app

THIDUA = Path(sys.executable).with_name("thidua")
SECRETS = {"secret_key", "ballot.key", "signer.p12", "ca-key.pem"}


def modes(root: Path) -> dict[str, int]:
    found = {str(root): stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path)] = stat.S_IMODE(path.stat().st_mode)
    return found


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(THIDUA), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("THIDUA_") or k in ("THIDUA_TODAY",)
    }
    clean["THIDUA_INSTANCE_PATH"] = str(tmp_path / "site")
    return clean


def test_the_store_folder_holds_no_secret_and_every_file_is_private(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./instance an older version left here
    run(env, "db", "init")
    run(env, "demo")  # seals the demo's secret ballots: the ballot key is made
    run(env, "keys", "dev")
    instance, secrets = tmp_path / "site", tmp_path / "site-secrets"
    assert (instance / "thidua.sqlite3").is_file()  # the store follows THIDUA_INSTANCE_PATH
    kept = {p.name for p in secrets.rglob("*") if p.is_file()}
    assert {"secret_key", "ballot.key", "signer.p12"} <= kept, kept
    in_store_folder = {p.name for p in instance.rglob("*")}
    assert not in_store_folder & SECRETS, in_store_folder
    loose = {
        path: oct(mode)
        for root in (instance, secrets)
        for path, mode in modes(root).items()
        if mode != (0o700 if Path(path).is_dir() else 0o600)
    }
    assert not loose, loose


def test_the_web_app_keeps_its_uploads_private(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THIDUA_INSTANCE_PATH", env["THIDUA_INSTANCE_PATH"])
    monkeypatch.delenv("THIDUA_SECRET_KEY", raising=False)
    monkeypatch.delenv("THIDUA_DATABASE_URL", raising=False)
    was = os.umask(0o022)  # a lax start, as a shell's default
    try:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'site' / 'events.sqlite3'}"})
        stored = app.extensions["thidua.uploads"].save("báo cáo.pdf", minimal_pdf("Báo cáo"))
    finally:
        os.umask(was)
    path = app.extensions["thidua.uploads"].path(stored.sha256)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert (tmp_path / "site-secrets" / "secret_key").is_file()
    assert not (tmp_path / "site" / "secret_key").exists()


def test_a_ballot_key_an_older_version_left_in_the_working_folder_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Older versions kept the ballot key in ./instance whatever THIDUA_INSTANCE_PATH said;
    stored password hashes are sealed with it, so it must still be found there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THIDUA_INSTANCE_PATH", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("THIDUA_SECRETS_PATH", raising=False)
    old = tmp_path / "instance" / "ballot.key"
    old.parent.mkdir()
    old.write_text("k" * 40)
    assert secret_file("ballot.key", kept_in_cwd=True) == old
    assert secret_file("secret_key") == tmp_path / "elsewhere-secrets" / "secret_key"
    new = tmp_path / "elsewhere-secrets" / "ballot.key"
    new.parent.mkdir()
    new.write_text("n" * 40)  # once moved, the secrets folder's copy is the one
    assert secret_file("ballot.key", kept_in_cwd=True) == new
