"""Charts of the Voilà apps: each builder takes the table the app has just computed and returns a figure.

The apps (:mod:`ctie_helpers.apps`) show them in a :class:`~ctie_helpers.apps.ui.ChartArea` or a
``FigureWidget``; building them here keeps every plotly figure of the package in :mod:`ctie_helpers.plots`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ctie_helpers.plots.alt import extremes, number, with_alt

__all__ = ["cohort_bars", "indicator_bars", "stratum_bars"]

_COLOURS = ("#90caf9", "#0d47a1", "#26a69a")  # round 1, round 2, more rounds


def _bar_value(v: object) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def cohort_bars(shown: pd.DataFrame, session: str, threshold: int) -> go.Figure:
    """Facilitator dashboard: hand-ins that attempted and passed each exercise; hidden counts as text."""
    fig = go.Figure()
    labels = shown["exercise_id"].tolist()
    for col, colour in (("attempted", "#90caf9"), ("passed", "#1565c0")):
        vals = [_bar_value(v) for v in shown[col]]
        text = ["" if v is not None else str(raw) for v, raw in zip(vals, shown[col], strict=True)]
        fig.add_bar(name=col, x=labels, y=vals, marker_color=colour, text=text, textposition="outside",
                    hovertemplate="%{x}: %{y}<extra>" + col + "</extra>")
    fig.update_layout(title=f"{session}: hand-ins that attempted and passed each exercise (hidden: under "
                            f"{threshold})", barmode="group", height=340, yaxis_title="trainees",
                      margin=dict(l=10, r=10, t=50, b=120))
    hidden = sum(_bar_value(v) is None for v in shown["attempted"])
    return with_alt(fig, f"Bar chart of hand-ins per exercise in {session}, {len(labels)} exercises: attempted "
                         f"{extremes(labels, [_bar_value(v) for v in shown['attempted']])}; passed "
                         f"{extremes(labels, [_bar_value(v) for v in shown['passed']])}"
                         + (f"; {hidden} hidden (under {threshold} hand-ins)." if hidden else "."))


def indicator_bars(t: pd.DataFrame, labels: list[str], val: str, ind, where: str, round_label: str,
                   source: str) -> go.Figure:
    """Indicator explorer: the indicator by area (one bar group per round when split), with its interval."""
    label = labels[0]
    numeric = pd.to_numeric(t[val], errors="coerce")
    split = labels[1] if len(labels) > 1 else None
    traces = []
    for i, (key, part) in enumerate(t.groupby(split, sort=True) if split else [(None, t)]):
        y = numeric.loc[part.index]
        err = {}
        if f"{val} upper" in t.columns:
            hi = pd.to_numeric(part[f"{val} upper"], errors="coerce")
            lo = pd.to_numeric(part[f"{val} lower"], errors="coerce")
            err = dict(error_y=dict(type="data", symmetric=False, array=(hi - y).tolist(),
                                    arrayminus=(y - lo).tolist(), color="#546e7a"))
        text = ["suppressed" if pd.isna(v) else (f"{v:,.0f}" if val == "total" else f"{v:.1f}") for v in y]
        traces.append(go.Bar(x=part[label].astype(str).tolist(), y=y.fillna(0).tolist(), text=text,
                             textposition="outside", name=f"Round {key}" if split else ind.id,
                             marker_color=_COLOURS[i % len(_COLOURS)] if split else "#0d47a1", **err))
    unit = {"percent": "%", "total": ind.unit, "rate": ind.unit, "mean": "mean"}[val]
    fig = go.Figure(traces)
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=60, b=60), barmode="group",
        title=dict(text=f"{ind.id}: {ind.name[:70]}<br><sup>{where}, {round_label}; {source}, "
                        "after the safeguards gate</sup>", font=dict(size=15)),
        yaxis_title=unit, xaxis_title=label, showlegend=bool(split))
    names = [f"{a} (round {r})" if split else str(a) for a, r in
             zip(t[label], t[split] if split else t[label], strict=True)]
    hidden = int(numeric.isna().sum())
    mark = "" if unit in ("mean", "%") else f" {unit}"
    return with_alt(fig, f"Bar chart of {ind.id} ({unit}) by {label}, {where}, {round_label}: "
                         f"{extremes(names, numeric.tolist(), unit='%' if unit == '%' else mark)}"
                         + (f"; {hidden} suppressed." if hidden else "."))


def stratum_bars(frame: pd.DataFrame, method: str) -> go.Figure:
    """Sampling planner: interviews allocated to each stratum."""
    fig = go.Figure(go.Bar(x=frame["stratum"].tolist(), y=frame["interviews"].tolist(), marker_color="#0d47a1",
                           text=frame["interviews"].tolist(), textposition="outside",
                           hovertemplate="%{x}: %{y} interviews<extra></extra>"))
    fig.update_layout(title=f"Interviews per stratum ({method.lower()})", yaxis_title="interviews",
                      height=320, margin=dict(l=10, r=10, t=50, b=40))
    n = pd.to_numeric(frame["interviews"], errors="coerce")
    return with_alt(fig, f"Bar chart of {number(float(n.sum()))} interviews over {len(frame)} strata "
                         f"({method.lower()}): {extremes(frame['stratum'].tolist(), n.tolist(), high='most in', low='fewest in')}.")
