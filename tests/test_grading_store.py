"""The answers sidecar: schema, atomic writes, corrupt files moved aside, the process-wide store."""

from __future__ import annotations

import json
import os
import warnings

import pytest

from ctie_helpers.grading import store as store_mod
from ctie_helpers.grading.store import AnswerStore, SidecarError, current_store, open_sidecar, read_sidecar


@pytest.fixture(autouse=True)
def _no_default_store():
    yield
    store_mod.set_current_store(None)


def test_set_writes_the_documented_schema(tmp_path):
    path = tmp_path / "01_definitions.answers.json"
    s = AnswerStore(path)
    s.set("s1_amp_elements", {"recruitment": "Act"}, "bins", graded=True)
    doc = json.loads(path.read_text())
    assert doc["schema"] == 1 and doc["notebook"] == "01_definitions"
    rec = doc["answers"]["s1_amp_elements"]
    assert rec["kind"] == "bins" and rec["value"] == {"recruitment": "Act"}
    assert rec["attempts"] == 0 and rec["status"] == "answered" and rec["graded"] is True
    assert rec["updated"].endswith("+00:00")


def test_record_attempt_counts_and_keeps_the_value(tmp_path):
    s = AnswerStore(tmp_path / "nb.answers.json")
    s.set("s1_x", "A", "choice")
    s.record_attempt("s1_x", status="wrong")
    rec = s.record_attempt("s1_x", status="correct")
    assert rec["attempts"] == 2 and rec["status"] == "correct" and rec["value"] == "A"
    # A changed answer keeps the attempt count but is no longer "correct".
    rec = s.set("s1_x", "B", "choice")
    assert rec["attempts"] == 2 and rec["status"] == "answered"
    assert AnswerStore(s.path).get("s1_x")["attempts"] == 2


def test_record_attempt_without_answer_and_bad_status_raise(tmp_path):
    s = AnswerStore(tmp_path / "nb.answers.json")
    with pytest.raises(KeyError):
        s.record_attempt("s1_missing", status="saved")
    with pytest.raises(ValueError):
        s.set("s1_x", 1, "numeric", status="great")


def test_get_returns_copies_and_value_and_all(tmp_path):
    s = AnswerStore(tmp_path / "nb.answers.json")
    s.set("s1_a", ["x"], "multi")
    s.get("s1_a")["value"].append("y")
    assert s.value("s1_a") == ["x"]
    assert s.value("s1_none", "default") == "default"
    assert set(s.all()) == {"s1_a"}


def test_non_json_value_fails_before_touching_the_file(tmp_path):
    s = AnswerStore(tmp_path / "nb.answers.json")
    s.set("s1_a", 1.0, "numeric")
    before = s.path.read_bytes()
    with pytest.raises(TypeError):
        s.set("s1_b", object(), "numeric")
    assert s.path.read_bytes() == before


def test_crash_during_replace_keeps_earlier_answers(tmp_path, monkeypatch):
    s = AnswerStore(tmp_path / "nb.answers.json")
    s.set("s1_a", "first", "choice")
    before = s.path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("power cut")

    monkeypatch.setattr(store_mod.os, "replace", crash)
    with pytest.raises(OSError, match="power cut"):
        s.set("s1_b", "second", "choice")
    monkeypatch.undo()
    assert s.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["nb.answers.json"]  # no temp file left behind
    assert s.get("s1_b") is None  # memory agrees with the file
    assert AnswerStore(s.path).value("s1_a") == "first"


