"""Match an analyst's columns to the indicator registry: HXL hashtags first, then names, then a saved mapping.

The registry (``ctie_helpers.content.indicators()``, adapted from IOM practice) names the canonical
columns each indicator needs. A real export calls them something else: ``#affected+hh+debt+unpayable``
in an HXL row, ``Debt cannot repay`` in a header, or a column the analyst maps by hand once and saves
to a JSON mapping file for the next round. :func:`map_columns` returns the table with canonical names and
the :class:`ColumnMapping` it used; :func:`check_values` rejects impossible values (negative counts,
ages over 120, a numerator above its denominator) naming the file row and column.

Aggregated files (one row per location, counts) give a registry ratio indicator as two count columns. A
mapping file says which, under ``ratios`` (a list of columns is summed, e.g. child age groups)::

    {"schema": 1, "columns": {"admin2_pcode": "District code"},
     "ratios": {"IND-28": {"numerator": ["Migrants 0-4", "Migrants 5-17"], "denominator": "Total migrants"}}}
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ctie_helpers.data.errors import InputFileError
from ctie_helpers.data.structure import source_row
from ctie_helpers.errors import UserError
from ctie_helpers.io import atomic_write

__all__ = ["ColumnMapping", "MappingError", "map_columns", "check_values", "targets"]

# A few names real exports use for the canonical columns (normalised: lower case, "_" for the rest).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "admin1_pcode": ("adm1_pcode", "admin1pcode", "province_pcode", "region_pcode"),
    "admin2_pcode": ("adm2_pcode", "admin2pcode", "district_pcode"),
    "cluster_id": ("cluster", "psu", "cluster_pcode"),
    "weight": ("wt", "survey_weight", "hh_weight", "weights", "design_weight"),
    "stratum": ("strata", "strat"),
    "round": ("round_number", "survey_round", "dtm_round"),
    "site_pcode": ("site_code", "location_pcode", "site_id"),
    "pop_total": ("population", "total_population", "population_total", "ind_total"),
    "hh_head_sex": ("head_sex", "sex_of_head", "hoh_sex"),
    "sex": ("gender", "respondent_sex"),
    "age": ("respondent_age", "age_years"),
    "migrants_total": ("total_migrants", "migrants", "migrant_population", "total_migrant_population"),
    "location_pcode": ("location_code", "loc_pcode", "neighbourhood_pcode", "admin3_pcode"),
}
COUNT_LIKE = re.compile(r"(^pop_|^migrants_|_count$|^count$|^hh_size$|^ki_count$|^journey_days$)")
AGE_LIKE = re.compile(r"(^age$|_age$)")
SHARE_LIKE = re.compile(r"^pct_")


class MappingError(UserError, ValueError):
    """Some indicators cannot be computed: ``missing`` maps indicator id -> canonical columns it lacks.

    A user error: the file lacks columns, or the mapping names the wrong ones.
    """

    def __init__(self, message: str, missing: Mapping[str, Sequence[str]]):
        super().__init__(message)
        self.missing = missing


@dataclass
class ColumnMapping:
    """Canonical column -> the file's column, and how each match was made ("hxl", "name", "file")."""

    columns: dict[str, str] = field(default_factory=dict)
    matched_by: dict[str, str] = field(default_factory=dict)
    #: indicator id -> {"numerator": [file columns], "denominator": [file columns]}: a registry indicator
    #: read as a ratio of two count columns of an aggregated file (several columns are summed).
    ratios: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def save(self, path: str | Path) -> Path:
        """Write the mapping as JSON, atomically (a crash never leaves half a file)."""
        path = Path(path)
        payload: dict = {"schema": 1, "columns": dict(sorted(self.columns.items()))}
        if self.ratios:
            payload["ratios"] = dict(sorted(self.ratios.items()))
        return atomic_write(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        path = Path(path)
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            columns = payload["columns"]
            if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
                raise ValueError("'columns' must map canonical names to column names")
            ratios = _ratio_entries(payload.get("ratios", {}))
        except FileNotFoundError:
            raise InputFileError(path, "mapping file not found") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise InputFileError(path, f"is not a valid mapping file ({exc})",
                                 hint='Expected {"schema": 1, "columns": {"debt_cannot_repay": "Debt?"}, "ratios": '
                                      '{"IND-26": {"numerator": "No permit", "denominator": "Migrants"}}}') from None
        return cls(dict(columns), {k: "file" for k in columns}, ratios)


def _ratio_entries(raw: object) -> dict[str, dict[str, list[str]]]:
    """Check a mapping's ``ratios`` block: indicator id -> numerator and denominator column(s)."""
    if not isinstance(raw, dict):
        raise ValueError("'ratios' must map indicator ids to {'numerator': ..., 'denominator': ...}")
    out = {}
    for ind_id, parts in raw.items():
        if not isinstance(parts, dict) or set(parts) != {"numerator", "denominator"}:
            raise ValueError(f"ratio {ind_id!r} must give exactly 'numerator' and 'denominator'")
        cols = {k: [v] if isinstance(v, str) else v for k, v in parts.items()}
        if not all(isinstance(v, list) and v and all(isinstance(c, str) for c in v) for v in cols.values()):
            raise ValueError(f"ratio {ind_id!r}: numerator and denominator are a column name or a list of them")
        out[str(ind_id)] = cols
    return out


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(name).casefold()).strip("_")


