"""Course mode in French in a real browser: a session 1 page's text and its exercise's buttons come from the
catalogs (tiny fixture catalogs written here, never the real translations), and the answer saved is the
English id. Screenshot: build/screenshots/course/fr_01_definitions.png.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ctie_helpers.i18n import remember_language
from tests.browser_support import chromium
from tests.fixtures.course.course_copy import copy_course
from tests.notebook_tools import NOTEBOOKS
from tests.test_browser_course import SESSION1, CourseServer, assert_code_free, open_page, shot

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
