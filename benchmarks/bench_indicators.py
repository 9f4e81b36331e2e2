"""(4) An indicator on a 1-million-row household file vs a row-by-row Python loop (target >= 20x;
peak memory < 3x the data size).

The indicator is a weighted proportion by admin1 (``debt_cannot_repay``, weight ``weight``), the
dashboard's commonest call. The baseline is what a spreadsheet-minded analyst would write: one pass
over ``itertuples()`` accumulating weighted sums per area, then the same Wilson interval. Both must
agree to 1e-9 before the speed counts. Peak memory is measured with :mod:`tracemalloc` around the
computation (numpy reports its buffers to it) and compared with ``memory_usage(deep=True)``.
"""

from __future__ import annotations

import math
import time
import tracemalloc

from benchmarks.common import Figure, best_of, household

NAME = "indicators"
TITLE = "indicator on a 1-million-row household file"

COLUMN, WEIGHT, BY = "debt_cannot_repay", "weight", "admin1_pcode"


def row_by_row(df) -> dict[str, tuple[float, float, float]]:
    """Per area: (proportion, Wilson lower, Wilson upper), one row at a time."""
    num: dict[str, float] = {}
    den: dict[str, float] = {}
    sq: dict[str, float] = {}
    for row in df[[BY, COLUMN, WEIGHT]].itertuples(index=False):
        area, y, w = row
        if y is None or y != y or area is None:  # missing answer: not in the denominator
            continue
        try:
            y = float(y)
        except TypeError:  # pandas.NA
            continue
        num[area] = num.get(area, 0.0) + w * y
        den[area] = den.get(area, 0.0) + w
        sq[area] = sq.get(area, 0.0) + w * w
    out = {}
    z = 1.959963984540054
    for area in den:
        p, n = num[area] / den[area], den[area] ** 2 / sq[area]  # Kish effective sample size
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        out[area] = (p, centre - half, centre + half)
    return out


def vectorised(df):
    from ctie_helpers.analysis.indicators import compute_indicator

    return compute_indicator(df, COLUMN, "proportion", weight=WEIGHT, by=BY)


def run(quick: bool = False) -> list[Figure]:
    rows = 30_000 if quick else 1_000_000
    t0 = time.perf_counter()
    df = household(rows)
    load_s = time.perf_counter() - t0
    size_mb = df.memory_usage(deep=True).sum() / 1e6
    res = vectorised(df)  # warm-up: first call imports and codes the groups' dtypes
    base = row_by_row(df)
    for r in res.itertuples(index=False):
        p, lo, hi = base[getattr(r, BY)]
        if not (abs(r.value - p) < 1e-9 and abs(r.lower - lo) < 1e-9 and abs(r.upper - hi) < 1e-9):
            raise AssertionError(f"vectorised and row-by-row results differ for {getattr(r, BY)}")
    fast = best_of(3, lambda: vectorised(df))
    slow = best_of(1 if not quick else 2, lambda: row_by_row(df))
    tracemalloc.start()
    vectorised(df)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 1e6
    label = f"{len(df):,} rows"
    return [
        Figure(f"compute_indicator, {label}", fast, "s", baseline=slow, note=f"best of 3; data {size_mb:,.0f} MB in memory "
               f"(loaded in {load_s:.1f} s)"),
        Figure(f"row-by-row Python loop, {label} (baseline)", slow, "s"),
        Figure("speed-up over row-by-row", slow / fast, "x", ">= 20x", bool(slow / fast >= 20),
               note="same results to 1e-9"),
        Figure("peak memory / data size", peak_mb / size_mb, "x", "< 3x", bool(peak_mb / size_mb < 3),
               note=f"tracemalloc peak {peak_mb:,.0f} MB for {size_mb:,.0f} MB of data"),
    ]
