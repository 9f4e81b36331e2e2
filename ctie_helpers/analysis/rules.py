"""How a registry indicator's aggregation rule becomes one computation of :func:`compute_indicator`.

The registry (``ctie_helpers.content.indicator_registry``, adapted from IOM practice) names five rules;
this module is the one place that reads them, so the report, the dashboard and the course compute an
indicator the same way:

``proportion``
    unweighted share of rows where any of ``columns`` is 1, even when the file has a weight column (the
    registry weights only survey indicators); with a ``denominator_column``, the ratio of sums
    ``Σ columns[0] / Σ denominator_column`` (people among people, or counts of an aggregated file: never
    a mean of row shares).
``weighted_proportion``
    the share weighted by the design weight ``weight``; design-based interval when the table has the
    canonical ``cluster_id``/``stratum`` columns (unless one of them is a grouping column).
``count``
    sum of ``columns[0]``, or the number of rows when the entry names no column.
``rate``
    ``per × Σ numerator / Σ denominator``; ``per`` read from the unit ("per 1,000", "per 10,000").
``mean``
    mean of ``columns[0]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ctie_helpers.errors import BadValueError

__all__ = ["Rule", "resolve", "per_from_unit"]

WEIGHT, CLUSTER, STRATUM = "weight", "cluster_id", "stratum"


@dataclass(frozen=True)
class Rule:
    """One computation: columns, the estimator's aggregation, and the weight/design/multiplier it uses."""

    columns: tuple[str, ...]
    aggregation: str
    weight: str | None
    cluster: str | None
    strata: str | None
    per: float


def per_from_unit(unit: str | None, default: float = 1000.0) -> float:
    """The multiplier a rate's unit names: "per 10,000" -> 10000; "per 1,000" -> 1000."""
    m = re.search(r"per\s+([\d,.\s]+)", str(unit or ""))
    if m:
        digits = re.sub(r"[^\d]", "", m.group(1))
        if digits:
            return float(digits)
    return default


def resolve(ind: Any, columns_present: Sequence[str], by: Sequence[str], *, weight: str | None,
            cluster: str | None, strata: str | None, per: float | None) -> Rule:
    """The computation a registry indicator's rule asks for on a table with ``columns_present``.

    Raises
    ------
    ValueError
        A weight passed for an indicator the registry does not weight; a weighted indicator on a table
        without its weight column; a rule the estimator does not know.
    """
    ident = getattr(ind, "id", None) or getattr(ind, "name", "indicator")
    rule = str(ind.aggregation).lower()
    cols = tuple(ind.columns)
    den = getattr(ind, "denominator_column", None)
    present = set(columns_present)
    if rule == "weighted_proportion":
        weight = weight or WEIGHT
        if weight not in present:
            raise BadValueError(f"{ident} is a weighted proportion: it needs the survey weight column {weight!r}, "
                             "which the table does not have")
        # A grouping column cannot also be a design column (one cluster per group leaves no variance).
        cluster = cluster or (CLUSTER if CLUSTER in present and CLUSTER not in by else None)
        strata = strata or (STRATUM if STRATUM in present and STRATUM not in by else None)
        return Rule(cols, "proportion", weight, cluster, strata, 1.0)
    if weight is not None:
        raise BadValueError(f"{ident} is an unweighted {rule} in the registry; pass no weight (the registry "
                         "weights only 'weighted_proportion' indicators)")
    if rule in ("proportion", "percent", "percentage", "share"):
        if den:  # ratio of sums, rows as units
            return Rule((cols[0], den), "rate", None, None, None, 1.0)
        return Rule(cols, "proportion", None, cluster, strata, 1.0)
    if rule in ("rate", "ratio"):
        pair = (cols[0], den) if den else cols
        return Rule(tuple(pair), "rate", None, None, None, per or per_from_unit(getattr(ind, "unit", None)))
    if rule in ("count", "sum", "total", "mean", "average"):
        return Rule(cols, "count" if rule in ("count", "sum", "total") else "mean", None, None, None, 1.0)
    raise BadValueError(f"{ident}: aggregation must be 'proportion', 'weighted_proportion', 'count', 'rate' or "
                     f"'mean', got {ind.aggregation!r}")
