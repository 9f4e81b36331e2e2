"""Report charts: each builder takes a table the safeguards gate has published and returns a figure.

Cells the gate withheld (blank, ``<5``, ``x``) are drawn as missing, never as a value. The report
(:mod:`ctie_helpers.report.sections`) displays them with :func:`ctie_helpers.report.figures.show`, which
keeps them offline in JupyterLab and in the HTML report.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ctie_helpers.plots.alt import extremes, number, with_alt
from ctie_helpers.plots.maps import choropleth, choropleth_text
from ctie_helpers.safeguards.suppress import is_hidden

__all__ = ["level_chart", "area_heatmap", "area_map", "area_map_texts", "change_heatmap", "interval_chart",
           "capture_chart", "models_chart", "LEVEL_COLOURS"]

_LAYOUT = dict(template="plotly_white", margin=dict(l=10, r=10, t=60, b=40), font=dict(size=12))
LEVEL_COLOURS = {"individual": "#0d47a1", "household": "#00897b", "community": "#ef6c00", "structural": "#6a1b9a"}


def _numbers(s: pd.Series) -> pd.Series:
    """Published values to numbers; withheld cells (blank, ``<5``, ``x``) become missing."""
    return pd.to_numeric(s.map(lambda v: None if is_hidden(v) or v == "" else v), errors="coerce")


def _latest(t: pd.DataFrame) -> pd.DataFrame:
    if "round" in t.columns and t["round"].notna().any():
        return t[t["round"].astype(str) == str(max(t["round"].dropna(), key=lambda r: float(r)))]
    return t


def level_chart(table: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars: each indicator's percent with its 95% interval, coloured by framework level."""
    t = _latest(table)
    t = t.assign(p=_numbers(t["percent"]), lo=_numbers(t["percent_low"]), hi=_numbers(t["percent_high"]))
    t = t[t["p"].notna()]
    fig = go.Figure()
    for level, part in t.groupby("level", sort=False):
        fig.add_bar(y=part["indicator"], x=part["p"], orientation="h", name=str(level),
                    marker_color=LEVEL_COLOURS.get(str(level), "#546e7a"),
                    error_x=dict(type="data", symmetric=False, array=part["hi"] - part["p"],
                                 arrayminus=part["p"] - part["lo"]),
                    customdata=part["indicator_name"], hovertemplate="%{customdata}: %{x:.1f}%<extra></extra>")
    fig.update_layout(title=title, xaxis_title="percent (95% interval)", yaxis=dict(autorange="reversed"),
                      height=160 + 32 * len(t), legend_title="level", **_LAYOUT)
    return with_alt(fig, f"Horizontal bar chart of {len(t)} indicators in percent with 95% intervals, one colour "
                         f"per framework level (named in the legend): {extremes(t['indicator'].tolist(), t['p'].tolist(), unit='%')}.")


def area_heatmap(table: pd.DataFrame, area: str, title: str) -> go.Figure:
    """Indicators (rows) by area (columns), percent in each cell; withheld cells stay blank."""
    t = _latest(table)
    t = t.assign(p=_numbers(t["percent"]))
    t = t[t["unit"] != "people"] if (t["unit"] != "people").any() else t
    grid = t.pivot_table(index="indicator", columns=area, values="p", aggfunc="first", dropna=False)
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=[str(c) for c in grid.columns], y=list(grid.index),
                               colorscale="Oranges", colorbar=dict(title="%"), texttemplate="%{z:.0f}",
                               hovertemplate="%{y} in %{x}: %{z:.1f}%<extra></extra>"))
    fig.update_layout(title=title, height=160 + 40 * len(grid), **_LAYOUT)
    return with_alt(fig, _grid_text(grid, "percent", "%"))


def _grid_text(grid: pd.DataFrame, what: str, unit: str, high: str = "highest", low: str = "lowest") -> str:
    """A heatmap of indicators (rows) by area (columns) in words: its extreme cells and withheld cells."""
    cells = [(f"{i} in {a}", grid.loc[i, a]) for i in grid.index for a in grid.columns]
    hidden = sum(pd.isna(v) for _, v in cells)
    return (f"Heatmap of {what} for {len(grid)} indicators by {len(grid.columns)} areas: "
            f"{extremes([c for c, _ in cells], [v for _, v in cells], unit=unit, high=high, low=low)}"
            + (f"; {hidden} cell{'s' if hidden != 1 else ''} withheld or empty." if hidden else "."))


