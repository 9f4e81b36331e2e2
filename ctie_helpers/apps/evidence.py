"""Evidence matrix / secondary data review: tag excerpts against the framework, see the gaps, export.

Session 3 (the CTiE analysis framework). Each excerpt of the synthetic ``secondary_sources`` review is
tagged with the socio-ecological level(s), analysis category(ies) and indicator(s) it informs; the
level x category matrix (:func:`ctie_helpers.methods.evidence.evidence_matrix`) counts excerpts per cell
and averages their reliability, and its empty or weak cells are the gaps. The exported CSV passes the
safeguards gate like every output of the workbook.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ctie_helpers.apps.ui import FigureSlot, Status, download_link, guard, header, note, section, table_html
from ctie_helpers.content import framework, indicators
from ctie_helpers.data import geography, load
from ctie_helpers.data.synthetic.secondary_sources import excerpt_text
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.methods.evidence import EvidenceMatrix, evidence_matrix
from ctie_helpers.plots.session3 import evidence_heatmap
from ctie_helpers.safeguards.formulas import csv_text
from ctie_helpers.safeguards.gate import gate

__all__ = ["EvidenceReview", "build_evidence"]

REFERENCE = "Reference tags (the course's answer)"
BLANK = "Blank: tag the excerpts yourself"
ALL_AREAS = "All of Ardania"


def _split(value: object) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ()
    return tuple(p.strip() for p in str(value).split(";") if p.strip())


class EvidenceReview(widgets.VBox):
    """The evidence-matrix app. Controls: ``start``, ``area``, ``excerpt``, ``previous``, ``next``,
    ``levels``, ``categories``, ``indicators``, ``export_button``. State: ``tags`` (excerpt id ->
    {"levels", "categories", "indicators"}). Results: ``matrix``, ``figure`` (heatmap), ``gaps``,
    ``download`` (the link to the gated CSV), ``export_table`` (what the CSV holds)."""

    def __init__(self) -> None:
        self.sources = load("secondary_sources").reset_index(drop=True)
        self.status = Status()
        self.tags: dict[str, dict[str, tuple[str, ...]]] = {}
        self.start = widgets.ToggleButtons(options=[REFERENCE, BLANK], value=REFERENCE,
                                           style={"button_width": "auto"})
        areas = sorted({a for a in self.sources["admin1_pcode"].dropna()})
        self.area = widgets.Dropdown(options=[(ALL_AREAS, "")] + [(f"{geography.admin1_name(a)} ({a})", a)
                                                                   for a in areas],
                                     description="Area", style={"description_width": "70px"})
        self.excerpt = widgets.Dropdown(description="Excerpt", layout={"width": "520px"},
                                        style={"description_width": "70px"},
                                        options=[(f"{r.excerpt_id}: {r.source}", r.excerpt_id)
                                                 for r in self.sources.itertuples()])
        self.previous = widgets.Button(description="◀ Previous", layout={"width": "110px"})
        self.next = widgets.Button(description="Next ▶", layout={"width": "110px"})
        self.text = widgets.HTML()
        self.levels = widgets.SelectMultiple(options=[(lv.name, lv.key) for lv in framework.levels()], rows=4,
                                             description="Level(s)", style={"description_width": "80px"})
        self.categories = widgets.SelectMultiple(options=[(c.name, c.key) for c in framework.categories()],
                                                 rows=5, description="Category", style={"description_width": "80px"})
        self.indicators = widgets.SelectMultiple(
            options=[(f"{i.id} {_(i.name)[:60]}", i.id) for i in indicators()], rows=6,
            description="Indicator(s)", layout={"width": "520px"}, style={"description_width": "80px"})
        self.progress = widgets.HTML()
        self.figure = FigureSlot()
        self.gaps = widgets.HTML()
        self.export_button = widgets.Button(description="Prepare CSV of the matrix", button_style="primary",
                                            layout={"width": "240px"})
        self.download = widgets.HTML()
        self.matrix: EvidenceMatrix | None = None
        self.export_table: pd.DataFrame | None = None
        self._loading = False
        super().__init__([
            header("Evidence matrix: secondary data review",
                   "Tag what each source says against the CTiE analysis framework (level × category, and the "
                   "indicators it informs). Cells with no evidence, or only weak sources, are the gaps that "
                   "justify collecting new data."),
            section("1. Start from", self.start, self.area),
            section("2. Tag the excerpts", widgets.HBox([self.excerpt, self.previous, self.next]), self.text,
                    widgets.HBox([self.levels, self.categories]), self.indicators, self.progress),
            self.status,
            section("3. The matrix", self.figure, self.gaps),
            section("4. Export", self.export_button, self.download,
                    note("The CSV passes the safeguards gate (identifiers blocked). Cells count excerpts of "
                         "published reports, not people, so no small-cell suppression applies (threshold 1).")),
        ], layout={"padding": "4px 12px"})
        self.add_class("ctie-app")
        g = guard(self.status)
        self.start.observe(lambda _: g(self._restart)(), "value")
        self.area.observe(lambda _: g(self._refresh)(), "value")
        self.excerpt.observe(lambda _: g(self._show_excerpt)(), "value")
        self.previous.on_click(lambda _: g(self._step)(-1))
        self.next.on_click(lambda _: g(self._step)(1))
        for w in (self.levels, self.categories, self.indicators):
            w.observe(lambda _: g(self._retag)(), "value")
        self.export_button.on_click(lambda _: g(self.export)())
        g(self._restart)()

    # --- tagging -----------------------------------------------------------------------------------
    def _restart(self) -> None:
        self.tags = {}
        if self.start.value == REFERENCE:
            for r in self.sources.itertuples():
                self.tags[r.excerpt_id] = {"levels": _split(r.level), "categories": _split(r.category),
                                           "indicators": _split(r.indicator_ids)}
        self._show_excerpt()

    def _step(self, delta: int) -> None:
        ids = [v for _, v in self.excerpt.options]
        i = ids.index(self.excerpt.value) + delta
        self.excerpt.value = ids[max(0, min(len(ids) - 1, i))]

    def _show_excerpt(self) -> None:
        import html

        row = self.sources.loc[self.sources["excerpt_id"] == self.excerpt.value].iloc[0]
        date = row["publication_date"].date() if pd.notna(row["publication_date"]) else _("undated")
        area = row["admin2_pcode"] if pd.notna(row["admin2_pcode"]) else row["admin1_pcode"]
        # the data are English; the excerpt is shown in the language in force through the generator's templates
        note = _("%(source)s (%(type)s, %(date)s), area %(area)s, reliability %(reliability)s of 3") % {
            "source": row["source"], "type": row["source_type"], "date": date, "area": area,
            "reliability": row["reliability"]}
        self.text.value = (f'<blockquote style="margin:6px 0;padding:6px 10px;border-left:4px solid #90caf9">'
                           f'{html.escape(excerpt_text(str(row["text"])))}</blockquote><div class="ctie-note">'
                           f'{html.escape(note)}</div>')
        tag = self.tags.get(self.excerpt.value, {})
        self._loading = True
        try:
            self.levels.value = tag.get("levels", ())
            self.categories.value = tag.get("categories", ())
            self.indicators.value = tuple(i for i in tag.get("indicators", ())
                                          if i in {v for _, v in self.indicators.options})
        finally:
            self._loading = False
        self._refresh()

    def _retag(self) -> None:
        if self._loading:
            return
        self.tags[self.excerpt.value] = {"levels": tuple(self.levels.value),
                                         "categories": tuple(self.categories.value),
                                         "indicators": tuple(self.indicators.value)}
        self._refresh()

    # --- matrix ------------------------------------------------------------------------------------
    def tags_table(self) -> pd.DataFrame:
        """One row per (excerpt, level, category) for the chosen area, as ``evidence_matrix`` reads it."""
        rel = dict(zip(self.sources["excerpt_id"], self.sources["reliability"], strict=True))
        # National sources have no admin1 code (NA): they count for "all of Ardania" only.
        area = dict(zip(self.sources["excerpt_id"], self.sources["admin1_pcode"].fillna(""), strict=True))
        rows = [{"excerpt_id": eid, "level": lv, "category": cat, "indicator": ";".join(t["indicators"]) or pd.NA,
                 "reliability": rel[eid]}
                for eid, t in self.tags.items() if not self.area.value or area.get(eid) == self.area.value
                for lv in t["levels"] for cat in t["categories"]]
        return pd.DataFrame(rows, columns=["excerpt_id", "level", "category", "indicator", "reliability"])

    def _refresh(self) -> None:
        tagged = sum(1 for t in self.tags.values() if t["levels"] and t["categories"])
        self.progress.value = f'<div class="ctie-note">{tagged} of {len(self.sources)} excerpts tagged.</div>'
        self.matrix = matrix = evidence_matrix(self.tags_table())
        where = self.area.label if self.area.value else ALL_AREAS
        fig = evidence_heatmap(matrix, title=f"Excerpts per cell: {where}")
        fig.update_xaxes(tickangle=0, tickfont=dict(size=11))  # slanted labels ran over the source note
        self.figure.show(fig)
        gaps = matrix.gaps()
        names = self._names()
        shown = gaps.assign(level=gaps["level"].map(names), category=gaps["category"].map(names),
                            reliability=gaps["reliability"].round(1))
        self.gaps.value = table_html(shown, f"{len(gaps)} gap(s) of 20 cells: no evidence, or mean reliability "
                                            "below 2 of 3.")
        self.download.value = ""  # an export from before this change would no longer match the matrix
        self.status.show(f"Matrix updated ({where}).", "info")

    @staticmethod
    def _names() -> dict[str, str]:
        return {**{lv.key: lv.name for lv in framework.levels()}, **{c.key: c.name for c in framework.categories()}}

    def export(self) -> None:
        """Gate the matrix (long form) and offer it as a CSV download."""
        matrix = self.matrix
        assert matrix is not None  # built by __init__'s first _refresh, before any button can be pressed
        names = self._names()
        counts, rel = matrix.counts, matrix.reliability
        status = {(g.level, g.category): g.status for g in matrix.gaps().itertuples()}
        long = pd.DataFrame([{"level": names[lv], "category": names[c], "excerpts": int(counts.loc[lv, c]),
                              "mean reliability": None if pd.isna(rel.loc[lv, c]) else round(float(rel.loc[lv, c]), 2),
                              "status": status.get((lv, c), "evidence")}
                             for lv in counts.index for c in counts.columns])
        result = gate(long, kind="table", count_cols=["excerpts"], threshold=1)
        self.export_table = result.table
        area = self.area.value or "all"
        data = csv_text(result.table).encode("utf-8")
        self.download.value = download_link(data, f"ctie_evidence_matrix_{area}.csv", "Download the matrix (CSV)")
        blocked = f"{len(result.blocked_columns)} column(s) blocked" if result.blocked_columns else "nothing blocked"
        self.status.show(f"CSV ready: {len(long)} cells, checked by the safeguards gate ({blocked}).", "info")


def build_evidence() -> EvidenceReview:
    """The evidence matrix / secondary data review app, ready to display."""
    return EvidenceReview()
