"""``ctie report --boundaries``: the indicators report maps each area table, offline (issue 15, Maps).

One papermill run on the synthetic household survey with Ardania's admin2 boundaries written to a GeoJSON.
The map's values are checked against the report's own gated CSV (itself checked against the data in
tests/test_report.py): every shown value equals the published percent, and every withheld cell is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from ctie_helpers import data
from ctie_helpers.cli import main
from ctie_helpers.data.boundaries import ardania_boundaries
from ctie_helpers.data.geography import ADMIN2
from ctie_helpers.plots.maps import OFFLINE_GEO_SCRIPT

pytestmark = pytest.mark.slow


def _plots(html: str) -> list[tuple[int, list, dict]]:
    """Every ``Plotly.newPlot(id, data, layout, ...)`` in the page: its position, traces and layout."""
    dec, out = json.JSONDecoder(), []
    for m in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", html):
        traces, end = dec.raw_decode(html, m.end())
        layout, _ = dec.raw_decode(html, html.index("{", end))
        out.append((m.start(), traces, layout))
    return out


@pytest.fixture(scope="module")
def survey_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("maps")
    src = folder / "household_survey.csv"
    data.load("household_survey").to_csv(src, index=False)
    geo = folder / "ardania_adm2.geojson"
    geo.write_text(json.dumps(ardania_boundaries("admin2").geojson), encoding="utf-8")
    rc = main(["report", "--input", str(src), "--template", "indicators", "--out", str(folder / "report"),
               "--boundaries", str(geo)])
    out = folder / "report"
    return {"rc": rc, "html": (out / "report.html").read_text(encoding="utf-8"), "out": out}


def test_the_report_maps_admin2_with_gated_values(survey_map):
    assert survey_map["rc"] == 0
    html = survey_map["html"]
    maps = [(pos, traces, layout) for pos, traces, layout in _plots(html)
            if any(t.get("type") == "choropleth" for t in traces)]
    # the file is admin2: its ADM1_PCODE repeats on every district, so only the admin2 table is mapped
    assert len(maps) == 1
    pos, traces, layout = maps[0]
    assert html.find(OFFLINE_GEO_SCRIPT) != -1 and html.find(OFFLINE_GEO_SCRIPT) < pos
    assert set(traces[0]["locations"]) == {a.pcode for a in ADMIN2}  # every district drawn as land

    raw = pd.read_csv(survey_map["out"] / "tables" / "indicators_by_admin2.csv", dtype=str,
                      keep_default_na=False, skiprows=[1])
    withheld = raw[raw["percent"] == ""]
    assert len(withheld), "the synthetic survey should have districts withheld by the gate"
    buttons = {b["label"]: b["args"][0] for b in layout["updatemenus"][0]["buttons"]}
    for ind_id, part in raw.groupby("indicator"):
        shown = part[part["percent"] != ""]
        trace = buttons[ind_id]
        assert trace["locations"][0] == shown["admin2_pcode"].tolist()
        assert trace["z"][0] == pytest.approx(shown["percent"].astype(float).tolist())
    # the first indicator is the one drawn; its text alternative is in meta and on the page
    first = raw["indicator"].iloc[0]
    assert traces[1]["locations"] == buttons[first]["locations"][0]
    alt = layout["meta"]["alt"]
    assert alt.startswith("% of") and "by district (admin2): highest in " in alt
    assert f"{first}: {alt}" in re.sub(r"<[^>]+>", "", html)
    # area names come from the boundary file (the survey holds p-codes only)
    assert {a.name for a in ADMIN2} >= set(traces[1]["text"])


def test_a_withheld_district_is_listed_as_withheld_not_drawn(survey_map):
    raw = pd.read_csv(survey_map["out"] / "tables" / "indicators_by_admin2.csv", dtype=str,
                      keep_default_na=False, skiprows=[1])
    ind_id = raw.loc[raw["percent"] == "", "indicator"].iloc[0]
    n = int((raw.loc[raw["indicator"] == ind_id, "percent"] == "").sum())
    text = re.sub(r"<[^>]+>", "", survey_map["html"])
    line = next(line for line in text.splitlines() if line.startswith(f"{ind_id}: "))
    assert line.endswith(f"{n} area{'s' if n != 1 else ''} withheld (small counts).")


def test_the_report_map_draws_in_chromium_with_no_request_off_the_machine(survey_map):
    pytest.importorskip("playwright")
    from tests.browser_support import CHROMIUM, NetworkGuard, chromium

    if not Path(CHROMIUM).exists():
        pytest.skip("needs /usr/bin/chromium")
    with chromium() as browser:
        page = browser.new_page()
        guard = NetworkGuard(page)
        page.set_content(survey_map["html"])
        page.wait_for_timeout(3000)
        drawn = page.locator("path.choroplethlocation").count()
        asked = guard.off_machine
    assert asked == []
    assert drawn >= len(ADMIN2)  # grey land for every district, then the districts with a value


def test_boundaries_whose_properties_do_not_match_exit_2_naming_file_and_properties(tmp_path, capsys):
    src = tmp_path / "household_survey.csv"
    data.load("household_survey").head(200).to_csv(src, index=False)
    gj = ardania_boundaries("admin2").geojson
    for f in gj["features"]:
        f["properties"] = {"shapeID": "B-" + f["properties"]["ADM2_PCODE"], "shapeName": "x"}
    geo = tmp_path / "other_country.geojson"
    geo.write_text(json.dumps(gj), encoding="utf-8")
    rc = main(["report", "--input", str(src), "--template", "indicators", "--out", str(tmp_path / "r"),
               "--boundaries", str(geo)])
    err = capsys.readouterr().err
    assert rc == 2
    assert "other_country.geojson" in err and "properties: shapeID, shapeName" in err
    assert not (tmp_path / "r").exists()
