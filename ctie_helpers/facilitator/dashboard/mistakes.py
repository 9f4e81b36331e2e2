"""Describe what is wrong in one answer, part by part, in words a facilitator can discuss with the group.

Counting whole answers would rarely find two alike (a sort-into-bins answer has many parts), so a
mistake is one wrong *part*: a statement sorted into the wrong group, an option picked that is not in
the key, a pair of steps in the wrong order, a table cell. Comparisons follow
:mod:`ctie_helpers.grading.checks` (numbers within tolerance, text ignoring case and spaces), so an
answer ``grade()`` counts as right never appears here.
"""

from __future__ import annotations

import json
from typing import Any

from ctie_helpers.grading.checks import check, parse_number, same_text

__all__ = ["mistakes"]

_MAX = 90  # characters of a statement kept in a label


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX else text[: _MAX - 3] + "..."


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return same_text(a, b)
    x, y = parse_number(a), parse_number(b)
    if x is None or y is None:
        return a == b
    return abs(x - y) <= 1e-9 * max(1.0, abs(y))


def _mapping(value: Any, key: dict[str, Any], missing: str) -> list[str]:
    """bins and match: each key item placed elsewhere, or left unplaced."""
    given = value if isinstance(value, dict) else {}
    out = []
    for item, right in key.items():
        got = given.get(item)
        if got is None:
            out.append(f"{_short(item)}: {missing}")
        elif not _same(got, right):
            out.append(f"{_short(item)} → {_short(got)}")
    return out


def _multi(value: Any, key: list[Any]) -> list[str]:
    picked = value if isinstance(value, list) else []
    out = [f"picked: {_short(v)}" for v in picked if not any(_same(v, k) for k in key)]
    out += [f"missed: {_short(k)}" for k in key if not any(_same(v, k) for v in picked)]
    return out


def _order(value: Any, key: list[Any]) -> list[str]:
    """Neighbouring pairs of the key placed the wrong way round (the same pairs the check scores)."""
    placed = value if isinstance(value, list) else []
    pos = {str(v): i for i, v in enumerate(placed) if v is not None}
    out = []
    for a, b in zip(key, key[1:], strict=False):
        if str(a) not in pos or str(b) not in pos:
            out.append(f"not placed: {_short(a if str(a) not in pos else b)}")
        elif pos[str(a)] > pos[str(b)]:
            out.append(f"{_short(b)} before {_short(a)}")
    return list(dict.fromkeys(out))


def _table(value: Any, key: dict[str, dict[str, Any]]) -> list[str]:
    given = value if isinstance(value, dict) else {}
    out = []
    for row, cols in key.items():
        got_row = found if isinstance(found := given.get(row), dict) else {}
        for col, right in (cols or {}).items():
            got = got_row.get(col)
            if got is None or not _same(got, right):
                out.append(f"{_short(row)} / {_short(col)} = {'blank' if got is None else _short(got)}")
    return out


def mistakes(kind: str, value: Any, key: Any) -> list[str]:
    """The wrong parts of ``value`` against ``key``, one short label each (empty for a right answer).

    Parameters
    ----------
    kind
        The check kind (``choice``, ``multi``, ``bins``, ``order``, ``match``, ``numeric``, ``table``).
        ``text`` has no key and gives no mistakes.
    value, key
        The saved answer and the key, in the canonical forms of :mod:`ctie_helpers.grading.checks`.

    Examples
    --------
    >>> mistakes("bins", {"recruit": "Means", "deceive": "Means"}, {"recruit": "Act", "deceive": "Means"})
    ['recruit → Means']
    >>> mistakes("multi", ["a", "b"], ["a", "c"])
    ['picked: b', 'missed: c']
    """
    if value is None or kind == "text":
        return []
    try:
        if check(kind, value, key).correct:
            return []
    except Exception:  # noqa: BLE001 - an answer the check cannot read is itself the mistake
        return [f"unreadable answer: {_short(value)}"]
    if kind == "choice":
        return [_short(value)]
    if kind == "numeric":
        number = parse_number(value)
        return [_short(value) if number is None else f"{number:g}"]
    if kind in ("bins", "match") and isinstance(key, dict):
        return _mapping(value, key, "not sorted" if kind == "bins" else "not matched")
    if kind == "multi" and isinstance(key, list):
        return _multi(value, key)
    if kind == "order" and isinstance(key, list):
        return _order(value, key)
    if kind == "table" and isinstance(key, dict):
        return _table(value, key)
    return [_short(value)]
