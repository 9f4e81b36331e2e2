"""grade() for nbgrader test cells: partial credit, one stdout line, never stderr; answer() from code."""

from __future__ import annotations

import ast
import warnings

import pytest

from ctie_helpers.grading import answer, grade, open_sidecar
from ctie_helpers.grading import store as store_mod
from ctie_helpers.grading.store import AnswerStore

KEY = {"recruiting": "Act", "lying": "Means", "threats": "Means", "forced labour": "Purpose", "moving": "Act"}


@pytest.fixture
def sidecar(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = open_sidecar("01_definitions")
    yield s
    store_mod.set_current_store(None)


def test_partial_credit_value_and_quiet_stderr(sidecar, capsys, monkeypatch):
    monkeypatch.setenv("CTIE_FEEDBACK_REVEAL", "0")  # ctie grade --no-reveal
    sidecar.set("s1_amp_elements", dict(KEY, lying="Act", moving="Purpose"), "bins", graded=True)
    assert grade("s1_amp_elements", "bins", key=KEY, points=3) == 1.8  # 3 of 5 right
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("\n") == 3 and "s1_amp_elements" in out and "1.8 of 3 points" in out  # summary + 2 parts
    assert "2 of 5 items are in the wrong group" in out
    assert "lying: your answer Act" in out and "moving: your answer Purpose" in out
    assert "Means" not in out and "right answer" not in out  # without reveal the key is never printed


def test_full_and_rounded_scores(sidecar, capsys):
    sidecar.set("s1_a", KEY, "bins")
    assert grade("s1_a", "bins", key=KEY, points=3) == 3.0
    sidecar.set("s1_m", ["a"], "multi")
    assert grade("s1_m", "multi", key=["a", "b", "c"], points=2) == 0.67
    assert "full marks" in capsys.readouterr().out


def test_missing_answer(sidecar, capsys):
    assert grade("s1_amp_elements", "bins", key=KEY, points=3) == 0.0
    out, err = capsys.readouterr()
    assert out == "No answer saved for s1_amp_elements\n" and err == ""


def test_cleared_answer_counts_as_missing(sidecar, capsys):
    sidecar.set("s1_a", None, "choice")
    assert grade("s1_a", "choice", key="A", points=1) == 0.0
    assert "No answer saved for s1_a" in capsys.readouterr().out


def test_options_reach_the_check(sidecar):
    sidecar.set("s1_lp", "1,996", "numeric")
    assert grade("s1_lp", "numeric", key=2000, points=2, abs_tol=5) == 2.0
    assert grade("s1_lp", "numeric", key=2000, points=2) == 0.0


def test_corrupt_sidecar_is_reported_on_stdout_only(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "01_x.answers.json").write_text("{broken")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the notebook's first cell warns; the test cell must not
        open_sidecar("01_x")
    try:
        assert grade("s1_a", "choice", key="A", points=1) == 0.0
        out, err = capsys.readouterr()
        assert err == "" and "moved aside" in out and "No answer saved for s1_a" in out
    finally:
        store_mod.set_current_store(None)


def test_warnings_and_library_stderr_inside_grade_are_suppressed(sidecar, capsys, monkeypatch):
    import sys

    grade_mod = sys.modules["ctie_helpers.grading.grade"]

    def noisy_check(kind, value, key, **options):
        warnings.warn("deprecated thing", DeprecationWarning, stacklevel=2)
        print("library noise", file=sys.stderr)
        raise RuntimeError("boom")

    sidecar.set("s1_a", "A", "choice")
    monkeypatch.setattr(grade_mod, "check", noisy_check)
    assert grade("s1_a", "choice", key="A", points=1) == 0.0
    out, err = capsys.readouterr()
    assert err == "" and "could not be checked" in out


def test_no_open_store(capsys):
    store_mod.set_current_store(None)
    assert grade("s1_a", "choice", key="A", points=1) == 0.0
    out, err = capsys.readouterr()
    assert "first cell" in out and err == ""


def test_free_text_is_not_autograded(sidecar, capsys):
    sidecar.set("s1_essay", "A long enough answer", "text")
    assert grade("s1_essay", "text", key=None, points=4) == 0.0
    assert "by hand" in capsys.readouterr().out


def test_bad_key_or_kind_raises_for_the_author():
    with pytest.raises(ValueError):
        grade("s1_a", "essay", key="A", points=1)
    with pytest.raises(ValueError):
        grade("s1_a", "choice", key="A", points=-1)


def test_explicit_store_argument(tmp_path):
    s = AnswerStore(tmp_path / "nb.answers.json")
    s.set("s1_a", "A", "choice")
    assert grade("s1_a", "choice", key="A", points=2, store=s) == 2.0


def test_answer_in_code_then_grade_in_a_fresh_process(sidecar, capsys):
    answer("s1_amp_elements", KEY, "bins")
    assert "Saved" in capsys.readouterr().out
    fresh = AnswerStore(sidecar.path)  # what nbgrader's fresh kernel sees
    assert grade("s1_amp_elements", "bins", key=KEY, points=3, store=fresh) == 3.0
    with pytest.raises(ValueError, match="not 'choice'"):
        answer("s1_amp_elements", "Act", "choice")
    with pytest.raises(ValueError):
        answer("s1_x", object(), "choice")


def test_answer_without_open_store_raises():
    store_mod.set_current_store(None)
    with pytest.raises(RuntimeError, match="first code cell|first cell"):
        answer("s1_a", "A", "choice")


def test_the_test_cell_shape_from_developers_md_runs(sidecar, capsys):
    """The exact graded test cell text, with its key read back by ast.literal_eval as the tooling does."""
    cell = ('"""s1_amp_elements: Act, Means and Purpose (3 points)"""\n'
            "from ctie_helpers.grading import grade\n"
            "### BEGIN HIDDEN TESTS\n"
            f"grade(\"s1_amp_elements\", \"bins\", key={KEY!r}, points=3)\n"
            "### END HIDDEN TESTS\n")
    call = next(n for n in ast.walk(ast.parse(cell)) if isinstance(n, ast.Call))
    key = ast.literal_eval(next(k.value for k in call.keywords if k.arg == "key"))
    sidecar.set("s1_amp_elements", key, "bins")
    namespace: dict = {}
    exec(compile(cell.replace("grade(\"s1", "result = grade(\"s1"), "<cell>", "exec"), namespace)
    assert namespace["result"] == 3.0 and capsys.readouterr().err == ""
