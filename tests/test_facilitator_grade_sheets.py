"""The grading run's sheets: the gradebook CSV's totals and failed rows, scores typed into the manual sheet."""

from __future__ import annotations

from ctie_helpers.facilitator.course import Course
from ctie_helpers.facilitator.grade_sheets import (
    ManualEntry,
    Row,
    merge_manual,
    read_manual,
    write_grades,
    write_manual,
)
from tests.fixtures.course.course_copy import FIXTURE, FIXTURE_SESSION

S = FIXTURE_SESSION


def test_gradebook_csv_totals_and_failed_rows(tmp_path):
    items = [i for nb in Course(FIXTURE.parent).source_notebooks(S) for i in nb.items]
    rows = [Row("ana", {"s0_choice": 1.0, "s0_bins": 2.5, "s0_reflection": None}),
            Row("bob", status="failed: gave up after 300 s")]
    write_grades(tmp_path / "g.csv", items, rows)
    lines = (tmp_path / "g.csv").read_text().splitlines()
    assert lines[0] == "trainee,s0_choice,s0_bins,s0_numeric,s0_reflection,s0_multi,total,max_total,status"
    assert lines[1] == "ana,1,2.5,,,,3.5,10,graded"
    assert lines[2] == "bob,,,,,,,10,failed: gave up after 300 s"


def test_manual_scores_survive_and_bad_ones_are_reported(tmp_path):
    sheet = tmp_path / "m.csv"
    write_manual(sheet, [ManualEntry("ana", "s0_r", "old text", "rubric", "1.5"),
                         ManualEntry("bob", "s0_r", "b", "rubric", "lots"),
                         ManualEntry("cy", "s0_r", "c", "rubric", "9"),
                         ManualEntry("di", "s0_r", "d", "rubric", "")])
    sheet.write_bytes(b"\xef\xbb\xbf" + sheet.read_bytes())  # as Excel saves it
    new = [ManualEntry(t, "s0_r", a, "rubric") for t, a in
           (("ana", "new text"), ("bob", "b"), ("cy", "c"), ("di", "d"))]
    scores, problems = merge_manual(new, read_manual(sheet), {"s0_r": 2.0})
    assert scores == {("ana", "s0_r"): 1.5}
    assert [e.score for e in new] == ["1.5", "lots", "9", ""]
    assert problems == ["ana/s0_r: the answer changed since it was scored; check the score",
                        "bob/s0_r: score 'lots' is not a number; not counted",
                        "cy/s0_r: score 9 is outside 0..2; not counted"]
