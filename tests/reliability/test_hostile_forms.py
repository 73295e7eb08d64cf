"""Hostile input on the HTML forms, posted as a browser would (signed in, CSRF token):
Vietnamese composed (NFC) and decomposed (NFD), zero-width (U+200B, U+200D, U+FEFF),
control characters (U+0000-U+001F, U+007F) and the bidi override U+202E, 100 KB
fields, text in number and date fields, a field posted twice (a list for a scalar),
fields left out. Forms: a plan task (text, textarea, choice, dates), the self-score
table (text and decimal in table rows), a comment on the criteria (integer, textarea)
and a report with a file (choice, textarea, file).

Properties: never a 5xx; a refusal re-renders the form (422) with the person's input
and a Vietnamese message per field in error, or shows the command's refusal (403/409);
on any refusal nothing is stored (event count and chain head unchanged); what is
accepted is stored normalised: without control, zero-width and bidi characters (tab
and line breaks kept, CR LF as LF), NFC, surrounding spaces stripped.

THIDUA_SOAK=1 multiplies the examples by 10.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from service.platform.app import ThiduaApplication
from tests.reliability.hostile import module_ballot_key, worded
from tests.reliability.serving import SOAK
from tests.web.pdfs import minimal_pdf
from tests.web.site import Demos, Site, unit

EXAMPLES = 40 * (10 if SOAK else 1)  # per form
WORDS = [
    "Cờ thi đua",
    "Phát triển đoàn viên",
    "Tổng Liên đoàn Lao động",
    "Hội thảo",
    "Nguyễn Thị Hường",
    "ưu tiên",
    "Điện Biên",
    "Quỳnh",
    " ",
    "\t",
    "\n",
    "\r\n",
]
INVISIBLE = ["\u200b", "\u200d", "\ufeff", "\u202e", "\x7f", *map(chr, range(0x20))]
BIG = "Báo cáo tổng kết năm. " * 4700  # ~100 KB
SPEC_DROPPED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def stored_form(text: str) -> str:
    """What the spec says accepted text is stored as (docs/RELIABILITY.md, Hostile input)."""
    text = SPEC_DROPPED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text).strip()


def typed(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Pieces joined, in NFC or NFD as different keyboards send Vietnamese."""
    joined = st.lists(pieces, max_size=8).map("".join)
    return st.tuples(joined, st.sampled_from(["NFC", "NFD"])).map(
        lambda t: unicodedata.normalize(t[1], t[0])
    )


HOSTILE_TEXT = st.one_of(
    typed(st.one_of(st.sampled_from(WORDS), st.sampled_from(INVISIBLE), st.text(max_size=4))),
    st.just(BIG),
    st.sampled_from(INVISIBLE).map(lambda c: c * 3),  # nothing but invisible characters
)


def around(valid: list[str]) -> st.SearchStrategy[str]:
    """A valid value, the same with invisible characters in it, or hostile text."""
    dirty = st.tuples(st.sampled_from(valid), st.sampled_from(INVISIBLE)).map(
        lambda t: t[1] + t[0] + t[1]
    )
    return st.one_of(st.sampled_from(valid), dirty, HOSTILE_TEXT)


DATES = around(["15/05/2016", "2016-06-15", "1/6/2016", "31/02/2016", "2016-13-01", "0/0/0"])
DECIMALS = around(["9,5", "9.5", "10", "0", "-1", "1e309", "NaN", "Infinity", "9,999", "1" * 400])
INTEGERS = around(["1", "2", "-1", "1.5", "99999999999999999999999"])


TYPED = typed(st.one_of(st.sampled_from(WORDS), st.sampled_from(INVISIBLE))).filter(
    lambda t: bool(stored_form(t))
)  # text a form accepts, typed with invisible characters


def fields(
    spec: dict[str, st.SearchStrategy[str]], valid: dict[str, st.SearchStrategy[str]]
) -> st.SearchStrategy[dict[str, Any]]:
    """A posted form: hostile (each field given once, twice, i.e. a list for a scalar, or
    left out) or valid values typed with invisible characters (mostly accepted)."""
    how = st.sampled_from(["once"] * 6 + ["twice", "missing"])
    per_field = {
        name: st.tuples(how, values, values).map(
            lambda t: None if t[0] == "missing" else ([t[1], t[2]] if t[0] == "twice" else t[1])
        )
        for name, values in spec.items()
    }
    hostile = st.fixed_dictionaries(per_field).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )
    return st.one_of(hostile, st.fixed_dictionaries(valid))


