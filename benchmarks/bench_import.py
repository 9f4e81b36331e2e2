"""(5) ``import ctie_helpers`` over bare pandas, in fresh interpreters (best of N; target < 0.2 s).

Each sample is a new ``python -c`` process that times its own imports with ``perf_counter``, so the
interpreter's start-up is excluded and nothing is cached in ``sys.modules``. The extra cost is
``best(pandas + ctie_helpers) - best(pandas)``. A notebook's first cell (``open_sidecar`` and the
session's exercises) is measured the same way, for information.
"""

from __future__ import annotations

import subprocess
import sys

from benchmarks.common import Figure

NAME = "import"
TITLE = "import time over bare pandas"

# Wall and CPU time of the imports alone. On a shared machine wall time mostly measures the neighbours;
# CPU time (process_time) is what the import itself costs, so the target is checked on it.
_SNIPPET = ("import time; t, c = time.perf_counter(), time.process_time(); {code}; "
            "print(time.perf_counter() - t, time.process_time() - c)")
FIRST_CELL = ("from ctie_helpers.grading import open_sidecar; "
              "from ctie_helpers.exercises import session1 as ex")


def sample(code: str) -> tuple[float, float]:
    """(wall, CPU) seconds ``code`` takes to import in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _SNIPPET.format(code=code)], capture_output=True, text=True,
                         check=True)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def best(code: str, n: int) -> tuple[float, float]:
    """Best wall and best CPU time over ``n`` fresh interpreters (taken separately)."""
    runs = [sample(code) for _ in range(n)]
    return min(w for w, _ in runs), min(c for _, c in runs)


def run(quick: bool = False) -> list[Figure]:
    n = 3 if quick else 7
    pandas_w, pandas_c = best("import pandas", n)
    pkg_w, pkg_c = best("import pandas; import ctie_helpers", n)
    cell_w, cell_c = best(f"import pandas; {FIRST_CELL}", n)
    extra = max(pkg_c - pandas_c, 0.0)
    return [
        Figure("import pandas (baseline), CPU time", pandas_c, "s",
               note=f"best of {n} fresh interpreters; wall {pandas_w:.3f} s"),
        Figure("import ctie_helpers, over pandas, CPU time", extra, "s", "< 0.2 s", extra < 0.2,
               note=f"wall: {max(pkg_w - pandas_w, 0.0):.3f} s over pandas"),
        Figure("a notebook's first cell, over pandas, CPU time", max(cell_c - pandas_c, 0.0), "s",
               note=f"open_sidecar + exercises.session1; wall {max(cell_w - pandas_w, 0.0):.3f} s; information"),
    ]
