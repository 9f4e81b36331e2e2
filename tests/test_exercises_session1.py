"""Session 1 exercises: what is particular to this session's content (keys that follow the data,
the registries and the analysis functions). The contract every exercise keeps (builds, practice
feedback, graded items never revealing the key, hidden keys fitting their widgets) is tested for all
sessions in tests/test_exercise_contract.py."""

from __future__ import annotations

import pytest

from ctie_helpers.exercises import session1 as ex
from ctie_helpers.grading import AnswerStore
from ctie_helpers.lessons import session1 as lesson
from ctie_helpers.widgets import GRADED_MESSAGE
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session1_tip_basics"
FACTORIES = {name: getattr(ex, name) for name in ex.__all__}
GRADED = [c for nb in session_notebooks(SESSION) for c in graded_cells(nb)]

PRACTICE_ANSWERS = {
    "s1_amp_practice": ex.AMP_PRACTICE_KEY,
    "s1_child_element": "The Means",
    "s1_consent_irrelevant": "No: once a Means such as deception was used, her consent is irrelevant",
    "s1_case_walkthrough": ex.CASE_PRACTICE_KEY,
    "s1_research_consent": ex.RESEARCH_CONSENT_KEY,
    "s1_ts_practice": ex.TS_PRACTICE_KEY,
    "s1_which_number": "How many victims national authorities detected and reported in 2022",
    "s1_detection_trend": "Detection fell, at least partly because COVID-19 restrictions reduced identification work",
    "s1_lp_textbook": 2000,
    "s1_crisis_mechanisms": ex.CRISIS_MECHANISM_KEY,
    "s1_ct_integration": "Into the systems that already run, adapted with a few CT questions and safe referral",
    "s1_hpc_ct_feed": {h.step: h.ct_contribution for h in ex._hpc()},
    "s1_collect_less": "Ask an aggregate question instead (how many children, roughly) and map referral options",
    "s1_dii": "Yes: it identifies a group and a place, which can expose the girls and their community",
}


@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "01_test.answers.json")


def test_lincoln_petersen_key_matches_the_data():
    """The hidden key of s1_lp_service_lists is computed from the committed service_lists table."""
    from ctie_helpers.analysis import lincoln_petersen
    from ctie_helpers.data import load

    counts = lesson.two_list_counts(load("service_lists")).iloc[:, 0].tolist()
    (cell,) = [c for c in GRADED if c.grade_id == "s1_lp_service_lists"]
    assert cell.key == pytest.approx(lincoln_petersen(*counts), abs=0.05)


def test_mse_lab_contains_the_true_population():
    from ctie_helpers.data import load
    from ctie_helpers.data.synthetic.service_lists import true_population

    results = lesson.mse_lab(load("service_lists"))
    full = results["all 4 lists, AIC"]
    assert full.lower <= true_population() <= full.upper
    # every list shares one latent visibility: the stepwise model (one interaction) stays below the truth,
    # as the notebook tells trainees; AIC keeps more interactions and covers it
    stepwise = results["all 4 lists, stepwise (SparseMSE)"]
    assert stepwise.model == "list_a:list_b" and stepwise.upper < true_population()
    # the planted A->B dependence drags the two-list estimate below the people actually seen
    assert results["A + B (two lists, A refers to B)"].estimate < full.observed


# --- helpers shared with test_exercises_session2.py (kept here: one file per session owner) -----------

def _ids(pairs):
    return [i for i, _ in pairs]


def key_universe(widget):
    """What a key may name, per kind: (allowed keys of a mapping or items of a list, allowed values)."""
    kind = widget.kind
    if kind in ("choice", "multi"):
        return _ids(widget.options), None
    if kind == "bins":
        return _ids(widget.items), widget.bin_labels
    if kind == "match":
        return _ids(widget.left), _ids(widget.right)
    if kind == "order":
        return _ids(widget.steps), None
    return None, None


def assert_key_fits_widget(widget, key):
    """Every key item exists in the widget, and the key has the shape of the widget's kind."""
    items, values = key_universe(widget)
    name = widget.exercise_id
    if widget.kind == "choice":
        assert isinstance(key, str) and key in items, f"{name}: key {key!r} is not an option"
    elif widget.kind == "multi":
        assert isinstance(key, list) and key and set(key) <= set(items), f"{name}: key names unknown options"
    elif widget.kind in ("bins", "match"):
        assert isinstance(key, dict), f"{name}: key must be a dict"
        assert set(key) == set(items), f"{name}: key items differ from the widget's: {set(key) ^ set(items)}"
        assert set(key.values()) <= set(values), f"{name}: key uses unknown groups {set(key.values()) - set(values)}"
    elif widget.kind == "order":
        assert isinstance(key, list) and sorted(key) == sorted(items), f"{name}: key is not a permutation of the steps"
    elif widget.kind == "numeric":
        assert isinstance(key, (int, float)) and not isinstance(key, bool), f"{name}: key is not a number"
    else:  # pragma: no cover - a new kind needs a rule here
        raise AssertionError(f"{name}: no shape rule for kind {widget.kind!r}")


def wrong_answer(widget, key):
    """A complete answer that is certainly not fully right."""
    items, values = key_universe(widget)
    if widget.kind == "choice":
        return next(o for o in items if o != key)
    if widget.kind == "multi":
        others = [o for o in items if o not in key]
        return others or key[:-1] or items[:1]
    if widget.kind in ("bins", "match"):
        return {k: next(v for v in values if v != want) for k, want in key.items()}
    if widget.kind == "order":
        return list(reversed(key))
    if widget.kind == "numeric":
        return float(key) * 2 + 1
    raise AssertionError(widget.kind)


def assert_practice_teaches(widget, right, store):
    """The right answer is accepted and saved as correct; a wrong one is rejected; retries are allowed."""
    assert_key_fits_widget(widget, right)
    widget.value = wrong_answer(widget, right)
    widget.check_button.click()
    assert "Not quite" in widget.feedback.value, widget.feedback.value
    widget.value = right
    widget.check_button.click()
    assert "Correct" in widget.feedback.value, widget.feedback.value
    rec = store.get(widget.exercise_id)
    assert rec["status"] == "correct" and rec["attempts"] == 2


def assert_graded_never_reveals(widget, key, store):
    """A graded item saves both a right and a wrong answer with the same neutral message."""
    said = []
    for answer in (key, wrong_answer(widget, key)):
        widget.value = answer
        widget.check_button.click()
        said.append(widget.feedback.value)
        assert GRADED_MESSAGE in widget.feedback.value
        assert "Correct" not in widget.feedback.value and "Not quite" not in widget.feedback.value
        assert store.get(widget.exercise_id)["value"] == widget.value
    assert said[0] == said[1], "the feedback must not differ between a right and a wrong graded answer"
