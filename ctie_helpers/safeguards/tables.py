"""Tell a count table from microdata, and find its count columns.

A count table has one row per group (labels that do not repeat) and columns of non-negative whole
numbers (or already-censored labels such as ``"<5"``). Microdata has one row per person or household.
The gate needs to know which it holds: tables get small-cell suppression, microdata gets k-anonymity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctie_helpers.errors import BadValueError
from ctie_helpers.safeguards.censored import parse_censored
from ctie_helpers.safeguards.vocab import matches, normalise_name

__all__ = ["COUNT_TERMS", "DERIVED_TERMS", "count_columns", "count_grid", "derived_columns", "detect_kind",
           "merge_censored_companions"]

#: Column names that say "this is a count" (English, French, Spanish).
COUNT_TERMS: tuple[str, ...] = (
    "count", "counts", "n", "freq", "frequency", "number", "num", "nb", "no of", "total", "totals", "sum",
    "cases", "persons", "people", "individuals", "victims", "survivors", "households", "respondents",
    "beneficiaries", "migrants", "children", "men", "women", "boys", "girls", "male", "female", "males",
    "females", "all", "effectif", "effectifs", "nombre", "personnes", "victimes", "menages", "enfants",
    "hommes", "femmes", "cantidad", "casos", "personas", "victimas", "hogares", "ninos", "ninas",
    "hombres", "mujeres", "numero de", "pop", "population", "arrivals", "departures", "referrals",
)

#: Numbers that are labels, not counts (a year, an age, a code...).
_LABEL_NUMBERS: tuple[str, ...] = (
    "year", "annee", "ano", "age", "edad", "round", "code", "pcode", "id", "month", "mois", "mes", "week",
    "semaine", "semana", "day", "jour", "dia", "level", "rank", "order", "wave", "admin", "admin0", "admin1",
    "admin2", "admin3", "quarter", "trimestre", "list", "stratum", "cluster", "lat", "lon", "weight",
)

#: Label columns that make a row a record (a person, a household, a case): then it is microdata.
_RECORD_KEYS: tuple[str, ...] = (
    "id", "uuid", "hh id", "household id", "respondent id", "record id", "case id", "case number",
    "submission id", "instance id", "interview id", "beneficiary id", "individual id", "person id",
    "registration id", "identifiant", "identificador", "numero de dossier", "expediente",
)

#: Derived statistics that can give a hidden count away (a percentage of a suppressed cell).
DERIVED_TERMS: tuple[str, ...] = (
    "pct", "percent", "percentage", "share", "rate", "ratio", "proportion", "prop", "mean", "average", "avg",
    "median", "pourcentage", "taux", "part", "moyenne", "porcentaje", "tasa", "promedio", "proporcion",
)


def _whole_nonnegative(s: pd.Series) -> bool:
    """True when every non-blank value is a whole number >= 0 or a censored label, and there is one."""
    if pd.api.types.is_bool_dtype(s):
        return False
    if pd.api.types.is_numeric_dtype(s):  # numbers as the loader types them: no parsing, one pass
        v = s.to_numpy(dtype="float64", na_value=np.nan)
        v = v[~np.isnan(v)]
        return bool(len(v)) and bool(((v >= 0) & (v == np.round(v))).all())
    try:
        parsed = parse_censored(s)
    except ValueError:
        return False
    v = parsed["value"].dropna()
    if not len(v) and not parsed["censored"].any():
        return False
    return bool(((v >= 0) & (v == v.round())).all())


def _values(s: pd.Series) -> pd.Series:
    """The non-blank numbers of a count column (censored labels left out)."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.dropna()
    return parse_censored(s)["value"].dropna()


