"""Session 1: the further-reading table that closes every notebook of the session."""

from __future__ import annotations

from ctie_helpers.content.reading import reading_table

__all__ = ["further_reading"]


def further_reading():
    """The further-reading catalogue entries for session 1 (title, year, publisher, summary)."""
    return reading_table(1)
