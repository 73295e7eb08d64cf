"""Flask-Babel: Vietnamese first (the message ids are the Vietnamese text), English
complete (web/translations/en). Numbers and dates in the page's locale: 9,5 and
05/12/2015 in Vietnamese."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from flask import Flask
from flask_babel import Babel, get_locale

from domain.kernel.base import DomainError
from domain.kernel.messages import render
from web.shell.login import select_locale

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
babel = Babel()


def locale() -> str:
    return str(get_locale() or "vi")


def message(e: DomainError) -> str:
    """A refused command's message in the page's language."""
    return render(e.code, locale(), e.params)


def number(value: Any, digits: int = 2) -> str:
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    return format_decimal(amount, format=f"#,##0.{'#' * digits}", locale=str(get_locale() or "vi"))


def day(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def init(app: Flask) -> None:

    app.config.setdefault("BABEL_DEFAULT_LOCALE", "vi")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["num"] = number
    app.jinja_env.filters["day"] = day
    app.jinja_env.globals["locale"] = lambda: str(get_locale() or "vi")
