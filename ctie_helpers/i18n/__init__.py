"""Languages: which one a user reads (English, French, Spanish), the translated interface strings, and
numbers and dates written the way each language writes them.

- :mod:`.choice`: the language choice (``--lang``, ``CTIE_LANG``, a settings file remembered per trainee).
- :mod:`.catalog`: ``_()``/``ngettext()`` over the gettext catalogs in ``locales/<lang>/LC_MESSAGES/ctie.po``.
- :mod:`.formats`: ``format_number``/``format_percent``/``format_date`` from Babel's CLDR data.
- :mod:`.catalogs`: the translator's tools (extract, update, status), ``python -m ctie_helpers.i18n.catalogs``.
- :mod:`.notebooks`, :mod:`.graded`: the same for the notebooks' text and for the graded items' explanations
  (facilitator-side catalogs beside ``notebooks/<session>/graded_explanations.json``, never shipped).

English is the one source of truth: a string is written in English in the code and marked with ``_()``
(or ``N_()`` where it is a module constant, translated where it is used). This room knows nothing of the
course: any room may import it.
"""

from ctie_helpers.i18n.catalog import N_, gettext, ngettext, translations
from ctie_helpers.i18n.choice import (
    ENV_VAR,
    LANGUAGES,
    SETTINGS_FILE,
    current_language,
    language_names,
    normalize,
    remember_language,
    remembered_language,
    set_language,
)
from ctie_helpers.i18n.formats import format_date, format_number, format_percent

_ = gettext

__all__ = ["ENV_VAR", "LANGUAGES", "N_", "SETTINGS_FILE", "_", "current_language", "format_date", "format_number",
           "format_percent", "gettext", "language_names", "ngettext", "normalize", "remember_language",
           "remembered_language", "set_language", "translations"]
