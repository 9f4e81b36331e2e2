"""``ctie init DIR`` and how the course root is found: from the environment, a marker, or the repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ctie_helpers.course.workfolder import InitError, init_course
from ctie_helpers.paths import MARKER, PACKAGE_DIR, find_root


@pytest.fixture
def course(tmp_path) -> Path:
    """A stand-in for the course a wheel carries: the course map, one session, one dataset and its card."""
    src = tmp_path / "packaged"
    (src / "notebooks" / "session1_tip_basics").mkdir(parents=True)
    (src / "notebooks" / "START_HERE.ipynb").write_text("{}")
    (src / "notebooks" / "session1_tip_basics" / "01_definitions.ipynb").write_text('{"cells": []}')
    (src / "data" / "synthetic").mkdir(parents=True)
    (src / "data" / "synthetic" / "sites_assessment.csv").write_text("a,b\n1,2\n")
    (src / "data" / "synthetic" / "sites_assessment.md").write_text("# card\n")
    return src


def test_init_copies_the_course_and_marks_the_folder(course, tmp_path):
    dest = init_course(tmp_path / "work", course, version="9.8.7")
    assert (dest / "notebooks" / "session1_tip_basics" / "01_definitions.ipynb").read_text() == '{"cells": []}'
    assert (dest / "data" / "synthetic" / "sites_assessment.md").read_text() == "# card\n"
    assert json.loads((dest / MARKER).read_text())["ctie_workbook"] == "9.8.7"
    # Written beside DIR and renamed: no temporary folder is left over, and the copy is the trainee's to edit.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packaged", "work"]
    assert os.access(dest / "notebooks" / "START_HERE.ipynb", os.W_OK)


def test_init_into_an_existing_empty_folder(course, tmp_path):
    (tmp_path / "empty").mkdir()
    init_course(tmp_path / "empty", course)
    assert (tmp_path / "empty" / "notebooks" / "START_HERE.ipynb").is_file()


def test_init_refuses_a_non_empty_folder_and_leaves_it_alone(course, tmp_path):
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "thesis.docx").write_text("my work")
    with pytest.raises(InitError, match=r"mine is not empty"):
        init_course(dest, course)
    assert [p.name for p in dest.iterdir()] == ["thesis.docx"]
    assert (dest / "thesis.docx").read_text() == "my work"
    with pytest.raises(InitError, match="is a file"):
        init_course(dest / "thesis.docx", course)


def test_init_says_when_there_is_no_course_to_copy(tmp_path):
    with pytest.raises(InitError, match="no course to copy"):
        init_course(tmp_path / "work", tmp_path / "nothing")
    assert not (tmp_path / "work").exists()


def test_ctie_init_refuses_a_non_empty_folder_with_a_clear_message(tmp_path, capsys):
    from ctie_helpers.cli import main

    (tmp_path / "notes.txt").write_text("x")
    assert main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ctie init: ") and "not empty" in err and str(tmp_path) in err


def test_the_course_root_is_the_marked_folder_above_the_current_one(course, tmp_path, monkeypatch):
    monkeypatch.delenv("CTIE_ROOT", raising=False)
    dest = init_course(tmp_path / "work", course)
    assert find_root(dest / "notebooks" / "session1_tip_basics") == dest
    # Outside any working folder: the repository this package sits in (a clone).
    assert find_root(tmp_path) == PACKAGE_DIR.parent
    # CTIE_ROOT wins over both.
    monkeypatch.setenv("CTIE_ROOT", str(tmp_path / "elsewhere"))
    assert find_root(dest) == (tmp_path / "elsewhere").resolve()
