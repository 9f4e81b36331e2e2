"""One self-contained HTML file from an executed template: no code, no CDN, plotly.js embedded once.

nbconvert's ``lab`` template is used with inputs and prompts excluded. Its head normally loads
require.js, MathJax and Mermaid from cdnjs; the small template below replaces those blocks with the
plotly.js shipped inside the installed ``plotly`` package, inlined once, so charts work with no network
(STACK_NOTES 5: ``notebook_connected`` fails offline). Outputs written to stderr (warnings) are dropped:
they speak to the template's author, not to the report's reader.
"""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources

import nbformat

__all__ = ["to_html", "plotly_js"]

_TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: 'local'};</script>
<script type="text/javascript">{{ resources.plotly_js }}</script>
{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{% block extra_css %}
<style type="text/css">
  body { max-width: 1100px; margin: 0 auto; }
  table.ctie-table { border-collapse: collapse; font-size: 12px; margin: 0.5em 0 1em 0; }
  table.ctie-table th, table.ctie-table td { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
  table.ctie-table th { background: #f3f5f8; }
  details { font-size: 12px; color: #444; }
</style>
{% endblock extra_css %}
"""


@cache
def plotly_js() -> str:
    """The plotly.js bundled with the installed plotly package (never fetched from a CDN)."""
    return (resources.files("plotly") / "package_data" / "plotly.min.js").read_text(encoding="utf-8")


def _clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    return nb


def to_html(nb: nbformat.NotebookNode, title: str, lang: str = "en") -> str:
    """Render an executed notebook as one HTML page with no code cells and plotly.js inlined once.

    ``lang`` goes in ``<html lang=...>`` so that screen readers and hyphenation follow the report's language.
    """
    # deferred: saves 194 ms at import of ctie_helpers.report.html
    from jinja2 import DictLoader

    # deferred: saves 2606 ms at import of ctie_helpers.report.html
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", template_file="ctie_report.html.j2",
        extra_loaders=[DictLoader({"ctie_report.html.j2": _TEMPLATE})],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True, anchor_link_text="", language_code=lang,
    )
    nb = _clean(nb)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"plotly_js": plotly_js()})
    return body
