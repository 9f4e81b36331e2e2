"""Two facilitators grade at once into one PostgreSQL gradebook through nbgrader's ``db_url``.

A real PostgreSQL server (Debian's package; ``./workbook test`` installs it) is started once for this
module in a temporary folder on 127.0.0.1 with a password; each test gets its own new database in it.
Two ``nbgrader autograde`` batches, then two whole ``ctie grade`` runs (two sessions, the same
trainees, one given ``--db-url`` and one ``$CTIE_GRADEBOOK_URL``) run concurrently against it, and every
submission and every grade must be in the gradebook with the score worked out by hand for that trainee
(tests/fixtures/course/expected.py).
Then the server is stopped and its folder removed.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ctie_helpers.facilitator.course import COURSE_ID, Course
from ctie_helpers.facilitator.gradebook_db import autograde_batch, gradebook_scores, prepare_gradebook
from ctie_helpers.facilitator.simulated_trainees import make_cohort
from tests.fixtures.course.course_copy import FIXTURE, FIXTURE_SESSION, copy_course
from tests.fixtures.course.expected import FIXTURE_EXPECTED, FIXTURE_TEXT_ITEMS

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TRAINEES = ["partly_wrong", "perfect"]  # make_cohort scenario names = trainee ids
# Hand-worked points per trainee and grade cell (tests/fixtures/course/expected.py), free text included:
# both sessions hold the fixture's notebooks, so both expect the same.
EXPECTED = {t: {**FIXTURE_EXPECTED[t], **FIXTURE_TEXT_ITEMS} for t in TRAINEES}


def _pg_bin(tool: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), key=lambda p: int(Path(p).parts[4]))
    path = found[-1] if found else shutil.which(tool)
    if not path:
        pytest.fail("PostgreSQL is not installed: run ./workbook test (as root it installs Debian's "
                    "postgresql) or apt-get install postgresql")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1, run as the ``postgres`` user when we are root
    (the server refuses to run as root)."""

    def __init__(self) -> None:
        self.user = "postgres" if os.geteuid() == 0 else None
        # Not under pytest's tmp_path: that is root-only (0700), and the postgres user must reach it.
        self.dir = Path(tempfile.mkdtemp(prefix="ctie-pg-"))
        self.data, self.sock, self.log = self.dir / "data", self.dir / "sock", self.dir / "server.log"
        self.port = _free_port()
        self.password = secrets.token_urlsafe(16)

    def _run(self, *cmd: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(list(cmd), user=self.user, capture_output=True, text=True, timeout=120,
                              cwd=self.dir, env={**os.environ, "LC_ALL": "C.UTF-8"})
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {proc.stdout}{proc.stderr}{log}")
        return proc

    def start(self) -> str:
        self.sock.mkdir()
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password + "\n")
        if self.user:
            shutil.chown(self.dir, self.user)
            for p in (self.sock, pwfile):
                shutil.chown(p, self.user)
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "ctie", f"--pwfile={pwfile}",
                  "--auth=scram-sha-256", "-E", "UTF8", "--no-sync")
        pwfile.unlink()
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.sock} -c fsync=off"
        self._run(_pg_bin("pg_ctl"), "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log), "-o", opts)
        return self.new_database("ctie_grades")

    def new_database(self, name: str | None = None) -> str:
        """Create a database and return its SQLAlchemy URL."""
        import psycopg2

        name = name or f"ctie_{secrets.token_hex(4)}"
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="ctie", password=self.password,
                                dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE {name}")
        conn.close()
        return f"postgresql+psycopg2://ctie:{self.password}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(_pg_bin("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.data))
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def postgres_server():
    """One server for the module (starting one costs seconds); tests stay apart in their own databases."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()
    assert not _port_open(server.port), "PostgreSQL still listens after the tests"


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database: nbgrader creates its schema on first use, as on a fresh server."""
    return postgres_server.new_database()


def test_two_concurrent_batches_lose_no_row(tmp_path, postgres_url):
    t0 = time.perf_counter()
    root = copy_course(tmp_path / "course")
    second = "session0_fixture_b"  # the same notebooks as a second session: another batch, same trainees
    shutil.copytree(FIXTURE / FIXTURE_SESSION, root / "notebooks" / second,
                    ignore=shutil.ignore_patterns("*.answers.json", ".ipynb_checkpoints"))
    course = Course.at(root)
    sessions = [FIXTURE_SESSION, second]
    # Registers both sessions in PostgreSQL and, as nbgrader does, builds their student versions,
    # which the simulated trainees then start from.
    prepare_gradebook(course, postgres_url, sessions, TRAINEES)
    for session in sessions:
        cohort = make_cohort(course, session, tmp_path / "handins" / session, TRAINEES)
        assert [t.name for t in cohort] == TRAINEES
    t1 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:  # two nbgrader processes writing at the same time
        runs = list(pool.map(lambda s: autograde_batch(course, s, postgres_url, tmp_path / "handins" / s,
                                                       tmp_path / "work" / s), sessions))
    t2 = time.perf_counter()
    for run in runs:
        assert run.returncode == 0, f"{run.session} batch failed:\n{run.log_tail}"
        assert sorted(run.trainees) == TRAINEES
    for session in sessions:
        got = gradebook_scores(postgres_url, session)
        assert sorted(got) == TRAINEES, f"{session}: submissions in the gradebook {sorted(got)}"
        for trainee in TRAINEES:
            assert got[trainee] == EXPECTED[trainee], f"{session}/{trainee}: {got[trainee]}"
    print(f"\npostgres: set-up {t1 - t0:.1f} s, two batches at once {t2 - t1:.1f} s "
          f"({', '.join(f'{r.session} {r.seconds:.1f} s' for r in runs)}), 4 submissions, every grade present")


