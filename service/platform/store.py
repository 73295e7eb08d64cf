"""Map THIDUA_DATABASE_URL onto eventsourcing's persistence environment."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from service.platform.paths import instance_path

DEFAULT_SQLITE = "thidua.sqlite3"  # in the instance folder (service/platform/paths.py)


class StoreURLError(ValueError):
    pass


def default_url() -> str:
    return os.environ.get("THIDUA_DATABASE_URL") or f"sqlite:///{instance_path() / DEFAULT_SQLITE}"


def persistence_env(url: str, create_table: bool) -> dict[str, str]:
    """eventsourcing settings for `url` (sqlite:///PATH or postgresql://...)."""
    parts = urlsplit(url)
    env = {"CREATE_TABLE": "y" if create_table else "n"}
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise StoreURLError(f"SQLite URL needs a file path: {url!r}")
        if not path.startswith("file:") and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=path,
            # how long a write waits for another writer's lock before it is refused
            SQLITE_LOCK_TIMEOUT=os.environ.get("THIDUA_SQLITE_LOCK_TIMEOUT") or "10",
        )
        return env
    if parts.scheme in ("postgresql", "postgres"):
        query = parse_qs(parts.query)
        host = query.get("host", [parts.hostname or "127.0.0.1"])[0]
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=unquote(parts.path.lstrip("/")) or "thidua",
            POSTGRES_HOST=host,
            POSTGRES_PORT=str(parts.port or 5432),
            POSTGRES_USER=unquote(parts.username or "postgres"),
            POSTGRES_PASSWORD=unquote(parts.password or ""),
            # How long one attempt waits for a pooled connection; the library tries a
            # query 10 times, so with the database down a request is refused after about
            # 10 x (this + 0.2) s. 10 s made it ~100 s: past gunicorn's timeout, the
            # worker was killed and the person got no answer at all.
            POSTGRES_CONNECT_TIMEOUT=os.environ.get("THIDUA_PG_CONNECT_TIMEOUT") or "1",
            POSTGRES_PRE_PING="y",  # a pooled connection is checked before use: after a
            # database restart the stale ones are dropped, not handed to a request
            POSTGRES_LOCK_TIMEOUT="10",
            POSTGRES_POOL_SIZE="5",
            POSTGRES_MAX_OVERFLOW="10",
        )
        return env
    raise StoreURLError(f"Unsupported database URL scheme {parts.scheme!r}: {url!r}")


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgresql", "postgres")
