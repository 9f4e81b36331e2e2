"""Why trafficking is hard to measure: the methodological checklist and MSE (domain brief 3.4)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import CONFIDENCE, check_keys, fail, load_json

__all__ = ["Challenge", "MseExample", "challenges", "mse_assumptions", "mse_examples"]

_FILE = "challenges.json"


@dataclass(frozen=True)
class Challenge:
    """One methodological challenge, with its confidence tag."""

    key: str
    title: str
    description: str
    confidence: str


@dataclass(frozen=True)
class MseExample:
    """A published MSE application, with its source."""

    key: str
    text: str
    source: str
    confidence: str


@cache
def _raw() -> dict:
    raw = check_keys(load_json(_FILE), ("challenges", "mse"), ("about",), file=_FILE, entry="top level")
    check_keys(raw["mse"], ("definition", "assumptions", "assumptions_source", "examples"), file=_FILE, entry="mse")
    return dict(raw)


def _tagged(rec: dict, entry: str) -> None:
    if rec["confidence"] not in CONFIDENCE:
        raise fail(_FILE, entry, f"confidence {rec['confidence']!r} is not one of {CONFIDENCE}")


@cache
def challenges() -> tuple[Challenge, ...]:
    """The measurement challenges as a checklist."""
    out = []
    for rec in _raw()["challenges"]:
        entry = rec.get("key", "?")
        check_keys(rec, ("key", "title", "description", "confidence"), file=_FILE, entry=entry)
        _tagged(rec, entry)
        out.append(Challenge(**rec))
    return tuple(out)


def mse_assumptions() -> tuple[str, ...]:
    """The assumptions MSE relies on (quiz material)."""
    return tuple(_raw()["mse"]["assumptions"])


@cache
def mse_examples() -> tuple[MseExample, ...]:
    """Published MSE applications to trafficking, each with its source."""
    out = []
    for rec in _raw()["mse"]["examples"]:
        entry = rec.get("key", "?")
        check_keys(rec, ("key", "text", "source", "confidence"), file=_FILE, entry=entry)
        _tagged(rec, entry)
        out.append(MseExample(**rec))
    return tuple(out)