def first(value: Any) -> str:
    """What the form reads of a field posted twice: the first value."""
    return value[0] if isinstance(value, list) else value


_ = module_ballot_key  # one key for the module: its site's accounts sign in in every test


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, ballot_key: Path, demos: Demos
) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("hostile-forms")
    built = demos.site("sqlite", tmp, ballot_key)
    found = next(built)
    client, token = found.login("member")
    registered = client.post(
        f"/years/{found.year16}/register",
        data={"csrf_token": token, "title": "Cờ thi đua", "commitments": "Một"},
    )
    assert registered.status_code == 302
    yield found
    next(built, None)


class Witness:
    """The store's event count and chain head, before and after each post."""

    def __init__(self, site: Site) -> None:
        self.app = ThiduaApplication(site.url)

    def state(self) -> tuple[int, tuple[int, bytes]]:
        recorder = self.app.recorder
        return recorder.max_notification_id() or 0, recorder.chain_head()  # type: ignore[attr-defined]

    def close(self) -> None:
        self.app.close()


def errors_of(html: str) -> list[str]:
    return re.findall(r'<span class="error"[^>]*role="alert">(.*?)</span>', html, re.S)


def check_post(
    site: Site,
    role: str,
    path: str,
    form: dict[str, Any],
    read_back: Callable[[], None],
    files: Any = None,
    shown: tuple[str, ...] = (),
) -> int:
    """Post `form`; check the properties; return the status."""
    client, token = site.login(role) if role not in LOGGED_IN else LOGGED_IN[role]
    LOGGED_IN[role] = (client, token)
    witness = WITNESS[0]
    before = witness.state()
    data: dict[str, Any] = {"csrf_token": token, **form}
    if files is not None:
        data["files"] = files
    response = client.post(path, data=data, content_type="multipart/form-data")
    status, html = response.status_code, response.get_data(as_text=True)
    assert status < 500, (status, form)
    if status == 302:
        read_back()
        return status
    assert witness.state() == before, ("stored on refusal", status, form)
    assert status in (403, 409, 422), (status, form)
    if status == 422:
        messages = errors_of(html)
        assert messages and all(worded(m) for m in messages), (messages, form)
        for name in shown:  # the person's input comes back (as the page shows it)
            value = form.get(name)
            if isinstance(value, str) and value.strip():
                assert str(escape(value)) in html or str(escape(value.strip())) in html, name
    else:
        assert worded(re.sub(r"<[^>]+>", " ", html)), status
    return status


LOGGED_IN: dict[str, tuple[Any, str]] = {}
WITNESS: list[Witness] = []


@pytest.fixture(autouse=True)
def witness(site: Site) -> Iterator[None]:
    WITNESS[:] = [Witness(site)]
    LOGGED_IN.clear()
    yield
    WITNESS[0].close()


def board_task(site: Site, key: str) -> dict[str, Any]:
    tasks = site.api("auditor").get(f"/api/v1/years/{site.year16}/board").get_json()
    found = [t for t in tasks if t["key"] == key]
    assert len(found) == 1, key
    return found[0]


def settings_() -> Any:
    return settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )


