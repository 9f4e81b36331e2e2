"""The knowledge checks that open and close each session, as content data.

One file per session, ``data/knowledge_checks/session<N>.json``: five constructs (what the session
teaches), each measured by a *before* item (the check at the top of the session's first notebook) and a
parallel *after* item (the check at the end of its last notebook): same construct, different item::

    {"about": "...",
     "constructs": [
        {"id": "amp_elements", "name": "The three elements of trafficking of an adult",
         "before": {"question": "...", "key": "b",
                    "options": {"a": {"text": "...", "why": "One or two sentences.", "source": "CTiE IM Guide, ch. 2"},
                                ...}},
         "after": {...}},
        ...]}

Every option carries why it is right or a tempting mistake and the source it rests on, as the exercise
explanations do (:mod:`.explanations`). The checks are not graded, so their keys live here: the
facilitator dashboard scores the saved answers against them (before/after gain per session).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from ctie_helpers.content._base import DATA_DIR, check_keys, fail, load_json
from ctie_helpers.content.explanations import Explanation, _sentences

__all__ = ["CONSTRUCTS", "WHEN", "CheckItem", "Construct", "check_id", "check_key", "constructs", "parse_check_id",
           "sessions_with_checks"]

_DIR = "knowledge_checks"
#: Constructs per session, and the two moments each is measured.
CONSTRUCTS = 5
WHEN = ("before", "after")
_ID = re.compile(r"s(\d+)_check_(before|after)")
_MAX_CHARS = 420


@dataclass(frozen=True)
class CheckItem:
    """One question: its text, options ``{id: label}``, the right option and every option's explanation."""

    question: str
    options: Mapping[str, str]
    key: str
    why: Mapping[str, Explanation]


@dataclass(frozen=True)
class Construct:
    """What one pair of parallel items measures."""

    id: str
    name: str
    before: CheckItem
    after: CheckItem

    def item(self, when: str) -> CheckItem:
        """The ``before`` or ``after`` item."""
        return self.before if when == "before" else self.after


def check_id(session: int, when: str) -> str:
    """The exercise id of a session's check: ``s<N>_check_before`` or ``s<N>_check_after``."""
    if when not in WHEN:
        raise ValueError(f"when must be one of {WHEN}, not {when!r}")
    return f"s{session}_check_{when}"


def parse_check_id(exercise_id: str) -> tuple[int, str] | None:
    """``(session, when)`` for a knowledge-check id, else ``None``."""
    m = _ID.fullmatch(exercise_id)
    return (int(m.group(1)), m.group(2)) if m else None


def _item(name: str, entry: str, raw: object) -> CheckItem:
    rec = check_keys(raw, ("question", "options", "key"), file=name, entry=entry)
    question = str(rec["question"]).strip()
    options, why = {}, {}
    if not question:
        raise fail(name, entry, "the question is empty")
    if not isinstance(rec["options"], Mapping) or not 3 <= len(rec["options"]) <= 4:
        raise fail(name, entry, "expected 3 or 4 options, each {text, why, source}")
    for oid, opt in rec["options"].items():
        where = f"{entry} / option {oid!r}"
        check_keys(opt, ("text", "why", "source"), file=name, entry=where)
        text, reason, source = (str(opt[k]).strip() for k in ("text", "why", "source"))
        if not text or not reason or not source:
            raise fail(name, where, "'text', 'why' and 'source' must all be filled in")
        if len(reason) > _MAX_CHARS or _sentences(reason) > 2:
            raise fail(name, where, f"keep 'why' to one or two sentences (at most {_MAX_CHARS} characters)")
        options[str(oid)], why[str(oid)] = text, Explanation(reason, source)
    if rec["key"] not in options:
        raise fail(name, entry, f"key {rec['key']!r} is not one of the options")
    return CheckItem(question, MappingProxyType(options), str(rec["key"]), MappingProxyType(why))


@cache
def constructs(session: int) -> tuple[Construct, ...]:
    """The session's five constructs with their before and after items, validated.

    Raises
    ------
    ValueError
        Naming the file and entry: a missing file, not five constructs, a duplicate id, a missing or
        unknown key, an option without its explanation or source, a key that is not an option.
    """
    name = f"{_DIR}/session{session}.json"
    raw = check_keys(load_json(name), ("constructs",), ("about",), file=name, entry="top level")
    if not isinstance(raw["constructs"], list) or len(raw["constructs"]) != CONSTRUCTS:
        raise fail(name, "constructs", f"expected a list of {CONSTRUCTS} constructs")
    out: list[Construct] = []
    for n, rec in enumerate(raw["constructs"], start=1):
        check_keys(rec, ("id", "name", *WHEN), file=name, entry=f"construct {n}")
        cid = str(rec["id"])
        if not re.fullmatch(r"[a-z0-9_]+", cid) or cid in {c.id for c in out}:
            raise fail(name, f"construct {n}", f"id {cid!r} must be unique, lower case, digits and _")
        out.append(Construct(cid, str(rec["name"]), *(_item(name, f"{cid} / {w}", rec[w]) for w in WHEN)))
    return tuple(out)


def check_key(session: int, when: str) -> dict[str, str]:
    """The key of one check in its saved form: ``{construct id: right option id}``."""
    return {c.id: c.item(when).key for c in constructs(session)}


def sessions_with_checks() -> tuple[int, ...]:
    """The sessions that have a knowledge-check file."""
    found = (re.fullmatch(r"session(\d+)\.json", p.name) for p in (DATA_DIR / _DIR).glob("session*.json"))
    return tuple(sorted(int(m.group(1)) for m in found if m))
