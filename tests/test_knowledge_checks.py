"""Measuring learning (issue 12): the opening and closing knowledge checks, the reflection items, and the
facilitator dashboard's before/after gain.

The content files are checked for completeness and fairness; the factories are driven as a trainee
drives them; the notebooks are read to prove where the checks sit; the gain is checked against a tiny
hand-written cohort whose means were worked out by hand.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from ctie_helpers.content import _base
from ctie_helpers.content import knowledge_checks as kc
from ctie_helpers.content.reflections import reflection, reflections, rubric_text
from ctie_helpers.grading import AnswerStore
from ctie_helpers.widgets import GRADED_MESSAGE
from tests.notebook_tools import SESSIONS, graded_cells, session_notebooks

N = [1, 2, 3, 4, 5]


def _ex(n: int):
    return importlib.import_module(f"ctie_helpers.exercises.session{n}")


# -- content ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", N)
def test_five_constructs_each_with_a_parallel_before_and_after_item(n):
    constructs = kc.constructs(n)
    assert len(constructs) == 5 and len({c.id for c in constructs}) == 5
    for c in constructs:
        before, after = c.before, c.after
        assert before.question != after.question, f"{c.id}: the after item repeats the before item"
        # Category labels may recur (levels, principles), but the keyed answer must be a different text.
        assert before.options[before.key] != after.options[after.key], f"{c.id}: the same keyed answer twice"
        for when, item in (("before", before), ("after", after)):
            assert 3 <= len(item.options) <= 4 and item.key in item.options, f"{c.id}/{when}"
            assert set(item.why) == set(item.options), f"{c.id}/{when}: an option has no explanation"
            for oid, why in item.why.items():
                assert why.why.strip() and why.why != item.options[oid], f"{c.id}/{when}/{oid}"
                assert any(s in why.source for s in ("Guide", "Protocol", "ILO", "WHO")), \
                    f"{c.id}/{when}/{oid}: source {why.source!r} names no Guide chapter or published source"


def test_at_most_40_percent_of_check_keys_are_the_longest_option():
    """Haladyna, Downing & Rodriguez (2002): the key must not stand out by its length."""
    items = [c.item(w) for n in N for c in kc.constructs(n) for w in kc.WHEN]
    longest = [i.question for i in items
               if len(i.options[i.key]) > max(len(t) for o, t in i.options.items() if o != i.key)]
    assert len(items) == 50
    assert len(longest) / len(items) <= 0.40, longest


def test_keys_are_spread_over_the_option_ids():
    """The shown order is shuffled per trainee, but a key always stored as "a" would still be a pattern."""
    keys = [c.item(w).key for n in N for c in kc.constructs(n) for w in kc.WHEN]
    assert max(keys.count(k) for k in set(keys)) / len(keys) <= 0.5


def test_no_grammatical_cue_in_the_options():
    """Options of one item end alike (no lone question mark or full stop pointing at the key)."""
    for n in N:
        for c in kc.constructs(n):
            for w in kc.WHEN:
                ends = {t.rstrip("'\"")[-1] in ".?!" for t in c.item(w).options.values()}
                assert len(ends) == 1, f"s{n} {c.id}/{w}: options differ in end punctuation"


@pytest.fixture
def content_dir(tmp_path, monkeypatch):
    (tmp_path / "knowledge_checks").mkdir()
    monkeypatch.setattr(_base, "DATA_DIR", tmp_path)
    monkeypatch.setattr(kc, "DATA_DIR", tmp_path)
    kc.constructs.cache_clear()
    yield tmp_path
    kc.constructs.cache_clear()


def _good_item(key="a"):
    return {"question": "Q?", "key": key, "options": {
        o: {"text": f"option {o}", "why": "Because.", "source": "CTiE IM Guide, ch. 2"} for o in "abc"}}


def test_a_bad_file_is_refused_naming_file_and_entry(content_dir):
    data = {"constructs": [{"id": f"c{i}", "name": "x", "before": _good_item(), "after": _good_item()}
                           for i in range(5)]}
    path = content_dir / "knowledge_checks" / "session9.json"
    path.write_text(json.dumps(data), "utf-8")
    assert [c.id for c in kc.constructs(9)] == ["c0", "c1", "c2", "c3", "c4"]
    del data["constructs"][2]["after"]["options"]["b"]["source"]
    path.write_text(json.dumps(data), "utf-8")
    kc.constructs.cache_clear()
    with pytest.raises(ValueError, match=r"session9\.json: c2 / after / option 'b': missing key\(s\) source"):
        kc.constructs(9)
    data["constructs"][2]["after"] = _good_item(key="z")
    path.write_text(json.dumps(data), "utf-8")
    kc.constructs.cache_clear()
    with pytest.raises(ValueError, match="c2 / after: key 'z' is not one of the options"):
        kc.constructs(9)


def test_check_ids_follow_the_exercise_id_rule():
    assert kc.check_id(3, "before") == "s3_check_before"
    assert kc.parse_check_id("s3_check_after") == (3, "after")
    assert kc.parse_check_id("s3_checklist") is None


# -- factories -------------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "nb.answers.json")


def _all_right(w) -> dict[str, str]:
    return dict(w.key)


def _one_wrong(w) -> tuple[dict[str, str], str, str]:
    """The key with the first construct answered wrong; also that construct's wrong and right option ids."""
    first = w.questions[0][0]
    wrong = next(oid for oid, _ in w.questions[0][2] if oid != w.key[first])
    return {**w.key, first: wrong}, wrong, w.key[first]


