"""The export gate: identifiers blocked, small cells suppressed, k-anonymity reported and enforced."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctie_helpers.safeguards import DisclosureError, gate, safe_to_csv, sensitivity_level

PHONES = ["+211 912 345 678", "+211 955 111 222", "0912 333 444", "+211 977 000 111"]


def identifying_table() -> pd.DataFrame:
    return pd.DataFrame({"site_pcode": ["XA0101S001", "XA0101S002", "XA0102S001", "XA0201S001"],
                         "contact_phone": PHONES, "victims": [3, 12, 40, 25]})


def assert_nothing_identifying(text: str) -> None:
    for phone in PHONES:
        assert phone not in text
        assert phone.replace(" ", "")[-6:] not in text.replace(" ", "")


def test_count_of_three_and_phone_column_nothing_identifying_comes_out():
    df = identifying_table()
    before = df.copy()
    r = gate(df)
    assert r.kind == "table" and list(r.table.columns) == ["site_pcode", "victims"]
    assert r.table["victims"].tolist() == ["<5", "x", 40, 25]
    assert "contact_phone" in r.blocked_columns and "phone" in r.blocked_columns["contact_phone"]
    assert r.suppressed_cells == [("XA0101S001", "victims", "primary"),
                                  ("XA0101S002", "victims", "complementary")]
    assert_nothing_identifying(r.table.to_csv() + r.report())
    assert 3 not in r.table["victims"].tolist()
    pd.testing.assert_frame_equal(df, before)  # the input is untouched
    assert r.sensitivity.level == "high" and r.sensitivity.recommendation == "restricted"


def test_safe_to_csv_writes_only_the_gated_table(tmp_path):
    target = tmp_path / "out.csv"
    r = safe_to_csv(identifying_table(), target)
    text = target.read_text()
    assert text.splitlines() == ["site_pcode,victims", "XA0101S001,<5", "XA0101S002,x", "XA0102S001,40",
                                 "XA0201S001,25"]
    assert_nothing_identifying(text)
    assert r.changed and sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_safe_to_csv_leaves_nothing_behind_on_failure(tmp_path):
    micro = pd.DataFrame({"sex": ["F", "M", "M"], "age_band": ["18—20", "30—38", "30—38"]})
    with pytest.raises(DisclosureError):
        safe_to_csv(micro, tmp_path / "m.csv", kind="microdata", quasi_identifiers=["sex", "age_band"],
                    threshold=2, enforce_k=False)
    with pytest.raises(OSError):
        safe_to_csv(identifying_table(), tmp_path / "no_such_dir" / "out.csv")
    assert list(tmp_path.iterdir()) == []


def test_require_unchanged_raises_when_not_safe_and_passes_when_safe():
    with pytest.raises(DisclosureError, match="contact_phone"):
        gate(identifying_table(), require_unchanged=True)
    safe = pd.DataFrame({"admin1": ["XA01", "XA02"], "count": [10, 20]})
    r = gate(safe, require_unchanged=True)
    assert not r.changed and r.table["count"].tolist() == [10, 20]


def test_crosstab_with_labels_in_the_index_and_margins():
    df = pd.DataFrame({"sex": ["F"] * 30 + ["M"] * 32, "admin1": ["XA01"] * 2 + ["XA02"] * 28 + ["XA01"] * 12
                       + ["XA02"] * 20})
    ct = pd.crosstab(df["admin1"], df["sex"], margins=True)
    r = gate(ct)
    assert r.kind == "table"
    assert list(r.table.index) == ["XA01", "XA02", "All"]
    assert r.table.loc["XA01", "F"] == "<5"
    assert r.table.loc["All", "All"] == 62
    assert r.table.loc["XA02", "All"] == 48  # the rectangle of four inner cells leaves margins publishable
    assert {(c[0], c[1]) for c in r.suppressed_cells} == {("XA01", "F"), ("XA01", "M"), ("XA02", "F"),
                                                         ("XA02", "M")}


def test_percentages_withheld_where_a_count_is_hidden():
    df = pd.DataFrame({"admin1": ["XA01", "XA02", "XA03"], "n": [2, 40, 60], "pct": [2.0, 39.2, 58.8]})
    r = gate(df)
    assert r.table["pct"].tolist()[:2] == ["", ""] and r.table["pct"].tolist()[2] == 58.8


def test_case_management_export_gets_threshold_11():
    df = pd.DataFrame({"exploitation_type": ["labour", "sexual", "other"], "referral": ["a", "b", "c"],
                       "victims": [8, 30, 45]})
    df["case_status"] = ["open", "closed", "open"]
    r = gate(df, count_cols=["victims"])
    assert r.context == "case_data" and r.threshold == 11
    assert r.table["victims"].tolist() == ["<11", "x", 45]


def test_microdata_identifiers_and_record_keys_dropped_and_k_enforced():
    df = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(12)], "name": [f"Person {chr(65 + i)}x Doe"
                       for i in range(12)], "sex": ["F"] * 6 + ["M"] * 6,
                       "age_band": ["18—20"] * 5 + ["48+"] + ["30—38"] * 6, "any_yes": [1, 0] * 6})
    r = gate(df, kind="microdata", quasi_identifiers=["sex", "age_band"], threshold=3)
    assert set(r.blocked_columns) == {"respondent_id", "name"}
    assert r.k_report.satisfied and r.safe
    # The lone 48+ woman: age band blanked, then sex, then the record withheld (still unique).
    assert len(r.table) == 11 and r.records_changed == 3
    assert not ((r.table["sex"] == "F") & (r.table["age_band"] == "48+")).any()
    kept = gate(df, kind="microdata", quasi_identifiers=["sex", "age_band"], threshold=3, enforce_k=False,
                keep_columns=["respondent_id"])
    assert "respondent_id" in kept.table.columns and not kept.safe
    assert kept.k_report.records_below == 1
    assert any("k-anonymity" in line or "anonymity" in line for line in kept.log)


def test_loader_censored_companion_columns_stay_hidden_and_are_not_published():
    """``data.load_table`` turns "<5" into a missing value plus ``<col>_censored``: the gate folds it back."""
    df = pd.DataFrame({"country": ["XBR", "XCA", "XDN"], "victims": pd.array([None, 30, 45], dtype="Int64"),
                       "victims_censored": [True, False, False]})
    r = gate(df)
    assert list(r.table.columns) == ["country", "victims"]
    assert r.table["victims"].tolist() == ["x", "x", 45]  # censored stays hidden; 30 hides it from the total
    assert not any(c[0] == "XBR" and c[2] == "complementary" for c in r.suppressed_cells)


def test_gate_rejects_unknown_context_and_missing_counts():
    with pytest.raises(ValueError, match="context"):
        gate(identifying_table(), context="everyone")
    with pytest.raises(ValueError, match="no count columns"):
        gate(pd.DataFrame({"a": ["x", "y"]}), kind="table")


def test_sensitivity_levels():
    assert sensitivity_level(kind="table").level == "low"
    assert sensitivity_level(kind="table", disclosive_cells=2).recommendation == (
        "partners under a data-sharing agreement")
    assert sensitivity_level(kind="microdata", case_management=True).level == "high"
    severe = sensitivity_level(kind="microdata", direct_identifiers=["name"], sensitive_attributes=["exploit"])
    assert severe.level == "severe" and severe.recommendation == "do not share"
    assert sensitivity_level(kind="microdata", quasi_identifiers=["age"]).level == "moderate"


long_tables = st.lists(st.integers(0, 40), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(long_tables, st.lists(st.integers(0, 40), min_size=1, max_size=12), st.sampled_from([5, 11]))
def test_after_the_gate_no_small_cell_and_nothing_derivable(men, women, threshold):
    n = min(len(men), len(women))
    df = pd.DataFrame({"admin2": [f"XA01{i:02d}" for i in range(n)], "men": men[:n], "women": women[:n],
                       "phone": [f"+211 900 000 {i:03d}" for i in range(n)]})
    r = gate(df, threshold=threshold)
    assert "phone" not in r.table.columns
    cells = r.table[["men", "women"]].to_numpy()
    for v in cells.ravel():
        assert isinstance(v, str) or v == 0 or v >= threshold
    hidden = np.vectorize(lambda v: isinstance(v, str))(cells)
    for line in list(hidden) + list(hidden.T):
        assert line.sum() != 1 or len(line) == 1


def test_site_level_rows_are_places_not_people():
    sites = pd.DataFrame({"site_pcode": [f"XA0101S00{i}" for i in range(6)], "admin1_pcode": ["XA01"] * 6,
                          "site_type": ["camp", "host"] * 3, "pop_total": [1200.5, 800, 300, 50, 2000, 75]})
    r = gate(sites, kind="microdata")
    assert r.k_report is None and r.safe and any("look like places" in line for line in r.log)
    named = gate(sites, kind="microdata", quasi_identifiers=["site_type"], enforce_k=False, threshold=3)
    assert named.k_report.min_k == 3


def test_sparse_crosstab_column_of_zeros_and_ones_is_still_counts():
    """Regression: a cross-table column holding only 0s and 1s was taken for a category and its 1s published."""
    import pandas as pd

    from ctie_helpers.safeguards import gate

    tab = pd.DataFrame({"host": [0, 2, 7, 9], "idp": [12, 15, 30, 22], "returnee": [1, 0, 0, 1]},
                       index=pd.Index(["XA0101", "XA0102", "XA0103", "XA0104"], name="admin2_pcode"))
    published = gate(tab).table
    assert not published["returnee"].astype(str).isin(["1"]).any(), published
    # capture histories keep their 0/1 list columns as labels: only the named count is suppressed
    ch = pd.DataFrame({"list_a": [1, 0, 1], "list_b": [0, 1, 1], "count": [40, 3, 12]})
    out = gate(ch).table
    assert out["list_a"].tolist() == [1, 0, 1] and out["count"].astype(str).tolist()[1] == "<5"
