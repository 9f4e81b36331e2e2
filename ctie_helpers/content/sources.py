"""The sources behind the course facts (domain brief 13), grouped by topic, for reference lists."""

from __future__ import annotations

from functools import cache

from ctie_helpers.content._base import check_keys, fail, load_json

__all__ = ["sources", "source_groups"]

_FILE = "sources.json"


@cache
def sources() -> dict[str, tuple[str, ...]]:
    """Sources by group name (``"PIM"``, ``"Figures"``...), each a citation string."""
    raw = check_keys(load_json(_FILE), ("groups",), ("about",), file=_FILE, entry="top level")
    out: dict[str, tuple[str, ...]] = {}
    for rec in raw["groups"]:
        check_keys(rec, ("name", "sources"), file=_FILE, entry=rec.get("name", "?"))
        if rec["name"] in out or not rec["sources"]:
            raise fail(_FILE, rec["name"], "group listed twice or empty")
        out[rec["name"]] = tuple(rec["sources"])
    return out


def source_groups() -> tuple[str, ...]:
    """The group names in reading order."""
    return tuple(sources())
