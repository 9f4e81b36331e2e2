"""The ``mse`` template's analysis: population-size estimation on any capture-history table.

A capture-history table has one 0/1 column per list (police, shelters, hotline...) and a count of the
people seen by exactly that combination of lists; a linked record file (one row per person, no count)
works too, each row counting once. :func:`prepare` finds the lists and the count (or takes them from a
mapping file: ``{"columns": {"count": "N", "Police": "police_list", ...}}``), refusing what MSE cannot
use with the file row and column. The estimate is :func:`ctie_helpers.analysis.estimate_population`
(Poisson log-linear models, SparseMSE's stepwise model choice); every table is gated before it is shown.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ctie_helpers.analysis import PopulationEstimate, estimate_population
from ctie_helpers.analysis.mse import COUNT_NAMES
from ctie_helpers.data.errors import InputFileError
from ctie_helpers.data.mapping import ColumnMapping
from ctie_helpers.data.structure import source_row
from ctie_helpers.report.publish import Published, gated

__all__ = ["prepare", "lists_of", "capture_table", "list_sizes", "estimate", "estimate_table", "models_table"]

def _norm(name: object) -> str:
    return "".join(ch for ch in str(name).casefold() if ch.isalnum())


def _where(df: pd.DataFrame) -> dict:
    src = df.attrs.get("source", {})
    return {"path": Path(src.get("file", "table")).name, "sheet": src.get("sheet")}


def _show(value: object) -> str:
    """A cell as the analyst typed it (``2``, not ``np.int64(2)``)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "a blank cell"
    if isinstance(value, (int, float, np.integer, np.floating)) and float(value).is_integer():
        return str(int(value))
    return repr(str(value)) if isinstance(value, str) else str(value)


def _is_binary(s: pd.Series) -> bool:
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return False
    v = s.dropna()
    return len(v) > 0 and bool(v.isin([0, 1]).all())


def prepare(df: pd.DataFrame, mapping: ColumnMapping | dict | str | Path | None = None
            ) -> tuple[pd.DataFrame, ColumnMapping]:
    """Return the capture-history table (one column per list, then ``count``) and the mapping used.

    Raises
    ------
    InputFileError
        Fewer than two 0/1 list columns, a blank or non-0/1 list value, a censored (``<5``) or
        negative count: each names the file, sheet, row and column.
    """
    where = _where(df)
    if isinstance(mapping, (str, Path)):
        mapping = ColumnMapping.load(mapping)
    elif isinstance(mapping, dict):
        mapping = ColumnMapping(dict(mapping), {k: "user" for k in mapping})
    if mapping is not None:
        for canonical, col in mapping.columns.items():
            if col not in df.columns:
                raise InputFileError(where["path"], f"the mapping names column '{col}' for '{canonical}', but the "
                                     "file has no such column", sheet=where["sheet"],
                                     hint="Columns: " + ", ".join(map(str, df.columns)))
        count_col = mapping.columns.get("count")
        lists = {k: v for k, v in mapping.columns.items() if k != "count"}
        matched = dict(mapping.matched_by)
    else:
        names = {_norm(c): c for c in df.columns if not str(c).endswith("_censored")}
        count_col = next((names[n] for n in COUNT_NAMES if n in names), None)
        lists = {str(c): c for c in df.columns
                 if c != count_col and not str(c).endswith("_censored") and _is_binary(df[c])}
        matched = {k: "0/1 values" for k in lists} | ({"count": "name"} if count_col else {})
    if len(lists) < 2:
        raise InputFileError(where["path"], f"needs at least two list columns holding 0/1 (found {len(lists)}: "
                             f"{', '.join(lists) or 'none'})", sheet=where["sheet"],
                             hint="One column per list, 1 = the person is on that list, and a count column")
    out = pd.DataFrame(index=df.index)
    for name, col in lists.items():
        s = pd.to_numeric(df[col], errors="coerce")
        bad = ~s.isin([0, 1])
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputFileError(where["path"], f"a list column must hold 0 or 1, found {_show(df[col].iloc[pos])}",
                                 sheet=where["sheet"], row=source_row(df, pos), column=str(col))
        out[name] = s.astype("int64")
    if count_col is None:
        out["count"] = 1  # linked records: one row per person
    else:
        censored = df.get(f"{count_col}_censored")
        if censored is not None and censored.fillna(False).any():
            pos = int(np.flatnonzero(censored.fillna(False).to_numpy(dtype=bool))[0])
            raise InputFileError(where["path"], "a count is suppressed (e.g. '<5'); population-size estimation "
                                 "needs every exact count", sheet=where["sheet"], row=source_row(df, pos),
                                 column=str(count_col),
                                 hint="Ask the data holder for the unsuppressed table under a data-sharing agreement")
        c = pd.to_numeric(df[count_col], errors="coerce")
        bad = c.isna() | (c < 0) | (c != c.round())
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputFileError(where["path"], f"a count must be a whole number of 0 or more, found "
                                 f"{_show(df[count_col].iloc[pos])}", sheet=where["sheet"], row=source_row(df, pos),
                                 column=str(count_col))
        out["count"] = c.astype("int64")
    list_names = list(lists)
    grouped = out.groupby(list_names, as_index=False)["count"].sum()
    grouped = grouped[grouped[list_names].sum(axis=1) > 0].reset_index(drop=True)  # nobody is counted on no list
    grouped.attrs = {**df.attrs, "lists": list_names}
    cols = {**lists, **({"count": count_col} if count_col else {})}
    return grouped, ColumnMapping(cols, {k: matched.get(k, "file") for k in cols})