@pytest.mark.parametrize("n", N)
def test_before_check_saves_without_feedback_and_locks(n, store, tmp_path):
    w = getattr(_ex(n), f"s{n}_check_before")(store=store)
    assert w.exercise_id == f"s{n}_check_before" and not w.graded and len(w.radios) == 5
    assert [q for q, _ in w.items] == [c.id for c in kc.constructs(n)], "questions in construct order"
    first = w.questions[0][0]
    w.radios[first].value = w.radios[first].options[0][1]  # one question answered, like a click
    w.check_button.click()
    assert "4 of 5 questions have no answer yet" in w.feedback.value and not w.submitted
    assert store.get(w.exercise_id)["value"] == {first: w.radios[first].options[0][1]}
    answer, _, _ = _one_wrong(w)
    w.value = answer
    w.check_button.click()
    rec = AnswerStore(tmp_path / "nb.answers.json").get(f"s{n}_check_before")
    assert rec["value"] == answer and rec["attempts"] == 1 and rec["status"] == "saved" and rec["kind"] == "match"
    assert "Saved" in w.feedback.value
    for text in ("right", "Right", "tempting", "Guide"):
        assert text not in w.feedback.value, f"the before check gives something away: {text!r}"
    assert GRADED_MESSAGE not in w.feedback.value, "the check is not graded and must not say so"
    assert all(r.disabled for r in w.radios.values()) and w.check_button.disabled
    again = getattr(_ex(n), f"s{n}_check_before")(store=AnswerStore(tmp_path / "nb.answers.json"))
    assert again.value == answer and again.submitted and all(r.disabled for r in again.radios.values())


@pytest.mark.parametrize("n", N)
def test_after_check_explains_after_submission(n, store):
    w = getattr(_ex(n), f"s{n}_check_after")(store=store)
    answer, wrong, right = _one_wrong(w)
    w.value = answer
    assert w.feedback.value == "", "nothing is explained before the check is submitted"
    w.check_button.click()
    assert "Submitted: 4 of 5 right." in w.feedback.value
    first = kc.constructs(n)[0].after
    import html

    shown = html.unescape(w.feedback.value)
    assert first.why[wrong].why in shown and first.why[right].why in shown
    assert first.why[right].source in shown
    assert store.get(w.exercise_id)["status"] == "partly"
    w.value = _all_right(w)  # locked: a later change of value by code is not a new submission
    w.check_button.click()
    assert store.get(w.exercise_id)["attempts"] == 1


