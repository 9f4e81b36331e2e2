"""Explanations of every option and statement of the course's exercises, as content data.

One file per session, ``data/explanations/session<N>.json``::

    {"about": "...",
     "exercises": {
        "s1_ts_case": {
            "<option or statement id>": {"why": "One or two sentences.", "source": "CTiE IM Guide, ch. 2"},
            ...}}}

The part id is the option id of a choice or multi-select item, the statement id of a sorting item and
the left-hand id of a matching item; items built from plain strings use the exact text as id. ``why``
says why that part is right or why it is a tempting mistake, in our own words; ``source`` names the
Guide chapter or other source it rests on. Practice widgets show them as feedback; after ``ctie grade``
the feedback lists them for every part a trainee got wrong.

Only practice items' explanations ship in the package. A graded item's explanations would give its
key away, so they live on the facilitator's side, in ``notebooks/<session>/graded_explanations.json``
beside the source notebooks (same format, read by :func:`read_explanations_file`). Their French and Spanish
translations sit beside it (:data:`GRADED_EXPLANATIONS_CATALOGS`). The release never
copies these files (``nbgrader_config.py`` ignores them, :mod:`ctie_helpers.facilitator.release` checks);
``ctie grade`` points the grading kernels at it (:data:`ctie_helpers.grading.explained.GRADED_EXPLANATIONS_ENV`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from ctie_helpers.content._base import DATA_DIR, check_keys, fail, load_json

__all__ = [
    "GRADED_EXPLANATIONS_CATALOGS",
    "GRADED_EXPLANATIONS_FILE",
    "Explanation",
    "explanations",
    "for_exercise",
    "read_explanations_file",
    "sessions_with_explanations",
]

#: The facilitator-side file of a session's graded items' explanations, beside its source notebooks.
GRADED_EXPLANATIONS_FILE = "graded_explanations.json"
#: Their French and Spanish translations beside it (``graded_explanations.fr.po``, :mod:`ctie_helpers.i18n.graded`):
#: they give the keys away as the English does, so everything that keeps the file out keeps these out too.
GRADED_EXPLANATIONS_CATALOGS = "graded_explanations.*.po"

_DIR = "explanations"
_MAX_CHARS = 420
# A sentence ends at . ! or ? followed by a space and a capital letter or digit; abbreviations such
# as "Art. 3", "ch. 2" or "e.g. ILO" do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_ABBREVIATIONS = re.compile(r"\b(?:Art|Arts|ch|para|p|pp|e\.g|i\.e|etc|cf|vs)\.", re.IGNORECASE)


@dataclass(frozen=True)
class Explanation:
    """Why one option or statement is right, or why it is a tempting mistake, and its source."""

    why: str
    source: str

    def __str__(self) -> str:
        return f"{self.why} ({self.source})"


def _sentences(text: str) -> int:
    return len([s for s in _SENTENCE_END.split(_ABBREVIATIONS.sub("ABBR", text.strip())) if s])


@cache
def explanations(session: int) -> Mapping[str, Mapping[str, Explanation]]:
    """The explanations of one session, validated: ``{exercise id: {part id: Explanation}}``.

    Raises
    ------
    ValueError
        Naming the file, exercise and part, for a missing file, a wrong key, an empty or overlong
        text, more than two sentences, a missing source or an exercise of another session.
    """
    name = f"{_DIR}/session{session}.json"
    return _validated(load_json(name), name, session)


def read_explanations_file(path: Path, session: int) -> Mapping[str, Mapping[str, Explanation]]:
    """A session's explanations from a file outside the package (the facilitator's graded ones).

    Validated as the package's files are; an absent file gives an empty mapping (a course whose graded
    items have no explanations yet still grades).

    Raises
    ------
    ValueError
        Naming the file, exercise and part, as :func:`explanations` does, or a file that is not JSON.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return MappingProxyType({})
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(str(path), f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
    return _validated(raw, str(path), session)


def _validated(data: object, name: str, session: int) -> Mapping[str, Mapping[str, Explanation]]:
    raw = check_keys(data, ("exercises",), ("about",), file=name, entry="top level")
    out: dict[str, Mapping[str, Explanation]] = {}
    for exercise_id, parts in raw["exercises"].items():
        if not exercise_id.startswith(f"s{session}_"):
            raise fail(name, exercise_id, f"belongs to another session (ids here start with s{session}_)")
        if not isinstance(parts, Mapping) or not parts:
            raise fail(name, exercise_id, "expected an object of part id -> explanation")
        done: dict[str, Explanation] = {}
        for part, rec in parts.items():
            entry = f"{exercise_id} / {part!r}"
            check_keys(rec, ("why", "source"), file=name, entry=entry)
            why, source = str(rec["why"]).strip(), str(rec["source"]).strip()
            if not why or not source:
                raise fail(name, entry, "'why' and 'source' must both be filled in")
            if len(why) > _MAX_CHARS or _sentences(why) > 2:
                raise fail(name, entry, f"keep 'why' to one or two sentences (at most {_MAX_CHARS} characters)")
            done[str(part)] = Explanation(why, source)
        out[exercise_id] = MappingProxyType(done)
    return MappingProxyType(out)


def sessions_with_explanations() -> tuple[int, ...]:
    """The sessions that have an explanations file."""
    found = (re.fullmatch(r"session(\d+)\.json", p.name) for p in (DATA_DIR / _DIR).glob("session*.json"))
    return tuple(sorted(int(m.group(1)) for m in found if m))


def for_exercise(exercise_id: str) -> Mapping[str, Explanation]:
    """The packaged (practice) explanations of one exercise by part id; empty when it has none."""
    m = re.match(r"s(\d+)_", exercise_id)
    if not m or int(m.group(1)) not in sessions_with_explanations():
        return MappingProxyType({})
    return explanations(int(m.group(1))).get(exercise_id, MappingProxyType({}))