def _hxl_parts(tag: str) -> tuple[str, frozenset[str]]:
    bits = [b.strip().casefold() for b in tag.split("+")]
    return bits[0], frozenset(b for b in bits[1:] if b)


def targets() -> dict[str, list[str]]:
    """Canonical column -> the registry's HXL hashtags for it (from the indicator registry)."""
    # deferred: saves 37 ms at import of ctie_helpers.data.mapping
    from ctie_helpers.content import indicators

    # Survey-design and location columns are needed for weighted estimates and disaggregation even where
    # no indicator lists them as an input.
    out: dict[str, list[str]] = {name: [] for name in SYNONYMS}
    for ind in indicators():
        for col in (*ind.input_columns, *ind.by_columns):
            out.setdefault(col, [])
        for tag in ind.hxl:
            if tag.column and tag.tag not in out.setdefault(tag.column, []):
                out[tag.column].append(tag.tag)
    return out


def _match_hxl(file_tags: dict[str, str], wanted: list[str], taken: set[str]) -> str | None:
    """Exact hashtag + attributes first; else the file tag with the fewest extra attributes."""
    best, best_extra = None, None
    for col, tag in file_tags.items():
        if col in taken:
            continue
        f_hash, f_attrs = _hxl_parts(tag)
        for want in wanted:
            w_hash, w_attrs = _hxl_parts(want)
            if f_hash == w_hash and w_attrs <= f_attrs:
                extra = len(f_attrs - w_attrs)
                if best_extra is None or extra < best_extra:
                    best, best_extra = col, extra
    return best


