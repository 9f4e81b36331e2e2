"""Which language a user reads, and where the choice is remembered.

The language in force, first match wins:

1. :func:`set_language` in this process (``ctie report --lang``, a report's kernel);
2. the ``CTIE_LANG`` environment variable (an override, e.g. for a whole JupyterHub);
3. the trainee's choice remembered in the course folder: ``.ctie-settings.json`` beside START_HERE.ipynb,
   looked for in the working folder and its parent (a course page's kernel runs in its session folder);
4. the user's own choice in ``$XDG_CONFIG_HOME/ctie/settings.json`` (``~/.config/ctie/``);
5. English.

``ctie course --lang``, ``ctie start --lang`` and the switch on the course map write the course folder's
file; a dot file, so course mode never serves it and a hand-in never packs it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from ctie_helpers.errors import BadValueError

__all__ = ["ENV_VAR", "LANGUAGES", "SETTINGS_FILE", "current_language", "language_names", "language_override",
           "normalize",
           "remember_language", "remembered_language", "set_language", "user_settings_path"]

#: The course's languages, English first (the source of every text).
LANGUAGES = ("en", "fr", "es")
ENV_VAR = "CTIE_LANG"
SETTINGS_FILE = ".ctie-settings.json"
_chosen: str | None = None


def language_names() -> dict[str, str]:
    """Each language in its own words, as a language switch shows them."""
    return {"en": "English", "fr": "Français", "es": "Español"}


def normalize(lang: str) -> str:
    """``"fr"``, ``"FR"``, ``"fr_FR"`` or ``"fr-CA"`` -> ``"fr"``; anything else is refused by name."""
    code = str(lang).strip().replace("-", "_").split("_")[0].lower()
    if code not in LANGUAGES:
        raise BadValueError(f"language {lang!r} is not available; choose one of {', '.join(LANGUAGES)}")
    return code


@contextlib.contextmanager
def language_override(lang: str | None) -> Iterator[None]:
    """Use ``lang`` in this process inside the ``with`` block, then go back to what was in force before.

    ``None`` (or an unknown code) changes nothing: e.g. an answers file written before pages recorded
    their language is graded in the language in force.
    """
    global _chosen
    before = _chosen
    try:
        _chosen = normalize(lang) if lang else _chosen
    except BadValueError:
        pass
    try:
        yield
    finally:
        _chosen = before


def set_language(lang: str | None) -> None:
    """Use ``lang`` in this process from now on (``None`` goes back to the environment and settings)."""
    global _chosen
    _chosen = normalize(lang) if lang else None


def user_settings_path() -> Path:
    """The user's own settings file (``$XDG_CONFIG_HOME/ctie/settings.json``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "ctie" / "settings.json"


def _read(path: Path) -> str | None:
    try:
        lang = json.loads(path.read_text(encoding="utf-8")).get("language")
        return normalize(lang) if lang else None
    except (OSError, ValueError, AttributeError):
        return None  # a missing, unreadable or hand-broken file must not stop a page: English it is


def remembered_language(folder: str | os.PathLike | None = None) -> str | None:
    """The language remembered in the course folder (``folder`` or its parent), else the user's, else None."""
    here = Path(folder) if folder else Path.cwd()
    for place in (here, here.parent):
        lang = _read(place / SETTINGS_FILE)
        if lang:
            return lang
    return _read(user_settings_path())


def remember_language(lang: str, folder: str | os.PathLike | None = None) -> Path:
    """Remember ``lang`` in ``folder``'s settings file (the user's config file when ``folder`` is None).

    Other keys in the file are kept; the file is replaced atomically, so a page reading it never sees half.
    A choice already remembered is not written again: course mode's preheated pages count the file's
    modification time as a change of language (``course/pool.answers_changed``).
    """
    # deferred: saves 6 ms at import of ctie_helpers.i18n.choice (under 20 ms, loaded machine: may move up)
    from ctie_helpers.io import atomic_write

    code = normalize(lang)
    path = Path(folder) / SETTINGS_FILE if folder else user_settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        data = {}
    if data.get("language") == code:
        return path
    data["language"] = code
    atomic_write(path, json.dumps(data, indent=2) + "\n", parents=True)
    return path


def current_language(folder: str | os.PathLike | None = None) -> str:
    """The language in force (see the module's order)."""
    if _chosen:
        return _chosen
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        try:
            return normalize(env)
        except BadValueError:
            pass  # a mistyped variable falls through to the remembered choice rather than breaking every page
    return remembered_language(folder) or "en"
