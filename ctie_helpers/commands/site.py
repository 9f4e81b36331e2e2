"""``ctie site build``: the static course site (pages, slides, PDF handouts), built offline."""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    b = sub.add_parser("build", help="build the site into --out (replaced whole when the build succeeds)")
    b.add_argument("--out", default="build/site", metavar="DIR", help="site folder (default: build/site)")
    b.add_argument("--facilitator", action="store_true", help="show every exercise's answer (facilitators only)")
    b.add_argument("--session", action="append", default=None, metavar="FOLDER",
                   help="build only this session folder (repeatable; default: all five)")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF handouts (they need Chromium)")


def extra_pages(facilitator: bool) -> list:
    """The Markdown pages added to the site (:class:`ctie_helpers.site.build.ExtraPage` or ``(title, text)``).

    Every edition carries each session's breakout handout (what trainees read in the breakout room); the
    facilitator edition adds the five facilitator guides (plans, misconceptions, debriefs).
    """
    # deferred: saves 38 ms at import of ctie_helpers.commands.site
    from ctie_helpers.facilitator.guides import breakout_handout_markdown, guide_markdown

    # deferred: saves 19 ms at import of ctie_helpers.commands.site (under 20 ms, loaded machine: may move up)
    from ctie_helpers.site.build import ExtraPage

    pages = [ExtraPage(f"Session {n} breakout handout", breakout_handout_markdown(n)) for n in range(1, 6)]
    if facilitator:
        pages += [ExtraPage(f"Session {n} facilitator guide", guide_markdown(n)) for n in range(1, 6)]
    return pages


def run(args: argparse.Namespace) -> int:
    # deferred: saves <1 ms at import of ctie_helpers.commands.site (under 20 ms, loaded machine: may move up)
    from ctie_helpers.errors import UserError

    # deferred: saves 19 ms at import of ctie_helpers.commands.site (under 20 ms, loaded machine: may move up)
    from ctie_helpers.site.build import build_site

    try:
        result = build_site(args.out, facilitator=args.facilitator, sessions=args.session,
                            handouts=not args.no_pdf, extra_pages=extra_pages(args.facilitator))
    except UserError as exc:
        print(f"ctie site: {exc}\nThe site folder was not changed.", file=sys.stderr)
        return 2
    print(f"ctie site: wrote {result.out} in {result.seconds:.0f} s: {len(result.pages)} pages, "
          f"{len(result.slides)} slide decks, {len(result.handouts)} handouts. Open {result.out / 'index.html'}")
    return 0
