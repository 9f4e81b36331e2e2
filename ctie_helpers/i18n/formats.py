"""Numbers, percentages and dates as each language writes them (Babel's CLDR data).

French groups thousands with a narrow no-break space and uses a decimal comma (``1 234,5``); Spanish
uses a point and a comma (``1.234,5``; Babel 2.18 groups four-digit numbers too, although CLDR's
``minimumGroupingDigits`` of 2 for Spanish would leave them ``1234,5``); English ``1,234.5``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

from ctie_helpers.i18n.choice import current_language, normalize

__all__ = ["format_date", "format_number", "format_percent"]


def _locale(lang: str | None) -> str:
    return normalize(lang) if lang else current_language()


def _english_number(value: float, decimals: int | None) -> str:
    """What Babel gives for English (``#,##0.###``, or ``#,##0.0…`` with ``decimals``), without Babel.

    The offline edition runs in the browser's Python, which ships no Babel (its CLDR data would add
    megabytes to every page): English, the edition's language, needs none. Rounding as Babel rounds: the
    number's decimal form, half to even.
    """
    number = Decimal(str(value))
    if not number.is_finite():  # Babel writes these as NaN and the infinity sign
        return "NaN" if number.is_nan() else ("-∞" if number < 0 else "∞")
    places = 3 if decimals is None else decimals
    text = f"{number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN):,f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(value: float, lang: str | None = None, decimals: int | None = None) -> str:
    """``value`` with the language's separators; ``decimals`` fixes the digits after the decimal mark."""
    if _locale(lang) == "en":
        return _english_number(value, decimals)
    # deferred: saves 15 ms at import of ctie_helpers.i18n.formats (under 20 ms, loaded machine: may move up)
    from babel.numbers import format_decimal

    fmt = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=_locale(lang))


def format_percent(fraction: float, lang: str | None = None, decimals: int = 0) -> str:
    """``fraction`` (0.25) as a percentage in the language's way (``25 %`` in French and Spanish)."""
    # deferred: saves 7 ms at import of ctie_helpers.i18n.formats (under 20 ms, loaded machine: may move up)
    from babel import Locale

    # deferred: saves 14 ms at import of ctie_helpers.i18n.formats (under 20 ms, loaded machine: may move up)
    from babel.numbers import format_percent as _percent

    code = _locale(lang)
    # The language's own pattern (where the sign goes, which space) with the digits asked for.
    pattern = Locale.parse(code).percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return _percent(fraction, format=pattern, locale=code)


def format_date(day: dt.date, lang: str | None = None, form: str = "long") -> str:
    """``day`` in the language (``long``: 5 December 2026 / 5 décembre 2026 / 5 de diciembre de 2026)."""
    # deferred: saves 21 ms at import of ctie_helpers.i18n.formats
    from babel.dates import format_date as _date

    code = _locale(lang)
    if code == "en" and form == "long":
        return _date(day, format="d MMMM y", locale="en")  # the report's house form, day first
    return _date(day, format=form, locale=code)
