"""Sampling planner: how many interviews, with the design effect and non-response, shared across strata.

Session 5 (methods). The arithmetic is :func:`ctie_helpers.analysis.sampling.sample_size` (one stated
convention: FPC, then DEFF, then non-response, rounded up once at the end) and
:func:`~ctie_helpers.analysis.sampling.allocate`; the strata default to Ardania's admin1 areas with the
displaced population counted in the synthetic site assessment (round 2), and can be replaced by typing
``name, size`` lines.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ctie_helpers.analysis.sampling import SampleSizeResult, allocate, design_effect, sample_size
from ctie_helpers.apps.ui import FigureSlot, Status, guard, header, note, section, table_html
from ctie_helpers.data import load
from ctie_helpers.errors import BadValueError

__all__ = ["SamplingPlanner", "build_sampling", "default_strata", "parse_strata"]

CONFIDENCE = {"90%": 0.90, "95%": 0.95, "99%": 0.99}
# Neyman allocation needs a different expected p per stratum; with one p for all it equals proportional.
METHODS = {"Proportional to size": "proportional", "Equal per stratum": "equal"}
_WIDE = {"description_width": "190px"}


def default_strata() -> str:
    """``name, households`` lines: admin1 areas, displaced people / 5 (about five per household), round 2."""
    sites = load("sites_assessment")
    latest = sites[sites["round"] == sites["round"].max()]
    people = latest.groupby("admin1_name", observed=True)["pop_total"].sum()
    return "\n".join(f"{name}, {int(round(v / 5))}" for name, v in people.items())


def parse_strata(text: str) -> pd.Series:
    """Read ``name, size`` lines (comma, semicolon or tab) into a Series; errors name the line."""
    sizes: dict[str, float] = {}
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        for sep in (",", ";", "\t"):
            if sep in line:
                name, _, size = line.rpartition(sep)
                break
        else:
            raise BadValueError(f"strata line {i} ({line.strip()!r}): write 'name, size'")
        name = name.strip()
        try:
            value = float(size.strip().replace(" ", "").replace("'", ""))
        except ValueError:
            raise BadValueError(f"strata line {i}: size {size.strip()!r} is not a number") from None
        if not name:
            raise BadValueError(f"strata line {i}: the stratum has no name")
        if name in sizes:
            raise BadValueError(f"strata line {i}: stratum {name!r} is listed twice")
        if value <= 0 or value != int(value):
            raise BadValueError(f"strata line {i}: size of {name!r} must be a positive whole number, got {size.strip()}")
        sizes[name] = value
    if not sizes:
        raise BadValueError("list at least one stratum, one 'name, size' per line")
    return pd.Series(sizes, dtype=float)


class SamplingPlanner(widgets.VBox):
    """The sampling planner. Controls: ``p``, ``margin``, ``confidence``, ``population``, ``use_clusters``,
    ``deff``, ``cluster_size``, ``icc``, ``nonresponse``, ``strata``, ``method``. Results: ``result``
    (the :class:`~ctie_helpers.analysis.sampling.SampleSizeResult`), ``allocation`` (Series),
    ``summary``, ``steps``, ``table``, ``figure``."""

    def __init__(self) -> None:
        self.status = Status()
        self.p = widgets.FloatSlider(value=0.5, min=0.01, max=0.99, step=0.01, description="Expected proportion p",
                                     readout_format=".0%", style=_WIDE, layout={"width": "480px"})
        self.margin = widgets.FloatSlider(value=0.05, min=0.01, max=0.20, step=0.005,
                                          description="Margin of error ±", readout_format=".1%", style=_WIDE,
                                          layout={"width": "480px"})
        self.confidence = widgets.Dropdown(options=list(CONFIDENCE), value="95%", description="Confidence",
                                           style=_WIDE)
        self.population = widgets.IntText(value=0, description="Population N (0 = large)", style=_WIDE)
        self.use_clusters = widgets.Checkbox(value=True, description="Cluster sample: DEFF from cluster size and ICC",
                                             indent=False)
        self.deff = widgets.BoundedFloatText(value=1.5, min=1.0, max=20.0, step=0.1, description="Design effect",
                                             style=_WIDE)
        self.cluster_size = widgets.BoundedIntText(value=10, min=1, max=500, description="Interviews per cluster",
                                                   style=_WIDE)
        self.icc = widgets.BoundedFloatText(value=0.05, min=0.0, max=1.0, step=0.01, description="ICC",
                                            style=_WIDE)
        self.nonresponse = widgets.FloatSlider(value=0.10, min=0.0, max=0.6, step=0.01, description="Non-response",
                                               readout_format=".0%", style=_WIDE, layout={"width": "480px"})
        self.strata = widgets.Textarea(value=default_strata(), rows=6, layout={"width": "320px"},
                                       description="Strata", style={"description_width": "60px"})
        self.method = widgets.Dropdown(options=list(METHODS), description="Allocation", style=_WIDE)
        self.summary, self.steps, self.table = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.figure = FigureSlot()
        self.result: SampleSizeResult | None = None
        self.allocation: pd.Series | None = None
        self._busy = False
        super().__init__([
            header("Sampling planner",
                   "How many households to interview so that a proportion is known within the margin you need, "
                   "allowing for clustering (design effect) and for households that cannot be reached."),
            section("1. Precision", self.p, self.margin, self.confidence, self.population,
                    note("p: your best guess of the proportion (50% gives the largest, safest sample).")),
            section("2. Design", self.use_clusters, self.cluster_size, self.icc, self.deff, self.nonresponse),
            self.status, section("3. Sample size", self.summary, self.steps),
            section("4. Allocation across strata", widgets.HBox([self.strata, self.method]), self.table,
                    self.figure),
        ], layout={"padding": "4px 12px"})
        self.add_class("ctie-app")
        update = guard(self.status)(self._update)
        for w in (self.p, self.margin, self.confidence, self.population, self.use_clusters, self.deff,
                  self.cluster_size, self.icc, self.nonresponse, self.strata, self.method):
            w.observe(lambda _: update(), "value")
        update()

    def _design_effect(self) -> float:
        clustered = self.use_clusters.value
        self.cluster_size.layout.display = self.icc.layout.display = None if clustered else "none"
        self.deff.disabled = clustered
        if clustered:
            value = max(1.0, design_effect(self.cluster_size.value, self.icc.value))
            if abs(self.deff.value - value) > 1e-9:
                self._busy = True  # the value is shown, not typed: no second update for it
                try:
                    self.deff.value = round(value, 4)
                finally:
                    self._busy = False
            return value
        return float(self.deff.value)

    def _update(self) -> None:
        if self._busy:
            return
        deff = self._design_effect()
        population = self.population.value or None
        if population is not None and population < 0:
            raise BadValueError("the population cannot be negative (0 means large or unknown)")
        res = sample_size(p=self.p.value, margin=self.margin.value, confidence=CONFIDENCE[self.confidence.value],
                          population=population, deff=deff, nonresponse=self.nonresponse.value)
        self.result = res
        clusters = ""
        if self.use_clusters.value:
            k = -(-res.n // self.cluster_size.value)
            clusters = f" in about {k} clusters of {self.cluster_size.value}"
        self.summary.value = (f'<div class="ctie-big">{res.n:,} interviews</div><div>to estimate p = {res.p:.0%} '
                              f"within ±{res.margin:.1%} at {self.confidence.value} confidence{clusters}; "
                              f"design effect {deff:.2f}, non-response {res.nonresponse:.0%}.</div>")
        steps = res.steps.assign(value=lambda d: d["value"].round(1))
        self.steps.value = table_html(steps, "Each step, unrounded, then rounded up:")
        strata = parse_strata(self.strata.value)
        total = int(strata.sum())
        n = min(res.n, total)
        alloc = allocate(strata, n, method=METHODS[self.method.value])
        self.allocation = alloc
        frame = pd.DataFrame({"stratum": strata.index, "size": strata.astype(int).to_numpy(),
                              "interviews": alloc.to_numpy()})
        frame["share of stratum"] = (frame["interviews"] / frame["size"]).map("{:.1%}".format)
        capped = " The whole population would be interviewed: a census." if n < res.n else ""
        self.table.value = table_html(frame, f"{n:,} interviews over {len(strata)} strata ({self.method.value})."
                                      + capped)
        from ctie_helpers.plots.apps import stratum_bars

        fig = stratum_bars(frame, self.method.value)
        self.figure.show(fig)
        self.status.show(f"Sample size {res.n:,}; allocation updated.", "info")


def build_sampling() -> SamplingPlanner:
    """The sampling planner, ready to display."""
    return SamplingPlanner()