def test_crash_during_write_of_the_temp_file(tmp_path, monkeypatch):
    s = AnswerStore(tmp_path / "nb.answers.json")
    s.set("s1_a", "first", "choice")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store_mod.os, "fsync", crash)
    with pytest.raises(OSError):
        s.set("s1_a", "second", "choice")
    monkeypatch.undo()
    assert AnswerStore(s.path).value("s1_a") == "first"
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("content", [
    "{not json", "[]", '{"schema": 2, "answers": {}}', '{"schema": 1, "answers": []}',
    '{"schema": 1, "answers": {"s1_a": "just a string"}}',
])
def test_corrupt_sidecar_is_moved_aside_not_overwritten(tmp_path, content):
    path = tmp_path / "01_x.answers.json"
    path.write_text(content)
    with pytest.warns(RuntimeWarning, match="moved aside"):
        s = AnswerStore(path)
    aside = list(tmp_path.glob("01_x.answers.corrupt-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == content
    assert s.all() == {} and len(s.problems) == 1 and aside[0].name in s.problems[0]
    s.set("s1_a", "A", "choice")
    assert aside[0].read_text() == content
    assert json.loads(path.read_text())["answers"]["s1_a"]["value"] == "A"


def test_two_corrupt_files_in_the_same_second_both_survive(tmp_path):
    path = tmp_path / "nb.answers.json"
    for text in ("{bad one", "{bad two"):
        path.write_text(text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            AnswerStore(path)
    kept = sorted(p.read_text() for p in tmp_path.glob("nb.answers.corrupt-*.json"))
    assert kept == ["{bad one", "{bad two"]


def test_unreadable_bytes_count_as_corrupt(tmp_path):
    path = tmp_path / "nb.answers.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SidecarError):
        read_sidecar(path)
    with pytest.warns(RuntimeWarning):
        AnswerStore(path)
    assert not path.exists()


def test_reads_see_changes_made_by_another_process(tmp_path):
    path = tmp_path / "nb.answers.json"
    mine, theirs = AnswerStore(path), AnswerStore(path)
    mine.set("s1_a", "A", "choice")
    assert theirs.value("s1_a") == "A"
    theirs.set("s1_b", "B", "choice")
    mine.set("s1_c", "C", "choice")  # must not drop s1_b written by the other store
    assert set(AnswerStore(path).all()) == {"s1_a", "s1_b", "s1_c"}


def test_open_sidecar_sets_the_default_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert current_store() is None
    s = open_sidecar("01_definitions.ipynb")
    assert current_store() is s
    assert s.path == tmp_path / "01_definitions.answers.json" and s.notebook == "01_definitions"
    other = open_sidecar("02_x", folder=tmp_path / "sub")
    assert current_store() is other and other.path.parent == tmp_path / "sub"
    other.set("s1_a", 1, "numeric")
    assert (tmp_path / "sub" / "02_x.answers.json").exists()


def test_no_leftover_temp_files_after_many_writes(tmp_path):
    s = AnswerStore(tmp_path / "nb.answers.json")
    for i in range(20):
        s.set(f"s1_{i}", i, "numeric")
    assert os.listdir(tmp_path) == ["nb.answers.json"]
    assert len(read_sidecar(s.path)["answers"]) == 20


def test_iter_answers_yields_readable_sidecars_and_reports_the_broken_one(tmp_path):
    good = tmp_path / "01_intro.answers.json"
    good.write_text(json.dumps({"schema": 1, "notebook": "01_intro",
                                "answers": {"s1_x": {"kind": "choice", "value": "Act"}}}), encoding="utf-8")
    broken = tmp_path / "02_more.answers.json"
    broken.write_text('{"schema": 1, "answ', encoding="utf-8")
    before = broken.read_bytes()
    problems: list[str] = []
    got = list(store_mod.iter_answers([good, broken], problems, label=lambda p: f"alice/{p.name}"))
    assert got == [(good, "01_intro", {"s1_x": {"kind": "choice", "value": "Act"}})]
    assert len(problems) == 1 and problems[0].startswith("alice/02_more.answers.json: ") and "JSON" in problems[0]
    assert broken.read_bytes() == before  # reading never moves or rewrites a file


def test_a_setup_cell_ending_in_open_sidecar_shows_nothing_on_the_page(tmp_path):
    """Course pages showed ``AnswerStore('/…/01_definitions.answers.json', 0 answers)`` under the title."""
    # IPython's own formatter, as the kernel's display hook uses it for a cell's last value (no global
    # shell is created: other tests must not start seeing a notebook around them)
    from IPython.core.formatters import DisplayFormatter

    from ctie_helpers.grading.store import open_sidecar

    store = open_sidecar("01_definitions", tmp_path)
    assert DisplayFormatter().format(store) == ({}, {})
    assert "01_definitions" in repr(store)  # still there for an analyst who asks
