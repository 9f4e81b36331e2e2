"""The facilitator's whole loop with real nbgrader: release, simulated hand-ins, ``ctie grade``.

Runs on the fixture course (every scenario) and on every real session with graded items (the
scenarios that depend on a session's content). Each simulated trainee must end with exactly the
expected total and status, and with the repair or failure line that explains it; no trainee may be
lost; feedback must carry grade() hints and never the hidden tests. One test per course, so pytest-xdist
never runs the same expensive batch twice.
"""

from __future__ import annotations

import csv
import html
import json
import re
import time

import pytest

from ctie_helpers.facilitator.batch import grade_session
from ctie_helpers.facilitator.course import COURSE_ID, Course
from ctie_helpers.facilitator.release import release_session
from ctie_helpers.facilitator.simulated_trainees import make_cohort
from ctie_helpers.paths import SESSIONS
from tests.fixtures.course.course_copy import FIXTURE_SESSION, REPO, copy_course
from tests.fixtures.course.expected import FIXTURE_EXPECTED

pytestmark = pytest.mark.slow

# Real sessions have several notebooks, each executed per trainee, so their cost multiplies. Every
# session gets the trainees whose result depends on its content (perfect, blank, partly wrong: the keys,
# points and hints of that session), plus one of the failure trainees, rotating, so that across
# the five sessions each failure case (raises, infinite loop, edited test cell, deleted graded cell,
# corrupt sidecar) runs once on real content. The fixture course runs every case, and the pipeline-only
# ones (stubborn loop, duplicate, rename, broken JSON, zips) as well. This keeps CI under ~15 minutes on
# 2 cores; set CTIE_FULL_ROUND_TRIP=1 to give every real session every trainee.
CONTENT_SCENARIOS = ["perfect", "blank", "partly_wrong"]
FAILURE_SCENARIOS = ["raises", "infinite_loop", "tampered", "deleted_cell", "corrupt_sidecar"]


