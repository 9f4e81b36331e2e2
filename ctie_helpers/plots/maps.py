"""Choropleth maps by admin area, offline, each with a short text alternative.

The map draws only the analyst's boundaries: plotly's ``go.Choropleth`` with ``geojson=`` and
``featureidkey`` on the p-code property, the base map hidden (``geo.visible=False``) and the view fitted to
the areas (``fitbounds="locations"``), so no topojson, tile or Mapbox style is ever fetched. Values come
already gated: withheld cells (blank, ``<5``, ``x``) are drawn grey and counted in the text.
"""

from __future__ import annotations

import copy

import pandas as pd
import plotly.graph_objects as go

__all__ = ["OFFLINE_GEO_SCRIPT", "OFFLINE_TOPOJSON_URL", "choropleth", "choropleth_text", "offline_html", "rewind_for_plotly"]


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring[:-1], ring[1:], strict=True))


def rewind_for_plotly(geojson: dict) -> dict:
    """A copy whose exterior rings run clockwise (holes counter-clockwise), as plotly's d3-geo expects.

    RFC 7946 files (most COD boundaries) wind the other way, which d3 reads as "the whole globe but this
    area". The input is never modified.
    """
    out = copy.deepcopy(geojson)
    for feature in out.get("features", []):
        geom = feature.get("geometry") or {}
        polygons = ([geom["coordinates"]] if geom.get("type") == "Polygon"
                    else geom.get("coordinates", []) if geom.get("type") == "MultiPolygon" else [])
        for poly in polygons:
            for k, ring in enumerate(poly):
                clockwise = _signed_area(ring) < 0
                if clockwise != (k == 0):
                    ring.reverse()
    return out


def _numbers(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.astype("string").str.strip().replace({"": None}), errors="coerce")


def choropleth_text(table: pd.DataFrame, area: str, value: str, what: str, level: str,
                    names: str | None = None, unit: str = "%") -> str:
    """One or two sentences from the same values: highest and lowest area, how many withheld."""
    vals = _numbers(table[value])
    label = table[names] if names and names in table else table[area]
    shown = pd.DataFrame({"label": label.astype(str), "v": vals}).dropna()
    hidden = int(vals.isna().sum())
    tail = f"; {hidden} area{'s' if hidden != 1 else ''} withheld (small counts)" if hidden else ""
    if shown.empty:
        return f"{what} by {level}: every area withheld{tail.replace('; ', ' (').rstrip(')')})."
    hi, lo = shown.loc[shown["v"].idxmax()], shown.loc[shown["v"].idxmin()]
    return (f"{what} by {level}: highest in {hi['label']} ({hi['v']:.4g}{unit}), lowest in {lo['label']} "
            f"({lo['v']:.4g}{unit}), {len(shown)} area{'s' if len(shown) != 1 else ''} shown{tail}.")


def choropleth(table: pd.DataFrame, area: str, value: str, geojson: dict, featureidkey: str, title: str,
               *, names: str | None = None, what: str | None = None, level: str = "area",
               unit: str = "%") -> go.Figure:
    """A choropleth of ``table[value]`` by ``table[area]`` (p-codes) on the given boundaries, offline.

    The text alternative (:func:`choropleth_text`) is in ``fig.layout.meta["alt"]`` and under the map.
    """
    vals = _numbers(table[value])
    label = (table[names] if names and names in table else table[area]).astype(str)
    gj = rewind_for_plotly(geojson)
    fig = go.Figure()
    # Every area first in grey, so withheld and missing areas still show as land, then the values.
    every = [str(f["properties"].get(featureidkey.removeprefix("properties."))) for f in gj["features"]]
    fig.add_trace(go.Choropleth(geojson=gj, featureidkey=featureidkey, locations=every, z=[0] * len(every),
                                colorscale=[[0, "#e0e0e0"], [1, "#e0e0e0"]], showscale=False,
                                hoverinfo="skip", marker_line_color="white"))
    keep = vals.notna().to_numpy()
    fig.add_trace(go.Choropleth(
        geojson=gj, featureidkey=featureidkey, locations=table[area].astype(str)[keep], z=vals[keep],
        text=label[keep], colorscale="Oranges", marker_line_color="white", colorbar=dict(title=unit),
        hovertemplate="%{text}: %{z:.4g}" + unit + "<extra></extra>"))
    alt = choropleth_text(table, area, value, what or title, level, names=names, unit=unit)
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", showframe=False)
    fig.update_layout(title=title, meta={"alt": alt}, height=480, margin=dict(l=10, r=10, t=60, b=60),
                      annotations=[dict(text=alt, x=0, y=-0.08, xref="paper", yref="paper", showarrow=False,
                                        xanchor="left", font=dict(size=11))])
    return fig


#: plotly.js fetches the world topojson from its CDN for any geo subplot whose trace has a
#: ``locationmode``, and a choropleth with ``geojson=`` always has one ("geojson-id"), even with the
#: base map hidden. Seeding an empty topology under the name it would fetch ("world_110m": scope world,
#: resolution 110) keeps the page offline; nothing of it is drawn since every base-map layer is off.
OFFLINE_GEO_SCRIPT = ("window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
                      "window.PlotlyGeoAssets.topojson['world_110m'] = "
                      "window.PlotlyGeoAssets.topojson['world_110m'] || {type: 'Topology', objects: {}, arcs: []};")


#: Where no script can run first (a figure drawn by the JupyterLab/Voilà plotly extension), the same empty
#: topology as plotly's ``topojsonURL`` config: plotly.js appends "world_110m.json", which lands in the
#: data URL's fragment, so the "fetch" reads the URL itself and never leaves the page.
OFFLINE_TOPOJSON_URL = "data:application/json,%7B%22type%22%3A%22Topology%22%2C%22objects%22%3A%7B%7D%2C%22arcs%22%3A%5B%5D%7D#"


def offline_html(fig: go.Figure, *, full_html: bool = False, include_plotlyjs: bool | str = False) -> str:
    """The figure's HTML with :data:`OFFLINE_GEO_SCRIPT` before it, so no topojson is requested."""
    return (f"<script>{OFFLINE_GEO_SCRIPT}</script>"
            + fig.to_html(full_html=full_html, include_plotlyjs=include_plotlyjs))
