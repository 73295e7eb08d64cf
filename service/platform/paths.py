"""Where the service keeps its files, and how private they are.

- The instance folder (`THIDUA_INSTANCE_PATH`, default `./instance`): the default SQLite
  store, uploads, the bundles' cache. Copies of it travel (backups).
- The secrets folder (`THIDUA_SECRETS_PATH`, default the instance folder's sibling
  `<instance>-secrets`, e.g. `./instance-secrets`): the session key, the legacy ballot
  key, development signing keys. Outside the folder holding the database, so a copy of
  the store's folder carries no secret. A secret already in the instance folder (stores
  made before) is still read there until it is moved.
- Every file the service creates is readable by its owner only (umask 077: files 600,
  folders 700), the store's files included.
"""

from __future__ import annotations

import os
from pathlib import Path

INSTANCE_ENV = "THIDUA_INSTANCE_PATH"
SECRETS_ENV = "THIDUA_SECRETS_PATH"
PRIVATE_UMASK = 0o077


def instance_path() -> Path:
    return Path(os.environ.get(INSTANCE_ENV) or "instance").absolute()


def secrets_path() -> Path:
    chosen = os.environ.get(SECRETS_ENV)
    if chosen:
        return Path(chosen).absolute()
    instance = instance_path()
    return instance.with_name(instance.name + "-secrets")


def secret_file(name: str, *, kept_in_cwd: bool = False) -> Path:
    """A secret's file: in the secrets folder, or where an older version left it when it
    is there and not yet in the secrets folder: the instance folder, or (`kept_in_cwd`:
    the ballot key) `./instance`, which older versions used whatever
    THIDUA_INSTANCE_PATH said."""
    new = secrets_path() / name
    if new.exists():
        return new
    olds = [instance_path() / name]
    if kept_in_cwd:
        olds.append(Path("instance").absolute() / name)
    for old in olds:
        if old.exists():
            return old
    return new


def private_dir(path: Path) -> Path:
    """`path` created (with its parents) for its owner only; an existing one tightened."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def keep_private() -> None:
    """From now on this process creates files 600 and folders 700."""
    os.umask(PRIVATE_UMASK)