def test_plan_task_form(site: Site) -> None:
    spec = {
        "key": around(["hoi-thao", "tap-huan"]),
        "number": around(["6", "7a"]),
        "content": HOSTILE_TEXT,
        "role": around(["chair_and_members", "chair"]),
        "start": DATES,
        "end": DATES,
    }
    seen: list[int] = []

    valid = {
        "key": st.sampled_from(INVISIBLE).map(lambda c: c + "hoi-thao" + c),
        "number": st.just("6"),
        "content": TYPED,
        "role": st.just("chair"),
        "start": st.just("15/05/2016"),
        "end": st.just("2016-06-15"),
    }

    @settings_()
    @example(
        form={
            "key": "hoi-thao",
            "number": "6",
            "content": "Hội thảo",
            "role": "chair",
            "start": "15/05/2016",
            "end": "2016-06-15",
        }
    )
    @given(form=fields(spec, valid))
    def post(form: dict[str, Any]) -> None:
        def read_back() -> None:
            task = board_task(site, stored_form(first(form["key"])))
            assert task["content"] == stored_form(first(form["content"])), form
            assert task["number"] == stored_form(first(form["number"]))

        seen.append(
            check_post(
                site,
                "vice",
                f"/years/{site.year16}/plan/task",
                form,
                read_back,
                shown=("key", "number", "content"),
            )
        )

    post()
    print(f"{len(seen)} posts, statuses {dict(Counter(seen))}")
    assert {302, 422} <= set(seen), seen  # some accepted, some refused


def test_self_score_table(site: Site) -> None:
    spec = {
        "rows-0-criterion": around(["1.1", "1.2"]),
        "rows-0-points": DECIMALS,
        "rows-0-evidence": HOSTILE_TEXT,
    }
    seen: list[int] = []

    valid = {
        "rows-0-criterion": st.just("1.1"),
        "rows-0-points": st.sampled_from(["9,5", "7"]),
        "rows-0-evidence": TYPED,
    }

    @settings_()
    @given(form=fields(spec, valid))
    def post(form: dict[str, Any]) -> None:
        def read_back() -> None:
            dossier = (
                site.api("auditor")
                .get(f"/api/v1/years/{site.year16}/dossiers/{unit('LANGSON')}")
                .get_json()
            )
            score = dossier["self_scores"][stored_form(first(form["rows-0-criterion"]))]
            assert score["note"] == stored_form(first(form["rows-0-evidence"])), form
            written = stored_form(first(form["rows-0-points"])).replace(",", ".")
            assert Decimal(score["points"]) == Decimal(written), form

        seen.append(check_post(site, "member", f"/years/{site.year16}/self-score", form, read_back))

    post()
    print(f"{len(seen)} posts, statuses {dict(Counter(seen))}")
    assert {302, 422} <= set(seen), seen


def test_comment_on_the_criteria(site: Site) -> None:
    spec = {"version": INTEGERS, "text": HOSTILE_TEXT}
    seen: list[int] = []

    @settings_()
    @given(form=fields(spec, {"version": st.just("1"), "text": TYPED}))
    def post(form: dict[str, Any]) -> None:
        seen.append(
            check_post(
                site,
                "member",
                f"/years/{site.year16}/criteria/comment",
                form,
                lambda: None,
                shown=("text",),
            )
        )

    post()
    print(f"{len(seen)} posts, statuses {dict(Counter(seen))}")
    assert 422 in seen and ({302, 409} & set(seen)), seen  # 409: comments closed


def test_report_with_a_file(site: Site) -> None:
    spec = {"kind": around(["midyear", "yearend"]), "summary": HOSTILE_TEXT}
    pdf = minimal_pdf("Báo cáo")
    seen: list[int] = []

    @settings_()
    @given(
        form=fields(spec, {"kind": st.just("midyear"), "summary": TYPED}),
        name=st.one_of(
            st.just("Báo cáo.pdf"),
            typed(st.sampled_from(["bao-cao", ".pdf", "\u200b", "\u202e", "ạ", "\x00", "/"])),
        ),
    )
    def post(form: dict[str, Any], name: str) -> None:
        def read_back() -> None:
            dossier = (
                site.api("auditor")
                .get(f"/api/v1/years/{site.year16}/dossiers/{unit('LANGSON')}")
                .get_json()
            )
            last = dossier["reports"][first(form["kind"])]  # the kind that was accepted
            assert last["summary"] == stored_form(first(form["summary"])), form
            assert all(not SPEC_DROPPED.search(a["name"]) for a in last["attachments"])

        seen.append(
            check_post(
                site,
                "member",
                f"/years/{site.year16}/report",
                form,
                read_back,
                files=(io.BytesIO(pdf), name),
                shown=("summary",),
            )
        )

    post()
    print(f"{len(seen)} posts, statuses {dict(Counter(seen))}")
    assert {302, 422} <= set(seen), seen
