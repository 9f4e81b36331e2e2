"""The ``ctie`` command: one entry point, one module per subcommand in ``ctie_helpers.commands``.

Each subcommand module defines ``add_arguments(parser)`` and ``run(args) -> int``. Modules are imported
only when their subcommand runs, so ``ctie --help`` stays fast and a broken optional dependency of one
subcommand never breaks the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from ctie_helpers import __version__

# name -> one-line help. The module is ctie_helpers.commands.<name>.
SUBCOMMANDS: dict[str, str] = {
    "start": "open the course on 127.0.0.1 (course mode; --lab for JupyterLab)",
    "course": "serve the course as a web site on 127.0.0.1: pages with code hidden, progress, hand-in",
    "init": "copy the course into a new working folder (for a workbook installed with pip)",
    "data": "generate or verify the synthetic datasets",
    "release": "build the student versions of sessions (nbgrader generate_assignment)",
    "submit": "pack a session's notebooks and answers into one zip to hand in",
    "collect": "gather trainees' hand-in zips from their JupyterHub folders for ctie grade",
    "grade": "repair, autograde and give feedback on a session's submissions",
    "feedback": "release a graded session's feedback to its trainees (nothing reaches them before)",
    "grades": "export the grades to a learning platform (Moodle or Canvas CSV)",
    "guide": "print or write the facilitator guide of a live session (Markdown)",
    "report": "run an analysis template on your own file and write an HTML report",
    "app": "serve one of the Voilà mini-apps on 127.0.0.1",
    "site": "build the course as a static web site (pages, slides, PDF handouts), offline",
    "certificates": "write a PDF certificate of completion per trainee above a threshold",
    "lite": "build the offline edition: the course in the browser (JupyterLite, Pyodide), no server kernel",
    "check": "scan a file for personal data and disclosure risk before sharing it",
}


def _load(name: str):
    return importlib.import_module(f"ctie_helpers.commands.{name.replace('-', '_')}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the parser; with ``only``, import just that subcommand's module."""
    parser = argparse.ArgumentParser(
        prog="ctie",
        description="CTiE Workbook: training and analysis tools for counter-trafficking information management.",
    )

    parser.add_argument("--version", action="version", version=f"ctie {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            module = _load(name)
            module.add_arguments(p)
            p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``ctie`` with ``argv`` (default: the process arguments); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    only = first if first in SUBCOMMANDS else None
    parser = build_parser(only=only if only else "__none__")
    args = parser.parse_args(argv)
    if not hasattr(args, "_run"):
        parser.print_help()
        return 0 if not argv else 2
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