def area_map(table: pd.DataFrame, area: str, boundaries, title: str, level: str) -> go.Figure:
    """A choropleth of the area table's percentages, one indicator at a time (a drop-down picks it).

    Withheld cells are drawn as no-data (grey), never as a value. The map's text alternative is in
    ``layout.meta["alt"]`` for the indicator shown first; :func:`area_map_texts` gives every indicator's.
    The boundaries are embedded once per trace (two), however many indicators the drop-down holds.
    """

    parts = _map_parts(table, boundaries, area)
    names = "area_name" if "area_name" in parts[0][1] else None
    first_id, first = parts[0]
    label = _indicator_names()
    fig = choropleth(first, area, "percent", boundaries.geojson, boundaries.featureidkey, title, names=names,
                     what=label.get(first_id, first_id), level=level)
    buttons = []
    for ind_id, part in parts:
        vals = _numbers(part["percent"])
        keep = vals.notna().to_numpy()
        text = (part[names] if names else part[area]).astype(str)[keep]
        alt = choropleth_text(part, area, "percent", label.get(ind_id, ind_id), level, names=names)
        buttons.append(dict(label=ind_id, method="update", args=[
            {"locations": [part[area].astype(str)[keep].tolist()], "z": [vals[keep].tolist()],
             "text": [text.tolist()]},
            {"meta": {"alt": alt}, "annotations[0].text": alt}, [1]]))
    if len(buttons) > 1:
        fig.update_layout(updatemenus=[dict(buttons=buttons, x=0, y=1.0, xanchor="left", yanchor="bottom",
                                            showactive=True)])
    return fig


def area_map_texts(table: pd.DataFrame, area: str, boundaries, level: str) -> list[str]:
    """Each mapped indicator's text alternative, the same sentences the map carries."""

    label = _indicator_names()
    return [f"{ind_id}: " + choropleth_text(part, area, "percent", label.get(ind_id, ind_id), level,
                                            names="area_name" if "area_name" in part else None)
            for ind_id, part in _map_parts(table, boundaries, area)]


def _map_parts(table: pd.DataFrame, boundaries, area: str) -> list[tuple[str, pd.DataFrame]]:
    """Latest round, indicators given as percentages (counts of people are not mapped), in table order.

    Each part gets an ``area_name`` column: the table's admin name, else the boundary file's (COD
    ``ADM2_EN`` beside ``ADM2_PCODE``), so a file holding only p-codes still reads by place name.
    """
    t = _latest(table)
    t = t[t["unit"] != "people"] if (t["unit"] != "people").any() else t
    table_names = area.replace("_pcode", "_name")
    if table_names in t:
        t = t.assign(area_name=t[table_names])
    else:
        prop = boundaries.pcode_property.replace("PCODE", "EN")
        found = {str(f["properties"].get(boundaries.pcode_property)): f["properties"][prop]
                 for f in boundaries.geojson["features"] if prop != boundaries.pcode_property and prop in f["properties"]}
        if found:
            t = t.assign(area_name=t[area].astype(str).map(found).fillna(t[area].astype(str)))
    return [(str(i), part.reset_index(drop=True)) for i, part in t.groupby("indicator", sort=False)]


def _indicator_names() -> dict[str, str]:
    # deferred: saves 70 ms at import of ctie_helpers.plots.report
    from ctie_helpers.content import indicators

    return {i.id: i.name for i in indicators()}


def change_heatmap(table: pd.DataFrame, area: str | None, title: str) -> go.Figure:
    """Change in percentage points by area and indicator; flagged areas marked with an arrow."""
    t = table.assign(d=_numbers(table["pct_change"]))
    x = area if area else "indicator"
    grid = t.pivot_table(index="indicator", columns=x, values="d", aggfunc="first", dropna=False)
    flags = t.pivot_table(index="indicator", columns=x, values="flag", aggfunc="first", dropna=False)
    text = flags.reindex_like(grid).fillna("").map(lambda f: {"increase": "▲", "decrease": "▼"}.get(f, ""))
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=[str(c) for c in grid.columns], y=list(grid.index),
                               colorscale="RdBu", reversescale=True, zmid=0, text=text.to_numpy(),
                               texttemplate="%{text}", colorbar=dict(title="points"),
                               hovertemplate="%{y} in %{x}: %{z:+.1f} points<extra></extra>"))
    fig.update_layout(title=title, height=160 + 40 * len(grid), **_LAYOUT)
    ups = int((flags == "increase").sum().sum())
    downs = int((flags == "decrease").sum().sum())
    return with_alt(fig, _grid_text(grid, "change in percentage points", " points", "largest rise", "largest fall")
                    .rstrip(".") + f"; {ups} flagged increase{'s' if ups != 1 else ''} (▲), {downs} flagged "
                    f"decrease{'s' if downs != 1 else ''} (▼).")


