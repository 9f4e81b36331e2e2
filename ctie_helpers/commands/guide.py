"""``ctie guide N [--out FILE] [--handout]``: the facilitator guide of live session N as Markdown.

Without ``--out`` the Markdown goes to standard output; with it, the file is written atomically (the guide
holds no personal data, so it follows the umask). ``--handout`` gives the trainees' breakout handout
instead (no debrief). Exit status 2 for a session outside 1-5 or an unwritable file.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("session", type=int, metavar="N", help="the live session, 1 to 5")
    p.add_argument("--out", metavar="FILE", default=None, help="write the Markdown to FILE (default: print it)")
    p.add_argument("--handout", action="store_true",
                   help="the trainees' breakout handout instead of the facilitator guide")


def run(args: argparse.Namespace) -> int:
    # deferred: saves <1 ms at import of ctie_helpers.commands.guide (under 20 ms, loaded machine: may move up)
    from ctie_helpers.errors import UserError

    # deferred: saves 38 ms at import of ctie_helpers.commands.guide
    from ctie_helpers.facilitator.guides import breakout_handout_markdown, guide_markdown

    # deferred: saves 8 ms at import of ctie_helpers.commands.guide (under 20 ms, loaded machine: may move up)
    from ctie_helpers.io import atomic_write

    try:
        text = breakout_handout_markdown(args.session) if args.handout else guide_markdown(args.session)
    except UserError as exc:
        print(f"ctie guide: {exc}", file=sys.stderr)
        return 2
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        atomic_write(args.out, text, parents=True)
    except OSError as exc:
        print(f"ctie guide: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    return 0
