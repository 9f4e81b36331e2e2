"""Autograde and feedback for many trainees in parallel, each in its own nbgrader course root.

Why one process and one course root per trainee: nbgrader grades one trainee after another, and
its SQLite gradebook takes one writer at a time. A worker here gets a private root
(``build/.work/<session>/<trainee>/``) holding a copy of the course gradebook (which already knows
the assignment from ``ctie release``) and the repaired submission; the source stays the course's
``notebooks/``. The worker runs nbgrader's own ``Autograde`` and ``GenerateFeedback`` converters in
one interpreter (one start-up instead of two CLI calls) and writes ``result.json`` with every
grade cell's score. A worker that crashes or outlives its time limit is killed with its kernels,
and only that trainee is reported failed.

Workers are reused: each reads one job per line on stdin and answers ``DONE <trainee>`` on stdout,
so the ~3 s of CPU that importing nbgrader costs is paid once per worker, not once per trainee
(measured: about 8 s of CPU per trainee of the fixture course, 3.5 s of it imports). The parent
waits for each answer with the job's time limit; a worker that is late or dies is killed with its
kernels, its trainee is reported failed, and a fresh worker takes the next job.

Worker process: ``python -m ctie_helpers.facilitator.autograde COURSE_ROOT SESSION``.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_FILE
from ctie_helpers.facilitator.course import load_nbgrader_config, nbgrader_env
from ctie_helpers.grading.explained import GRADED_EXPLANATIONS_ENV

__all__ = ["Job", "JobResult", "run_jobs", "run_worker"]

RESULT = "result.json"


@dataclass
class Job:
    """One trainee to grade: the private root (already holding ``gradebook.db`` and ``submitted/``)."""

    trainee: str
    workdir: Path
    timeout: float


@dataclass
class JobResult:
    """What a worker reported: scores by grade id (``None`` if the worker failed), and why not."""

    trainee: str
    scores: dict[str, float] = field(default_factory=dict)
    max_scores: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    feedback_error: str | None = None
    seconds: float = 0.0
    auto_scores: dict[str, float | None] = field(default_factory=dict)  # for the course gradebook
    # True when the grading itself failed (time limit, crashed or unstartable worker), not the hand-in:
    # worth one more try on its own, since a loaded machine can cause it
    retryable: bool = False


def _worker_config(course_root: Path, workdir: Path):
    """The course's own nbgrader config, re-pointed at the worker's private root and gradebook."""
    config = load_nbgrader_config(course_root)
    cd = config.CourseDirectory
    cd.root = str(workdir)
    # Absolute: the source and release stay the course's (os.path.join keeps an absolute second part).
    cd.source_directory = str(course_root / "notebooks")
    cd.release_directory = str(course_root / "build" / "release")
    cd.submitted_directory = "submitted"
    cd.autograded_directory = "autograded"
    cd.feedback_directory = "feedback"
    cd.db_url = "sqlite:///" + str(workdir / "gradebook.db")
    return config


def _scores(db_url: str, course_id: str, session: str, trainee: str) -> tuple[dict, dict, dict]:
    # deferred: saves 5892 ms at import of ctie_helpers.facilitator.autograde
    from nbgrader.api import Gradebook

    scores: dict[str, float] = {}
    maxes: dict[str, float] = {}
    autos: dict[str, float | None] = {}
    with Gradebook(db_url, course_id) as gb:
        submission = gb.find_submission(session, trainee)
        for nb in submission.notebooks:
            for g in nb.grades:
                maxes[g.name] = float(g.max_score)
                autos[g.name] = None if g.auto_score is None else float(g.auto_score)
                # score = the manual score if one was set, else the autograde score (None: not graded yet)
                scores[g.name] = 0.0 if g.score is None else float(g.score)
    return scores, maxes, autos


def run_worker(workdir: Path, course_root: Path, session: str, trainee: str) -> dict:
    """Autograde and write feedback for one trainee inside ``workdir``; return (and save) the result."""
    # deferred: saves 9164 ms at import of ctie_helpers.facilitator.autograde
    from nbgrader.converters import Autograde, GenerateFeedback

    # deferred: saves 6445 ms at import of ctie_helpers.facilitator.autograde
    from nbgrader.coursedir import CourseDirectory

    # deferred: saves 5858 ms at import of ctie_helpers.facilitator.autograde
    from nbgrader.utils import capture_log

    config = _worker_config(course_root, workdir)
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = session
    coursedir.student_id = trainee
    out: dict = {"trainee": trainee}
    app = Autograde(coursedir=coursedir, config=config)
    app.force = True
    app.create_student = True
    t0 = time.perf_counter()
    graded = capture_log(app)
    out["seconds_autograde"] = round(time.perf_counter() - t0, 2)
    out["autograde_log"] = graded.get("log", "")
    if not graded["success"]:
        out["error"] = "nbgrader autograde failed: " + _last_line(graded.get("error") or graded.get("log"))
    else:
        out["scores"], out["max_scores"], out["auto_scores"] = _scores(coursedir.db_url, coursedir.course_id, session, trainee)
        fb = GenerateFeedback(coursedir=coursedir, config=config)
        fb.force = True
        t0 = time.perf_counter()
        made = capture_log(fb)
        out["seconds_feedback"] = round(time.perf_counter() - t0, 2)
        if not made["success"]:
            out["feedback_error"] = "feedback failed: " + _last_line(made.get("error") or made.get("log"))
    (workdir / RESULT).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


def _last_line(text: str | None) -> str:
    lines = [ln.strip() for ln in (text or "").strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "no message"


def _kill_tree(proc: subprocess.Popen) -> None:
    """Kill a worker and every process under it (kernels start their own session, so killpg misses them)."""
    # deferred: saves 42 ms at import of ctie_helpers.facilitator.autograde
    import psutil

    try:
        procs = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        procs = []
    for p in [*procs, proc]:
        try:
            p.kill()
        except (psutil.NoSuchProcess, ProcessLookupError):
            pass
    psutil.wait_procs([p for p in procs if isinstance(p, psutil.Process)], timeout=10)
    proc.wait()


def _worker_env(course_root: Path, session: str) -> dict[str, str]:
    """nbgrader's environment plus where the grading kernels find the graded items' explanations,
    which live beside the source notebooks and never in the package or the release."""
    return {**nbgrader_env(),
            GRADED_EXPLANATIONS_ENV: str(course_root / "notebooks" / session / GRADED_EXPLANATIONS_FILE)}


class _Worker:
    """One reusable worker process and a thread that turns its stdout into a queue of lines."""

    def __init__(self, course_root: Path, session: str, log: Path) -> None:
        self.log = log
        self._logfile = open(log, "a", encoding="utf-8")  # nbgrader and kernels write noise to stderr
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ctie_helpers.facilitator.autograde", str(course_root), session],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._logfile, env=_worker_env(course_root, session),
            text=True, encoding="utf-8", bufsize=1,
        )
        # Both pipes were asked for above, so both exist; kept typed as present.
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._stdin, self._stdout = self.proc.stdin, self.proc.stdout
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self._stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)  # end of file: the worker died or closed

    def run(self, job: Job) -> JobResult:
        start = time.perf_counter()
        self._stdin.write(json.dumps({"trainee": job.trainee, "workdir": str(job.workdir)}) + "\n")
        self._stdin.flush()
        deadline = start + job.timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.perf_counter()))
            except queue.Empty:
                self.stop(kill=True)
                return JobResult(job.trainee, error=f"gave up after {job.timeout:.0f} s (grading did not finish)",
                                 seconds=time.perf_counter() - start, retryable=True)
            if line is None:
                code = self.proc.wait()
                tail = _last_line(self.log.read_text(encoding="utf-8", errors="replace"))
                return JobResult(job.trainee, error=f"grading worker crashed (exit {code}): {tail}",
                                 seconds=time.perf_counter() - start, retryable=True)
            if line == f"DONE {job.trainee}":
                break
        data = json.loads((job.workdir / RESULT).read_text(encoding="utf-8"))
        return JobResult(job.trainee, data.get("scores", {}), data.get("max_scores", {}), data.get("error"),
                         data.get("feedback_error"), time.perf_counter() - start, data.get("auto_scores", {}))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, kill: bool = False) -> None:
        if kill:
            _kill_tree(self.proc)
        else:
            try:
                self._stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                _kill_tree(self.proc)
        self._logfile.close()


def run_jobs(jobs: list[Job], course_root: Path, session: str, log_dir: Path, *, workers: int | None = None,
             progress: bool = True) -> list[JobResult]:
    """Run every job on ``workers`` reusable worker processes (default: all cores), with a progress bar.

    Returns
    -------
    list[JobResult]
        One per job, in the order of ``jobs``; a job whose worker failed becomes a failed result.
    """
    # deferred: saves 20 ms at import of ctie_helpers.facilitator.autograde
    from tqdm import tqdm

    todo: queue.Queue[Job] = queue.Queue()
    for job in jobs:
        todo.put(job)
    results: dict[str, JobResult] = {}
    lock = threading.Lock()
    n = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    log_dir.mkdir(parents=True, exist_ok=True)
    bar = tqdm(total=len(jobs), desc=f"grading {session}", unit="trainee", disable=not progress, file=sys.stderr)

    def slot(k: int) -> None:
        worker: _Worker | None = None
        while True:
            try:
                job = todo.get_nowait()
            except queue.Empty:
                break
            try:
                if worker is None or not worker.alive():
                    worker = _Worker(course_root, session, log_dir / f"worker{k}.log")
                res = worker.run(job)
                if not worker.alive():
                    worker = None
            except Exception as exc:  # noqa: BLE001 - one trainee's failure must not stop the batch
                res = JobResult(job.trainee, error=f"{type(exc).__name__}: {exc}", retryable=True)
                if worker is not None:
                    worker.stop(kill=True)
                    worker = None
            with lock:
                results[job.trainee] = res
                bar.set_postfix_str(job.trainee)
                bar.update()
        if worker is not None:
            worker.stop()

    threads = [threading.Thread(target=slot, args=(k,), daemon=True) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bar.close()
    return [results[j.trainee] for j in jobs]


def _serve(course_root: Path, session: str) -> None:
    """Worker loop: one JSON job per stdin line; ``DONE <trainee>`` on stdout when its result is saved."""
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        workdir, trainee = Path(job["workdir"]), job["trainee"]
        try:
            run_worker(workdir, course_root, session, trainee)
        except Exception as exc:  # noqa: BLE001 - report, then stay alive for the next trainee
            (workdir / RESULT).write_text(json.dumps({"trainee": trainee, "error": f"{type(exc).__name__}: {exc}"}),
                                          encoding="utf-8")
        print(f"DONE {trainee}", flush=True)


if __name__ == "__main__":  # pragma: no cover - exercised through run_jobs in the round-trip test
    # jsonschema imports rfc3987_syntax if it is installed, only for the "iri" string format that no
    # notebook schema uses; building its grammar costs about 2 s of CPU per process (measured).
    # A None entry makes that import fail fast (documented for sys.modules; typeshed allows modules only).
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    _serve(Path(sys.argv[1]), sys.argv[2])
