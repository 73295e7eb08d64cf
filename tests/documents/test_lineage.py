"""Two dossiers (signed bundles) of one cluster a year apart: the later carries the
earlier's checkpoint and a consistency proof from it. Without a rewrite in between the
standalone tool (tools/verify_consistency.py) and `verify_bundle(earlier=)` accept the
pair; after history before the earlier checkpoint is rewritten, signing is refused, and
a later dossier signed anyway is refused by both, the tool naming where the histories
part. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from domain.year.signed_bundles import SignedBundles
from service.documents import SigningError, build_bundle, embedded, render_bundle, verify_bundle
from service.documents.keys import DevKeys
from service.documents.signing import sign_pdf
from service.platform.app import ThiduaApplication
from tests.chain_helpers import export_to
from tests.documents.conftest import INPUTS
from tests.service.test_chain_rewrite import rewrite_from

TOOL = Path(__file__).resolve().parents[2] / "tools" / "verify_consistency.py"


def tool(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *map(str, files)], capture_output=True, text=True, check=False
    )


def manifest(pdf: bytes) -> dict[str, Any]:
    files = embedded.files(PdfFileReader(BytesIO(pdf), strict=False))
    return dict(json.loads(files["checkpoint.json"].data))


def lines(pdf: bytes) -> list[dict[str, Any]]:
    files = embedded.files(PdfFileReader(BytesIO(pdf), strict=False))
    return [json.loads(x) for x in files["events.jsonl"].data.splitlines()]


@pytest.fixture
def first(demo_app: ThiduaApplication, demo_summary: dict[str, Any], signer: Any) -> bytes:
    """The 2015 dossier, signed (and so entered in the cluster's register)."""
    return build_bundle(demo_app, demo_summary["year_id"], inputs=INPUTS, signer=signer)


def test_the_next_dossier_proves_it_continues_the_signed_one(
    demo_app: ThiduaApplication,
    demo_summary: dict[str, Any],
    first: bytes,
    signer: Any,
    keys: DevKeys,
    tmp_path: Path,
) -> None:
    year15 = demo_app.read(demo_summary["year_id"])
    register = demo_app.read(SignedBundles.id_for(year15.cluster_id))
    (entry,) = register.bundles
    assert entry.year == 2015 and entry.sha256 == hashlib.sha256(first).hexdigest()
    assert "previous" not in manifest(first)  # the cluster's first signed dossier

    # 2016 is not complete (signing refuses it: readiness); its render, signed, is the
    # file under test here
    rendered = render_bundle(demo_app, demo_summary["next_year_id"], inputs=INPUTS)
    second = sign_pdf(rendered.pdf, signer)
    previous = manifest(second)["previous"]
    assert previous["year"] == 2015 and previous["consistent"] is True
    assert previous["checkpoint"] == manifest(first)["checkpoint"]
    assert previous["bundle_sha256"] == entry.sha256

    (tmp_path / "2015.pdf").write_bytes(first)
    (tmp_path / "2016.pdf").write_bytes(second)
    done = tool(tmp_path / "2015.pdf", tmp_path / "2016.pdf")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ĐÚNG" in done.stdout and "chỉ được nối thêm" in done.stdout
    backwards = tool(tmp_path / "2016.pdf", tmp_path / "2015.pdf")
    assert backwards.returncode == 1 and backwards.stdout.startswith("SAI: ")

    report = verify_bundle(second, ca=[keys.ca], earlier=first)
    assert report.ok, report.reasons
    assert report.checks[-1].name == "Nối tiếp hồ sơ đã ký trước" and report.checks[-1].ok
    alone = verify_bundle(second, ca=[keys.ca])
    assert alone.ok and alone.checks[-1].ok is None
    assert "năm 2015" in alone.checks[-1].detail


def test_a_rewrite_between_two_dossiers_is_refused_and_named(
    demo_app: ThiduaApplication,
    demo_summary: dict[str, Any],
    first: bytes,
    signer: Any,
    keys: DevKeys,
    tmp_path: Path,
) -> None:
    events = lines(first)
    at = events[len(events) // 2]["position"]  # an event the 2015 dossier was built from
    rewrite_from(demo_app, at)

    with pytest.raises(SigningError) as refused:
        build_bundle(demo_app, demo_summary["next_year_id"], inputs=INPUTS, signer=signer)
    assert "không còn nối tiếp hồ sơ năm 2015 đã ký" in str(refused.value)

    # a server that signs anyway (it holds the key): the files themselves tell
    rendered = render_bundle(demo_app, demo_summary["next_year_id"], inputs=INPUTS)
    assert rendered.previous is not None and not rendered.previous.consistent
    forged = sign_pdf(rendered.pdf, signer)
    (tmp_path / "2015.pdf").write_bytes(first)
    (tmp_path / "2016.pdf").write_bytes(forged)
    done = tool(tmp_path / "2015.pdf", tmp_path / "2016.pdf")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "SAI: nhật ký đã bị viết lại giữa hai hồ sơ" in done.stdout
    named = re.search(r"từ vị trí (\d+) đến vị trí (\d+)", done.stdout) or re.search(
        r"ở vị trí (\d+)()", done.stdout
    )
    assert named is not None, done.stdout
    low, high = int(named.group(1)), int(named.group(2) or named.group(1))
    assert low <= at <= high, done.stdout

    report = verify_bundle(forged, ca=[keys.ca], earlier=first)
    assert not report.ok
    assert any("Nhật ký đã bị viết lại giữa hai hồ sơ" in r for r in report.reasons)

    later = export_to(demo_app, tmp_path / "later.jsonl")
    exact = tool(tmp_path / "2015.pdf", later)
    assert exact.returncode == 1, exact.stdout
    assert f"SAI: vị trí {at}: mắt xích khác với hồ sơ trước" in exact.stdout
