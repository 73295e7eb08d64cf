"""Build bundles off the request path, with progress, and serve unchanged ones from cache.

`BundleJobs(directory, app_factory)`: `start(app, year_id, ...)` returns at once with
the job's status; a background thread (with its own application from `app_factory`)
renders and signs, writing its progress to `<key>.json` under `directory` (so any
worker process can show it) and the signed PDF to `<key>.pdf`.

The key is a digest of what decides the bundle's content: the template version, the
year and reviews, the explicit inputs, the signer, and the covered cases' last event
position with its chain link, and the cluster's previous signed bundle (the proof
from it is in the bundle). Documents show the store as of that position (views and
unit names as of the checkpoint), so while no event of the cases is added the same key
means the same bundle: it is served from the cache without rendering again.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.kernel.base import DomainError
from service.documents import build_bundle
from service.documents.bundle import TEMPLATE_VERSION
from service.documents.case import originators
from service.documents.letterhead import DocumentInputs
from service.documents.lineage import previous_bundle
from service.documents.signing import SigningConfig
from service.platform import wording
from service.platform.app import ThiduaApplication
from service.platform.eventlog import last_position

STALE_SECONDS = 15 * 60  # a running job that has not written progress for this long died


@dataclass(frozen=True)
class JobStatus:
    key: str
    state: str  # "missing" | "running" | "done" | "failed"
    step: str = ""
    done: int = 0
    total: int = 0
    error: str = ""
    updated: float = 0.0

    @property
    def percent(self) -> int:
        return (
            100 if self.state == "done" else int(100 * self.done / self.total) if self.total else 0
        )


def bundle_key(
    app: ThiduaApplication,
    year_id: UUID,
    reviews: Sequence[UUID] = (),
    inputs: DocumentInputs | None = None,
    signer_identity: str = "",
) -> str:
    """What decides the bundle's bytes (see the module's docstring), as a hex digest."""
    last = last_position(app, originators(app, [year_id, *reviews]))
    year = app.read(year_id)
    previous = previous_bundle(app, year.cluster_id, year.year)
    links = app.recorder.chain_links(last - 1, last, 1) if last else []  # type: ignore[attr-defined]
    digest = hashlib.sha256()
    for part in (
        TEMPLATE_VERSION,
        str(year_id),
        ",".join(str(r) for r in reviews),
        (inputs or DocumentInputs()).digest_source(),
        signer_identity,
        str(last),
        links[0][1].hex() if links else "",
        previous.sha256 if previous is not None else "",
    ):
        digest.update(part.encode() + b"\x00")
    return digest.hexdigest()[:32]


def signer_identity(config: SigningConfig) -> str:
    """The signer as far as the cache is concerned: the key's file or token, and the TSA."""
    if config.p12:
        stat = os.stat(config.p12)
        return f"p12:{os.path.abspath(config.p12)}:{stat.st_mtime_ns}:{config.tsa_url}"
    return (
        f"pkcs11:{config.pkcs11_module}:{config.pkcs11_token}:{config.pkcs11_key}:{config.tsa_url}"
    )


class BundleJobs:
    def __init__(
        self,
        directory: Path,
        app_factory: Callable[[], ThiduaApplication],
        config: SigningConfig | None = None,
        build: Callable[..., bytes] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.app_factory = app_factory
        self.config = config or SigningConfig.from_env()
        self._build = build
        self._threads: dict[str, threading.Thread] = {}

    # -- paths and status ----------------------------------------------------------------
    def pdf_path(self, key: str) -> Path:
        return self.directory / f"{key}.pdf"

    def _status_path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def status(self, key: str) -> JobStatus:
        if self.pdf_path(key).is_file():
            return JobStatus(key, "done", "Xong", 1, 1)
        try:
            data = json.loads(self._status_path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return JobStatus(key, "missing")
        status = JobStatus(**data)
        if status.state == "running" and time.time() - status.updated > STALE_SECONDS:
            return JobStatus(key, "failed", status.step, error="Tiến trình dựng hồ sơ đã dừng.")
        return status

    def result(self, key: str) -> bytes | None:
        path = self.pdf_path(key)
        return path.read_bytes() if path.is_file() else None

    def _write_status(self, status: JobStatus) -> None:
        path = self._status_path(status.key)
        tmp = path.with_name(f".{path.name}.{threading.get_ident()}.part")
        tmp.write_text(json.dumps(asdict(status), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    # -- running -------------------------------------------------------------------------
    def key_for(
        self,
        app: ThiduaApplication,
        year_id: UUID,
        reviews: Sequence[UUID] = (),
        inputs: DocumentInputs | None = None,
    ) -> str:
        return bundle_key(app, year_id, reviews, inputs, signer_identity(self.config))

    def start(
        self,
        app: ThiduaApplication,
        year_id: UUID,
        reviews: Sequence[UUID] = (),
        inputs: DocumentInputs | None = None,
    ) -> JobStatus:
        """The cached bundle's status, a running job's, or a job started now."""
        key = self.key_for(app, year_id, reviews, inputs)
        current = self.status(key)
        if current.state in ("done", "running"):
            return current
        started = JobStatus(key, "running", "Đang chờ", 0, 1, updated=time.time())
        self._write_status(started)
        thread = threading.Thread(
            target=self._run,
            args=(key, year_id, tuple(reviews), inputs),
            name=f"bundle-{key[:8]}",
            daemon=True,
        )
        self._threads[key] = thread
        thread.start()
        return started

    def wait(self, key: str, timeout: float | None = None) -> JobStatus:
        thread = self._threads.get(key)
        if thread is not None:
            thread.join(timeout)
        return self.status(key)

    def _run(
        self, key: str, year_id: UUID, reviews: tuple[UUID, ...], inputs: DocumentInputs | None
    ) -> None:
        def progress(step: str, done: int, total: int) -> None:
            self._write_status(JobStatus(key, "running", step, done, total, updated=time.time()))

        app = self.app_factory()
        try:
            pdf = self._build_pdf(app, year_id, reviews, inputs, progress)
            path = self.pdf_path(key)
            tmp = path.with_name(f".{path.name}.{threading.get_ident()}.part")
            tmp.write_bytes(pdf)
            os.replace(tmp, path)
            self._status_path(key).unlink(missing_ok=True)
        except Exception as e:  # reported to the page; the job never takes the worker down
            error = wording.text(e) if isinstance(e, DomainError) else str(e)
            self._write_status(JobStatus(key, "failed", error=error, updated=time.time()))
        finally:
            app.close()

    def _build_pdf(
        self, app: ThiduaApplication, year_id: UUID, reviews: Any, inputs: Any, progress: Any
    ) -> bytes:
        if self._build is not None:
            return self._build(app, year_id, reviews=reviews, inputs=inputs, progress=progress)

        return build_bundle(
            app, year_id, reviews=reviews, inputs=inputs, config=self.config, progress=progress
        )
