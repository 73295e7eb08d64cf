"""Benchmark (not a test): the demo dossier rendered and signed, against WeasyPrint alone
and pyHanko alone on the same HTML and PDF.

    .venv/bin/python -m tests.documents.bench_dossier [repeats]

Prints the median of each step over `repeats` runs (default 5) on a fresh demo store.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from service.app import ThiduaApplication, create_schema
from service.documents import build_dossier, render_dossier, verify_dossier
from service.documents.dossier import collect, document_pdf
from service.documents.extract import EXTRACT, MANIFEST
from service.documents.keys import make_dev_keys
from service.documents.render import Renderer, write_pdf
from service.documents.signing import p12_signer, sign_pdf
from tests.chain_helpers import ballot_key_file
from tests.documents.conftest import INPUTS
from tests.documents.pdftools import page_count


def timed(label: str, fn: Callable[[], Any], repeats: int) -> Any:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    print(f"{label:<58} {statistics.median(times) * 1000:8.0f} ms")
    return result


def main(repeats: int) -> None:
    from service.demo import load_demo

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        url = f"sqlite:///{directory / 'demo.sqlite3'}"
        create_schema(url)
        app = ThiduaApplication(url)
        with ballot_key_file(directory):
            summary = load_demo(app)
        year, review = summary["year_id"], [summary["review"]["campaign_id"]]
        keys = make_dev_keys(directory / "keys")  # RSA-3072, as `thidua keys dev`
        signer = p12_signer(str(keys.p12), keys.password)
        collected = collect(app, year, review, INPUTS)
        print(f"demo dossier: {len(collected.docs)} documents, {collected.extract.count} events")

        timed("data + extract (events, views, Merkle proofs)",
              lambda: collect(app, year, review, INPUTS), repeats)  # fmt: skip

        def weasyprint_alone() -> bytes:
            renderer = Renderer()
            laid = [renderer.layout(d.html) for d in collected.docs]
            return write_pdf(laid, title="bench", author="bench", when=collected.docs[0].on,
                             identifier=b"0" * 16,
                             attachments=[(EXTRACT, collected.extract.events, ""),
                                          (MANIFEST, collected.extract.manifest, "")])  # fmt: skip

        timed("WeasyPrint alone: same HTML → PDF/A-3b", weasyprint_alone, repeats)
        unsigned = timed("render_dossier (data + extract + WeasyPrint + contents)",
                         lambda: render_dossier(app, year, reviews=review, inputs=INPUTS),
                         repeats).pdf  # fmt: skip
        signed = timed("pyHanko alone: sign that PDF (PAdES, RSA-3072, PKCS#12)",
                       lambda: sign_pdf(unsigned, signer), repeats)  # fmt: skip
        timed("build_dossier: render + sign", lambda: build_dossier(
            app, year, reviews=review, inputs=INPUTS, signer=signer), repeats)  # fmt: skip
        timed("verify_dossier: signature, attachments, extract",
              lambda: verify_dossier(signed, ca=[keys.ca]), repeats)  # fmt: skip
        timed("verify_dossier with the store's chain", lambda: verify_dossier(
            signed, app=app, ca=[keys.ca]), repeats)  # fmt: skip
        timed("one document alone (award proposal, PDF/A-3b)",
              lambda: document_pdf(collected.docs[0]), repeats)  # fmt: skip
        print(f"dossier: {page_count(unsigned)} pages, {len(unsigned):,} bytes unsigned, "
              f"{len(signed):,} signed")  # fmt: skip
        app.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
