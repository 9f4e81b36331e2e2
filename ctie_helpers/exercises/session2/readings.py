"""Session 2: the further-reading table that closes every notebook of the session."""

from __future__ import annotations

__all__ = ["further_reading"]


def further_reading():
    """The further-reading catalogue entries for session 2, as a table (title, year, publisher, summary)."""
    from ctie_helpers.content import reading

    frame = reading.readings_frame()
    rows = frame[frame["sessions"].apply(lambda s: 2 in s)]
    return rows[["title", "year", "publisher", "summary"]].reset_index(drop=True)
