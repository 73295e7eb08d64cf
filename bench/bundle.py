"""P6: the signed bundle (render + sign) vs WeasyPrint alone + pyHanko alone, and the
cached re-serve of the web's download.

- subject: `build_bundle(app, year, config=...)` as the web's download job runs it
  (service/documents/jobs.py: the year's bundle, no review, default inputs; the key
  opened from the PKCS#12 file as configured): read the cases, build the extract and
  Merkle proofs, lay out every document, write PDF/A-3b with the attachments, sign.
- baseline: the very HTML strings the subject laid out (recorded once), laid out and
  written by WeasyPrint alone (its own fetcher, one font configuration, PDF/A-3b with
  the same two attachments), then that PDF signed by pyHanko alone (PAdES, the same
  PKCS#12 key, loaded once).
- cached re-serve: the chair's GET of /years/<id>/bundle.pdf through the Flask test
  client once the job has finished (sign-in, rights, cache key from the cases' last
  event and chain link, the PDF read from disk).

Also, for information: the data + extract step alone, and verifying the signed bundle.
Dev keys as `thidua keys dev` makes them (RSA-3072).
"""

from __future__ import annotations

import re
import statistics
import time
from io import BytesIO
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from bench.harness import Row, interleave
from bench.site import PASSWORD, DemoSite, environment, username
from service.documents import build_bundle, verify_bundle
from service.documents import bundle as bundle_module
from service.documents.bundle import collect
from service.documents.keys import DevKeys, make_dev_keys
from service.documents.render import ASSETS, Renderer
from service.documents.signing import FIELD, SigningConfig, p12_signer
from service.platform.app import ThiduaApplication
from web.documents.pages import jobs
from web.shell.store import EXTENSION
from web.site.app import create_app

CHAIR_2015 = "CAOBANG"


class RecordingRenderer(Renderer):
    """thidua's renderer, keeping every HTML string it lays out (the baseline's input)."""

    seen: list[str] = []

    def layout(self, html: str) -> Any:
        RecordingRenderer.seen.append(html)
        return super().layout(html)


def weasyprint_alone(html: list[str], attachments: list[tuple[str, bytes]]) -> bytes:
    """The same HTML → one PDF/A-3b with the same attachments, WeasyPrint as it comes."""

    fonts, base = FontConfiguration(), ASSETS.as_uri() + "/"
    laid = [HTML(string=h, base_url=base).render(font_config=fonts) for h in html]
    combined = laid[0].copy([page for doc in laid for page in doc.pages])
    files = [
        Attachment(string=data, name=name, relationship="Source") for name, data in attachments
    ]
    return combined.write_pdf(pdf_variant="pdf/a-3b", attachments=files)  # type: ignore[no-any-return]


def pyhanko_alone(pdf: bytes, signer: Any) -> bytes:

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    out = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer)
    return out.getvalue()  # type: ignore[no-any-return]


def run(site: DemoSite, work: Path, repeats: int, serves: int, out=print) -> list[Row]:  # type: ignore[no-untyped-def]
    keys = make_dev_keys(work / "keys")  # RSA-3072, as `thidua keys dev`
    config = SigningConfig(p12=str(keys.p12), p12_password=keys.password)
    signing = {"THIDUA_SIGNING_P12": str(keys.p12), "THIDUA_SIGNING_P12_PASSWORD": keys.password}
    app = ThiduaApplication(site.url)
    try:
        with environment({**site.env(), **signing}):
            download = Download(site)
            html = download.build_recording()  # the web's job; its HTML is the baseline's
            rows = _pairs(app, site.year15, html, keys, config, repeats, out)
            rows.append(download.timed(serves))
            download.close()
        return rows
    finally:
        app.close()


def _pairs(
    app: ThiduaApplication,
    year_id: Any,
    html: list[str],
    keys: DevKeys,
    config: SigningConfig,
    repeats: int,
    out=print,
) -> list[Row]:  # type: ignore[no-untyped-def]
    extract = collect(app, year_id).extract
    attachments = [("extract.jsonl", extract.events), ("manifest.json", extract.manifest)]
    signer = p12_signer(str(keys.p12), keys.password)
    signed: list[bytes] = []

    def subject() -> int:
        signed.append(build_bundle(app, year_id, config=config))
        return 1

    def baseline() -> int:
        pyhanko_alone(weasyprint_alone(html, attachments), signer)
        return 1

    def data_only() -> int:
        collect(app, year_id)
        return 1

    per = interleave({"baseline": baseline, "subject": subject, "data": data_only}, repeats)
    started = time.perf_counter()
    report = verify_bundle(signed[-1], app=app, ca=[keys.ca])
    verify_ms = (time.perf_counter() - started) * 1000
    if not report.ok:
        out(f"P6  the signed bundle does NOT verify: {report}")
    out(f"P6  bundle: {len(html)} HTML documents laid out, {len(signed[-1]):,} bytes signed")
    return [
        Row("P6", "bundle render + sign (service)", per["subject"] * 1000, "ms",
            "WeasyPrint alone + pyHanko alone", per["baseline"] * 1000, "<= 1.2",
            extra={"documents": len(html), "bytes": len(signed[-1]), "verified": report.ok}),
        Row("P6", "of which data + extract + proofs", per["data"] * 1000, "ms"),
        Row("P6", "verify the signed bundle (+ chain)", verify_ms, "ms", note="one run"),
    ]  # fmt: skip


class Download:
    """The chair of 2015 signed in (Flask test client) on the year's bundle download."""

    def __init__(self, site: DemoSite) -> None:

        self.app = create_app()
        self.client = self.app.test_client()
        page = self.client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, "no CSRF token on the sign-in page"
        form = {"username": username(CHAIR_2015), "password": PASSWORD, "csrf_token": token[1]}
        signed_in = self.client.post("/login", data=form)
        assert signed_in.status_code == 302, signed_in.status_code
        self.url = f"/years/{site.year15.hex}/bundle.pdf"

    def build_recording(self) -> list[str]:
        """The first download starts the job (202); wait for it. Returns every HTML
        string its renderer laid out."""

        RecordingRenderer.seen = []
        original = bundle_module.Renderer
        bundle_module.Renderer = RecordingRenderer  # type: ignore[misc]
        try:
            first = self.client.get(self.url)
            assert first.status_code == 202, first.status_code
            with self.app.app_context():
                runner = jobs()
                for key in list(runner._threads):
                    status = runner.wait(key, timeout=600)
                    assert status.state == "done", status
        finally:
            bundle_module.Renderer = original  # type: ignore[misc]
        return list(RecordingRenderer.seen)

    def timed(self, serves: int) -> Row:
        """The cached bundle served again: median of `serves` GETs, each checked."""
        times, failures, size = [], 0, 0
        for _ in range(serves):
            started = time.perf_counter()
            response = self.client.get(self.url)
            body = response.get_data()
            times.append(time.perf_counter() - started)
            size = len(body)
            if response.status_code != 200 or not body.startswith(b"%PDF"):
                failures += 1
        return Row(
            "P6",
            "cached re-serve (chair's download)",
            statistics.median(times) * 1000,
            "ms",
            goal="<= 10 ms",
            note=f"{failures} FAILED" if failures else "",
            extra={"serves": serves, "failures": failures, "bytes": size},
        )

    def close(self) -> None:

        self.app.extensions[EXTENSION].close()
