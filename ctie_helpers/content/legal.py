"""Trafficking in persons in law: Palermo elements, the child exception, consent, and smuggling.

Domain brief 2.1-2.3, paraphrased for teaching. :func:`is_trafficking` applies Art. 3 to a case
described by its elements, and is checked against the criteria table the brief gives as a grading key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import check_keys, fail, load_json

__all__ = [
    "ELEMENTS",
    "Comparison",
    "Criterion",
    "Element",
    "child_age",
    "comparison",
    "consent_assent",
    "criteria",
    "element",
    "is_trafficking",
    "legal_text",
    "other_purposes",
    "protocol",
    "smuggling",
]

ELEMENTS = ("act", "means", "purpose")
_FILE = "legal.json"


@dataclass(frozen=True)
class Element:
    """One element of the adult definition: key, the question it answers, its listed items."""

    key: str
    question: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Criterion:
    """One row of the child/adult criteria table; ``None`` means the element does not matter."""

    victim: str
    act: bool
    means: bool | None
    purpose: bool | None
    trafficking: bool
    note: str


@dataclass(frozen=True)
class Comparison:
    """One dimension of the trafficking-versus-smuggling comparison."""

    dimension: str
    smuggling: str
    trafficking: str


@cache
def _raw() -> dict:
    keys = ("protocol", "elements", "purpose_is_minimum", "other_purposes", "other_purposes_confidence", "child_age",
            "child_exception", "consent_irrelevance", "intent_suffices", "criteria", "sdg_hooks", "consent_assent",
            "smuggling", "comparison", "overlap")
    raw = dict(check_keys(load_json(_FILE), keys, ("about",), file=_FILE, entry="top level"))
    if tuple(raw["elements"]) != ELEMENTS:
        raise fail(_FILE, "elements", f"expected {ELEMENTS} in that order")
    if raw["child_age"] != 18:
        raise fail(_FILE, "child_age", "a child is anyone under 18 (Art. 3(d))")
    return raw


def protocol() -> dict[str, str]:
    """Facts about the Protocol: full name, adoption, entry into force, source."""
    return dict(_raw()["protocol"])


@cache
def element(key: str) -> Element:
    """The ``"act"``, ``"means"`` or ``"purpose"`` element with its items."""
    if key not in ELEMENTS:
        raise KeyError(f"no element {key!r}; elements are {ELEMENTS}")
    rec = check_keys(_raw()["elements"][key], ("question", "items"), file=_FILE, entry=f"element {key}")
    return Element(key, rec["question"], tuple(rec["items"]))


def other_purposes() -> tuple[str, ...]:
    """Forms recorded beyond the Protocol's minimum list (national law, UNODC)."""
    return tuple(_raw()["other_purposes"])


def child_age() -> int:
    """Age below which a person is a child under the Protocol: 18."""
    return _raw()["child_age"]


def legal_text(key: str) -> str:
    """A teaching statement: ``child_exception``, ``consent_irrelevance``, ``intent_suffices``,
    ``purpose_is_minimum`` or ``overlap``."""
    if key not in ("child_exception", "consent_irrelevance", "intent_suffices", "purpose_is_minimum", "overlap"):
        raise KeyError(f"no legal statement {key!r}")
    return _raw()[key]


def is_trafficking(*, age: int | None, act: bool, means: bool, purpose: bool) -> bool:
    """Apply Art. 3: act and purpose always; means too unless the person is a child (under 18).

    ``age=None`` (unknown) is treated as an adult, so a means is required: the conservative reading.
    """
    if not (act and purpose):
        return False
    return bool(means) or (age is not None and age < child_age())


@cache
def criteria() -> tuple[Criterion, ...]:
    """The child/adult criteria table (a grading key), checked against :func:`is_trafficking`."""
    out = []
    for i, rec in enumerate(_raw()["criteria"], start=1):
        entry = f"criteria row {i}"
        check_keys(rec, ("victim", "act", "means", "purpose", "trafficking", "note"), file=_FILE, entry=entry)
        row = Criterion(**rec)
        age = 17 if row.victim.startswith("Child") else 30
        got = is_trafficking(age=age, act=row.act, means=bool(row.means), purpose=bool(row.purpose))
        if got != row.trafficking:
            raise fail(_FILE, entry, f"says trafficking={row.trafficking}, but Art. 3 gives {got}")
        out.append(row)
    return tuple(out)


def consent_assent() -> dict[str, str]:
    """Consent, assent, guardian-implicated cases, and legal versus research consent."""
    return {k: v for k, v in _raw()["consent_assent"].items() if k != "confidence"}


def smuggling() -> dict[str, str]:
    """The Smuggling Protocol's definition and facts."""
    return {k: v for k, v in _raw()["smuggling"].items() if k != "confidence"}


@cache
def comparison() -> tuple[Comparison, ...]:
    """Trafficking versus smuggling, dimension by dimension (auto-gradable)."""
    out = []
    for rec in _raw()["comparison"]:
        check_keys(rec, ("dimension", "smuggling", "trafficking"), file=_FILE, entry=rec.get("dimension", "?"))
        out.append(Comparison(**rec))
    return tuple(out)