def interval_chart(table: pd.DataFrame, title: str) -> go.Figure:
    """Survey estimates with their 95% intervals (design effect in the hover text)."""
    t = table.assign(p=_numbers(table["percent"]), lo=_numbers(table["percent_low"]),
                         hi=_numbers(table["percent_high"]))
    t = _latest(t[t["p"].notna()])
    deff = _numbers(t["deff"]) if "deff" in t else pd.Series(float("nan"), index=t.index)
    fig = go.Figure(go.Scatter(x=t["p"], y=t["indicator"], mode="markers", marker=dict(size=11, color="#0d47a1"),
                               error_x=dict(type="data", symmetric=False, array=t["hi"] - t["p"],
                                            arrayminus=t["p"] - t["lo"]),
                               customdata=deff, hovertemplate="%{y}: %{x:.1f}% (deff %{customdata:.2f})<extra></extra>"))
    fig.update_layout(title=title, xaxis_title="percent (95% interval)", yaxis=dict(autorange="reversed"),
                      height=160 + 34 * len(t), **_LAYOUT)
    return with_alt(fig, f"Survey estimates of {len(t)} indicators in percent with 95% intervals: "
                         f"{extremes(t['indicator'].tolist(), t['p'].tolist(), unit='%')}.")


def capture_chart(table: pd.DataFrame, lists: list[str], title: str) -> go.Figure:
    """Bars: people seen by each combination of lists (suppressed combinations drawn as empty)."""
    t = table
    labels = [" + ".join(c for c in lists if str(row[c]) == "1") for _, row in t.iterrows()]
    fig = go.Figure(go.Bar(x=labels, y=_numbers(t["count"]), marker_color="#0d47a1",
                           hovertemplate="seen by %{x}: %{y} people<extra></extra>"))
    fig.update_layout(title=title, xaxis_title="lists that recorded the person", yaxis_title="people",
                      height=420, **_LAYOUT)
    counts = _numbers(t["count"])
    hidden = int(counts.isna().sum())
    return with_alt(fig, f"Bar chart of people by the combination of lists that recorded them, {len(t)} "
                         f"combinations: {extremes(labels, counts.tolist(), high='most seen by', low='fewest by')}"
                         + (f"; {hidden} suppressed." if hidden else "."))


def models_chart(table: pd.DataFrame, observed: float, title: str) -> go.Figure:
    """Estimate and 95% interval of every model compared; the chosen one highlighted."""
    t = table.assign(e=_numbers(table["estimate"]), lo=_numbers(table["estimate_low"]),
                         hi=_numbers(table["estimate_high"]))
    colours = ["#c62828" if bool(c) else "#0d47a1" for c in t["chosen"]]
    shapes = ["diamond" if bool(c) else "circle" for c in t["chosen"]]  # the shape says it too, not colour alone
    fig = go.Figure(go.Scatter(x=t["e"], y=t["model"], mode="markers",
                               marker=dict(size=10, color=colours, symbol=shapes),
                               error_x=dict(type="data", symmetric=False, array=t["hi"] - t["e"],
                                            arrayminus=t["e"] - t["lo"]),
                               hovertemplate="%{y}: %{x:,.0f}<extra></extra>"))
    fig.add_vline(x=observed, line_dash="dash", line_color="#757575",
                  annotation_text=f"seen by any list {observed:,.0f}", annotation_position="bottom right")
    fig.update_layout(title=title, xaxis_title="people", yaxis=dict(autorange="reversed", automargin=True),
                      height=160 + 28 * len(t), **_LAYOUT)
    chosen = [f"{m}, {number(e)} (95% interval {number(lo)} to {number(hi)})"
              for m, e, lo, hi, c in zip(t["model"], t["e"], t["lo"], t["hi"], t["chosen"], strict=True) if bool(c)]
    return with_alt(fig, f"Population-size estimates of {len(t)} models with 95% intervals: "
                         f"{extremes(t['model'].tolist(), t['e'].tolist())}; {number(observed)} people seen by any "
                         "list" + (f"; the chosen model (red diamond) is {chosen[0]}." if chosen else "."))
