"""(3) ``ctie grade`` on 30 simulated submissions vs serial ``nbgrader autograde`` of the same (target >= 1.8x).

A throw-away course root gets the workbook's ``nbgrader_config.py`` and one session (default: the
grading tests' fixture session, two notebooks; ``CTIE_BENCH_GRADE_SESSION=session1_tip_basics`` uses a
real one), is released, and receives 30 hand-ins made by :mod:`ctie_helpers.facilitator.simulated_trainees` (perfect,
partly wrong and blank answers in turn). Then:

- ``ctie grade SESSION --submissions DIR`` (a subprocess, as a facilitator runs it: repair, parallel
  reusable workers, feedback, gradebook CSV);
- the baseline: ``nbgrader autograde SESSION --student T`` once per trainee, one after another, from the
  course root (nbgrader's documented way). The baseline does *not* generate feedback, which ``ctie grade``
  does, so the ratio is conservative.

Both must grade every trainee; the ratio is baseline seconds / ``ctie grade`` seconds.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, Figure

NAME = "grade"
TITLE = "ctie grade vs serial nbgrader autograde"

FIXTURE = REPO / "tests" / "fixtures" / "course" / "notebooks"
KINDS = ("perfect", "partly_wrong", "blank")


def make_course(root: Path, session: str) -> Path:
    src = FIXTURE / session if (FIXTURE / session).is_dir() else REPO / "notebooks" / session
    root.mkdir(parents=True)
    shutil.copyfile(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(src, root / "notebooks" / session,
                    ignore=shutil.ignore_patterns("*.answers.json", ".ipynb_checkpoints", "app_*.ipynb"))
    return root


def make_handins(course, session: str, tmp: Path, n: int) -> Path:
    """``n`` trainees ``t01``... in nbgrader layout, cycling through :data:`KINDS`."""
    from ctie_helpers.facilitator.simulated_trainees import make_cohort

    templates = tmp / "templates"
    make_cohort(course, session, templates, list(KINDS))
    subs = tmp / "submissions"
    for i in range(n):
        shutil.copytree(templates / KINDS[i % len(KINDS)] / session, subs / f"t{i + 1:02d}" / session)
    return subs


def run(quick: bool = False) -> list[Figure]:
    from ctie_helpers.facilitator.course import Course, nbgrader_env
    from ctie_helpers.facilitator.release import release_session

    session = os.environ.get("CTIE_BENCH_GRADE_SESSION", "session0_fixture")
    n = 4 if quick else 30
    env = nbgrader_env()
    with tempfile.TemporaryDirectory(prefix="ctie-bench-grade-") as tmp_name:
        tmp = Path(tmp_name)
        course = Course.at(make_course(tmp / "course", session))
        release_session(course, session)
        subs = make_handins(course, session, tmp, n)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "ctie_helpers.cli", "grade", session, "--submissions",
                               str(subs), "--root", str(course.root), "--quiet"],
                              capture_output=True, text=True, env=env, cwd=course.root)
        ours = time.perf_counter() - t
        if proc.returncode != 0:
            raise RuntimeError(f"ctie grade failed ({proc.returncode}): {proc.stderr[-500:]}")
        with open(course.grades / f"{session}.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        failed = [r["trainee"] for r in rows if r["status"].startswith("failed")]
        if len(rows) != n or failed:
            raise RuntimeError(f"ctie grade graded {len(rows)} of {n}; failed: {failed}")
        submitted = course.submitted
        for who in sorted(p.name for p in subs.iterdir()):
            shutil.copytree(subs / who / session, submitted / who / session)
        t = time.perf_counter()
        for who in sorted(p.name for p in submitted.iterdir()):
            res = subprocess.run(["nbgrader", "autograde", session, "--student", who, "--force"],
                                 capture_output=True, text=True, env=env, cwd=course.root)
            if res.returncode != 0:
                raise RuntimeError(f"nbgrader autograde {who} failed: {res.stderr[-500:]}")
        serial = time.perf_counter() - t
        graded = sum(1 for _ in (course.autograded).glob(f"*/{session}"))
        if graded != n:
            raise RuntimeError(f"serial nbgrader autograded {graded} of {n}")
    per = f"{n} hand-ins of {session}"
    return [
        Figure(f"serial nbgrader autograde, {per} (baseline)", serial, "s", note=f"{serial / n:.1f} s each"),
        Figure(f"ctie grade, {per}", ours, "s", baseline=serial,
               note=f"{os.cpu_count()} workers; includes repair, feedback and the gradebook CSV"),
        Figure("ctie grade speed-up", serial / ours, "x", ">= 1.8x", bool(serial / ours >= 1.8)),
    ]
