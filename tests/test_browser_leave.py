"""Leaving a course page frees its kernel at once (issue 11: memory under a class), in a real browser.

Voilà's widget manager asks the server to shut the page's kernel down when the page is left
(``navigator.sendBeacon`` to ``voila/api/shutdown/<kernel>`` with the ``_xsrf`` cookie's value). Before
:mod:`ctie_helpers.course.leave` no course page set that cookie, the server answered 403, and the kernel
lived on until the 15-minute idle cull. The server here is ``ctie course`` with its default pool.
"""

from __future__ import annotations

import json
import re
import time

import nbformat
import pytest
import requests

from tests.browser_support import chromium
from tests.test_browser_course import CourseServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDGET = "import ipywidgets as w\nw.Button(description='Go')"


def _two_page_course(root):
    """A course map and two pages, each drawing one button (no course machinery to wait for)."""
    (root / "s1").mkdir(parents=True)
    for rel in ("START_HERE.ipynb", "s1/01_a.ipynb", "s1/02_b.ipynb"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {rel}"),
                                             nbformat.v4.new_code_cell(WIDGET)])
        nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
        nbformat.write(nb, str(root / rel))


def _kernel_of(page) -> str:
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    return config["kernelId"]


def _alive(server, kernel: str) -> bool:
    return requests.get(f"{server.base}/api/kernels/{kernel}", timeout=30).status_code == 200


def test_the_kernel_of_a_page_left_is_shut_down_at_once(tmp_path):
    root = tmp_path / "course"
    _two_page_course(root)
    with CourseServer(root, tmp_path / "server.log") as server, chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(120_000)
        answers: list[tuple[str, int]] = []
        page.on("response", lambda r: "/voila/api/shutdown/" in r.url and answers.append((r.url, r.status)))
        page.goto(server.url("s1/01_a.ipynb"))
        page.get_by_role("button", name="Go").wait_for()
        first = _kernel_of(page)
        assert _alive(server, first)

        page.goto(server.url("s1/02_b.ipynb"))  # the trainee's "next" link
        page.get_by_role("button", name="Go").wait_for()
        deadline = time.monotonic() + 30
        while _alive(server, first) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _alive(server, first), f"the left page's kernel lives on; beacon answers: {answers}\n{server.log()}"
        assert _alive(server, _kernel_of(page))  # the page in view keeps its own
        assert not re.search(r"\b403 POST /voila/api/shutdown", server.log()), server.log()
