"""Lesson tables in the language in force, at display time only.

A lesson function returns a DataFrame in English, and a notebook may compute with it (``table["count"]``),
so the frame itself is never translated. What the page *shows* is: in a kernel whose language is not
English, pandas tables are drawn through :func:`translated_frame`, which looks up column names, index
labels and text cells by their English (the catalogs hold lessons' headings and the content data's
texts); anything without a translation (data values, codes, names) is shown as it is.
"""

from __future__ import annotations

import sys
from typing import Any

from ctie_helpers.i18n.catalog import gettext
from ctie_helpers.i18n.choice import current_language

__all__ = ["install", "translated_frame"]

#: Above this many rows only the headings are translated (a large data table holds data, not course text).
CELL_LIMIT = 200


def translated_frame(df: Any, lang: str | None = None) -> Any:
    """A copy of ``df`` (DataFrame or Series) with its headings and text cells in ``lang``."""
    code = lang or current_language()

    def tr(value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        shown = gettext(value, code)
        if shown == value and "; " in value:  # a list joined by a lesson ("recruitment; transportation; ...")
            shown = "; ".join(gettext(part, code) for part in value.split("; "))
        return shown

    out = df.copy()
    if hasattr(out, "columns"):
        out.columns = out.columns.map(tr) if out.columns.nlevels == 1 else out.columns
    else:
        out.name = tr(out.name)
    if out.index.nlevels == 1:
        small = len(out) <= CELL_LIMIT
        out.index = out.index.map(tr) if small else out.index
        out.index.name = tr(out.index.name)
    if len(out) <= CELL_LIMIT:  # tr() leaves numbers and other non-text cells as they are
        if hasattr(out, "columns"):
            for col in out.columns:
                out[col] = out[col].map(tr)
        else:
            out = out.map(tr)
    return out


def _html(df: Any) -> str | None:
    if current_language() == "en":
        return df._repr_html_() if hasattr(df, "_repr_html_") else None
    shown = translated_frame(df)
    return shown._repr_html_() if hasattr(shown, "_repr_html_") else shown.to_frame()._repr_html_()


def install() -> bool:
    """Draw pandas tables through :func:`translated_frame` in this IPython kernel; False outside one."""
    if "IPython" not in sys.modules:
        return False
    # deferred: saves 150 ms at import of ctie_helpers.lessons (and only runs where IPython is loaded)
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return False
    html = shell.display_formatter.formatters["text/html"]
    # by name: pandas is imported by the first lesson that needs it, not here. IPython matches the class's
    # __module__: "pandas" from pandas 3 on (the server), "pandas.core.frame" before (the offline edition's 2.2).
    for module in ("pandas", "pandas.core.frame"):
        html.for_type_by_name(module, "DataFrame", _html)
    for module in ("pandas", "pandas.core.series"):
        html.for_type_by_name(module, "Series", _html)
    return True
