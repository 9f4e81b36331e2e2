"""Figures of session 2: how unique case records are, and what differential-privacy noise looks like."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go

from ctie_helpers.i18n import format_percent
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.plots.alt import number, with_alt

__all__ = ["group_sizes", "dp_spread"]

_LAYOUT = dict(template="plotly_white", font=dict(size=13), margin=dict(l=10, r=10, t=70, b=60))


def group_sizes(sizes: Sequence[int], k: int = 11, cap: int = 30) -> go.Figure:
    """How many records sit in quasi-identifier groups of each size, with the threshold ``k`` marked.

    Parameters
    ----------
    sizes
        One group size per *group* (e.g. ``KAnonymityReport.group_sizes["size"]``).
    k
        The threshold to mark (CTDC used k = 11 for the records it released).
    cap
        Groups larger than this are pooled into one ``cap+`` bar so the small groups stay readable.
    """
    size_of = np.asarray(list(sizes), dtype=int)
    pooled = np.minimum(size_of, cap)
    xs = np.arange(1, cap + 1)
    records = np.array([int(size_of[pooled == x].sum()) for x in xs])  # records, not groups: people at risk
    colours = ["#c62828" if x < k else "#90a4ae" for x in xs]
    labels = [str(x) if x < cap else f"{cap}+" for x in xs]
    fig = go.Figure(go.Bar(x=labels, y=records, marker_color=colours,
                           hovertemplate="group size %{x}: %{y} records<extra></extra>"))
    fig.add_vline(x=k - 1.5, line_dash="dash", annotation_text=f"k = {k}", annotation_position="top right")
    fig.update_layout(title=_("Records by the size of their group (red: fewer than %(k)s people share the "
                              "combination)") % {"k": k},
                      xaxis_title="people sharing the same age band, gender, citizenship and year",
                      yaxis_title="records", height=400, **_LAYOUT)
    total = int(size_of.sum())
    small = int(size_of[size_of < k].sum())
    share = f" ({format_percent(small / total)})" if total else ""
    return with_alt(fig, _("Bar chart of %(total)s records by how many people share their combination of age band, "
                           "gender, citizenship and year: %(small)s%(share)s are in groups smaller than k = %(k)s "
                           "(the bars left of the dashed line), %(unique)s are unique.") % {
        "total": number(total), "small": number(small), "share": share, "k": k,
        "unique": number(int(size_of[size_of == 1].sum()))})


def dp_spread(true_count: int, epsilons: Sequence[float], noisy: Callable[[int, float, np.random.Generator], float],
              draws: int = 300, seed: int = 7) -> go.Figure:
    """Box plots of many noisy releases of one count, one box per privacy budget epsilon.

    Parameters
    ----------
    true_count
        The count being protected.
    epsilons
        Privacy budgets to compare (smaller = more private = noisier).
    noisy
        ``noisy(true_count, epsilon, rng)`` returns one noisy release, e.g. a wrapper of
        :func:`ctie_helpers.safeguards.dp_count`.
    draws, seed
        How many releases to simulate per epsilon, from a fixed seed so the figure is reproducible.
    """
    rng = np.random.default_rng(seed)
    fig = go.Figure()
    spreads = []
    for eps in epsilons:
        vals = [noisy(true_count, eps, rng) for _ in range(draws)]
        fig.add_box(x=vals, name=f"ε = {eps:g}", boxpoints=False, orientation="h")
        q1, q3 = np.percentile(vals, [25, 75])
        spreads.append(f"ε = {eps:g}: {number(q1)} to {number(q3)}")
    fig.add_vline(x=true_count, line_color="#1b5e20", annotation_text=f"true count {true_count}")
    fig.update_layout(title=f"{draws} noisy releases of the same count, for each privacy budget ε",
                      xaxis_title="released count", showlegend=False, height=340, **_LAYOUT)
    return with_alt(fig, f"Box plots of {draws} noisy releases of a true count of {number(true_count)} for each "
                         f"privacy budget; the middle half of the releases spans {'; '.join(spreads)}. "
                         "Smaller ε spreads the releases wider.")
