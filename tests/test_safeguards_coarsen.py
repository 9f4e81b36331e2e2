"""Coarsening with known answers: CTDC bands, 5/10-year bands, dates, P-codes, rare categories."""

from __future__ import annotations

import pandas as pd
import pytest

from ctie_helpers.safeguards import (
    age_bands,
    date_to_period,
    normalise_age_band,
    pcode_to_admin,
    rare_to_other,
)


def test_ctdc_bands_at_every_edge():
    ages = pd.Series([0, 8, 9, 17, 17.9, 18, 20, 21, 23, 24, 26, 27, 29, 30, 38, 39, 47, 48, 99])
    assert age_bands(ages).astype(str).tolist() == [
        "0—8", "0—8", "9—17", "9—17", "9—17", "18—20", "18—20", "21—23", "21—23", "24—26", "24—26", "27—29",
        "27—29", "30—38", "30—38", "39—47", "39—47", "48+", "48+"]


def test_impossible_ages_become_missing():
    out = age_bands(pd.Series([-1, 130, "abc", None, 25]))
    assert out.isna().tolist() == [True, True, True, True, False]


def test_five_and_ten_year_bands_with_top_coding():
    ages = pd.Series([0, 4, 5, 79, 80, 101])
    assert age_bands(ages, 5).astype(str).tolist() == ["0-4", "0-4", "5-9", "75-79", "80+", "80+"]
    assert age_bands(ages, 10, top=60).astype(str).tolist() == ["0-9", "0-9", "0-9", "60+", "60+", "60+"]
    with pytest.raises(ValueError):
        age_bands(ages, 10, top=65)


def test_band_labels_normalised():
    assert [normalise_age_band(x) for x in ["0--8", "0-8", "0–8", "0 — 8", "48+"]] == ["0—8"] * 4 + ["48+"]


def test_dates_to_month_and_year():
    d = pd.Series(["2024-03-17", "2023-12-01", "not a date"])
    assert date_to_period(d).tolist()[:2] == ["2024-03", "2023-12"]
    assert pd.isna(date_to_period(d).iloc[2])
    assert date_to_period(pd.Series(["03/04/2024"]), "month", dayfirst=True).tolist() == ["2024-04"]
    assert date_to_period(d, "year").tolist()[:2] == ["2024", "2023"]


def test_pcodes_to_higher_admin_level():
    p = pd.Series(["XA0101S001", "xa0203", "XA05", None])
    assert pcode_to_admin(p, 1).tolist()[:3] == ["XA01", "XA02", "XA05"]
    assert pcode_to_admin(p, 2).tolist()[:3] == ["XA0101", "XA0203", "XA05"]
    assert pd.isna(pcode_to_admin(p, 1).iloc[3])


def test_rare_categories_to_other():
    s = pd.Series(["XBR"] * 6 + ["XCA"] * 5 + ["XEL", "XFN", None])
    out = rare_to_other(s, min_count=5)
    assert out.value_counts().to_dict() == {"XBR": 6, "XCA": 5, "Other": 2}
    assert out.isna().sum() == 1
