"""The evidence matrix: counts, mean reliability, gaps and tag agreement on a hand-made tag set."""

from __future__ import annotations

import math

import pytest

from ctie_helpers.methods.evidence import agreement, evidence_matrix, tags_frame

TAGS = {
    "e1": {"level": "household", "category": "risk", "indicator": "IND-05"},
    "e2": {"level": "household", "category": "risk", "indicator": "IND-08"},
    "e3": {"level": "community", "category": "manifestation", "indicator": "IND-10"},
    "e4": {"level": "structural", "category": "context", "indicator": "IND-20"},
    "e5": {"level": "structural", "category": "protective", "indicator": "IND-16"},
    "e6": {"level": None, "category": None},  # not tagged yet: ignored
}
RELIABILITY = {"e1": 3, "e2": 2, "e3": 1, "e4": 3, "e5": 1, "e6": 2}


def test_counts_and_reliability():
    m = evidence_matrix(TAGS, RELIABILITY)
    assert list(m.counts.index) == ["individual", "household", "community", "structural"]
    assert list(m.counts.columns) == ["context", "risk", "protective", "manifestation", "response"]
    assert int(m.counts.values.sum()) == 5
    assert m.counts.loc["household", "risk"] == 2 and m.counts.loc["community", "manifestation"] == 1
    assert m.reliability.loc["household", "risk"] == 2.5
    assert math.isnan(m.reliability.loc["individual", "risk"])


def test_gaps_list_empty_and_weak_cells():
    gaps = evidence_matrix(TAGS, RELIABILITY).gaps()
    status = {(r.level, r.category): r.status for r in gaps.itertuples()}
    assert len(gaps) == 20 - 4 + 2  # 16 empty cells + 2 cells resting on reliability-1 sources
    assert status[("community", "manifestation")] == "weak evidence"
    assert status[("individual", "risk")] == "no evidence"
    assert ("household", "risk") not in status


def test_labelled_uses_names():
    labelled = evidence_matrix(TAGS, RELIABILITY).labelled()
    assert "Household/family" in labelled.index and "Risk factors" in labelled.columns


def test_unknown_level_rejected():
    with pytest.raises(ValueError, match="Unknown level or category"):
        tags_frame({"x": {"level": "national", "category": "risk"}})


def test_agreement_per_field():
    trainee = {"e1": {"level": "household", "category": "risk"},
               "e2": {"level": "Household ", "category": "protective"},
               "e3": {"level": "individual", "category": "manifestation"}}
    reference = {k: TAGS[k] for k in ("e1", "e2", "e3", "e4")}
    table = agreement(trainee, reference).set_index("field")
    assert table.loc["level", "agreed"] == 2 and table.loc["category", "agreed"] == 2
    assert table.loc["all", "agreed"] == 1 and table.loc["all", "total"] == 4


def test_cell_labels_round_trip():
    from ctie_helpers.methods.evidence import cell_label, cell_labels, tags_from_cells

    assert len(cell_labels()) == 20 and cell_labels()[0] == cell_label("individual", "context")
    label = cell_label("household", "risk")
    assert label == "Household/family × Risk factors"
    assert tags_from_cells({"a": label, "b": None, "c": "nonsense"}) == {"a": {"level": "household", "category": "risk"}}


def test_reference_tags_explode_multi_tags():
    import pandas as pd

    from ctie_helpers.methods.evidence import reference_tags

    src = pd.DataFrame([{"excerpt_id": "x", "level": "household;community", "category": "risk;manifestation",
                         "indicator_ids": "IND-07", "reliability": 2},
                        {"excerpt_id": "y", "level": "structural", "category": "context", "indicator_ids": None,
                         "reliability": 3}])
    tags = reference_tags(src)
    assert len(tags) == 5
    m = evidence_matrix(tags)
    assert m.counts.loc["community", "manifestation"] == 1 and m.counts.loc["structural", "context"] == 1
