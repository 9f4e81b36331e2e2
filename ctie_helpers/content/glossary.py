"""The course's terms in English, French and Spanish (``data/glossary.json``), with their sources.

Legal terms follow the official French and Spanish texts of the UN Trafficking and Smuggling Protocols
(traite des personnes / trata de personas; trafic illicite de migrants / tráfico ilícito de migrantes).
A term not confirmed from a published source carries ``review=True`` and a note, so a translator knows
which words to check; ``forbidden`` lists variants a translation must not use for the term.

Two optional keys keep the terminology check honest rather than noisy: ``accepted`` lists other forms of
the term a translation may use (a singular, a feminine: « animatrice » for "facilitator"), and
``polysemous`` says, for an English word with everyday senses besides the term ("means" the verb,
"purpose" as in the PIM principle « finalité définie », "round" as in rounding), why its presence in an
English string does not require the term in the translation (forbidden variants are still checked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ctie_helpers.content._base import check_keys, fail, load_json

__all__ = ["Term", "glossary", "term"]

_FILE = "glossary.json"
_LANGS = ("en", "fr", "es")


@dataclass(frozen=True)
class Term:
    """One term: its words in each language, where they come from, and what must not be used instead."""

    id: str
    en: str
    fr: str
    es: str
    source: str
    review: bool
    note: str
    forbidden: dict[str, tuple[str, ...]]
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    polysemous: str = ""

    def word(self, lang: str) -> str:
        return str(getattr(self, lang))

    def forms(self, lang: str) -> tuple[str, ...]:
        """The term's word in ``lang`` and the other forms a translation may use for it."""
        return (self.word(lang), *self.accepted.get(lang, ()))


@cache
def glossary() -> tuple[Term, ...]:
    """Every term, validated: unique ids, all three languages, a known source, a note on each term to review."""
    raw = check_keys(load_json(_FILE), ("terms", "sources"), ("about",), file=_FILE, entry="top level")
    out = []
    for rec in raw["terms"]:
        entry = rec.get("id", "?")
        check_keys(rec, ("id", *_LANGS, "source", "review", "note", "forbidden"), ("accepted", "polysemous"),
                   file=_FILE, entry=entry)
        if rec["source"] not in raw["sources"]:
            raise fail(_FILE, entry, f"source {rec['source']!r} is not one of {', '.join(raw['sources'])}")
        if any(not str(rec[lang]).strip() for lang in _LANGS):
            raise fail(_FILE, entry, "needs a word in en, fr and es")
        if rec["review"] and not rec["note"].strip():
            raise fail(_FILE, entry, "a term marked for review needs a note saying what to check")
        if set(rec["forbidden"]) - {"fr", "es"}:
            raise fail(_FILE, entry, "forbidden variants are listed per language: fr, es")
        if set(rec.get("accepted", {})) - {"fr", "es"}:
            raise fail(_FILE, entry, "accepted forms are listed per language: fr, es")
        out.append(Term(**{**rec, "forbidden": {k: tuple(v) for k, v in rec["forbidden"].items()},
                           "accepted": {k: tuple(v) for k, v in rec.get("accepted", {}).items()}}))
    ids = [t.id for t in out]
    if len(set(ids)) != len(ids):
        raise fail(_FILE, "id", "duplicate entries")
    return tuple(out)


def term(key: str) -> Term:
    """One term by id."""
    for t in glossary():
        if t.id == key:
            return t
    raise KeyError(f"no glossary term {key!r}")
