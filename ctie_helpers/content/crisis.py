"""Trafficking in emergencies: evidence base, typology of crisis-related trafficking, risk mechanisms.

Domain brief 2.4 (Guide section 2.3). The typology and mechanisms are reconstructions, labelled
"adapted from IOM practice"; the evidence statements carry their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import PROVENANCE_ADAPTED, check_keys, fail, load_json

__all__ = ["PROVENANCE", "CrisisType", "SourcedStatement", "evidence", "mechanisms", "typology"]

PROVENANCE = PROVENANCE_ADAPTED
_FILE = "crisis.json"


@dataclass(frozen=True)
class CrisisType:
    """One type of crisis-related trafficking."""

    number: int
    key: str
    name: str
    description: str


@dataclass(frozen=True)
class SourcedStatement:
    """A statement in our own words with its source and year."""

    text: str
    source: str
    year: int
    confidence: str


@cache
def _raw() -> dict:
    raw = check_keys(load_json(_FILE), ("provenance", "evidence", "trend", "typology", "mechanisms"), ("about",),
                     file=_FILE, entry="top level")
    if raw["provenance"] != PROVENANCE:
        raise fail(_FILE, "provenance", f"must be {PROVENANCE!r}")
    return dict(raw)


def evidence() -> tuple[SourcedStatement, ...]:
    """The IOM 2015 evidence base and the UNODC 2024 trend statement."""
    out = []
    for key in ("evidence", "trend"):
        rec = check_keys(_raw()[key], ("text", "source", "year", "confidence"), file=_FILE, entry=key)
        out.append(SourcedStatement(**rec))
    return tuple(out)


@cache
def typology() -> tuple[CrisisType, ...]:
    """Five types of crisis-related trafficking (adapted from IOM practice)."""
    out = []
    for i, rec in enumerate(_raw()["typology"], start=1):
        check_keys(rec, ("key", "name", "description"), file=_FILE, entry=f"typology {rec.get('key', i)}")
        out.append(CrisisType(i, rec["key"], rec["name"], rec["description"]))
    return tuple(out)


def mechanisms() -> tuple[str, ...]:
    """Crisis mechanisms that raise trafficking risk."""
    return tuple(_raw()["mechanisms"])