def test_all_right_after_check_says_five_of_five(store):
    w = _ex(2).s2_check_after(store=store)
    w.value = _all_right(w)
    w.check_button.click()
    assert "Submitted: 5 of 5 right." in w.feedback.value and store.get("s2_check_after")["status"] == "correct"


def test_options_are_shuffled_per_trainee_but_saved_by_id(tmp_path):
    a = _ex(1).s1_check_before(store=AnswerStore(tmp_path / "a.json"), trainee="ana")
    orders = {tuple(tuple(oid for _, oid in r.options) for r in
                    _ex(1).s1_check_before(store=AnswerStore(tmp_path / f"{t}.json"), trainee=t).radios.values())
              for t in ("ana", "ben", "chen", "dara", "eli")}
    assert len(orders) > 1
    a.value = dict(a.key)
    assert AnswerStore(tmp_path / "a.json").get("s1_check_before")["value"] == a.key


# -- reflections -----------------------------------------------------------------------------------
@pytest.mark.parametrize("n", N)
def test_reflection_is_graded_by_hand_with_a_rubric_of_three_or_four_criteria(n, store):
    item = reflection(f"s{n}_reflection")
    assert 3 <= len(item.rubric) <= 4 and all(c.points > 0 for c in item.rubric)
    w = getattr(_ex(n), f"s{n}_reflection")(store=store)
    assert w.kind == "text" and w.graded and w.points == item.points
    assert w.rubric == [str(c) for c in item.rubric]
    w.value = "word " * (item.min_words - 1)
    w.check_button.click()
    assert f"at least {item.min_words} words" in w.feedback.value
    w.value = "word " * item.min_words
    w.check_button.click()
    assert GRADED_MESSAGE in w.feedback.value and store.get(f"s{n}_reflection")["graded"] is True


@pytest.mark.parametrize("n", N)
def test_reflection_warm_up_is_practice_with_its_model_answer_shown_after_check(n, store):
    """Issue 12: a practice free-text item before each reflection; its model answer is its key."""
    from ctie_helpers.widgets.base import esc

    item = reflection(f"s{n}_reflection")
    w = getattr(_ex(n), f"s{n}_reflection_practice")(store=store)
    assert w.kind == "text" and not w.graded and w.key == item.practice.shown_answer
    assert w.prompt != item.prompt and w.rubric == [c.criterion for c in item.rubric]
    assert item.practice.source in w.key  # the model answer names its source
    w.value = "word " * item.practice.min_words
    w.check_button.click()
    assert "Model answer:" in w.feedback.value and esc(item.practice.model_answer) in w.feedback.value
    assert store.get(f"s{n}_reflection_practice")["graded"] is False


def test_rubric_text_is_what_the_grading_sheet_shows():
    # 2 + 1 + 1 points, written out by hand from the s2 rubric
    assert rubric_text("s2_reflection").startswith("2 points: Names two PIM principles")
    assert rubric_text("s2_reflection").count("; 1 point: ") == 2
    assert reflection("s2_reflection").points == 4
    assert set(reflections()) == {f"s{n}_reflection" for n in N}


