"""The course's pages in reading order: now read by :mod:`ctie_helpers.content.outline` (one owner).

Kept so that ``from ctie_helpers.course.outline import pages`` goes on working.
"""

from ctie_helpers.content.outline import (
    OPTIONAL_LABEL,
    Page,
    minutes,
    notebook_title,
    optional_sections,
    pages,
)

__all__ = ["OPTIONAL_LABEL", "Page", "minutes", "notebook_title", "optional_sections", "pages"]
