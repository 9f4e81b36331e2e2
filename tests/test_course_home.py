"""The course home page: the map links every session notebook; the submit panel packs a session by clicking."""

from __future__ import annotations

import shutil
import zipfile

from ctie_helpers.course.home import course_map, notebook_title, submit_panel
from tests.notebook_tools import NOTEBOOKS, SESSIONS, session_notebooks


def test_course_map_links_every_session_notebook():
    html = course_map(NOTEBOOKS).value
    for n, session in enumerate(SESSIONS, start=1):
        assert f"Session {n}:" in html
        for nb in session_notebooks(session):
            assert f'href="{session}/{nb.name}"' in html, nb


def test_notebook_title_reads_first_heading(tmp_path):
    nb = NOTEBOOKS / "START_HERE.ipynb"
    assert notebook_title(nb).startswith("Counter-Trafficking in Emergencies")
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert notebook_title(broken) == "broken"


def test_submit_panel_defaults_to_the_hub_user(tmp_path, monkeypatch):
    (tmp_path / "session1_tip_basics").mkdir()
    monkeypatch.setenv("JUPYTERHUB_USER", "trainee07")
    assert submit_panel(tmp_path).name_box.value == "trainee07"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert submit_panel(tmp_path).name_box.value == ""


def test_submit_panel_packs_the_chosen_session(tmp_path):
    session = "session1_tip_basics"
    work = tmp_path / session
    work.mkdir()
    shutil.copy(NOTEBOOKS / "START_HERE.ipynb", work / "01_intro.ipynb")
    (work / "01_intro.answers.json").write_text(
        '{"schema": 1, "notebook": "01_intro.ipynb", "answers": {}}')
    panel = submit_panel(tmp_path)
    panel.session.value = session
    panel.button.click()
    assert "Type your name first" in panel.message.value
    panel.name_box.value = "Ana Pérez"
    panel.button.click()
    out = tmp_path / "submissions" / session / "Ana_P_rez.zip"
    assert out.is_file(), panel.message.value
    assert "✓ Saved" in panel.message.value
    names = zipfile.ZipFile(out).namelist()
    assert f"{session}/01_intro.ipynb" in names and f"{session}/01_intro.answers.json" in names


def test_submit_panel_names_a_broken_notebook(tmp_path):
    session = "session2_pim"
    (tmp_path / session).mkdir()
    (tmp_path / session / "01_x.ipynb").write_text("{oops")
    panel = submit_panel(tmp_path)
    panel.name_box.value = "bob"
    panel.button.click()
    assert "Not packed" in panel.message.value and "01_x.ipynb" in panel.message.value
    assert not (tmp_path / "submissions" / session / "bob.zip").exists()


def test_course_map_shows_the_declared_minutes():
    """Session 1 declares 27 reading (8+3+7+4+5) + 77 exercise (29+8+9+7+24) + 20 discussion minutes
    (timing.json); 01_definitions 8 + 29 = 37."""
    html = course_map(NOTEBOOKS).value
    assert "about 124 minutes: reading 27, exercises 77, discussion in the live session 20" in html
    assert '01_definitions.ipynb">What counts as trafficking' in html and "· about 37 minutes" in html
