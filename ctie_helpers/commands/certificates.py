"""``ctie certificates``: a PDF certificate of completion per trainee above a threshold, from the gradebook."""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--threshold", required=True, type=float, metavar="PCT",
                   help="the score (percent of each session's points) a trainee needs in all five sessions")
    p.add_argument("--out", default=None, metavar="DIR", help="folder for the PDFs (default: build/certificates)")
    p.add_argument("--names", default=None, metavar="CSV",
                   help="roster with columns trainee,name: the name to print for each gradebook name")


def run(args: argparse.Namespace) -> int:
    # deferred: saves <1 ms at import of ctie_helpers.commands.certificates (under 20 ms, loaded machine: may move up)
    from ctie_helpers.errors import UserError

    # deferred: saves 1301 ms at import of ctie_helpers.commands.certificates
    from ctie_helpers.facilitator.certificates import read_names, write_certificates

    # deferred: saves 1022 ms at import of ctie_helpers.commands.certificates
    from ctie_helpers.facilitator.course import Course

    try:
        names = read_names(args.names) if args.names else None
        written = write_certificates(Course.find(), args.threshold, args.out, names=names)
    except UserError as exc:
        print(f"ctie certificates: {exc}", file=sys.stderr)
        return 2
    print(f"ctie certificates: {len(written)} certificate(s) at {args.threshold:g}% or above")
    for path in written:
        print(f"  {path}")
    return 0
