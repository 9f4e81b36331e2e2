"""Pages of the course site: an executed notebook as HTML, and a plain page from Markdown or HTML.

Notebook pages use nbconvert's ``lab`` template (as ``ctie report`` does, :mod:`ctie_helpers.report.html`)
with code hidden and the template's CDN scripts (require.js, MathJax, Mermaid) replaced by one
``<script src>`` to the site's own copy of the installed plotly.js, so a page opened from disk or a
loopback server asks nothing of any other machine.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import PurePosixPath

__all__ = ["CSS", "markdown_html", "notebook_html", "rewrite_links", "shell"]

CSS = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 0 auto; padding: 0 1em; line-height: 1.5; }
nav.ctie-nav, nav.ctie-site { margin: 0.8em 0; padding: 0.4em 0; border-bottom: 1px solid #ccd; }
nav a { margin-right: 1.2em; }
table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 2px 6px; }
.ctie-prompt { margin-top: 1em; }
@media print { nav { display: none; } .ctie-slide { page-break-after: always; } }
"""

_TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: 'local'};</script>
<script type="text/javascript" src="{{ resources.ctie_prefix }}_static/plotly.min.js"></script>
{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{% block extra_css %}<style type="text/css">{{ resources.ctie_css }}</style>{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
{{ resources.ctie_nav }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.ctie_nav }}
{{ super() }}
{% endblock body_footer %}
"""


def notebook_html(nb, title: str, nav: str, prefix: str) -> str:
    """An executed notebook as one page: no code, ``nav`` at top and foot, plotly.js from ``prefix``."""
    # deferred: saves 37 ms at import of ctie_helpers.site.render
    from jinja2 import DictLoader

    # deferred: saves 1347 ms at import of ctie_helpers.site.render
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", template_file="ctie_site.html.j2",
        extra_loaders=[DictLoader({"ctie_site.html.j2": _TEMPLATE})],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True, anchor_link_text="",
    )
    for cell in nb.cells:
        if cell.get("cell_type") == "code":  # warnings speak to the author, not the reader
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"ctie_prefix": prefix, "ctie_css": CSS, "ctie_nav": nav})
    return body


def markdown_html(text: str) -> str:
    """Markdown to HTML with nbconvert's renderer (the one notebook pages use)."""
    # deferred: saves 1298 ms at import of ctie_helpers.site.render
    from nbconvert.filters.markdown import markdown2html

    return markdown2html(text)


def shell(title: str, body: str, nav: str = "", *, head: str = "") -> str:
    """A plain page of the site around ``body`` (HTML)."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style>{head}</head><body>{nav}<main>{body}</main>{nav}</body></html>\n")


_HREF = re.compile(r'(href|src)="([^"#?:]+\.ipynb)(#[^"]*)?"')


def rewrite_links(page: str, here: str, built: Callable[[str], bool]) -> str:
    """Point links to notebooks at their pages (``x.ipynb`` -> ``x.html``) where the site built one.

    ``here`` is the page's folder inside the site ("" or "session1_tip_basics"); ``built(path)`` says
    whether a site path (e.g. ``session2_pim/01_ethics_and_pim.html``) exists. A link to a notebook the
    site has no page for (a mini-app, which needs a kernel) loses its target and says so.
    """
    def fix(m: re.Match[str]) -> str:
        target = str(PurePosixPath(here, m.group(2)).with_suffix(".html"))
        parts: list[str] = []
        for part in target.split("/"):
            if part == "..":
                if parts:
                    parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        if built("/".join(parts)):
            return f'{m.group(1)}="{m.group(2)[:-6]}.html{m.group(3) or ""}"'
        return 'title="needs the workbook (a live kernel): open it with ctie start" data-offline="1"'
    return _HREF.sub(fix, page)
