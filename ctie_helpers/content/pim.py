"""Protection Information Management: definition, the eight principles, the PIM Matrix, the PIM Process.

Principle names and matrix category names are the PIM Initiative's (domain brief 4.2-4.3, verified);
the one-line paraphrases, safeguards and descriptions are our own words. Each principle links to the
agenda point of session 2 that teaches it (2.3-2.10).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import as_frame, check_keys, fail, load_json

__all__ = [
    "Definition",
    "MatrixCategory",
    "Principle",
    "ProcessStep",
    "core_competencies",
    "matrix",
    "matrix_category",
    "matrix_frame",
    "matrix_rule",
    "pim_definition",
    "principle",
    "principles",
    "principles_frame",
    "process",
]

_FILE = "pim.json"


@dataclass(frozen=True)
class Definition:
    """A definition with its source and year."""

    text: str
    source: str
    year: int


@dataclass(frozen=True)
class Principle:
    """One PIM principle: number, name, paraphrase, practical safeguard, teaching agenda point."""

    number: int
    name: str
    paraphrase: str
    safeguard: str
    agenda_point: str
    earlier_name: str | None = None


@dataclass(frozen=True)
class MatrixCategory:
    """One PIM Matrix category: what the system does, examples, and the CT data it can yield."""

    key: str
    name: str
    description: str
    examples: tuple[str, ...]
    ct_data: tuple[str, ...]


@dataclass(frozen=True)
class ProcessStep:
    """One of the four PIM Process steps, in order."""

    order: int
    key: str
    name: str
    description: str


@cache
def _raw() -> dict:
    return dict(check_keys(
        load_json(_FILE),
        ("definition", "initiative", "principles_source", "principles", "core_competencies",
         "matrix_source", "matrix_rule", "matrix", "process_source", "process"),
        ("about",), file=_FILE, entry="top level",
    ))


def pim_definition() -> Definition:
    """The PIM definition (PIM Fact Sheet, 2016), paraphrased, with its source."""
    rec = check_keys(_raw()["definition"], ("text", "source", "year"), file=_FILE, entry="definition")
    return Definition(rec["text"], rec["source"], rec["year"])


@cache
def principles() -> tuple[Principle, ...]:
    """The eight PIM principles in their published order."""
    out = []
    for i, rec in enumerate(_raw()["principles"], start=1):
        entry = f"principle {rec.get('name', i)}"
        check_keys(rec, ("name", "paraphrase", "safeguard", "agenda_point"), ("earlier_name",), file=_FILE, entry=entry)
        if rec["agenda_point"] != f"2.{i + 2}":
            # Session 2 teaches the principles in published order as agenda points 2.3-2.10.
            raise fail(_FILE, entry, f"agenda_point {rec['agenda_point']!r}, expected '2.{i + 2}'")
        out.append(Principle(number=i, **rec))
    if len(out) != 8:
        raise fail(_FILE, "principles", f"expected 8 principles, found {len(out)}")
    return tuple(out)


def principle(name_or_number: str | int) -> Principle:
    """One principle by number (1-8) or name (case-insensitive)."""
    for p in principles():
        if name_or_number == p.number or str(name_or_number).strip().lower() == p.name.lower():
            return p
    raise KeyError(f"no PIM principle {name_or_number!r}")


def core_competencies() -> tuple[str, ...]:
    """The four PIM core competency areas."""
    return tuple(_raw()["core_competencies"])


@cache
def matrix() -> tuple[MatrixCategory, ...]:
    """The eight PIM Matrix categories of data and IM systems."""
    out = []
    for rec in _raw()["matrix"]:
        entry = f"matrix {rec.get('key', '?')}"
        check_keys(rec, ("key", "name", "description", "examples", "ct_data"), file=_FILE, entry=entry)
        if not rec["ct_data"]:
            raise fail(_FILE, entry, "needs at least one example of CT data")
        out.append(MatrixCategory(rec["key"], rec["name"], rec["description"],
                                  tuple(rec["examples"]), tuple(rec["ct_data"])))
    if len(out) != 8 or len({c.key for c in out}) != 8:
        raise fail(_FILE, "matrix", "expected 8 categories with unique keys")
    return tuple(out)


def matrix_category(key: str) -> MatrixCategory:
    """One PIM Matrix category by key (``"case_management"``) or name."""
    for c in matrix():
        if key in (c.key, c.name) or key.lower() == c.name.lower():
            return c
    raise KeyError(f"no PIM Matrix category {key!r}; keys are {[c.key for c in matrix()]}")


def matrix_rule() -> str:
    """The matrix's key teaching rule: no system does everything; add CT to existing systems."""
    return _raw()["matrix_rule"]


@cache
def process() -> tuple[ProcessStep, ...]:
    """The four PIM Process steps in their prescribed order."""
    out = []
    for i, rec in enumerate(_raw()["process"], start=1):
        check_keys(rec, ("key", "name", "description"), file=_FILE, entry=f"process step {i}")
        out.append(ProcessStep(i, rec["key"], rec["name"], rec["description"]))
    if len(out) != 4:
        raise fail(_FILE, "process", f"expected 4 steps, found {len(out)}")
    return tuple(out)


def principles_frame():
    """The principles as a pandas DataFrame (pandas imported only now)."""
    return as_frame(principles())


def matrix_frame():
    """The PIM Matrix as a pandas DataFrame (pandas imported only now)."""
    return as_frame(matrix())