# Real sessions, the partly wrong trainee: items in notebook order, every odd-numbered one (0-based) answered
# wrongly by simulated_trainees.partial_answer, the others with the key (full points, as in the notebooks'
# metadata). Wrong answers: a choice gets a text that is not an option (0); a number gets key + 1000 +
# 10 * |key|, far outside any tolerance (0); a multi-select leaves out the key's last option (right picks /
# key size, no wrong picks); an order swaps the first two steps (of n steps' n-1 neighbouring pairs only the
# first is then the wrong way round: (n-2)/(n-1)); bins and match put the first statement in another group
# (one of n wrong: (n-1)/n). Items of the optional labs (issue 12) are practice and absent here.
PARTLY_WRONG: dict[str, dict[str, float]] = {
    "session1_tip_basics": {
        "s1_amp_elements": 3.0,
        "s1_case_classifier": 4.75,  # 20 cells, "A: Act" No instead of Yes: 5 * 19/20
        "s1_consent_assent": 3.0,
        "s1_legal_vs_research": 0.0,  # choice, not an option
        "s1_ts_sorter": 4.0,
        "s1_ts_case": 0.0,  # choice
        "s1_figure_concepts": 3.0,
        "s1_lp_service_lists": 0.0,  # 7364.6, key 578.6 +-1
        "s1_crisis_typology": 4.0,
        "s1_hpc_order": 1.5,  # 5 steps, first two swapped: 3 of 4 pairs, 2 * 3/4
        "s1_im_purpose": 2.0,
        "s1_data_types": 2.62,  # 8 statements, one in the wrong group: 3 * 7/8 = 2.625, rounded half to even
        "s1_data_sensitivity": 2.0,
    },
    "session2_pim": {
        "s2_red_lines": 2.0,
        "s2_pim_process": 1.33,  # 4 steps, first two swapped: 2 of 3 pairs, 2 * 2/3 = 1.333
        "s2_pim_matrix": 4.0,
        "s2_add_ct_question": 0.0,  # choice
        "s2_fix_people_centred": 1.0,
        "s2_fix_do_no_harm": 0.0,  # choice
        "s2_fix_defined_purpose": 1.0,
        "s2_fix_consent": 0.0,  # choice
        "s2_fix_data_responsibility": 1.0,
        "s2_fix_competency": 0.0,  # choice
        "s2_fix_impartiality": 1.0,
        "s2_fix_coordination": 0.0,  # choice
        "s2_principle_match": 4.0,
        "s2_unique_records": 0.0,  # 10625, key 875 exactly
        "s2_why_k11": 1.0,
        "s2_complementary": 0.0,  # choice
        # (s2_dp_repeat is practice in the optional differential-privacy lab, so the items after it swap parity)
        "s2_triage_sensitivity": 3.0,
        "s2_sharing_triage": 2.4,  # 5 requests, the donor's case files "share with partners": 3 * 4/5
    },
    "session3_framework": {
        "s3_im_cycle": 2.0,
        "s3_standard_or_local": 1.75,  # 8 elements, "levels" adapted instead of kept: 2 * 7/8
        "s3_joint_analysis": 2.0,
        "s3_categories": 2.5,  # 6 excerpts, inflation under Risk factors: 3 * 5/6
        "s3_pathway_order": 3.0,
        "s3_factor_levels": 3.5,  # 8 factors, the unaccompanied child at household level: 4 * 7/8
        "s3_risk_protective": 4.0,
        "s3_tag_excerpts": 3.5,  # 8 excerpts, SRC-002 in the wrong cell: 4 * 7/8
        "s3_tag_indicators": 2.0,
        "s3_gap_reading": 0.0,  # choice
    },
    "session4_indicators": {
        "s4_indicator_or_question": 4.0,
        "s4_indicator_cells": 2.5,  # 6 indicators, IND-01 in the wrong cell: 3 * 5/6
        "s4_indicator_anatomy": 2.0,
        "s4_compute_by_hand": 0.0,  # 1281.6, key 25.6 +-0.1
        "s4_indicator_sources": 3.0,
        "s4_secondary_only": 1.33,  # 2 of the 3 key options (IND-20 left out): 2 * 2/3 = 1.333
        "s4_primary_secondary": 3.0,
        "s4_suppression": 0.0,  # choice
    },
    "session5_methods": {
        "s5_qual_or_quant": 3.0,
        "s5_source_order": 1.5,  # 5 steps, first two swapped: 3 of 4 pairs, 2 * 3/4
        "s5_n_infinite": 1.0,
        "s5_n_finite": 0.0,  # 4058, key 278 exactly
        # (s5_deff is practice in the optional design-effect lab, so the items after it swap parity)
        "s5_biased_designs": 2.0,
        "s5_rds_weight": 0.0,  # choice
        "s5_observation": 3.0,
        "s5_interview_types": 1.33,  # 3 scenarios, the structured one given "semi": 2 * 2/3 = 1.333
        "s5_fgd_plan": 3.0,
        "s5_techniques": 1.5,  # 4 aims, the vignette one given "ranking": 2 * 3/4
        "s5_lint_rules": 3.0,
        "s5_question_order": 1.5,  # 5 parts, first two swapped: 3 of 4 pairs, 2 * 3/4
    },
}


def _metadata_points(course: Course, session: str) -> dict[str, dict[str, float]]:
    """Autograded points by notebook stem and grade id, read from the source notebooks' nbgrader metadata."""
    import nbformat

    text = {i.exercise_id for nb in course.source_notebooks(session) for i in nb.items if i.kind == "text"}
    out = {}
    for path in sorted((course.source / session).glob("*.ipynb")):
        meta = [c.metadata.get("nbgrader", {}) for c in nbformat.read(str(path), as_version=4).cells]
        points = {m["grade_id"]: float(m["points"]) for m in meta if m.get("grade") and m["grade_id"] not in text}
        if points:
            out[path.stem] = points
    return out


