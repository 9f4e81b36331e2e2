"""Grade export: the Moodle and Canvas CSV layouts, read back with the csv module, totals by hand."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest

from ctie_helpers import cli
from ctie_helpers.errors import BadValueError, UserError
from ctie_helpers.facilitator.course import GradedItem
from ctie_helpers.facilitator.grade_export import export_csv, read_gradebooks, write_export
from ctie_helpers.facilitator.grade_sheets import Row, write_grades

TITLE1 = "Trafficking in persons in emergencies and role of CTiE IM"  # curriculum.json, session 1
TITLE3 = "CTiE analysis framework"  # curriculum.json, session 3

# Two gradebooks as `ctie grade` writes them (grade_sheets.write_grades): a trainee whose name a
# spreadsheet would run (stored with its quote), a failed hand-in, a trainee in one session only.
SESSION1 = """trainee,s1_a,s1_b,total,max_total,status
amina,2,3,5,6,graded
'=bob,1,,1,6,graded
chen,,,,6,failed: notebook crashed
"""
SESSION3 = """trainee,s3_x,total,max_total,status
amina,4,4,4,graded
dara,1.5,1.5,4,graded
"""


@pytest.fixture
def course(tmp_path) -> Path:
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    grades = tmp_path / "build" / "grades"
    grades.mkdir(parents=True)
    (grades / "session1_tip_basics.csv").write_text(SESSION1, encoding="utf-8")
    (grades / "session3_framework.csv").write_text(SESSION3, encoding="utf-8")
    (grades / "session1_tip_basics_manual.csv").write_text("trainee,item,answer,rubric,score,comment\n")
    return tmp_path


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_moodle_layout_identifier_then_one_column_per_session(course):
    rows = _rows(export_csv(read_gradebooks(course / "build" / "grades"), "moodle"))
    assert rows[0] == ["username", f"Session 1: {TITLE1}", f"Session 3: {TITLE3}"]
    assert rows[1:] == [
        ["'=bob", "1", ""],  # formula-safe; sorted by id ('=' before letters)
        ["amina", "5", "4"],
        ["chen", "", ""],  # failed hand-in: no grade, not a zero
        ["dara", "", "1.5"],  # nothing handed in for session 1
    ]
    # hand-computed course totals over the session columns
    totals = {r[0]: sum(float(v) for v in r[1:] if v) for r in rows[1:]}
    assert totals == {"'=bob": 1.0, "amina": 9.0, "chen": 0.0, "dara": 1.5}


def test_canvas_layout_fixed_columns_points_possible_row_and_assignments(course):
    rows = _rows(export_csv(read_gradebooks(course / "build" / "grades"), "canvas"))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       f"Session 1: {TITLE1} (session1_tip_basics)", f"Session 3: {TITLE3} (session3_framework)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "6", "4"]
    assert rows[2:] == [
        ["'=bob", "", "", "'=bob", "", "1", ""],
        ["amina", "", "", "amina", "", "5", "4"],
        ["chen", "", "", "chen", "", "", ""],
        ["dara", "", "", "dara", "", "", "1.5"],
    ]
    possible = sum(float(v) for v in rows[1][5:])
    amina = sum(float(v) for v in rows[3][5:] if v)
    assert (amina, possible) == (9.0, 10.0)
    assert all(len(row) == 7 for row in rows)


def test_export_of_what_ctie_grade_itself_wrote(tmp_path):
    # The producer's own writer (not a hand copy of its format), so a change there shows here.
    items = [GradedItem("s2_match", "pairs", {}, 3.0, "02_pim_principles"),
             GradedItem("s2_fix", "text", "", 2.0, "02_pim_principles")]
    rows = [Row("@eve", {"s2_match": 3.0, "s2_fix": 0.5}), Row("femi", {"s2_match": 1.0, "s2_fix": None})]
    write_grades(tmp_path / "session2_pim.csv", items, rows)
    out = _rows(export_csv(read_gradebooks(tmp_path), "canvas"))
    assert out[1][5] == "5"  # 3 + 2 points possible
    assert out[2][0] == "'@eve" and out[2][5] == "3.5" and out[3][5] == "1"


def test_cli_writes_private_file_atomically(course, capsys):
    out = course / "exports" / "moodle.csv"
    assert cli.main(["grades", "export", "--format", "moodle", "--root", str(course), "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # names and scores
    assert _rows(out.read_text(encoding="utf-8"))[2] == ["amina", "5", "4"]
    assert [p.name for p in out.parent.iterdir()] == ["moodle.csv"]
    assert cli.main(["grades", "export", "--format", "canvas", "--root", str(course)]) == 0
    assert (course / "build" / "grades" / "export_canvas.csv").is_file()


def test_unknown_format_is_rejected_by_the_parser(course, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["grades", "export", "--format", "blackboard", "--root", str(course)])
    assert exc.value.code == 2 and "invalid choice" in capsys.readouterr().err
    with pytest.raises(BadValueError, match="blackboard"):
        export_csv([], "blackboard")


def test_nothing_graded_yet_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(UserError, match="ctie grade SESSION"):
        read_gradebooks(tmp_path)
    (tmp_path / "nbgrader_config.py").write_text("")
    assert cli.main(["grades", "export", "--format", "canvas", "--root", str(tmp_path)]) == 2
    assert "run `ctie grade SESSION` first" in capsys.readouterr().err


def test_a_bad_gradebook_names_file_row_and_column(course):
    path = course / "build" / "grades" / "session3_framework.csv"
    before = SESSION3.replace("dara,1.5,1.5,4", "dara,1.5,1.5,four")
    path.write_text(before, encoding="utf-8")
    with pytest.raises(BadValueError, match=r"session3_framework.csv, row 3, column max_total: 'four'"):
        write_export(course / "build" / "grades", "moodle")
    assert path.read_text(encoding="utf-8") == before  # the input is never written
    assert not (course / "build" / "grades" / "export_moodle.csv").exists()  # nothing half-written
