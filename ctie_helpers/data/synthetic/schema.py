"""Column contracts for the synthetic datasets: declared dtypes, allowed values, ranges, HXL tags.

The same :class:`Column` list drives three things, so they cannot drift apart: the dtypes a loader reads a CSV
with, the schema check a loaded frame must pass, and the byte-exact CSV text the generators commit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ctie_helpers.errors import InternalError

__all__ = ["Column", "SchemaError", "coerce", "read_csv_typed", "to_csv_bytes", "validate"]

# pandas dtype names a column may declare. "date" is stored as ISO text (YYYY-MM-DD) and read as datetime64.
_DTYPES = {"string", "Int8", "Int16", "Int64", "float64", "boolean", "date"}


class SchemaError(InternalError, ValueError):
    """A dataset does not match its declared schema; the message names the dataset, column and row.

    An internal failure, not a user error: the synthetic datasets are the workbook's own, so a mismatch
    means the generator or a committed file is broken.
    """


@dataclass(frozen=True)
class Column:
    """One column of a synthetic dataset.

    Parameters
    ----------
    name
        Column name, exactly as in the CSV header.
    dtype
        One of ``string, Int8, Int16, Int64, float64, boolean, date``. Nullable integers carry NA where a
        value was not reported or not asked.
    hxl
        HXL hashtag with attributes (e.g. ``#adm2+code``), written in the data card.
    description
        What the column holds, in one line.
    allowed
        The only values allowed (besides NA when ``nullable``), or ``None``.
    minimum, maximum
        Inclusive bounds for numeric columns, or ``None``.
    nullable
        Whether NA may appear (blank in the CSV).
    decimals
        Fixed number of decimals a float column is written with (byte-identical output).
    """

    name: str
    dtype: str
    hxl: str
    description: str
    allowed: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    decimals: int = 4

    def __post_init__(self) -> None:
        if self.dtype not in _DTYPES:
            raise ValueError(f"column {self.name!r}: unknown dtype {self.dtype!r}")


def coerce(df: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """Return ``df`` with exactly ``columns`` in order, each cast to its declared dtype."""
    missing = [c.name for c in columns if c.name not in df.columns]
    if missing:
        raise SchemaError(f"missing columns: {', '.join(missing)}")
    out = {}
    for c in columns:
        s = df[c.name].reset_index(drop=True)
        if c.dtype == "date":
            out[c.name] = pd.to_datetime(s, format="%Y-%m-%d")
        elif c.dtype == "float64":
            out[c.name] = s.astype("float64").round(c.decimals)
        else:
            out[c.name] = s.astype(c.dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _first_bad(mask: pd.Series) -> int:
    return int(mask.to_numpy().nonzero()[0][0])


def validate(df: pd.DataFrame, columns: Sequence[Column], name: str = "dataset", key: Sequence[str] = ()) -> None:
    """Check ``df`` against ``columns``; raise :class:`SchemaError` naming the first problem found.

    Checks the column names and order, dtypes, NA only where allowed, allowed values, numeric ranges and,
    when ``key`` is given, that those columns identify rows uniquely. Row numbers in messages are 1-based data
    rows (the CSV header is row 0).
    """
    expected = [c.name for c in columns]
    if list(df.columns) != expected:
        raise SchemaError(f"{name}: columns {list(df.columns)} differ from the declared {expected}")
    for c in columns:
        s = df[c.name]
        if c.dtype == "date":
            ok = pd.api.types.is_datetime64_any_dtype(s)
        elif c.dtype == "string":
            ok = isinstance(s.dtype, pd.StringDtype)
        else:
            ok = str(s.dtype) == c.dtype
        if not ok:
            raise SchemaError(f"{name}: column {c.name!r} has dtype {s.dtype}, declared {c.dtype}")
        na = s.isna()
        if not c.nullable and na.any():
            raise SchemaError(f"{name}: column {c.name!r} is blank in row {_first_bad(na) + 1} but may not be")
        present = s[~na]
        if c.allowed is not None:
            bad = ~present.isin(list(c.allowed))
            if bad.any():
                value = present[bad].iloc[0]
                row = int(present.index[bad.to_numpy()][0]) + 1
                raise SchemaError(f"{name}: column {c.name!r} row {row} has {value!r}, allowed {list(c.allowed)}")
        if c.minimum is not None or c.maximum is not None:
            low = present < c.minimum if c.minimum is not None else pd.Series(False, index=present.index)
            high = present > c.maximum if c.maximum is not None else pd.Series(False, index=present.index)
            bad = (low | high).to_numpy(dtype=bool)
            if bad.any():
                row = int(present.index[bad][0]) + 1
                raise SchemaError(
                    f"{name}: column {c.name!r} row {row} has {present[bad].iloc[0]!r}, "
                    f"outside [{c.minimum}, {c.maximum}]"
                )
    if key:
        dup = df.duplicated(subset=list(key))
        if dup.any():
            raise SchemaError(f"{name}: key {list(key)} repeats in row {_first_bad(dup) + 1}")


def to_csv_bytes(df: pd.DataFrame, columns: Sequence[Column]) -> bytes:
    """Serialise ``df`` as UTF-8 CSV bytes that are identical on every run and platform.

    Floats are written with each column's fixed ``decimals`` (no ``repr`` noise), dates as ISO text, NA as
    an empty field, booleans as ``true``/``false``, lines end in ``\\n``.
    """
    text = {}
    for c in columns:
        s = df[c.name]
        na = s.isna().to_numpy(dtype=bool)
        if c.dtype == "float64":
            values = [f"{v:.{c.decimals}f}" for v in s.fillna(0).to_numpy(dtype="float64")]
            text[c.name] = ["" if missing else v for v, missing in zip(values, na, strict=True)]
        elif c.dtype == "date":
            text[c.name] = pd.to_datetime(s).dt.strftime("%Y-%m-%d")
        elif c.dtype == "boolean":
            text[c.name] = s.map({True: "true", False: "false"})
        else:
            text[c.name] = s  # nullable ints and strings: pandas writes NA as an empty field
    buf = io.StringIO()
    pd.DataFrame(text, columns=[c.name for c in columns]).to_csv(buf, index=False, lineterminator="\n", na_rep="")
    return buf.getvalue().encode("utf-8")


def read_csv_typed(source, columns: Sequence[Column]) -> pd.DataFrame:
    """Read CSV text written by :func:`to_csv_bytes` (path or buffer) with the declared dtypes."""
    raw_dtypes = {}
    for c in columns:
        if c.dtype in ("string", "date"):
            raw_dtypes[c.name] = "string"
        elif c.dtype == "boolean":
            raw_dtypes[c.name] = "boolean"
        else:
            raw_dtypes[c.name] = c.dtype
    # Only an empty field is NA: "NA" is a real code in some data (e.g. Namibia) and must not vanish.
    df = pd.read_csv(source, dtype=raw_dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    return coerce(df, columns)
