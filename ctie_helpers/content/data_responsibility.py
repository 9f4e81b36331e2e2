"""Data-responsibility frameworks and disclosure-control norms for the safeguards material.

IASC data-responsibility principles and sensitivity levels (with the sharing decision each implies),
WHO's ten interviewing recommendations, IOM's data-protection principles, CT red lines, and the numeric
disclosure norms (HDX 3 % global risk, CTDC k = 11 for released records, GLOTiP "<5" for cells) that ``safeguards`` uses as defaults.
Domain brief sections 4.4 and 10.1; lists are paraphrased and carry their source.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import CONFIDENCE, check_keys, fail, load_json

__all__ = [
    "SHARING",
    "Norm",
    "SensitivityLevel",
    "SourcedList",
    "ct_red_lines",
    "disclosure_norm",
    "disclosure_norms",
    "iasc_principles",
    "iom_data_protection_principles",
    "sensitivity_level",
    "sensitivity_levels",
    "who_recommendations",
]

_FILE = "data_responsibility.json"
#: Sharing decisions from most to least open, matching sensitivity low -> severe.
SHARING = ("public", "partners_under_dsa", "restricted", "do_not_share")


@dataclass(frozen=True)
class SourcedList:
    """A list of items (principles, recommendations) with the source it paraphrases."""

    items: tuple[str, ...]
    source: str
    confidence: str


@dataclass(frozen=True)
class SensitivityLevel:
    """A sensitivity level and the sharing decision it implies."""

    rank: int
    key: str
    name: str
    description: str
    sharing: str
    sharing_label: str


@dataclass(frozen=True)
class Norm:
    """A numeric disclosure-control norm with its source; ``marker`` is the printed symbol if any."""

    key: str
    value: float
    unit: str
    label: str
    source: str
    year: int
    confidence: str
    marker: str | None = None


@cache
def _raw() -> dict:
    keys = ("iasc", "sensitivity", "who", "iom_data_protection", "red_lines", "disclosure_norms")
    return dict(check_keys(load_json(_FILE), keys, ("about",), file=_FILE, entry="top level"))


def _list(section: str, field: str, expected: int | None) -> SourcedList:
    rec = _raw()[section]
    if rec.get("confidence") not in CONFIDENCE or not rec.get("source"):
        raise fail(_FILE, section, "needs a source and a confidence tag")
    items = tuple(rec[field])
    if expected is not None and len(items) != expected:
        raise fail(_FILE, section, f"expected {expected} items, found {len(items)}")
    return SourcedList(items, rec["source"], rec["confidence"])


@cache
def iasc_principles() -> SourcedList:
    """The twelve IASC data-responsibility principles (2021/2023)."""
    return _list("iasc", "principles", 12)


@cache
def who_recommendations() -> SourcedList:
    """WHO's ten ethical and safety recommendations for interviewing trafficked women (2003)."""
    return _list("who", "recommendations", 10)


@cache
def iom_data_protection_principles() -> SourcedList:
    """The thirteen IOM data-protection principles (IOM Data Protection Manual, 2010)."""
    return _list("iom_data_protection", "principles", 13)


@cache
def ct_red_lines() -> SourcedList:
    """Counter-trafficking do-no-harm red lines (adapted from IOM practice)."""
    return _list("red_lines", "items", None)


@cache
def sensitivity_levels() -> tuple[SensitivityLevel, ...]:
    """Low, moderate, high, severe, each with its sharing decision."""
    out = []
    for i, rec in enumerate(_raw()["sensitivity"]["levels"], start=1):
        entry = f"sensitivity {rec.get('key', i)}"
        check_keys(rec, ("key", "name", "description", "sharing", "sharing_label"), file=_FILE, entry=entry)
        if rec["sharing"] != SHARING[i - 1]:
            raise fail(_FILE, entry, f"sharing {rec['sharing']!r}, expected {SHARING[i - 1]!r}")
        out.append(SensitivityLevel(rank=i, **rec))
    if [s.key for s in out] != ["low", "moderate", "high", "severe"]:
        raise fail(_FILE, "sensitivity", "expected low, moderate, high, severe in that order")
    return tuple(out)


def sensitivity_level(key: str) -> SensitivityLevel:
    """One sensitivity level by key (``"low"`` ... ``"severe"``)."""
    for s in sensitivity_levels():
        if s.key == key:
            return s
    raise KeyError(f"no sensitivity level {key!r}; levels are low, moderate, high, severe")


@cache
def disclosure_norms() -> tuple[Norm, ...]:
    """Numeric disclosure-control norms, each with source, year and confidence tag."""
    out = []
    for rec in _raw()["disclosure_norms"]:
        entry = rec.get("key", "?") if isinstance(rec, dict) else "?"
        check_keys(rec, ("key", "value", "unit", "label", "source", "year", "confidence"), ("marker",),
                   file=_FILE, entry=entry)
        if rec["confidence"] not in CONFIDENCE:
            raise fail(_FILE, entry, f"confidence {rec['confidence']!r} is not one of {CONFIDENCE}")
        out.append(Norm(**rec))
    return tuple(out)


def disclosure_norm(key: str) -> Norm:
    """One disclosure norm by key, e.g. ``disclosure_norm("hdx_global_risk").value == 0.03``."""
    for n in disclosure_norms():
        if n.key == key:
            return n
    raise KeyError(f"no disclosure norm {key!r}; keys are {[n.key for n in disclosure_norms()]}")
