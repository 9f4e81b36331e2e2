"""Further-reading catalogue: the ten capacity-building resources of the CTiE IM training, plus the PIM
resources of session 2.

Titles are as published (course brief); each resource has its year, scope, a one-line summary in our
own words and the sessions it supports. Every resource can be found: it has a checked ``url``, or a
``publisher`` that, with the title, is enough to find it (publishers checked against the publications).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ctie_helpers.content._base import as_frame, check_keys, fail, load_json

__all__ = ["Reading", "reading", "reading_table", "readings", "readings_for", "readings_frame"]

_FILE = "reading.json"


@dataclass(frozen=True)
class Reading:
    """One further-reading resource."""

    key: str
    title: str
    year: int
    publisher: str | None
    url: str | None
    scope: str
    languages: tuple[str, ...]
    sessions: tuple[int, ...]
    summary: str


@cache
def readings() -> tuple[Reading, ...]:
    """All resources, validated (unique keys and titles, sessions 1-5, a summary, a link or a publisher)."""
    raw = check_keys(load_json(_FILE), ("resources",), ("about",), file=_FILE, entry="top level")
    out = []
    for rec in raw["resources"]:
        entry = rec.get("key", "?")
        check_keys(rec, ("key", "title", "year", "publisher", "url", "scope", "languages", "sessions", "summary"),
                   file=_FILE, entry=entry)
        if rec["url"] is not None and not str(rec["url"]).startswith("https://"):
            raise fail(_FILE, entry, f"url {rec['url']!r} must be an https:// link or null")
        if not rec["url"] and not (rec["publisher"] or "").strip():
            raise fail(_FILE, entry, "needs a url, or a publisher that with the title is enough to find it")
        if not rec["sessions"] or not set(rec["sessions"]) <= {1, 2, 3, 4, 5}:
            raise fail(_FILE, entry, f"sessions {rec['sessions']} must be a non-empty subset of 1-5")
        if not (isinstance(rec["year"], int) and 1990 <= rec["year"] <= 2030):
            raise fail(_FILE, entry, f"year {rec['year']!r} is not a year")
        if not rec["summary"].strip():
            raise fail(_FILE, entry, "needs a one-line summary")
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in rec.items()}
        out.append(Reading(**fields))
    for attr in ("key", "title"):
        values = [getattr(r, attr) for r in out]
        if len(set(values)) != len(values):
            raise fail(_FILE, attr, "duplicate entries")
    return tuple(out)


def reading(key: str) -> Reading:
    """One resource by key."""
    for r in readings():
        if r.key == key:
            return r
    raise KeyError(f"no reading {key!r}")


def readings_for(session: int) -> tuple[Reading, ...]:
    """The resources that support session ``session`` (1-5)."""
    return tuple(r for r in readings() if session in r.sessions)


def readings_frame():
    """The catalogue as a pandas DataFrame (pandas imported only now)."""
    return as_frame(readings())


def reading_table(session: int):
    """The further-reading table a session's notebooks end with: title, year, publisher, link, summary."""
    frame = readings_frame()
    rows = frame[frame["sessions"].apply(lambda s: session in s)]
    rows = rows.assign(link=rows["url"].fillna(""))
    return rows[["title", "year", "publisher", "link", "summary"]].reset_index(drop=True)
