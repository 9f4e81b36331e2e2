"""The sections of the two templates, one function each, so template cells stay one line long.

Each function computes a gated table (:mod:`.indicators`, :mod:`.mse`), publishes it (shown, and
written to ``tables/``), explains it in a sentence or two and draws its chart from the gated values.
"""

from __future__ import annotations

import html

from ctie_helpers.i18n import _
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
    rpt.publish(table, _("Indicators by framework level"), _(text.LEVELS))
    show(charts.level_chart(table.table, _("Indicators by socio-ecological level") + text.latest(p, rpt.table)))


def areas(rpt: Report, p: ind.Plan) -> None:
    if not p.areas:
        rpt.note("## " + _("Indicators by area") + "\n\n"
                 + _("The file has no admin1 or admin2 P-code column: no breakdown by area."))
        return
    rpt.note("## " + _("Indicators by area") + "\n\n" + _(text.AREAS))
    for area in p.areas:
        table = ind.by_area(rpt.table, p, area)
        rpt.publish(table, _("By %(area)s") % {"area": text.area_label(area)})
        show(charts.area_heatmap(table.table, area, _("Percent by %(area)s") % {"area": text.area_label(area)} + text.latest(p, rpt.table)))
        if area in rpt.boundaries:
            _area_map(rpt, p, table, area)


def _area_map(rpt: Report, p: ind.Plan, table, area: str) -> None:
    """The area table as a map (gated values; withheld cells grey), with every indicator's text alternative."""
    b, label = rpt.boundaries[area], text.area_label(area)
    show(charts.area_map(table.table, area, b, _("Map by %(area)s") % {"area": label} + text.latest(p, rpt.table), label))
    rpt.note(_("Map drawn on the boundaries in `%(source)s` (property `%(property)s`); grey areas have no value "
               "shown (withheld by the safeguards gate, or not in the file). Pick an indicator above the map. "
               "What each map shows:") % {"source": b.source, "property": b.pcode_property} + "\n\n" + "\n".join(f"- {html.escape(t)}" for t in charts.area_map_texts(table.table, area, b, label)))


def disaggregation(rpt: Report, p: ind.Plan) -> None:
    table = ind.disaggregation(rpt.table, p)
    if table.table.empty:
        rpt.note("## " + _("Disaggregation") + "\n\n"
                 + _("None of the indicators' disaggregation columns (sex of the household head, displacement "
                     "status, site type...) is in the file."))
        return
    rpt.publish(table, _("Disaggregation"), _(text.DISAGGREGATION))


def rounds(rpt: Report, p: ind.Plan) -> None:
    if not p.round_col:
        rpt.note("## " + _("Change between rounds") + "\n\n"
                 + _("The file holds a single round (or no `round` column): nothing to compare."))
        return
    area = p.areas[-1] if p.areas else None
    table, flagged = ind.round_change(rpt.table, p, area)
    rpt.publish(table, _("Change between rounds"), text.rounds(p, rpt.table, area))
    rpt.note(text.flags(flagged, area))
    show(charts.change_heatmap(table.table, area, _("Change between the first and last round (percentage points)")))


def survey(rpt: Report, p: ind.Plan) -> None:
    if not p.weighted:
        rpt.note("## " + _("Survey-weighted estimates") + "\n\n"
                 + _("The file has no `weight` column: estimates above treat every row alike, and their "
                     "intervals assume a simple random sample."))
        return
    table = ind.survey_estimates(rpt.table, p)
    rpt.publish(table, _("Survey-weighted estimates"), text.survey(ind.design_summary(rpt.table, p)))
    show(charts.interval_chart(table.table, _("Survey-weighted estimates with 95% intervals")))


def mse_tables(rpt: Report) -> None:
    captures = mse.capture_table(rpt.table)
    rpt.publish(captures, _("Capture histories"), _(text.MSE_HISTORIES))
    rpt.publish(mse.list_sizes(rpt.table), _("People on each list"))
    show(charts.capture_chart(captures.table, mse.lists_of(rpt.table), _("Who was seen by which list")))


def mse_estimate(rpt: Report) -> None:
    est = mse.estimate(rpt.table)
    rpt.publish(mse.estimate_table(est), _("Estimated population size"), text.mse_estimate(est))
    models = mse.models_table(est)
    rpt.publish(models, _("Models compared"), _(text.MSE_MODELS))
    show(charts.models_chart(models.table, est.observed, _("Estimates of every model compared (95% intervals)")))
