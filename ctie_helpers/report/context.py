"""What a template notebook holds on to while it runs: the prepared table, where tables go, and display.

A template's first cells are always::

    from ctie_helpers.report import open_report
    rpt = open_report("indicators", input_path, sheet=sheet, mapping_path=mapping_path, out_dir=out_dir)
    rpt.header(title)
    rpt.show_cleaning_log()
    rpt.show_mapping()

after which :meth:`Report.publish` shows each gated table (with what the gate did) and writes it to
``<out_dir>/tables/<name>.csv`` with an HXL row. The statement that the indicators are adapted from IOM
practice is part of :meth:`Report.header`, so no report can leave it out.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ctie_helpers.content import PROVENANCE_ADAPTED
from ctie_helpers.data.errors import InputFileError
from ctie_helpers.i18n import N_, _, format_date, format_number, ngettext, set_language
from ctie_helpers.report.publish import Published, write_csv
from ctie_helpers.report.templates import load_input, template

__all__ = ["Report", "open_report", "PROVENANCE_NOTE"]

# A literal (not built from PROVENANCE_ADAPTED) so that it can be extracted for translation; the assert
# keeps it saying what the content room's provenance label says.
PROVENANCE_NOTE = N_(
    "The indicators and their framework levels come from the workbook's indicator registry, "
    "adapted from IOM practice (IOM, Counter-Trafficking in Emergencies: Information Management Guide, 2020). "
    "They are illustrative, not an official IOM indicator set."
)
assert PROVENANCE_ADAPTED in PROVENANCE_NOTE


def _md(text: str) -> None:
    # deferred: saves 152 ms at import of ctie_helpers.report.context
    from IPython.display import Markdown, display

    display(Markdown(text))


def _table_html(df: pd.DataFrame) -> str:
    return df.to_html(index=False, na_rep="", border=0, classes="ctie-table", escape=True)


@dataclass
class Report:
    """One template run: the prepared ``table``, the ``mapping`` used, and the tables written so far."""

    template: str
    input_path: Path
    out_dir: Path
    table: pd.DataFrame
    mapping: object
    written: list[Path] = field(default_factory=list)
    boundaries: dict = field(default_factory=dict)  # area column -> Boundaries, when --boundaries was given

    @property
    def cleaning_log(self) -> list[str]:
        return list(self.table.attrs.get("cleaning_log", []))

    @property
    def tables_dir(self) -> Path:
        path = self.out_dir / "tables"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def header(self, title: str | None = None) -> None:
        """Title, the file analysed (name only: a report never carries the analyst's folder names), date,
        and the provenance of the indicators."""
        spec = template(self.template)
        src = self.table.attrs.get("source", {})
        where = f"`{Path(src.get('file', self.input_path)).name}`" + (
            ", " + _("sheet `%(sheet)s`") % {"sheet": src["sheet"]} if src.get("sheet") else "")
        _md(f"# {title or _(spec.title)}\n\n"
            + _("**Data:** %(data)s · **Template:** %(template)s (%(description)s) · **Produced:** %(date)s with the "
                "CTiE Workbook.") % {"data": where, "template": spec.name, "description": _(spec.description),
                                     "date": format_date(date.today())}
            + f"\n\n> {_(PROVENANCE_NOTE)}\n\n"
            + _("Every table and chart below passed the workbook's safeguards gate: counts from 1 to 4 are shown "
                "as `<5`, a further cell is hidden as `x` where a total would give a small count away, and "
                "percentages are withheld on rows with a hidden count."))

    def note(self, markdown: str) -> None:
        """Show a paragraph of the report's own text."""
        _md(markdown)

    def show_cleaning_log(self) -> None:
        """What loading did to the file (also written to ``cleaning_log.txt``)."""
        log = self.cleaning_log
        _md("## " + _("How the file was read") + "\n\n" + (
            "\n".join(f"- {html.escape(line)}" for line in log) if log
            else _("The file was read as it is: nothing needed cleaning.")))

    def show_mapping(self) -> None:
        """Which of the file's columns were used as which registry column, and how they were matched."""
        # deferred: saves 63 ms at import of ctie_helpers.report.context
        from IPython.display import HTML, display

        cols = getattr(self.mapping, "columns", {})
        by = getattr(self.mapping, "matched_by", {})
        hxl = self.table.attrs.get("hxl", {})
        rows = pd.DataFrame([{"used as": k, "column in the file": v, "matched by": by.get(k, ""),
                              "HXL tag in the file": hxl.get(v, "")} for k, v in sorted(cols.items())])
        _md("## " + _("Column mapping") + "\n\n"
            + _("Saved as `mapping.json` next to this report: pass it back with `ctie report --mapping "
                "mapping.json` to read the next round of the same export the same way."))
        display(HTML(_table_html(rows) if len(rows) else "<p>" + html.escape(_("No columns matched.")) + "</p>"))

    def publish(self, table: Published, heading: str | None = None, note: str | None = None,
                show: bool = True) -> Path:
        """Write a gated table to ``tables/<name>.csv`` (HXL row included) and show it with the gate's log."""
        # deferred: saves 42 ms at import of ctie_helpers.report.context
        from IPython.display import HTML, display

        path = write_csv(table, self.tables_dir)
        self.written.append(path)
        if show:
            parts = [f"### {heading}" if heading else "", note or "",
                     ngettext("Table `tables/%(file)s` (%(rows)s row; %(hidden)s count cell(s) hidden).",
                              "Table `tables/%(file)s` (%(rows)s rows; %(hidden)s count cell(s) hidden).",
                              len(table.table)) % {
                         "file": path.name, "rows": format_number(len(table.table)),
                         "hidden": format_number(table.n_hidden)}]
            _md("\n\n".join(p for p in parts if p))
            display(HTML(_table_html(table.table)))
            if table.gate_log:
                items = "".join(f"<li>{html.escape(line)}</li>" for line in table.gate_log)
                summary = html.escape(_("What the safeguards gate did"))
                display(HTML(f"<details><summary>{summary}</summary><ul>{items}</ul></details>"))
        return path


def open_report(template_name: str, input_path: str | Path, *, sheet: str | None = None,
                mapping_path: str | Path | None = None, out_dir: str | Path = ".",
                boundaries_path: str | Path | None = None, xlsform_path: str | Path | None = None,
                lang: str | None = None) -> Report:
    """Load and prepare the input for ``template_name`` exactly as ``ctie report`` did before running it.

    With ``boundaries_path`` (a GeoJSON), the area sections also draw maps at the levels it can draw;
    ``xlsform_path`` is the XLSForm behind a KoboToolbox/ODK export (labels read back to names);
    ``lang`` (``ctie report --lang``) is the language of the report's text and figures in this kernel.
    """
    if lang:
        set_language(lang)
    table, mapping = load_input(template_name, input_path, sheet=sheet, mapping=mapping_path or None,
                                xlsform=xlsform_path or None)
    maps = match_boundaries(boundaries_path, table) if boundaries_path else {}
    return Report(template_name, Path(input_path), Path(out_dir), table, mapping, boundaries=maps)


def match_boundaries(path: str | Path, table: pd.DataFrame) -> dict:
    """The admin levels of ``table`` that the GeoJSON at ``path`` can draw (area column -> Boundaries).

    Raises
    ------
    InputFileError
        The table has no admin P-code column, or the file's properties hold none of its p-codes.
    """
    # deferred: saves 3 ms at import of ctie_helpers.report.context
    from ctie_helpers.data.boundaries import boundaries_by_level

    # deferred: saves 60 ms at import of ctie_helpers.report.context
    from ctie_helpers.report.indicators import AREAS

    levels = {a: table[a].dropna().astype(str).unique() for a in AREAS if a in table.columns}
    if not levels:
        raise InputFileError(path, "cannot be used: the data file has no admin1 or admin2 P-code column to map",
                             hint="Map the P-code columns (admin1_pcode, admin2_pcode) or leave out --boundaries")
    return boundaries_by_level(path, levels)
