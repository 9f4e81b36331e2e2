"""Population-size (MSE) lab: paste or upload a capture-history table, choose a model, see N and its interval.

Session 1 (global estimates) meets multiple systems estimation on the synthetic ``service_lists`` table;
an analyst brings their own overlap table (one 0/1 column per list and a count column, or one row per
person). :func:`ctie_helpers.analysis.mse.estimate_population` does the work; this module only wires
widgets to it.
"""

from __future__ import annotations

import html
from itertools import combinations

import ipywidgets as widgets
import pandas as pd

from ctie_helpers.analysis.mse import (
    PopulationEstimate,
    detect_count_column,
    estimate_population,
    is_count_name,
)
from ctie_helpers.apps.ui import FigureSlot, Status, guard, header, note, section, table_html
from ctie_helpers.apps.upload import first_upload, load_bytes, load_pasted
from ctie_helpers.data import dataset, load
from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n import format_number
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.plots import session1 as p1

__all__ = ["MseLab", "build_mse"]

EXAMPLE = "Example: service_lists (synthetic, four agency lists)"
PASTE = "Paste a table"
UPLOAD = "Upload a file"
PER_PERSON = "(each row is one person)"
MODELS = {"Stepwise, as SparseMSE (automatic)": ("auto", "stepwise"), "Best by AIC": ("auto", "aic"),
          "Best by BIC": ("auto", "bic"), "Independence": ("independence", "stepwise"),
          "Chapman (two lists only)": ("chapman", "stepwise"), "Choose interactions": ("custom", "stepwise")}
CONFIDENCE = {"90%": 0.10, "95%": 0.05, "99%": 0.01}


def _example() -> tuple[pd.DataFrame, float | None]:
    return load("service_lists"), dataset("service_lists").metadata.get("true_population")


def _example_text() -> str:
    table, _ = _example()
    return table.to_csv(index=False)  # the paste box's example, not an export


def _guess_count(df: pd.DataFrame) -> str:
    """The count column as the estimator detects it; one row per person when every column is 0/1."""
    binary = [c for c in df.columns if set(pd.to_numeric(df[c], errors="coerce").dropna().unique()) <= {0, 1}]
    named = any(is_count_name(c) for c in df.columns)
    if len(binary) == len(df.columns) and not named:
        return PER_PERSON
    try:
        return detect_count_column(df)[0]
    except ValueError:  # ambiguous: the analyst chooses in the dropdown
        return str(df.columns[-1])


