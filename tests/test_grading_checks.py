"""check(): known answers per kind, partial-credit rules, and hints that never give the key away."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctie_helpers.grading.checks import KINDS, CheckResult, check, parse_number

BINS_KEY = {"recruiting": "Act", "lying": "Means", "threats": "Means", "forced labour": "Purpose", "moving": "Act"}


def test_every_kind_is_dispatched():
    assert set(KINDS) == {"choice", "multi", "bins", "order", "match", "numeric", "table", "text"}
    with pytest.raises(ValueError, match="unknown check kind"):
        check("essay", "x", "y")


@pytest.mark.parametrize(("answer", "score"), [("Means", 1.0), (" means ", 1.0), ("Act", 0.0), (None, 0.0), (["Means"], 0.0)])
def test_choice(answer, score):
    r = check("choice", answer, "Means")
    assert r.score == score and r.correct == (score == 1.0) and r.n_total == 1


def test_choice_accepts_a_list_of_right_options():
    assert check("choice", "B", ["A", "B"]).correct


@pytest.mark.parametrize(("answer", "score", "correct"), [
    (["a", "b"], 1.0, True),
    (["a"], 0.5, False),
    (["a", "c"], 0.0, False),          # one right pick minus one wrong pick
    (["a", "b", "c"], 0.5, False),
    (["a", "b", "c", "d"], 0.0, False),  # ticking everything earns nothing
    (["c", "d"], 0.0, False),           # floored at 0, not negative
    ([], 0.0, False),
])
def test_multi_right_minus_wrong_floored(answer, score, correct):
    r = check("multi", answer, ["a", "b"])
    assert r.score == pytest.approx(score) and r.correct is correct


def test_bins_fraction_and_count_only_hints():
    answer = dict(BINS_KEY, lying="Act", moving=None)
    r = check("bins", answer, BINS_KEY, noun="statements")
    assert (r.score, r.n_right, r.n_total, r.correct) == (0.6, 3, 5, False)
    assert r.hints == ["1 of 5 statements is in the wrong group.", "1 of 5 statements is not answered yet."]
    assert check("bins", BINS_KEY, BINS_KEY).correct


def test_bins_reveal_where_names_the_group_the_trainee_used_not_the_right_one():
    r = check("bins", dict(BINS_KEY, lying="Purpose"), BINS_KEY, reveal_where=True)
    assert any("'Purpose'" in h for h in r.hints)
    assert not any("Means" in h for h in r.hints)


def test_order_counts_neighbouring_pairs_in_relative_order():
    key = ["a", "b", "c", "d", "e"]
    assert check("order", key, key).correct
    moved = check("order", ["b", "c", "d", "e", "a"], key)  # one step moved: only a<b is broken
    assert (moved.n_right, moved.n_total, moved.score) == (3, 4, 0.75)
    assert check("order", key[::-1], key).score == 0.0
    gap = check("order", ["a", "b", None, "d", "e"], key)  # c unplaced: b<c and c<d earn nothing
    assert gap.n_right == 2 and not gap.correct and "1 of 5 steps has no place yet." in gap.hints


def test_match_pairs():
    key = {"Protection": "Safety", "Shelter": "Housing"}
    r = check("match", {"Protection": "Housing", "Shelter": "Housing"}, key)
    assert (r.n_right, r.score) == (1, 0.5) and "1 of 2 pairs is not matched right." in r.hints


@pytest.mark.parametrize(("answer", "ok"), [
    (2000, True), ("2,000", True), ("2000 people", True), (1995, True), (2011, False), ("abc", False), (None, False),
])
def test_numeric_with_absolute_tolerance(answer, ok):
    assert check("numeric", answer, 2000, abs_tol=5).correct is ok


def test_numeric_relative_tolerance_and_scale_hint():
    assert check("numeric", 101, 100, rel_tol=0.01).correct
    assert not check("numeric", 102, 100, rel_tol=0.01).correct
    r = check("numeric", 0.45, 45, abs_tol=0.1, unit="%")
    assert not r.correct and any("percentage or a proportion" in h for h in r.hints)
    assert "too high" in " ".join(check("numeric", 60, 45, reveal_where=True).hints)
    assert all("45" not in h for h in check("numeric", 60, 45, reveal_where=True).hints)


@pytest.mark.parametrize(("text", "number"), [
    ("12.5", 12.5), ("12,5", 12.5), ("1,250", 1250.0), ("1 250", 1250.0), (" 45 % ", 45.0), ("-3", -3.0),
    ("1e3", 1000.0), ("", None), ("twelve", None), (True, None), (float("nan"), None), (7, 7.0),
])
def test_parse_number(text, number):
    assert parse_number(text) == number


def test_table_cellwise_numbers_and_text():
    key = {"Female": {"count": 120, "share": 0.6, "label": "Women and girls"},
           "Male": {"count": 80, "share": 0.4, "label": "Men and boys"}}
    answer = {"Female": {"count": "120", "share": 0.61, "label": " women  AND girls"},
              "Male": {"count": 81, "share": 0.4}}
    r = check("table", answer, key, abs_tol=0.02, reveal_where=True)
    assert (r.n_right, r.n_total) == (4, 6)  # Male count off by 1 > tolerance; Male label empty
    assert "1 of 6 cells is not right yet." in r.hints and "1 of 6 cells is empty." in r.hints
    assert any("'Male'" in h for h in r.hints)
    assert check("table", key, key).correct


def test_text_is_manual():
    r = check("text", "A short answer about referral pathways", None, min_words=3)
    assert r.score is None and not r.autogradable and not r.correct and r.n_right == 1
    assert check("text", "Too short", None, min_words=5).n_right == 0
    assert check("text", "", None).hints == ["Nothing is written yet."]


@pytest.mark.parametrize("kind", ["bins", "match", "table", "multi", "order", "numeric", "choice"])
@pytest.mark.parametrize("junk", [None, 42, "text", ["a"], {"x": {"y": 1}}, {"nested": [1, 2]}])
def test_wrong_shaped_answers_score_zero_and_never_raise(kind, junk):
    key = {"choice": "A", "multi": ["A"], "bins": {"a": "X"}, "match": {"a": "X"}, "order": ["a", "b"],
           "numeric": 3.0, "table": {"r": {"c": 1}}}[kind]
    r = check(kind, junk, key)
    # A wrongly shaped answer earns nothing at all, not merely something between 0 and 1.
    assert isinstance(r, CheckResult) and r.score == 0.0 and r.n_right == 0 and not r.correct


LABELS = st.sampled_from(["Act", "Means", "Purpose"])


@settings(max_examples=60, deadline=None)
@given(key=st.dictionaries(st.sampled_from([f"statement {i}" for i in range(8)]), LABELS, min_size=1),
       answer=st.dictionaries(st.sampled_from([f"statement {i}" for i in range(8)]), st.one_of(LABELS, st.none())))
def test_bins_score_bounds_and_graded_hints_never_name_a_group(key, answer):
    r = check("bins", answer, key)
    assert 0.0 <= r.score <= 1.0 and r.n_right <= r.n_total == len(key)
    assert r.correct == (r.score == 1.0)
    assert not any(label in h for h in r.hints for label in ("Act", "Means", "Purpose"))


@settings(max_examples=60, deadline=None)
@given(st.permutations(list("abcdef")))
def test_order_full_credit_only_for_the_right_order(perm):
    r = check("order", perm, list("abcdef"))
    assert r.correct == (list(perm) == list("abcdef")) == (r.score == 1.0)
