"""Figures of session 1: headline figures side by side, and the multiple-systems-estimation lab."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.plots.alt import extremes, number, with_alt

__all__ = ["HEADLINE_KEYS", "headline_rows", "three_numbers", "capture_histories", "mse_comparison"]

#: The figures compared in section 1.4, with the concept each one measures (keys of figures.json).
HEADLINE_KEYS: dict[str, str] = {
    "gems2017_total": "Prevalence estimate",
    "gems2022_total": "Prevalence estimate",
    "ctdc_synthetic_v2_victims": "Identified cases (pooled case records, 2002-2022)",
    "glotip2020_detected": "Official detections in one year",
    "glotip2024_detected": "Official detections in one year",
}
_CONCEPT_COLOURS = {
    "Prevalence estimate": "#1b5e20",
    "Identified cases (pooled case records, 2002-2022)": "#0d47a1",
    "Official detections in one year": "#e65100",
}
_LAYOUT = dict(template="plotly_white", font=dict(size=13), margin=dict(l=10, r=10, t=70, b=110))


def headline_rows(keys: Mapping[str, str] = HEADLINE_KEYS) -> list[dict[str, Any]]:
    """Rows for :func:`three_numbers` from the headline-figures registry (``content/data/figures.json``).

    Values are converted to people (``"million people"`` times one million).
    """
    # deferred: saves 26 ms at import of ctie_helpers.plots.session1
    from ctie_helpers.content._base import load_json

    figures = {f["key"]: f for f in load_json("figures.json")["figures"]}
    rows = []
    for key, concept in keys.items():
        f = figures[key]
        scale = 1e6 if f["unit"].startswith("million") else 1
        rows.append({"key": key, "label": f["label"], "people": f["value"] * scale, "concept": concept,
                     "source": f["source"], "year": f["year"], "edition": f.get("edition", "")})
    return rows


def _short(n: float) -> str:
    return f"{n / 1e6:.1f} million" if n >= 1e6 else f"{n:,.0f}"


def three_numbers(rows: Sequence[Mapping[str, Any]] | None = None) -> go.Figure:
    """Estimates, identified cases and detections side by side on a log scale, with sources.

    Parameters
    ----------
    rows
        Dicts with ``people``, ``concept``, ``source``, ``year`` (default :func:`headline_rows`).

    Notes
    -----
    The axis is logarithmic on purpose: on a linear axis the detections (about 70,000) would be an
    invisible sliver next to 50 million, which hides the lesson that they are different concepts.
    """
    rows = list(rows if rows is not None else headline_rows())
    fig = go.Figure()
    for concept, colour in _CONCEPT_COLOURS.items():
        part = [r for r in rows if r["concept"] == concept]
        if not part:
            continue
        fig.add_bar(
            y=[f"{r['source'].split(',')[0].split(' (')[0]} ({r['year']})" for r in part],
            x=[r["people"] for r in part], orientation="h", name=concept, marker_color=colour,
            text=[_short(r["people"]) for r in part], textposition="outside",
            customdata=[[r["source"], r["year"]] for r in part],
            hovertemplate="%{text}<br>%{customdata[0]}<br>reference year %{customdata[1]}<extra></extra>",
        )
    sources = sorted({f"{r['source']}, ref. year {r['year']}" for r in rows})
    fig.update_layout(
        title="Three numbers, three concepts: estimated vs identified vs detected (log scale)",
        xaxis=dict(type="log", title="people (log scale: each gridline is 10 times the previous)"),
        yaxis=dict(autorange="reversed"), legend=dict(orientation="h", y=1.08), height=430,
        **_LAYOUT,
    )
    fig.add_annotation(text="Sources: " + "; ".join(sources), xref="paper", yref="paper", x=0, y=-0.3,
                       showarrow=False, align="left", font=dict(size=9), xanchor="left")
    names = [f"{r['source'].split(',')[0].split(' (')[0]} {r['year']} ({_short(r['people'])}, {r['concept'].lower()})"
             for r in rows]
    if not rows:
        return with_alt(fig, _("Bar chart of headline figures: no figures given."))
    return with_alt(fig, _("Bar chart on a log scale of %(n)s headline figures that measure different things: "
                           "largest %(largest)s, smallest %(smallest)s.") % {
        "n": len(rows), "largest": names[max(range(len(rows)), key=lambda i: rows[i]["people"])],
        "smallest": names[min(range(len(rows)), key=lambda i: rows[i]["people"])]})


def capture_histories(table, lists: Sequence[str], count: str = "count") -> go.Figure:
    """Bar chart of a capture-history table: how many people each combination of lists saw.

    Parameters
    ----------
    table
        DataFrame with one 0/1 column per list and a count column (``service_lists``).
    lists
        The list columns, in display order.
    """
    labels = [" + ".join(c.replace("list_", "").upper() for c in lists if row[c] == 1)
              for _, row in table.iterrows()]
    order = sorted(range(len(labels)), key=lambda i: (labels[i].count("+"), labels[i]))
    fig = go.Figure(go.Bar(x=[labels[i] for i in order], y=[int(table[count].iloc[i]) for i in order],
                           marker_color="#0d47a1", hovertemplate="seen by %{x}: %{y} people<extra></extra>"))
    fig.update_layout(title="Who was seen by which list (synthetic service_lists, Ardania)",
                      xaxis_title="lists that recorded the person", yaxis_title="people", height=380, **_LAYOUT)
    counts = [int(table[count].iloc[i]) for i in order]
    return with_alt(fig, _("Bar chart of people by the combination of lists that recorded them, %(n)s "
                           "combinations, %(people)s people: %(extremes)s.") % {
        "n": len(order), "people": number(sum(counts)),
        "extremes": extremes([labels[i] for i in order], counts, high=_("most seen by"), low=_("fewest by"))})


def mse_comparison(results: Mapping[str, Any], true_size: float | None = None,
                   observed: float | None = None) -> go.Figure:
    """Point estimates with their 95% intervals, against the observed count and the true size.

    Parameters
    ----------
    results
        Label -> an object with ``estimate``, ``lower``, ``upper`` (e.g.
        :class:`ctie_helpers.analysis.mse.PopulationEstimate`).
    true_size
        The known true population of the synthetic data (its data card), drawn as a line.
    observed
        People on at least one list, drawn as a dashed line (no estimate should fall below it).
    """
    labels = list(results)
    est = [float(results[k].estimate) for k in labels]
    lo = [float(results[k].lower) for k in labels]
    hi = [float(results[k].upper) for k in labels]
    fig = go.Figure(go.Scatter(
        x=est, y=labels, mode="markers", marker=dict(size=12, color="#0d47a1"), name="estimate (95% interval)",
        error_x=dict(type="data", symmetric=False, array=[h - e for h, e in zip(hi, est, strict=True)],
                     arrayminus=[e - lo_ for e, lo_ in zip(est, lo, strict=True)]),
        hovertemplate="%{y}: %{x:,.0f}<extra></extra>"))
    if true_size is not None:
        fig.add_vline(x=true_size, line_color="#1b5e20", annotation_text=f"true size {true_size:,.0f}",
                      annotation_position="top")
    if observed is not None:
        fig.add_vline(x=observed, line_dash="dash", line_color="#757575",
                      annotation_text=f"seen by any list {observed:,.0f}", annotation_position="bottom")
    fig.update_layout(title="How many people are there? Estimates from the lists (synthetic data)",
                      xaxis_title="people", yaxis=dict(autorange="reversed"), height=120 + 60 * len(labels),
                      **_LAYOUT)
    text = (f"Estimates of how many people there are, from {len(labels)} method{'s' if len(labels) != 1 else ''} "
            f"with 95% intervals: " + extremes(labels, est) + ".")
    if true_size is not None:
        inside = sum(lo_ <= true_size <= h for lo_, h in zip(lo, hi, strict=True))
        text += f" The true size is {number(true_size)}; {inside} of {len(labels)} intervals include it."
    if observed is not None:
        text += f" {number(observed)} people were seen by at least one list."
    return with_alt(fig, text)