def _csv_rows(path: Path) -> dict[str, dict[str, str]]:
    import csv

    with path.open(newline="", encoding="utf-8") as fh:
        return {r["trainee"]: r for r in csv.DictReader(fh)}


def test_two_ctie_grade_runs_at_once_record_every_row(tmp_path, postgres_url):
    """Two facilitators run ``ctie grade`` on two sessions at the same moment into one new database.

    Both runs open the empty database (schema and course row), register their session and create the
    same two students at about the same time: nbgrader's check-then-insert races, which ``ctie grade``
    retries. Every submission and score must reach PostgreSQL, equal to each run's own CSV.
    """
    from ctie_helpers.facilitator.release import release_sessions

    t0 = time.perf_counter()
    root = copy_course(tmp_path / "course")
    second = "session0_fixture_b"
    shutil.copytree(FIXTURE / FIXTURE_SESSION, root / "notebooks" / second,
                    ignore=shutil.ignore_patterns("*.answers.json", ".ipynb_checkpoints"))
    course = Course.at(root)
    sessions = [FIXTURE_SESSION, second]
    release_sessions(course, sessions)  # the hand-out, into the course's own SQLite gradebook only
    for session in sessions:
        make_cohort(course, session, tmp_path / "handins" / session, TRAINEES)
    env = {k: v for k, v in os.environ.items() if k not in ("CTIE_ROOT", "CTIE_GRADEBOOK_URL")}
    t1 = time.perf_counter()
    procs = []
    for k, session in enumerate(sessions):  # one facilitator passes --db-url, the other sets the variable
        cmd = ["ctie", "grade", session, "--root", str(root), "--submissions", str(tmp_path / "handins" / session),
               "--jobs", "1", "--quiet"]
        run_env = dict(env)
        if k == 0:
            cmd += ["--db-url", postgres_url]
        else:
            run_env["CTIE_GRADEBOOK_URL"] = postgres_url
        procs.append(subprocess.Popen(cmd, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True))
    outs = [p.communicate(timeout=600)[0] for p in procs]
    t2 = time.perf_counter()
    password = postgres_url.split(":")[2].split("@")[0]
    for session, proc, out in zip(sessions, procs, outs, strict=True):
        assert proc.returncode == 0, f"{session}:\n{out}"
        assert "could not record" not in out, out
        assert "registered in the shared gradebook" in out and password not in out, out
        csv_rows = _csv_rows(course.grades / f"{session}.csv")
        assert sorted(csv_rows) == TRAINEES, out
        got = gradebook_scores(postgres_url, session)
        assert sorted(got) == TRAINEES, f"{session}: submissions in the gradebook {sorted(got)}"
        for trainee in TRAINEES:
            assert csv_rows[trainee]["status"] == "graded", out
            for item, score in got[trainee].items():
                in_csv = csv_rows[trainee][item]
                # free text: 0 from autograde in the gradebook, blank in the CSV until graded by hand
                assert score == (float(in_csv) if in_csv else 0.0), f"{session}/{trainee}/{item}: {score} vs {in_csv!r}"
        assert got["perfect"] != got["partly_wrong"]
    from nbgrader.api import Gradebook

    with Gradebook(postgres_url, COURSE_ID) as gb:
        assert sorted(s.id for s in gb.students) == TRAINEES  # each created once, by whichever run won
    print(f"\nctie grade x2 on postgres: set-up {t1 - t0:.1f} s, both runs {t2 - t1:.1f} s")


def test_racing_first_opens_and_students_are_retried(postgres_url):
    """Four writers released by a barrier onto a new database: the schema, the course row and three
    students are each created by whoever wins; the others retry, and no write is lost.

    Without the retry, three of the four writers fail with IntegrityError here (measured: every trial).
    """
    import threading

    from nbgrader.api import Gradebook

    from ctie_helpers.facilitator.grade_sheets import record_in_gradebook
    from ctie_helpers.facilitator.gradebook_db import has_assignment

    sessions, trainees = [f"session{k}_race" for k in range(1, 5)], ["ana", "ben", "carl"]
    barrier, errors = threading.Barrier(len(sessions)), []

    def facilitator(step, session: str) -> None:
        try:
            barrier.wait(timeout=30)
            step(session)
        except Exception as exc:  # noqa: BLE001 - collected, then asserted on
            errors.append(f"{session}: {type(exc).__name__}: {exc}")

    def run_all(step) -> None:
        threads = [threading.Thread(target=facilitator, args=(step, s)) for s in sessions]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    run_all(lambda s: has_assignment(postgres_url, s))  # race 1: schema and course row
    assert not errors, errors
    with Gradebook(postgres_url, COURSE_ID) as gb:
        for s in sessions:
            gb.add_assignment(s)  # what generate_assignment records, without its notebooks
    run_all(lambda s: record_in_gradebook(postgres_url, s, {t: {} for t in trainees}))  # race 3: students
    assert not errors, errors
    with Gradebook(postgres_url, COURSE_ID) as gb:
        assert sorted(s.id for s in gb.students) == trainees
        for s in sessions:
            assert sorted(sub.student.id for sub in gb.find_assignment(s).submissions) == trainees, s