def lists_of(table: pd.DataFrame) -> list[str]:
    """The list columns of a prepared capture-history table."""
    return [c for c in table.columns if c != "count"]


def capture_table(table: pd.DataFrame) -> Published:
    """The capture histories with their counts, small counts suppressed."""
    return gated(table.reset_index(drop=True), "capture_histories", ["count"])


def list_sizes(table: pd.DataFrame) -> Published:
    """People on each list (the list margins)."""
    sizes = pd.DataFrame({"list": lists_of(table),
                          "count": [int(table.loc[table[c] == 1, "count"].sum()) for c in lists_of(table)]})
    return gated(sizes, "list_sizes", ["count"], hxl={"list": "#meta+list"})


def estimate(table: pd.DataFrame, method: str = "stepwise") -> PopulationEstimate:
    """Log-linear estimate with its 95% interval, the model chosen by ``method`` (all models tried are kept)."""
    return estimate_population(table, count="count", lists=lists_of(table), model="auto", method=method)


def estimate_table(est: PopulationEstimate) -> Published:
    """One row: people seen, estimated total, its 95% interval, the estimated unseen, and how the model was chosen."""
    row = pd.DataFrame([{"model": est.model, "selection": est.selection, "observed": est.observed,
                         "estimate": round(est.estimate), "estimate_low": round(est.lower),
                         "estimate_high": round(est.upper), "unobserved": round(est.estimate - est.observed)}])
    return gated(row, "population_estimate", ["observed", "estimate", "estimate_low", "estimate_high", "unobserved"],
                 keep=("model", "selection"))


def models_table(est: PopulationEstimate) -> Published:
    """Every model looked at, step by step: the pair tested, its p-value, AIC, BIC and estimate."""
    m = est.models_compared.rename(columns={"lower": "estimate_low", "upper": "estimate_high"})
    for c in ("step", "added", "p_value", "bic", "taken"):
        if c not in m:
            m[c] = np.nan if c in ("p_value", "bic") else ("" if c == "added" else 0)
    m = m.assign(estimate=m["estimate"].round(), estimate_low=m["estimate_low"].round(),
                 estimate_high=m["estimate_high"].round(), aic=m["aic"].round(1), bic=m["bic"].round(1),
                 deviance=m["deviance"].round(1), p_value=m["p_value"].round(6))
    m = m[["step", "model", "added", "p_value", "n_params", "df_resid", "deviance", "aic", "bic", "estimate",
           "estimate_low", "estimate_high", "admissible", "taken", "chosen", "reason"]]
    return gated(m, "mse_models", ["estimate", "estimate_low", "estimate_high"], keep=("model", "added", "reason"))
