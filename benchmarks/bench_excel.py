"""(7) Reading an exported workbook: ``load_table`` (python-calamine through pandas) vs
``pandas.read_excel(engine="openpyxl")`` on the same file in the same run (target >= 3x faster).

The workbook is 50,000 household rows and 13 columns under two banner rows (a title and a note), as
statistical systems export them. It is written once with openpyxl's write-only mode and cached in
``build/benchmarks``. ``load_table`` does more than the baseline (it finds the header under the banner,
types every column and logs what it did), and must still give every row before its time counts.
"""

from __future__ import annotations

import os

from benchmarks.common import CACHE, Figure, best_of, household

NAME = "excel"
TITLE = "a 50,000-row, 13-column workbook with banner rows: load_table vs pandas over openpyxl"

COLUMNS = ["hh_id", "stratum", "cluster_id", "admin1_pcode", "admin2_pcode", "weight", "hh_head_sex",
           "hh_head_age", "hh_size", "displacement_status", "female_headed", "debt_cannot_repay",
           "aware_reporting"]


def workbook(rows: int):
    """The benchmark workbook (cached): banner rows, then the header, then ``rows`` household rows."""
    import openpyxl

    path = CACHE / f"household_{rows}_banner.xlsx"
    if path.is_file():
        return path
    df = household(rows)[COLUMNS].head(rows)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Households")
    ws.append(["Ardania household survey (synthetic) - export"])
    ws.append(["Weights are design weights; 0/1 columns: 1 = yes"])
    ws.append(COLUMNS)
    for row in df.astype(object).where(df.notna(), None).itertuples(index=False):
        ws.append(list(row))
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    os.replace(tmp, path)
    return path


def run(quick: bool = False) -> list[Figure]:
    import pandas as pd

    from ctie_helpers.data.loaders import load_table

    rows = 3_000 if quick else 50_000
    path = workbook(rows)
    df = load_table(path)
    if len(df) != rows or list(df.columns[:3]) != COLUMNS[:3]:
        raise AssertionError(f"load_table read {len(df)} rows and columns {list(df.columns)[:3]}")
    repeats = 2 if quick else 3
    fast = best_of(repeats, lambda: load_table(path))
    slow = best_of(2 if not quick else 1, lambda: pd.read_excel(path, header=None, engine="openpyxl"))
    label = f"{rows:,} rows x {len(COLUMNS)} columns"
    return [
        Figure(f"load_table (calamine), {label}", fast, "s", baseline=slow,
               note=f"best of {repeats}; header found under 2 banner rows, columns typed"),
        Figure(f"pandas.read_excel(engine='openpyxl'), {label} (baseline)", slow, "s",
               note=f"best of {2 if not quick else 1}; raw cells only"),
        Figure("speed-up over pandas + openpyxl", slow / fast, "x", ">= 3x", bool(slow / fast >= 3)),
    ]
