"""Every chart has a short text alternative from the data it plots (issue 11), shown with the chart.

Expected sentences are worked out by hand from the small tables below, never read back from the code.
"""

from __future__ import annotations

import importlib
import inspect
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import pytest

from ctie_helpers.plots.alt import alt_text, extremes, figure_outputs

MODULES = ["apps", "maps", "report", "session1", "session2", "session3", "session4", "session5"]


def test_extremes_skip_withheld_values_and_say_ties_plainly():
    assert extremes(["a", "b", "c"], [3, None, 9.25], unit="%") == "highest c (9.2%), lowest a (3%)"
    assert extremes(["a", "b"], [5, 5]) == "all 2 at 5"
    assert extremes(["a", "b"], [float("nan"), 1200]) == "only b (1,200)"
    assert extremes([], []) == "no values shown"


def test_stratum_bars_names_the_total_and_the_largest_and_smallest_stratum():
    from ctie_helpers.plots.apps import stratum_bars

    frame = pd.DataFrame({"stratum": ["North", "South", "East"], "interviews": [10, 30, 20]})
    assert alt_text(stratum_bars(frame, "Proportional")) == (
        "Bar chart of 60 interviews over 3 strata (proportional): most in South (30), fewest in North (10).")


def test_capture_histories_names_the_commonest_and_rarest_combination():
    from ctie_helpers.plots.session1 import capture_histories

    table = pd.DataFrame({"list_a": [1, 0, 1], "list_b": [0, 1, 1], "count": [5, 7, 2]})
    # 5 + 7 + 2 = 14 people; B alone is the largest group, A and B together the smallest
    assert alt_text(capture_histories(table, ["list_a", "list_b"])) == (
        "Bar chart of people by the combination of lists that recorded them, 3 combinations, 14 people: "
        "most seen by B (7), fewest by A + B (2).")


def test_rounds_chart_names_the_largest_rise_and_fall_and_the_significant_areas():
    from ctie_helpers.plots.session4 import rounds_chart

    table = pd.DataFrame({"district": ["Xan", "Yor", "Zed"], "p_before": [10.0, 30.0, 12.0],
                          "p_after": [20.0, 25.0, 13.0], "significant": [True, False, False]})
    assert alt_text(rounds_chart(table, title="Recruiters reported")) == (
        "Grouped bar chart of Recruiters reported in 3 areas, before and after the shock: largest rise Xan, "
        "10% to 20% (10 points), largest fall Yor, 30% to 25% (-5 points); 1 significant change (marked *): Xan.")


def test_group_sizes_counts_records_below_k():
    from ctie_helpers.plots.session2 import group_sizes

    # groups of 1, 1, 3, 12 and 20 people: 37 records, 1 + 1 + 3 = 5 below k = 11 (14%), 2 unique
    text = alt_text(group_sizes([1, 1, 3, 12, 20], k=11))
    assert text.startswith("Bar chart of 37 records") and "5 (14%) are in groups smaller than k = 11" in text
    assert text.endswith("2 are unique.")


def test_models_chart_says_which_model_was_chosen_in_words():
    from ctie_helpers.plots.report import models_chart

    table = pd.DataFrame({"model": ["independence", "A:B"], "estimate": ["800", "1000"],
                          "estimate_low": ["700", "900"], "estimate_high": ["900", "1150"], "chosen": [False, True]})
    fig = models_chart(table, 650, "Models")
    assert alt_text(fig) == ("Population-size estimates of 2 models with 95% intervals: highest A:B (1,000), lowest "
                             "independence (800); 650 people seen by any list; the chosen model (red diamond) is A:B, "
                             "1,000 (95% interval 900 to 1,150).")
    assert list(fig.data[0].marker.symbol) == ["circle", "diamond"]  # shape as well as colour


def test_the_chart_is_shown_with_its_alternative_as_a_visible_caption():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    fig.update_layout(meta={"alt": "Bar chart of <one> thing."})
    chart, caption = figure_outputs(fig)
    assert "application/vnd.plotly.v1+json" in chart["data"]
    assert "What this chart shows:</b> Bar chart of &lt;one&gt; thing." in caption["data"]["text/html"]
    assert "meta" in chart["data"]["application/vnd.plotly.v1+json"]["layout"]


def _report_table() -> pd.DataFrame:
    return pd.DataFrame({"indicator": ["IND-05", "IND-05", "IND-06", "IND-06"],
                         "indicator_name": ["debt"] * 2 + ["lost contact"] * 2, "level": ["household"] * 4,
                         "round": [2] * 4, "unit": ["%"] * 4,
                         "admin2_pcode": ["XA0101", "XA0102", "XA0101", "XA0102"],
                         "percent": ["40.0", "<5", "12.0", "20.0"], "percent_low": ["35", "", "9", "15"],
                         "percent_high": ["45", "", "15", "25"], "deff": ["1.5", "", "2.0", "1.2"],
                         "pct_change": ["5.0", "", "-3.0", "8.0"], "flag": ["increase", "", "", "increase"]})


