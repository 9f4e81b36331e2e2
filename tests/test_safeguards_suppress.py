"""Small-cell suppression: brief 10.2 worked examples, a hand-made 3x3, and hypothesis properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctie_helpers.safeguards import (
    find_margins,
    parse_censored,
    round_counts,
    safe_percent,
    suppress_table,
    wilson_interval,
)


def lone_hidden_lines(mask: np.ndarray, rm: int | None = None, cm: int | None = None) -> list[str]:
    """Lines (with their total known) holding exactly one hidden cell: each would give that cell away."""
    bad = []
    n_rows, n_cols = mask.shape
    for r in range(n_rows):
        cells = [mask[r, c] for c in range(n_cols)]
        if (cm is not None or n_cols > 1) and sum(cells) == 1:
            bad.append(f"row {r}")
    for c in range(n_cols):
        cells = [mask[r, c] for r in range(n_rows)]
        if (rm is not None or n_rows > 1) and sum(cells) == 1:
            bad.append(f"column {c}")
    return bad


def test_capture_history_rows_of_count_one_are_suppressed():
    """Brief 10.2.10: a capture-history table with rows of count 1 -> suppressed at threshold 5."""
    t = pd.DataFrame({"list_a": [1, 0, 1, 0, 1, 0, 1], "list_b": [0, 1, 1, 0, 0, 1, 1],
                      "list_c": [0, 0, 0, 1, 1, 1, 1], "count": [120, 85, 1, 60, 1, 3, 1]})
    grid = t.set_index(["list_a", "list_b", "list_c"])
    out = suppress_table(grid, threshold=5)
    assert out.published["count"].tolist() == [120, 85, "<5", 60, "<5", "<5", "<5"]
    assert out.complementary.to_numpy().sum() == 0  # four hidden cells already protect each other
    assert out.values["count"].isna().sum() == 4


def test_single_small_row_gets_one_complement_the_smallest():
    out = suppress_table(pd.DataFrame({"count": [120, 85, 2, 60]}), threshold=5)
    assert out.published["count"].tolist() == [120, 85, "<5", "x"]


def test_glotip_censored_labels_are_kept_as_censored_not_zero():
    """Brief 10.2.10: '<5' in a GLOTiP extract is between 1 and 4, never 0."""
    parsed = parse_censored(pd.Series(["12", "<5", "0", "1,234", "", "x"]))
    assert parsed["censored"].tolist() == [False, True, False, False, False, True]
    assert parsed["value"].isna().tolist() == [False, True, False, False, True, True]
    assert parsed["value"].iloc[2] == 0 and parsed["value"].iloc[3] == 1234
    assert (parsed["lower"].iloc[1], parsed["upper"].iloc[1]) == (1, 4)
    assert parsed["value"].sum() == 1246  # the censored cell is not counted as zero in a sum
    with pytest.raises(ValueError, match="row 0"):
        parse_censored(pd.Series(["twelve"]))


def test_censored_input_stays_suppressed_and_keeps_its_label():
    t = pd.DataFrame({"F": ["<5", "20", "30"], "M": ["15", "25", "35"]}, index=["a", "b", "c"])
    out = suppress_table(t)
    assert out.published.loc["a", "F"] == "<5"
    assert lone_hidden_lines(out.suppressed.to_numpy()) == []


def test_hand_made_3x3_complementary_pattern():
    """One small cell; the cheapest rectangle hides r1/B (15), r3/A (20), r3/B (8): added cost 43.

    The other rectangles cost 47 (C=25, A=10, C=12), 55 and 85.
    """
    t = pd.DataFrame({"A": [2, 10, 20], "B": [15, 30, 8], "C": [25, 12, 40]}, index=["r1", "r2", "r3"])
    out = suppress_table(t, threshold=5)
    expected = pd.DataFrame({"A": ["<5", 10, "x"], "B": ["x", 30, "x"], "C": [25, 12, 40]},
                            index=["r1", "r2", "r3"], dtype=object)
    pd.testing.assert_frame_equal(out.published, expected)
    assert sorted(out.suppressed_cells()) == [("r1", "A", "primary"), ("r1", "B", "complementary"),
                                              ("r3", "A", "complementary"), ("r3", "B", "complementary")]


def test_margins_found_and_kept_consistent():
    t = pd.DataFrame({"A": [2, 10, 20], "B": [15, 30, 8], "C": [25, 12, 40]}, index=["r1", "r2", "r3"])
    t["Total"] = t.sum(axis=1)
    t.loc["Total"] = t.sum()
    out = suppress_table(t)
    assert out.margins == ("Total", "Total")
    assert out.published.loc["Total", "Total"] == 162
    assert out.published.loc["r1", "Total"] == 42  # the rectangle leaves the margins publishable
    assert lone_hidden_lines(out.suppressed.to_numpy(), rm=3, cm=3) == []


def test_small_margin_is_itself_suppressed_and_protected():
    t = pd.DataFrame({"A": [1, 20, 21], "B": [2, 30, 32], "Total": [3, 50, 53]}, index=["x", "y", "All"])
    out = suppress_table(t)
    assert out.primary.loc["x"].tolist() == [True, True, True]
    assert lone_hidden_lines(out.suppressed.to_numpy(), rm=2, cm=2) == []


def test_two_by_two_one_small_cell_hides_all():
    out = suppress_table(pd.DataFrame({"F": [3, 20], "M": [12, 40]}, index=["a", "b"]))
    assert out.n_suppressed == 4


def test_threshold_11_for_case_data():
    out = suppress_table(pd.DataFrame({"n": [10, 11, 30, 50]}), threshold=11)
    assert out.published["n"].tolist() == ["<11", "x", 30, 50]  # 11 is the smallest complement


def test_zero_handling_options():
    t = pd.DataFrame({"A": [0, 2, 30], "B": [12, 14, 16]}, index=list("abc"))
    sampling = suppress_table(t)
    assert sampling.published.loc["a", "A"] == 0 and not sampling.primary.loc["a", "A"]
    assert suppress_table(t, zeros="suppress").primary.loc["a", "A"]
    structural = suppress_table(t, zeros="structural")
    assert not structural.suppressed.loc["a", "A"]  # a known zero is never used as a complement
    assert lone_hidden_lines(structural.suppressed.to_numpy()) == []


def test_negative_counts_and_subtotals_refused():
    with pytest.raises(ValueError, match="negative count at row 'b'"):
        suppress_table(pd.DataFrame({"n": [3, -1]}, index=["a", "b"]))
    with pytest.raises(ValueError, match="subtotals"):
        find_margins(pd.DataFrame({"n": [1, 2, 3]}, index=["Total", "a", "total"]))


def test_rounding_down_and_nearest():
    assert round_counts(pd.Series([0, 4, 5, 14, 15]), 5).tolist() == [0, 0, 5, 10, 15]
    assert round_counts(pd.Series([2, 3, 7, 8]), 5, "nearest").tolist() == [0, 5, 5, 10]
    out = suppress_table(pd.DataFrame({"n": [23, 47, 2, 9]}), round_to=10)
    assert out.published["n"].tolist() == [20, 40, "<5", "x"]


def test_safe_percent_and_wilson():
    assert [round(x, 4) for x in wilson_interval(5, 10)] == [0.2366, 0.7634]
    p = safe_percent(5, 10)
    assert p.percent == 50 and round(p.ci_low, 2) == 23.66 and not p.withheld
    small = safe_percent(2, 3)
    assert small.withheld and small.percent is None and str(small) == "withheld (denominator 3 is below 10)"
    assert safe_percent(0, 0).reason == "no denominator"
    assert safe_percent(9, 29, min_den=30).withheld
    with pytest.raises(ValueError):
        safe_percent(5, 3)


counts = st.integers(min_value=0, max_value=60)
tables = st.integers(1, 5).flatmap(lambda r: st.integers(1, 5).flatmap(
    lambda c: st.lists(st.lists(counts, min_size=c, max_size=c), min_size=r, max_size=r)))


@settings(max_examples=150, deadline=None)
@given(tables, st.sampled_from([3, 5, 11]), st.booleans())
def test_no_small_cell_published_and_nothing_derivable(rows, threshold, with_margins):
    t = pd.DataFrame(rows, columns=[f"c{j}" for j in range(len(rows[0]))])
    rm = cm = None
    if with_margins:
        t["Total"] = t.sum(axis=1)
        t.loc[len(t)] = t.sum()
        t.index = [*range(len(t) - 1), "Total"]
        rm, cm = len(t) - 1, len(t.columns) - 1
    out = suppress_table(t, threshold=threshold)
    published = out.published.to_numpy()
    hidden = out.suppressed.to_numpy()
    for (i, j), v in np.ndenumerate(published):
        if not hidden[i, j]:
            assert isinstance(v, int) and (v == 0 or v >= threshold)
    # Totals are taken as known: a line with exactly one hidden cell would give it away.
    assert lone_hidden_lines(hidden, rm, cm) == []
    # And every hidden cell really held a small count or is a complement.
    assert (out.primary.to_numpy() == ((t.to_numpy() > 0) & (t.to_numpy() < threshold))).all()
