"""Repairs before autograde (no kernels).

Each broken hand-in must come out restored to the release's structure with the trainee's own work
kept, and with one report line that names what happened.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from ctie_helpers.facilitator.course import Course
from ctie_helpers.facilitator.release import release_session
from ctie_helpers.facilitator.repair import CORRUPT_SUFFIX, repair_submission
from ctie_helpers.grading.store import AnswerStore
from tests.fixtures.course.course_copy import FIXTURE_SESSION, copy_course

S = FIXTURE_SESSION


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    c = Course.at(copy_course(tmp_path_factory.mktemp("course")))
    release_session(c, S)  # repairs restore from the real release (nbgrader's checksums)
    return c


@pytest.fixture
def hand_in(course, tmp_path):
    folder = tmp_path / "ana" / S
    shutil.copytree(course.release_dir(S), folder)
    AnswerStore(folder / "01_basics.answers.json").set("s0_choice", "Act", "choice", graded=True)
    return folder


def _repair(course, folder):
    return repair_submission(folder, course.source_notebooks(S), course.release_dir(S))


def _ids(path):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nbformat.read(path, as_version=4).cells]


def _edit(path, change):
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def test_untouched_hand_in_needs_no_repair(course, hand_in):
    report = _repair(course, hand_in)
    assert report.repairs == []
    assert report.notes == ["02_more: no answers file, so its 3 graded items score 0 unless answered in code"]


def test_deleted_graded_cell_is_restored_in_place(course, hand_in):
    nb_path = hand_in / "01_basics.ipynb"
    before = _ids(nb_path)
    _edit(nb_path, lambda nb: [nb.cells.pop(before.index(g)) for g in ("s0_bins", "s0_choice")])
    report = _repair(course, hand_in)
    assert report.repairs == ["01_basics.ipynb: deleted graded cell s0_choice restored from the release",
                              "01_basics.ipynb: deleted graded cell s0_bins restored from the release"]
    assert _ids(nb_path) == before  # each back in its own place, after its widget


def test_duplicate_removed_and_changed_cells_restored_but_trainee_cells_kept(course, hand_in):
    nb_path = hand_in / "01_basics.ipynb"

    def tamper(nb):
        idx = _ids(nb_path).index("s0_choice")
        copy = nbformat.from_dict(json.loads(json.dumps(nb.cells[idx])))
        copy.id = "pasted-copy"
        nb.cells.insert(idx + 1, copy)
        nb.cells[idx].source = "pass"
        nb.cells[1].source += "\nprint('my own line')"  # the locked setup cell
        nb.cells.append(new_code_cell("my_note = 'kept'"))
    _edit(nb_path, tamper)
    report = _repair(course, hand_in)
    assert sorted(report.repairs) == sorted([
        "01_basics.ipynb: duplicated cell s0_choice removed",
        "01_basics.ipynb: changed test cell s0_choice restored (checksum differed)",
        "01_basics.ipynb: changed locked cell setup_01_basics restored (checksum differed)",
    ])
    nb = nbformat.read(nb_path, as_version=4)
    released = nbformat.read(course.release_dir(S) / "01_basics.ipynb", as_version=4)
    assert [c.source for c in nb.cells[:-1]] == [c.source for c in released.cells]
    assert nb.cells[-1].source == "my_note = 'kept'"


def test_source_notebooks_handed_in_are_not_tampering(course, tmp_path):
    """A laptop trainee works in notebooks/<session>/ itself: hidden tests in test cells are expected."""
    folder = tmp_path / "lap" / S
    shutil.copytree(course.source / S, folder)
    report = _repair(course, folder)
    assert report.repairs == [], report.repairs


def test_renamed_notebook_is_matched_by_its_cell_ids(course, hand_in):
    (hand_in / "02_more.ipynb").rename(hand_in / "02_more (1).ipynb")
    report = _repair(course, hand_in)
    assert report.repairs == ["02_more (1).ipynb: renamed notebook matched to 02_more.ipynb by its cell ids"]
    assert sorted(p.name for p in hand_in.glob("*.ipynb")) == ["01_basics.ipynb", "02_more.ipynb"]


def test_extra_copy_beside_the_original_is_reported_not_graded(course, hand_in):
    shutil.copyfile(hand_in / "01_basics.ipynb", hand_in / "01_basics-Copy1.ipynb")
    report = _repair(course, hand_in)
    assert report.repairs == []
    assert "01_basics-Copy1.ipynb: extra notebook that matches no session notebook; not graded" in report.notes


def test_broken_json_replaced_by_release_and_kept_aside(course, hand_in):
    (hand_in / "01_basics.ipynb").write_text('{"cells": [{"cell_type": "co', encoding="utf-8")
    report = _repair(course, hand_in)
    assert len(report.repairs) == 1 and report.repairs[0].startswith("01_basics.ipynb: 01_basics.ipynb is not valid JSON")
    assert "replaced by the release version" in report.repairs[0]
    assert (hand_in / "01_basics.ipynb.broken").read_text().startswith('{"cells"')
    assert _ids(hand_in / "01_basics.ipynb") == _ids(course.release_dir(S) / "01_basics.ipynb")
    assert (hand_in / "01_basics.answers.json").exists(), "the answers must survive a broken notebook"


def test_missing_notebook_is_replaced_by_release(course, hand_in):
    (hand_in / "02_more.ipynb").unlink()
    report = _repair(course, hand_in)
    assert report.repairs == ["02_more.ipynb: missing; the release version was used, its saved answers are still graded"]
    assert (hand_in / "02_more.ipynb").exists()


def test_corrupt_sidecar_moved_aside_and_its_items_named(course, hand_in):
    (hand_in / "01_basics.answers.json").write_text('{"schema": 1, "answers": [1]}', encoding="utf-8")
    report = _repair(course, hand_in)
    assert report.lost_items == ["s0_choice", "s0_bins"]
    assert len(report.repairs) == 1 and "corrupt answers file" in report.repairs[0], report.repairs
    assert "its items score 0: s0_choice, s0_bins" in report.repairs[0]
    assert not (hand_in / "01_basics.answers.json").exists()
    assert (hand_in / f"01_basics{CORRUPT_SUFFIX}").exists()
