"""``ctie submit``: one zip per trainee, notebooks checked first, the broken file named."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from ctie_helpers.cli import main
from ctie_helpers.grading.store import AnswerStore
from ctie_helpers.grading.submit import BrokenNotebookError, pack_submission, trainee_id
from tests.fixtures.course.course_copy import FIXTURE, FIXTURE_SESSION

S = FIXTURE_SESSION


@pytest.fixture
def work(tmp_path):
    """A trainee's session folder: the fixture notebooks, one answered in its sidecar."""
    folder = tmp_path / S
    shutil.copytree(FIXTURE / S, folder)
    AnswerStore(folder / "01_basics.answers.json").set("s0_choice", "Act", "choice", graded=True)
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "01_basics-checkpoint.ipynb").write_text("{}")
    return folder


def test_zip_holds_session_folder_notebooks_sidecars_and_timestamp(work, tmp_path):
    res = pack_submission(work, S, trainee="Ana Pérez", out=tmp_path / "out" / "ana.zip")
    with zipfile.ZipFile(res.zip_path) as zf:
        names = sorted(zf.namelist())
        assert json.loads(zf.read(f"{S}/01_basics.answers.json"))["answers"]["s0_choice"]["value"] == "Act"
        assert zf.read(f"{S}/timestamp.txt").decode().strip().endswith("UTC")
    assert names == sorted([f"{S}/01_basics.ipynb", f"{S}/02_more.ipynb", f"{S}/01_basics.answers.json",
                            f"{S}/timestamp.txt"])
    assert any("02_more.ipynb has no answers file" in w for w in res.warnings), res.warnings
    assert not list(res.zip_path.parent.glob(".*.tmp")), "temporary file left behind"


def test_default_name_is_the_os_user_and_default_place_the_cwd(work, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("getpass.getuser", lambda: "field.officer 1")
    res = pack_submission(work, S)
    assert res.zip_path == tmp_path / "field.officer_1.zip" and res.zip_path.exists()


def test_broken_notebook_is_named_and_nothing_is_written(work, tmp_path):
    (work / "02_more.ipynb").write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(BrokenNotebookError, match=r"02_more\.ipynb is not valid JSON \(line 1"):
        pack_submission(work, S, trainee="ana", out=tmp_path / "ana.zip")
    assert not (tmp_path / "ana.zip").exists()
    (work / "02_more.ipynb").write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(BrokenNotebookError, match=r"02_more\.ipynb is JSON but not a Jupyter notebook"):
        pack_submission(work, S, trainee="ana", out=tmp_path / "ana.zip")


def test_corrupt_sidecar_is_packed_with_a_warning(work, tmp_path):
    (work / "02_more.answers.json").write_text("{oops", encoding="utf-8")
    res = pack_submission(work, S, trainee="ana", out=tmp_path / "ana.zip")
    assert f"{S}/02_more.answers.json" in res.files  # the facilitator's repair step reports it
    assert any("cannot be graded" in w for w in res.warnings), res.warnings


def test_trainee_id_is_file_and_nbgrader_safe():
    assert trainee_id("  Ana Pérez ") == "Ana_P_rez"
    assert trainee_id("o'brien/../x") == "o_brien_.._x"
    with pytest.raises(ValueError):
        trainee_id("///")


def test_cli_packs_from_the_current_session_folder(work, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(work)
    assert main(["submit", S, "--name", "ana", "--out", str(tmp_path / "h" / "ana.zip")]) == 0
    out = capsys.readouterr().out
    assert "Packed 2 notebooks and 1 answer files" in out and "Hand this zip" in out, out
    assert (tmp_path / "h" / "ana.zip").is_file()


def test_cli_names_the_broken_file_and_fails(work, tmp_path, monkeypatch, capsys):
    (work / "01_basics.ipynb").write_text("not json", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["submit", S, "--name", "ana"]) == 1  # finds ./session0_fixture
    err = capsys.readouterr().err
    assert "01_basics.ipynb is not valid JSON" in err and "Nothing was written" in err, err
    assert not (tmp_path / "ana.zip").exists()
