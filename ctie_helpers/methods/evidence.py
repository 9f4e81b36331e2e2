"""The evidence matrix of a secondary data review: what we know, at which level, in which category.

Analysts tag each excerpt of a secondary source with a framework cell (socio-ecological level ×
analysis category, see :mod:`ctie_helpers.content.framework`) and, optionally, the indicator it informs.
The matrix counts the excerpts per cell and averages their source reliability (1 low – 3 high); empty
cells and cells resting only on weak sources are the *gaps* that justify new data collection.

Tags travel in the same shape everywhere: ``{excerpt_id: {"level": ..., "category": ..., "indicator": ...}}``
(the ``table`` answer form of :mod:`ctie_helpers.grading.checks`), so the tagging widget, the matrix and
the agreement score all read the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ctie_helpers.errors import BadValueError

__all__ = ["CELL_SEP", "FIELDS", "EvidenceMatrix", "agreement", "cell_label", "cell_labels", "evidence_matrix",
           "reference_tags", "tags_from_cells", "tags_frame"]

FIELDS = ("level", "category", "indicator")
WEAK = 2.0  # a cell whose mean reliability is below this rests on weak sources only
CELL_SEP = " × "  # "Household/family × Risk factors": one dropdown option per matrix cell


def _keys() -> tuple[list[str], list[str], dict[str, str], dict[str, str]]:
    # deferred: saves 59 ms at import of ctie_helpers.methods.evidence
    from ctie_helpers.content import framework

    levels, cats = framework.levels(), framework.categories()
    return ([lv.key for lv in levels], [c.key for c in cats],
            {lv.key: lv.name for lv in levels}, {c.key: c.name for c in cats})


def cell_label(level: str, category: str) -> str:
    """The readable name of a matrix cell, e.g. ``cell_label("household", "risk")``."""
    _, _, lnames, cnames = _keys()
    return f"{lnames[level]}{CELL_SEP}{cnames[category]}"


def cell_labels() -> list[str]:
    """All 20 cell names, row by row in framework order (the options of the tagging widget)."""
    levels, cats, _, _ = _keys()
    return [cell_label(lv, c) for lv in levels for c in cats]


def tags_from_cells(answer: Mapping[str, str] | None) -> dict[str, dict[str, str]]:
    """Turn ``{excerpt_id: "Household/family × Risk factors"}`` (a widget answer) into tags.

    Unknown or empty cell names are skipped, so a half-finished answer still gives a matrix.
    """
    levels, cats, lnames, cnames = _keys()
    by_label = {cell_label(lv, c): (lv, c) for lv in levels for c in cats}
    out = {}
    for eid, label in (answer or {}).items():
        if label in by_label:
            lv, c = by_label[label]
            out[eid] = {"level": lv, "category": c}
    return out


def reference_tags(sources: pd.DataFrame) -> pd.DataFrame:
    """The reference tags of a ``secondary_sources`` table, one row per (excerpt, level, category).

    Excerpts tagged with several levels or categories (``"household;community"``) count in every
    combination: the excerpt is evidence for each of those cells.
    """
    rows = []
    for rec in sources.itertuples(index=False):
        inds = str(rec.indicator_ids) if pd.notna(rec.indicator_ids) else ""
        for lv in str(rec.level).split(";"):
            for cat in str(rec.category).split(";"):
                rows.append({"excerpt_id": rec.excerpt_id, "level": lv.strip(), "category": cat.strip(),
                             "indicator": inds or pd.NA, "reliability": rec.reliability})
    return tags_frame(pd.DataFrame(rows))


def tags_frame(tags: Mapping[str, Mapping[str, object]] | pd.DataFrame,
               reliability: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Tags as a tidy table: one row per tagged excerpt (untagged excerpts are dropped).

    Parameters
    ----------
    tags : mapping or DataFrame
        ``{excerpt_id: {"level": ..., "category": ..., "indicator": ...}}``, or a frame with an
        ``excerpt_id`` column and those columns.
    reliability : mapping, optional
        ``{excerpt_id: 1-3}``; overrides (or supplies) a ``reliability`` column.

    Raises
    ------
    ValueError
        If a level or category is not one of the framework's keys.
    """
    if isinstance(tags, pd.DataFrame):
        df = tags.copy()
    else:
        df = pd.DataFrame([{"excerpt_id": k, **dict(v or {})} for k, v in tags.items()])
    for col in ("excerpt_id", *FIELDS, "reliability"):
        if col not in df.columns:
            df[col] = pd.NA
    if reliability is not None:
        df["reliability"] = df["excerpt_id"].map(reliability)
    df = df[df["level"].notna() & df["category"].notna()].copy()
    levels, cats, _, _ = _keys()
    bad = sorted(set(df["level"]) - set(levels)) + sorted(set(df["category"]) - set(cats))
    if bad:
        raise BadValueError(f"Unknown level or category {bad}; levels are {levels}, categories {cats}.")
    df["reliability"] = pd.to_numeric(df["reliability"], errors="coerce")
    return df[["excerpt_id", *FIELDS, "reliability"]].reset_index(drop=True)


