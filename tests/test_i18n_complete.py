"""The catalog test: no trainee-facing string is missing or stale in French or Spanish.

Two kinds of catalog are counted: the interface catalogs (``locales/<lang>/LC_MESSAGES/ctie.po``: course
chrome, exercises, widgets, feedback, apps, charts, content data) and the notebook catalogs (one per
notebook, one entry per markdown cell). The counts are printed (``pytest -s``) whatever happens.

Any untranslated or stale (fuzzy) string fails the test: an English text that changes must have its French
and Spanish revised in the same change (README.md, "Translating: how a translator updates a catalog").
"""

from __future__ import annotations

from ctie_helpers.i18n import catalogs, notebooks


def _summary() -> tuple[dict[str, tuple[int, int, int]], dict[str, tuple[int, int, int]]]:
    interface = {s.lang: (s.strings, len(s.missing), len(s.fuzzy)) for s in catalogs.status()}
    cells: dict[str, tuple[int, int, int]] = {}
    for s in notebooks.status():
        total, missing, fuzzy = cells.get(s.lang, (0, 0, 0))
        cells[s.lang] = (total + s.cells, missing + len(s.missing), fuzzy + len(s.fuzzy))
    return interface, cells


def test_no_trainee_facing_string_is_untranslated_or_stale():
    interface, cells = _summary()
    for lang in ("fr", "es"):
        print(f"{lang} interface: {interface[lang][0]} strings, {interface[lang][1]} untranslated, "
              f"{interface[lang][2]} stale")
        print(f"{lang} notebooks: {cells[lang][0]} cells, {cells[lang][1]} untranslated, {cells[lang][2]} stale")
    # Always: both languages, and catalogs that cover the course (a broken .po raises in status()).
    assert sorted(interface) == sorted(cells) == ["es", "fr"]
    assert all(total > 1000 for total, _, _ in interface.values())  # exercises + content data + chrome
    assert all(total > 150 for total, _, _ in cells.values())  # every markdown cell of the course
    left = {lang: {"interface": interface[lang][1:], "notebooks": cells[lang][1:]} for lang in interface
            if any(interface[lang][1:]) or any(cells[lang][1:])}
    assert not left, (f"untranslated/stale (interface, notebooks) per language: {left}; update with "
                      "python -m ctie_helpers.i18n.catalogs status / python -m ctie_helpers.i18n.notebooks status")
