"""Graded items' explanations in French and Spanish: a facilitator-side catalog per session and language.

Why a catalog beside ``graded_explanations.json``, and not in ``ctie.po``
--------------------------------------------------------------------------
A graded item's explanation says why each option is right or wrong, so it gives the key away. Its English
lives in ``notebooks/<session>/graded_explanations.json``, which never reaches a trainee (the release,
``ctie init``, the wheel, the sites and the offline edition leave it out); ``ctie.po`` ships in the package
to every trainee, so its translations cannot live there. Each session's translations sit beside the
English as ``notebooks/<session>/graded_explanations.<lang>.po`` (one file per language, not a
``locales/`` folder): one glob, :data:`ctie_helpers.content.explanations.GRADED_EXPLANATIONS_CATALOGS`,
keeps the English and its translations out of everything a trainee receives, and ``ctie grade`` finds the
catalog from the path it already hands the grading kernels (``CTIE_GRADED_EXPLANATIONS``).

Entries: ``msgid`` is the English text (each ``why`` and each ``source``), without ``msgctxt``: as in
``ctie.po``, where the practice items' explanations are, one citation used by many parts is one entry to
translate; the ``#.`` comments name the exercise and part(s) each text explains. Stale works as in the
interface catalogs: an English text that changed keeps its old translation flagged ``#, fuzzy``, unused
until a translator revises it.

Run from the workbook folder::

    python -m ctie_helpers.i18n.graded update   # new texts added empty, changed ones marked fuzzy
    python -m ctie_helpers.i18n.graded status   # per language: texts, missing, fuzzy (exit 1 if any)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_FILE
from ctie_helpers.i18n.catalogs import cli, per_language, refresh, save, untranslated
from ctie_helpers.i18n.choice import LANGUAGES, normalize
from ctie_helpers.paths import NOTEBOOKS_DIR

__all__ = ["GradedStatus", "catalog_path", "explanation_files", "extract", "status", "translations_for", "update"]


def explanation_files(root: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Every session's facilitator-side ``graded_explanations.json``."""
    return sorted(root.glob(f"session*/{GRADED_EXPLANATIONS_FILE}"))


def catalog_path(source: Path, lang: str) -> Path:
    """The catalog of ``source`` (a ``graded_explanations.json``) in ``lang``: ``graded_explanations.<lang>.po``."""
    source = Path(source)
    return source.with_name(f"{source.stem}.{lang}.po")


def extract(source: Path) -> Catalog:
    """The template catalog of one session: each ``why`` and ``source`` text, commented with its exercise/part."""
    raw = json.loads(Path(source).read_text(encoding="utf-8"))
    label = f"{Path(source).parent.name}/{Path(source).name}"
    template = Catalog(project="CTiE Workbook", domain=Path(source).stem)
    for exercise_id, parts in raw.get("exercises", {}).items():
        for part, rec in parts.items():
            for field, where in (("why", f"{exercise_id} / {part}"), ("source", f"{exercise_id} (source)")):
                text = str(rec.get(field, "")).strip()
                if text:
                    # Catalog.add merges an existing msgid's locations and comments: one entry per text
                    template.add(text, None, [(label, 0)], auto_comments=[where])
    return template


def _read(path: Path, lang: str) -> Catalog:
    if not path.is_file():
        return Catalog(locale=lang, project="CTiE Workbook")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


@cache
def _usable(path: Path, lang: str, mtime_ns: int) -> dict[str, str]:
    return {msg.id: msg.string for msg in _read(path, lang)
            if isinstance(msg.id, str) and msg.id and isinstance(msg.string, str) and msg.string.strip()
            and not msg.fuzzy}


def translations_for(source: Path, lang: str) -> dict[str, str]:
    """``{English text: translation}`` of ``source``'s catalog in ``lang``: translated, not fuzzy entries only.

    English, or no catalog: empty (the feedback keeps the English). Read once per file version.
    """
    code = normalize(lang)
    path = catalog_path(source, code)
    if code == "en" or not path.is_file():
        return {}
    return _usable(path, code, path.stat().st_mtime_ns)


def update(langs: tuple[str, ...] = LANGUAGES[1:], root: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Bring every session's graded catalogs up to its current English texts, each written atomically."""
    written = []
    for source in explanation_files(root):
        template = extract(source)
        for lang in langs:
            path = catalog_path(source, lang)
            # fuzzy matching marks a changed text stale
            written.append(save(refresh(_read(path, lang), template, path), path))
    return written


@dataclass(frozen=True)
class GradedStatus:
    """One session's graded catalog in one language against the session's current English texts."""

    session: str
    lang: str
    strings: int
    missing: tuple[str, ...]  # English texts with no translation
    fuzzy: tuple[str, ...]  # English texts whose translation is stale


def status(langs: tuple[str, ...] = LANGUAGES[1:], root: Path = NOTEBOOKS_DIR) -> list[GradedStatus]:
    """Per session and language, which current English texts lack a translation or have a stale one."""
    out = []
    for source in explanation_files(root):
        template = extract(source)
        for lang in langs:
            missing, fuzzy = untranslated(template, _read(catalog_path(source, lang), lang))
            out.append(GradedStatus(source.parent.name, lang, sum(1 for m in template if m.id),
                                    tuple(missing), tuple(fuzzy)))
    return out


def _summary() -> tuple[list[str], bool]:
    return per_language(status(), "graded explanation texts", lambda s: s.strings)


def main(argv: list[str] | None = None) -> int:
    return cli(argv, "ctie_helpers.i18n.graded", update, _summary)


if __name__ == "__main__":
    raise SystemExit(main())
