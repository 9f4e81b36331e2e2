"""The course's pages in reading order: now read by :mod:`ctie_helpers.content.outline` (one owner).

Kept so that ``from ctie_helpers.course.outline import pages`` goes on working.
"""

from ctie_helpers.content.outline import Page, minutes, notebook_title, pages

__all__ = ["Page", "minutes", "notebook_title", "pages"]
