"""Honest timing (issue 12): each notebook's declared reading and exercise minutes match a recount of the
notebook, and each session adds up to 110-125 minutes with at least 20 minutes of live discussion.

The recount is independent of the declarations: words of the Markdown cells at 200 words a minute, one
declared time per displayed table or chart, per lab and per exercise item of each kind (from
``timing.json``'s table). Material under a heading that starts with "Optional" is not counted (it is for
self-study). Discussion is the sum of the "Discuss in your group (N minutes)" prompts in the notebook.
When a test fails it prints the per-session table, so whoever changed a notebook can retune the
declarations in ``ctie_helpers/content/data/timing.json``.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from ctie_helpers.content.outline import optional_sections
from ctie_helpers.content.timing import notebook_minutes, session_minutes, timing
from ctie_helpers.course.page import is_grading_cell
from tests.notebook_tools import SESSIONS, session_notebooks

DISCUSS = re.compile(r"\*\*Discuss in your group \((\d+) minutes\):\*\*")
HEADING = re.compile(r"^(#+)\s*(.*)$", re.MULTILINE)
ITEM = re.compile(r"\bex\.(s[1-5]_\w+)\(")
REFLECTION = re.compile(r"s[1-5]_reflection")
LESSON = re.compile(r"\blesson\.(\w+)\(")


@dataclass
class Count:
    reading: float = 0.0
    exercises: float = 0.0
    discussion: float = 0.0
    optional_graded: tuple[str, ...] = ()


def _item_minutes(session: str, name: str) -> float:
    """Minutes for one exercise item: per item for choices and entries, per part for sorting and matching.

    A practice free-text item (the short warm-up before a reflection) has its own, smaller rate.
    """
    t = timing()
    widget = getattr(importlib.import_module(f"ctie_helpers.exercises.session{session[7]}"), name)(store=None)
    if widget.kind in t["part_minutes"]:
        parts = getattr(widget, "items", None) or getattr(widget, "left", None) or widget.steps
        return t["part_minutes"][widget.kind] * len(parts)
    if widget.kind == "text" and not widget.graded:
        return t["item_minutes"]["text_practice"]
    return t["item_minutes"][widget.kind]


def recount(path: Path) -> Count:
    """Reading, exercise and discussion minutes of one notebook, counted from its cells."""
    t = timing()
    session = path.parent.name
    nb = nbformat.read(path, as_version=4)
    count, optional_level, optional_graded = Count(), None, []
    # Optional material: a heading that says so, or a lab the curriculum marks "optional: for analysts".
    optional_titles = {title.strip().lower() for title in optional_sections(session, path.stem)}
    for cell in nb.cells:
        heads = HEADING.findall(cell.source) if cell.cell_type == "markdown" else []
        if heads:
            level = len(heads[0][0])
            if optional_level is not None and level <= optional_level:
                optional_level = None
            title = heads[0][1].strip().lower()
            if optional_level is None and (title.startswith("optional") or title in optional_titles):
                optional_level = level
        if optional_level is not None:
            if is_grading_cell(cell):
                optional_graded.append(cell.metadata.get("nbgrader", {}).get("grade_id", "?"))
            continue
        if cell.cell_type == "markdown":
            found = DISCUSS.search(cell.source)
            if found:
                count.discussion += int(found.group(1))
            else:
                count.reading += len(cell.source.split()) / t["words_per_minute"]
            continue
        if is_grading_cell(cell) or "open_sidecar(" in cell.source:
            continue
        items = ITEM.findall(cell.source)
        helpers = LESSON.findall(cell.source)
        # A session's reflection (free text, rubric-marked) is written in its live discussion round.
        count.discussion += sum(_item_minutes(session, n) for n in items if REFLECTION.fullmatch(n))
        count.exercises += sum(_item_minutes(session, n) for n in items if not REFLECTION.fullmatch(n))
        if any(h in t["labs"] for h in helpers):
            count.exercises += t["display_minutes"]["lab"]
        elif "further_reading" in helpers:
            count.reading += t["display_minutes"]["further_reading"]
        elif not items:  # a table or chart to read
            count.reading += t["display_minutes"]["table_or_chart"]
    count.optional_graded = tuple(optional_graded)
    return count


def _table() -> str:
    """Per notebook and per session: declared (and recounted) reading / exercises / discussion / total."""
    lines = [f"{'notebook':<52} {'reading':>13} {'exercises':>13} {'discussion':>10} {'total':>6}"]
    for session in SESSIONS:
        for path in session_notebooks(session):
            got, want = recount(path), notebook_minutes(session, path.stem)
            if want is None:
                lines.append(f"{session}/{path.stem:<32} NOT DECLARED (recount {got.reading:.1f} / "
                             f"{got.exercises:.1f} / {got.discussion:.0f})")
                continue
            lines.append(f"{session + '/' + path.stem:<52} {want.reading:>5.0f} ({got.reading:>5.1f}) "
                         f"{want.exercises:>5.0f} ({got.exercises:>5.1f}) {want.discussion:>10.0f} {want.total:>6.0f}")
        s = session_minutes(session)
        lines.append(f"{'= ' + session:<52} {s.reading:>13.0f} {s.exercises:>13.0f} {s.discussion:>10.0f} {s.total:>6.0f}")
    rule = timing()["session_rule"]
    lines.append(f"declared (recounted); rule: session total {rule['min_total']}-{rule['max_total']} minutes, "
                 f"discussion at least {rule['min_discussion']}; retune ctie_helpers/content/data/timing.json")
    return "\n".join(lines)


def test_every_notebook_declares_minutes_that_match_a_recount():
    tol = timing()["tolerance_minutes"]
    wrong = []
    for session in SESSIONS:
        for path in session_notebooks(session):
            got, want = recount(path), notebook_minutes(session, path.stem)
            if want is None:
                wrong.append(f"{session}/{path.stem}: no declaration")
                continue
            for part in ("reading", "exercises"):
                if abs(getattr(got, part) - getattr(want, part)) > tol:
                    wrong.append(f"{session}/{path.stem}: {part} declared {getattr(want, part):g}, "
                                 f"recounted {getattr(got, part):.1f}")
            if got.discussion != want.discussion:
                wrong.append(f"{session}/{path.stem}: discussion declared {want.discussion:g}, prompts in the "
                             f"notebook add up to {got.discussion:g}")
    declared = {k for k in timing()["notebooks"]}
    present = {f"{s}/{p.stem}" for s in SESSIONS for p in session_notebooks(s)}
    wrong += [f"{k}: declared but no such notebook" for k in sorted(declared - present)]
    assert not wrong, "\n".join(wrong) + "\n\n" + _table()


@pytest.mark.parametrize("session", SESSIONS)
def test_each_session_takes_110_to_125_minutes_with_20_of_discussion(session):
    rule = timing()["session_rule"]
    total = session_minutes(session)
    assert rule["min_total"] <= total.total <= rule["max_total"], _table()
    assert total.discussion >= rule["min_discussion"], _table()


def test_no_graded_item_sits_in_optional_material():
    stuck = {f"{s}/{p.stem}": recount(p).optional_graded for s in SESSIONS for p in session_notebooks(s)}
    assert not {k: v for k, v in stuck.items() if v}, "an optional section holds graded items: " + str(stuck)


def test_recount_of_a_small_notebook_by_hand(tmp_path):
    """400 words (2 min), a chart (1), a 1-minute choice item, an optional section and a 10-minute prompt."""
    folder = tmp_path / "session1_tip_basics"
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\n\n" + "word " * 398),
        nbformat.v4.new_code_cell("from ctie_helpers.grading import open_sidecar\nopen_sidecar('x')"),
        nbformat.v4.new_code_cell("plots.something()"),
        nbformat.v4.new_code_cell("ex.s1_ts_case()"),
        nbformat.v4.new_markdown_cell("## Optional, for analysts: more\n\n" + "word " * 1000),
        nbformat.v4.new_code_cell("lesson.mse_lab(lists)"),
        nbformat.v4.new_markdown_cell("## Recap"),
        nbformat.v4.new_markdown_cell("**Discuss in your group (10 minutes):** why?"),
    ])
    path = folder / "01_x.ipynb"
    nbformat.write(nb, path)
    got = recount(path)
    assert (round(got.reading, 2), got.exercises, got.discussion) == (2 + 0.01 + 1, 1.0, 10)  # "## Recap" is 2 words


def test_a_notebook_that_states_its_minutes_states_the_declared_total():
    """Trainees read "about N minutes" at the top of a page and on the course map: one number for both."""
    stated = re.compile(r"about\s+\**(\d+)\**\s+minutes", re.IGNORECASE)
    wrong = []
    for session in SESSIONS:
        for path in session_notebooks(session):
            found = stated.search(nbformat.read(path, as_version=4).cells[0].source)
            declared = notebook_minutes(session, path.stem)
            if found and declared and int(found.group(1)) != round(declared.total):
                wrong.append(f"{session}/{path.stem}: says about {found.group(1)}, declares {declared.total:g}")
    assert not wrong, "\n".join(wrong)
