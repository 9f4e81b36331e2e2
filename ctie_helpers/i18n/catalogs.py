"""The translator's tools: extract the English strings, update the catalogs, count what is left to do.

Run from the workbook folder::

    python -m ctie_helpers.i18n.catalogs update   # new strings added empty, changed ones marked fuzzy
    python -m ctie_helpers.i18n.catalogs status   # per language: strings, missing, fuzzy (exit 1 if any)

``update`` is what ``pybabel extract -F ctie_helpers/i18n/babel.cfg -k N_ -o build/ctie.pot . &&
pybabel update -i build/ctie.pot -d ctie_helpers/i18n/locales -D ctie`` does, written here so that the
catalog test and the translator read the same list of modules (``babel.cfg``). An English string that
changed keeps its old translation flagged ``#, fuzzy`` (stale): it is not used, and the catalog test fails
until a translator revises it and removes the flag.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctie_helpers.i18n.catalog import DOMAIN, po_path
from ctie_helpers.i18n.choice import LANGUAGES

__all__ = ["BABEL_CFG", "Status", "cli", "extract", "per_language", "refresh", "save", "status", "untranslated", "update"]

BABEL_CFG = Path(__file__).resolve().parent / "babel.cfg"
ROOT = Path(__file__).resolve().parents[2]  # the folder babel.cfg's patterns are relative to
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "pgettext": ((1, "c"), 2)}


def extract():
    """The template catalog: every marked English string of the modules ``babel.cfg`` names."""
    # deferred: saves 29 ms at import of ctie_helpers.i18n.catalogs
    from babel.messages.catalog import Catalog

    # deferred: saves 33 ms at import of ctie_helpers.i18n.catalogs
    from babel.messages.extract import extract_from_dir

    # deferred: saves 53 ms at import of ctie_helpers.i18n.catalogs
    from babel.messages.frontend import parse_mapping_cfg

    with BABEL_CFG.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    template = Catalog(project="CTiE Workbook", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _read(lang: str):
    # deferred: saves 32 ms at import of ctie_helpers.i18n.catalogs
    from babel.messages.pofile import read_po

    path = po_path(lang)
    if not path.is_file():
        # deferred: saves 29 ms at import of ctie_helpers.i18n.catalogs
        from babel.messages.catalog import Catalog

        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def update(langs: tuple[str, ...] = LANGUAGES[1:]) -> list[Path]:
    """Bring each catalog up to the current English strings (``pybabel update``), written atomically."""
    template = extract()
    written = []
    for lang in langs:
        written.append(save(refresh(_read(lang), template, po_path(lang)), po_path(lang)))
    return written


def refresh(catalog, template, path: Path, *, fuzzy_matching: bool = True):
    """``catalog`` (read from ``path``) brought up to ``template``: new entries empty, changed ones stale.

    Shared by every kind of catalog. The file's creation date is kept, so an update with nothing new
    leaves the file byte for byte as it was (no merge noise between translators). ``fuzzy_matching=False``
    (notebook cells): a new entry never inherits another entry's translation.
    """
    created = catalog.creation_date if path.is_file() else None
    catalog.update(template, no_fuzzy_matching=not fuzzy_matching, update_header_comment=False)
    if created is not None:
        catalog.creation_date = created
    if fuzzy_matching:
        _drop_lookalike_suggestions(catalog, template)
    return catalog


def save(catalog, path: Path, *, sort_by_file: bool = False) -> Path:
    """Write an updated catalog the way every catalog of the workbook is written (110 columns, no line
    numbers, obsolete entries dropped), atomically; return ``path``.

    In extraction order by default, not ``sort_by_file``: with locations stored without line numbers, Babel's
    sort is not stable across a read and a write, so every translator's save would reorder the whole file.
    """
    # deferred: saves 33 ms at import of ctie_helpers.i18n.catalogs
    from babel.messages.pofile import write_po

    # deferred: saves 7 ms at import of ctie_helpers.i18n.catalogs (under 20 ms, loaded machine: may move up)
    from ctie_helpers.io import atomic_write

    catalog.project, catalog.fuzzy = "CTiE Workbook", False  # a fuzzy header would drop Plural-Forms
    buf = io.BytesIO()
    write_po(buf, catalog, width=110, sort_by_file=sort_by_file, ignore_obsolete=True, include_lineno=False)
    return atomic_write(path, buf.getvalue(), parents=True)


def _drop_lookalike_suggestions(catalog, template) -> None:
    """Empty the fuzzy guesses Babel makes for a *new* string from a similar string that is still in use.

    Babel's fuzzy matching is what marks a changed English string stale (its old translation is carried
    over, flagged fuzzy). But it also pre-fills a brand-new string with the translation of any lookalike
    (``"Save answer"`` from ``"Save this answer"``): that is a guess, not a stale translation, so a new
    string starts empty for the translator instead.
    """
    current = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    for msg in catalog:
        previous = msg.previous_id[0] if msg.previous_id else None
        if msg.id and msg.fuzzy and previous is not None and (previous, msg.context) in current:
            msg.string = ("", "") if isinstance(msg.id, (tuple, list)) else ""
            msg.flags.discard("fuzzy")
            msg.previous_id = []


@dataclass(frozen=True)
class Status:
    """One language's catalog against the current English strings."""

    lang: str
    strings: int
    missing: tuple[str, ...]  # not in the catalog, or without a translation
    fuzzy: tuple[str, ...]  # stale: the English changed since it was translated

    def __str__(self) -> str:
        return f"{self.lang}: {self.strings} strings, {len(self.missing)} missing, {len(self.fuzzy)} fuzzy"


