"""The live sessions' plans, as data: segments with minutes, messages, misconceptions, prompts, breakouts.

One file per session, ``data/facilitator/session<N>.json``, written by the course team in our own words.
A plan holds only what no other registry holds: timing, key messages, misconceptions and prompts, and the
Ardania breakout. Facts that other registries own are *referenced*, never retyped: a segment names its
agenda points (the Guide chapter and sections are read from the curriculum), its notebook by stem (title
and minutes are read from the notebook), its exercise ids, and the registry entries it shows (``show``:
``pim_principles``, ``pim_matrix``, ``pim_process``, ``framework_levels``, ``framework_categories``,
``indicator:IND-10``, ``figure:gems2022_total``). :mod:`ctie_helpers.facilitator.guides` renders them.

The before/after knowledge checks are named in ``knowledge_checks`` and must be ``s<N>_check_before`` and
``s<N>_check_after`` (the exercises issue fixes those ids); the guide tests accept them by that name
while their factories are not yet in ``ctie_helpers.exercises``, and check them like any other id once
they are.

Examples
--------
>>> from ctie_helpers.content.facilitation import plan
>>> sum(s.minutes for s in plan(2).segments)
120
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ctie_helpers.content._base import check_keys, fail, load_json
from ctie_helpers.content.agenda import EXERCISE_ID

__all__ = ["KINDS", "SESSION_MINUTES", "SHOW", "Breakout", "Misconception", "Plan", "Role", "Segment", "plan"]

#: A live session lasts two hours (course brief: five 2-hour sessions).
SESSION_MINUTES = 120

#: What a segment can be, in the order a facilitator meets them.
KINDS = ("welcome", "check", "presentation", "notebook", "discussion", "breakout", "wrapup")

#: Registry lists a segment may show by name (``indicator:`` and ``figure:`` take an id).
SHOW = ("pim_principles", "pim_matrix", "pim_process", "framework_levels", "framework_categories")


@dataclass(frozen=True)
class Misconception:
    """A belief trainees often bring, and how to answer it."""

    claim: str
    answer: str


@dataclass(frozen=True)
class Segment:
    """One timed block of a live session."""

    id: str
    kind: str
    minutes: int
    title: str
    mode: str | None
    points: tuple[str, ...]
    notebook: str | None
    exercises: tuple[str, ...]
    check: str | None
    key_messages: tuple[str, ...]
    misconceptions: tuple[Misconception, ...]
    prompts: tuple[str, ...]
    show: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    """One role in a breakout group and what that person is told."""

    name: str
    brief: str


@dataclass(frozen=True)
class Breakout:
    """The session's breakout exercise in Ardania: trainee handout and facilitator debrief."""

    title: str
    situation: str
    task: tuple[str, ...]
    roles: tuple[Role, ...]
    handout: tuple[str, ...]
    debrief: tuple[str, ...]
    show: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """One session's facilitation plan."""

    session: int
    knowledge_checks: dict[str, str]
    segments: tuple[Segment, ...]
    after_session: dict[str, tuple[str, ...]]
    breakout: Breakout


