"""Indicator dashboard: pick a dataset (synthetic or your own file), an indicator, a level, an admin area and
a round; the bar chart (or, by admin area, a map) and the table update. Every number shown has passed the safeguards gate.

Session 4 (indicators). The arithmetic is :mod:`ctie_helpers.apps.indicator_data`; an uploaded file is
read by the tolerant loader and matched to the registry by HXL hashtag, then by name
(:func:`ctie_helpers.data.mapping.map_columns`).
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ctie_helpers.apps.indicator_data import (
    ADMIN,
    IndicatorTable,
    area_names,
    available,
    breakdowns,
    compute,
    map_table,
    map_upload,
)
from ctie_helpers.apps.ui import FigureSlot, Status, guard, header, note, section, table_html
from ctie_helpers.apps.upload import first_upload, load_bytes
from ctie_helpers.content import indicator, levels
from ctie_helpers.data import load
from ctie_helpers.data.boundaries import ardania_boundaries, match_level, parse_geojson
from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n.catalog import N_
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.plots.maps import choropleth

__all__ = ["IndicatorDashboard", "build_indicators"]

SYNTHETIC = {"Site assessment, two rounds (synthetic)": "sites_assessment",
             "Household survey (synthetic)": "household_survey",
             "Flow monitoring, two rounds (synthetic)": "flow_monitoring"}
UPLOADED = "uploaded"
ALL_LEVELS = N_("All levels")
ALL_AREAS = N_("All of the country")
COMPARE = "compare"
CHART, MAP = "Chart", "Map"
_W = {"description_width": "110px"}


class IndicatorDashboard(widgets.VBox):
    """The dashboard. Controls: ``dataset``, ``upload``, ``level``, ``indicator``, ``area``, ``by``,
    ``round``, ``show_as`` (chart or map, by admin area), ``boundaries_upload`` (a GeoJSON; Ardania's by
    default). Results: ``current`` (the :class:`~ctie_helpers.apps.indicator_data.IndicatorTable`),
    ``figure`` (bar chart), ``table`` (the gated table as HTML), ``definition``."""

    def __init__(self) -> None:
        self.status = Status()
        self.dataset = widgets.Dropdown(options=list(SYNTHETIC.items()), description="Dataset", style=_W,
                                        layout={"width": "480px"})
        self.upload = widgets.FileUpload(accept=".csv,.tsv,.txt,.xlsx", multiple=False,
                                         description="Use my file")
        self.level = widgets.Dropdown(description="Level", style=_W)
        self.indicator = widgets.Dropdown(description="Indicator", style=_W, layout={"width": "640px"})
        self.area = widgets.Dropdown(description="Admin area", style=_W)
        self.by = widgets.Dropdown(description="Break down by", style=_W)
        self.round = widgets.Dropdown(description="Round", style=_W)
        self.show_as = widgets.ToggleButtons(options=[CHART, MAP], value=CHART, description="Show as", style=_W)
        self.boundaries_upload = widgets.FileUpload(accept=".geojson,.json", multiple=False,
                                                    description="My boundaries")
        self._geojson: tuple[dict, str] | None = None  # an uploaded GeoJSON and its file name
        self.definition = widgets.HTML()
        self.figure = FigureSlot()
        self.table = widgets.HTML()
        self.current: IndicatorTable | None = None
        self.data: pd.DataFrame | None = None
        self._frames: dict[str, pd.DataFrame] = {}
        self._upload_name: str | None = None
        self._quiet = False
        super().__init__([
            header("Indicator dashboard",
                   "CTiE indicators from the registry (illustrative, adapted from IOM practice), by area and "
                   "round. Counts below the threshold are suppressed (with complementary cells) before anything "
                   "is shown, as in any report."),
            section("1. Data", widgets.HBox([self.dataset, self.upload]),
                    note("Your own file: CSV or XLSX with columns named or HXL-tagged as in the indicator "
                         "registry. It stays in this session's memory.")),
            section("2. Indicator", self.level, self.indicator, self.definition,
                    widgets.HBox([self.area, self.round]), self.by,
                    widgets.HBox([self.show_as, self.boundaries_upload]),
                    note("Map: by admin area, on Ardania's fictional boundaries, or on your GeoJSON (e.g. an OCHA "
                         "COD boundary file) whose properties hold the data's P-codes.")),
            self.status, section("3. Result", self.figure, self.table),
        ], layout={"padding": "4px 12px"})
        self.add_class("ctie-app")
        g = guard(self.status)
        self.dataset.observe(lambda _: not self._quiet and g(self._load)(), "value")
        self.upload.observe(lambda change: g(self._uploaded)(change["new"]), "value")
        self.level.observe(lambda _: not self._quiet and g(self._fill_indicators)(), "value")
        self.indicator.observe(lambda _: not self._quiet and g(self._fill_breakdowns)(), "value")
        self.boundaries_upload.observe(lambda change: g(self._boundaries_uploaded)(change["new"]), "value")
        for w in (self.area, self.by, self.round, self.show_as):
            w.observe(lambda _: not self._quiet and g(self.update)(), "value")
        g(self._load)()

    # --- data ----------------------------------------------------------------------------------------
    def _uploaded(self, value) -> None:
        upload = first_upload(value)
        if upload is None:
            return
        self.upload.value = ()  # keep one copy of the bytes at most, and none in the page
        mapped, inds = map_upload(load_bytes(upload))
        self._frames[UPLOADED] = mapped
        self._upload_name = upload.name
        options = [*SYNTHETIC.items(), (f"My file: {upload.name}", UPLOADED)]
        self._quiet = True
        try:
            self.dataset.options = options
            self.dataset.value = UPLOADED
        finally:
            self._quiet = False
        self._load()
        self.status.show(f"{upload.name}: {len(mapped):,} rows; {len(inds)} indicator(s) can be computed.", "info")

    def _boundaries_uploaded(self, value) -> None:
        upload = first_upload(value)
        if upload is None:
            return
        self.boundaries_upload.value = ()
        self._geojson = (parse_geojson(upload.content, upload.name), f"{Path(upload.name).stem} (GeoJSON)")
        self.show_as.value = MAP  # redraws (observer) when it was on the chart
        self.update()

    def _load(self) -> None:
        name = self.dataset.value
        if name not in self._frames:
            self._frames[name] = load(name)
        self.data = self._frames[name]
        inds = available(self.data, None if name == UPLOADED else name)
        present = {lv for i in inds for lv in i.levels}
        self._quiet = True
        try:
            self.level.options = [(_(ALL_LEVELS), ALL_LEVELS)] + [(lv.name, lv.key) for lv in levels() if lv.key in present]
            self.level.value = ALL_LEVELS
            areas = []
            if "admin1_pcode" in self.data.columns:
                codes = self.data[["admin1_pcode"]].dropna().drop_duplicates().sort_values("admin1_pcode")
                areas = list(zip(area_names(codes, "admin1_pcode"), codes["admin1_pcode"], strict=True))
            self.area.options = [(_(ALL_AREAS), "")] + areas
            self.area.value = ""
            self.area.layout.display = None if areas else "none"
            rounds = sorted(self.data["round"].dropna().unique().tolist()) if "round" in self.data.columns else []
            opts = [(_("Round %(round)s") % {"round": f"{r:g}" if isinstance(r, (int, float)) else r}, r)
                    for r in rounds]
            if len(rounds) > 1:
                opts.append((_("Compare first and last (rounds %(first)s and %(last)s)")
                             % {"first": f"{rounds[0]:g}", "last": f"{rounds[-1]:g}"}
                             if isinstance(rounds[0], (int, float)) else _("Compare first and last"), COMPARE))
            self.round.options = opts or [(_("(one round)"), "")]
            self.round.value = rounds[-1] if rounds else ""
            self.round.layout.display = None if rounds else "none"
        finally:
            self._quiet = False
        self._fill_indicators()

    def _fill_indicators(self) -> None:
        name = self.dataset.value
        inds = available(self.data, None if name == UPLOADED else name)
        if self.level.value != ALL_LEVELS:
            inds = [i for i in inds if self.level.value in i.levels]
        self._quiet = True
        try:
            previous = self.indicator.value
            self.indicator.options = [(f"{i.id} {_(i.name)}", i.id) for i in inds]
            ids = [i.id for i in inds]
            self.indicator.value = previous if previous in ids else (ids[0] if ids else None)
        finally:
            self._quiet = False
        self._fill_breakdowns()

    def _fill_breakdowns(self) -> None:
        if self.indicator.value is None:
            raise BadValueError("no indicator of this level can be computed from this dataset")
        ind = indicator(self.indicator.value)
        ways = breakdowns(self.data, ind)
        if not ways:
            raise BadValueError(f"{ind.id} has no admin area or disaggregation column in this dataset")
        self._quiet = True
        try:
            previous = self.by.value
            self.by.options = [(w if w == ADMIN else w.replace("_", " "), w) for w in ways]
            self.by.value = previous if previous in ways else ways[0]
        finally:
            self._quiet = False
        self.definition.value = (f'<div class="ctie-note"><b>{html.escape(_(ind.name))}</b> ({html.escape(_(ind.unit))}). '
                                 f"{html.escape(_(ind.definition))}</div>")
        self.update()

    # --- result --------------------------------------------------------------------------------------
    def update(self) -> None:
        """Recompute the indicator for the current choices and redraw the chart and the table."""
        if self.indicator.value is None:
            return
        data = self.data
        assert data is not None  # indicators are offered only once a table is loaded
        ind = indicator(self.indicator.value)
        rnd = self.round.value
        rounds = None
        if "round" in data.columns:
            present = sorted(data["round"].dropna().unique().tolist())
            rounds = [present[0], present[-1]] if rnd == COMPARE else [rnd]
        res = compute(data, ind, self.by.value, admin1=self.area.value or None, rounds=rounds)
        self.current = res
        self.show_as.layout.display = None if res.area_codes is not None else "none"
        if self.show_as.value == MAP and res.area_codes is not None:
            self._draw_map(ind, res)
        else:
            self._draw(ind, res)
        shown = res.table.rename(columns={res.count_column: f"{res.count_column} (gated)"})
        self.table.value = table_html(shown, "Blank or '<5': suppressed by the safeguards gate; 'x': hidden so "
                                             "that a suppressed count cannot be worked out from the totals.")
        where = self.area.label if self.area.value else _(ALL_AREAS)
        self.status.show(_("%(indicator)s, %(area)s, %(round)s: %(rows)s rows; %(withheld)s value(s) withheld by "
                           "the gate.") % {"indicator": ind.id, "area": where, "round": self.round.label,
                                           "rows": len(res.table), "withheld": res.suppressed}, "info")

    def _draw(self, ind, res) -> None:
        from ctie_helpers.plots.apps import indicator_bars

        where = self.area.label if self.area.value else _(ALL_AREAS)
        source = f"your file {self._upload_name}" if self.dataset.value == UPLOADED else "synthetic data, Ardania"
        fig = indicator_bars(res.table, res.labels, res.value_column, ind, where, self.round.label, source)
        self.figure.show(fig)


    def _boundaries(self, codes):
        """The uploaded GeoJSON matched to ``codes``, else Ardania's boundaries at the table's level."""
        if self._geojson is not None:
            return match_level(*self._geojson, codes)
        return ardania_boundaries("admin2" if self.current.area_column == "admin2_pcode" else "admin1")

    def _draw_map(self, ind, res) -> None:
        t = map_table(res)
        b = self._boundaries(t["pcode"].dropna())
        where = self.area.label if self.area.value else _(ALL_AREAS)
        rnd = self.round.label if self.round.value != COMPARE else _("last round")
        unit = {"percent": "%", "total": f" {ind.unit}", "rate": f" {ind.unit}", "mean": ""}[res.value_column]
        level = "district (admin2)" if res.area_column == "admin2_pcode" else "province (admin1)"
        fig = choropleth(t, "pcode", "value", b.geojson, b.featureidkey,
                         f"{ind.id}: {_(ind.name)[:70]}<br><sup>"
                         + html.escape(_("%(area)s, %(round)s; boundaries: %(source)s")
                                       % {"area": where, "round": rnd, "source": b.source}) + "</sup>",
                         names="area", what=ind.name, level=level, unit=unit)
        self.figure.show(fig)


def build_indicators() -> IndicatorDashboard:
    """The indicator dashboard, ready to display."""
    return IndicatorDashboard()
