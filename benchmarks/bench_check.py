"""(8) ``ctie check`` on a 1,000,000-row household CSV (target < 10 s).

The household file is the synthetic survey (``data.generate``) written as CSV once and cached in
``build/benchmarks``. ``ctie check`` runs as an analyst runs it: a fresh ``python -m ctie_helpers.cli check
FILE`` process, so the figure includes start-up, reading, personal-data detection, k-anonymity and the
global risk. Its exit status must be 0 or 1 (a verdict), never 2 (could not read).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from benchmarks.common import CACHE, REPO, Figure, household

NAME = "check"
TITLE = "ctie check on a 1,000,000-row household file"


def household_csv(rows: int):
    path = CACHE / f"household_{rows}.csv"
    if not path.is_file():
        df = household(rows)
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        df.to_csv(tmp, index=False)
        os.replace(tmp, path)
    return path


def run(quick: bool = False) -> list[Figure]:
    rows = 30_000 if quick else 1_000_000
    path = household_csv(rows)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    times = []
    for _ in range(1 if quick else 2):
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "ctie_helpers.cli", "check", str(path)], capture_output=True,
                              text=True, env=env, cwd=REPO, timeout=600)
        times.append(time.perf_counter() - t)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"ctie check exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    size_mb = path.stat().st_size / 1e6
    verdict = "not safe" if proc.returncode == 1 else "safe"
    return [Figure(f"ctie check, {rows:,} household rows", min(times), "s", "< 10 s", bool(min(times) < 10),
                   note=f"best of {len(times)} fresh processes; CSV {size_mb:,.0f} MB; verdict: {verdict}")]
