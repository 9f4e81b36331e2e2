"""Data-sharing safety check: drop in a file, see personal data (masked), disclosure risk, what the gate
would release, and a sharing recommendation.

Session 2 (PIM and data responsibility), and analysts before they send a file anywhere. The file is read
from memory through a private temporary folder deleted at once (:mod:`ctie_helpers.apps.upload`); the
findings come from :func:`ctie_helpers.safeguards.gate` twice: once as the file is (``enforce_k=False``,
as ``ctie check`` does), once as it would be released. Only the released table can be downloaded.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ctie_helpers.apps.ui import Status, download_link, guard, header, note, section, table_html
from ctie_helpers.apps.upload import UploadedFile, first_upload, load_bytes, sheet_names
from ctie_helpers.data import load
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.safeguards.formulas import csv_text
from ctie_helpers.safeguards.gate import GateResult, gate
from ctie_helpers.safeguards.pii import detect_pii

__all__ = ["SafetyCheck", "build_safety", "example_table"]

UPLOAD = "Upload a file"
EXAMPLES = {
    "Example: sites reporting recruiters, by district and site type (synthetic)": "recruiters_table",
    "Example: flow-monitoring survey records (synthetic)": "flow_monitoring",
    "Example: trafficking case records (synthetic, CTDC format)": "case_records",
}
CONTEXTS = {"Public (tables 5, k 5)": "public", "Partners under an agreement (tables 5, k 3)": "partners",
            "Case data (tables 11, k 11)": "case_data"}
_LEVEL_COLOURS = {"low": "#1b5e20", "moderate": "#e65100", "high": "#b71c1c", "severe": "#4a0000"}
_W = {"description_width": "130px"}


def example_table(key: str) -> pd.DataFrame:
    """The synthetic example behind an :data:`EXAMPLES` entry."""
    if key == "recruiters_table":
        sites = load("sites_assessment")
        latest = sites[sites["round"] == sites["round"].max()]
        table = latest.pivot_table(index="admin2_name", columns="site_type", values="recruiters_reported",
                                   aggfunc="sum", fill_value=0, observed=True)
        table.columns = [str(c) for c in table.columns]
        return table.astype(int).reset_index().rename(columns={"admin2_name": "district"})
    return load(key)


class SafetyCheck(widgets.VBox):
    """The safety check. Controls: ``source``, ``upload``, ``sheet``, ``context``, ``kind``, ``quasi``.
    Results: ``data`` (the table read), ``assessment`` and ``released`` (gate results as-is and as
    released), ``verdict``, ``pii_table``, ``risk``, ``preview``, ``gate_log``, ``download``."""

    def __init__(self) -> None:
        self.status = Status()
        self.source = widgets.Dropdown(options=[*EXAMPLES, UPLOAD], description="File", style=_W,
                                       layout={"width": "560px"})
        self.upload = widgets.FileUpload(accept=".csv,.tsv,.txt,.xlsx", multiple=False, description="Choose file")
        self.sheet = widgets.Dropdown(description="Sheet", style=_W)
        self.context = widgets.Dropdown(options=list(CONTEXTS), description="Sharing with", style=_W,
                                        layout={"width": "560px"})
        self.kind = widgets.Dropdown(options=[("detect", "auto"), ("a table of counts", "table"),
                                              ("records (microdata)", "microdata")], description="The file holds",
                                     style=_W)
        self.quasi = widgets.SelectMultiple(description="Quasi-identifiers", rows=5, style=_W,
                                            layout={"width": "560px"})
        self.verdict, self.pii_table, self.risk = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.preview, self.gate_log, self.download = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.data: pd.DataFrame | None = None
        self.assessment: GateResult | None = None
        self.released: GateResult | None = None
        self._upload: UploadedFile | None = None
        self._name = ""
        self._busy = False
        super().__init__([
            header("Data-sharing safety check",
                   "Before a file leaves your hands: does it hold personal data, could a person be recognised "
                   "from it, and what may be shared with whom? The file stays in this session's memory and is "
                   "never saved."),
            section("1. The file", self.source, self.upload, self.sheet),
            section("2. The sharing", self.context, self.kind, self.quasi,
                    note("Quasi-identifiers: columns that together could single a person out (age, sex, "
                         "location, nationality...). Recognised ones are chosen for you.")),
            self.status, self.verdict,
            section("Personal data found (examples masked)", self.pii_table),
            section("Disclosure risk", self.risk),
            section("What the gate would release", self.preview, self.gate_log, self.download),
        ], layout={"padding": "4px 12px"})
        self.add_class("ctie-app")
        g = guard(self.status)
        self.source.observe(lambda _: g(self._read)(), "value")
        self.upload.observe(lambda change: g(self._uploaded)(change["new"]), "value")
        self.sheet.observe(lambda _: not self._busy and g(self._read)(), "value")
        for w in (self.context, self.kind, self.quasi):
            w.observe(lambda _: not self._busy and g(self.check)(), "value")
        g(self._read)()

    # --- reading -------------------------------------------------------------------------------------
    def _uploaded(self, value) -> None:
        upload = first_upload(value)
        if upload is None:
            return
        self._upload = upload
        self._clear(f"Reading {upload.name}...")
        # The bytes now live in self._upload only; drop the widget's copy (kernel and page).
        self.upload.value = ()
        self._busy = True
        try:
            sheets = sheet_names(upload)
            self.sheet.options = sheets
            self.sheet.value = sheets[0] if sheets else None
        finally:
            self._busy = False
        if self.source.value != UPLOAD:
            self.source.value = UPLOAD  # its observer reads the file
        else:
            self._read()

    def _read(self) -> None:
        uploading = self.source.value == UPLOAD
        self.upload.layout.display = None if uploading else "none"
        self.sheet.layout.display = None if uploading and self.sheet.options else "none"
        self.data = None
        self._clear("Reading...")  # a failed read must not leave the previous file's verdict on screen
        if uploading:
            if self._upload is None:
                self._clear("Choose a CSV or XLSX file to check.")
                return
            self.data = load_bytes(self._upload, sheet=self.sheet.value or None)
            name = self._upload.name + (f", sheet {self.sheet.value}" if self.sheet.value else "")
        else:
            self.data = example_table(EXAMPLES[self.source.value])
            name = self.source.value

        found = detect_pii(self.data)
        self._busy = True
        try:
            self.quasi.options = [str(c) for c in self.data.columns]
            self.quasi.value = tuple(str(c) for c in found.quasi_identifiers if str(c) in self.quasi.options)
        finally:
            self._busy = False
        self._name = f"{name}: {len(self.data):,} rows × {len(self.data.columns)} columns"
        self.check()

    def _clear(self, message: str) -> None:
        self.assessment = self.released = None
        for w in (self.verdict, self.pii_table, self.risk, self.preview, self.gate_log, self.download):
            w.value = ""
        self.status.show(message, "info")

    # --- checking ------------------------------------------------------------------------------------
    def check(self) -> None:
        """Assess the file as it is, then gate it for release with the chosen context."""
        if self.data is None:
            return
        opts = dict(kind=self.kind.value, context=CONTEXTS[self.context.value],
                    quasi_identifiers=list(self.quasi.value) or None)
        self.assessment = a = gate(self.data, enforce_k=False, **opts)
        self.released = r = gate(self.data, enforce_k=True, **opts)
        s = a.sensitivity
        assert s is not None  # gate() always assesses the input
        colour = _LEVEL_COLOURS.get(s.level, "#263238")
        safe = not a.pii.direct_columns and not a.changed and a.safe
        reasons = ("".join(f"<li>{html.escape(x)}</li>" for x in s.reasons)
                   or "<li>" + html.escape(_("no identifiers, no small cells")) + "</li>")
        # the level and recommendation are English ids in the result: shown in the language in force
        head = _("Sensitivity %(level)s: share %(recommendation)s") % {
            "level": _(s.level).upper(), "recommendation": _(s.recommendation)}
        self.verdict.value = (
            f'<div style="border:2px solid {colour};padding:6px 12px;margin:6px 0">'
            f'<div class="ctie-big" style="color:{colour}">{html.escape(head)}</div><ul>{reasons}</ul><b>'
            + html.escape(_("As it is, the file meets the rules for this sharing.") if safe else
                          _("Not safe to share as it is: share the released version below, or nothing."))
            + "</b></div>")
        findings = pd.DataFrame([{"column": f.column, "kind": f.kind.replace("_", " "), "found by": f.evidence,
                                  "share of values": f"{f.share:.0%}", "examples (masked)": ", ".join(f.examples),
                                  "action": f.action} for f in a.pii.findings])
        self.pii_table.value = table_html(findings) if len(findings) else "<p>No personal data recognised.</p>"
        self.risk.value = self._risk_html(a, r)
        self.preview.value = table_html(r.table, f"Released {r.kind}: {len(r.table):,} rows (first 15 shown).",
                                        max_rows=15, index=not isinstance(r.table.index, pd.RangeIndex))
        self.gate_log.value = "<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in r.log) + "</ul>"
        if r.safe:
            data = csv_text(r.table, index=not isinstance(r.table.index, pd.RangeIndex)).encode("utf-8")
            self.download.value = download_link(data, "released_by_ctie_gate.csv", "Download the released table (CSV)")
        else:
            self.download.value = "<p>The gate could not make this table safe: nothing to download.</p>"
        self.status.show(f"Checked {self._name}, as {a.kind} with {a.context} rules (threshold {a.threshold}).",
                         "info")

    @staticmethod
    def _risk_html(a, r) -> str:
        if a.kind == "table":
            cells = r.suppressed_cells
            primary = sum(1 for c in cells if c[-1] == "primary")
            return "<p>" + html.escape(_(
                "Count table: %(primary)s small cell(s) below %(threshold)s and %(complementary)s complementary "
                "cell(s) are hidden in the released version, so no hidden count can be worked out from the "
                "totals.") % {"primary": primary, "threshold": a.threshold, "complementary": len(cells) - primary}
            ) + "</p>"
        if a.k_report is None:
            return "<p>No quasi-identifiers chosen or recognised: k-anonymity was not assessed.</p>"
        k = a.k_report
        small = k.offending.head(10)
        parts = [f"<p>{html.escape(k.summary())}.</p>"]
        if a.risk is not None:
            parts.append(f"<p>{html.escape(a.risk.summary())}.</p>")
        if len(small):
            parts.append(table_html(small, "Smallest groups (combinations shared by fewer than k records):"))
        if r.k_report is not None:
            parts.append(f"<p>After the gate: {html.escape(r.k_report.summary())}.</p>")
        return "".join(parts)


def build_safety() -> SafetyCheck:
    """The data-sharing safety check, ready to display."""
    return SafetyCheck()
