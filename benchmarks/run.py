"""Run the benchmarks, print every figure next to its target, and write the latest run to README.md.

Usage (from the repository root)::

    .venv/bin/python -m benchmarks                 # everything (several minutes)
    .venv/bin/python -m benchmarks --quick         # small sizes and fewer repeats (about a minute or two)
    .venv/bin/python -m benchmarks --only import --only indicators
    .venv/bin/python benchmarks/run.py --no-write  # print only; README.md untouched

A benchmark that fails is reported as such (its error is printed) and the others still run; the exit
status is 1 when any benchmark failed to run, 0 otherwise (a missed target is a finding, not a failure).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # `python benchmarks/run.py`: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Figure, machine_note  # noqa: E402
from benchmarks.report import write_readme  # noqa: E402

#: name -> module, in the order of issue 8's list, then issue 15's, then issue 11's
BENCHMARKS = {
    "notebooks": "benchmarks.bench_notebooks",
    "voila": "benchmarks.bench_voila",
    "grade": "benchmarks.bench_grade",
    "indicators": "benchmarks.bench_indicators",
    "import": "benchmarks.bench_import",
    "sessions": "benchmarks.bench_sessions",
    "excel": "benchmarks.bench_excel",
    "check": "benchmarks.bench_check",
    "course": "benchmarks.bench_course",
    "lite": "benchmarks.bench_lite",
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    p.add_argument("--only", action="append", choices=list(BENCHMARKS), metavar="NAME",
                   help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}")
    p.add_argument("--quick", action="store_true", help="small sizes and fewer repeats (a smoke run)")
    p.add_argument("--no-write", action="store_true", help="do not update benchmarks/README.md")
    return p.parse_args(argv)


def table(results: dict[str, list[Figure]]) -> str:
    lines = [f"{'figure':<58} {'value':>14}  {'target':<10} {'ratio':>8}  verdict"]
    for name, figures in results.items():
        lines.append(f"[{name}]")
        for f in figures:
            ratio = f"{f.ratio:.1f}x" if f.ratio is not None else ""
            lines.append(f"  {f.name[:56]:<56} {f.shown():>14}  {f.target:<10} {ratio:>8}  {f.verdict()}"
                         + (f"  ({f.note})" if f.note else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    names = args.only or list(BENCHMARKS)
    results: dict[str, list[Figure]] = {}
    failed: list[str] = []
    started = datetime.now(UTC)
    for name in names:
        module = importlib.import_module(BENCHMARKS[name])
        print(f"== {name}: {module.TITLE}{' (quick)' if args.quick else ''}", flush=True)
        t = time.perf_counter()
        try:
            results[name] = module.run(quick=args.quick)
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            results[name] = [Figure(f"{name} did not run", None, "", note=f"{type(exc).__name__}: {exc}")]
            failed.append(name)
        print(f"   done in {time.perf_counter() - t:.0f} s", flush=True)
    note = machine_note()
    print()
    print(table(results))
    print(f"\n{note}")
    if not args.no_write:
        path = write_readme(results, started=started, quick=args.quick, machine=note,
                            only=args.only is not None)
        print(f"wrote {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
