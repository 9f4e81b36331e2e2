"""The texts that give graded keys away: every graded item's explanation (``why``), in English and in its
French and Spanish translations, read from the facilitator-side files beside the source notebooks.

Sources (citations) are left out: the same citations explain practice items, which ship.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.pofile import read_po

from ctie_helpers.i18n import graded

__all__ = ["graded_whys"]


def graded_whys(notebooks: Path) -> dict[str, list[str]]:
    """``{"en": [...], "fr": [...], "es": [...]}``: each session's graded explanations and their translations."""
    out: dict[str, list[str]] = {"en": [], "fr": [], "es": []}
    for source in graded.explanation_files(notebooks):
        raw = json.loads(source.read_text(encoding="utf-8"))["exercises"]
        whys = {rec["why"].strip() for parts in raw.values() for rec in parts.values()}
        out["en"] += sorted(whys)
        for lang in ("fr", "es"):
            with graded.catalog_path(source, lang).open("rb") as fh:
                out[lang] += sorted(m.string for m in read_po(fh, locale=lang) if m.id in whys and m.string)
    return out
