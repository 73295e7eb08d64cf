"""Issue 16 on the web, on SQLite and PostgreSQL: the chair names a 2-of-3 counting
committee when opening a secret poll (errors beside the fields, nothing typed lost);
each member's officer runs the key ceremony from the poll page (the key file and the
share file are downloads, the files uploaded back are never stored); refusals are
worded beside the passphrase or the file (409/422, never 500); closing is refused in
words until k partial decryptions are in; the result links the election record, which
tools/verify_tally.py accepts; the receipt shows the ballot's hash. Who may: only the
committee member's own officer (others 403, nothing stored)."""

from __future__ import annotations

import html as html_lib
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from nacl import pwhash

from domain.org.unit import Unit
from domain.polls.poll import Poll
from service.platform.auth import Principal
from service.polls import committee as counting
from service.polls import polls
from tests.web.site import Site
from web.shell.store import store

ROOT = Path(__file__).resolve().parents[2]
COMMITTEE = {"chair": "CAOBANG", "vice": "LAOCAI", "member": "LANGSON"}
PASS = {role: f"cụm mật khẩu của {code.lower()}" for role, code in COMMITTEE.items()}


@pytest.fixture(autouse=True)
def fast_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """libsodium's smallest Argon2id limits (same format and path; MODERATE ~0.6 s)."""
    monkeypatch.setattr(counting, "OPSLIMIT", pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(counting, "MEMLIMIT", pwhash.argon2id.MEMLIMIT_MIN)


def unit(code: str) -> str:
    return Unit.id_for(code).hex


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(response.get_data(as_text=True))


def uploads(site: Site) -> list[str]:
    folder = Path(site.app.config["UPLOAD_DIR"])
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def open_form(site: Site, **form: str | list[str]):  # type: ignore[no-untyped-def]
    client, token = site.login("vice")  # the 2016 chair
    data = {"csrf_token": token, "kind": "leading", "method": "electronic", "secret": "secret",
            "options": [unit("LANGSON"), unit("QUANGNINH")],
            "committee": [unit(c) for c in COMMITTEE.values()], "threshold": "2", **form}  # fmt: skip
    return client.post(f"/years/{site.year16}/polls/open", data=data)


def step(site: Site, role: str, poll: str, name: str, data: dict, file: bytes | None = None):  # type: ignore[no-untyped-def,type-arg]
    client, token = site.login(role)
    body = {"csrf_token": token, **data}
    if file is not None:
        body["key_file"] = (io.BytesIO(file), "khoa.thidua-key")
    return client.post(
        f"/polls/{poll}/committee/{name}", data=body, content_type="multipart/form-data"
    )


def test_the_committee_is_named_beside_its_fields(site: Site) -> None:
    too_many = open_form(site, threshold="4", question="Câu hỏi thử")
    assert too_many.status_code == 422
    page = text(too_many)
    assert "phải lớn hơn 1 và không quá 3" in page
    threshold = page[page.index('id="f-threshold"') :]
    assert threshold.index("không quá 3") < threshold.index("</div>")  # beside the field
    assert 'value="Câu hỏi thử"' in page  # nothing typed lost
    assert page.count(f'name="committee" value="{unit("LANGSON")}" checked') == 1
    assert "phải lớn hơn 1" in text(open_form(site, threshold="1"))
    stranger = open_form(site, committee=[unit("CAOBANG"), uuid4().hex])
    assert stranger.status_code == 422
    assert "phải là thành viên Cụm năm này" in text(stranger)
    paper = open_form(site, method="paper")
    assert paper.status_code == 422 and "Chỉ cuộc bỏ phiếu kín điện tử" in text(paper)
    blank = open_form(site, threshold="")  # k left empty: a majority, 2 of 3
    assert blank.status_code == 302
    poll = Poll.id_for(UUID(site.year16), "leading", None, 1)
    with site.app.app_context():
        assert polls.poll_of(store(), poll).threshold == 2


def test_ceremony_vote_decrypt_close_and_verify(site: Site, tmp_path: Path) -> None:
    assert open_form(site).status_code == 302
    p = Poll.id_for(UUID(site.year16), "leading", None, 1).hex
    files_before = uploads(site)

    # the poll page: the section, each member's step, the reader's own next step
    member, _ = site.login("member")
    page = text(member.get(f"/polls/{p}"))
    assert "Ban kiểm phiếu" in page and "chưa bắt đầu" in page
    assert f'action="/polls/{p}/committee/begin"' in page
    assert f'action="/polls/{p}/committee/deal"' not in page  # not offered yet
    assert "Làm sau bước tạo khoá." in page  # greyed, with why
    assert f'href="/polls/{p}/vote"' not in page  # no ballot before the joint key
    home = text(member.get("/"))
    assert "chưa nhận phiếu" in home and f'href="/polls/{p}/vote"' not in home
    tld, _ = site.login("tld")
    assert "committee/begin" not in text(tld.get(f"/polls/{p}"))

    # step 1: the passphrase twice, at least 12 characters; then the key file
    short = step(site, "member", p, "begin", {"passphrase": "ngan", "passphrase2": "ngan"})
    assert short.status_code == 422 and "ít nhất 12 ký tự" in text(short)
    typo = step(site, "member", p, "begin", {"passphrase": PASS["member"], "passphrase2": "x"})
    assert typo.status_code == 422 and "không giống nhau" in text(typo)
    keys = {}
    for role in COMMITTEE:
        got = step(site, role, p, "begin", {"passphrase": PASS[role], "passphrase2": PASS[role]})
        assert got.status_code == 200, text(got)[:1500]
        assert re.search(
            rf"attachment; filename=khoa-ban-kiem-phieu-{p[:8]}-\w{{8}}\.thidua-key",
            got.headers["Content-Disposition"],
        )
        keys[role] = got.data
        if role == "chair":  # the others have not announced: step 2 not yet
            early = step(site, "chair", p, "deal", {"passphrase": PASS["chair"]}, keys["chair"])
            assert early.status_code == 409 and "Chưa đến bước này" in text(early)
    again = step(site, "member", p, "begin", {"passphrase": PASS["member"], "passphrase2": PASS["member"]})  # fmt: skip
    assert again.status_code == 409 and "đã bắt đầu tạo khoá" in text(again)

    # step 2: a wrong passphrase beside it, another member's file beside the file
    wrong = step(site, "member", p, "deal", {"passphrase": "sai mật khẩu rồi"}, keys["member"])
    assert wrong.status_code == 409
    field = text(wrong)[text(wrong).index('id="f-passphrase-deal"') :]
    assert field.index("Sai cụm mật khẩu") < field.index("</div>")
    assert "Chọn lại tệp" in text(wrong)  # the file is not kept, and the page says so
    theirs = step(site, "member", p, "deal", {"passphrase": PASS["chair"]}, keys["chair"])
    assert theirs.status_code == 409 and "không phải của thành viên này" in text(theirs)
    nofile = step(site, "member", p, "deal", {"passphrase": PASS["member"]})
    assert nofile.status_code == 422 and "Cần chọn tệp khoá." in text(nofile)
    for role in COMMITTEE:
        dealt = step(site, role, p, "deal", {"passphrase": PASS[role]}, keys[role])
        assert dealt.status_code == 302, text(dealt)[:1500]
    # step 3: the share file
    shares = {}
    for role in COMMITTEE:
        got = step(site, role, p, "finish", {"passphrase": PASS[role]}, keys[role])
        assert got.status_code == 200, text(got)[:1500]
        assert "phan-khoa-ban-kiem-phieu-" in got.headers["Content-Disposition"]
        shares[role] = got.data
    page = text(member.get(f"/polls/{p}"))
    assert "đã tạo xong khoá chung" in page and "đã xác nhận" in page
    assert f'href="/polls/{p}/vote"' in page and f"/polls/{p}/vote" in text(member.get("/"))

    # voting: three through the web, the rest through the service
    for role, choice in (("chair", "LANGSON"), ("vice", "LANGSON"), ("member", "QUANGNINH")):
        client, token = site.login(role)
        voted = client.post(f"/polls/{p}/vote", data={"csrf_token": token, "choices": unit(choice)})
        assert voted.status_code == 302, text(voted)[:1500]
    with site.app.app_context():
        for code in ("HAGIANG", "LAICHAU", "DIENBIEN"):
            who = Principal(f"canbo.{code.lower()}", Unit.id_for(code))
            polls.cast_ballot(store(), who, UUID(p), [Unit.id_for("LANGSON")], polls_day(site))
    receipt = text(member.get(f"/polls/{p}/receipt"))
    found = re.search(r'class="mark hash">([0-9a-f]{64})<', receipt)
    assert found, receipt
    assert "verify_tally" in receipt

    # closing: refused in words until k partials are in
    chair, chair_token = site.login("vice")
    check = text(chair.get(f"/polls/{p}/close"))
    assert "Đã có 0/2 phần giải mã" in check and "Chưa thể đóng bỏ phiếu" in check
    assert "Đóng bỏ phiếu và công bố kết quả</button>" not in check
    assert 'name="on"' not in check and "Đóng bây giờ" not in check  # nothing to fill in
    early = chair.post(f"/polls/{p}/close", data={"csrf_token": chair_token})
    assert early.status_code == 409 and "ít nhất 2 thành viên" in text(early)
    bad = step(site, "member", p, "decrypt", {"passphrase": "sai mật khẩu rồi"}, shares["member"])
    assert bad.status_code == 409 and "Sai cụm mật khẩu" in text(bad)
    for role in ("chair", "member"):
        given = step(site, role, p, "decrypt", {"passphrase": PASS[role]}, shares[role])
        assert given.status_code == 302, text(given)[:1500]
    check = text(chair.get(f"/polls/{p}/close"))
    assert "Đã có 2/2 phần giải mã" in check and 'name="on"' in check
    assert "Cao Bằng" in check[check.index("Đã góp phần giải mã") :]
    closed = chair.post(f"/polls/{p}/close", data={"csrf_token": chair_token})
    assert closed.status_code == 302, text(closed)[:1500]

    result = text(member.get(f"/polls/{p}"))
    assert "được kiểm dưới khoá của Ban kiểm phiếu" in result
    assert "Tải hồ sơ kiểm phiếu điện tử (JSON)" in result
    record = member.get(f"/polls/{p}/record.json")
    assert record.status_code == 200 and "attachment" in record.headers["Content-Disposition"]
    path = tmp_path / "record.json"
    path.write_bytes(record.data)
    checked = subprocess.run(
        [sys.executable, str(ROOT / "tools/verify_tally.py"), str(path), "--receipt", found.group(1)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert uploads(site) == files_before  # no key or share file was ever stored


def polls_day(site: Site) -> date:
    return date.fromisoformat(site.app.config["TODAY"])


def test_only_a_members_own_officer_may(site: Site) -> None:
    assert open_form(site, committee=[unit("CAOBANG"), unit("LAOCAI")]).status_code == 302
    p = Poll.id_for(UUID(site.year16), "leading", None, 1).hex
    before = site.head()
    for role in ("member", "tld", "admin", "auditor", "district"):  # not members' officers
        client, token = site.login(role)
        assert client.get(f"/polls/{p}/committee/begin").status_code == 403, role
        data = {"csrf_token": token, "passphrase": "x" * 20, "passphrase2": "x" * 20}
        assert client.post(f"/polls/{p}/committee/begin", data=data).status_code == 403, role
    anonymous = site.app.test_client().get(f"/polls/{p}/committee/begin")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert site.head() == before
    client, _ = site.login("chair")  # Cao Bằng: a member
    assert client.get(f"/polls/{p}/committee/begin").status_code == 200
    assert client.get(f"/polls/{p}/record.json").status_code == 404  # not closed: none


def test_paper_ballots_of_the_room_beside_the_decrypted_tally(site: Site) -> None:
    """Three units vote on their phones, the rest on paper in the room: the chair
    enters the paper figures from the poll page (no more paper ballots than units
    left), and the result shows each origin's ballots and the two tallies summed."""
    assert open_form(site).status_code == 302
    p = Poll.id_for(UUID(site.year16), "leading", None, 1).hex
    day = polls_day(site)
    with site.app.app_context():
        app, poll = store(), UUID(p)
        who = {r: Principal(f"canbo.{c.lower()}", Unit.id_for(c)) for r, c in COMMITTEE.items()}
        dealers = {r: counting.begin_ceremony(app, who[r], poll, PASS[r]) for r in COMMITTEE}
        for r in COMMITTEE:
            counting.deal_shares(app, who[r], poll, dealers[r], PASS[r])
        shares = {r: counting.finish_ceremony(app, who[r], poll, dealers[r], PASS[r]) for r in COMMITTEE}  # fmt: skip
        for r in COMMITTEE:
            polls.cast_ballot(app, who[r], poll, [Unit.id_for("LANGSON")], day)
        left = len(polls.poll_of(app, poll).voters) - 3
    chair, token = site.login("vice")
    page = text(chair.get(f"/polls/{p}"))
    assert f'href="/polls/{p}/tally"' in page and "phiếu giấy phát tại hội nghị" in page
    form = text(chair.get(f"/polls/{p}/tally"))
    assert f"nhiều nhất {left} phiếu" in form
    counts = {"counts-0-option": unit("LANGSON"), "counts-1-option": unit("QUANGNINH")}

    def tally(issued: int, valid: int, invalid: int, langson: int, quangninh: int):  # type: ignore[no-untyped-def]
        return chair.post(
            f"/polls/{p}/tally",
            data={"csrf_token": token, "issued": str(issued), "returned": str(valid + invalid),
                  "valid": str(valid), "invalid": str(invalid), **counts,
                  "counts-0-votes": str(langson), "counts-1-votes": str(quangninh)},
        )  # fmt: skip

    over = tally(left + 1, left + 1, 0, 0, left + 1)
    assert over.status_code == 422
    body = text(over)
    field = body[body.index('id="f-issued"') :]
    assert field.index(f"({left})") < field.index("</div>")
    assert tally(left, left - 1, 1, 1, left - 2).status_code == 302
    with site.app.app_context():
        counting.submit_partial(store(), who["chair"], UUID(p), shares["chair"], PASS["chair"])
    # the member computes its partial on its own machine: its share never comes here
    member, _ = site.login("member")
    page = text(member.get(f"/polls/{p}"))
    assert "phần khoá không rời máy" in page and f"/polls/{p}/tally-to-decrypt.json" in page
    got = member.get(f"/polls/{p}/tally-to-decrypt.json")
    assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"]
    computed = counting.partial_on_own_machine(got.get_json(), shares["member"], PASS["member"])
    other = step(site, "member", p, "partial", {}, b"{not json")
    assert other.status_code == 409 and "Tệp phần giải mã không đọc được" in text(other)
    given = step(site, "member", p, "partial", {}, json.dumps(computed).encode())
    assert given.status_code == 302, text(given)[:1500]
    assert chair.post(f"/polls/{p}/close", data={"csrf_token": token}).status_code == 302
    result = text(chair.get(f"/polls/{p}"))
    assert f"điện tử 3; phiếu gửi bằng văn bản của đơn vị vắng mặt 0; phiếu giấy tại hội nghị {left}" in result  # fmt: skip
    table = result[result.index('class="cards origins"') :]
    row = table[table.index("Liên đoàn Lao động tỉnh Lạng Sơn") :]
    assert re.search(r">3</td>.*?>1</td>.*?>4</td>", row, re.S), row[:600]


def test_a_ceremony_step_on_the_members_own_machine(site: Site) -> None:
    """The member downloads the ceremony's material, makes its key on its own machine
    and hands in only the answer; a broken file is refused beside the file; others
    may not download the material."""
    assert open_form(site).status_code == 302
    p = Poll.id_for(UUID(site.year16), "leading", None, 1).hex
    member, _ = site.login("member")
    page = text(member.get(f"/polls/{p}"))
    assert "khoá không rời máy" in page and f"/polls/{p}/committee/material.json" in page
    got = member.get(f"/polls/{p}/committee/material.json")
    assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"]
    material = got.get_json()
    assert material["stage"] == "announcing" and material["n"] == 3
    tld, _ = site.login("tld")
    assert tld.get(f"/polls/{p}/committee/material.json").status_code == 403
    _key, answer = counting.begin_on_own_machine(material, PASS["member"])
    broken = step(site, "member", p, "answer", {}, b"[1, 2")
    assert broken.status_code == 409
    body = text(broken)
    field = body[body.index('id="f-key_file-answer"') :]
    assert field.index("Tệp trả lời của bước tạo khoá không đọc được") < field.index("</div>")
    given = step(site, "member", p, "answer", {}, json.dumps(answer).encode())
    assert given.status_code == 302, text(given)[:1500]
    assert "đã tạo khoá" in text(member.get(f"/polls/{p}"))
