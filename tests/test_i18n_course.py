"""Course mode's chrome in French and Spanish: the course map, the navigation bar, the hand-in panel."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from ctie_helpers import i18n
from ctie_helpers.course.home import course_map, submit_panel
from ctie_helpers.course.nav import nav_html

REPO = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.usefixtures("english")  # conftest: start from English


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_course_map_in_french_shows_french_chrome():
    """Session 1 declares 27 reading (8+3+7+4+5) + 77 exercise (29+8+9+7+24) + 20 discussion minutes
    (timing.json); 01_definitions 8 + 29 = 37."""
    text = _text(course_map(REPO / "notebooks", course_mode=False, lang="fr").value)
    assert "environ 124 minutes\u00a0: lecture 27, exercices 77, discussion en séance 20" in text
    assert "· environ 37 minutes" in text
    assert "Session 1\u00a0: " in text and "Points du programme" in text and "Chapitre(s) du Guide" in text
    for english in ("about 124 minutes", "Agenda points", "Guide chapter(s)", "Session 1: "):
        assert english not in text


def test_course_map_in_spanish_and_english():
    es = _text(course_map(REPO / "notebooks", course_mode=False, lang="es").value)
    assert "unos 124 minutos: lectura 27, ejercicios 77, debate en la sesión en vivo 20" in es
    assert "Sesión 1: " in es and "Puntos de la agenda" in es
    en = _text(course_map(REPO / "notebooks", course_mode=False, lang="en").value)
    assert "about 124 minutes: reading 27, exercises 77, discussion in the live session 20" in en


def test_course_map_follows_the_course_folders_remembered_choice(tmp_path):
    course = tmp_path / "course"
    (course / "session1_tip_basics").mkdir(parents=True)
    (course / "session1_tip_basics" / "01_x.ipynb").write_text(json.dumps(
        {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# X"}], "metadata": {},
         "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    i18n.remember_language("es", course)
    assert "Puntos de la agenda" in course_map(course, course_mode=False).value


def test_language_switch_in_course_mode_links_each_language_and_marks_the_current(tmp_path):
    page = course_map(REPO / "notebooks", course_mode=True, lang="fr").value
    switch = re.search(r'<nav class="ctie-lang" lang="fr" aria-label="Langue"[^>]*>(.*?)</nav>', page).group(1)
    assert '<strong lang="fr" aria-current="true">Français</strong>' in switch
    assert 'href="START_HERE.ipynb?lang=en"' in switch and 'href="START_HERE.ipynb?lang=es"' in switch
    assert 'target="_self"' in switch  # reloads the page in the trainee's one tab
    assert "ctie-lang" not in course_map(REPO / "notebooks", course_mode=False, lang="fr").value


def test_following_the_switch_remembers_the_language(tmp_path, monkeypatch):
    """In course mode the page's address ?lang=es is read (Voilà's QUERY_STRING) and remembered."""
    course = tmp_path / "course"
    (course / "session1_tip_basics").mkdir(parents=True)
    monkeypatch.setenv("QUERY_STRING", "lang=es")
    page = course_map(course, course_mode=True).value
    assert '<strong lang="es" aria-current="true">Español</strong>' in page
    assert i18n.current_language(course) == "es"
    monkeypatch.setenv("QUERY_STRING", "lang=xx")  # a hand-typed address: ignored, the remembered choice stays
    course_map(course, course_mode=True)
    assert i18n.current_language(course) == "es"


def test_a_preheated_map_does_not_wait_for_its_address(tmp_path, monkeypatch):
    """A spare kernel (VOILA_PREHEAT) renders the map at once in the remembered language: it never asks Voilà
    for the page's address, which would hold the map back until a trainee opens it."""
    import voila.utils

    def waits(*args, **kwargs):
        raise AssertionError("a preheated map waited for its page request")

    course = tmp_path / "course"
    (course / "session1_tip_basics").mkdir(parents=True)
    i18n.remember_language("fr", course)  # what the server does with ?lang=fr before handing the spare out
    monkeypatch.setattr(voila.utils, "wait_for_request", waits)
    monkeypatch.setattr(voila.utils, "get_query_string", waits)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("QUERY_STRING", "lang=es")  # not there in a real spare; ignored if it were
    page = course_map(course, course_mode=True).value
    assert '<strong lang="fr" aria-current="true">Français</strong>' in page
    assert i18n.current_language(course) == "fr"