def expected_scores(course: Course, session: str, trainee: str) -> dict[str, float] | None:
    """The hand-worked points per autograded item for ``trainee`` (None: the hand-in must fail)."""
    if session == FIXTURE_SESSION:
        return FIXTURE_EXPECTED[trainee]
    by_notebook = _metadata_points(course, session)
    perfect = {gid: pts for points in by_notebook.values() for gid, pts in points.items()}
    if trainee == "blank":
        return dict.fromkeys(perfect, 0.0)
    if trainee in ("partly_wrong", "tampered"):  # tampered: the partly wrong answers, test cells restored
        return PARTLY_WRONG[session]
    if trainee == "corrupt_sidecar":  # the first notebook with graded items loses its answers
        lost = next(iter(by_notebook.values()))
        return {gid: 0.0 if gid in lost else pts for gid, pts in perfect.items()}
    assert trainee in ("perfect", "raises", "infinite_loop", "deleted_cell"), trainee
    return perfect  # the keys; the broken notebooks are repaired or interrupted without loss


def test_hand_worked_tables_name_every_autograded_item():
    """A new or renamed item must get its hand-worked points here before the slow round trip runs."""
    course = Course.at(REPO)
    for session in course.graded_sessions():
        auto = [i.exercise_id for nb in course.source_notebooks(session) for i in nb.items if i.kind != "text"]
        assert list(PARTLY_WRONG[session]) == auto, session
        assert set(PARTLY_WRONG[session]) == set(expected_scores(course, session, "perfect")), session


def real_session_scenarios(session: str) -> list[str]:
    """The simulated trainees a real session's round trip grades (see above)."""
    import os

    if os.environ.get("CTIE_FULL_ROUND_TRIP") == "1":
        return CONTENT_SCENARIOS + FAILURE_SCENARIOS
    return CONTENT_SCENARIOS + [FAILURE_SCENARIOS[SESSIONS.index(session) % len(FAILURE_SCENARIOS)]]


def test_every_failure_case_runs_on_some_real_session():
    covered = {s for session in SESSIONS for s in real_session_scenarios(session)}
    assert set(FAILURE_SCENARIOS) <= covered


