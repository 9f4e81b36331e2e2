"""Course mode's browser caching (issue 11), read from a real ``ctie course --no-preheat`` server's headers.

A trainee moves from page to page in one browser; every page loads the same widget-manager bundles. Their
names carry a hash of their content, so the server may let the browser keep them without asking again;
a file without a hash in its name must still be revalidated.
"""

from __future__ import annotations

import json
import re
import urllib.request

import nbformat
import pytest

from tests.test_browser_course import CourseServer

pytestmark = [pytest.mark.slow]

IMMUTABLE = "public, max-age=31536000, immutable"  # the HTTP caching spec's long-lived form, written out here


def _tiny_course(root):
    """A course folder holding only the course map, one Markdown cell (no kernel work to wait for)."""
    root.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Course map")])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, str(root / "START_HERE.ipynb"))


def _cache_control(url: str) -> str | None:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.headers.get("Cache-Control")


def test_widget_bundles_are_cached_for_good_and_unhashed_files_revalidated(tmp_path):
    root = tmp_path / "course"
    _tiny_course(root)
    with CourseServer(root, tmp_path / "server.log", preheat=False) as server:
        with urllib.request.urlopen(server.url("START_HERE.ipynb"), timeout=120) as answer:
            page = answer.read().decode()
        # the widget manager's entry file, as the page tells the browser to load it
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, re.S).group(1))
        manager = next(e for e in config["federated_extensions"] if e["name"] == "@jupyter-widgets/jupyterlab-manager")
        assert re.fullmatch(r"static/remoteEntry\.[0-9a-f]{16,}\.js", manager["load"]), manager
        base = f"{server.base}/voila/labextensions/@jupyter-widgets/jupyterlab-manager/"
        assert _cache_control(base + manager["load"]) == IMMUTABLE
        # unhashed: may change in place on an upgrade, so the browser asks every time (Voilà's own rule)
        assert _cache_control(base + "package.json") == "no-cache"
