"""The CTiE analysis framework: socio-ecological levels, analysis categories, conceptual pathway, factor bank.

Levels follow IOM's Determinants of Migrant Vulnerability model (domain brief 5.1-5.2); the five analysis
categories, the pathway and most example factors are reconstructions, labelled "adapted from IOM practice"
(:data:`PROVENANCE`). Each example factor keeps its own confidence tag (``"V"`` verified DoMV example,
``"R"`` reconstructed), so course text can say which is which.

The level and category keys (``"household"``, ``"risk"``...) are the ones the indicator registry and the
analysis code use to place evidence in the level x category matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import CONFIDENCE, PROVENANCE_ADAPTED, as_frame, check_keys, fail, load_json

__all__ = [
    "PROVENANCE",
    "VALENCES",
    "AnalysisCategory",
    "Factor",
    "Level",
    "PathwayStep",
    "categories",
    "category",
    "common_questions",
    "factor",
    "factor_frame",
    "factors",
    "level",
    "levels",
    "pathway",
]

PROVENANCE = PROVENANCE_ADAPTED
VALENCES = ("risk", "protective", "context-dependent")
_FILE = "framework.json"
_BANK = "factor_bank.json"


@dataclass(frozen=True)
class Factor:
    """One example factor: text, level key, valence, confidence tag and an optional teaching note."""

    id: str
    text: str
    level: str
    valence: str
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Level:
    """A socio-ecological level with its definition and example factors from the factor bank."""

    key: str
    name: str
    definition: str
    confidence: str
    source: str
    risk_factors: tuple[Factor, ...]
    protective_factors: tuple[Factor, ...]
    context_dependent_factors: tuple[Factor, ...]


@dataclass(frozen=True)
class AnalysisCategory:
    """A column of the analysis matrix; ``lens`` links it to the GPC analytical framework logic."""

    number: int
    key: str
    name: str
    description: str
    lens: str


@dataclass(frozen=True)
class PathwayStep:
    """One step of the conceptual pathway, with the matrix categories it informs and its questions."""

    order: int
    key: str
    name: str
    description: str
    categories: tuple[str, ...]
    questions: tuple[str, ...]


@cache
def _raw() -> dict:
    raw = load_json(_FILE)
    check_keys(raw, ("levels", "categories", "pathway", "common_questions", "provenance"), ("about",),
               file=_FILE, entry="top level")
    if raw["provenance"] != PROVENANCE:
        raise fail(_FILE, "provenance", f"must be {PROVENANCE!r}")
    return raw


@cache
def categories() -> tuple[AnalysisCategory, ...]:
    """The five analysis categories, in matrix column order."""
    out = []
    for i, rec in enumerate(_raw()["categories"], start=1):
        check_keys(rec, ("key", "name", "description", "lens"), file=_FILE, entry=f"category {rec.get('key', i)}")
        out.append(AnalysisCategory(i, rec["key"], rec["name"], rec["description"], rec["lens"]))
    if len(out) != 5 or len({c.key for c in out}) != 5:
        raise fail(_FILE, "categories", "expected five categories with unique keys")
    return tuple(out)


@cache
def factors() -> tuple[Factor, ...]:
    """Every factor in the bank, validated (unique ids and texts, known level, valence and tag)."""
    raw = load_json(_BANK)
    check_keys(raw, ("factors", "provenance"), ("about",), file=_BANK, entry="top level")
    if raw["provenance"] != PROVENANCE:
        raise fail(_BANK, "provenance", f"must be {PROVENANCE!r}")
    level_keys = {r["key"] for r in _raw()["levels"]}
    out: list[Factor] = []
    for rec in raw["factors"]:
        entry = rec.get("id", "?") if isinstance(rec, dict) else "?"
        check_keys(rec, ("id", "text", "level", "valence", "source"), ("note",), file=_BANK, entry=entry)
        if rec["level"] not in level_keys:
            raise fail(_BANK, entry, f"level {rec['level']!r} is not one of {sorted(level_keys)}")
        if rec["valence"] not in VALENCES:
            raise fail(_BANK, entry, f"valence {rec['valence']!r} is not one of {VALENCES}")
        if rec["source"] not in CONFIDENCE:
            raise fail(_BANK, entry, f"source tag {rec['source']!r} is not one of {CONFIDENCE}")
        out.append(Factor(**rec))
    for attr in ("id", "text"):
        values = [getattr(f, attr).lower() for f in out]
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            raise fail(_BANK, ", ".join(dupes), f"duplicate factor {attr}")
    return tuple(out)


@cache
def levels() -> tuple[Level, ...]:
    """The four socio-ecological levels, from individual to structural."""
    bank = factors()
    out = []
    for rec in _raw()["levels"]:
        entry = f"level {rec.get('key', '?')}"
        check_keys(rec, ("key", "name", "definition", "confidence", "source"), file=_FILE, entry=entry)
        if rec["confidence"] not in CONFIDENCE:
            raise fail(_FILE, entry, f"confidence {rec['confidence']!r} is not one of {CONFIDENCE}")
        mine = [f for f in bank if f.level == rec["key"]]
        by = {v: tuple(f for f in mine if f.valence == v) for v in VALENCES}
        if not by["risk"] or not by["protective"]:
            raise fail(_BANK, entry, "every level needs example risk and protective factors")
        out.append(Level(**rec, risk_factors=by["risk"], protective_factors=by["protective"],
                         context_dependent_factors=by["context-dependent"]))
    if [lv.key for lv in out] != ["individual", "household", "community", "structural"]:
        raise fail(_FILE, "levels", "expected individual, household, community, structural in that order")
    return tuple(out)


@cache
def pathway() -> tuple[PathwayStep, ...]:
    """The conceptual pathway from pre-crisis vulnerability to assistance, in order."""
    cat_keys = {c.key for c in categories()}
    out = []
    for i, rec in enumerate(_raw()["pathway"], start=1):
        entry = f"pathway step {rec.get('key', i)}"
        check_keys(rec, ("key", "name", "description", "categories", "questions"), file=_FILE, entry=entry)
        unknown = set(rec["categories"]) - cat_keys
        if unknown:
            raise fail(_FILE, entry, f"unknown categories {sorted(unknown)}")
        if not rec["questions"]:
            raise fail(_FILE, entry, "needs at least one analytical question")
        out.append(PathwayStep(i, rec["key"], rec["name"], rec["description"],
                               tuple(rec["categories"]), tuple(rec["questions"])))
    return tuple(out)


def common_questions() -> tuple[str, ...]:
    """The questions asked at every pathway step (what changed, for whom, where, ...)."""
    return tuple(_raw()["common_questions"])


def level(key: str) -> Level:
    """One level by key (``"individual"``, ``"household"``, ``"community"``, ``"structural"``)."""
    for lv in levels():
        if lv.key == key:
            return lv
    raise KeyError(f"no level {key!r}; levels are {[lv.key for lv in levels()]}")


def category(key: str) -> AnalysisCategory:
    """One analysis category by key (``"context"``, ``"risk"``, ``"protective"``, ...)."""
    for c in categories():
        if c.key == key:
            return c
    raise KeyError(f"no category {key!r}; categories are {[c.key for c in categories()]}")


def factor(text: str) -> Factor:
    """Find a factor by its text (case-insensitive), e.g. ``factor("household debt").level``."""
    wanted = text.strip().lower()
    for f in factors():
        if f.text.lower() == wanted:
            return f
    raise KeyError(f"no factor {text!r} in the factor bank")


def factor_frame():
    """The factor bank as a pandas DataFrame (pandas imported only now)."""
    return as_frame(factors())
