"""``ctie course``: serve the whole course as a web site on 127.0.0.1, code hidden, and print its URL.

The home page is the course map; each session notebook is a page with navigation and a hand-in button
(:mod:`ctie_helpers.course`). Answers are saved beside the notebooks in ``--root``, as in JupyterLab; ``--lang`` is remembered there
too (``.ctie-settings.json``, :mod:`ctie_helpers.i18n.choice`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ctie_helpers.paths import NOTEBOOKS_DIR

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:

    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: 8866, or a free one)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    p.add_argument("--root", default=str(NOTEBOOKS_DIR),
                   help="the course folder, holding START_HERE.ipynb and the session folders "
                        "(default: the workbook's notebooks/)")
    p.add_argument("--no-preheat", dest="preheat", action="store_false",
                   help="no spare kernel per page: about 2.5 GB less memory, slower pages (default: preheat)")
    # The default since the pool works; still accepted so that older instructions and scripts run.
    p.add_argument("--preheat", dest="preheat", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--lang", default=None, choices=("en", "fr", "es"),
                   help="the course's language, remembered in the course folder for the next start "
                        "(the course map's switch changes it too)")
    p.add_argument("--dry-run", action="store_true", help="print the Voilà command instead of running it")


def run(args: argparse.Namespace) -> int:
    # deferred: saves 38 ms at import of ctie_helpers.commands.course
    from ctie_helpers.commands._serve import free_port, open_browser, run_until_stopped

    # deferred: saves 62 ms at import of ctie_helpers.commands.course
    from ctie_helpers.course.server import HOME_PATH, config_folder, course_command, course_env

    root = Path(args.root)
    if not (root / "START_HERE.ipynb").is_file():
        print(f"ctie course: {root} is not a course folder (no START_HERE.ipynb in it). With the workbook "
              "installed by pip, first copy the course into a folder of your own: ctie init DIR, then "
              "cd DIR and run ctie course there.", file=sys.stderr)
        return 2
    if getattr(args, "lang", None):
        # deferred: saves 5 ms at import of ctie_helpers.commands.course (under 20 ms, loaded machine: may move up)
        from ctie_helpers.i18n import remember_language

        try:
            remember_language(args.lang, root)
        except OSError as exc:
            print(f"ctie course: cannot remember the language in {root}: {exc}", file=sys.stderr)
            return 2
    port = args.port or free_port(8866)
    cmd = course_command(root, port, open_browser=open_browser(args.no_browser), preheat=getattr(args, "preheat", True))
    print(f"CTiE Workbook course: open http://127.0.0.1:{port}/{HOME_PATH}", flush=True)
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    print("Stop it with Ctrl+C.", flush=True)
    return run_until_stopped(cmd, env=course_env(root=root), folder=config_folder())
