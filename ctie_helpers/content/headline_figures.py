"""Headline figures for session 1, each with value, unit, label, source, reference year and edition.

Domain brief 3.1-3.3: ILO/Walk Free/IOM Global Estimates of Modern Slavery (2017 and 2022 editions),
UNODC Global Reports on Trafficking in Persons (2020, 2022, 2024) and CTDC. ``year`` is the year the
figure describes; ``edition`` the publication that reports it (quiz item 10: 40.3 million refers to
2016, from the 2017 edition). Figures tagged ``"K"`` are background knowledge: re-check before quoting
in a graded answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import CONFIDENCE, as_frame, check_keys, fail, load_json

__all__ = ["Figure", "figure", "figures", "figures_frame"]

_FILE = "figures.json"
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Figure:
    """One sourced figure; ``section`` is the domain-brief section it comes from."""

    key: str
    value: float
    unit: str
    label: str
    source: str
    year: int
    edition: str
    confidence: str
    section: str
    note: str | None = None

    def __str__(self) -> str:
        return f"{self.label}: {self.value:,} {self.unit} ({self.year}; {self.source}, {self.edition})"


@cache
def _raw() -> dict:
    return dict(check_keys(load_json(_FILE), ("figures", "contrast"), ("about",), file=_FILE, entry="top level"))


@cache
def figures() -> tuple[Figure, ...]:
    """All headline figures, validated (unique keys, numeric value, source, plausible year, tag)."""
    out: list[Figure] = []
    seen: set[str] = set()
    for rec in _raw()["figures"]:
        entry = rec.get("key", "?") if isinstance(rec, dict) else "?"
        check_keys(rec, ("key", "value", "unit", "label", "source", "year", "edition", "confidence", "section"),
                   ("note",), file=_FILE, entry=entry)
        if not _KEY.match(entry) or entry in seen:
            raise fail(_FILE, entry, "key must be unique snake_case")
        seen.add(entry)
        if isinstance(rec["value"], bool) or not isinstance(rec["value"], int | float):
            raise fail(_FILE, entry, f"value {rec['value']!r} is not a number")
        if not (isinstance(rec["year"], int) and 2000 <= rec["year"] <= 2030):
            raise fail(_FILE, entry, f"year {rec['year']!r} is not a year")
        if not rec["source"].strip() or not rec["edition"].strip():
            raise fail(_FILE, entry, "needs a source and an edition")
        if rec["confidence"] not in CONFIDENCE:
            raise fail(_FILE, entry, f"confidence {rec['confidence']!r} is not one of {CONFIDENCE}")
        out.append(Figure(**rec))
    return tuple(out)


def figure(key: str) -> Figure:
    """One figure by key, e.g. ``figure("gems2022_total").value == 49.6``."""
    for f in figures():
        if f.key == key:
            return f
    raise KeyError(f"no figure {key!r}")


def figures_frame():
    """The figures as a pandas DataFrame (pandas imported only now)."""
    return as_frame(figures())