def _builders() -> dict[str, object]:
    """A call of every public figure builder in ctie_helpers.plots, on small or synthetic data."""
    from ctie_helpers.data.boundaries import ardania_boundaries
    from ctie_helpers.lessons import session3 as l3
    from ctie_helpers.lessons import session4 as l4
    from ctie_helpers.lessons import session5 as l5
    from ctie_helpers.plots import apps, maps, report, session1, session2, session3, session4, session5

    t = _report_table()
    b = ardania_boundaries("admin2")
    est = SimpleNamespace(estimate=900.0, lower=800.0, upper=1000.0)
    ind = SimpleNamespace(id="IND-05", name="Households in debt", unit="households")
    hh = pd.DataFrame({"hh_head_sex": ["female", "male"], "estimate %": [38.1, 39.3],
                       "95% CI low": [33.7, 36.0], "95% CI high": [42.6, 42.7]})
    return {
        "apps.cohort_bars": lambda: apps.cohort_bars(pd.DataFrame({"exercise_id": ["s1_a", "s1_b"], "attempted": [9, "<5"],
                                                                    "passed": [7, "<5"]}), "session1", 5),
        "apps.indicator_bars": lambda: apps.indicator_bars(t.assign(value=t["percent"]), ["admin2_pcode"], "percent",
                                                           ind, "Ardania", "round 2", "synthetic"),
        "apps.stratum_bars": lambda: apps.stratum_bars(pd.DataFrame({"stratum": ["a"], "interviews": [3]}), "Equal"),
        "maps.choropleth": lambda: maps.choropleth(t, "admin2_pcode", "percent", b.geojson, b.featureidkey, "Debt"),
        "report.level_chart": lambda: report.level_chart(t, "Levels"),
        "report.area_heatmap": lambda: report.area_heatmap(t, "admin2_pcode", "Areas"),
        "report.area_map": lambda: report.area_map(t, "admin2_pcode", b, "Map", "admin2"),
        "report.change_heatmap": lambda: report.change_heatmap(t, "admin2_pcode", "Change"),
        "report.interval_chart": lambda: report.interval_chart(t, "Intervals"),
        "report.capture_chart": lambda: report.capture_chart(pd.DataFrame({"a": [1, 0], "b": [0, 1], "count": ["4", "<5"]}),
                                                             ["a", "b"], "Lists"),
        "report.models_chart": lambda: report.models_chart(pd.DataFrame({"model": ["m"], "estimate": ["9"],
                                                                         "estimate_low": ["8"], "estimate_high": ["10"],
                                                                         "chosen": [True]}), 7, "Models"),
        "session1.three_numbers": session1.three_numbers,
        "session1.capture_histories": lambda: session1.capture_histories(
            pd.DataFrame({"list_a": [1], "list_b": [1], "count": [3]}), ["list_a", "list_b"]),
        "session1.mse_comparison": lambda: session1.mse_comparison({"A + B": est}, true_size=950, observed=700),
        "session2.group_sizes": lambda: session2.group_sizes([1, 2, 30]),
        "session2.dp_spread": lambda: session2.dp_spread(10, [1.0], lambda n, e, rng: n + rng.laplace(0, 1 / e), draws=20),
        "session3.ecological_rings": session3.ecological_rings,
        "session3.pathway_chain": session3.pathway_chain,
        "session3.evidence_heatmap": lambda: session3.evidence_heatmap(l3.review_matrix()),
        "session4.indicator_cells_heatmap": lambda: session4.indicator_cells_heatmap(l4.indicator_cell_counts()),
        "session4.estimate_bars": lambda: session4.estimate_bars(hh, "hh_head_sex", "IND-05 by sex"),
        "session4.rounds_chart": lambda: session4.rounds_chart(pd.DataFrame({"district": ["a"], "p_before": [1.0],
                                                                             "p_after": [2.0], "significant": [False]})),
        "session5.sample_size_curve": session5.sample_size_curve,
        "session5.designs_chart": lambda: session5.designs_chart(l5.design_comparison(reps=20, n=100)),
        "session5.rds_chart": lambda: session5.rds_chart(l5.rds_comparison(reps=3)),
    }


def _public_figure_builders() -> set[str]:
    found = set()
    for name in MODULES:
        mod = importlib.import_module(f"ctie_helpers.plots.{name}")
        for attr in mod.__all__:
            obj = getattr(mod, attr)
            if inspect.isfunction(obj) and inspect.signature(obj).return_annotation in (go.Figure, "go.Figure"):
                found.add(f"{name}.{attr}")
    return found


def test_the_list_below_covers_every_public_figure_builder():
    assert _public_figure_builders() == set(_builders())


@pytest.mark.parametrize("name", sorted(_public_figure_builders()))
def test_every_figure_builder_writes_a_text_alternative(name):
    fig = _builders()[name]()
    text = fig.layout.meta["alt"]
    assert isinstance(text, str) and len(text.split()) >= 6 and text.endswith(".")
    assert not text.startswith("Chart:")  # the builder's own sentence, not the title fallback


def test_course_mode_charts_carry_html_that_loads_the_servers_plotly_js(monkeypatch):
    """Under ctie course (LAZY_PLOTLY_ENV set) a chart also comes as HTML: a div with the text alternative in
    its place, the figure's JSON (a "</script>" in a title cannot end the element) and a loader that asks this
    server's base URL for plotly.js. Elsewhere the bundle is as before: plotly's mimetype and text only."""
    from ctie_helpers.plots.lazy import LAZY_PLOTLY_ENV

    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "A </script> title"}, "height": 300})
    monkeypatch.delenv(LAZY_PLOTLY_ENV, raising=False)
    assert set(figure_outputs(fig)[0]["data"]) == {"application/vnd.plotly.v1+json", "text/plain"}

    monkeypatch.setenv(LAZY_PLOTLY_ENV, "templates/ctie-course/static/plotly-9.9.9.min.js?v=9.9.9")
    html = figure_outputs(fig)[0]["data"]["text/html"]
    assert html.startswith('<div class="ctie-chart" style="height:300px;width:100%"><p>Chart: A &lt;/script&gt; title.')
    assert html.count("</script>") == 2 and "A <\\/script> title" in html
    assert "s.src = base + \"templates/ctie-course/static/plotly-9.9.9.min.js?v=9.9.9\"" in html
    assert "cdn" not in html.lower() and "https:" not in html
