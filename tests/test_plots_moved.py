"""Issue 17: the charts moved into ``ctie_helpers.plots`` draw exactly what they drew before the move.

``fixtures/figures/charts_before_move.json`` was written from the code before the move (report chart:
``report/figures.py:level_chart``; app chart: the sampling planner's inline bar chart), so it is an
independent record of the figures the users saw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

BEFORE = json.loads((Path(__file__).parent / "fixtures" / "figures" / "charts_before_move.json").read_text())


def _drawn(fig) -> dict:
    """The figure's JSON without ``layout.meta``: the text alternative added since is not drawn."""
    out = json.loads(fig.to_json())
    assert out["layout"].pop("meta")["alt"]
    return out


def test_report_level_chart_is_unchanged():
    from ctie_helpers.plots.report import level_chart

    table = pd.DataFrame({"indicator": ["IND-01", "IND-02", "IND-03"], "indicator_name": ["a", "b", "c"],
                          "level": ["individual", "household", "individual"], "round": [2, 2, 2],
                          "percent": ["12.5", "<5", "40.0"], "percent_low": ["10.0", "", "35.5"],
                          "percent_high": ["15.0", "", "44.1"]})
    fig = level_chart(table, "Indicators by level")
    assert _drawn(fig) == BEFORE["report_level_chart"]
    # the withheld "<5" is missing, never drawn as a value
    assert [list(t["y"]) for t in BEFORE["report_level_chart"]["data"]] == [["IND-01", "IND-03"]]


def test_sampling_app_chart_is_unchanged():
    from ctie_helpers.apps import build_sampling

    app = build_sampling()
    assert _drawn(app.figure.figure) == BEFORE["app_sampling_chart"]
