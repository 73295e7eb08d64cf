"""The pages' Jinja environment finds a dict's item by name first, and otherwise
answers exactly as Jinja's own environment does."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import Environment, StrictUndefined, UndefinedError

from tests.web.site import Site
from web.shell.templating import PagesEnvironment

EXPRESSIONS = [
    "{{ row.name }}",
    "{{ row.items() | list | length }}",  # a key named like a method: still the method
    "{{ row.get('name') }}",
    "{{ row.missing is defined }}",
    "{{ row.nested.code }}",
    "{{ text.upper() }}",
    "{{ pair.real }}",
]


def _render(env: Environment, source: str, **values: Any) -> str:
    return env.from_string(source).render(**values)


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_lookups_answer_as_jinja_does(source: str) -> None:
    values = {
        "row": {"name": "Hà Nội", "items": "not the method", "nested": {"code": "HN"}},
        "text": "đã gửi",
        "pair": 3 + 4j,
    }
    pages = PagesEnvironment.__new__(PagesEnvironment)
    Environment.__init__(pages)  # without a Flask app: the lookup alone
    assert _render(pages, source, **values) == _render(Environment(), source, **values)


def test_a_missing_item_is_undefined_as_before() -> None:
    pages = PagesEnvironment.__new__(PagesEnvironment)
    Environment.__init__(pages, undefined=StrictUndefined)
    with pytest.raises(UndefinedError):
        _render(pages, "{{ row.missing }}", row={"name": "x"})


def test_header_links_follow_the_root_the_site_is_served_under(sqlite_site: Site) -> None:
    """The header's addresses are kept per worker: one served under /thidua (a reverse
    proxy's prefix) and one at the root each get their own, in any order."""
    client, _token = sqlite_site.login("member")
    for root in ("", "/thidua", ""):
        page = client.get("/units", base_url=f"http://localhost{root}").text
        assert f'<a href="{root}/units">' in page
        assert f'href="{root}/static/thidua.css"' in page
        other = "/thidua" if root == "" else ""
        assert f'<a href="{other}/units">' not in page
