"""``ctie submit SESSION``: pack a session's notebooks and answers into ``<name>.zip`` to hand in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ctie_helpers.grading.submit import BrokenNotebookError, pack_submission
from ctie_helpers.paths import NOTEBOOKS_DIR

__all__ = ["add_arguments", "run", "session_folder"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("session", metavar="SESSION", help="the session to hand in, e.g. session1_tip_basics")
    p.add_argument("--out", default=None, help="the zip to write (default: <name>.zip in this folder)")
    p.add_argument("--name", default=None, help="your name or trainee id (default: your user name)")
    p.add_argument("--folder", default=None,
                   help="the folder with your notebooks (default: this folder, or ./SESSION, or the workbook's)")


def session_folder(session: str, folder: str | None = None, cwd: Path | None = None) -> Path:
    """Where the trainee's notebooks are: ``folder``; else the current folder if it holds notebooks;
    else ``./SESSION``; else the workbook's ``notebooks/SESSION``."""
    if folder:
        return Path(folder)
    here = cwd or Path.cwd()
    if any(here.glob("*.ipynb")) and (here.name == session or not (here / session).is_dir()):
        return here
    if (here / session).is_dir():
        return here / session

    return NOTEBOOKS_DIR / session


def run(args: argparse.Namespace) -> int:
    src = session_folder(args.session, args.folder)
    try:
        res = pack_submission(src, args.session, trainee=args.name, out=args.out)
    except BrokenNotebookError as exc:
        print(f"Cannot hand in yet: {exc}.\nOpen that notebook in Jupyter and save it again (or restore it "
              "from its last checkpoint), then run ctie submit again. Nothing was written.", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError) as exc:
        print(f"ctie submit: {exc}", file=sys.stderr)
        return 1
    n_nb = sum(f.endswith(".ipynb") for f in res.files)
    n_ans = sum(f.endswith(".answers.json") for f in res.files)
    print(f"Packed {n_nb} notebooks and {n_ans} answer files from {src} into {res.zip_path}")
    for message in res.warnings:
        print(f"  warning: {message}")
    print("Hand this zip to your facilitator (e-mail or upload).")
    return 0
