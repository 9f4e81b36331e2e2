"""Released feedback in course mode (issues 11/12): the course map links a session's feedback pages once the
facilitator has released them into the trainee's ``feedback/<session>/`` folder, never before, and course
mode's server serves exactly those pages."""

from __future__ import annotations

import shutil
from urllib.parse import urljoin

import pytest
import requests

from ctie_helpers.course.home import course_map
from tests.notebook_tools import NOTEBOOKS

S1 = "session1_tip_basics"
PAGE = "<html><body><h1>Feedback: 01_definitions</h1><p>s1_amp_elements: 2 of 3 points</p></body></html>"


def _course(tmp_path):
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copyfile(NOTEBOOKS / "START_HERE.ipynb", root / "START_HERE.ipynb")
    for session in (S1, "session2_pim"):
        shutil.copytree(NOTEBOOKS / session, root / session, ignore=shutil.ignore_patterns("*.answers.json"))
    return root


def _release(root, session=S1, name="01_definitions.html"):
    folder = root / "feedback" / session
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(PAGE, encoding="utf-8")


def test_no_feedback_line_before_the_release(tmp_path):
    root = _course(tmp_path)
    (root / "feedback" / S1).mkdir(parents=True)  # an empty folder is not a release
    (root / "feedback" / S1 / "notes.txt").write_text("not a feedback page")
    assert "Your feedback" not in course_map(root, course_mode=True).value


def test_released_feedback_is_linked_under_its_session_only(tmp_path):
    root = _course(tmp_path)
    _release(root)
    page = course_map(root, course_mode=True).value
    s1, s2 = page.split("<h3>Session 2:")
    assert "Your feedback" in s1 and "Your feedback" not in s2
    # From /voila/render/START_HERE.ipynb, ../files/ is Voilà's file route; the link names the notebook's title.
    assert ('<a href="../files/feedback/session1_tip_basics/01_definitions.html" target="_blank" rel="noopener">'
            "What counts as trafficking? The Palermo definition, children, and consent</a>") in s1
    # In JupyterLab the same page is opened relative to START_HERE's folder.
    assert 'href="feedback/session1_tip_basics/01_definitions.html"' in course_map(root, course_mode=False).value


@pytest.mark.slow
def test_course_server_serves_released_feedback_and_nothing_else(tmp_path):
    from tests.test_browser_course import CourseServer

    root = _course(tmp_path)
    _release(root)
    (root / S1 / "secret.html").write_text("<p>not for the web</p>")
    href = 'href="'
    html = course_map(root, course_mode=True).value
    link = html[html.index(href, html.index("Your feedback")) + len(href):].split('"', 1)[0]
    with CourseServer(root, tmp_path / "voila.log") as server:
        res = requests.get(urljoin(server.url("START_HERE.ipynb"), link), timeout=30)
        assert res.status_code == 200 and "s1_amp_elements: 2 of 3 points" in res.text
        assert res.headers["Content-Type"].startswith("text/html")
        for other in (f"{S1}/01_definitions.ipynb", f"{S1}/secret.html", "START_HERE.ipynb",
                      f"feedback/{S1}/../../{S1}/secret.html"):
            assert requests.get(f"{server.base}/voila/files/{other}", timeout=30).status_code in (403, 404), other
