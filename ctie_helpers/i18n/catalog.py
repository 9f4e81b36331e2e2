"""``_()`` and ``ngettext()``: an English string in the language in force.

Why the ``.po`` files are read directly and no ``.mo`` is committed or built
------------------------------------------------------------------------------
The ``.po`` catalogs beside this module are the only copy of the translations. On first use of a
language its catalog is compiled in memory (Babel's ``read_po`` + ``write_mo``, a few milliseconds for
our catalogs) and cached. So there is no binary to keep in step with its source in git, no build step a
wheel or an offline copy could miss, and a translator's edit is live on the next start. Fuzzy (stale)
entries are left out, as ``msgfmt`` leaves them out: a stale translation shows the current English
rather than an out-of-date sentence.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
from functools import cache
from pathlib import Path

from ctie_helpers.i18n.choice import current_language, normalize

__all__ = ["DOMAIN", "LOCALES_DIR", "N_", "gettext", "ngettext", "po_path", "translations"]

DOMAIN = "ctie"
#: Where the catalogs are read from: the package's own, or ``CTIE_LOCALES_DIR`` (a translator previewing a
#: catalog in progress in course mode; the browser test's tiny fixture catalogs).
LOCALES_DIR = Path(os.environ.get("CTIE_LOCALES_DIR") or Path(__file__).resolve().parent / "locales")


def po_path(lang: str) -> Path:
    """The catalog of ``lang``: ``locales/<lang>/LC_MESSAGES/ctie.po``."""
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English, or a language without a catalog: the strings as written)."""
    code = normalize(lang)
    path = po_path(code)
    if code == "en" or not path.is_file():
        return _gettext.NullTranslations()
    # deferred: saves 31 ms at import of ctie_helpers.i18n.catalog
    from babel.messages.mofile import write_mo

    # deferred: saves 33 ms at import of ctie_helpers.i18n.catalog
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=code, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def gettext(message: str, lang: str | None = None) -> str:
    """``message`` in ``lang`` (default: :func:`~ctie_helpers.i18n.choice.current_language`)."""
    return translations(lang or current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The singular or plural form for ``n``, by the plural rule of the language (French: 0 and 1 singular)."""
    return translations(lang or current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a module constant for extraction without translating it yet: call ``_()`` where it is shown."""
    return message
