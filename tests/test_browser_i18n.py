"""Course mode in French and Spanish in a real browser.

- One session 1 page from tiny fixture catalogs written here: its text and buttons come from the catalogs,
  the answer saved is the English id (screenshot ``fr_01_definitions.png``).
- Session 1 worked through in French with the real catalogs, by clicking, handed in and graded: the same
  answers as the English walk-through (``tests/test_browser_course.py``) get the same hand-worked score;
  then the course map's switch to Spanish (screenshots ``fr_*.png``, ``es_*.png``).

Screenshots go to build/screenshots/course/.
"""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ctie_helpers.i18n import remember_language
from tests.browser_support import chromium
from tests.fixtures.course.course_copy import copy_course
from tests.notebook_tools import NOTEBOOKS
from tests.test_browser_course import (
    SESSION1,
    CourseServer,
    Trainee,
    assert_code_free,
    assert_expected_grade,
    assert_heading,
    open_page,
    shot,
    walk_session1,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE_FR = "# Qu'est-ce que la traite ? La définition de Palerme, les enfants et le consentement"


def _po(path, entries):
    po = Catalog(locale="fr")
    for ctx, english, translated in entries:
        po.add(english, translated, context=ctx)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, po)


def test_a_session1_page_in_french_in_course_mode(tmp_path, monkeypatch):
    course = copy_course(tmp_path / "course", SESSION1)
    root = course / "notebooks"
    shutil.copy(NOTEBOOKS / "START_HERE.ipynb", root / "START_HERE.ipynb")
    nb = nbformat.read(root / SESSION1 / "01_definitions.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "markdown")
    locales = tmp_path / "locales"
    _po(locales / "fr/LC_MESSAGES/notebooks" / SESSION1 / "01_definitions.po",
        [(first.id, first.source.strip(), TITLE_FR)])
    _po(locales / "fr/LC_MESSAGES/ctie.po", [(None, "Check answer", "Vérifier la réponse"),
                                             (None, "Yes", "Oui"), (None, "No", "Non")])
    monkeypatch.setenv("CTIE_LOCALES_DIR", str(locales))  # the server and its kernels read the fixture
    remember_language("fr", root)  # what `ctie course --lang fr` does
    with CourseServer(root, tmp_path / "voila.log") as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(120_000)
        open_page(page, server.url(f"{SESSION1}/01_definitions.ipynb"))
        page.wait_for_selector(".ctie-exercise", timeout=300_000)
        assert_code_free(page, "01_definitions in French")
        text = page.inner_text("#rendered_cells")
        assert TITLE_FR.lstrip("# ") in text, text[:400]
        assert page.get_by_role("button", name="Vérifier la réponse").count() >= 1
        assert page.get_by_role("button", name="Check answer").count() == 0
        shot(page, "fr_01_definitions")
    # nothing French reached the answers: every saved value is an id the English page would save
    for sidecar in (root / SESSION1).glob("*.answers.json"):
        assert "Vérifier" not in json.dumps(json.loads(sidecar.read_text(encoding="utf-8")))


def _switch_to_spanish(trainee: Trainee, server: CourseServer) -> None:
    """From the French hand-in, back to the course map, its switch to Spanish, and session 1's first page."""
    from playwright.sync_api import expect

    page = trainee.page
    page.locator("nav.ctie-nav").first.get_by_role("link", name=trainee.sees("Course map")).click()
    expect(page).to_have_url(re.compile(r"/START_HERE\.ipynb$"), timeout=300_000)
    page.wait_for_selector(".ctie-lang", timeout=300_000)
    page.locator(".ctie-lang").get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"/START_HERE\.ipynb\?lang=es$"), timeout=300_000)
    page.wait_for_selector(".ctie-lang strong[lang=es]", timeout=300_000)
    assert_code_free(page, "course map (es)")
    assert_heading(page, NOTEBOOKS / "START_HERE.ipynb", "es", "course map (es)")
    shot(page, "es_00_course_map")
    page.click(f'a[href="{SESSION1}/01_definitions.ipynb"]')
    expect(page).to_have_url(re.compile(r"/01_definitions\.ipynb$"), timeout=300_000)
    page.wait_for_selector(".ctie-exercise", timeout=300_000)
    assert_code_free(page, "01_definitions (es)")
    assert_heading(page, NOTEBOOKS / SESSION1 / "01_definitions.ipynb", "es", "01_definitions (es)")
    spanish = Trainee(page, "es")
    assert spanish.exercise("s1_amp_elements").get_by_role("button", name=spanish.sees("Save answer")).count() == 1
    shot(page, "es_01_definitions")


@pytest.mark.usefixtures("english")  # conftest: no CTIE_LANG, no language remembered in the user's settings
def test_trainee_works_through_session1_in_french_and_gets_the_english_grade(tmp_path):
    """Issue 14's "Done means": ``ctie course --lang fr``, every label found by its French words (through the
    real catalogs), the English run's answers handed in, and ``ctie grade`` gives the English run's
    hand-worked score: grading does not depend on the language the trainee read."""
    with chromium() as browser:
        row = walk_session1(browser, tmp_path, "fr", then=_switch_to_spanish)
    assert_expected_grade(row)
    # Every page the trainee answered on ran in French: its answers file says so (graded feedback is
    # written in that language), while the answers themselves are the English ids graded above.
    sidecars = sorted((tmp_path / "course" / "notebooks" / SESSION1).glob("*.answers.json"))
    assert len(sidecars) == 5, sidecars
    for sidecar in sidecars:
        assert json.loads(sidecar.read_text(encoding="utf-8"))["language"] == "fr", sidecar.name
