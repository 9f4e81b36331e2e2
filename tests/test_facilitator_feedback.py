"""Releasing graded feedback to trainees: nothing before the release, each trainee only their own pages,
pages that show hidden tests never released, and the trainee's server start puts them where the course
map links them (ctie_helpers/facilitator/feedback.py, provision.receive_feedback, ``ctie feedback``)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ctie_helpers import cli
from ctie_helpers.course.feedback import feedback_links, released_feedback
from ctie_helpers.errors import BadValueError
from ctie_helpers.facilitator import feedback as fb
from ctie_helpers.facilitator.course import Course
from ctie_helpers.facilitator.provision import receive_feedback

NBGRADER_HEAD = (  # what nbgrader's feedback template emits (nbconvert's mathjax() macro), abridged
    '<link rel="stylesheet" href="https://cdn.example.org/x.css">\n'
    '<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe"> </script>\n'
    '<script type="text/x-mathjax-config">init_mathjax = function() {};</script>\n'
    '<link rel="stylesheet" href="custom.css">')

S1 = "session1_tip_basics"
S2 = "session2_pim"


def _course(tmp_path: Path) -> Course:
    root = tmp_path / "course"
    root.mkdir()
    (root / "nbgrader_config.py").write_text("c = get_config()\n")
    pages = {("ana", S1, "01_definitions.html"): "<p>Ana: part b was wrong</p>",
             ("ana", S1, "02_indicators.html"): "<p>Ana second page</p>",
             ("ben", S1, "01_definitions.html"): "<p>Ben: all right</p>",
             ("ben", S1, "03_leaky.html"): "<pre>### BEGIN HIDDEN TESTS\nassert key == 'b'\n### END HIDDEN TESTS</pre>",
             ("ana", S2, "01_pim.html"): "<p>session 2</p>"}
    for (trainee, session, name), text in pages.items():
        f = root / "build" / "feedback" / trainee / session / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    return Course.at(root)


@pytest.fixture
def not_root(monkeypatch):
    monkeypatch.setattr(fb.os, "geteuid", lambda: 1000)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_release_gives_each_trainee_only_their_own_session_pages(tmp_path, not_root):
    course, dest = _course(tmp_path), tmp_path / "released"
    report = fb.release_feedback(course, S1, dest)
    assert report.released == {"ana": 2, "ben": 1}  # ben's leaky page is withheld
    assert sorted(p.name for p in (dest / "ana" / S1).iterdir()) == ["01_definitions.html", "02_indicators.html"]
    assert [p.name for p in (dest / "ben" / S1).iterdir()] == ["01_definitions.html"]
    assert not (dest / "ana" / S2).exists()  # only the session asked for
    # Traversable, not listable; each trainee's folder and pages owner-only.
    assert _mode(dest) == 0o711
    assert _mode(dest / "ana") == 0o700 and _mode(dest / "ana" / S1 / "01_definitions.html") == 0o600
    assert not list((dest / "ana").glob(".*"))  # no staging folder left behind


def test_release_replaces_a_regraded_session_and_keeps_the_others(tmp_path, not_root):
    course, dest = _course(tmp_path), tmp_path / "released"
    fb.release_feedback(course, S1, dest)
    fb.release_feedback(course, S2, dest)
    page = course.feedback / "ana" / S1 / "01_definitions.html"
    page.write_text("<p>Ana regraded</p>")
    (course.feedback / "ana" / S1 / "02_indicators.html").unlink()
    fb.release_feedback(course, S1, dest)
    assert (dest / "ana" / S1 / "01_definitions.html").read_text() == "<p>Ana regraded</p>"
    assert not (dest / "ana" / S1 / "02_indicators.html").exists()
    assert (dest / "ana" / S2 / "01_pim.html").read_text() == "<p>session 2</p>"


def test_nothing_to_release_is_a_clear_user_error(tmp_path, not_root):
    course = _course(tmp_path)
    with pytest.raises(BadValueError, match="no graded feedback for session3_framework.*ctie grade"):
        fb.release_feedback(course, "session3_framework", tmp_path / "released")
    assert not (tmp_path / "released").exists()


def test_as_root_each_folder_goes_to_the_trainees_account(tmp_path, monkeypatch):
    monkeypatch.setattr(fb.os, "geteuid", lambda: 0)
    accounts = {"jupyter-ana": (4242, 4343)}  # ben has no account on this machine
    monkeypatch.setattr(fb, "_owner", lambda name: accounts.get(name))
    chowned: dict[Path, tuple[int, int]] = {}
    monkeypatch.setattr(fb.os, "chown", lambda path, uid, gid: chowned.__setitem__(Path(path), (uid, gid)))
    course, dest = _course(tmp_path), tmp_path / "released"
    report = fb.release_feedback(course, S1, dest, account_prefix="jupyter-")
    assert report.released == {"ana": 2}
    assert report.problems == ["ben: no account 'jupyter-ben'; not released"]
    assert not (dest / "ben").exists()
    assert set(chowned) == {dest / "ana", dest / "ana" / S1, dest / "ana" / S1 / "01_definitions.html",
                            dest / "ana" / S1 / "02_indicators.html"}
    assert set(chowned.values()) == {(4242, 4343)}


def test_server_start_copies_own_pages_where_the_course_map_links_them(tmp_path, not_root):
    course, dest = _course(tmp_path), tmp_path / "released"
    home = tmp_path / "home" / "ana"
    home.mkdir(parents=True)
    assert feedback_links(home, S1, course_mode=True) == ""  # before the release: nothing
    assert receive_feedback(home, dest, "ana").copied == []  # no release folder yet: not a problem
    fb.release_feedback(course, S1, dest)
    got = receive_feedback(home, dest, "ana")
    assert got.copied == [f"feedback/{S1}/01_definitions.html", f"feedback/{S1}/02_indicators.html"]
    assert [p.name for p in released_feedback(home, S1)] == ["01_definitions.html", "02_indicators.html"]
    links = feedback_links(home, S1, course_mode=True)
    assert f'href="../files/feedback/{S1}/01_definitions.html"' in links
    assert "Ben" not in (home / "feedback" / S1 / "01_definitions.html").read_text()


@pytest.mark.parametrize("user", ["", "../ben", ".hidden"])
def test_server_start_refuses_odd_user_names(tmp_path, not_root, user):
    course, dest = _course(tmp_path), tmp_path / "released"
    fb.release_feedback(course, S1, dest)
    home = tmp_path / "home"
    home.mkdir()
    assert receive_feedback(home, dest, user).copied == []
    assert not (home / "feedback").exists()


def test_ctie_feedback_release_command(tmp_path, not_root, capsys):
    course, dest = _course(tmp_path), tmp_path / "released"
    assert cli.main(["feedback", "release", S1, "--to", str(dest), "--root", str(course.root)]) == 0
    assert "released session1_tip_basics feedback to 2 trainees (3 pages)" in capsys.readouterr().out
    assert cli.main(["feedback", "release", "session4_indicators", "--to", str(dest),
                     "--root", str(course.root)]) == 2
    assert "no graded feedback for session4_indicators" in capsys.readouterr().err


def test_published_feedback_loads_nothing_from_another_machine(tmp_path):
    course = _course(tmp_path)
    work = tmp_path / "work"
    page = work / "feedback" / "ana" / S1 / "01_definitions.html"
    page.parent.mkdir(parents=True)
    page.write_text(f"<html><head>{NBGRADER_HEAD}</head><body><p>Ana: part b</p></body></html>")
    assert fb.publish_feedback(course, S1, "ana", work) == []
    out = (course.feedback / "ana" / S1 / "01_definitions.html").read_text()
    assert "cdnjs" not in out and "cdn.example.org" not in out
    # Local pieces stay: the inline configuration script, the local stylesheet, the text.
    assert "text/x-mathjax-config" in out and 'href="custom.css"' in out and "<p>Ana: part b</p>" in out
