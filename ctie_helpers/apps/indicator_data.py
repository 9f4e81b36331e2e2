"""The numbers behind the indicator dashboard: which registry indicators a table can give, computed by
group, and passed through the safeguards gate before anything is shown.

Pure functions over DataFrames (no widgets), so the dashboard's arithmetic is tested on its own.
Every figure comes from :func:`ctie_helpers.analysis.compute_indicator` given the registry indicator
itself, so its rule (``ctie_helpers.analysis.rules``) decides weights, design and ratios exactly as in
the report; this module only lays the result out and gates it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ctie_helpers.analysis.indicators import compute_indicator
from ctie_helpers.content import indicators
from ctie_helpers.data import geography
from ctie_helpers.data.mapping import check_values, map_columns, targets
from ctie_helpers.errors import BadValueError
from ctie_helpers.safeguards.gate import gate

__all__ = ["ADMIN", "IndicatorTable", "area_names", "available", "breakdowns", "compute", "map_table", "map_upload"]

#: The dashboard's "admin area" breakdown: admin1 areas, or admin2 areas within one admin1.
ADMIN = "admin area"
VALUE_COLUMNS = {"percent": "%", "rate": "rate", "mean": "mean", "total": "total"}


@dataclass
class IndicatorTable:
    """An indicator by group: ``raw`` (all numbers, never shown) and ``table`` (gated, safe to show).

    ``count_column`` is the column the gate suppresses (units with the attribute, or the total),
    ``value_column`` the column charted, ``log`` what the gate did.
    """

    raw: pd.DataFrame
    table: pd.DataFrame
    value_column: str
    count_column: str
    labels: list[str]
    log: list[str]
    suppressed: int
    area_column: str | None = None  # admin1_pcode or admin2_pcode, when broken down by admin area
    area_codes: dict | None = None  # area label -> p-code, to draw the table on a map


def available(df: pd.DataFrame, dataset: str | None = None) -> list:
    """Registry indicators computable from ``df`` (all their input columns present)."""
    out = []
    for ind in indicators():
        if ind.aggregation is None or ind.dataset is None:
            continue
        if dataset is not None and ind.dataset != dataset:
            continue
        if ind.columns and all(c in df.columns for c in ind.input_columns):
            out.append(ind)
    return out


def breakdowns(df: pd.DataFrame, ind) -> list[str]:
    """Ways to break ``ind`` down in ``df``: the admin area first when there is one, then its other
    disaggregation columns present (rounds have their own control)."""
    out = [ADMIN] if "admin1_pcode" in df.columns else []
    out += [c for c in ind.by_columns if c in df.columns and c not in ("round", "admin1_pcode", "admin2_pcode")]
    return out


def area_names(df: pd.DataFrame, column: str) -> pd.Series:
    name_col = column.replace("_pcode", "_name")
    if name_col in df.columns:
        return df[name_col].astype("string")
    lookup = geography.admin1_name if column == "admin1_pcode" else geography.admin2_name

    def name(code: object) -> str:
        try:
            return lookup(str(code))
        except (KeyError, ValueError):
            return str(code)  # a real P-code outside the fictional registry: show the code itself

    return df[column].map(name, na_action="ignore").astype("string")


def compute(df: pd.DataFrame, ind, by: str, *, admin1: str | None = None, rounds: list | None = None,
            context: str = "public") -> IndicatorTable:
    """Compute ``ind`` for each group of ``by`` (and round, when several), then gate the table.

    Parameters
    ----------
    df : the data (canonical column names).
    ind : a registry :class:`~ctie_helpers.content.indicator_registry.Indicator`.
    by : :data:`ADMIN` or one of ``ind.by_columns``.
    admin1 : restrict to this admin1 P-code (the admin breakdown then goes to admin2).
    rounds : keep these rounds (a ``round`` column is needed); two or more are shown side by side.
    context : safeguards context (thresholds).
    """
    work, column, area_codes = df, None, None
    if admin1:
        work = work[work["admin1_pcode"] == admin1]
    if rounds is not None and "round" in work.columns:
        work = work[work["round"].isin(rounds)]
    if work.empty:
        raise BadValueError("no rows left for this choice of area and round")
    if by == ADMIN:
        column = "admin2_pcode" if admin1 and "admin2_pcode" in work.columns else "admin1_pcode"
        work = work.assign(area=area_names(work, column))
        group, label = "area", "area"
        codes = work[["area", column]].dropna().drop_duplicates("area")
        area_codes = dict(zip(codes["area"].astype(str), codes[column].astype(str), strict=True))
    else:
        group, label = by, by.replace("_", " ")
    groups = [group] + (["round"] if rounds is not None and len(rounds) > 1 and "round" in work.columns else [])
    # The registry's rule decides the computation, in the one engine the report uses too.
    est = compute_indicator(work, ind, by=groups)
    agg = ind.aggregation
    if "n_with" in est:  # a share of units with a 0/1 attribute
        value, count_name = "percent", "units with it"
        out = est[groups].assign(**{"units": est["n"].astype(int), count_name: est["n_with"].round().astype(int),
                                    value: 100 * est["value"], f"{value} lower": 100 * est["lower"],
                                    f"{value} upper": 100 * est["upper"]})
    elif agg in ("proportion", "rate", "weighted_proportion"):  # a ratio of two counts
        scale = 1.0 if agg == "rate" else 100.0
        value = "rate" if agg == "rate" else "percent"
        count_name = ind.columns[0].replace("_", " ")
        out = est[groups].assign(**{"units": est["n"].astype(int), count_name: est["numerator"].round().astype(int),
                                    value: scale * est["value"], f"{value} lower": scale * est["lower"],
                                    f"{value} upper": scale * est["upper"]})
    elif agg == "count":
        value = count_name = "total"
        out = est[groups].assign(units=est["n"].astype(int), total=est["value"].round().astype(int))
    else:  # mean
        value, count_name = "mean", "units"
        out = est[groups].assign(units=est["n"].astype(int), mean=est["value"], **{
            "mean lower": est["lower"], "mean upper": est["upper"]})
    out = out.rename(columns={group: label}).sort_values([label, *groups[1:]]).reset_index(drop=True)
    for c in out.columns:
        if c.startswith(value) and value != "total":
            out[c] = out[c].round(1)
    labels = [label, *groups[1:]]
    result = gate(out, kind="table", count_cols=[count_name], context=context)
    table, log = result.table, list(result.log)
    # A share of very few units tells about those units (0 of 1 respondents...): withhold it, and the
    # count beside it, on a small denominator, as safeguards.safe_percent does for single percentages.
    small = (out["units"] < result.threshold).to_numpy()
    if small.any() and value != "total":
        table = table.astype({c: object for c in table.columns if c == count_name or c.startswith(value)})
        for c in table.columns:
            if c == count_name or c.startswith(value):
                table.loc[small, c] = f"n<{result.threshold}" if c == count_name else ""
        log.append(f"Withheld the {value} and its count on {int(small.sum())} row(s) with fewer than "
                   f"{result.threshold} units (small denominator).")
    return IndicatorTable(raw=out, table=table, value_column=value, count_column=count_name,
                          labels=labels, log=log, suppressed=len(result.suppressed_cells) + int(small.sum()),
                          area_column=column, area_codes=area_codes)


def map_table(res: IndicatorTable) -> pd.DataFrame:
    """The gated table as a map needs it: ``pcode``, ``area`` and ``value`` (withheld cells missing).

    With two rounds side by side, the last one. Only for a breakdown by admin area.
    """
    if res.area_codes is None:
        raise BadValueError("a map needs the breakdown by admin area")
    t = res.table
    if "round" in t.columns:
        t = t[t["round"] == max(t["round"].dropna())]
    label = res.labels[0]
    return pd.DataFrame({"pcode": t[label].astype(str).map(res.area_codes), "area": t[label].astype(str),
                         "value": pd.to_numeric(t[res.value_column], errors="coerce")}).reset_index(drop=True)


def map_upload(df: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """Rename an uploaded table's columns to the registry's (HXL first, then names), check its values,
    and list the indicators it can give; ``ValueError`` says what is missing when it gives none."""
    mapped, _ = map_columns(df)
    check_values(mapped)
    inds = available(mapped)
    if not inds:
        tags = targets()
        wanted = ["recruiters_reported", "no_id_documents", "pop_total", "any_yes"]
        hints = ", ".join(f"'{c}'" + (f" ({tags[c][0]})" if tags.get(c) else "") for c in wanted)
        raise BadValueError(f"{df.attrs.get('source', {}).get('file', 'the file')}: no registry indicator can be "
                         f"computed from its columns ({', '.join(map(str, df.columns[:12]))}). Name or HXL-tag the "
                         f"columns as the registry does, for example {hints}.")
    return mapped, inds
