"""``ctie start``: open the course, bound to 127.0.0.1.

By default in course mode (``ctie course``: pages with the code hidden, for trainees who do not program);
with ``--lab`` in JupyterLab at START_HERE.ipynb, for trainees and analysts who want the code.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
from pathlib import Path

from ctie_helpers.commands import course
from ctie_helpers.commands._serve import free_port
from ctie_helpers.paths import NOTEBOOKS_DIR, REPO_ROOT

START_PAGE = "notebooks/START_HERE.ipynb"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lab", action="store_true", help="open JupyterLab, with the code, instead of course mode")
    p.add_argument("--port", type=int, default=0,
                   help="port on 127.0.0.1 (default: 8866 for the course, 8888 for JupyterLab, or a free one)")
    p.add_argument("--root", default=None,
                   help="course mode: the course folder (default: the workbook's notebooks/); "
                        "--lab: the folder JupyterLab shows (default: the workbook)")
    p.add_argument("--no-browser", action="store_true", help="course mode: do not open a browser window")
    p.add_argument("--no-preheat", dest="preheat", action="store_false",
                   help="course mode: no spare kernel per page (about 2.5 GB less memory, slower pages)")
    p.add_argument("--lang", default=None, choices=("en", "fr", "es"),
                   help="the course's language (course mode: remembered in the course folder; --lab: in your "
                        "user settings, for the pages that speak it)")
    p.add_argument("--token", default=None, help="--lab: access token (default: a new random one, printed in the URL)")
    p.add_argument("--dry-run", action="store_true", help="print the command instead of starting the server")


def lab_command(port: int, root: str, token: str) -> list[str]:
    """The JupyterLab command line: loopback only, token auth, opening the course home page."""
    jupyter = shutil.which("jupyter") or os.path.join(os.path.dirname(sys.executable), "jupyter")
    cmd = [
        jupyter, "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE}",
    ]
    # A headless machine has no browser to open; a desktop gets one.
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in (
        "darwin", "win32")
    cmd.append("--ServerApp.open_browser=True" if has_display else "--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # JupyterLab refuses root without it (containers, CI)
    return cmd


def run(args: argparse.Namespace) -> int:
    if not args.lab:
        root = Path(args.root) if args.root else NOTEBOOKS_DIR
        if not (root / "START_HERE.ipynb").is_file() and (root / "notebooks" / "START_HERE.ipynb").is_file():
            root = root / "notebooks"  # --root given as the workbook folder, as for JupyterLab
        return course.run(argparse.Namespace(port=args.port, no_browser=args.no_browser, root=str(root),
                                             dry_run=args.dry_run, lang=args.lang,
                                             preheat=getattr(args, "preheat", True)))
    if args.lang:
        # deferred: saves 5 ms at import of ctie_helpers.commands.start (under 20 ms, loaded machine: may move up)
        from ctie_helpers.i18n import remember_language

        remember_language(args.lang)  # JupyterLab's folder is not the course folder: the user's own settings
    args.root = args.root or str(REPO_ROOT)
    port = args.port or free_port(8888)
    token = args.token or secrets.token_hex(16)
    cmd = lab_command(port, args.root, token)
    url = f"http://127.0.0.1:{port}/lab/tree/{START_PAGE}?token={token}"
    print(f"CTiE Workbook: open {url}", flush=True)
    print("Stop it with Ctrl+C.", flush=True)
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    os.execv(cmd[0], cmd)  # hand over the process so Ctrl+C and SIGTERM reach JupyterLab directly
    return 0  # pragma: no cover