def test_the_server_remembers_the_address_language_before_the_page_renders(tmp_path, monkeypatch):
    """``ctie course``'s page handler remembers ?lang= (then the pool sees the spares as older than the choice);
    a reload with the same code writes nothing, so the spares made since stay usable."""
    import asyncio
    import os

    from ctie_helpers.course.address import remembering_language
    from ctie_helpers.course.page import COURSE_ROOT_ENV
    from ctie_helpers.i18n.choice import SETTINGS_FILE

    calls = []

    class Handler:  # what the hook uses of Voilà's page handler
        _finished = False

        def __init__(self, query):
            self.query = query

        async def prepare(self):
            calls.append("auth")

        def get_query_argument(self, name, default=None):
            return self.query.get(name, default)

    course = tmp_path / "course"
    course.mkdir()
    monkeypatch.setenv(COURSE_ROOT_ENV, str(course))
    remembering_language(Handler)
    asyncio.run(Handler({"lang": "es"}).prepare())
    assert calls == ["auth"] and i18n.current_language(course) == "es"
    settings = course / SETTINGS_FILE
    os.utime(settings, (1000.0, 1000.0))
    asyncio.run(Handler({"lang": "ES"}).prepare())  # the same language again: the file is not rewritten
    asyncio.run(Handler({"lang": "xx"}).prepare())  # a hand-typed unknown code: ignored, the page still opens
    asyncio.run(Handler({}).prepare())
    assert settings.stat().st_mtime == 1000.0 and i18n.current_language(course) == "es"
    asyncio.run(Handler({"lang": "fr"}).prepare())
    assert i18n.current_language(course) == "fr" and settings.stat().st_mtime > 1000.0
    refused = Handler({"lang": "en"})
    refused._finished = True  # e.g. redirected to a login page: nothing is remembered
    asyncio.run(refused.prepare())
    assert i18n.current_language(course) == "fr"
    assert json.loads(settings.read_text(encoding="utf-8")) == {"language": "fr"}


def test_navigation_and_hand_in_panel_in_french(tmp_path, monkeypatch):
    monkeypatch.setenv("CTIE_LANG", "fr")
    nav = nav_html("01_definitions", REPO / "notebooks" / "session1_tip_basics")
    assert ">Plan du cours</a>" in nav and 'aria-label="Pages du cours"' in nav and "Suivant\u00a0: " in nav
    # The bar says which language it speaks, and gives the page script the scrolling tables' name in it.
    assert '<nav class="ctie-nav" lang="fr"' in nav
    assert 'data-table-label="Tableau (faites-le défiler avec les touches fléchées)"' in nav
    (tmp_path / "session1_tip_basics").mkdir()
    panel = submit_panel(tmp_path, session="session1_tip_basics")
    assert panel.button.description == "Remettre cette session" and panel.name_box.description == "Votre nom\u00a0:"
    panel.button.click()
    assert "Saisissez d'abord votre nom." in html.unescape(panel.message.value)


def test_feedback_link_text_in_spanish(tmp_path):
    from ctie_helpers.course.feedback import feedback_links

    folder = tmp_path / "feedback" / "session1_tip_basics"
    folder.mkdir(parents=True)
    (folder / "01_definitions.html").write_text("<p>ok</p>", encoding="utf-8")
    links = feedback_links(tmp_path, "session1_tip_basics", course_mode=True, lang="es")
    assert "<strong>Sus comentarios:</strong>" in links


def test_remembering_the_same_language_again_leaves_the_file_alone(tmp_path):
    """The preheated pool takes the settings file's modification time for a change of language and replaces
    every spare page; following ``?lang=fr`` again in French must not cost the trainee those spares."""
    import os

    path = i18n.remember_language("fr", tmp_path)
    os.utime(path, (1_000_000, 1_000_000))
    assert i18n.remember_language("fr", tmp_path) == path
    assert path.stat().st_mtime == 1_000_000
    i18n.remember_language("es", tmp_path)
    assert path.stat().st_mtime > 1_000_000
