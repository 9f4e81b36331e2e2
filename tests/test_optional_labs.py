"""The statistics-heavy labs are "optional: for analysts" (issue 12, honest timing): marked in the
curriculum data and in the notebooks, shown on the course map, and holding no graded item, so the
session's graded total never needs them."""

from __future__ import annotations

import importlib
import re

import nbformat
import pytest

from ctie_helpers.content.agenda import optional_labs
from ctie_helpers.course.outline import OPTIONAL_LABEL, pages
from ctie_helpers.facilitator.course import Course, graded_items
from ctie_helpers.paths import NOTEBOOKS_DIR, SESSIONS
from tests.fixtures.course.course_copy import REPO

LABS = optional_labs()
_HEADING = re.compile(r"^(#+)\s+(.*\S)\s*$")


def _lab_cells(lab):
    """The lab's cells: from its heading to the next heading of the same or a higher level."""
    cells = nbformat.read(NOTEBOOKS_DIR / SESSIONS[lab.session - 1] / f"{lab.notebook}.ipynb", as_version=4).cells
    start = level = None
    for i, cell in enumerate(cells):
        heads = [m for line in cell.source.splitlines() if cell.cell_type == "markdown"
                 for m in [_HEADING.match(line)] if m]
        if start is None:
            if any(m.group(2) == lab.section for m in heads):
                start, level = i, next(len(m.group(1)) for m in heads if m.group(2) == lab.section)
        elif any(len(m.group(1)) <= level for m in heads):
            return cells[start:i]
    assert start is not None, f"{lab.notebook}: no heading {lab.section!r}"
    return cells[start:]


def test_every_statistics_heavy_lab_of_the_issue_is_optional():
    topics = " ".join(lab.topic for lab in LABS).lower()
    for topic in ("differential privacy", "weighted confidence intervals", "design effects", "bonferroni",
                  "log-linear"):
        assert topic in topics, f"no optional lab covers {topic}"


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: f"{lab.notebook}:{lab.topic}")
def test_lab_shows_its_banner_and_holds_only_practice(lab):
    cells = _lab_cells(lab)
    assert any("Optional: for analysts" in c.source for c in cells[:2] if c.cell_type == "markdown"), \
        "the banner must open the lab"
    graded = [c.metadata["nbgrader"]["grade_id"] for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")]
    assert not graded, f"graded cells inside an optional lab: {graded}"
    shown = {m.group(1) for c in cells if c.cell_type == "code" for m in [re.fullmatch(r"ex\.(\w+)\(\)", c.source.strip())] if m}
    assert set(lab.exercises) <= shown, f"exercises named in the curriculum but not in the lab: {set(lab.exercises) - shown}"
    mod = importlib.import_module(f"ctie_helpers.exercises.session{lab.session}")
    for eid in lab.exercises:
        w = getattr(mod, eid)(store=None)
        assert w.key is not None and not w.graded, f"{eid} must be a practice item"


def test_course_map_names_the_optional_labs():
    from ctie_helpers.course.home import course_map

    page = next(p for p in pages(NOTEBOOKS_DIR) if p.stem == "03_data_responsibility_lab")
    assert page.optional == ("2.7 A differentially private count",)
    assert next(p for p in pages(NOTEBOOKS_DIR) if p.stem == "01_definitions").optional == ()
    html = course_map(NOTEBOOKS_DIR).value
    # Notebooks with an optional lab, counted by hand from the curriculum files: session 1 03 (counting
    # challenges, log-linear models) and 05 (CT information per programme-cycle step), session 2 03,
    # session 3 02 and 03 (factor-bank counts, own evidence matrix), session 4 01 (registry heatmap) and 03,
    # session 5 02.
    assert html.count(OPTIONAL_LABEL) == len({(lab.session, lab.notebook) for lab in LABS}) == 8
    assert "significance tests with the Bonferroni correction" not in html  # headings, not topics, are shown
    assert "Before and after the shock: site indicators by round" in html


#: Each session's graded total, summed by hand from the points of the graded items listed in the
#: source notebooks (without the optional labs' s1_list_dependence 1 + s1_mse_assumptions 2,
#: s2_dp_repeat 1, s4_debt_estimate 2 + s4_planted_rise 2, s5_deff 1).
GRADED_TOTALS = {
    "session1_tip_basics": 39.0,  # 3+5+3+1 + 4+1 + 3+2 + 4 + 2+2+3+2 + 4 (s1_reflection)
    "session2_pim": 35.0,  # 2+2+4+1 + 8x1 + 4 + 2+1+1 + 3+3 + 4 (s2_reflection)
    "session3_framework": 31.0,  # 2+2+2 + 3+3+4+4 + 4+2+1 + 4 (s3_reflection)
    "session4_indicators": 23.0,  # 4+3+2+1 + 3+2 + 3 + 1 + 4 (s4_reflection)
    "session5_methods": 29.0,  # 3+2 + 1+1+2+1 + 3+2+3+2 + 3+2 + 4 (s5_reflection)
}


@pytest.mark.parametrize("session", SESSIONS)
def test_graded_total_leaves_out_the_optional_labs(session):
    items = graded_items(Course.at(REPO), session)
    assert sum(i.points for i in items) == GRADED_TOTALS[session]
    optional = {e for lab in LABS for e in lab.exercises}
    assert not optional & {i.exercise_id for i in items}