def _check(course: Course, session: str, cohort, result) -> list[str]:
    problems: list[str] = []
    with open(course.grades / f"{session}.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = {r["trainee"]: r for r in reader}
        header = reader.fieldnames or []
    items = [i for nb in course.source_notebooks(session) for i in nb.items]
    want_header = ["trainee", *[i.exercise_id for i in items], "total", "max_total", "status"]
    if header != want_header:
        problems.append(f"CSV header {header} != {want_header}")
    lost = {t.name for t in cohort} - set(rows)
    if lost or len(rows) != len(cohort):
        problems.append(f"trainees lost or duplicated: missing {sorted(lost)}, rows {sorted(rows)}")
    text_ids = {i.exercise_id for i in items if i.kind == "text"}
    lines = {r.trainee: " | ".join(r.lines) for r in result.rows}
    for t in cohort:
        row = rows.get(t.name)
        if row is None:
            continue
        if not row["status"].startswith(t.status):
            problems.append(f"{t.name}: status {row['status']!r}, expected {t.status}")
        if t.line and t.line not in lines[t.name]:
            problems.append(f"{t.name}: no line with {t.line!r} in {lines[t.name]!r}")
        want = expected_scores(course, session, t.name)
        if want is None:
            if row["total"] != "":
                problems.append(f"{t.name}: failed, but total is {row['total']!r}")
            continue
        got = {i.exercise_id: float(row[i.exercise_id] or 0) for i in items if i.exercise_id not in text_ids}
        wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) is None or abs(got[k] - v) > 1e-6}
        if wrong or set(got) != set(want):
            problems.append(f"{t.name}: item (got, hand-worked) {wrong}; items {sorted(got)} vs {sorted(want)}")
        for item_id in t.lost:
            if float(row[item_id] or 0) != 0:
                problems.append(f"{t.name}: {item_id} should score 0, got {row[item_id]}")
        pages = sorted((course.feedback / t.name / session).glob("*.html"))
        if len(pages) != len(course.source_notebooks(session)):
            problems.append(f"{t.name}: {len(pages)} feedback pages")
        for page in pages:
            text = html.unescape(page.read_text(encoding="utf-8"))
            if "HIDDEN TESTS" in text or re.search(r"\bgrade\(", text):
                problems.append(f"{t.name}: {page.name} shows hidden test code")
            if re.search(r"""<(?:script|link)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", text):
                problems.append(f"{t.name}: {page.name} loads a file from another machine (trainees may be offline)")
    summary = (course.grades / f"{session}_summary.txt").read_text(encoding="utf-8")
    if f"{len(cohort)} submissions" not in summary or any(t.name not in summary for t in cohort):
        problems.append(f"summary does not list every trainee:\n{summary}")
    return problems


def _run(course: Course, session: str, tmp_path, scenarios=None) -> tuple[list, object, float]:
    release_session(course, session)
    cohort = make_cohort(course, session, tmp_path / "handins", scenarios)
    start = time.perf_counter()
    result = grade_session(course, session, tmp_path / "handins", progress=False)
    return cohort, result, time.perf_counter() - start


def test_round_trip_fixture_course(tmp_path):
    course = Course.at(copy_course(tmp_path / "course"))
    cohort, result, seconds = _run(course, FIXTURE_SESSION, tmp_path)
    problems = _check(course, FIXTURE_SESSION, cohort, result)
    assert not problems, "\n".join(problems) + "\n\n" + result.summary
    perfect = next(p for p in sorted((course.feedback / "perfect" / FIXTURE_SESSION).glob("*.html")))
    assert "full marks" in perfect.read_text(encoding="utf-8"), "grade() hints missing from the feedback"
    partly = html.unescape((course.feedback / "partly_wrong" / FIXTURE_SESSION / "01_basics.html")
                           .read_text(encoding="utf-8"))
    assert "in the wrong group" in partly, "the partly wrong trainee gets no hint"
    # Each wrong part named, with the trainee's answer and the right one (simulate.partial_answer).
    assert "recruit: your answer Means; right answer Act" in partly, "wrong part not named in feedback"
    manual = (course.grades / f"{FIXTURE_SESSION}_manual.csv").read_text(encoding="utf-8")
    assert "perfect,s0_reflection,Collecting less data" in manual, manual
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course.gradebook}", COURSE_ID) as gb:  # what the formgrader shows
        in_db = {s.student.id: s.score for s in gb.find_assignment(FIXTURE_SESSION).submissions}
    want = {t: round(sum(pts.values()), 2) for t, pts in FIXTURE_EXPECTED.items() if pts is not None}
    assert in_db == pytest.approx(want), f"course gradebook {in_db} != {want}"
    leftovers = [p.name for p in (course.build / ".work" / FIXTURE_SESSION).iterdir()
                 if p.name not in ("_unzipped", "_logs")]
    assert not leftovers, f"work folders of graded trainees left behind: {leftovers}"
    print(f"\nfixture round trip: {len(cohort)} trainees graded in {seconds:.1f} s")


def test_no_reveal_keeps_every_key_out_of_feedback(tmp_path, monkeypatch):
    """``ctie grade --no-reveal``: feedback names the wrong parts and the trainee's answers, no key."""
    from ctie_helpers.grading.explained import REVEAL_ENV

    monkeypatch.setenv(REVEAL_ENV, "0")  # what the command sets for the grading kernels
    course = Course.at(copy_course(tmp_path / "course"))
    cohort, result, _ = _run(course, FIXTURE_SESSION, tmp_path, ["partly_wrong"])
    assert not _check(course, FIXTURE_SESSION, cohort, result)
    pages = sorted((course.feedback / "partly_wrong" / FIXTURE_SESSION).glob("*.html"))
    text = " ".join(html.unescape(p.read_text(encoding="utf-8")) for p in pages)
    assert "recruit: your answer Means" in text, "the wrong part is not named"
    for key_text in ("right answer", "the right answer is", "should be ticked", "Why:"):
        assert key_text not in text, f"{key_text!r} in feedback despite --no-reveal"


def _explained_wrong_parts(course: Course, session: str, handins) -> list[str]:
    """Problems: a wrong part of the partly wrong trainee whose explanation is missing from feedback.

    The wrong parts are those of the answers the trainee handed in (every second item is answered right)."""
    from ctie_helpers.content.explanations import for_exercise
    from ctie_helpers.facilitator.course import graded_explanations
    from ctie_helpers.grading.explained import wrong_parts
    from ctie_helpers.grading.store import read_sidecar

    answers = {k: rec.get("value") for path in sorted((handins / "partly_wrong" / session).glob("*.answers.json"))
               for k, rec in read_sidecar(path)["answers"].items()}
    text = " ".join(html.unescape(p.read_text(encoding="utf-8"))
                    for p in (course.feedback / "partly_wrong" / session).glob("*.html"))
    graded_why = graded_explanations(course, session)  # the facilitator's file, never the package
    problems = []
    for item in (i for nb in course.source_notebooks(session) for i in nb.items):
        why = for_exercise(item.exercise_id) or graded_why.get(item.exercise_id, {})
        answer = answers.get(item.exercise_id)
        for part in wrong_parts(item.kind, answer, item.key) if why and answer is not None else []:
            if part.part in why and why[part.part].why not in text:
                problems.append(f"{item.exercise_id}: wrong part {part.part!r} without its explanation")
    return problems


@pytest.mark.parametrize("session", SESSIONS)
def test_round_trip_real_session(session, tmp_path):
    if session not in Course.at(REPO).graded_sessions():
        pytest.skip(f"{session} has no graded cells yet")
    course = Course.at(copy_course(tmp_path / "course", session))
    cohort, result, seconds = _run(course, session, tmp_path, real_session_scenarios(session))
    problems = _check(course, session, cohort, result) + _explained_wrong_parts(course, session, tmp_path / "handins")
    assert not problems, "\n".join(problems) + "\n\n" + result.summary
    print(f"\n{session} round trip: {len(cohort)} trainees graded in {seconds:.1f} s")


def test_worker_over_its_time_limit_is_killed_and_the_next_trainee_still_graded(tmp_path):
    import psutil

    from ctie_helpers.facilitator.autograde import Job, run_jobs
    from ctie_helpers.facilitator.batch import _prepare
    from ctie_helpers.facilitator.submissions import find_submissions

    course = Course.at(copy_course(tmp_path / "course"))
    release_session(course, FIXTURE_SESSION)
    make_cohort(course, FIXTURE_SESSION, tmp_path / "handins", ["perfect", "blank"])
    sources = course.source_notebooks(FIXTURE_SESSION)
    work = tmp_path / "work"
    subs = {s.trainee: s for s in find_submissions(tmp_path / "handins", FIXTURE_SESSION, work / "_unzipped")}
    dirs = {t: _prepare(subs[t], course, FIXTURE_SESSION, sources, work)[0] for t in ("perfect", "blank")}
    jobs = [Job("perfect", dirs["perfect"], 1.0), Job("blank", dirs["blank"], 600)]  # one slot: in this order
    slow, fine = run_jobs(jobs, course.root, FIXTURE_SESSION, work / "_logs", workers=1, progress=False)
    assert slow.error == "gave up after 1 s (grading did not finish)" and not slow.scores
    assert fine.error is None and fine.scores.get("s0_choice") == 0.0, fine
    left = [p.cmdline() for p in psutil.Process().children(recursive=True)]
    assert not left, f"worker or kernel processes left running: {left}"


# --- feedback in the trainee's language (issue 14) ----------------------------------------------------------

def _answered_in(handins, trainee: str, lang: str, session: str) -> None:
    """Record ``lang`` as the language of ``trainee``'s pages, as the answers file of a French page does."""
    for path in sorted((handins / trainee / session).glob("*.answers.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({**data, "language": lang}), encoding="utf-8")


def _cohort_in_two_languages(course: Course, session: str, tmp_path) -> tuple[object, dict[str, str]]:
    """The partly wrong trainee twice, the same answers in English and in French; graded by ``ctie grade``.

    Returns the batch result and each trainee's feedback text (all pages, unescaped)."""
    import shutil

    release_session(course, session)
    handins = tmp_path / "handins"
    make_cohort(course, session, handins, ["partly_wrong"])
    shutil.copytree(handins / "partly_wrong", handins / "partly_wrong_fr")
    _answered_in(handins, "partly_wrong", "en", session)
    _answered_in(handins, "partly_wrong_fr", "fr", session)
    result = grade_session(course, session, handins, progress=False)
    pages = {t: " ".join(html.unescape(p.read_text(encoding="utf-8"))
                         for p in sorted((course.feedback / t / session).glob("*.html")))
             for t in ("partly_wrong", "partly_wrong_fr")}
    return result, pages


def _totals(course: Course, session: str) -> dict[str, dict[str, str]]:
    with open(course.grades / f"{session}.csv", newline="", encoding="utf-8") as fh:
        return {r.pop("trainee"): r for r in csv.DictReader(fh)}


def test_french_trainee_gets_french_graded_explanations_and_the_same_grades(tmp_path):
    """Session 1 for real: the partly wrong trainee answers s1_ts_case with a text that is not an option, so
    the feedback explains the right option. The expected French is the translators' (the seed of
    notebooks/session1_tip_basics/graded_explanations.fr.po), copied here by hand."""
    session = "session1_tip_basics"
    english = "Right: a smuggling journey turns into trafficking when the person is harboured and coerced for exploitation."
    french = ("Juste\u202f: un parcours de trafic illicite se transforme en traite lorsque la personne est hébergée "
              "et contrainte à des fins d'exploitation.")
    course = Course.at(copy_course(tmp_path / "course", session))
    result, pages = _cohort_in_two_languages(course, session, tmp_path)
    assert french in pages["partly_wrong_fr"] and english not in pages["partly_wrong_fr"], result.summary
    assert english in pages["partly_wrong"] and french not in pages["partly_wrong"]
    assert "Pourquoi" in pages["partly_wrong_fr"] and "Pourquoi" not in pages["partly_wrong"]
    rows = _totals(course, session)
    assert rows["partly_wrong_fr"] == rows["partly_wrong"], "the grade depends on the language"
    assert float(rows["partly_wrong"]["total"]) == pytest.approx(round(sum(PARTLY_WRONG[session].values()), 2))


def test_no_reveal_keeps_every_key_out_of_french_feedback_too(tmp_path, monkeypatch):
    """``ctie grade --no-reveal`` with a French trainee and French graded explanations at hand: none shows."""
    from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_FILE
    from ctie_helpers.grading.explained import REVEAL_ENV

    monkeypatch.setenv(REVEAL_ENV, "0")
    course = Course.at(copy_course(tmp_path / "course"))
    src = course.source / FIXTURE_SESSION
    whys = {"recruit": ("Recruiting is an Act.", "Le recrutement est un Acte."),
            "deceive": ("Deception is a Means.", "La tromperie est un Moyen."),
            "exploit": ("Exploitation is the Purpose.", "L'exploitation est le But.")}
    (src / GRADED_EXPLANATIONS_FILE).write_text(json.dumps({"exercises": {"s0_bins": {
        part: {"why": en, "source": "UN Protocol, Art. 3"} for part, (en, _) in whys.items()}}}), "utf-8")
    (src / "graded_explanations.fr.po").write_text("".join(
        f'msgid "{en}"\nmsgstr "{fr}"\n\n' for en, fr in whys.values()), "utf-8")
    result, pages = _cohort_in_two_languages(course, FIXTURE_SESSION, tmp_path)
    text = pages["partly_wrong_fr"]
    assert "recruit\u202f: votre réponse Moyens" in text, result.summary  # the wrong part and the answer, in French
    for leak in ("Pourquoi", "Why:", "bonne réponse", "right answer", "il fallait le cocher", "should be ticked",
                 *(t for pair in whys.values() for t in pair)):
        assert leak not in text, f"{leak!r} in French feedback despite --no-reveal"
    rows = _totals(course, FIXTURE_SESSION)
    assert rows["partly_wrong_fr"] == rows["partly_wrong"]
