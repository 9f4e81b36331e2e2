"""The sections of the two templates, one function each, so template cells stay one line long.

Each function computes a gated table (:mod:`.indicators`, :mod:`.mse`), publishes it (shown, and
written to ``tables/``), explains it in a sentence or two and draws its chart from the gated values.
"""

from __future__ import annotations

import html

from ctie_helpers.plots import report as charts
from ctie_helpers.report import indicators as ind
from ctie_helpers.report import mse
from ctie_helpers.report import texts as text
from ctie_helpers.report.context import Report
from ctie_helpers.report.figures import show

__all__ = ["plan", "levels", "areas", "disaggregation", "rounds", "survey", "mse_tables", "mse_estimate"]


def plan(rpt: Report) -> ind.Plan:
    """Decide what the file supports and say so."""
    p = ind.make_plan(rpt.table)
    rpt.note(text.plan(p, rpt.table))
    return p


def levels(rpt: Report, p: ind.Plan) -> None:
    table = ind.by_level(rpt.table, p)
    rpt.publish(table, "Indicators by framework level", text.LEVELS)
    show(charts.level_chart(table.table, "Indicators by socio-ecological level" + text.latest(p, rpt.table)))


def areas(rpt: Report, p: ind.Plan) -> None:
    if not p.areas:
        rpt.note("## Indicators by area\n\nThe file has no admin1 or admin2 P-code column: no breakdown by area.")
        return
    rpt.note("## Indicators by area\n\n" + text.AREAS)
    for area in p.areas:
        table = ind.by_area(rpt.table, p, area)
        rpt.publish(table, f"By {text.area_label(area)}")
        show(charts.area_heatmap(table.table, area, f"Percent by {text.area_label(area)}" + text.latest(p, rpt.table)))
        if area in rpt.boundaries:
            _area_map(rpt, p, table, area)


def _area_map(rpt: Report, p: ind.Plan, table, area: str) -> None:
    """The area table as a map (gated values; withheld cells grey), with every indicator's text alternative."""
    b, label = rpt.boundaries[area], text.area_label(area)
    show(charts.area_map(table.table, area, b, f"Map by {label}" + text.latest(p, rpt.table), label))
    rpt.note(f"Map drawn on the boundaries in `{b.source}` (property `{b.pcode_property}`); grey areas have no "
             "value shown (withheld by the safeguards gate, or not in the file). Pick an indicator above the map. "
             "What each map shows:\n\n" + "\n".join(f"- {html.escape(t)}" for t in charts.area_map_texts(table.table, area, b, label)))


def disaggregation(rpt: Report, p: ind.Plan) -> None:
    table = ind.disaggregation(rpt.table, p)
    if table.table.empty:
        rpt.note("## Disaggregation\n\nNone of the indicators' disaggregation columns (sex of the household head, "
                 "displacement status, site type...) is in the file.")
        return
    rpt.publish(table, "Disaggregation", text.DISAGGREGATION)


def rounds(rpt: Report, p: ind.Plan) -> None:
    if not p.round_col:
        rpt.note("## Change between rounds\n\nThe file holds a single round (or no `round` column): "
                 "nothing to compare.")
        return
    area = p.areas[-1] if p.areas else None
    table, flagged = ind.round_change(rpt.table, p, area)
    rpt.publish(table, "Change between rounds", text.rounds(p, rpt.table, area))
    rpt.note(text.flags(flagged, area))
    show(charts.change_heatmap(table.table, area, "Change between the first and last round (percentage points)"))


def survey(rpt: Report, p: ind.Plan) -> None:
    if not p.weighted:
        rpt.note("## Survey-weighted estimates\n\nThe file has no `weight` column: estimates above treat every "
                 "row alike, and their intervals assume a simple random sample.")
        return
    table = ind.survey_estimates(rpt.table, p)
    rpt.publish(table, "Survey-weighted estimates", text.survey(ind.design_summary(rpt.table, p)))
    show(charts.interval_chart(table.table, "Survey-weighted estimates with 95% intervals"))


def mse_tables(rpt: Report) -> None:
    captures = mse.capture_table(rpt.table)
    rpt.publish(captures, "Capture histories", text.MSE_HISTORIES)
    rpt.publish(mse.list_sizes(rpt.table), "People on each list")
    show(charts.capture_chart(captures.table, mse.lists_of(rpt.table), "Who was seen by which list"))


def mse_estimate(rpt: Report) -> None:
    est = mse.estimate(rpt.table)
    rpt.publish(mse.estimate_table(est), "Estimated population size", text.mse_estimate(est))
    models = mse.models_table(est)
    rpt.publish(models, "Models compared", text.MSE_MODELS)
    show(charts.models_chart(models.table, est.observed, "Estimates of every model compared (95% intervals)"))