# -- notebooks -------------------------------------------------------------------------------------
def _code(path: Path) -> list[str]:
    return [c.source.strip() for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("n", N)
def test_before_check_opens_the_session_and_after_check_closes_it(n):
    nbs = session_notebooks(SESSIONS[n - 1])
    first, last = _code(nbs[0]), _code(nbs[-1])
    assert "open_sidecar" in first[0] and first[1] == f"ex.s{n}_check_before()", \
        f"{nbs[0].name}: the opening check must be the first cell after the setup cell"
    assert last[-1] == f"ex.s{n}_check_after()", f"{nbs[-1].name}: the closing check must be the last cell"
    assert f"ex.s{n}_reflection()" in last and last.index(f"ex.s{n}_reflection()") < len(last) - 1
    everywhere = [(p.name, src) for p in nbs for src in _code(p)]
    for fn in (f"s{n}_check_before", f"s{n}_check_after", f"s{n}_reflection"):
        assert sum(f"ex.{fn}()" in src for _, src in everywhere) == 1, f"{fn} must be used exactly once"


@pytest.mark.parametrize("n", N)
def test_reflection_hidden_test_carries_the_content_rubric_and_points(n):
    last = session_notebooks(SESSIONS[n - 1])[-1]
    cell = next(c for c in graded_cells(last) if c.grade_id == f"s{n}_reflection")
    assert (cell.kind, cell.key, cell.points) == ("text", rubric_text(f"s{n}_reflection"),
                                                 reflection(f"s{n}_reflection").points)
    assert not any(kc.parse_check_id(c.grade_id) for p in session_notebooks(SESSIONS[n - 1])
                   for c in graded_cells(p)), "knowledge checks carry no nbgrader points"


# -- dashboard gain --------------------------------------------------------------------------------
# The keys of session 1, copied by hand from content/data/knowledge_checks/session1.json.
KEY_BEFORE = {"amp_elements": "a", "consent": "c", "smuggling": "b", "detected_vs_estimated": "a", "im_purpose": "c"}
KEY_AFTER = {"amp_elements": "b", "consent": "a", "smuggling": "c", "detected_vs_estimated": "b", "im_purpose": "a"}
DEMO = "session1_demo"


def _scoring(key: dict[str, str], right: int) -> dict[str, str]:
    """An answer with the first ``right`` constructs right and the others wrong."""
    return {c: (k if i < right else ("b" if k != "b" else "a")) for i, (c, k) in enumerate(key.items())}


def _course(root: Path) -> Path:
    folder = root / "notebooks" / DEMO
    folder.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    graded = new_code_cell('"""s1_demo (1 point)"""\nfrom ctie_helpers.grading import grade\n### BEGIN HIDDEN TESTS\n'
                           'grade("s1_demo", "choice", key="Act", points=1)\n### END HIDDEN TESTS')
    graded.metadata["nbgrader"] = {"schema_version": 3, "grade_id": "s1_demo", "grade": True, "solution": False,
                                   "locked": True, "points": 1, "task": False}
    setup = new_code_cell('from ctie_helpers.grading import open_sidecar\nopen_sidecar("01_first")')
    nbformat.write(new_notebook(cells=[setup, graded]), str(folder / "01_first.ipynb"))
    return root


def _hand_in(subs: Path, trainee: str, before: int | None, after: int | None, submit_after: bool = True) -> None:
    folder = subs / trainee / DEMO
    folder.mkdir(parents=True)
    nbformat.write(new_notebook(), str(folder / "01_first.ipynb"))
    store = AnswerStore(folder / "01_first.answers.json", notebook="01_first")
    for ex_id, key, right, submitted in (("s1_check_before", KEY_BEFORE, before, True),
                                         ("s1_check_after", KEY_AFTER, after, submit_after)):
        if right is not None:
            store.set(ex_id, _scoring(key, right), "match", graded=False)
            if submitted:
                store.record_attempt(ex_id, status="saved")


@pytest.fixture
def gain_cohort(tmp_path):
    """Six trainees. Paired (both checks submitted): t1 1->4, t2 2->5, t3 0->3, t4 3->3, t5 2->4.
    t6 submitted the before check (1) but only answered the after check without submitting it."""
    root, subs = _course(tmp_path / "course"), tmp_path / "submitted"
    for trainee, before, after in (("t1", 1, 4), ("t2", 2, 5), ("t3", 0, 3), ("t4", 3, 3), ("t5", 2, 4)):
        _hand_in(subs, trainee, before, after)
    _hand_in(subs, "t6", 1, 5, submit_after=False)
    return root, subs


def test_keys_copied_by_hand_match_the_content():
    assert kc.check_key(1, "before") == KEY_BEFORE and kc.check_key(1, "after") == KEY_AFTER


def test_gain_from_a_hand_written_cohort(gain_cohort):
    from ctie_helpers.facilitator.dashboard import learning_gain, load_cohort, publish_gain
    from ctie_helpers.facilitator.dashboard.gain import check_scores

    cohort = load_cohort(gain_cohort[0], submissions=gain_cohort[1])
    scores = check_scores(cohort)
    assert len(scores) == 11  # 6 before + 5 submitted after
    gain = learning_gain(cohort).set_index("session").loc[DEMO]
    # before (1+2+0+3+2)/5 = 1.6; after (4+5+3+3+4)/5 = 3.8; gain 2.2; t6 has no submitted after check
    assert gain["n"] == 5
    assert gain["mean_before"] == pytest.approx(1.6) and gain["mean_after"] == pytest.approx(3.8)
    assert gain["gain"] == pytest.approx(2.2)
    shown = publish_gain(learning_gain(cohort), threshold=5).iloc[0].to_dict()
    assert shown == {"session": DEMO, "n": 5, "mean_before": 1.6, "mean_after": 3.8, "gain": 2.2}


def test_gain_of_a_small_group_is_suppressed(gain_cohort):
    from ctie_helpers.facilitator.dashboard import learning_gain, load_cohort, publish_gain

    gain = learning_gain(load_cohort(gain_cohort[0], submissions=gain_cohort[1]))
    shown = publish_gain(gain, threshold=10).iloc[0].to_dict()
    assert shown == {"session": DEMO, "n": "<10", "mean_before": "", "mean_after": "", "gain": ""}
    empty = publish_gain(gain.assign(n=0, mean_before=float("nan"), mean_after=float("nan"), gain=float("nan")))
    assert empty.iloc[0].to_dict() == {"session": DEMO, "n": 0, "mean_before": "", "mean_after": "", "gain": ""}


def test_checks_stay_out_of_the_practice_counts_and_mistakes(gain_cohort):
    from ctie_helpers.facilitator.dashboard import cohort_summary, common_wrong_answers, load_cohort

    cohort = load_cohort(gain_cohort[0], submissions=gain_cohort[1])
    assert not cohort_summary(cohort)["exercise_id"].str.contains("_check_").any()
    assert not common_wrong_answers(cohort)["exercise_id"].astype(str).str.contains("_check_").any()


def test_app_shows_the_gain_table(gain_cohort, tmp_path):
    from ctie_helpers.apps.dashboard import build_dashboard

    app = build_dashboard(gain_cohort[0], submissions=gain_cohort[1], grades=tmp_path / "none")
    assert app.gain_table.iloc[0].to_dict()["gain"] == 2.2 and "2.2" in app.gain.value
    app.threshold.value = 10
    assert app.gain_table.iloc[0].to_dict()["n"] == "<10" and "2.2" not in app.gain.value
    assert re.search(r"&lt;10", app.gain.value)


def test_trainee_progress_counts_a_submitted_check_as_done(tmp_path):
    from ctie_helpers.grading import progress

    folder = tmp_path / "session1_tip_basics"
    folder.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell('open_sidecar("01_definitions")'),
                                       new_code_cell("ex.s1_check_before()")]), str(folder / "01_definitions.ipynb"))
    store = AnswerStore(folder / "01_definitions.answers.json")
    store.set("s1_check_before", _scoring(KEY_BEFORE, 0), "match", graded=False)
    row = progress(tmp_path).set_index("exercise_id").loc["s1_check_before"]
    assert row["attempted"] and not row["passed"], "answered but not submitted: not done yet"
    store.record_attempt("s1_check_before", status="saved")
    row = progress(tmp_path).set_index("exercise_id").loc["s1_check_before"]
    assert row["passed"], "submitted with 0 of 5 right is still done: the check measures, it is not passed"