class MseLab(widgets.VBox):
    """The MSE lab. Controls: ``source``, ``paste``, ``upload``, ``count``, ``lists``, ``model``,
    ``interactions``, ``confidence``. Results: ``result`` (the last estimate), ``summary``, ``models``,
    ``figure`` (estimate with interval) and ``histories`` (bar chart of the table), :class:`FigureSlot` s."""

    def __init__(self) -> None:
        self.status = Status()
        self.source = widgets.ToggleButtons(options=[EXAMPLE, PASTE, UPLOAD], value=EXAMPLE,
                                            style={"button_width": "auto"})
        self.paste = widgets.Textarea(value=_example_text(), rows=8, layout={"width": "420px"},
                                      placeholder="list_a,list_b,count\n1,0,120\n0,1,80\n1,1,20")
        self.upload = widgets.FileUpload(accept=".csv,.tsv,.txt,.xlsx", multiple=False,
                                         description="Choose file")
        self.count = widgets.Dropdown(description="Count column", style={"description_width": "110px"})
        self.lists = widgets.SelectMultiple(description="Lists", rows=5, style={"description_width": "110px"})
        self.model = widgets.Dropdown(options=list(MODELS), description="Model",
                                      style={"description_width": "110px"})
        self.interactions = widgets.SelectMultiple(description="Interactions", rows=4,
                                                   style={"description_width": "110px"})
        self.confidence = widgets.Dropdown(options=list(CONFIDENCE), value="95%", description="Interval",
                                           style={"description_width": "110px"})
        self.summary = widgets.HTML()
        self.models = widgets.HTML()
        self.figure = FigureSlot()
        self.histories = FigureSlot()
        self.result: PopulationEstimate | None = None
        self._table: pd.DataFrame | None = None
        self._true_size: float | None = None
        inputs = widgets.VBox([self.source, self.paste, self.upload])
        choices = widgets.VBox([self.count, self.lists, self.model, self.interactions, self.confidence])
        super().__init__([
            header("Population-size (MSE) lab",
                   "How many people are there, counting those no list recorded? Give the overlap of two or "
                   "more lists (police, shelters, hotlines...) and see the multiple systems estimate."),
            section("1. The lists", inputs,
                    note("One 0/1 column per list and a count column, or one row per person. "
                         "Pasted text and uploads stay in this session's memory.")),
            section("2. The model", choices), self.status,
            section("3. The estimate", self.summary, self.figure),
            section("Models compared", self.models), section("The data", self.histories),
        ], layout={"padding": "4px 12px"})
        self.add_class("ctie-app")
        self._on_source = guard(self.status)(self._load)
        self._on_change = guard(self.status)(self._estimate)
        self.source.observe(lambda _: self._on_source(), "value")
        self.paste.observe(lambda _: self.source.value == PASTE and self._on_source(), "value")
        self.upload.observe(lambda _: self._upload_chosen(), "value")
        for w in (self.count, self.lists, self.model, self.interactions, self.confidence):
            w.observe(lambda _: self._on_change(), "value")
        self._on_source()

    # --- loading -----------------------------------------------------------------------------------
    def _upload_chosen(self) -> None:
        if self.source.value != UPLOAD:
            self.source.value = UPLOAD  # observing source loads it
        else:
            self._on_source()

    def _load(self) -> None:
        self.paste.layout.display = None if self.source.value == PASTE else "none"
        self.upload.layout.display = None if self.source.value == UPLOAD else "none"
        self._table, self._true_size = None, None
        if self.source.value == EXAMPLE:
            self._table, self._true_size = _example()
        elif self.source.value == PASTE:
            self._table = load_pasted(self.paste.value)
        else:
            upload = first_upload(self.upload.value)
            if upload is None:
                self._show_empty("Choose a CSV or XLSX file with the capture histories.")
                return
            self._table = load_bytes(upload)
        cols = [str(c) for c in self._table.columns if not str(c).endswith("_censored")]
        count = _guess_count(self._table[cols])
        with self.hold_trait_notifications():
            self._updating = True
            self.count.options = [PER_PERSON, *cols]
            self.count.value = count
            self.lists.options = [c for c in cols if c != count]
            self.lists.value = tuple(c for c in cols if c != count)
            self._updating = False
        self._estimate()

    def _show_empty(self, message: str) -> None:
        self.result = None
        self.summary.value = self.models.value = ""
        self.status.show(message, "info")

    def _capture_table(self) -> tuple[pd.DataFrame, list[str], int]:
        """The table over the chosen lists, histories summed; also how many people only other lists saw."""
        source = self._table
        assert source is not None  # the caller returns early while no table is loaded
        lists = list(self.lists.value)
        if len(lists) < 2:
            raise BadValueError("choose at least two lists")
        if self.count.value in lists:
            raise BadValueError(f"'{self.count.value}' is chosen both as the count and as a list")
        table = source[lists].apply(pd.to_numeric, errors="coerce")
        if self.count.value == PER_PERSON:
            table = table.assign(count=1)
        else:
            table = table.assign(count=pd.to_numeric(source[self.count.value], errors="coerce"))
            bad = table["count"].isna() & source[self.count.value].notna()
            if bad.any():
                raise BadValueError(f"count column '{self.count.value}' must hold whole numbers; row "
                                 f"{int(bad.to_numpy().nonzero()[0][0]) + 2} has "
                                 f"{source[self.count.value][bad].iloc[0]!r}")
        for c in lists:
            odd = ~table[c].isin([0, 1])
            if odd.any():
                raise BadValueError(f"list column '{c}' must hold only 0 and 1; row {int(odd.to_numpy().nonzero()[0][0]) + 2} "
                                 f"has {source[c][odd].iloc[0]!r}")
        table = table.groupby(lists).agg(count=("count", "sum")).reset_index()
        # With a subset of the lists, people seen only by the others have an all-zero history here: they are
        # not part of this estimate (MSE estimates them as the unseen), so they are left out and reported.
        unseen = (table[lists].sum(axis=1) == 0)
        others = int(table.loc[unseen, "count"].sum())
        return table[~unseen].reset_index(drop=True), lists, others

    # --- estimating --------------------------------------------------------------------------------
    def _estimate(self) -> None:
        if getattr(self, "_updating", False) or self._table is None:
            return
        table, lists, others = self._capture_table()
        pairs = [f"{a}:{b}" for a, b in combinations(lists, 2)]
        if list(self.interactions.options) != pairs:
            self._updating = True  # new options reset the selection: no estimate for that intermediate state
            try:
                self.interactions.options = pairs
            finally:
                self._updating = False
        model, method = MODELS[self.model.value]
        self.interactions.layout.display = None if model == "custom" else "none"
        if model == "custom":
            model = " + ".join(self.interactions.value) or "independence"
        alpha = CONFIDENCE[self.confidence.value]
        res = estimate_population(table, count="count", lists=lists, model=model, alpha=alpha, method=method)
        self.result = res
        level = self.confidence.value
        n = {"estimate": format_number(round(res.estimate)), "level": level, "model": res.model,
             "lower": format_number(round(res.lower)), "upper": format_number(round(res.upper)),
             "selection": res.selection, "column": self.count.value, "observed": format_number(res.observed),
             "lists": res.n_lists, "unobserved": format_number(round(res.unobserved))}
        n = {k: html.escape(str(v)) for k, v in n.items()}
        self.summary.value = (
            '<div class="ctie-big">' + _("%(estimate)s people") % n + "</div><div>"
            + _("%(level)s interval %(lower)s to %(upper)s; model <b>%(model)s</b> (%(selection)s selection; counts "
                "from column <b>%(column)s</b>). %(observed)s were seen by at least one of %(lists)s lists, so "
                "about %(unobserved)s were seen by none.") % n + "</div>"
            + ('<div class="ctie-note">' + _("The synthetic data were generated with a true size of %(size)s.")
               % {"size": format_number(round(self._true_size))} + "</div>" if self._true_size else "")
            + '<div class="ctie-note">' + _("MSE assumes a closed population, lists that can be matched without "
                                            "error, and the dependence between lists captured by the model; check "
                                            "them before quoting N.") + "</div>")
        shown = res.models_compared.copy()
        for c in ("estimate", "lower", "upper"):
            shown[c] = shown[c].round(0)
        for c in ("deviance", "aic", "bic", "expected"):
            if c in shown:
                shown[c] = shown[c].round(2)
        if "p_value" in shown:
            shown["p_value"] = shown["p_value"].map(lambda p: "" if pd.isna(p) else f"{p:.2g}")
        self.models.value = table_html(shown)
        fig = p1.mse_comparison({"estimate": res}, true_size=self._true_size, observed=res.observed)
        fig.update_layout(title=f"Estimate and {level} interval", height=260)
        self.figure.show(fig)
        self.histories.show(p1.capture_histories(table, lists, "count"))
        left_out = (f" {others:,} people seen only by lists not chosen are left out." if others else "")
        self.status.show(f"Estimated from {len(table)} capture histories over {len(lists)} lists.{left_out}",
                         "info")


def build_mse() -> MseLab:
    """The population-size (MSE) lab, ready to display."""
    return MseLab()
