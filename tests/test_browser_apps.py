"""Each mini-app in real Voilà, driven in headless Debian Chromium: it loads, a control changes, the chart or
table updates, a screenshot is saved for review, and the page needs nothing from outside 127.0.0.1.

One Voilà server per test module (per xdist worker) serves copies of the six app notebooks from a private
folder, with the flags ``ctie app`` uses (:mod:`ctie_helpers.apps.server`), and is stopped, kernels and all,
at the end. Every request of the page goes through :class:`~tests.browser_support.NetworkGuard`: loopback
passes; anything else would be aborted and listed, and the tests assert that list is empty (the ``ctie``
template drops Voilà's Font Awesome CDN links; ``data:`` URLs, used for downloads, never touch the network).
Timings go to ``build/screenshots/<app>.json`` beside the screenshots.

Every check after a control change waits for the settled page a user would see (Playwright's ``expect``
retries until the final chart title and table content are there), never for the first change: an app
redraws its chart and then its table, and while plotly redraws, the old and the new title can both be
in the page for a moment.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ctie_helpers.apps.catalog import APPS, notebook_path
from tests.browser_support import NetworkGuard, VoilaServer, chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
LOAD_TIMEOUT = 240_000  # ms: a cold kernel on a loaded 2-core machine took up to a minute here
STEP_TIMEOUT = 60_000
COURSE_APPS = [name for name, spec in APPS.items() if spec.packaged]


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    parent = tmp_path_factory.mktemp("voila")
    with VoilaServer([notebook_path(n) for n in COURSE_APPS], parent) as server:
        yield server


@pytest.fixture(scope="module")
def headless_chromium():
    with chromium() as browser:
        yield browser


class AppPage:
    """One app open in a page, with its network guard and timings."""

    def __init__(self, browser, voila, name: str):
        self.name = name
        self.page = browser.new_page(viewport={"width": 1200, "height": 2400})
        self.page.set_default_timeout(STEP_TIMEOUT)
        self.guard = NetworkGuard(self.page)
        self.timings: dict[str, float] = {}
        t0 = time.monotonic()
        self.page.goto(voila.url(f"app_{name}.ipynb"), timeout=LOAD_TIMEOUT)
        self.page.wait_for_selector(".ctie-app", timeout=LOAD_TIMEOUT)
        self.timings["load_to_first_widget_s"] = round(time.monotonic() - t0, 2)
        self._t0 = t0

    def wait_chart(self) -> None:
        self.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=LOAD_TIMEOUT)
        self.timings["load_to_chart_s"] = round(time.monotonic() - self._t0, 2)

    def select(self, label: str, option: str) -> None:
        """Choose ``option`` (its label) in the ipywidgets Dropdown described by ``label``."""
        self.page.get_by_label(label, exact=True).select_option(label=option)

    def option(self, label: str, prefix: str) -> str:
        """The full label of the option starting with ``prefix`` in the Dropdown described by ``label``."""
        options = self.page.get_by_label(label, exact=True).locator("option").all_text_contents()
        return next(o for o in options if o.startswith(prefix))

    def settled(self, selector: str, *patterns: str) -> None:
        """Wait until the elements matching ``selector`` are exactly one per pattern, each matching its
        pattern (a regular expression), in page order: count and texts checked together, so an old chart
        title still in the page while plotly redraws is not taken for the new one."""
        expect(self.page.locator(selector)).to_have_text([re.compile(p) for p in patterns], timeout=STEP_TIMEOUT)

    def table_shows(self, *texts: str) -> None:
        """Wait until the first app table contains every one of ``texts``."""
        table = self.page.locator("table.ctie-table").first
        for text in texts:
            expect(table).to_contain_text(text, timeout=STEP_TIMEOUT)

    def timed(self, key: str, action, until) -> None:
        t = time.monotonic()
        action()
        until()
        self.timings[key] = round(time.monotonic() - t, 2)

    def finish(self) -> None:
        """Screenshot, timings, and the network and JavaScript checks every app must pass."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_timeout(500)  # let plotly finish its transition before the picture
        self.page.screenshot(path=str(SHOTS / f"{self.name}.png"), full_page=True)
        (SHOTS / f"{self.name}.json").write_text(json.dumps(self.timings, indent=2))
        assert self.guard.requests, "the guard saw no request: it is not wired"
        assert not self.guard.off_machine, f"requests left 127.0.0.1: {self.guard.off_machine}"
        assert all(u.startswith("ws://127.0.0.1:") for u in self.guard.websockets), self.guard.websockets
        assert not self.guard.page_errors, self.guard.page_errors
        # Code cells are stripped and tracebacks hidden: neither the builder call nor a Python error shows.
        html = self.page.content()
        assert f"build_{self.name}" not in html and "Traceback" not in html
        self.page.close()


@pytest.fixture
def open_app(headless_chromium, voila):
    pages: list[AppPage] = []

    def _open(name: str) -> AppPage:
        pages.append(AppPage(headless_chromium, voila, name))
        return pages[-1]

    yield _open
    for p in pages:
        if not p.page.is_closed():
            p.page.close()


