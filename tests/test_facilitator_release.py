"""``ctie release``: real ``nbgrader generate_assignment``; the student version leaks nothing, and the
hidden tests are meaningful (``nbgrader validate`` passes with the keys' answers and fails without).

How "the release fails validate" is checked: in this workbook answers live in the sidecar and every
graded test cell's code is hidden, so the release as shipped has no visible test that could fail.
What autograde runs on a trainee's untouched release is that release with its test cells restored
from the source (nbgrader's OverwriteCells) and no answers: that notebook must fail on every item.
"""

from __future__ import annotations

import re
import subprocess

import nbformat
import pytest

from ctie_helpers.cli import main
from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_FILE
from ctie_helpers.facilitator.course import Course, graded_explanations
from ctie_helpers.facilitator.release import release_session
from ctie_helpers.facilitator.simulated_trainees import _write_sidecars, perfect_answer
from ctie_helpers.grading.store import SUFFIX as SIDECAR_SUFFIX
from ctie_helpers.paths import SESSIONS
from tests.fixtures.course.course_copy import FIXTURE_SESSION, REPO, copy_course

pytestmark = pytest.mark.slow

FAILED_ID = re.compile(r'The following cell failed:\s+"""(\w+):')


def _validate(folder, course_root, *flags: str) -> tuple[int, set[str]]:
    """Run ``nbgrader validate`` on every notebook in ``folder``: (notebooks passed, failed cell ids)."""
    nbs = sorted(p.name for p in folder.glob("*.ipynb"))
    proc = subprocess.run(["nbgrader", "validate", *nbs, *flags, f"--CourseDirectory.root={course_root}"], cwd=folder,
                          capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    return out.count("Success! Your notebook passes all the tests."), set(FAILED_ID.findall(out))


def test_cli_release_strips_solutions_hidden_tests_keys_and_sidecars(tmp_path, monkeypatch, capsys):
    course = Course.at(copy_course(tmp_path / "course"))
    src = course.source / FIXTURE_SESSION
    # The facilitator's explanations of graded items sit beside the source; they give the keys away.
    (src / GRADED_EXPLANATIONS_FILE).write_text('{"exercises": {"s0_choice": {"Act": {"why": "Right: '
                                                'it is the act.", "source": "UN Protocol, Art. 3"}}}}', "utf-8")
    # ... and so do their translations beside them (issue 14).
    (src / "graded_explanations.fr.po").write_text('msgid "Right: it is the act."\nmsgstr "Juste : c\'est '
                                                   'l\'acte."\n', "utf-8")
    # An instructor who clicked through the source has a sidecar full of right answers there.
    _write_sidecars(src, course.source_notebooks(FIXTURE_SESSION),
                    {i.exercise_id: perfect_answer(i) for nb in course.source_notebooks(FIXTURE_SESSION)
                     for i in nb.items})
    monkeypatch.delenv("CTIE_ROOT", raising=False)
    assert main(["release", "--root", str(course.root)]) == 0
    assert f"released {FIXTURE_SESSION} -> build/release/{FIXTURE_SESSION}/ (2 notebooks" in capsys.readouterr().out
    rel = course.release_dir(FIXTURE_SESSION)
    assert sorted(p.name for p in rel.iterdir()) == ["01_basics.ipynb", "02_more.ipynb"]
    assert list(src.glob(f"*{SIDECAR_SUFFIX}")), "the release must not touch the source sidecars"
    for nb_path in rel.glob("*.ipynb"):
        text = nb_path.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text and "grade(" not in text, nb_path.name
        assert '\\"deceive\\": \\"Means\\"' not in text and "12.5" not in text, f"{nb_path.name} leaks a key"
        nb = nbformat.reads(text, as_version=4)
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert tests and all(c.source.startswith('"""s0_') and "import grade" in c.source for c in tests)
        assert 'open_sidecar("' in nb.cells[1].source  # the locked setup cell ships unchanged


def test_release_unknown_session_exits_nonzero(tmp_path, capsys):
    course = copy_course(tmp_path / "course")
    assert main(["release", "no_such_session", "--root", str(course)]) == 1
    assert "no session 'no_such_session'" in capsys.readouterr().err


def test_grade_exits_2_only_when_it_cannot_run(tmp_path, capsys):
    course = copy_course(tmp_path / "course")
    assert main(["grade", "no_such_session", "--root", str(course)]) == 2
    assert main(["grade", FIXTURE_SESSION, "--root", str(course), "--submissions", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert "cannot run: no session folder" in err and "cannot run: no submissions folder" in err, err
    assert not (course / "build" / "release").exists(), "nothing may be built when the batch cannot run"


def _graded_cases():
    cases = [FIXTURE_SESSION]
    repo = Course.at(REPO)
    cases += [s for s in SESSIONS if (repo.source / s).is_dir() and s in repo.graded_sessions()]
    return cases


def _assert_no_graded_explanation(course: Course, session: str) -> None:
    """The release holds neither the facilitator's explanations file, nor its French and Spanish catalogs,
    nor any text from them."""
    from tests.graded_text import graded_whys

    released = [p for p in course.release_dir(session).rglob("*") if p.is_file()]
    assert not [p.name for p in released if p.name.startswith("graded_explanations")]
    text = " ".join(p.read_text("utf-8", errors="replace") for p in released)
    whys = [e.why for parts in graded_explanations(course, session).values() for e in parts.values()]
    assert session == FIXTURE_SESSION or whys, f"{session}: no graded explanations were read"
    translated = graded_whys(course.source)
    assert session == FIXTURE_SESSION or len(translated["fr"]) == len(translated["es"]) == len(set(whys))
    whys += translated["fr"] + translated["es"]
    leaked = [w for w in whys if w in text or w.replace('"', '\\"') in text]
    assert not leaked, f"{session}: the release shows graded explanations: {leaked[:2]}"


@pytest.mark.parametrize("session", _graded_cases())
def test_source_passes_validate_and_release_fails(session, tmp_path):
    course = Course.at(copy_course(tmp_path / "course", session))
    sources = course.source_notebooks(session)
    items = [i for nb in sources for i in nb.items]
    text_ids = {i.exercise_id for i in items if i.kind == "text"}
    release_session(course, session)
    _assert_no_graded_explanation(course, session)

    # Source + the keys' answers: every autograded test passes. Free text is graded by hand, and
    # grade() scores it 0 for nbgrader, so those cells (and only those) are reported.
    src = course.source / session
    _write_sidecars(src, sources, {i.exercise_id: perfect_answer(i) for i in items})
    passed, failed = _validate(src, course.root)
    assert failed == text_ids, f"source failed on {failed - text_ids}, expected only free text {text_ids}"
    assert passed == sum(1 for nb in sources if not any(i.kind == "text" for i in nb.items))

    # Release as autograde sees an untouched hand-in: test cells restored from the source, no answers.
    trainee = tmp_path / "trainee"
    trainee.mkdir()
    for nb_src in sources:
        source_cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
                        for c in nbformat.read(nb_src.path, as_version=4).cells}
        nb = nbformat.read(course.release_dir(session) / f"{nb_src.stem}.ipynb", as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                assert "HIDDEN TESTS" not in cell.source
                cell.source = source_cells[meta["grade_id"]]
        nbformat.write(nb, trainee / f"{nb_src.stem}.ipynb")
    # The restored cells differ from the release's checksums, exactly as in autograde, which ignores them.
    passed, failed = _validate(trainee, course.root, "--Validator.ignore_checksums=True")
    assert failed == {i.exercise_id for i in items}, failed
    assert passed == sum(1 for nb in sources if not nb.items), "only notebooks without graded items may pass"
