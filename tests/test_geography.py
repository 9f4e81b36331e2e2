"""The fictional Republic of Ardania: codes, names and the master site list."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ctie_helpers.data import geography as geo


def test_country_and_neighbours_use_user_assigned_codes():
    assert (geo.COUNTRY_CODE, geo.COUNTRY_NAME) == ("XAR", "Republic of Ardania")
    assert geo.NEIGHBOURS == {"XBR": "Borvia", "XCA": "Calvera", "XDN": "Dunmark"}
    # ISO 3166 leaves X.. to users: no real country will ever hold one of these codes.
    assert all(re.fullmatch(r"X[A-Z]{2}", code) for code in geo.COUNTRIES)
    assert len(set(geo.COUNTRIES.values())) == len(geo.COUNTRIES)


def test_admin_units_have_well_formed_unique_pcodes_and_names():
    assert len(geo.ADMIN1) == 5 and len(geo.ADMIN2) == 14
    assert [a.pcode for a in geo.ADMIN1] == [f"XA{i:02d}" for i in range(1, 6)]
    for district in geo.ADMIN2:
        assert re.fullmatch(r"XA0\d0\d", district.pcode)
        assert district.pcode.startswith(district.admin1_pcode)
        assert district.weight > 0
    names = [a.name for a in geo.ADMIN1] + [a.name for a in geo.ADMIN2]
    assert len({a.pcode for a in geo.ADMIN2}) == 14
    assert len(set(geo.ADMIN2[i].name for i in range(14))) == 14 and all(names)
    assert all(geo.admin2_of(a.pcode) for a in geo.ADMIN1)  # every province has districts
    assert geo.admin1_name("XA03") == "Tarnholt" and geo.admin2_name("XA0402") == "Palmerrow"
    with pytest.raises(KeyError):
        geo.admin2_name("XA0999")


def test_is_fictional_pcode():
    assert geo.is_fictional_pcode("XA01") and geo.is_fictional_pcode("XA0203")
    assert geo.is_fictional_pcode("XA0203S017") and geo.is_fictional_pcode("XA0203S1234")
    for bad in ("SY01", "XA09", "XA0909S001", "XA0203S1", "XA0203X001", "", None):
        assert not geo.is_fictional_pcode(bad)


def test_site_list_covers_every_district_with_unique_codes_and_names():
    sites = geo.site_list()
    assert len(sites) == 500
    assert list(sites.columns) == ["site_pcode", "site_name", "admin1_pcode", "admin1_name", "admin2_pcode",
                                   "admin2_name", "site_type"]
    assert sites["site_pcode"].is_unique and sites["site_name"].is_unique
    assert set(sites["admin2_pcode"]) == {a.pcode for a in geo.ADMIN2}
    assert set(sites["site_type"]) == set(geo.SITE_TYPES)
    assert sites["site_pcode"].map(geo.is_fictional_pcode).all()
    assert (sites["site_pcode"].str[:6] == sites["admin2_pcode"]).all()
    assert all(name.startswith(district) for name, district in zip(sites["site_name"], sites["admin2_name"], strict=True))
    # Busier districts (larger weight) get more sites.
    counts = sites["admin2_pcode"].value_counts()
    assert counts["XA0201"] > counts["XA0502"]


def test_site_list_is_deterministic_and_scales():
    pd.testing.assert_frame_equal(geo.site_list(), geo.site_list())
    big = geo.site_list(3)
    assert len(big) == 1500 and big["site_pcode"].is_unique
    assert len(geo.site_list(0.001)) == 14  # at least one site per district
    with pytest.raises(ValueError):
        geo.site_list(0)
