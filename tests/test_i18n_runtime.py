"""The language at run time: course-mode pages from the notebook catalogs, and widgets that show French
labels while saving the same English answer ids (so the grade does not depend on the language).

The catalogs here are tiny fixtures written by the test, never the real translations.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ctie_helpers import i18n
from ctie_helpers.course.page import course_notebook
from ctie_helpers.grading.checks import check
from ctie_helpers.grading.store import AnswerStore
from ctie_helpers.i18n import catalog as interface_catalog
from ctie_helpers.i18n import notebooks as notebook_catalogs
from ctie_helpers.widgets import SingleChoice, SortIntoBins


def _write(path, entries, lang="fr"):
    """A .po file: ``entries`` = [(msgctxt or None, English, translation, fuzzy)]."""
    po = Catalog(locale=lang)
    for ctx, english, translated, fuzzy in entries:
        po.add(english, translated, context=ctx, flags=("fuzzy",) if fuzzy else ())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, po)


@pytest.fixture
def locales(tmp_path, monkeypatch):
    """Both catalog kinds read from a temporary locales folder; the language cache emptied around the test."""
    monkeypatch.setattr(notebook_catalogs, "LOCALES_DIR", tmp_path)
    monkeypatch.setattr(interface_catalog, "LOCALES_DIR", tmp_path)
    interface_catalog.translations.cache_clear()
    yield tmp_path
    interface_catalog.translations.cache_clear()
    i18n.set_language(None)


def _page():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## What trafficking is", id="intro"),
                nbformat.v4.new_markdown_cell("Read the three elements.", id="elements"),
                nbformat.v4.new_markdown_cell("This sentence was edited.", id="edited"),
                nbformat.v4.new_code_cell("x = 1", id="code")]
    return nb


def test_course_mode_shows_the_french_cell_text_and_english_where_fuzzy_stale_or_missing(locales):
    _write(locales / "fr/LC_MESSAGES/notebooks/session9_demo/01_demo.po", [
        ("intro", "## What trafficking is", "## Ce qu'est la traite des personnes", False),
        ("elements", "Read the three elements.", "Lisez les trois éléments.", True),  # fuzzy: not used
        ("edited", "This sentence was written.", "Cette phrase a été écrite.", False),  # English changed since
    ])
    nb = _page()
    page = course_notebook(nb, "01_demo", chrome=False, lang="fr")
    texts = [c.source for c in page.cells]
    assert texts == ["## Ce qu'est la traite des personnes", "Read the three elements.", "This sentence was edited.",
                     "x = 1"]
    assert nb.cells[0].source == "## What trafficking is"  # the notebook itself is not touched


def test_course_mode_follows_the_language_in_force_and_english_needs_no_catalog(locales, monkeypatch):
    _write(locales / "fr/LC_MESSAGES/notebooks/session9_demo/01_demo.po",
           [("intro", "## What trafficking is", "## Ce qu'est la traite des personnes", False)])
    monkeypatch.setenv(i18n.ENV_VAR, "fr")  # cells[0] is the navigation bar
    assert course_notebook(_page(), "01_demo").cells[1].source == "## Ce qu'est la traite des personnes"
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    assert course_notebook(_page(), "01_demo").cells[1].source == "## What trafficking is"


# --- grading does not depend on the display language ------------------------------------------------------

OPTIONS = ["The Act", "The Means", "The Purpose"]
ITEMS = ["Recruiting workers in a camp", "Lying about the wage"]
KEY = {"Recruiting workers in a camp": "Act", "Lying about the wage": "Means"}
FRENCH = [(None, "The Act", "L'acte", False), (None, "The Means", "Le moyen", False),
          (None, "The Purpose", "La fin", False), (None, "Act", "Acte", False), (None, "Means", "Moyen", False),
          (None, "Recruiting workers in a camp", "Recruter des travailleurs dans un camp", False),
          (None, "Check answer", "Vérifier la réponse", False)]


def _answer_in(lang, tmp_path):
    """Build the two widgets in ``lang``, answer by clicking the *labels* a trainee reads, return what is saved."""
    i18n.set_language(lang)
    store = AnswerStore(tmp_path / f"{lang}.answers.json")
    choice = SingleChoice("s9_choice", "Which element can be skipped for a child?", OPTIONS, key="The Means",
                          store=store, trainee="t")
    bins = SortIntoBins("s9_bins", "Sort the statements.", ITEMS, ["Act", "Means"], key=KEY, store=store, trainee="t")
    by_label = dict(choice.radio.options)  # label shown -> value saved
    choice.radio.value = by_label["Le moyen" if lang == "fr" else "The Means"]
    for item, dd in bins.bins.items():
        shown = dict(dd.options)
        dd.value = shown[{"fr": {"Act": "Acte", "Means": "Moyen"}}.get(lang, {}).get(KEY[item], KEY[item])]
    labels = (list(by_label), choice.check_button.description)
    return {k: store.get(k)["value"] for k in ("s9_choice", "s9_bins")}, labels


def test_the_same_answers_give_the_same_saved_ids_and_grade_in_french_and_english(locales, tmp_path):
    _write(locales / "fr/LC_MESSAGES/ctie.po", FRENCH)
    french, (fr_labels, fr_button) = _answer_in("fr", tmp_path)
    english, (en_labels, en_button) = _answer_in("en", tmp_path)
    # the French page really is French ...
    assert sorted(fr_labels) == sorted(["L'acte", "Le moyen", "La fin"]) and fr_button == "Vérifier la réponse"
    assert sorted(en_labels) == sorted(OPTIONS) and en_button == "Check answer"
    # ... and saves exactly what the English page saves: the English ids the hidden tests know
    assert french == english == {"s9_choice": "The Means", "s9_bins": KEY}
    assert check("choice", french["s9_choice"], "The Means").score == check("choice", english["s9_choice"],
                                                                            "The Means").score == 1.0
    assert check("bins", french["s9_bins"], KEY).score == 1.0


def test_a_chart_is_shown_with_its_title_axes_and_caption_in_french(locales):
    import plotly.graph_objects as go

    from ctie_helpers.plots.alt import caption_html, translated_figure

    _write(locales / "fr/LC_MESSAGES/ctie.po", [(None, "people", "personnes", False),
                                                 (None, "How many people?", "Combien de personnes ?", False),
                                                 (None, "What this chart shows:", "Ce que montre ce graphique :", False)])
    fig = go.Figure(go.Bar(x=[1], y=[2], name="estimate"))
    fig.update_layout(title="How many people?", xaxis_title="people", meta={"alt": "One bar."})
    i18n.set_language("fr")
    shown = translated_figure(fig)
    assert (shown.layout.title.text, shown.layout.xaxis.title.text) == ("Combien de personnes ?", "personnes")
    assert shown.data[0].name == "estimate"  # no translation: English, never blank
    assert fig.layout.title.text == "How many people?"  # the builder's figure is untouched
    assert "Ce que montre ce graphique :" in caption_html(fig)


def test_a_lesson_table_is_shown_in_french_while_its_data_stays_english(locales):
    import pandas as pd

    from ctie_helpers.lessons._display import translated_frame

    _write(locales / "fr/LC_MESSAGES/ctie.po", [(None, "element", "élément", False), (None, "asks", "demande", False),
                                                 (None, "Act", "Acte", False), (None, "What is done", "Ce qui est fait",
                                                                                 False)])
    df = pd.DataFrame({"element": ["Act", "XA01"], "asks": ["What is done", "n/a"], "count": [3, 4]}).set_index("element")
    shown = translated_frame(df, "fr")
    assert list(shown.columns) == ["demande", "count"] and shown.index.name == "élément"
    assert list(shown.index) == ["Acte", "XA01"] and list(shown["demande"]) == ["Ce qui est fait", "n/a"]
    assert list(df.columns) == ["asks", "count"] and list(df.index) == ["Act", "XA01"]  # the data is untouched


def test_the_course_map_and_navigation_name_a_page_by_its_translated_title(locales, tmp_path):
    from ctie_helpers.i18n.notebooks import translated_title

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# What counts as trafficking?\n\nSession 1.", id="title"),
                nbformat.v4.new_markdown_cell("## Later heading", id="later")]
    path = tmp_path / "session9_demo" / "01_demo.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    assert translated_title(path, "fr") is None  # no catalog yet: the caller shows the English title
    _write(locales / "fr/LC_MESSAGES/notebooks/session9_demo/01_demo.po",
           [("title", "# What counts as trafficking?\n\nSession 1.", "# Qu'est-ce que la traite ?\n\nSession 1.",
             False)])
    assert translated_title(path, "fr") == "Qu'est-ce que la traite ?"
    assert translated_title(path, "en") is None


def test_switching_language_makes_every_preheated_page_stale(tmp_path):
    import os

    from ctie_helpers.course.pool import answers_changed

    (tmp_path / "session1_tip_basics").mkdir()
    sidecar = tmp_path / "session1_tip_basics" / "01_definitions.answers.json"
    sidecar.write_text("{}", encoding="utf-8")
    os.utime(sidecar, (1_000, 1_000))
    assert answers_changed(tmp_path, "session1_tip_basics/01_definitions.ipynb") == 1_000
    settings = i18n.remember_language("fr", tmp_path)
    os.utime(settings, (2_000, 2_000))
    assert answers_changed(tmp_path, "session1_tip_basics/01_definitions.ipynb") == 2_000
    assert answers_changed(tmp_path, "START_HERE.ipynb") == 2_000


def test_graded_feedback_is_written_in_the_language_the_trainee_answered_in(locales, tmp_path):
    from ctie_helpers.grading.explained import feedback_lines
    from ctie_helpers.grading.store import set_current_store

    _write(locales / "fr/LC_MESSAGES/ctie.po", [(None, "✗ You chose “%(given)s”", "✗ Vous avez choisi « %(given)s »",
                                                 False), (None, "The Act", "L'acte", False)])
    french, english = tmp_path / "fr", tmp_path / "en"
    i18n.remember_language("fr", french)
    for folder in (french, english):
        store = AnswerStore(folder / "01_demo.answers.json")
        store.set("s9_choice", "The Act", "choice", graded=True)  # saved from the page: the English id
        assert json.loads(store.path.read_text(encoding="utf-8"))["answers"]["s9_choice"]["value"] == "The Act"
    try:
        set_current_store(AnswerStore(french / "01_demo.answers.json"))  # what a grading kernel's first cell does
        assert feedback_lines("s9_choice", "choice", "The Act", "The Means", reveal=False) == [
            "  ✗ Vous avez choisi « L'acte »"]
        set_current_store(AnswerStore(english / "01_demo.answers.json"))
        assert feedback_lines("s9_choice", "choice", "The Act", "The Means", reveal=False) == [
            "  ✗ You chose “The Act”"]
    finally:
        set_current_store(None)