def test_mse_app_model_change_updates_estimate(open_app):
    app = open_app("mse")
    app.wait_chart()
    big = app.page.locator(".ctie-big")
    assert re.fullmatch(r"[\d,]+ people", big.text_content().strip())
    app.timed("control_to_update_s", lambda: app.select("Model", "Independence"),
              lambda: expect(big).to_have_text("844 people", timeout=STEP_TIMEOUT))  # independence on service_lists
    # the estimate chart, redrawn once with its title, then the chart of the data
    app.settled(".gtitle", "^Estimate and 95% interval$", "^Who was seen by which list")
    expect(big.locator("xpath=following-sibling::div[1]")).to_contain_text("model independence",
                                                                           timeout=STEP_TIMEOUT)
    app.finish()


def test_sampling_app_confidence_updates_size_and_chart(open_app):
    app = open_app("sampling")
    app.wait_chart()
    assert app.page.locator(".ctie-big").text_content().strip() == "619 interviews"
    app.timed("control_to_update_s", lambda: app.select("Confidence", "99%"),
              lambda: app.page.wait_for_function(
                  "() => document.querySelector('.ctie-big').textContent.trim() !== '619 interviews'"))
    n = int(app.page.locator(".ctie-big").text_content().split()[0].replace(",", ""))
    assert n > 619
    # the allocation chart was redrawn for the new total: its bar labels add up to n
    app.page.wait_for_function("n => [...document.querySelectorAll('.js-plotly-plot .bartext')]"
                               ".map(e => +e.textContent).reduce((a, b) => a + b, 0) === n", arg=n)
    app.finish()


def test_indicators_app_indicator_and_area_update_chart_and_table(open_app):
    app = open_app("indicators")
    app.wait_chart()
    app.settled(".gtitle", "^IND-02:")
    app.timed("control_to_update_s", lambda: app.select("Indicator", app.option("Indicator", "IND-12")),
              lambda: app.settled(".gtitle", "^IND-12:.*All of the country"))
    app.select("Admin area", "Velmora")
    app.settled(".gtitle", "^IND-12:.*Velmora")
    # The table is redrawn after the chart: wait for it too, not just for the new title.
    app.table_shows("Korvessa",  # admin2 areas of Velmora
                    "<5")  # small counts suppressed by the gate, in the browser too
    app.settled(".ctie-status-info", "^IND-12, Velmora")
    app.finish()


def test_evidence_app_area_and_export(open_app):
    app = open_app("evidence")
    app.wait_chart()
    app.timed("control_to_update_s", lambda: app.select("Area", "Velmora (XA01)"),
              lambda: app.settled(".gtitle", "^Excerpts per cell: Velmora"))
    app.page.get_by_role("button", name="Prepare CSV of the matrix").click()
    link = app.page.locator("a.ctie-download")
    link.wait_for()
    assert link.get_attribute("href").startswith("data:text/csv;base64,")
    assert link.get_attribute("download") == "ctie_evidence_matrix_XA01.csv"
    app.finish()


def test_questionnaire_app_builds_xlsform(open_app):
    app = open_app("questionnaire")
    app.table_shows("Q07")  # the example's phone question is flagged
    app.timed("control_to_update_s", lambda: app.page.get_by_role("button", name="Build XLSForm").click(),
              lambda: app.page.locator("a.ctie-download").wait_for())
    link = app.page.locator("a.ctie-download")
    assert link.get_attribute("download") == "ctie_site_assessment.xlsx"
    assert link.get_attribute("href").startswith(
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,UEsD")  # a zip: xlsx
    expect(app.page.locator("body")).to_contain_text("pyxform converted the form", timeout=STEP_TIMEOUT)
    app.finish()


def test_safety_app_upload_shows_masked_pii(open_app, tmp_path):
    app = open_app("safety")
    app.page.locator(".ctie-big").wait_for()
    app.select("File", "Example: trafficking case records (synthetic, CTDC format)")
    app.settled(".ctie-big", "^Sensitivity HIGH")
    upload = tmp_path / "referrals.csv"
    upload.write_text("full name,phone number,age,sex,district\n"
                      "Amina Yusuf,+254 712 345 678,23,F,XA0101\nJohn Doe,+254 733 111 222,45,M,XA0102\n"
                      "Mary Roe,+254 700 000 111,31,F,XA0101\n")
    app.select("File", "Upload a file")

    def upload_file() -> None:  # as a user does: click the upload button, pick the file in the dialog
        with app.page.expect_file_chooser() as chooser:
            app.page.get_by_role("button", name=re.compile("Choose file")).click()
        chooser.value.set_files(str(upload))

    app.timed("control_to_update_s", upload_file, lambda: app.table_shows("phone number"))
    app.settled(".ctie-big", "^Sensitivity HIGH")  # names with phone numbers: restricted
    expect(app.page.locator("body")).to_contain_text("A*** Y***", timeout=STEP_TIMEOUT)  # masked names
    html = app.page.content()
    for secret in ("Amina", "Yusuf", "712 345", "733 111"):
        assert secret not in html
    app.finish()
