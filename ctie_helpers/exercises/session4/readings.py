"""Session 4: the further-reading table that closes every notebook of the session."""

from __future__ import annotations

import pandas as pd

__all__ = ["further_reading"]


def further_reading() -> pd.DataFrame:
    """The further-reading catalogue entries for session 4 (title, year, publisher, summary)."""
    from ctie_helpers.content import reading

    frame = reading.readings_frame()
    rows = frame[frame["sessions"].apply(lambda s: 4 in s)]
    return rows[["title", "year", "publisher", "summary"]].reset_index(drop=True)
