"""Notebook text in French and Spanish: one gettext catalog per notebook, one entry per markdown cell.

Why per cell, keyed by the cell id (and not per-language notebooks)
-------------------------------------------------------------------
The English notebook stays the only notebook: its code cells, nbgrader metadata and hidden tests exist
once, so grading cannot drift between languages. Each markdown cell is one catalog entry whose context
(``msgctxt``) is the cell's id (nbformat 4.5 ids are stable across edits) and whose ``msgid`` is the
cell's English text. A new cell arrives as an empty entry; an edited English cell keeps its old
translation flagged ``#, fuzzy`` (stale) until a translator revises it. Translators work in the tools
they already use for ``.po`` files (Poedit, Weblate, a text editor).

Where the catalogs live: ``ctie_helpers/i18n/locales/<lang>/LC_MESSAGES/notebooks/<session>/<stem>.po``,
inside the package, so a wheel, ``ctie init`` and the offline edition carry them with no extra step.

Run from the workbook folder::

    python -m ctie_helpers.i18n.notebooks update   # new cells added empty, changed cells marked fuzzy
    python -m ctie_helpers.i18n.notebooks status   # per language: cells, missing, fuzzy (exit 1 if any)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from ctie_helpers.i18n.catalog import LOCALES_DIR
from ctie_helpers.i18n.catalogs import cli, per_language, refresh, save, untranslated
from ctie_helpers.i18n.choice import LANGUAGES
from ctie_helpers.paths import NOTEBOOKS_DIR

__all__ = ["CatalogStatus", "catalog_path", "cell_translations", "course_notebooks", "extract", "status",
           "translate_markdown", "translated_title", "update"]


def course_notebooks(root: Path = NOTEBOOKS_DIR) -> Iterator[Path]:
    """Every trainee notebook whose text is translated: START_HERE, the sessions' notebooks and mini-apps."""
    if (root / "START_HERE.ipynb").is_file():
        yield root / "START_HERE.ipynb"
    yield from sorted(root.glob("session*/*.ipynb"))


def catalog_path(notebook: Path, lang: str) -> Path:
    """The catalog of ``notebook`` (``notebooks/<session>/<stem>.ipynb``, or ``START_HERE.ipynb``) in ``lang``."""
    folder = LOCALES_DIR / lang / "LC_MESSAGES" / "notebooks"
    if not notebook.parent.name.startswith("session"):  # START_HERE.ipynb, at the top of the course
        return folder / f"{notebook.stem}.po"
    return folder / notebook.parent.name / f"{notebook.stem}.po"


def _label(notebook: Path) -> str:
    """``session1_tip_basics/01_definitions.ipynb``, or ``START_HERE.ipynb``."""
    if notebook.parent.name.startswith("session"):
        return f"{notebook.parent.name}/{notebook.name}"
    return notebook.name


def extract(notebook: Path) -> Catalog:
    """The template catalog of one notebook: each non-empty markdown cell, by cell id."""
    nb = nbformat.read(notebook, as_version=4)
    template = Catalog(project="CTiE Workbook", domain=notebook.stem)
    for cell in nb.cells:
        text = cell.source.strip()
        if cell.cell_type == "markdown" and text:
            template.add(text, None, [(_label(notebook), 0)], context=cell.id)
    return template


def _catalog_for(stem: str, lang: str) -> Path | None:
    """The catalog of the notebook named ``stem`` (a session's or START_HERE) in ``lang``, if there is one."""
    folder = LOCALES_DIR / lang / "LC_MESSAGES" / "notebooks"
    found = sorted(folder.glob(f"{stem}.po")) + sorted(folder.glob(f"session*/{stem}.po"))
    return found[0] if found else None


def cell_translations(stem: str, lang: str, catalog: Path | None = None) -> dict[tuple[str, str], str]:
    """``{(cell id, English text): translation}`` for the usable entries of a notebook's catalog.

    Usable: translated and not fuzzy. A stale entry (English edited since) is not here because its
    ``msgid`` is the old English: the cell's current text finds nothing, and the page shows the English.
    """
    path = catalog or _catalog_for(stem, lang)
    if lang == "en" or path is None or not path.is_file():
        return {}
    with path.open("rb") as fh:
        po = read_po(fh, locale=lang)
    return {(msg.context, msg.id): msg.string for msg in po
            if isinstance(msg.id, str) and msg.id and msg.context and isinstance(msg.string, str)
            and msg.string.strip() and not msg.fuzzy}


def translate_markdown(nb, stem: str, lang: str, catalog: Path | None = None) -> int:
    """Replace each markdown cell's text of ``nb`` (in place) by its translation in ``lang``; return how many.

    A cell without a usable translation keeps its English: a page is never half-blank.
    """
    table = cell_translations(stem, lang, catalog)
    done = 0
    for cell in nb.cells if table else ():
        if cell.get("cell_type") != "markdown":
            continue
        src = cell.get("source", "")
        text = ("".join(src) if isinstance(src, list) else str(src)).strip()
        translated = table.get((cell.get("id"), text))
        if translated:
            cell["source"] = translated
            done += 1
    return done


def translated_title(notebook: Path, lang: str) -> str | None:
    """The notebook's title (the first Markdown heading) in ``lang``, when its cell is translated; else None.

    For the course map and the navigation links, which name each page by its title.
    """
    if lang == "en":
        return None
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return None
    for cell in cells:
        text = "".join(cell.get("source", "")).strip() if cell.get("cell_type") == "markdown" else ""
        if any(line.startswith("#") for line in text.splitlines()):
            translated = cell_translations(notebook.stem, lang).get((cell.get("id"), text), "")
            heads = [line.lstrip("#").strip() for line in translated.splitlines() if line.startswith("#")]
            return heads[0] if heads else None
    return None


def _read(path: Path, lang: str) -> Catalog:
    if not path.is_file():
        return Catalog(locale=lang, project="CTiE Workbook")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def update(langs: tuple[str, ...] = LANGUAGES[1:], root: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Bring every notebook catalog up to the current English cells, each written atomically."""
    written = []
    for nb in course_notebooks(root):
        template = extract(nb)
        for lang in langs:
            path = catalog_path(nb, lang)
            # no fuzzy matching across cells: a new cell must never inherit another cell's translation
            written.append(save(refresh(_read(path, lang), template, path, fuzzy_matching=False), path))
    return written


@dataclass(frozen=True)
class CatalogStatus:
    """One notebook's catalog in one language against the notebook's current English cells."""

    notebook: str
    lang: str
    cells: int
    missing: tuple[str, ...]  # cell ids with no translation
    fuzzy: tuple[str, ...]  # cell ids whose English changed since they were translated


def status(langs: tuple[str, ...] = LANGUAGES[1:], root: Path = NOTEBOOKS_DIR) -> list[CatalogStatus]:
    """Per notebook and language, which cells lack a translation or have a stale one."""
    out = []
    for nb in course_notebooks(root):
        template = extract(nb)
        for lang in langs:
            missing, fuzzy = untranslated(template, _read(catalog_path(nb, lang), lang), lambda m: str(m.context))
            out.append(CatalogStatus(_label(nb), lang, sum(1 for m in template if m.id),
                                     tuple(missing), tuple(fuzzy)))
    return out


def _summary() -> tuple[list[str], bool]:
    return per_language(status(), "cells", lambda s: s.cells)


def main(argv: list[str] | None = None) -> int:
    return cli(argv, "ctie_helpers.i18n.notebooks", update, _summary)


if __name__ == "__main__":
    raise SystemExit(main())
