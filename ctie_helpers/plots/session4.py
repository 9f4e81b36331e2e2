"""Figures of session 4: indicators per framework cell, estimates with intervals, rounds before/after the shock.

Every function returns a :class:`plotly.graph_objects.Figure` (offline; shown with :func:`ctie_helpers.plots.alt.show`). Each figure states
its source: the synthetic Ardania datasets (fictional) and the indicator registry adapted from IOM practice.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ctie_helpers.i18n.catalog import N_, ngettext
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.plots.alt import count_grid_text, extremes, number, with_alt

__all__ = ["indicator_cells_heatmap", "estimate_bars", "rounds_chart"]

_SYNTH = N_("Source: synthetic data, Republic of Ardania (fictional), generated for this workbook.")


def _source(fig: go.Figure, text: str) -> go.Figure:
    fig.add_annotation(x=0, y=-0.2, xref="paper", yref="paper", xanchor="left", showarrow=False,
                       font=dict(size=10), text=text)
    return fig


def indicator_cells_heatmap(matrix) -> go.Figure:
    """How many registry indicators sit in each level × category cell (an EvidenceMatrix of indicators)."""
    # deferred: saves 102 ms at import of ctie_helpers.plots.session4
    from ctie_helpers.content import framework

    lnames = {lv.key: lv.name for lv in framework.levels()}
    cnames = {c.key: c.name for c in framework.categories()}
    counts = matrix.counts
    fig = go.Figure(go.Heatmap(
        z=counts.values, x=[cnames[c] for c in counts.columns], y=[lnames[lv] for lv in counts.index],
        text=counts.values, texttemplate="%{text}", colorscale="Greens", zmin=0,
        colorbar=dict(title="Indicators"),
        hovertemplate="%{y} × %{x}: %{z} indicator(s)<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title="Illustrative CTiE indicators (IND-01 to IND-29) per framework cell", height=420,
                      width=820, margin=dict(l=10, r=10, t=60, b=70))
    _source(fig, "Source: illustrative indicator list adapted from IOM practice (the Guide's chapter 6 list "
                 "was not available).")
    return with_alt(fig, count_grid_text(counts, lnames, cnames, "indicator placements"))


def estimate_bars(table: pd.DataFrame, group: str, title: str) -> go.Figure:
    """Bars of a percentage estimate per group with its 95% interval as error bars."""
    est, lo, hi = table["estimate %"], table["95% CI low"], table["95% CI high"]
    fig = go.Figure(go.Bar(
        x=table[group].astype(str), y=est, marker_color="#1565c0",
        error_y=dict(type="data", symmetric=False, array=hi - est, arrayminus=est - lo),
        hovertemplate="%{x}: %{y:.1f}%<extra></extra>"))
    fig.update_layout(title=title, yaxis_title="% of households (weighted)", height=420, width=720,
                      margin=dict(l=10, r=10, t=60, b=80))
    _source(fig, _(_SYNTH) + " " + _("Household survey; bars = weighted estimate, whiskers = 95% CI."))
    width = (hi - lo).tolist()
    ranges = [f"{g} ({number(a)}% to {number(b)}%)" for g, a, b in zip(table[group], lo, hi, strict=True)]
    return with_alt(fig, f"Bar chart of {title}, weighted percent of households with 95% intervals: "
                         f"{extremes(table[group].tolist(), est.tolist(), unit='%')}; widest interval "
                         f"{ranges[max(range(len(width)), key=lambda i: width[i])] if len(width) else 'none'}.")


def rounds_chart(table: pd.DataFrame, label: str = "district", title: str | None = None) -> go.Figure:
    """Before/after the shock per area, with areas whose change is significant marked with a star."""
    names = [f"{n} *" if sig else str(n) for n, sig in zip(table[label], table["significant"], strict=True)]
    fig = go.Figure([
        go.Bar(name="Round 1 (before the shock)", x=names, y=table["p_before"], marker_color="#90a4ae"),
        go.Bar(name="Round 2 (after the shock)", x=names, y=table["p_after"], marker_color="#ef6c00"),
    ])
    fig.update_layout(barmode="group", title=title or "Sites where key informants report recruiters (%)",
                      yaxis_title="% of assessed sites", height=440, width=860, legend=dict(orientation="h", y=1.08),
                      margin=dict(l=10, r=10, t=80, b=90))
    _source(fig, _(_SYNTH) + " " + _("Site assessment, rounds 1 and 2. * = change whose 95% interval excludes 0."))
    change = (pd.to_numeric(table["p_after"]) - pd.to_numeric(table["p_before"])).tolist()
    shifts = [_("%(area)s, %(before)s to %(after)s") % {"area": n, "before": number(b, "%"), "after": number(a, "%")}
              for n, b, a in zip(table[label], table["p_before"], table["p_after"], strict=True)]
    sig = [str(n) for n, s in zip(table[label], table["significant"], strict=True) if s]
    text = _("Grouped bar chart of %(title)s in %(n)s areas, before and after the shock: %(extremes)s; ") % {
        "title": _(fig.layout.title.text), "n": len(table),
        "extremes": extremes(shifts, change, unit=" " + _("points"), high=_("largest rise"), low=_("largest fall"))}
    text += ngettext("%(n)s significant change (marked *)", "%(n)s significant changes (marked *)",
                     len(sig)) % {"n": len(sig)}
    return with_alt(fig, text + (f": {', '.join(sig)}." if sig else "."))