def map_columns(df: pd.DataFrame, mapping: ColumnMapping | dict | str | Path | None = None, *,
                indicators: list[str] | None = None, save_to: str | Path | None = None
                ) -> tuple[pd.DataFrame, ColumnMapping]:
    """Rename a loaded table's columns to the registry's canonical names.

    Parameters
    ----------
    df : DataFrame
        A table from :func:`ctie_helpers.data.loaders.load_table` (its ``attrs["hxl"]`` is used).
    mapping : ColumnMapping, dict, or path to a mapping JSON, optional
        Matches to apply before automatic matching (canonical -> file column). They win over HXL and names.
    indicators : list of str, optional
        Indicator ids that must be computable; a :class:`MappingError` lists what each one lacks.
    save_to : path, optional
        Save the resulting mapping there (JSON), to reuse for the next file of the same export.

    Returns
    -------
    (DataFrame, ColumnMapping)
        The table with matched columns renamed (other columns kept as they were), and the mapping.
    """
    file_name = Path(df.attrs.get("source", {}).get("file", "table")).name
    if isinstance(mapping, (str, Path)):
        mapping = ColumnMapping.load(mapping)
    elif isinstance(mapping, dict):
        mapping = ColumnMapping(dict(mapping), {k: "user" for k in mapping})
    result = (ColumnMapping(dict(mapping.columns), dict(mapping.matched_by), dict(mapping.ratios))
              if mapping else ColumnMapping())
    sums = _apply_ratios(df, result, file_name)
    for canonical, col in result.columns.items():
        if col not in df.columns:
            raise InputFileError(file_name, f"the mapping names column '{col}' for '{canonical}', "
                                 "but the file has no such column", hint="Columns: " + ", ".join(map(str, df.columns)))
    wanted = targets()
    taken = set(result.columns.values()) | {c for cols in sums.values() for c in cols}
    file_tags = {c: t for c, t in df.attrs.get("hxl", {}).items() if c in df.columns}
    for canonical, tags in wanted.items():
        if canonical in result.columns or canonical in sums:
            continue
        hit = _match_hxl(file_tags, tags, taken) if tags else None
        if hit is not None:
            result.columns[canonical], result.matched_by[canonical] = hit, "hxl"
            taken.add(hit)
    by_norm = {_norm(c): c for c in df.columns if c not in taken}
    for canonical in wanted:
        if canonical in result.columns or canonical in sums:
            continue
        for name in (canonical, *SYNONYMS.get(canonical, ())):
            hit = by_norm.get(_norm(name))
            if hit is not None and hit not in taken:
                result.columns[canonical], result.matched_by[canonical] = hit, "name"
                taken.add(hit)
                break
    if indicators:
        _require(result, indicators, file_name, summed=set(sums))
    renamed = df.rename(columns={v: k for k, v in result.columns.items() if v != k})
    log = list(df.attrs.get("cleaning_log", []))
    for canonical, cols in sums.items():
        renamed[canonical] = df[cols].apply(pd.to_numeric, errors="coerce").sum(axis=1, min_count=len(cols))
        log.append(f"column '{canonical}' = sum of " + " + ".join(f"'{c}'" for c in cols) +
                   " (mapping ratios; blank where any part is blank)")
    for canonical, col in sorted(result.columns.items()):
        if col != canonical:
            log.append(f"column '{col}' used as '{canonical}' (matched by {result.matched_by[canonical]})")
    renamed.attrs = {**df.attrs, "cleaning_log": log, "mapping": dict(result.columns),
                     **({"ratios": dict(result.ratios)} if result.ratios else {})}
    if save_to is not None:
        result.save(save_to)
    return renamed, result


def _apply_ratios(df: pd.DataFrame, result: ColumnMapping, file_name: str) -> dict[str, list[str]]:
    """Map each ``ratios`` entry onto its indicator's numerator and denominator columns.

    A single file column is mapped like any other; several are summed into the canonical column (returned,
    canonical -> file columns, for :func:`map_columns` to add). Only indicators that are a ratio of two
    counts in the registry can be given this way: a share of 0/1 rows has no count columns to divide.
    """
    # deferred: saves 46 ms at import of ctie_helpers.data.mapping
    from ctie_helpers.content import indicator

    sums: dict[str, list[str]] = {}
    for ind_id, parts in result.ratios.items():
        try:
            ind = indicator(ind_id)
        except KeyError as exc:
            raise InputFileError(file_name, f"the mapping's ratios name {exc.args[0]}") from None
        den = ind.denominator_column or (ind.columns[1] if ind.aggregation == "rate" and len(ind.columns) > 1 else None)
        if den is None:
            ratio_ids = [i.id for i in _ratio_indicators()]
            raise InputFileError(file_name, f"the mapping gives {ind.id} as a ratio, but the registry computes "
                                 f"{ind.id} from 0/1 rows, not as numerator / denominator counts",
                                 hint="Ratios can be given for " + ", ".join(ratio_ids))
        for role, canonical in (("numerator", ind.columns[0]), ("denominator", den)):
            cols = parts[role]
            missing = [c for c in cols if c not in df.columns]
            if missing:
                raise InputFileError(file_name, f"the mapping's {ind.id} {role} names column(s) "
                                     f"{', '.join(repr(c) for c in missing)}, which the file does not have",
                                     hint="Columns: " + ", ".join(map(str, df.columns)))
            wanted = cols[0] if len(cols) == 1 else cols
            previous = sums.get(canonical) or result.columns.get(canonical)
            if previous is not None and previous != wanted:
                raise InputFileError(file_name, f"the mapping gives '{canonical}' two ways: {previous!r} and {wanted!r}")
            if len(cols) == 1:
                result.columns[canonical], result.matched_by[canonical] = cols[0], "file"
            else:
                sums[canonical] = list(cols)
                result.columns.pop(canonical, None)
    return sums


