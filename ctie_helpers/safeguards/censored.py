"""Read published counts that were already censored: ``"<5"`` is "between 1 and 4", never zero.

UNODC's GLOTiP public extract shows counts below 5 as ``"<5"`` (about half its cells, brief 10.1).
Reading them as 0 (or dropping them) biases every total downward, so they are kept as censored values
with bounds. Other statistical offices mark suppressed cells ``x``, ``*``, ``..`` or ``s``: those are
censored with unknown bounds.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ctie_helpers.errors import BadValueError

__all__ = ["SUPPRESSION_MARKERS", "is_censored_label", "parse_censored"]

#: Labels that mean "suppressed, value not given".
SUPPRESSION_MARKERS = frozenset({"x", "X", "*", "**", "..", "...", "s", "S", "c", "C", "suppressed", "n/p"})

_BELOW = re.compile(r"^\s*(<|≤|<=)\s*(\d+(?:\.\d+)?)\s*$")
_THOUSANDS = re.compile(r"^\d{1,3}([,\u202f\u00a0 ]\d{3})+(\.\d+)?$")


def is_censored_label(value: object) -> bool:
    """True for ``"<5"``, ``"≤ 10"``, ``"x"``, ``".."`` and the other :data:`SUPPRESSION_MARKERS`."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(_BELOW.match(text)) or text in SUPPRESSION_MARKERS


def _number(text: str) -> float | None:
    t = text.strip()
    if _THOUSANDS.match(t):
        t = re.sub(r"[,\u202f\u00a0 ]", "", t)
    try:
        return float(t)
    except ValueError:
        return None


def parse_censored(values: pd.Series, lower_bound: float = 1) -> pd.DataFrame:
    """Parse a column of published counts that may hold censored labels.

    Parameters
    ----------
    values : pandas.Series
        Numbers, numeric strings (``"1,234"`` accepted), ``"<N"``/``"≤N"`` labels, suppression markers,
        or blanks.
    lower_bound : float
        Smallest value a ``"<N"`` cell can hold. 1 by default: publishers show a true zero as 0, so
        ``"<5"`` means 1-4. Use 0 if the source says its ``"<5"`` includes zeros.

    Returns
    -------
    pandas.DataFrame
        Same index as ``values``, columns ``value`` (Float64; missing when censored or blank),
        ``censored`` (bool), ``lower`` and ``upper`` (Float64 bounds: equal to ``value`` for exact counts,
        ``lower_bound`` and N-1 for ``"<N"``, N for ``"≤N"``, missing for markers and blanks).

    Raises
    ------
    ValueError
        For a value that is neither a number, a censored label nor blank (names the row).
    """
    n = len(values)
    lower = np.full(n, np.nan)
    upper = np.full(n, np.nan)
    censored = np.zeros(n, dtype=bool)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        # Fast path (a million-row column must not go through a Python loop): numbers are exact.
        value = np.array(pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan))
        return _frame(value, censored, value.copy(), value.copy(), values.index)
    if n > 1000:
        parse_censored(values.iloc[:1000], lower_bound)  # a text column fails here, before the slow pass
    value = np.array(pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan))
    lower[:], upper[:] = value, value
    # Only the cells that are not plain numbers need a closer look.
    for i in np.flatnonzero(np.isnan(value)):
        v = values.iat[i]
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            continue
        text = str(v).strip()
        if not text:
            continue
        m = _BELOW.match(text)
        if m:
            bound = float(m.group(2))
            censored[i] = True
            lower[i] = lower_bound
            # "<5" of a count is at most 4; "≤4" at most 4; a fractional bound keeps the strict inequality.
            upper[i] = (bound - 1 if bound.is_integer() else bound) if m.group(1) == "<" else bound
            continue
        if text in SUPPRESSION_MARKERS:
            censored[i] = True
            continue
        number = _number(text)
        if number is None:
            raise BadValueError(f"row {values.index[i]!r}: {text!r} is not a count or a censored label such as '<5'")
        value[i] = lower[i] = upper[i] = number
    return _frame(value, censored, lower, upper, values.index)


def _frame(value, censored, lower, upper, index) -> pd.DataFrame:
    return pd.DataFrame({"value": pd.array(value, dtype="Float64"), "censored": censored,
                         "lower": pd.array(lower, dtype="Float64"), "upper": pd.array(upper, dtype="Float64")},
                        index=index)