@dataclass(frozen=True)
class EvidenceMatrix:
    """Counts and mean reliability per level × category (rows and columns in framework order).

    Attributes
    ----------
    counts : DataFrame
        Number of excerpts per cell (0 where none); index = level keys, columns = category keys.
    reliability : DataFrame
        Mean reliability (1–3) per cell; NaN where there is no evidence.
    """

    counts: pd.DataFrame
    reliability: pd.DataFrame

    def gaps(self, weak_below: float = WEAK) -> pd.DataFrame:
        """Cells with no evidence (``"no evidence"``) or only weak evidence (``"weak evidence"``).

        Returns a frame with columns ``level``, ``category``, ``status``, ``count``, ``reliability``,
        in framework order.
        """
        rows = []
        for lv in self.counts.index:
            for cat in self.counts.columns:
                n, rel = int(self.counts.loc[lv, cat]), self.reliability.loc[lv, cat]
                if n == 0:
                    rows.append((lv, cat, "no evidence", n, rel))
                elif pd.notna(rel) and rel < weak_below:
                    rows.append((lv, cat, "weak evidence", n, rel))
        return pd.DataFrame(rows, columns=["level", "category", "status", "count", "reliability"])

    def labelled(self) -> pd.DataFrame:
        """Counts with readable level and category names, for display."""
        _, _, lnames, cnames = _keys()
        return self.counts.rename(index=lnames, columns=cnames)


def evidence_matrix(tags: Mapping[str, Mapping[str, object]] | pd.DataFrame,
                    reliability: Mapping[str, float] | None = None) -> EvidenceMatrix:
    """Build the level × category evidence matrix from tagged excerpts.

    Examples
    --------
    >>> m = evidence_matrix({"e1": {"level": "household", "category": "risk"},
    ...                      "e2": {"level": "household", "category": "risk"}}, {"e1": 3, "e2": 2})
    >>> int(m.counts.loc["household", "risk"]), float(m.reliability.loc["household", "risk"])
    (2, 2.5)
    """
    df = tags_frame(tags, reliability)
    levels, cats, _, _ = _keys()
    counts = (df.groupby(["level", "category"]).size().unstack("category")
              .reindex(index=levels, columns=cats).fillna(0).astype(int))
    rel = (df.groupby(["level", "category"])["reliability"].mean().unstack("category")
           .reindex(index=levels, columns=cats).astype(float))
    counts.index.name, counts.columns.name = "level", "category"
    rel.index.name, rel.columns.name = "level", "category"
    return EvidenceMatrix(counts, rel)


def agreement(trainee: Mapping[str, Mapping[str, object]], reference: Mapping[str, Mapping[str, object]],
              fields: tuple[str, ...] = ("level", "category")) -> pd.DataFrame:
    """How far the trainee's tags agree with the reference tags, field by field.

    Returns one row per field with ``agreed``, ``total`` and ``share``, plus an ``all`` row for the
    excerpts where every field agrees. Comparison ignores case and surrounding spaces; an untagged
    excerpt counts as disagreement.
    """
    def norm(v: object) -> str:
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip().casefold()

    total = len(reference)
    rows, all_ok = [], 0
    per_excerpt = {eid: all(norm((trainee.get(eid) or {}).get(f)) == norm(ref.get(f)) for f in fields)
                   for eid, ref in reference.items()}
    for f in fields:
        agreed = sum(norm((trainee.get(eid) or {}).get(f)) == norm(ref.get(f)) for eid, ref in reference.items())
        rows.append({"field": f, "agreed": agreed, "total": total, "share": agreed / total if total else 0.0})
    all_ok = sum(per_excerpt.values())
    rows.append({"field": "all", "agreed": all_ok, "total": total, "share": all_ok / total if total else 0.0})
    return pd.DataFrame(rows)
