"""The indicator registry: 29 illustrative CTiE indicators, adapted from IOM practice (domain brief 6.5).

Each :class:`Indicator` places itself in the analysis matrix (``levels`` x ``categories``, keys from
:mod:`~ctie_helpers.content.framework`), names the PIM Matrix categories its example sources come from,
and, where a synthetic dataset carries it, the ``dataset`` and ``columns`` that compute it together with
an ``aggregation`` rule. ``analysis`` implements the rules; their meaning is pinned in the JSON
``aggregations`` block and in :data:`AGGREGATIONS`:

- ``proportion``: share of rows where any of ``columns`` is 1; with ``denominator_column``,
  ``sum(columns[0]) / sum(denominator_column)``.
- ``weighted_proportion``: the same, weighted by the household survey's ``weight``.
- ``count``: ``sum(columns[0])``, or the number of rows when ``columns`` is empty.
- ``rate``: a count per 1,000 or 10,000 population (``unit``).
- ``mean``: mean of ``columns[0]``.

IND-01 ... IND-25 are the course's list (brief 6.5). IND-26 ... IND-29 are community-level risk proxies
from aggregated secondary data (dataset ``mobility_baseline``: one row per location, counts of migrants):
each a ratio of two count columns, so by area it is a ratio of sums, never a mean of location shares.

HXL hashtags map dataset columns (or, for indicators no dataset carries, the indicator value) so that
an analyst's HXL-tagged file can be matched to the registry: see :func:`hxl_index`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ctie_helpers.content._base import PROVENANCE_ADAPTED, as_frame, check_keys, fail, load_json
from ctie_helpers.content.columns import DATASET_COLUMNS, WEIGHT_COLUMN
from ctie_helpers.content.framework import categories, levels
from ctie_helpers.content.pim import matrix

__all__ = [
    "AGGREGATIONS",
    "HXL_TAG",
    "PROVENANCE",
    "HxlEntry",
    "HxlTag",
    "Indicator",
    "hxl_index",
    "indicator",
    "indicators",
    "indicators_for",
    "indicators_frame",
]

PROVENANCE = PROVENANCE_ADAPTED
#: IND-01 ... IND-25 are the course's illustrative list (brief 6.5); IND-26 ... IND-29 are community-level
#: risk proxies that aggregated location counts (a DTM mobility-tracking baseline) carry.
N_INDICATORS = 29
AGGREGATIONS = ("proportion", "weighted_proportion", "count", "rate", "mean")
#: A hashtag with optional attributes, lower case (HXL is case-insensitive; we store one spelling).
HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(?:\+[a-z][a-z0-9_]*)*$")
_FILE = "indicators.json"
_FIELDS = ("id", "name", "levels", "aggregated", "categories", "definition", "numerator", "denominator", "unit",
           "disaggregation", "sources", "pim_categories", "dataset", "columns", "denominator_column",
           "by_columns", "aggregation", "hxl", "provenance")


@dataclass(frozen=True)
class HxlTag:
    """An HXL hashtag and the dataset column it labels (``None``: the indicator value itself)."""

    tag: str
    column: str | None


@dataclass(frozen=True)
class Indicator:
    """One registry entry; ``level`` and ``category`` are the primary (first) of ``levels``/``categories``."""

    id: str
    name: str
    levels: tuple[str, ...]
    aggregated: bool
    categories: tuple[str, ...]
    definition: str
    numerator: str
    denominator: str
    unit: str
    disaggregation: tuple[str, ...]
    sources: tuple[str, ...]
    pim_categories: tuple[str, ...]
    dataset: str | None
    columns: tuple[str, ...]
    denominator_column: str | None
    by_columns: tuple[str, ...]
    aggregation: str | None
    hxl: tuple[HxlTag, ...]
    provenance: str
    note: str | None = None

    @property
    def level(self) -> str:
        return self.levels[0]

    @property
    def category(self) -> str:
        return self.categories[0]

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        """Every (level, category) cell of the analysis matrix this indicator informs."""
        return tuple((lv, c) for lv in self.levels for c in self.categories)

    @property
    def input_columns(self) -> tuple[str, ...]:
        """All dataset columns the computation reads (value, denominator, weight)."""
        extra = [self.denominator_column] if self.denominator_column else []
        if self.aggregation == "weighted_proportion":
            extra.append(WEIGHT_COLUMN)
        return self.columns + tuple(extra)


@dataclass(frozen=True)
class HxlEntry:
    """What one hashtag means in the registry: the dataset column (if any) and the indicators using it."""

    tag: str
    dataset: str | None
    column: str | None
    indicator_ids: tuple[str, ...]


def _check(rec: dict, entry: str) -> None:
    level_keys = {lv.key for lv in levels()}
    cat_keys = {c.key for c in categories()}
    pim_keys = {c.key for c in matrix()}
    for field, allowed in (("levels", level_keys), ("categories", cat_keys), ("pim_categories", pim_keys)):
        values = rec[field]
        if not values or not set(values) <= allowed:
            raise fail(_FILE, entry, f"{field} {values} must be a non-empty subset of {sorted(allowed)}")
    if rec["provenance"] != PROVENANCE:
        raise fail(_FILE, entry, f"provenance must be {PROVENANCE!r}")
    agg, ds = rec["aggregation"], rec["dataset"]
    if agg is not None and agg not in AGGREGATIONS:
        raise fail(_FILE, entry, f"aggregation {agg!r} is not one of {AGGREGATIONS}")
    if not rec["sources"]:
        raise fail(_FILE, entry, "needs at least one example source")
    if not rec["hxl"]:
        raise fail(_FILE, entry, "needs at least one HXL hashtag")
    for h in rec["hxl"]:
        if not HXL_TAG.match(h["tag"]):
            raise fail(_FILE, entry, f"HXL hashtag {h['tag']!r} is malformed")
        attrs = h["tag"].split("+")[1:]
        if len(set(attrs)) != len(attrs):
            raise fail(_FILE, entry, f"HXL hashtag {h['tag']!r} repeats an attribute")
    if ds is None:
        if rec["columns"] or rec["denominator_column"] or rec["by_columns"]:
            raise fail(_FILE, entry, "names columns but no dataset")
        if any(h["column"] is not None for h in rec["hxl"]):
            raise fail(_FILE, entry, "HXL hashtags name columns but the indicator has no dataset")
        return
    if ds not in DATASET_COLUMNS:
        raise fail(_FILE, entry, f"dataset {ds!r} is not one of {sorted(DATASET_COLUMNS)}")
    if agg is None:
        raise fail(_FILE, entry, "an indicator with a dataset needs an aggregation")
    known = set(DATASET_COLUMNS[ds])
    used = [*rec["columns"], *([rec["denominator_column"]] if rec["denominator_column"] else []), *rec["by_columns"]]
    if agg == "weighted_proportion":
        used.append(WEIGHT_COLUMN)
    unknown = [c for c in used if c not in known]
    if unknown:
        raise fail(_FILE, entry, f"columns {unknown} are not in {ds} (DEVELOPERS.md 'Synthetic dataset columns')")
    if not rec["columns"] and agg != "count":
        raise fail(_FILE, entry, f"aggregation {agg!r} needs at least one column")
    tagged = {h["column"] for h in rec["hxl"]}
    value_columns = [*rec["columns"], *([rec["denominator_column"]] if rec["denominator_column"] else [])]
    untagged = [c for c in value_columns if c not in tagged]
    if untagged:
        raise fail(_FILE, entry, f"columns {untagged} have no HXL hashtag")
    stray = tagged - set(value_columns) - {None}
    if stray:
        raise fail(_FILE, entry, f"HXL hashtags name columns {sorted(stray)} the indicator does not use")


@cache
def indicators() -> tuple[Indicator, ...]:
    """All indicators IND-01 ... IND-29, validated.

    Raises
    ------
    ValueError
        Naming ``indicators.json`` and the indicator id on any invalid entry.
    """
    raw = check_keys(load_json(_FILE), ("provenance", "aggregations", "indicators"), ("about",),
                     file=_FILE, entry="top level")
    if raw["provenance"] != PROVENANCE:
        raise fail(_FILE, "provenance", f"the registry must be labelled {PROVENANCE!r}")
    if set(raw["aggregations"]) != set(AGGREGATIONS):
        raise fail(_FILE, "aggregations", f"must document exactly {AGGREGATIONS}")
    out = []
    for i, rec in enumerate(raw["indicators"], start=1):
        entry = f"IND-{i:02d}"
        check_keys(rec, _FIELDS, ("note",), file=_FILE, entry=rec.get("id", entry) if isinstance(rec, dict) else entry)
        if rec["id"] != entry:
            raise fail(_FILE, rec["id"], f"out of sequence, expected {entry}")
        _check(rec, entry)
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in rec.items()}
        fields["hxl"] = tuple(HxlTag(h["tag"], h["column"]) for h in rec["hxl"])
        out.append(Indicator(**fields))
    if len(out) != N_INDICATORS:
        raise fail(_FILE, "indicators", f"expected {N_INDICATORS} indicators, found {len(out)}")
    _index(tuple(out))  # refuse a registry whose hashtags are ambiguous
    return tuple(out)


@cache
def hxl_index() -> dict[str, HxlEntry]:
    """Map each hashtag to the column it labels and the indicators that use it.

    A hashtag names one (dataset, column) pair, and a column has one hashtag; a hashtag for an
    indicator value (no column) belongs to a single indicator.
    """
    return _index(indicators())


def _index(inds: tuple[Indicator, ...]) -> dict[str, HxlEntry]:
    found: dict[str, tuple[tuple[str | None, str | None], list[str]]] = {}
    col_tag: dict[tuple[str | None, str], str] = {}
    for ind in inds:
        for h in ind.hxl:
            target = (ind.dataset, h.column) if h.column else (None, None)
            if h.column:
                other = col_tag.setdefault((ind.dataset, h.column), h.tag)
                if other != h.tag:
                    raise fail(_FILE, ind.id, f"column {h.column} tagged both {other} and {h.tag}")
            prev_target, ids = found.setdefault(h.tag, (target, []))
            if prev_target != target or (h.column is None and ids):
                raise fail(_FILE, ind.id, f"HXL hashtag {h.tag} already names something else (used by {ids})")
            ids.append(ind.id)
    return {tag: HxlEntry(tag, t[0], t[1], tuple(ids)) for tag, (t, ids) in found.items()}


def indicator(indicator_id: str) -> Indicator:
    """One indicator by id (``"IND-10"``; ``"IND-1"`` and ``"ind-01"`` work too)."""
    m = re.fullmatch(r"IND-?(\d{1,2})", indicator_id.strip(), flags=re.IGNORECASE)
    if m:
        wanted = f"IND-{int(m.group(1)):02d}"
        for ind in indicators():
            if ind.id == wanted:
                return ind
    raise KeyError(f"no indicator {indicator_id!r}; ids run IND-01 ... IND-{N_INDICATORS}")


def indicators_for(level: str | None = None, category: str | None = None,
                   dataset: str | None = None) -> tuple[Indicator, ...]:
    """Indicators informing a level and/or category (any of their levels/categories) or using a dataset."""
    if level is not None and level not in {lv.key for lv in levels()}:
        raise KeyError(f"no level {level!r}")
    if category is not None and category not in {c.key for c in categories()}:
        raise KeyError(f"no category {category!r}")
    return tuple(
        ind for ind in indicators()
        if (level is None or level in ind.levels)
        and (category is None or category in ind.categories)
        and (dataset is None or ind.dataset == dataset)
    )


def indicators_frame():
    """The registry as a pandas DataFrame (pandas imported only now)."""
    return as_frame(indicators())
