"""Shared pieces of the benchmarks: one measured figure, timers, the machine note, the data cache.

Every benchmark module exposes ``NAME``, ``TITLE`` and ``run(quick: bool) -> list[Figure]``. A figure
carries its target, so the runner can print "value vs target" and mark it met or missed; a figure
compared with a baseline measured in the same run also carries the ratio.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "build" / "benchmarks"  # build/ is gitignored: generated data and scratch copies live here

__all__ = ["CACHE", "REPO", "Figure", "best_of", "household", "machine_note", "median", "timed"]


@dataclass
class Figure:
    """One measured number.

    Attributes
    ----------
    name : what was measured.
    value : the number (``None`` when it could not be measured; ``note`` says why).
    unit : ``"s"``, ``"ms"``, ``"MB"``, ``"x"``...
    target : the target in words, e.g. ``"< 20 s"``; empty for a figure given for information.
    ok : whether the target was met (``None`` without a target or a value).
    baseline : the baseline's value in the same unit, when the figure is compared with one.
    note : anything a reader needs to read the number right.
    """

    name: str
    value: float | None
    unit: str
    target: str = ""
    ok: bool | None = None
    baseline: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """baseline / value: how many times faster (or smaller) than the baseline."""
        if self.baseline is None or not self.value:
            return None
        return self.baseline / self.value

    def shown(self) -> str:
        if self.value is None:
            return "n/a"
        digits = 3 if abs(self.value) < 1 else (2 if abs(self.value) < 100 else 0)
        return f"{self.value:,.{digits}f} {self.unit}".strip()

    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "-"}[self.ok]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by ``fn()`` and its result."""
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def best_of(n: int, fn: Callable[[], object]) -> float:
    """The fastest of ``n`` runs, in seconds: the least disturbed by other work on a shared machine."""
    return min(timed(fn)[0] for _ in range(max(1, n)))


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def machine_note() -> str:
    """Cores, memory, load and versions: the figures mean little without them."""
    try:
        import psutil

        mem = f"{psutil.virtual_memory().total / 2**30:.0f} GiB"
    except ImportError:  # pragma: no cover - psutil is in the dev environment
        mem = "? GiB"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{platform.system()} {platform.release()}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
            f"{mem}; load average at the end of the run {load}")


def household(rows: int) -> pd.DataFrame:
    """A synthetic household survey of about ``rows`` rows (``data.generate(scale=...)``), cached.

    Generating a million rows takes tens of seconds, so the frame is pickled under ``build/benchmarks``
    keyed by the requested size and the package's generator; a cache that fails to load is rebuilt.
    """
    import pandas as pd

    from ctie_helpers.data import generate

    base = 3000  # rows of household_survey at scale 1 (data/synthetic/household_survey.csv)
    scale = max(rows / base, 0.01)
    path = CACHE / f"household_{rows}.pkl"
    if path.is_file():
        try:
            return pd.read_pickle(path)
        except Exception:  # noqa: BLE001 - a stale or truncated cache is simply rebuilt
            path.unlink(missing_ok=True)
    df = generate("household_survey", scale=scale)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    df.to_pickle(tmp)
    os.replace(tmp, path)
    return df


def pct(values: list[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None