def count_columns(df: pd.DataFrame) -> list[str]:
    """Columns of ``df`` that hold counts.

    A column counts when its values are whole non-negative numbers (or censored labels) and its name
    is not a numeric label ("year", "age", "round", "code"...), with one subtlety for 0/1 columns:
    they are categories when the table has a column named like a count ("count", "n", "victims",
    "effectif", "casos"...), as in a capture-history table (``list_a``, ``list_b``, ``count``), or
    when no other column holds counts (microdata flags). In a cross-table whose every cell is a count,
    a sparse column holding only 0s and 1s is a count column like its neighbours: treating its 1s as
    categories would publish them unsuppressed.
    """
    named, plain, binary = [], [], []
    for c in df.columns:
        name = normalise_name(c)
        if matches(name, DERIVED_TERMS) or not _whole_nonnegative(df[c]):
            continue
        if matches(name, COUNT_TERMS):
            named.append(c)
        elif matches(name, _LABEL_NUMBERS):
            continue
        elif set(_values(df[c]).unique()) <= {0, 1}:
            binary.append(c)
        else:
            plain.append(c)
    counts = set(named) | set(plain)
    if plain and not named:
        counts |= set(binary)
    return [c for c in df.columns if c in counts]


def derived_columns(df: pd.DataFrame) -> list[str]:
    """Numeric columns named like percentages, rates or means."""
    return [c for c in df.columns if matches(normalise_name(c), DERIVED_TERMS)]


def detect_kind(df: pd.DataFrame) -> str:
    """``"table"`` when ``df`` looks like a table of counts, else ``"microdata"``.

    A table needs count columns, and its remaining (label) columns must not repeat a combination:
    one row per group. A file with a column named like a count ("count", "n", "victims") and unique
    labels is a table even if it also has other numbers; microdata repeats label combinations or has
    columns that are neither labels nor counts (weights, exact ages, free numbers).
    """
    if df.empty or not len(df.columns):
        return "microdata"
    counts = count_columns(df)
    if not counts:
        return "microdata"
    labels = [c for c in df.columns if c not in counts and c not in derived_columns(df)]
    if not labels:
        return "table" if len(df) <= 1000 else "microdata"
    if any(matches(normalise_name(c), _RECORD_KEYS) for c in labels) or df[labels].duplicated().any():
        return "microdata"
    numeric_labels = [c for c in labels if pd.api.types.is_float_dtype(df[c])]
    if numeric_labels:  # weights, coordinates, measurements: record-level data
        return "microdata"
    named = any(matches(normalise_name(c), COUNT_TERMS) for c in counts)
    return "table" if named or len(df) <= 1000 else "microdata"


def merge_censored_companions(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Fold ``<col>_censored`` flags (as ``ctie_helpers.data.load_table`` writes them) back into ``<col>``.

    The loader turns ``"<5"`` into a missing value plus a boolean companion column; the gate needs the
    cell itself to say "censored" (so it stays hidden and counts as hidden in the equations), and the
    companion must not be published as a column of its own. Censored cells become ``"x"``.
    """
    merged = []
    out = df
    for c in list(df.columns):
        flag = f"{c}_censored"
        if flag in df.columns and pd.api.types.is_bool_dtype(df[flag]):
            if out is df:
                out = df.copy()
            mask = out[flag].fillna(False).to_numpy(dtype=bool)
            out[c] = out[c].astype(object).where(~mask, "x")
            out = out.drop(columns=[flag])
            merged.append(str(c))
    return out, merged


def count_grid(df: pd.DataFrame, count_cols: list[str] | None = None) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The counts of a long table as a grid (labels in the index), its count columns and derived columns.

    Label columns become the index when their combinations are unique; otherwise rows keep their
    position (the grid is then one line per count column).
    """
    counts = list(count_cols) if count_cols is not None else count_columns(df)
    missing = [c for c in counts if c not in df.columns]
    if missing or not counts:
        raise BadValueError("no count columns found: pass count_cols=[...]" if not counts else
                         f"count columns not in the table: {', '.join(map(str, missing))}")
    derived = [c for c in derived_columns(df) if c not in counts]
    labels = [c for c in df.columns if c not in counts and c not in derived]
    grid = df.set_index(labels) if labels and not df[labels].duplicated().any() else df
    return grid[counts], counts, derived
