"""Fair items (issue 12): options are shown in a per-trainee order that is stable across restarts,
and two trainees who see different orders but give the same answers get the same grade."""

from __future__ import annotations

from ctie_helpers.exercises import session1
from ctie_helpers.grading import AnswerStore, grade
from ctie_helpers.widgets.base import display_order

KEY = "Smuggling at first, then trafficking once he was held and made to work"  # s1_ts_case's hidden key


def _shown(w):
    return [oid for _, oid in w.radio.options]


def test_order_is_stable_for_a_trainee_and_differs_between_trainees(tmp_path):
    a1 = session1.s1_ts_case(store=AnswerStore(tmp_path / "a.json"), trainee="amina")
    a2 = session1.s1_ts_case(store=AnswerStore(tmp_path / "a.json"), trainee="amina")  # a restart
    orders = {tuple(_shown(session1.s1_ts_case(store=None, trainee=n))) for n in ("amina", "bruno", "chen", "dara")}
    assert _shown(a1) == _shown(a2)
    assert len(orders) > 1, "four trainees all see the same order"
    assert sorted(_shown(a1)) == sorted(session1.TS_CASE_OPTIONS)


def test_same_answers_in_different_orders_get_the_same_grade(tmp_path, capsys):
    names = ("amina", "bruno", "chen", "dara")
    first = {n: _shown(session1.s1_ts_case(store=None, trainee=n)).index(KEY) for n in names}
    a, b = next((x, y) for x in names for y in names if first[x] != first[y])  # key at different places
    scores = {}
    for name in (a, b):
        store = AnswerStore(tmp_path / f"{name}.answers.json")
        w = session1.s1_ts_case(store=store, trainee=name)
        w.radio.value = KEY  # the trainee clicks the option wherever it is shown
        bins = session1.s1_amp_elements(store=store, trainee=name)
        for dd in bins.bins.values():
            dd.value = "Act"
        scores[name] = (grade("s1_ts_case", "choice", key=KEY, points=1, store=store),
                        grade("s1_amp_elements", "bins", key={i: "Act" for i in session1.AMP_GRADED_ITEMS[:3]},
                              points=3, store=store))
    assert scores[a] == scores[b] == (1.0, 3.0)


def test_multi_select_answer_does_not_depend_on_the_shown_order(tmp_path):
    values = []
    for name in ("amina", "bruno", "chen"):
        w = session1.s1_im_purpose(store=AnswerStore(tmp_path / f"{name}.json"), trainee=name)
        for oid in ("Aggregate evidence for advocacy and coordination", "Evidence on where and how trafficking is occurring"):
            w.checkboxes[oid].value = True
        values.append(w.value)
    assert values[0] == values[1] == values[2] == ["Evidence on where and how trafficking is occurring",
                                                   "Aggregate evidence for advocacy and coordination"]


def test_display_order_is_a_permutation():
    assert sorted(display_order(list("abcdef"), "s9_x", "amina")) == list("abcdef")


# Sessions 4 and 5 items rewritten for issue 12 -------------------------------------------------

def _hidden_key(session: str, grade_id: str):
    from tests.notebook_tools import graded_cells, session_notebooks

    return next(c.key for nb in session_notebooks(session) for c in graded_cells(nb) if c.grade_id == grade_id)


def test_rewritten_single_choice_keys_are_not_the_longest_option():
    from ctie_helpers.exercises import session4, session5

    for session, factory in (("session4_indicators", session4.s4_suppression),
                             ("session5_methods", session5.s5_rds_weight)):
        w = factory(store=None)
        key = _hidden_key(session, w.exercise_id)
        lengths = {oid: len(text) for oid, text in w.options}
        assert lengths[key] < max(v for k, v in lengths.items() if k != key), w.exercise_id


def test_indicator_or_question_punctuation_gives_nothing_away():
    from ctie_helpers.exercises import session4

    key = _hidden_key("session4_indicators", "s4_indicator_or_question")
    ends = {b: {session4.IQ_ITEMS[i][-1] in "?." for i, v in key.items() if v == b} for b in session4.IQ_BINS}
    assert ends["Indicator"] == ends["Question"] == {False}


def test_focus_group_size_is_worded_as_a_rule_of_thumb():
    from ctie_helpers.exercises import session5

    assert "rule of thumb" in session5.FGD_OPTIONS["size"]


# Every graded item, all sessions (issue 12 "Done means") ---------------------------------------

def _graded_widgets(kind: str):
    import importlib

    from ctie_helpers.paths import SESSIONS
    from tests.notebook_tools import graded_cells, session_notebooks

    for n, session in enumerate(SESSIONS, 1):
        module = importlib.import_module(f"ctie_helpers.exercises.session{n}")
        for nb in session_notebooks(session):
            for cell in graded_cells(nb):
                if cell.kind == kind:
                    yield cell, getattr(module, cell.grade_id)(store=None)


def test_at_most_40_percent_of_graded_single_choice_keys_are_the_longest_option():
    """Test-wise trainees pick the longest option; Haladyna et al. (2002) rule: keep lengths about equal."""
    longest = []
    cells = list(_graded_widgets("choice"))
    for cell, w in cells:
        lengths = {oid: len(text) for oid, text in w.options}
        if lengths[cell.key] > max(v for oid, v in lengths.items() if oid != cell.key):
            longest.append(cell.grade_id)
    assert len(cells) >= 15, "the graded single-choice items were not found"
    assert len(longest) <= 0.4 * len(cells), f"key is the strictly longest option in {len(longest)} of {len(cells)}: {longest}"


#: A grid item whose rows follow its cases (case C, every element; case D, ...): rows run by case, not by
#: answer, and each case's answers are the judgement being tested. Options are shuffled per trainee anyway.
GRID_ITEMS = {"s1_case_classifier"}


def test_sorting_items_are_not_listed_grouped_by_answer():
    """No run of three or more statements with the same answer, and not sorted by answer, in listed order."""
    grouped = []
    for cell, w in _graded_widgets("bins"):
        if cell.grade_id in GRID_ITEMS:
            continue
        answers = [cell.key[iid] for iid, _ in w.items]
        longest_run = run = 1
        for a, b in zip(answers, answers[1:], strict=False):
            run = run + 1 if a == b else 1
            longest_run = max(longest_run, run)
        order = [w.bin_labels.index(a) for a in answers]
        if longest_run >= 3 or order == sorted(order):
            grouped.append((cell.grade_id, answers))
    assert not grouped, grouped
