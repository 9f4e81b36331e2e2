"""Facilitator cohort dashboard: reading hand-ins, counts, mistakes, absentees, suppression, and the app.

Simulated cohorts are written straight to disk (source notebooks with hidden-test keys, trainees'
sidecars, zips, a grades CSV, a roster), so no kernel and no nbgrader run is needed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from ctie_helpers.facilitator.dashboard import (
    cohort_summary,
    common_wrong_answers,
    load_cohort,
    mistakes,
    not_submitted,
    publish_summary,
    publish_wrong_answers,
    read_roster,
)
from ctie_helpers.grading.store import AnswerStore
from ctie_helpers.grading.submit import pack_submission

SESSION = "session9_demo"
BINS_KEY = {"recruit": "Act", "deceive": "Means", "exploit": "Purpose"}
ITEMS = [  # (notebook, id, kind, key, points)
    ("01_first", "s9_choice", "choice", "Act", 1),
    ("01_first", "s9_bins", "bins", BINS_KEY, 3),
    ("02_second", "s9_number", "numeric", 12.5, 2),
    ("02_second", "s9_reflect", "text", "names a risk", 2),
]


def _graded_cell(ex_id: str, kind: str, key: object, points: float):
    src = (f'"""{ex_id} ({points} points)"""\nfrom ctie_helpers.grading import grade\n### BEGIN HIDDEN TESTS\n'
           f"grade({ex_id!r}, {kind!r}, key={key!r}, points={points})\n### END HIDDEN TESTS")
    cell = new_code_cell(src)
    cell.metadata["nbgrader"] = {"schema_version": 3, "grade_id": ex_id, "grade": True, "solution": False,
                                 "locked": True, "points": points, "task": False}
    return cell


def make_course(root: Path) -> Path:
    """A course root with one session of two notebooks holding the hidden keys of :data:`ITEMS`."""
    folder = root / "notebooks" / SESSION
    folder.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    for stem in ("01_first", "02_second"):
        nb = new_notebook(cells=[new_code_cell(f'from ctie_helpers.grading import open_sidecar\nopen_sidecar("{stem}")')])
        nb.cells += [_graded_cell(i, k, key, p) for s, i, k, key, p in ITEMS if s == stem]
        nbformat.write(nb, str(folder / f"{stem}.ipynb"))
    return root


def hand_in(subs: Path, trainee: str, answers: dict[str, object], practice: str | None = None) -> Path:
    """``subs/<trainee>/<session>/`` with the notebooks and sidecars holding ``answers``."""
    folder = subs / trainee / SESSION
    folder.mkdir(parents=True)
    for stem in ("01_first", "02_second"):
        nbformat.write(new_notebook(), str(folder / f"{stem}.ipynb"))
        mine = [(i, k) for s, i, k, _, _ in ITEMS if s == stem and i in answers]
        if mine or (practice and stem == "01_first"):
            store = AnswerStore(folder / f"{stem}.answers.json", notebook=stem)
            for ex_id, kind in mine:
                store.set(ex_id, answers[ex_id], kind, graded=True, status="saved")
            if practice and stem == "01_first":
                store.set("s9_practice", "Smuggling", "choice", graded=False, status=practice)
    return folder


PERFECT = {"s9_choice": "Act", "s9_bins": BINS_KEY, "s9_number": 12.5, "s9_reflect": "It puts people at risk."}


@pytest.fixture
def cohort_dirs(tmp_path: Path) -> dict[str, Path]:
    """12 hand-ins: 8 perfect, 3 with the same wrong choice and one misplaced statement, 1 blank; a zip;
    a roster of 14 (two never handed in, one of them written with a space and an accent)."""
    root = make_course(tmp_path / "course")
    subs = tmp_path / "submitted"
    for n in range(1, 9):
        hand_in(subs, f"t{n:02d}", PERFECT, practice="correct")
    wrong = {**PERFECT, "s9_choice": "Means", "s9_bins": {**BINS_KEY, "recruit": "Means"}, "s9_number": "13"}
    for n in range(9, 12):
        hand_in(subs, f"t{n:02d}", wrong, practice="wrong")
    blank = hand_in(tmp_path / "zipsrc", "t12", {})
    pack_submission(blank, SESSION, trainee="t12", out=subs / "t12.zip")
    roster = tmp_path / "roster.csv"
    with open(roster, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Username", "Name"])
        w.writerows([[f"t{n:02d}", f"Trainee {n}"] for n in range(1, 14)])
        w.writerow(["Ana Pérez", "Ana Pérez"])
    return {"root": root, "subs": subs, "roster": roster}


def _row(df: pd.DataFrame, ex_id: str) -> dict:
    return df[df["exercise_id"] == ex_id].iloc[0].to_dict()


def test_counts_from_sidecars_checked_against_hidden_keys(cohort_dirs):
    cohort = load_cohort(cohort_dirs["root"], submissions=cohort_dirs["subs"], roster=cohort_dirs["roster"])
    assert cohort.handed_in[SESSION] == {f"t{n:02d}" for n in range(1, 13)}
    s = cohort_summary(cohort)
    assert list(s["exercise_id"][:4]) == ["s9_choice", "s9_bins", "s9_number", "s9_reflect"]  # graded, in order
    assert _row(s, "s9_choice") | {} == {**_row(s, "s9_choice"), "handed_in": 12, "attempted": 11, "passed": 8,
                                          "not_attempted": 1}
    assert (_row(s, "s9_number")["passed"], _row(s, "s9_bins")["passed"]) == (8, 8)
    assert pd.isna(_row(s, "s9_reflect")["passed"]) and _row(s, "s9_reflect")["attempted"] == 11
    practice = _row(s, "s9_practice")
    assert (practice["graded"], practice["attempted"], practice["passed"]) == (False, 11, 8)


def test_published_summary_hides_small_groups_and_their_complements(cohort_dirs):
    cohort = load_cohort(cohort_dirs["root"], submissions=cohort_dirs["subs"])
    shown = publish_summary(cohort_summary(cohort), threshold=5)
    choice = _row(shown, "s9_choice")
    # 8 passed, 3 wrong, 1 blank: the 3 and the 1 are hidden, and so is "attempted" (12 - 1 would give it away)
    assert (choice["handed_in"], choice["passed"], choice["not_attempted"], choice["attempted"]) == (12, 8, "<5", "x")
    assert "3" not in map(str, choice.values()) and 11 not in choice.values()
    # With threshold 10, the 8 passes are hidden too.
    assert _row(publish_summary(cohort_summary(cohort), threshold=10), "s9_choice")["passed"] == "<10"


def test_publish_summary_worked_examples():
    raw = pd.DataFrame([
        dict(session="s", notebook="n", exercise_id="a", kind="choice", graded=True, handed_in=30, attempted=27,
             passed=3, not_attempted=3),
        dict(session="s", notebook="n", exercise_id="b", kind="choice", graded=True, handed_in=30, attempted=30,
             passed=20, not_attempted=0),
        dict(session="s", notebook="n", exercise_id="c", kind="choice", graded=True, handed_in=4, attempted=3,
             passed=3, not_attempted=1),
        dict(session="s", notebook="n", exercise_id="d", kind="text", graded=True, handed_in=30, attempted=27,
             passed=pd.NA, not_attempted=3),
    ]).astype({"passed": "Int64"})
    out = publish_summary(raw)
    a, b, c, d = (_row(out, x) for x in "abcd")
    assert (a["passed"], a["not_attempted"], a["attempted"]) == ("<5", "<5", "x")  # 3 + 24 + 3: two small groups
    assert (b["passed"], b["attempted"], b["not_attempted"]) == (20, 30, 0)  # nothing small
    assert (c["handed_in"], c["attempted"], c["passed"], c["not_attempted"]) == ("<5", "<5", "<5", "<5")
    assert (d["attempted"], d["not_attempted"], d["passed"]) == ("x", "<5", "")  # 27 would reveal the 3


def test_common_wrong_answers_count_parts_and_show_small_counts_as_under_threshold(cohort_dirs):
    cohort = load_cohort(cohort_dirs["root"], submissions=cohort_dirs["subs"])
    wrong = common_wrong_answers(cohort)
    got = {(r.exercise_id, r.mistake): r.count for r in wrong.itertuples()}
    assert got[("s9_choice", "Means")] == 3
    assert got[("s9_bins", "recruit → Means")] == 3
    assert got[("s9_number", "13")] == 3
    assert got[("s9_practice", "Smuggling")] == 3  # practice: whole answer, from the status of its last check
    assert not any(ex == "s9_reflect" for ex, _ in got)  # free text is never listed
    shown = publish_wrong_answers(wrong)
    assert set(shown["count"]) == {"<5"}  # "a count of 3 shows as <5"


def test_mistakes_per_kind():
    assert mistakes("choice", "Act", "Act") == []
    assert mistakes("multi", ["a", "b"], ["a", "c"]) == ["picked: b", "missed: c"]
    assert mistakes("bins", {"recruit": "Act"}, BINS_KEY) == ["deceive: not sorted", "exploit: not sorted"]
    assert mistakes("order", ["b", "a", "c"], ["a", "b", "c"]) == ["b before a"]
    assert mistakes("match", {"x": "1", "y": "1"}, {"x": "1", "y": "2"}) == ["y → 1"]
    assert mistakes("numeric", "1,250", 1250) == [] and mistakes("numeric", "12", 12.5) == ["12"]
    assert mistakes("table", {"r": {"c": 3}}, {"r": {"c": 4, "d": 1}}) == ["r / c = 3", "r / d = blank"]
    assert mistakes("text", "anything", None) == []


def test_not_submitted_against_the_roster(cohort_dirs):
    cohort = load_cohort(cohort_dirs["root"], submissions=cohort_dirs["subs"], roster=cohort_dirs["roster"])
    missing = not_submitted(cohort)
    assert list(missing["trainee"]) == ["t13", "Ana_P_rez"]
    assert list(missing["Name"]) == ["Trainee 13", "Ana Pérez"] and set(missing["note"]) == {"no hand-in"}


def test_roster_column_detection_and_bad_ids(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("email,student_id\na@x.org,amy\nb@x.org,bob\n", encoding="utf-8")
    assert list(read_roster(p)["trainee"]) == ["amy", "bob"]
    p.write_text("trainee\n@@@\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2"):
        read_roster(p)


def test_grades_csv_alone_and_overriding_sidecars(cohort_dirs, tmp_path):
    grades = tmp_path / "grades"
    grades.mkdir()
    ids = [i for _, i, *_ in ITEMS]
    with open(grades / f"{SESSION}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["trainee", *ids, "total", "max_total", "status"])
        for n in range(1, 7):
            w.writerow([f"g{n}", 1, 3, 2, 2, 8, 8, "graded"])
        w.writerow(["g7", 0, 1, 0, "", 1, 8, "graded"])
        w.writerow(["g8", "", "", "", "", "", 8, "failed: not a readable zip"])
    cohort = load_cohort(cohort_dirs["root"], grades=grades)
    s = cohort_summary(cohort)
    assert _row(s, "s9_choice") | {} == {**_row(s, "s9_choice"), "handed_in": 8, "attempted": 6, "passed": 6}
    assert _row(s, "s9_bins")["attempted"] == 7 and _row(s, "s9_bins")["passed"] == 6
    assert _row(s, "s9_reflect")["passed"] == 6  # hand-graded free text counts once it has full marks
    # Sidecars and grades together: the gradebook decides who passed (here t01 lost the choice item).
    with open(grades / f"{SESSION}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["trainee", *ids, "total", "max_total", "status"])
        w.writerow(["t01", 0, 3, 2, "", 5, 8, "graded"])
    both = cohort_summary(load_cohort(cohort_dirs["root"], submissions=cohort_dirs["subs"], grades=grades))
    assert _row(both, "s9_choice")["passed"] == 7 and _row(both, "s9_bins")["passed"] == 8


def test_per_session_folder_zips_and_unreadable_hand_ins(cohort_dirs, tmp_path):
    handins = tmp_path / "handins" / SESSION
    handins.mkdir(parents=True)
    for n in (1, 9):
        pack_submission(cohort_dirs["subs"] / f"t{n:02d}" / SESSION, SESSION, trainee=f"t{n:02d}",
                        out=handins / f"t{n:02d}.zip")
    (handins / "broken.zip").write_bytes(b"not a zip")
    cohort = load_cohort(cohort_dirs["root"], submissions=tmp_path / "handins")
    assert cohort.handed_in[SESSION] == {"t01", "t09", "broken"}
    assert any("broken" in p and "not a readable zip" in p for p in cohort.problems)
    assert _row(cohort_summary(cohort), "s9_choice")["passed"] == 1


def test_a_hand_in_for_another_session_is_not_counted(cohort_dirs, tmp_path):
    subs = tmp_path / "mixed"
    other = subs / "z1" / "session8_other"
    other.mkdir(parents=True)
    nbformat.write(new_notebook(), str(other / "01_unrelated.ipynb"))
    hand_in(subs, "z2", PERFECT)
    cohort = load_cohort(cohort_dirs["root"], submissions=subs)
    assert cohort.handed_in[SESSION] == {"z2"}


def test_explicit_missing_folder_is_an_error(cohort_dirs, tmp_path):
    with pytest.raises(FileNotFoundError, match="no submissions folder"):
        load_cohort(cohort_dirs["root"], submissions=tmp_path / "nope")


# --- the widget layer, driven by setting control values ---------------------------------------------------

def test_app_shows_suppressed_tables_and_chart_and_reacts_to_controls(cohort_dirs, tmp_path):
    from ctie_helpers.apps.dashboard import build_dashboard

    app = build_dashboard(cohort_dirs["root"], submissions=cohort_dirs["subs"], grades=tmp_path / "none",
                          roster=cohort_dirs["roster"])
    assert app.session.options == (SESSION,) and app.session.value == SESSION
    assert app.status.kind == "info", app.status.message
    assert "&lt;5" in app.summary.value and "&lt;5" in app.wrong.value
    assert "Ana_P_rez" in app.missing.value and "t13" in app.missing.value
    assert "not found, skipped" in app.problems.value
    bars = {t.name: dict(zip(t.x, t.y, strict=True)) for t in app.figure.data}
    assert bars["passed"]["s9_choice"] == 8 and bars["attempted"]["s9_choice"] is None  # hidden in the chart too
    app.threshold.value = 10
    bars = {t.name: dict(zip(t.x, t.y, strict=True)) for t in app.figure.data}
    assert bars["passed"]["s9_choice"] is None and "&lt;10" in app.summary.value
    app.top.value = 1
    assert (app.wrong_table.groupby("exercise_id").size() == 1).all()


def test_app_reports_bad_input_in_its_status_line(cohort_dirs, tmp_path):
    from ctie_helpers.apps.dashboard import build_dashboard

    app = build_dashboard(cohort_dirs["root"], submissions="", grades="", roster="")
    assert app.cohort is None and "Read hand-ins" in app.status.message
    app.read.click()
    assert app.status.kind == "error" and "hand-ins folder or a grades folder" in app.status.message
    bad = tmp_path / "roster.csv"
    bad.write_text("trainee\n@@@\n", encoding="utf-8")
    app.submissions.value, app.roster.value = str(cohort_dirs["subs"]), str(bad)
    app.read.click()
    assert app.status.kind == "error" and "row 2" in app.status.message
    app.roster.value = ""
    app.read.click()
    assert app.status.kind == "info" and app.missing_table.empty


def test_dashboard_notebook_is_thin_and_outside_every_session():
    repo = Path(__file__).resolve().parents[1]
    nb = nbformat.read(repo / "notebooks" / "facilitator" / "app_dashboard.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    from ctie_helpers.apps.catalog import APPS

    assert code == [APPS["dashboard"].source]  # the one cell `ctie app dashboard` expects
    assert APPS["dashboard"].session == "facilitator"
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_facilitator_folder_is_never_a_session_to_release():
    from ctie_helpers.facilitator.course import Course

    repo = Path(__file__).resolve().parents[1]
    assert (repo / "notebooks" / "facilitator" / "app_dashboard.ipynb").is_file()
    assert "facilitator" not in Course.at(repo).sessions()  # so `ctie release` never hands it to trainees
