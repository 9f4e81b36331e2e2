"""``ctie app NAME``: serve one Voilà mini-app on 127.0.0.1 and print its URL.

NAME is one of ``indicators``, ``evidence``, ``sampling``, ``questionnaire``, ``safety``, ``mse`` (and
``dashboard`` for facilitators). The app's notebook is found in the workbook (``ctie_helpers.paths``) or,
without the repository, in the copies packaged with ``ctie_helpers``; it is copied into a private
temporary folder that is Voilà's root, so no other file is served, and the folder is deleted when the
server stops (Ctrl+C or SIGTERM). How Voilà is hardened: :mod:`ctie_helpers.apps.server`.
"""

from __future__ import annotations

import argparse
import shutil
import sys

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    # deferred: saves 71 ms at import of ctie_helpers.commands.app
    from ctie_helpers.apps.catalog import APPS

    p.add_argument("name", metavar="NAME", choices=list(APPS),
                   help="the app: " + ", ".join(f"{n} ({a.title})" for n, a in APPS.items()))
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: 8866, or a free one)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    p.add_argument("--preheat", action="store_true",
                   help="start a kernel and run the app in advance: faster first page, about 135 MB more memory "
                        "(see ctie_helpers.apps.server)")
    p.add_argument("--token", default=None, help="require this token in the URL (default: none, loopback only)")
    p.add_argument("--dry-run", action="store_true", help="print the Voilà command instead of running it")


def run(args: argparse.Namespace) -> int:
    # deferred: saves 195 ms at import of ctie_helpers.commands.app
    from ctie_helpers.apps.catalog import app, notebook_path

    # deferred: saves 85 ms at import of ctie_helpers.commands.app
    from ctie_helpers.apps.server import private_root, voila_command, voila_env

    # deferred: saves 75 ms at import of ctie_helpers.commands.app
    from ctie_helpers.commands._serve import free_port, open_browser, run_until_stopped

    spec = app(args.name)
    try:
        notebook = notebook_path(spec.name)
    except FileNotFoundError as exc:
        print(f"ctie app: {exc}", file=sys.stderr)
        return 2
    port = args.port or free_port(8866)
    url = f"http://127.0.0.1:{port}/" + (f"?token={args.token}" if args.token else "")
    root = private_root([notebook])
    cmd = voila_command(root / notebook.name, port, preheat=args.preheat,
                        open_browser=open_browser(args.no_browser), token=args.token)
    if args.dry_run:
        shutil.rmtree(root, ignore_errors=True)
        print(" ".join(cmd))
        return 0
    print(f"CTiE {spec.title}: open {url}", flush=True)
    print("Stop it with Ctrl+C.", flush=True)
    return run_until_stopped(cmd, env=voila_env(), folder=root)
