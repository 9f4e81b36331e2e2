"""Re-identification risk of microdata: k-anonymity, l-diversity and a frequency-based global risk.

Quasi-identifiers are the attributes someone could already know about a person (age, sex, location,
nationality, arrival date...). A record whose combination of quasi-identifiers is shared by fewer than
``k`` records can be singled out. Missing quasi-identifier values are treated as a category of their
own: sdcMicro instead lets a missing value match any value, which makes groups larger; treating them
apart can only make our groups smaller, so our risk is never lower than sdcMicro's on that account.

Risk model. For *unweighted* data we use the sample frequency model: the risk of record ``i`` is
``1 / f_k`` where ``f_k`` is the number of records sharing its key, i.e. the file is taken to be the
whole population (true for case-management data and registries, conservative for a sample). sdcMicro's
``measureRisk`` instead estimates the *population* frequency ``F_k`` from the sampling weights and
averages ``1/F`` over its posterior (the Benedetti-Franconi negative-binomial model), which gives a
lower risk for a small sample of a large population. Passing ``weights`` here uses the crude plug-in
estimate ``1 / sum(weights in the key)``, which is simpler than (and not equal to) sdcMicro's model:
for publication decisions on survey data, confirm with sdcMicro as HDX does.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ctie_helpers.errors import BadValueError

__all__ = ["HDX_GLOBAL_RISK_THRESHOLD", "GlobalRisk", "KAnonymityReport", "LDiversityReport", "global_risk",
           "individual_risk", "k_anonymity", "l_diversity"]

#: HDX publishes microdata whose global risk is below 3% (brief 10.1).
HDX_GLOBAL_RISK_THRESHOLD = 0.03


def _check_columns(df: pd.DataFrame, columns: list[str]) -> list[str]:
    cols = list(columns)
    if not cols:
        raise BadValueError("give at least one quasi-identifier")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError(f"quasi-identifiers not in the table: {', '.join(map(str, missing))}")
    return cols


def _group_sizes(df: pd.DataFrame, qi: list[str]) -> pd.Series:
    """Size of each record's quasi-identifier group, aligned to ``df``'s index."""
    return df.groupby(qi, dropna=False, sort=False, observed=True)[qi[0]].transform("size")


@dataclass
class KAnonymityReport:
    """Result of :func:`k_anonymity`.

    Attributes
    ----------
    k : the threshold checked.
    min_k : size of the smallest quasi-identifier group (0 for an empty table).
    n_records : records in the table.
    records_below : records in groups smaller than ``k``.
    share_below : ``records_below / n_records``.
    group_sizes : one row per combination with its ``size``, smallest first.
    offending : the combinations whose group is smaller than ``k``.
    quasi_identifiers : the columns used.
    """

    k: int
    min_k: int
    n_records: int
    records_below: int
    share_below: float
    group_sizes: pd.DataFrame
    offending: pd.DataFrame
    quasi_identifiers: tuple[str, ...]

    @property
    def satisfied(self) -> bool:
        """True when every group has at least ``k`` records."""
        return self.records_below == 0

    def summary(self) -> str:
        state = "satisfied" if self.satisfied else "NOT satisfied"
        return (f"{self.k}-anonymity over {', '.join(self.quasi_identifiers)}: {state}; smallest group "
                f"{self.min_k}; {self.records_below} of {self.n_records} records ({self.share_below:.1%}) in "
                f"{len(self.offending)} groups smaller than {self.k}")


def k_anonymity(df: pd.DataFrame, quasi_identifiers: list[str], k: int = 5) -> KAnonymityReport:
    """Check ``k``-anonymity of ``df`` over ``quasi_identifiers``.

    Thresholds (brief 10.2.3): k >= 3 for survey microdata shared inside a response, 5 to 11 for anything
    public or about trafficking cases (CTDC used 11). sdcMicro's default is 2.

    Examples
    --------
    >>> df = pd.DataFrame({"sex": ["F", "F", "M"], "band": ["18—20", "18—20", "48+"]})
    >>> k_anonymity(df, ["sex", "band"], k=2).min_k
    1
    """
    qi = _check_columns(df, quasi_identifiers)
    if k < 1:
        raise BadValueError("k must be at least 1")
    sizes = (df.groupby(qi, dropna=False, observed=True).size().rename("size").reset_index()
             .sort_values("size", kind="stable").reset_index(drop=True))
    n = len(df)
    small = sizes[sizes["size"] < k].reset_index(drop=True)
    below = int(small["size"].sum())
    return KAnonymityReport(k=k, min_k=int(sizes["size"].min()) if n else 0, n_records=n, records_below=below,
                            share_below=below / n if n else 0.0, group_sizes=sizes, offending=small,
                            quasi_identifiers=tuple(qi))


@dataclass
class LDiversityReport:
    """Result of :func:`l_diversity`: distinct sensitive values per quasi-identifier group."""

    l: int  # noqa: E741 - the name of the property in the literature
    min_l: int
    groups: pd.DataFrame
    offending: pd.DataFrame
    records_in_offending: int
    sensitive: str

    @property
    def satisfied(self) -> bool:
        return self.records_in_offending == 0

    def summary(self) -> str:
        state = "satisfied" if self.satisfied else "NOT satisfied"
        return (f"{self.l}-diversity of {self.sensitive}: {state}; fewest distinct values in a group "
                f"{self.min_l}; {len(self.offending)} groups ({self.records_in_offending} records) below {self.l}")


def l_diversity(df: pd.DataFrame, quasi_identifiers: list[str], sensitive: str, l: int = 2) -> LDiversityReport:  # noqa: E741
    """Distinct values of ``sensitive`` in each quasi-identifier group; groups with fewer than ``l`` are flagged.

    A group of 20 people who all share the same exploitation type is 20-anonymous, yet anyone who knows
    a person is in the group learns their exploitation type (attribute disclosure): l-diversity catches
    that. Missing sensitive values are not counted as a value (they say nothing about the person).
    """
    qi = _check_columns(df, quasi_identifiers)
    if sensitive not in df.columns:
        raise KeyError(f"sensitive column not in the table: {sensitive}")
    g = df.groupby(qi, dropna=False, observed=True)
    groups = pd.DataFrame({"distinct": g[sensitive].nunique(dropna=True), "size": g.size()}).reset_index()
    groups = groups.sort_values(["distinct", "size"], kind="stable").reset_index(drop=True)
    bad = groups[groups["distinct"] < l].reset_index(drop=True)
    return LDiversityReport(l=l, min_l=int(groups["distinct"].min()) if len(groups) else 0, groups=groups,
                            offending=bad, records_in_offending=int(bad["size"].sum()), sensitive=sensitive)


def individual_risk(df: pd.DataFrame, quasi_identifiers: list[str], weights: str | pd.Series | None = None) -> pd.Series:
    """Per-record re-identification risk: ``1 / f_k`` (unweighted) or ``1 / sum of weights`` in the key.

    See the module docstring for how this differs from sdcMicro's weighted model. Returned values are in
    (0, 1], aligned to ``df``'s index, named ``"risk"``.
    """
    qi = _check_columns(df, quasi_identifiers)
    if weights is None:
        f = _group_sizes(df, qi).astype("float64")
    else:
        w = df[weights] if isinstance(weights, str) else weights.reindex(df.index)
        w = pd.to_numeric(w, errors="coerce").astype("float64")
        if w.isna().any() or (w <= 0).any():
            raise BadValueError("weights must be positive numbers for every record")
        keys = df[qi].copy()
        keys["__w"] = w
        f = keys.groupby(qi, dropna=False, sort=False, observed=True)["__w"].transform("sum")
        f = f.clip(lower=1.0)  # a population count below 1 is not meaningful; risk is capped at 1
    return (1.0 / f).rename("risk")


@dataclass
class GlobalRisk:
    """Result of :func:`global_risk`."""

    global_risk: float
    expected_reidentifications: float
    n_records: int
    threshold: float
    high_risk_records: int

    @property
    def flagged(self) -> bool:
        """True above the threshold (HDX: 3%): discuss treatment before publishing."""
        return self.global_risk > self.threshold

    def summary(self) -> str:
        flag = "ABOVE" if self.flagged else "below"
        return (f"global re-identification risk {self.global_risk:.2%} ({flag} the {self.threshold:.0%} "
                f"threshold); about {self.expected_reidentifications:.1f} of {self.n_records} records "
                f"re-identifiable; {self.high_risk_records} records unique on their key")


def global_risk(df: pd.DataFrame, quasi_identifiers: list[str], threshold: float = HDX_GLOBAL_RISK_THRESHOLD,
                weights: str | pd.Series | None = None) -> GlobalRisk:
    """Mean individual risk (share of records expected to be re-identified) and its sum.

    Examples
    --------
    Four records, keys A, A, B, C: risks 1/2, 1/2, 1, 1 -> global risk 3/4 = 75%.

    >>> round(global_risk(pd.DataFrame({"q": list("AABC")}), ["q"]).global_risk, 4)
    0.75
    """
    r = individual_risk(df, quasi_identifiers, weights)
    n = len(df)
    return GlobalRisk(global_risk=float(r.mean()) if n else 0.0, expected_reidentifications=float(r.sum()),
                      n_records=n, threshold=threshold, high_risk_records=int((r >= 1.0).sum()))
