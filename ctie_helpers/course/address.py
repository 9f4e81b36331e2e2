"""The course map's language switch, handled by the server: ``?lang=fr`` is remembered before the page renders.

The switch's links (:func:`ctie_helpers.course.home.language_switch`) open ``START_HERE.ipynb?lang=fr``. The
kernel could read that address itself (Voilà's ``get_query_string``), but a preheated spare has run its page
before anyone asked for it, so there the call waits for the request and most of the map runs only after
the trainee has clicked (6.4 s to text, 49 s to a widget under load, 2026-12). So the server remembers the
language first (:func:`remembering_language` on Voilà's page handler), then picks the kernel:

- a spare run in the old language predates the remembered choice, so :mod:`ctie_helpers.course.pool`
  replaces it (that one visit waits for a new kernel); spares made after it read the remembered choice;
- the page's text cells are translated by the ``ctie_course`` filter in the server, after this hook, so they
  are in the new language on that same visit (with or without a pool);
- a kernel reads the remembered choice and never waits for the address (``home._language_from_address``).

An unknown code in a hand-typed address is ignored, the page still opens; the same code again (a reload)
writes nothing, so it does not make the spares stale.
"""

from __future__ import annotations

import os
from typing import Any

from ctie_helpers.course.hook import after_prepare
from ctie_helpers.course.page import COURSE_ROOT_ENV
from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n.choice import normalize, remember_language, remembered_language

__all__ = ["remember_address_language", "remembering_language"]


def remember_address_language(lang: str | None, root: str | os.PathLike | None) -> str | None:
    """Remember ``lang`` (a page address's ``?lang=``) in the course folder ``root``; return it normalized.

    None when there is nothing to remember: no ``lang``, no folder, an unknown code, or a folder that
    cannot be written (the page opens in the language already in force).
    """
    if not lang or not root:
        return None
    try:
        code = normalize(lang)
        if remembered_language(root) != code:
            remember_language(code, root)
    except (BadValueError, OSError):
        return None
    return code


def _remember(handler: Any) -> None:
    root = os.environ.get(COURSE_ROOT_ENV) or getattr(getattr(handler, "contents_manager", None), "root_dir", None)
    remember_address_language(handler.get_query_argument("lang", None), root)


def remembering_language(handler_class: Any) -> Any:
    """Make ``handler_class`` (Voilà's page handler) remember a page address's ``?lang=`` before rendering."""
    return after_prepare(handler_class, "_ctie_lang", _remember)
