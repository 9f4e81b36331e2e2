"""k-anonymity, l-diversity and global risk on small hand-made frames with known answers."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctie_helpers.safeguards import global_risk, individual_risk, k_anonymity, l_diversity

DF = pd.DataFrame({
    "sex": ["F", "F", "F", "M", "M", "M", "M", "F"],
    "band": ["18—20", "18—20", "18—20", "30—38", "30—38", "30—38", "48+", "48+"],
    "exploit": ["labour", "sexual", "labour", "labour", "labour", "labour", "labour", "sexual"],
})


def test_k_anonymity_known_answer():
    r = k_anonymity(DF, ["sex", "band"], k=3)
    assert (r.min_k, r.records_below, r.n_records) == (1, 2, 8)
    assert r.share_below == 0.25 and not r.satisfied
    assert r.offending[["sex", "band"]].values.tolist() == [["F", "48+"], ["M", "48+"]]
    assert k_anonymity(DF, ["sex"], k=4).satisfied


def test_missing_values_form_their_own_group():
    df = pd.DataFrame({"q": ["a", "a", None]})
    assert k_anonymity(df, ["q"], k=2).records_below == 1


def test_l_diversity_known_answer():
    r = l_diversity(DF, ["sex", "band"], "exploit", l=2)
    assert r.min_l == 1
    assert r.offending[["sex", "band"]].values.tolist() == [["F", "48+"], ["M", "48+"], ["M", "30—38"]]
    assert r.records_in_offending == 5  # the three 30—38 men all share "labour": attribute disclosure


def test_individual_and_global_risk_known_answer():
    risk = individual_risk(DF, ["sex", "band"])
    assert risk.round(4).tolist() == [0.3333] * 6 + [1.0, 1.0]
    g = global_risk(DF, ["sex", "band"])
    assert g.global_risk == pytest.approx(0.5)  # (6 * 1/3 + 2) / 8
    assert g.expected_reidentifications == pytest.approx(4.0)
    assert g.flagged and g.high_risk_records == 2


def test_global_risk_below_hdx_threshold_not_flagged():
    df = pd.DataFrame({"q": ["a"] * 50 + ["b"] * 50})
    g = global_risk(df, ["q"])
    assert g.global_risk == pytest.approx(0.02) and not g.flagged


def test_weighted_plug_in_risk():
    df = pd.DataFrame({"q": ["a", "a", "b"], "w": [10.0, 30.0, 0.5]})
    assert individual_risk(df, ["q"], weights="w").tolist() == [0.025, 0.025, 1.0]


def test_bad_arguments():
    with pytest.raises(KeyError, match="nope"):
        k_anonymity(DF, ["nope"])
    with pytest.raises(ValueError):
        k_anonymity(DF, [])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from("xyz")), min_size=1, max_size=40),
       st.integers(1, 6))
def test_k_report_consistent_with_risk(rows, k):
    df = pd.DataFrame(rows, columns=["p", "q"])
    r = k_anonymity(df, ["p", "q"], k)
    risk = individual_risk(df, ["p", "q"])
    assert r.records_below == int((1 / risk < k).sum())
    assert r.min_k == int(round(1 / risk.max()))
    assert r.group_sizes["size"].sum() == len(df)
