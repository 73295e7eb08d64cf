"""The signed bundle from the year's page (off the request path, cached) and TLĐ's check;
the paths and the upload field from before "bundle" still answer."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from uuid import UUID

import docx
import pytest

from service.documents import build_bundle, render_bundle
from service.documents.keys import DevKeys, make_dev_keys
from service.documents.signing import p12_signer, sign_pdf
from tests.web.site import Demos, Site
from web.documents.pages import jobs
from web.shell.store import store


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_dev_keys(tmp_path_factory.mktemp("keys"), bits=2048)


@pytest.fixture
def signed_site(
    tmp_path: Path,
    ballot_key: Path,
    demos: Demos,
    keys: DevKeys,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Site]:
    monkeypatch.setenv("THIDUA_SIGNING_P12", str(keys.p12))
    monkeypatch.setenv("THIDUA_SIGNING_P12_PASSWORD", keys.password)
    monkeypatch.setenv("THIDUA_TRUST_CA", str(keys.ca))
    yield from demos.site("sqlite", tmp_path, ballot_key)


def test_download_needs_a_key_and_a_right(
    sqlite_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("THIDUA_SIGNING_P12", raising=False)
    monkeypatch.delenv("THIDUA_PKCS11_MODULE", raising=False)
    member, _ = sqlite_site.login("member")
    assert member.get(f"/years/{sqlite_site.year15}/bundle.pdf").status_code == 403
    assert member.get(f"/years/{sqlite_site.year15}/dossier.pdf").status_code == 403
    chair, _ = sqlite_site.login("chair")
    refused = chair.get(f"/years/{sqlite_site.year15}/bundle.pdf")
    assert refused.status_code == 409 and "Chưa cấu hình khoá ký số" in refused.get_data(
        as_text=True
    )


def test_built_off_the_request_path_then_served_from_cache_and_verified(signed_site: Site) -> None:
    chair, _ = signed_site.login("chair")
    url = f"/years/{signed_site.year15}/bundle.pdf"
    page_url = f"/years/{signed_site.year15}/bundle"
    year_page = chair.get(f"/years/{signed_site.year15}").get_data(as_text=True)
    assert f'href="{page_url}"' in year_page  # the year's page links to the bundle's page
    first = chair.get(page_url)
    text = first.get_data(as_text=True)
    assert first.status_code == 202 and "Đang lập hồ sơ: đã xong" in text
    # the page refreshes to itself, never to the file (a file would leave it at "0%")
    assert f'http-equiv="refresh" content="2; url={page_url}"' in text
    with signed_site.app.app_context():
        runner = jobs()
        key = next(p.stem for p in runner.directory.glob("*.json"))
        assert runner.wait(key, timeout=120).state == "done"
    ready = chair.get(page_url)
    text = ready.get_data(as_text=True)
    assert ready.status_code == 200 and ready.mimetype == "text/html"
    assert "Hồ sơ đã sẵn sàng" in text and f'href="{url}"' in text
    assert "http-equiv" not in text  # nothing more to wait for
    done = chair.get(url)
    assert done.status_code == 200 and done.mimetype == "application/pdf"
    assert "attachment" in done.headers["Content-Disposition"]
    pdf = done.get_data()
    assert pdf.startswith(b"%PDF") and chair.get(url).get_data() == pdf  # the cache: same bytes
    old_path = chair.get(f"/years/{signed_site.year15}/dossier.pdf")
    assert old_path.status_code == 200 and old_path.get_data() == pdf
    # the package: the same signed PDF, each document as Word, a manifest of hashes
    zipped = chair.get(f"/years/{signed_site.year15}/bundle.zip")
    assert zipped.status_code == 200 and zipped.mimetype == "application/zip"
    with zipfile.ZipFile(BytesIO(zipped.get_data())) as z:
        names = z.namelist()
        manifest = json.loads(z.read("manifest.json"))
        assert z.read(names[0]) == pdf and names[0].endswith(".pdf")
        proposal = docx.Document(BytesIO(z.read("01-proposal.docx")))
    assert [f["name"] for f in manifest["files"]] == names[:-1]
    assert manifest["files"][0]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert len([n for n in names if n.endswith(".docx")]) >= 8
    signer = proposal.tables[-1].rows[0].cells[1].text
    assert signer.endswith("(phát triển)") and "……" not in signer  # the certificate's name

    tld, csrf = signed_site.login("tld")
    assert 'name="bundle"' in tld.get("/bundles/verify").get_data(as_text=True)
    good = tld.post(
        "/bundles/verify",
        data={"csrf_token": csrf, "bundle": (io.BytesIO(pdf), "ho-so.pdf")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 200 and "hồ sơ hợp lệ" in good.get_data(as_text=True)
    tampered = bytearray(pdf)
    tampered[len(tampered) // 2] ^= 0x01
    bad = tld.post(
        "/bundles/verify",
        data={"csrf_token": csrf, "bundle": (io.BytesIO(bytes(tampered)), "ho-so.pdf")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200 and "KHÔNG hợp lệ" in bad.get_data(as_text=True)
    empty = tld.post(
        "/bundles/verify", data={"csrf_token": csrf}, content_type="multipart/form-data"
    )
    assert empty.status_code == 422
    # The old path and field name, as saved links and scripts still send them.
    old = tld.post(
        "/dossiers/verify",
        data={"csrf_token": csrf, "dossier": (io.BytesIO(pdf), "ho-so.pdf")},
        content_type="multipart/form-data",
    )
    assert old.status_code == 200 and "Kết luận: hồ sơ hợp lệ." in old.get_data(as_text=True)


def test_made_as_of_a_day_people_know(signed_site: Site) -> None:
    """?as_of= on the download makes the bundle with that day's members and names (its
    own cache entry and file name); a bad day or a log position is refused in words."""
    chair, _ = signed_site.login("chair")
    url = f"/years/{signed_site.year15}/bundle.pdf"
    bad = chair.get(url + "?as_of=31/02/2015")
    assert bad.status_code == 422 and "31/02/2015" in bad.get_data(as_text=True)
    position = chair.get(url + "?as_of=40")
    assert position.status_code == 422
    assert "theo một ngày" in position.get_data(as_text=True)
    with signed_site.app.app_context():
        assert list(jobs().directory.glob("*.json")) == []  # nothing started for either
    page = chair.get(f"/years/{signed_site.year15}?as_of=30/06/2015").get_data(as_text=True)
    page_url = f"/years/{signed_site.year15}/bundle"
    assert f'href="{page_url}?as_of=2015-06-30"' in page
    first = chair.get(page_url + "?as_of=2015-06-30")
    assert first.status_code == 202
    assert "Lập theo tình hình ngày 30/06/2015" in first.get_data(as_text=True)
    with signed_site.app.app_context():
        runner = jobs()
        key = next(p.stem for p in runner.directory.glob("*.json"))
        assert runner.wait(key, timeout=120).state == "done"
        assert key != runner.key_for(store(), UUID(signed_site.year15))  # not today's
    done = chair.get(url + "?as_of=30/06/2015")
    assert done.status_code == 200 and done.mimetype == "application/pdf"
    assert "ngay-20150630.pdf" in done.headers["Content-Disposition"]


def test_tld_checks_a_dossier_against_the_one_before(signed_site: Site, keys: DevKeys) -> None:
    """The verify page takes the cluster's earlier signed dossier beside the new one and
    says in words whether the log only grew in between."""
    signer = p12_signer(str(keys.p12), keys.password)
    with signed_site.app.app_context():
        app = store()
        first = build_bundle(app, UUID(signed_site.year15), signer=signer)
        second = sign_pdf(render_bundle(app, UUID(signed_site.year16)).pdf, signer)
    tld, csrf = signed_site.login("tld")
    form = tld.get("/bundles/verify").get_data(as_text=True)
    assert 'name="earlier"' in form and "Hồ sơ đã ký năm trước của Cụm" in form

    def check(bundle: tuple[bytes, str], earlier: tuple[bytes, str]) -> Any:
        return tld.post(
            "/bundles/verify",
            data={
                "csrf_token": csrf,
                "bundle": (io.BytesIO(bundle[0]), bundle[1]),
                "earlier": (io.BytesIO(earlier[0]), earlier[1]),
            },
            content_type="multipart/form-data",
        )

    both = check((second, "2016.pdf"), (first, "2015.pdf"))
    text = both.get_data(as_text=True)
    assert both.status_code == 200 and "Kết luận: hồ sơ hợp lệ." in text
    assert "Đối chiếu với hồ sơ trước: 2015.pdf" in text
    assert "Nối tiếp hồ sơ đã ký trước" in text and "hồ sơ năm 2015" in text
    text = check((first, "2015.pdf"), (second, "2016.pdf")).get_data(as_text=True)
    assert "Kết luận: hồ sơ KHÔNG hợp lệ." in text
    assert "không mang bằng chứng nối tiếp hồ sơ nào đã ký trước" in text
