"""Issue 15, voting and closing polls, on SQLite and PostgreSQL: a one-choice ballot is
a group of radio buttons with "Phiếu trắng" among them; a ballot over the maximum is
refused beside the choices with what was ticked kept; after voting, a receipt (what,
which unit, when, the ballot's number and mark, never its choice) and no second form;
closing has a check page (turnout against quorum, who has not voted); an undecided
result offers the next round; a paper poll shows issued / returned; an open vote shows
who chose whom."""

from __future__ import annotations

import html as html_lib
import re
from uuid import UUID

from domain.org.unit import Unit
from domain.polls.poll import Poll
from tests.web.site import Site


def unit(code: str) -> str:
    return Unit.id_for(code).hex


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(response.get_data(as_text=True))


def open_poll(site: Site, **form: str | list[str]) -> str:
    """The 2016 chair (Lào Cai) opens the leading-unit poll: its id."""
    client, token = site.login("vice")
    data = {"csrf_token": token, "kind": "leading", "method": "electronic",
            "options": [unit("LANGSON"), unit("QUANGNINH")], "secret": "regulation", **form}  # fmt: skip
    opened = client.post(f"/years/{site.year16}/polls/open", data=data)
    assert opened.status_code == 302, text(opened)[:2000]
    return Poll.id_for(UUID(site.year16), "leading", None, 1).hex


def test_one_choice_ballot_is_radios_then_a_receipt_and_no_second_form(site: Site) -> None:
    p = open_poll(site)
    client, token = site.login("member")  # Lạng Sơn
    form = text(client.get(f"/polls/{p}/vote"))
    assert form.count('type="radio" name="choices"') == 3  # two units and the blank ballot
    assert 'type="checkbox"' not in form
    assert "Phiếu trắng" in form
    assert re.search(r"<button[^>]*>\s*Bỏ phiếu\s*</button>", form)

    two = client.post(
        f"/polls/{p}/vote",
        data={"csrf_token": token, "choices": [unit("LANGSON"), unit("QUANGNINH")]},
    )
    assert two.status_code == 422
    page = text(two)
    assert "Mỗi phiếu chọn nhiều nhất 1 đơn vị." in page
    ballot = page[page.index('fieldset class="ballot') :]
    assert ballot.index("nhiều nhất 1") < ballot.index("</fieldset>")  # beside the choices
    assert page.count("checked") == 2  # what was ticked is kept

    voted = client.post(
        f"/polls/{p}/vote", data={"csrf_token": token, "choices": unit("QUANGNINH")}
    )
    assert voted.status_code == 302
    assert voted.headers["Location"].endswith(f"/polls/{p}/receipt")
    receipt = text(client.get(f"/polls/{p}/receipt"))
    assert "Biên nhận phiếu bầu" in receipt
    assert "Liên đoàn Lao động tỉnh Lạng Sơn" in receipt  # for which unit
    found = re.search(r"Mã biên nhận</dt><dd><strong class=\"mark\">(1/[0-9A-F-]{14})<", receipt)
    assert found, receipt
    reference = found.group(1)
    assert "Quảng Ninh" not in receipt  # a secret ballot: the receipt does not show the choice
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}", receipt)

    poll_page = text(client.get(f"/polls/{p}"))
    assert "Đơn vị đã bỏ phiếu lúc" in poll_page and reference in poll_page
    assert f'href="/polls/{p}/vote"' not in poll_page
    again = text(client.get(f"/polls/{p}/vote"))
    assert "Đơn vị đã bỏ phiếu lúc" in again and reference in again
    assert 'name="choices"' not in again  # no blank form to fill and be refused

    # the chair closes: the receipt's mark is among the counted ballots
    chair, chair_token = site.login("vice")
    check = text(chair.get(f"/polls/{p}/close"))
    assert re.search(r"Đã nhận 1/\d+ phiếu, cần ít nhất \d+ để đủ túc số", check)
    assert "Đơn vị chưa bỏ phiếu" in check and "Lào Cai" in check
    assert re.search(r"<button[^>]*>\s*Đóng bỏ phiếu và công bố kết quả\s*</button>", check)
    assert chair.post(f"/polls/{p}/close", data={"csrf_token": chair_token}).status_code == 302
    result = text(chair.get(f"/polls/{p}"))
    assert reference in result
    assert "Không đủ túc số" in result
    assert "Mở vòng bỏ phiếu tiếp theo" in result
    nxt = text(chair.get(f"/years/{site.year16}/polls/open?after={p}"))
    assert re.search(r'<option value="leading"\s+selected', nxt)


def test_blank_radio_is_a_blank_ballot(site: Site) -> None:
    p = open_poll(site)
    client, token = site.login("member")
    voted = client.post(f"/polls/{p}/vote", data={"csrf_token": token, "choices": "blank"})
    assert voted.status_code == 302
    assert "Biên nhận phiếu bầu" in text(client.get(f"/polls/{p}/receipt"))


def test_open_vote_shows_who_chose_whom_after_closing(site: Site) -> None:
    p = open_poll(site, secret="open")
    client, token = site.login("member")
    form = text(client.get(f"/polls/{p}/vote"))
    assert "Biểu quyết công khai" in form
    client.post(f"/polls/{p}/vote", data={"csrf_token": token, "choices": unit("QUANGNINH")})
    chair, chair_token = site.login("vice")
    chair.post(f"/polls/{p}/close", data={"csrf_token": chair_token})
    page = text(chair.get(f"/polls/{p}"))
    table = page[page.index("Đơn vị nào chọn ai") :]
    row = re.search(r"Lạng Sơn</td>\s*<td[^>]*>([^<]+)</td>", table)
    assert row and "Quảng Ninh" in row.group(1)


def test_someone_else_cannot_read_a_units_receipt(site: Site) -> None:
    p = open_poll(site)
    client, token = site.login("member")
    client.post(f"/polls/{p}/vote", data={"csrf_token": token, "choices": unit("QUANGNINH")})
    other, _ = site.login("chair")  # Cao Bằng: not the chair of 2016
    assert other.get(f"/polls/{p}/receipt?voter={unit('LANGSON')}").status_code == 404
    assert other.get(f"/polls/{p}/receipt").status_code == 404  # it has not voted


def test_paper_poll_shows_issued_and_returned(site: Site) -> None:
    client, token = site.login("vice")
    a, b = unit("LANGSON"), unit("QUANGNINH")
    client.post(
        f"/years/{site.year16}/polls/open",
        data={"csrf_token": token, "kind": "leading", "options": [a, b], "method": "paper",
              "secret": "regulation"},
    )  # fmt: skip
    p = Poll.id_for(UUID(site.year16), "leading", None, 1).hex
    page = text(client.get(f"/polls/{p}"))
    assert "Số phiếu đã nhận" not in page
    assert "Nhập kết quả kiểm phiếu giấy" in page
    check = text(client.get(f"/polls/{p}/close"))
    assert "chưa nhập kết quả kiểm phiếu" in check
    client.post(
        f"/polls/{p}/tally",
        data={"csrf_token": token, "issued": "6", "returned": "6", "valid": "6", "invalid": "0",
              "counts-0-option": a, "counts-0-votes": "5", "counts-1-option": b,
              "counts-1-votes": "1"},
    )  # fmt: skip
    check = text(client.get(f"/polls/{p}/close"))
    assert "Phiếu phát ra 6, thu về 6" in check
    client.post(f"/polls/{p}/close", data={"csrf_token": token})
    page = text(client.get(f"/polls/{p}"))
    assert "Số phiếu đã nhận" not in page
    assert re.search(r"Phiếu phát ra / thu về</dt><dd>6 / 6", page)
