"""What the notebooks of session 3 show between exercises: tables, readings, lab and analysis helpers.

The exercise factories (``s3_<slug>``) and the data they need live in
:mod:`ctie_helpers.exercises.session3`; a notebook imports both::

    from ctie_helpers.exercises import session3 as ex
    from ctie_helpers.lessons import session3 as lesson
"""

from __future__ import annotations

from ctie_helpers.content.reading import reading_table
from ctie_helpers.data import load

__all__ = ["review_excerpts", "review_matrix", "my_matrix", "further_reading"]


# ----------------------------------------------------------------------------------------------------
# ``03_using_the_framework``: using the framework: tagging excerpts into an evidence matrix (3.6)
# ----------------------------------------------------------------------------------------------------

def review_excerpts():
    """The secondary data review to tag: id, source, type, date, reliability and text (no reference tags)."""

    df = load("secondary_sources")
    return df[["excerpt_id", "source", "source_type", "publication_date", "reliability", "text"]]


def review_matrix():
    """The evidence matrix of the whole review, from the reference tags of all excerpts."""
    # deferred: saves 3 ms at import of ctie_helpers.lessons.session3
    from ctie_helpers.methods.evidence import evidence_matrix, reference_tags

    return evidence_matrix(reference_tags(load("secondary_sources")))


def my_matrix(answer):
    """The evidence matrix of a trainee's tags (``{excerpt_id: cell label}``), with source reliability."""
    # deferred: saves 9 ms at import of ctie_helpers.lessons.session3
    from ctie_helpers.methods.evidence import evidence_matrix, tags_from_cells

    rel = load("secondary_sources").set_index("excerpt_id")["reliability"]
    return evidence_matrix(tags_from_cells(answer), reliability=rel)


# ----------------------------------------------------------------------------------------------------
# the further-reading table that closes every notebook of the session
# ----------------------------------------------------------------------------------------------------

def further_reading():
    """The further-reading catalogue entries for session 3 (title, year, publisher, summary)."""
    return reading_table(3)
