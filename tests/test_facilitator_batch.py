"""``facilitator/batch.py``: a hand-in whose grading failed for time or a crashed worker, not for its
content, is graded once more on its own before it is reported failed, and the summary says so.

The workers are replaced by a scripted stand-in (the real ones are exercised by the round trip in
tests/test_facilitator_batch_roundtrip.py), so each attempt's outcome is chosen by the test.
"""

from __future__ import annotations

import pytest

from ctie_helpers.facilitator import batch
from ctie_helpers.facilitator.autograde import JobResult
from ctie_helpers.facilitator.course import Course
from ctie_helpers.facilitator.release import release_session
from ctie_helpers.facilitator.simulated_trainees import make_cohort
from tests.fixtures.course.course_copy import FIXTURE_SESSION, copy_course

pytestmark = pytest.mark.slow  # the module fixture releases the fixture course with nbgrader

TIMED_OUT = "gave up after 5 s (grading did not finish)"
CRASHED = "grading worker crashed (exit -9): Killed"
CONTENT = "nbgrader autograde failed: the notebook is not a session notebook"
SCORES = {"s0_choice": 1.0, "s0_bins": 3.0, "s0_numeric": 2.0, "s0_reflection": 0.0, "s0_multi": 2.0}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    course = Course.at(copy_course(root / "course"))
    release_session(course, FIXTURE_SESSION)
    make_cohort(course, FIXTURE_SESSION, root / "handins", ["perfect", "blank", "partly_wrong"])
    return course, root / "handins"


def _scripted_workers(monkeypatch, script: dict[str, list[str | None]]) -> list[tuple[list[str], int | None]]:
    """Replace the workers: attempt k of trainee t ends with ``script[t][k]`` (an error, or None = graded)."""
    calls: list[tuple[list[str], int | None]] = []
    tries: dict[str, int] = {}

    def fake_run_jobs(jobs, course_root, session, log_dir, *, workers=None, progress=True):
        calls.append(([j.trainee for j in jobs], workers))
        out = []
        for job in jobs:
            k = tries[job.trainee] = tries.get(job.trainee, 0) + 1
            error = script[job.trainee][k - 1]
            if error is None:
                out.append(JobResult(job.trainee, dict(SCORES), auto_scores=dict(SCORES)))
            else:  # what autograde.run_jobs reports: grading failures are retryable, content ones not
                out.append(JobResult(job.trainee, error=error, retryable=error != CONTENT))
        return out

    monkeypatch.setattr(batch, "run_jobs", fake_run_jobs)
    monkeypatch.setattr(batch, "publish_feedback", lambda *a, **k: [])
    return calls


def test_timeout_or_crash_is_retried_alone_once_content_failure_is_not(course, monkeypatch):
    calls = _scripted_workers(monkeypatch, {
        "perfect": [TIMED_OUT, None],  # loaded machine: the retry goes through
        "partly_wrong": [CRASHED, CRASHED],  # fails twice: reported failed after one retry
        "blank": [CONTENT],  # the hand-in itself: retrying would fail the same way
    })
    course, handins = course
    result = batch.grade_session(course, FIXTURE_SESSION, handins, progress=False)
    assert sorted(calls[0][0]) == ["blank", "partly_wrong", "perfect"]  # the first pass: everyone
    assert sorted(calls[1:]) == [(["partly_wrong"], 1), (["perfect"], 1)]  # then each retry alone, one worker
    rows = {r.trainee: r for r in result.rows}
    assert rows["perfect"].status == "graded"
    assert rows["perfect"].scores["s0_bins"] == 3.0
    assert any(line == f"retried once on its own after: {TIMED_OUT}" for line in rows["perfect"].lines)
    assert rows["partly_wrong"].status == f"failed: {CRASHED}"
    assert f"retried once on its own after: {CRASHED}" in rows["partly_wrong"].lines
    assert rows["blank"].status == f"failed: {CONTENT}"
    assert not any("retried" in line for line in rows["blank"].lines)
    summary = result.summary
    assert "3 submissions: 1 graded (0 after repairs), 2 failed, 2 retried" in summary
    perfect_block = summary[summary.index("GRADED   perfect"):]
    assert f"retried once on its own after: {TIMED_OUT}" in perfect_block.splitlines()[1]


def test_nothing_is_retried_when_every_hand_in_grades(course, monkeypatch):
    calls = _scripted_workers(monkeypatch, {"perfect": [None], "partly_wrong": [None], "blank": [None]})
    course, handins = course
    result = batch.grade_session(course, FIXTURE_SESSION, handins, progress=False)
    assert len(calls) == 1
    assert "3 graded (0 after repairs), 0 failed, 0 retried" in result.summary
    assert "retried once" not in result.summary
