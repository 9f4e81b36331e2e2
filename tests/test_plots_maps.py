"""Choropleth by admin area (issue 15): Ardania's boundaries, the p-code join, the text alternative, no CDN."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ctie_helpers.data.boundaries import ardania_boundaries, read_boundaries
from ctie_helpers.data.errors import InputFileError
from ctie_helpers.data.geography import ADMIN1, ADMIN2
from ctie_helpers.plots.maps import choropleth, rewind_for_plotly

TABLE = pd.DataFrame({"admin2_pcode": ["XA0101", "XA0102", "XA0201"], "admin2_name": ["Korvessa", "Mirraden", "Q"],
                      "percent": ["40.0", "5.0", "<5"]})


def test_ardania_boundaries_cover_every_pcode_and_are_deterministic():
    a2, a1 = ardania_boundaries("admin2"), ardania_boundaries("admin1")
    assert a2.pcodes == {a.pcode for a in ADMIN2} and a1.pcodes == {a.pcode for a in ADMIN1}
    assert json.dumps(a2.geojson) == json.dumps(ardania_boundaries("admin2").geojson)
    assert a2.featureidkey == "properties.ADM2_PCODE"


def test_a_cod_style_file_is_joined_on_the_property_holding_the_pcodes(tmp_path):
    path = tmp_path / "cod_adm2.geojson"
    path.write_text(json.dumps(ardania_boundaries("admin2").geojson), encoding="utf-8")
    assert read_boundaries(path, TABLE["admin2_pcode"]).pcode_property == "ADM2_PCODE"
    assert read_boundaries(path, ["XA01"]).pcode_property == "ADM1_PCODE"


def test_properties_that_do_not_match_are_named_with_the_file(tmp_path):
    path = tmp_path / "other_country.geojson"
    gj = ardania_boundaries("admin1").geojson
    for f in gj["features"]:
        f["properties"] = {"shapeID": "B" + f["properties"]["ADM1_PCODE"], "shapeName": "x"}
    path.write_text(json.dumps(gj), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"other_country.geojson.*properties: shapeID, shapeName"):
        read_boundaries(path, ["XA0101"])


def test_choropleth_is_offline_and_says_what_it_shows():
    b = ardania_boundaries("admin2")
    fig = choropleth(TABLE, "admin2_pcode", "percent", b.geojson, b.featureidkey, "Migrants without a permit",
                     names="admin2_name", what="Share of migrants without a permit", level="admin2")
    # 40% in Korvessa, 5% in Mirraden, the third area withheld by the gate ("<5")
    assert fig.layout.meta["alt"] == ("Share of migrants without a permit by admin2: highest in Korvessa (40%), "
                                      "lowest in Mirraden (5%), 2 areas shown; 1 area withheld (small counts).")
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"
    assert all(t.featureidkey == "properties.ADM2_PCODE" for t in fig.data)
    html = fig.to_html(include_plotlyjs=False)
    assert "topojson" not in html.lower() and "mapbox" not in html.lower() and "https://" not in html


def test_rings_are_rewound_for_plotly_without_touching_the_input():
    gj = ardania_boundaries("admin1").geojson
    ring = gj["features"][0]["geometry"]["coordinates"][0]
    before = json.dumps(gj)
    out = rewind_for_plotly(gj)
    assert json.dumps(gj) == before
    # the input ring runs counter-clockwise (RFC 7946): SW, SE, NE, NW; plotly's d3-geo wants it reversed
    assert out["features"][0]["geometry"]["coordinates"][0] == ring[::-1]


@pytest.mark.slow
@pytest.mark.parametrize("seeded", [True, False])
def test_the_map_draws_in_chromium_without_asking_the_network(tmp_path, seeded):
    """Without the seed, plotly.js asks its CDN for world_110m.json and the map stays empty (offline)."""
    from pathlib import Path

    pytest.importorskip("playwright")
    from tests.browser_support import CHROMIUM, NetworkGuard, chromium

    if not Path(CHROMIUM).exists():
        pytest.skip("needs /usr/bin/chromium")
    from ctie_helpers.plots.maps import offline_html

    b = ardania_boundaries("admin2")
    fig = choropleth(TABLE, "admin2_pcode", "percent", b.geojson, b.featureidkey, "Map", names="admin2_name")
    body = offline_html(fig, full_html=True, include_plotlyjs=True) if seeded else fig.to_html(include_plotlyjs=True)
    with chromium() as browser:
        page = browser.new_page()
        guard = NetworkGuard(page)
        page.set_content(body)  # about:blank: the guard lets only loopback and local schemes through
        page.wait_for_timeout(2500)
        drawn = page.locator("path.choroplethlocation").count()
        asked = guard.off_machine
    if seeded:
        assert asked == [] and drawn == len(ADMIN2) + 2  # grey land for every area, then the two shown
    else:
        assert any("topojson" in u or "world_110m" in u for u in asked)
