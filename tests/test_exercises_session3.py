"""Session 3 exercises: what is particular to this session's content (keys that follow the data,
the registries and the analysis functions). The contract every exercise keeps (builds, practice
feedback, graded items never revealing the key, hidden keys fitting their widgets) is tested for all
sessions in tests/test_exercise_contract.py."""

from __future__ import annotations

import ast

from ctie_helpers.content import framework
from ctie_helpers.exercises import session3 as mod
from ctie_helpers.lessons import session3 as lesson
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session3_framework"
FACTORIES = [n for n in mod.__all__ if n.startswith("s3_")]
GRADED = {c.grade_id: c for nb in session_notebooks(SESSION) for c in graded_cells(nb)}


def test_level_key_matches_factor_bank():
    names = {lv.key: lv.name for lv in framework.levels()}
    key = GRADED["s3_factor_levels"].key
    assert key == {t: names[framework.factor(t).level] for t in mod.FACTOR_LEVEL_ITEMS}


def test_risk_protective_items_are_one_sided_in_the_bank():
    assert all(framework.factor(t).valence in ("risk", "protective") for t in mod.RISK_PROTECTIVE_ITEMS)


def test_pathway_key_is_the_framework_order():
    assert GRADED["s3_pathway_order"].key == [s.key for s in framework.pathway()]


def test_notebook_test_cells_are_valid_python():
    import nbformat

    for nb in session_notebooks(SESSION):
        for cell in nbformat.read(nb, as_version=4).cells:
            if cell.cell_type == "code":
                ast.parse(cell.source.replace("# NBVAL_IGNORE_OUTPUT", ""))


def test_tagging_keys_match_the_dataset_reference_tags():
    from ctie_helpers.data import load
    from ctie_helpers.methods.evidence import cell_label

    df = load("secondary_sources").set_index("excerpt_id")
    key = GRADED["s3_tag_excerpts"].key
    assert key == {e: cell_label(df.loc[e, "level"], df.loc[e, "category"]) for e in mod.TAG_GRADED_IDS}
    assert GRADED["s3_tag_indicators"].key == {e: df.loc[e, "indicator_ids"] for e in mod.TAG_INDICATOR_IDS}


def test_gap_reading_key_is_the_only_level_without_protective_evidence():
    counts = lesson.review_matrix().counts["protective"]
    assert list(counts[counts == 0].index) == [GRADED["s3_gap_reading"].key]


def test_my_matrix_handles_blank_and_partial_answers():
    assert int(lesson.my_matrix(None).counts.values.sum()) == 0
    m = lesson.my_matrix({"SRC-002": "Community × Risk factors", "SRC-004": None})
    assert m.counts.loc["community", "risk"] == 1 and m.reliability.loc["community", "risk"] == 3


def test_rings_figure_places_trainee_factors():
    from ctie_helpers.plots.session3 import ecological_rings, evidence_heatmap, pathway_chain

    fig = ecological_rings(GRADED["s3_factor_levels"].key)
    placed = [t.hovertext for t in fig.data]
    assert len(placed) == len(mod.FACTOR_LEVEL_ITEMS) and "Household debt (Household/family)" in placed
    assert len(ecological_rings({}).data) == 12  # examples from the bank before any answer
    assert len(pathway_chain().layout.shapes) == 9
    assert evidence_heatmap(lesson.review_matrix()).data[0].type == "heatmap"
