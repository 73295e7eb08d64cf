"""The one wording catalogue: every coded message, and how it reads in a language.

`CATALOGUE` maps each code to its Vietnamese text, which is the Babel message id; the
English is the translation in web/translations/en (messages.po, compiled to
messages.mo). The areas' tables are listed here, once: a code defined by two areas is an
error at import. `render` translates through Babel (the compiled catalogue, loaded once
per language, in or outside a request: pages, API, CLI, PDFs) and fills in the params.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

from domain.accounts import messages as accounts
from domain.kernel import messages as kernel
from domain.kernel.base import DomainError
from domain.kernel.messages import N_, Listing, Phrase
from domain.org import messages as org
from domain.polls import messages as polls
from domain.review import messages as review
from domain.year import messages as year
from service.platform import messages as platform

TRANSLATIONS = Path(__file__).resolve().parents[2] / "web" / "translations"
FALLBACK = N_("Không thực hiện được thao tác ({code}).")
TABLES: tuple[Mapping[str, str], ...] = (
    kernel.MESSAGES,
    org.MESSAGES,
    accounts.MESSAGES,
    year.MESSAGES,
    polls.MESSAGES,
    review.MESSAGES,
    review.LABELS,
    platform.MESSAGES,
)


def _compose(tables: tuple[Mapping[str, str], ...]) -> dict[str, str]:
    catalogue: dict[str, str] = {}
    for table in tables:
        twice = catalogue.keys() & table.keys()
        if twice:
            raise ValueError(f"message codes defined twice: {sorted(twice)}")
        catalogue.update(table)
    return catalogue


CATALOGUE = _compose(TABLES)


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of `locale`; Vietnamese (the ids themselves) has none."""
    return Translations.load(str(TRANSLATIONS), [locale])


def render(code: str, locale: str, params: Mapping[str, Any] | None = None) -> str:
    """`code`'s text in `locale` ("vi", "en"), with `params` filled in; an unknown code
    reads as the fallback, and a text whose params are missing reads unfilled."""
    text = translations(locale).gettext(CATALOGUE.get(code, FALLBACK))
    values = {"code": code, **{k: _value(v, locale) for k, v in (params or {}).items()}}
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return text


def text(error: DomainError, locale: str = "vi") -> str:
    """What a refused command says to a person."""
    return render(error.code, locale, error.params)


def _value(value: Any, locale: str) -> Any:
    if isinstance(value, Phrase):
        return render(value.code, locale, value.params)
    if isinstance(value, Listing):
        return value.separator.join(render(p.code, locale, p.params) for p in value.items)
    return value