def _ratio_indicators() -> list:
    # deferred: saves 49 ms at import of ctie_helpers.data.mapping
    from ctie_helpers.content import indicators

    return [i for i in indicators() if i.denominator_column and i.aggregation]


def _require(mapping: ColumnMapping, indicator_ids: list[str], file_name: str, summed: AbstractSet[str] = frozenset()) -> None:
    # deferred: saves 37 ms at import of ctie_helpers.data.mapping
    from ctie_helpers.content import indicator

    missing: dict[str, list[str]] = {}
    for ind_id in indicator_ids:
        ind = indicator(ind_id)
        lacking = [c for c in ind.input_columns if c not in mapping.columns and c not in summed]
        if lacking:
            missing[ind.id] = lacking
    if missing:
        tags = targets()
        lines = []
        for ind_id, cols in missing.items():
            wants = "; ".join(f"'{c}'" + (f" (HXL {tags[c][0]})" if tags.get(c) else "") for c in cols)
            lines.append(f"{ind_id} needs {wants}")
        raise MappingError(f"{file_name}: cannot compute " + " | ".join(lines) +
                           ". Tag the columns with these hashtags, rename them, or add them to a mapping file.",
                           missing)


def check_values(df: pd.DataFrame) -> None:
    """Reject impossible values in canonical columns, naming the file row and column.

    Counts and sizes must not be negative, ages must lie in 0-120, ``pct_`` shares in 0-100, survey weights
    must be positive, and 0/1 indicator columns must hold only 0 and 1.
    """
    file_name = Path(df.attrs.get("source", {}).get("file", "table")).name
    flags = _flag_columns()
    checks: list[tuple[str, pd.Series, str]] = []
    for col in df.columns:
        s = df[col]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            continue
        if COUNT_LIKE.search(col):
            checks.append((col, s < 0, "a count cannot be negative"))
        if AGE_LIKE.search(col):
            checks.append((col, (s < 0) | (s > 120), "an age must be between 0 and 120"))
        if SHARE_LIKE.search(col):
            checks.append((col, (s < 0) | (s > 100), "a percentage must be between 0 and 100"))
        if col == "weight":
            checks.append((col, s <= 0, "a survey weight must be positive"))
        if col in flags:
            checks.append((col, ~s.isin([0, 1]) & s.notna(), "this column takes 0 (no) or 1 (yes)"))
    for num, den in _ratio_pairs(df):
        checks.append((num, pd.to_numeric(df[num], errors="coerce") > pd.to_numeric(df[den], errors="coerce"),
                       f"more than the '{den}' it is a share of"))
    for col, bad, why in checks:
        bad = bad.fillna(False).to_numpy(dtype=bool)
        if bad.any():
            pos = int(bad.nonzero()[0][0])
            value = df[col].iloc[pos]
            value = int(value) if float(value).is_integer() else float(value)
            raise InputFileError(file_name, f"impossible value {value} ({why}); "
                                 f"{int(bad.sum())} row(s) affected", sheet=df.attrs.get("source", {}).get("sheet"),
                                 row=source_row(df, pos), column=df.attrs.get("mapping", {}).get(col, col),
                                 hint="Correct the file and load it again")


def _ratio_pairs(df: pd.DataFrame) -> set[tuple[str, str]]:
    """(numerator, denominator) count columns of the registry's ratio indicators present in ``df``."""
    return {(i.columns[0], i.denominator_column) for i in _ratio_indicators()
            if i.columns[0] in df.columns and i.denominator_column in df.columns}


def _flag_columns() -> set[str]:
    """0/1 columns: the numerators of proportion indicators that have no separate denominator column."""
    # deferred: saves 36 ms at import of ctie_helpers.data.mapping
    from ctie_helpers.content import indicators

    return {col for ind in indicators() if ind.aggregation in ("proportion", "weighted_proportion")
            and ind.denominator_column is None for col in ind.columns}