def untranslated(template, catalog, label=None) -> tuple[list[str], list[str]]:
    """``(missing, fuzzy)``: the template's entries that ``catalog`` does not translate, and those whose
    translation is stale, each named by ``label(msg)`` (default: the English, its singular for a plural).

    Shared by every kind of catalog (interface, notebooks, graded explanations): one rule for "translated".
    """
    missing, fuzzy = [], []
    for msg in template:
        if not msg.id:
            continue
        key = label(msg) if label else (msg.id if isinstance(msg.id, str) else msg.id[0])
        have = catalog.get(msg.id, context=msg.context)
        strings = have.string if have else None
        if not have or not (all(strings) if isinstance(strings, (tuple, list)) else strings):
            missing.append(key)
        elif have.fuzzy:
            fuzzy.append(key)
    return missing, fuzzy


def status(langs: tuple[str, ...] = LANGUAGES[1:]) -> list[Status]:
    """Per language, which current English strings lack a translation or have a stale one."""
    template = extract()
    out = []
    for lang in langs:
        missing, fuzzy = untranslated(template, _read(lang))
        out.append(Status(lang, sum(1 for m in template if m.id), tuple(missing), tuple(fuzzy)))
    return out


def cli(argv: list[str] | None, module: str, update: Callable[[], list[Path]],
        summary: Callable[[], tuple[list[str], bool]]) -> int:
    """The ``update|status`` command line of a catalog module: ``summary()`` gives the lines to print and
    whether anything is left to translate (exit status 1)."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["update"]:
        for path in update():
            print(f"updated {path}")
    elif args[:1] != ["status"]:
        print(f"usage: python -m {module} update|status", file=sys.stderr)
        return 2
    lines, left = summary()
    for line in lines:
        print(line)
    return 1 if left else 0


def per_language(result: list, noun: str, size: Callable[[Any], int]) -> tuple[list[str], bool]:
    """Statuses of many catalogs (each with ``lang``, ``missing``, ``fuzzy``) added up per language: the lines
    ``fr: 199 cells, 7 missing, 0 fuzzy`` (``size`` counts one catalog's entries) and whether any is left."""
    lines = []
    for lang in LANGUAGES[1:]:
        mine = [s for s in result if s.lang == lang]
        lines.append(f"{lang}: {sum(size(s) for s in mine)} {noun}, {sum(len(s.missing) for s in mine)} missing, "
                     f"{sum(len(s.fuzzy) for s in mine)} fuzzy")
    return lines, any(s.missing or s.fuzzy for s in result)


def _summary() -> tuple[list[str], bool]:
    result = status()
    return [str(s) for s in result], any(s.missing or s.fuzzy for s in result)


def main(argv: list[str] | None = None) -> int:
    return cli(argv, "ctie_helpers.i18n.catalogs", update, _summary)


if __name__ == "__main__":
    raise SystemExit(main())