def _strings(value: Any, file: str, entry: str, key: str, *, empty: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(file, entry, f"{key} must be a list of non-empty strings")
    if not empty and not value:
        raise fail(file, entry, f"{key} must not be empty")
    return tuple(value)


def _show(value: Any, file: str, entry: str) -> tuple[str, ...]:
    out = _strings(value, file, entry, "show")
    for ref in out:
        if ref not in SHOW and not ref.startswith(("indicator:", "figure:")):
            raise fail(file, entry, f"show {ref!r} is not one of {', '.join(SHOW)}, indicator:<id>, figure:<key>")
    return out


def _segment(rec: Any, n: int, file: str) -> Segment:
    entry = rec.get("id", "?") if isinstance(rec, dict) else "?"
    check_keys(rec, ("id", "kind", "minutes", "title"),
               ("mode", "points", "notebook", "exercises", "check", "key_messages", "misconceptions", "prompts",
                "show"), file=file, entry=entry)
    if rec["kind"] not in KINDS:
        raise fail(file, entry, f"kind {rec['kind']!r} is not one of {', '.join(KINDS)}")
    if not isinstance(rec["minutes"], int) or isinstance(rec["minutes"], bool) or rec["minutes"] <= 0:
        raise fail(file, entry, "minutes must be a positive whole number")
    if rec.get("mode") not in (None, "together", "alone", "groups"):
        raise fail(file, entry, f"mode {rec['mode']!r} is not together, alone or groups")
    if rec["kind"] == "check" and rec.get("check") not in ("before", "after"):
        raise fail(file, entry, "a check segment names check: before or after")
    exercises = _strings(rec.get("exercises", []), file, entry, "exercises")
    for ex in exercises:
        m = EXERCISE_ID.match(ex)
        if m is None or int(m.group(1)) != n:
            raise fail(file, entry, f"exercise id {ex!r} is not an s{n}_<slug> id")
    if exercises and not rec.get("notebook"):
        raise fail(file, entry, "exercises are cited with the notebook that holds them")
    mis = []
    for i, m in enumerate(rec.get("misconceptions", []), start=1):
        check_keys(m, ("claim", "answer"), file=file, entry=f"{entry} misconception {i}")
        mis.append(Misconception(m["claim"], m["answer"]))
    return Segment(
        id=entry, kind=rec["kind"], minutes=rec["minutes"], title=rec["title"], mode=rec.get("mode"),
        points=_strings(rec.get("points", []), file, entry, "points"), notebook=rec.get("notebook"),
        exercises=exercises, check=rec.get("check"),
        key_messages=_strings(rec.get("key_messages", []), file, entry, "key_messages"),
        misconceptions=tuple(mis), prompts=_strings(rec.get("prompts", []), file, entry, "prompts"),
        show=_show(rec.get("show", []), file, entry),
    )


def _breakout(rec: Any, file: str) -> Breakout:
    check_keys(rec, ("title", "situation", "task", "roles", "handout", "debrief"), ("show",), file=file,
               entry="breakout")
    roles = []
    for i, r in enumerate(rec["roles"], start=1):
        check_keys(r, ("name", "brief"), file=file, entry=f"breakout role {i}")
        roles.append(Role(r["name"], r["brief"]))
    if len(roles) < 2:
        raise fail(file, "breakout", "a breakout needs at least two roles")
    return Breakout(
        title=rec["title"], situation=rec["situation"],
        task=_strings(rec["task"], file, "breakout", "task", empty=False), roles=tuple(roles),
        handout=_strings(rec["handout"], file, "breakout", "handout", empty=False),
        debrief=_strings(rec["debrief"], file, "breakout", "debrief", empty=False),
        show=_show(rec.get("show", []), file, "breakout"),
    )


@cache
def plan(n: int) -> Plan:
    """Session ``n``'s facilitation plan, validated (``ValueError`` names the file and the entry)."""
    if n not in range(1, 6):
        raise KeyError(f"no session {n!r}; sessions are numbered 1-5")
    file = f"facilitator/session{n}.json"
    raw = check_keys(load_json(file), ("session", "knowledge_checks", "segments", "after_session", "breakout"),
                     ("about",), file=file, entry="top level")
    if raw["session"] != n:
        raise fail(file, "session", f"says {raw['session']!r}, expected {n}")
    checks = check_keys(raw["knowledge_checks"], ("before", "after"), file=file, entry="knowledge_checks")
    for when in ("before", "after"):
        if checks[when] != f"s{n}_check_{when}":
            raise fail(file, "knowledge_checks", f"{when} must be s{n}_check_{when}, the exercises issue's id")
    segments = tuple(_segment(rec, n, file) for rec in raw["segments"])
    ids = [s.id for s in segments]
    if len(set(ids)) != len(ids):
        raise fail(file, "segments", "a segment id is used twice")
    if sum(1 for s in segments if s.kind == "breakout") != 1:
        raise fail(file, "segments", "a session has exactly one breakout segment")
    after = {nb: _strings(exs, file, f"after_session {nb}", "exercises")
             for nb, exs in raw["after_session"].items()}
    return Plan(n, dict(checks), segments, after, _breakout(raw["breakout"], file))
