"""The language switch's ``?lang=fr`` taken from a page's address before the page is rendered.

Why in the server, before rendering
-----------------------------------
The course map's switch links to ``START_HERE.ipynb?lang=fr``. The text cells are translated by the
``ctie_course`` template filter (:mod:`ctie_helpers.course.page`), in the server, from the language
remembered in the course folder; the kernel, which can read the address, starts only after that (or, with
the preheated pool, ran long before the request). Remembered by the kernel alone, the choice came too
late for the page that made it: its text stayed in the old language under a switch and a map in the new
one, until the next page. So Voilà's page handler remembers a valid ``lang`` in the course folder
(``CTIE_COURSE_ROOT``) first; the filter then reads it, and the pool replaces spares run before the
change (:func:`ctie_helpers.course.pool.answers_changed`). The kernel's own reading
(:func:`ctie_helpers.course.home.course_map`) stays for servers not started by ``ctie course`` (the hub).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from ctie_helpers.course.page import COURSE_ROOT_ENV
from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n.choice import remember_language

__all__ = ["remember_address_language", "remembering_language"]


def remember_address_language(lang: str | None, root: str | os.PathLike | None) -> bool:
    """Remember ``lang`` (a page address's ``lang``) in the course folder ``root``; True if remembered.

    An unknown code in a hand-typed address or a read-only folder is ignored: the page still opens.
    """
    if not lang or not root:
        return False
    try:
        remember_language(lang, Path(root))
    except (BadValueError, OSError):
        return False
    return True


def remembering_language(handler_class: Any) -> Any:
    """Make ``handler_class`` (Voilà's page handler) remember the address's ``lang`` before rendering."""
    if getattr(handler_class, "_ctie_lang", False):
        return handler_class
    plain = handler_class.get_generator

    async def get_generator(self: Any, path: str | None = None) -> AsyncIterator[str]:
        remember_address_language(self.get_argument("lang", None), os.environ.get(COURSE_ROOT_ENV))
        async for chunk in plain(self, path=path):
            yield chunk

    handler_class.get_generator = get_generator
    handler_class._ctie_lang = True
    return handler_class
