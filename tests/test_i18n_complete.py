"""The catalog test: no trainee-facing string is missing or stale in French or Spanish.

Three kinds of catalog are counted: the interface catalogs (``locales/<lang>/LC_MESSAGES/ctie.po``: course
chrome, exercises, widgets, feedback, apps, charts, content data), the notebook catalogs (one per
notebook, one entry per markdown cell) and the graded items' explanations, shown in the feedback after
``ctie grade`` (facilitator-side, ``notebooks/<session>/graded_explanations.<lang>.po``). The counts are
printed (``pytest -s``) whatever happens.

Any untranslated or stale (fuzzy) string fails the test: an English text that changes must have its French
and Spanish revised in the same change (README.md, "Translating: how a translator updates a catalog").
"""

from __future__ import annotations

from ctie_helpers.i18n import catalogs, graded, notebooks

Counts = dict[str, tuple[int, int, int]]  # per language: (strings, untranslated, stale)


def _summary() -> tuple[Counts, Counts, Counts]:
    interface = {s.lang: (s.strings, len(s.missing), len(s.fuzzy)) for s in catalogs.status()}
    cells: Counts = {}
    for s in notebooks.status():
        total, missing, fuzzy = cells.get(s.lang, (0, 0, 0))
        cells[s.lang] = (total + s.cells, missing + len(s.missing), fuzzy + len(s.fuzzy))
    explained: Counts = {}
    for g in graded.status():
        total, missing, fuzzy = explained.get(g.lang, (0, 0, 0))
        explained[g.lang] = (total + g.strings, missing + len(g.missing), fuzzy + len(g.fuzzy))
    return interface, cells, explained


def test_no_trainee_facing_string_is_untranslated_or_stale():
    interface, cells, explained = _summary()
    for lang in ("fr", "es"):
        print(f"{lang} interface: {interface[lang][0]} strings, {interface[lang][1]} untranslated, "
              f"{interface[lang][2]} stale")
        print(f"{lang} notebooks: {cells[lang][0]} cells, {cells[lang][1]} untranslated, {cells[lang][2]} stale")
        print(f"{lang} graded explanations: {explained[lang][0]} texts, {explained[lang][1]} untranslated, "
              f"{explained[lang][2]} stale")
    # Always: both languages, and catalogs that cover the course (a broken .po raises in status()).
    assert sorted(interface) == sorted(cells) == sorted(explained) == ["es", "fr"]
    assert all(total > 1000 for total, _, _ in interface.values())  # exercises + content data + chrome
    assert all(total > 150 for total, _, _ in cells.values())  # every markdown cell of the course
    assert all(total > 300 for total, _, _ in explained.values())  # every graded part's why, and the sources
    kinds = {"interface": interface, "notebooks": cells, "graded explanations": explained}
    left = {lang: {kind: counts[lang][1:] for kind, counts in kinds.items() if any(counts[lang][1:])}
            for lang in interface}
    left = {lang: kinds_left for lang, kinds_left in left.items() if kinds_left}
    assert not left, (f"untranslated/stale per language: {left}; see python -m ctie_helpers.i18n.catalogs "
                      "status / python -m ctie_helpers.i18n.notebooks status / python -m ctie_helpers.i18n.graded "
                      "status")
