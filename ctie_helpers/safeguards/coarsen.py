"""Coarsening: make quasi-identifiers less precise so fewer people are unique (brief 10.2.2).

Age to bands (the CTDC bands, or 5/10-year bands with top-coding), dates to month or year, P-codes to a
higher admin level, rare categories to "Other". Every function returns a new Series; the input is never
modified, and missing values stay missing.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ctie_helpers.errors import BadValueError

__all__ = ["CTDC_AGE_BANDS", "PCODE_LENGTHS", "age_bands", "date_to_period", "normalise_age_band",
           "pcode_to_admin", "rare_to_other"]

#: CTDC ``ageBroad`` bands (brief 7.2), with the codebook's em-dash: (label, lowest age, highest age).
CTDC_AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0—8", 0, 8), ("9—17", 9, 17), ("18—20", 18, 20), ("21—23", 21, 23), ("24—26", 24, 26),
    ("27—29", 27, 29), ("30—38", 30, 38), ("39—47", 39, 47), ("48+", 48, None),
)

#: Characters of an Ardania P-code per admin level: ``XA`` country, ``XA01`` admin1, ``XA0101`` admin2.
PCODE_LENGTHS: dict[int, int] = {0: 2, 1: 4, 2: 6}


def normalise_age_band(label: object) -> object:
    """Canonical CTDC band label: ``"0--8"``, ``"0-8"``, ``"0–8"`` and ``"0 — 8"`` all become ``"0—8"``."""
    if label is None or (isinstance(label, float) and np.isnan(label)) or label is pd.NA:
        return label
    text = re.sub(r"\s*(--|[-–—])\s*", "—", str(label).strip())
    return text.replace("+ ", "+")


def age_bands(ages: pd.Series, scheme: str | int = "ctdc", top: int | None = None) -> pd.Series:
    """Group exact ages into bands.

    Parameters
    ----------
    ages : pandas.Series
        Ages in completed years. Non-numeric values and ages outside 0-120 become missing (an age of 130
        is an entry error, and a band would hide it).
    scheme : ``"ctdc"``, 5 or 10
        ``"ctdc"``: the nine CTDC bands (0—8 … 48+). 5 or 10: bands of that width (``"0-4"``, ``"5-9"``…).
    top : int, optional
        Top-coding for 5/10-year bands: every age >= ``top`` goes into ``"<top>+"`` (default 80, where
        few people are and where a single 97-year-old would stand out).

    Returns
    -------
    pandas.Series
        An ordered categorical with every band as a category (empty bands included, so tables keep
        their shape).
    """
    a = pd.to_numeric(ages, errors="coerce").astype("Float64")
    a = a.where((a >= 0) & (a <= 120))
    if scheme == "ctdc":
        labels = [b[0] for b in CTDC_AGE_BANDS]
        edges = [b[1] for b in CTDC_AGE_BANDS] + [np.inf]
    elif scheme in (5, 10):
        width = int(scheme)
        top = 80 if top is None else int(top)
        if top <= 0 or top % width:
            raise BadValueError(f"top must be a positive multiple of {width}, got {top}")
        starts = list(range(0, top, width))
        labels = [f"{s}-{s + width - 1}" for s in starts] + [f"{top}+"]
        edges = starts + [top, np.inf]
    else:
        raise BadValueError(f"scheme must be 'ctdc', 5 or 10, got {scheme!r}")
    floored = np.floor(a.to_numpy(dtype="float64", na_value=np.nan))
    cut = pd.cut(floored, bins=edges, right=False, labels=labels)
    return pd.Series(pd.Categorical(cut, categories=labels, ordered=True), index=ages.index, name=ages.name)


def date_to_period(dates: pd.Series, unit: str = "month", dayfirst: bool = False) -> pd.Series:
    """Reduce exact dates to ``"YYYY-MM"`` (unit ``"month"``) or ``"YYYY"`` (unit ``"year"``) strings.

    Unparseable dates become missing. ``dayfirst=True`` reads ``03/04/2024`` as 3 April (French and
    Spanish habit); ISO dates are read correctly either way.
    """
    if unit not in ("month", "year"):
        raise BadValueError(f"unit must be 'month' or 'year', got {unit!r}")
    parsed = dates if pd.api.types.is_datetime64_any_dtype(dates) else pd.to_datetime(
        dates, errors="coerce", format="mixed", dayfirst=dayfirst)
    fmt = "%Y-%m" if unit == "month" else "%Y"
    out = parsed.dt.strftime(fmt)
    return out.astype("string").rename(dates.name)


def pcode_to_admin(pcodes: pd.Series, level: int = 1, lengths: dict[int, int] | None = None) -> pd.Series:
    """Replace P-codes by the P-code of their admin ``level`` ancestor.

    P-codes are hierarchical prefixes: ``XA0101S001`` (site) is in ``XA0101`` (admin2), in ``XA01``
    (admin1). ``lengths`` maps level -> characters for other countries' schemes (default
    :data:`PCODE_LENGTHS`). A code shorter than the level asked for (already coarser) is kept as it is.
    """
    lengths = PCODE_LENGTHS if lengths is None else lengths
    if level not in lengths:
        raise BadValueError(f"unknown admin level {level}; known: {sorted(lengths)}")
    n = lengths[level]
    text = pcodes.astype("string").str.strip().str.upper()
    return text.where(text.str.len() <= n, text.str.slice(0, n)).rename(pcodes.name)


def rare_to_other(values: pd.Series, min_count: int = 5, other: str = "Other",
                  min_share: float | None = None) -> pd.Series:
    """Merge categories seen fewer than ``min_count`` times (or below ``min_share`` of records) into ``other``.

    Missing values are neither counted nor merged. An "Other" that is itself still small is left to the
    table suppression that follows; coarsening only reduces how often that is needed.
    """
    counts = values.value_counts(dropna=True)
    rare = counts < min_count
    if min_share is not None:
        rare |= counts / counts.sum() < min_share
    rare_values = set(counts.index[rare])
    if not rare_values:
        return values.copy()
    text = values.astype("string")
    return text.where(~values.isin(rare_values), other).rename(values.name)
