"""Figures of session 5: sample size against precision, sampling designs compared, RDS estimates.

Every function returns a :class:`plotly.graph_objects.Figure` (offline; shown with :func:`ctie_helpers.plots.alt.show`), with its source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.plots.alt import number, with_alt

__all__ = ["sample_size_curve", "designs_chart", "rds_chart"]

_LABELS = {"simple_random": "Simple random", "stratified": "Stratified", "cluster": "Cluster (two-stage)",
           "convenience": "Convenience", "snowball": "Snowball"}


def _source(fig: go.Figure, text: str) -> go.Figure:
    fig.add_annotation(x=0, y=-0.2, xref="paper", yref="paper", xanchor="left", showarrow=False,
                       font=dict(size=10), text=text)
    return fig


def sample_size_curve(populations: tuple[int | None, ...] = (None, 10_000, 2_000, 1_000, 500),
                      p: float = 0.5, deff: float = 1.0) -> go.Figure:
    """Required sample size against the margin of error (±2 to ±10 points), one line per population size."""
    # deferred: saves 31 ms at import of ctie_helpers.plots.session5
    from ctie_helpers.analysis.sampling import sample_size

    margins = np.round(np.arange(0.02, 0.1001, 0.005), 3)
    fig = go.Figure()
    for N in populations:
        n = [sample_size(p=p, margin=float(m), population=N, deff=deff).n for m in margins]
        fig.add_trace(go.Scatter(x=100 * margins, y=n, mode="lines+markers", name="very large" if N is None else f"N = {N:,}",
                                 hovertemplate="±%{x:.1f} points: n = %{y}<extra></extra>"))
    fig.update_layout(title=f"Sample size for a proportion (p = {p:g}, 95% confidence, DEFF {deff:g})",
                      xaxis_title="Margin of error (± percentage points)", yaxis_title="Required sample size",
                      height=440, width=760, margin=dict(l=10, r=10, t=60, b=80))
    _source(fig, "Source: standard formula n0 = z²p(1−p)/e² with finite population correction "
                 "(ctie_helpers.analysis.sampling).")
    ends = [_("%(line)s: %(n_first)s at ±%(first)s points, %(n_last)s at ±%(last)s") % {
        "line": _(t.name), "n_first": number(t.y[0]), "first": number(t.x[0]), "n_last": number(t.y[-1]),
        "last": number(t.x[-1])} for t in fig.data]
    return with_alt(fig, _("Line chart of the sample size needed against the margin of error, one line per "
                           "population size; a smaller margin needs more interviews (%(ends)s).")
                    % {"ends": "; ".join(ends)})


def designs_chart(table: pd.DataFrame) -> go.Figure:
    """Box plot of the repeated estimates of each design (in %), with the true prevalence as a line."""
    fig = go.Figure()
    means = []
    for row in table.itertuples():
        # the kind of sample is written under its name too, not only shown by the box's colour
        kind = "probability" if row.probability else "non-probability"
        fig.add_trace(go.Box(y=100 * np.asarray(row.estimates), name=f"{_LABELS.get(row.design, row.design)}<br>({kind})",
                             boxpoints=False, marker_color="#1565c0" if row.probability else "#c62828"))
        means.append(float(100 * np.mean(row.estimates)))
    truth = float(table["truth"].iloc[0])
    fig.add_hline(y=truth, line_dash="dash", annotation_text=f"true prevalence {truth:.1f}%")
    fig.update_layout(title="Same population, same sample size, many samples: which designs hit the truth?",
                      yaxis_title="Estimated prevalence (%)", showlegend=False, height=460, width=780,
                      margin=dict(l=10, r=10, t=60, b=80))
    _source(fig, "Source: simulation on a synthetic population (ctie_helpers.analysis.simulate). "
                 "Blue = probability samples, red = non-probability samples.")
    names = [_LABELS.get(d, d) for d in table["design"]]
    far = [(abs(m - truth), n, m) for n, m in zip(names, means, strict=True)]
    worst, best = max(far), min(far)
    return with_alt(fig, f"Box plots of the repeated estimates of {len(names)} sampling designs against a true "
                         f"prevalence of {number(truth)}%: furthest from the truth {worst[1]} (mean "
                         f"{number(worst[2])}%), closest {best[1]} (mean {number(best[2])}%).")


def rds_chart(table: pd.DataFrame) -> go.Figure:
    """Repeated RDS samples: the naive share and the RDS-II estimate, against the truth (in %)."""
    fig = go.Figure([go.Box(y=table["naive"], name="Naive sample share", boxpoints="all", marker_color="#c62828"),
                     go.Box(y=table["rds_ii"], name="RDS-II (weighted by 1/degree)", boxpoints="all",
                            marker_color="#1565c0")])
    fig.add_hline(y=float(table["truth"].iloc[0]), line_dash="dash", annotation_text="truth")
    fig.update_layout(title="Respondent-driven sampling on a simulated network", yaxis_title="Estimate (%)",
                      showlegend=False, height=440, width=720, margin=dict(l=10, r=10, t=60, b=80))
    _source(fig, "Source: simulation (ctie_helpers.analysis.rds); people with the trait have 3× more "
                 "contacts, so they are recruited more often.")
    return with_alt(fig, f"Box plots of {len(table)} repeated respondent-driven samples against a true share of "
                         f"{number(float(table['truth'].iloc[0]))}%: the naive sample share has median "
                         f"{number(float(table['naive'].median()))}%, the RDS-II estimate "
                         f"{number(float(table['rds_ii'].median()))}%.")
