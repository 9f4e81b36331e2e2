"""Write ``benchmarks/README.md``: how to run, the targets, and the latest figures of each benchmark.

Each benchmark's figures sit between ``<!-- bench:NAME -->`` markers, so ``--only NAME`` replaces that
block and keeps the others' latest figures (each block says when it was measured).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from benchmarks.common import Figure

README = Path(__file__).resolve().parent / "README.md"

HEAD = """# Benchmarks

Performance measurements of the CTiE Workbook (issues 8, 15 and 11). They are **measured, not asserted**: the test
suite only smoke-tests that these scripts still run (`tests/test_benchmarks_smoke.py`).

## How to run

From the repository root, with the workbook's environment:

```bash
.venv/bin/python -m benchmarks                      # all nine (several minutes; needs /usr/bin/chromium)
.venv/bin/python -m benchmarks --quick              # small sizes, fewer repeats
.venv/bin/python -m benchmarks --only voila --only sessions
.venv/bin/python benchmarks/run.py --no-write       # print only, leave this file alone
```

Every figure is printed next to its target; a figure compared with a baseline measured in the same run
shows the ratio (baseline / figure). A missed target is printed as `MISSED`, not hidden. Generated data
(the million-row household file, about a minute to generate) is cached in `build/benchmarks/`.

## What is measured, and the targets

| # | name | what | target |
|---|---|---|---|
| 1 | `notebooks` | every session notebook run top to bottom by nbclient in a fresh kernel, on a temporary copy of its session folder; baseline: a one-cell notebook (kernel start-up) | each < 20 s; the course < 90 s |
| 2 | `voila` | each Voilà app served as `ctie app NAME --preheat` serves it (`ctie_helpers.apps.server`); request → first interactive widget in headless Chromium (Playwright, `/usr/bin/chromium`); control → chart update (the indicator dashboard's admin-area dropdown, until the drawn chart's title names the new area), on the default data and on a 1-million-row household file given to `build_indicators()` | first widget median < 3 s; update median < 150 ms (default data), < 500 ms (1M rows) |
| 3 | `grade` | `ctie grade` on 30 simulated submissions vs serial `nbgrader autograde --student` of the same hand-ins | >= 1.8x faster on 2 cores |
| 4 | `indicators` | `compute_indicator` (weighted proportion by admin1) on a 1-million-row household file vs a row-by-row Python loop; peak memory by `tracemalloc` | >= 20x; peak < 3x data size |
| 5 | `import` | `import ctie_helpers` over `import pandas`, fresh interpreters, best of N | < 0.2 s |
| 6 | `sessions` | kernel RSS per Voilà app session (psutil), and 10 concurrent sessions of the indicator dashboard | all 10 without errors; memory reported |
| 7 | `excel` | `load_table` on a 50,000-row, 13-column workbook under banner rows (python-calamine through pandas) vs `pandas.read_excel(engine="openpyxl")` on the same file (issue 15) | >= 3x faster |
| 8 | `check` | `ctie check` (in-process, the command's own code path) on a 1,000,000-row household CSV (issue 15) | < 10 s |
| 9 | `course` | course mode (issue 11) as `ctie course` serves it: request → first text and → first interactive widget on every course page, with the preheated pool in a cold browser (a new browser context per page: a visit's first page) and in a warm one (one context walking the pages: a trainee's next page), and without the pool, vs the JupyterLab run-all time of the same notebooks (the `notebooks` block); 10 trainees opening 10 session pages at once on one server: browser side (all interactive) and server side (every page's kernel's last message through the server), CPU seconds of the browsers, the server and the rest of the machine, kernel RSS per trainee; bytes on the wire for the course map, one notebook page and the chart page, first and repeat visit, every request's host checked to be 127.0.0.1. `CTIE_BENCH_COURSE=speed,cold,trainees,weight` (any of them) runs a subset | medians: first text < 1 s, first widget < 1.5 s (preheated); 10 trainees all interactive < 15 s, no error; no request off 127.0.0.1 |

## Latest figures
"""


def _block(name: str, figures: list[Figure], when: str, quick: bool, machine: str) -> str:
    rows = ["| figure | value | target | ratio | verdict | note |", "|---|---|---|---|---|---|"]
    for f in figures:
        ratio = f"{f.ratio:.1f}x" if f.ratio is not None else ""
        note = f.note.replace("|", "/")
        rows.append(f"| {f.name} | {f.shown()} | {f.target} | {ratio} | {f.verdict()} | {note} |")
    mode = " (`--quick`: small sizes, not the targets' conditions)" if quick else ""
    return (f"<!-- bench:{name} -->\n### {name}\n\nMeasured {when}{mode}. Machine: {machine}.\n\n"
            + "\n".join(rows) + f"\n<!-- /bench:{name} -->")


def _old_blocks(text: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r"<!-- bench:(\w+) -->.*?<!-- /bench:\1 -->", text, re.S)}


def write_readme(results: dict[str, list[Figure]], *, started: datetime, quick: bool, machine: str,
                 only: bool, path: Path = README) -> Path:
    """Write the README with the new blocks (and, after ``--only``, the other blocks as they were)."""
    from benchmarks.run import BENCHMARKS

    when = started.strftime("%Y-%m-%d %H:%M UTC")
    old = _old_blocks(path.read_text(encoding="utf-8")) if path.is_file() and only else {}
    blocks = []
    for name in BENCHMARKS:
        if name in results:
            blocks.append(_block(name, results[name], when, quick, machine))
        elif name in old:
            blocks.append(old[name])
        else:
            blocks.append(f"<!-- bench:{name} -->\n### {name}\n\nNot run yet.\n<!-- /bench:{name} -->")
    note = ("\nThe machine is shared: while these figures were taken, other engineers' test suites were "
            "running on the same 2 cores, so times are pessimistic and noisy (see the load average in each "
            "block). Re-run on an idle machine before quoting them.\n")
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(HEAD + note + "\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
