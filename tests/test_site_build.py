"""``ctie site build`` from the repo, offline: pages open in headless Chromium with no request off loopback,
no broken internal link, charts drawn, extra Markdown pages listed, and the handout PDF holds the session's
text and questions (and, in the trainees' edition, no answers).

One session is built (about 30 s: five notebooks executed, one PDF printed) to keep the suite fast; the
other sessions go through the same code.
"""

from __future__ import annotations

import functools
import http.server
import stat
import threading
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from ctie_helpers.cli import main
from tests.browser_support import NetworkGuard, free_port, launch_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SESSION = "session1_tip_basics"
# Two hand-written pages for the extra-pages hook (the facilitator guides are wired in the same way).
EXTRA = [("Guide for session 1", "# Session 1 plan\n\n- 10 minutes: welcome\n\n[Back home](../index.html)"),
         ("Breakout: Ardania case list", "# Breakout\n\nA partner asks for the **case list**.")]


@pytest.fixture(scope="module")
def site(tmp_path_factory, monkeypatch_module):
    from ctie_helpers.commands import site as command

    monkeypatch_module.setattr(command, "extra_pages", lambda facilitator: EXTRA)
    out = tmp_path_factory.mktemp("site") / "site"
    assert main(["site", "build", "--out", str(out), "--session", SESSION]) == 0
    return out


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.fixture(scope="module")
def served(site):
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()
    server.server_close()


def test_the_site_has_every_page_deck_handout_and_one_local_plotly(site):
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    notebooks = sorted(p.stem for p in (Path(__file__).parents[1] / "notebooks" / SESSION).glob("[0-9][0-9]_*.ipynb"))
    assert {f"{SESSION}/{n}.html" for n in notebooks} <= names
    assert {"index.html", "START_HERE.html", "reading.html", "_static/plotly.min.js", f"slides/{SESSION}.html",
            f"handouts/{SESSION}.pdf", "pages/guide-for-session-1.html", "pages/breakout-ardania-case-list.html"} <= names
    page = (site / SESSION / "01_definitions.html").read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in page and "grade(" not in page and "NBVAL" not in page
    assert "AnswerStore" not in page and "ctie-site-" not in page  # no trace of the build's scratch folder
    # A practice item is printed with its statements, without answers in the trainees' edition.
    assert "Recruiting workers in a displacement camp → ______" in page
    assert "(answer)" not in page and "→ <strong>Act</strong>" not in page
    assert "cdn.plot.ly" not in page and "cdnjs" not in page


def test_the_trainee_site_holds_no_graded_explanation_in_any_language(site):
    """Graded items' explanations give keys away: neither their file, nor its French and Spanish catalogs,
    nor any of their text is in the trainees' edition (issue 14)."""
    import html

    from tests.graded_text import graded_whys

    files = [p for p in site.rglob("*") if p.is_file()]
    assert not [p.name for p in files if p.name.startswith("graded_explanations")]
    text = html.unescape(" ".join(p.read_text("utf-8", errors="replace") for p in files
                                  if p.suffix in (".html", ".json", ".js", ".md", ".ipynb")))
    whys = graded_whys(Path(__file__).parents[1] / "notebooks")
    leaked = [w for lang in ("en", "fr", "es") for w in whys[lang] if w in text]
    assert whys["fr"] and not leaked, leaked[:3]


def _internal_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "[href], [src]", "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))")


def test_pages_open_offline_with_charts_drawn_and_no_broken_internal_link(site, served):
    from playwright.sync_api import sync_playwright

    to_visit, seen, broken, off = [urljoin(served, "index.html")], set(), [], []
    charts = 0
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            guard = NetworkGuard(page)
            while to_visit:
                url = to_visit.pop()
                if url in seen:
                    continue
                seen.add(url)
                page.goto(url, wait_until="load")
                charts += page.locator(".js-plotly-plot").count()
                for link in _internal_links(page):
                    target = urljoin(url, link).split("#")[0]
                    parsed = urlparse(target)
                    if parsed.scheme in ("data", "javascript", "mailto") or not target:
                        continue
                    if parsed.hostname != "127.0.0.1":
                        continue  # an external reading link: not followed, not loaded by the page
                    local = site / parsed.path.lstrip("/")
                    if not local.is_file():
                        broken.append(f"{url} -> {link}")
                    elif local.suffix == ".html":
                        to_visit.append(target)
            off = guard.off_machine
            errors = guard.page_errors
        finally:
            browser.close()
    assert len(seen) >= 10  # home, map, reading, five notebook pages, slides, two extra pages
    assert not broken, broken
    assert not off, off
    assert not errors, errors
    assert charts > 0  # plotly.js from _static drew the session's charts


def test_handout_pdf_holds_the_session_text_and_questions_without_answers(site):
    import pypdf

    pages = pypdf.PdfReader(site / "handouts" / f"{SESSION}.pdf").pages
    # NFKC: the PDF font's ligatures (ﬃ) read back as plain letters
    text = unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text().split()) for p in pages))
    assert text.startswith("Session 1: Trafficking in persons in emergencies and role of CTiE IM")  # the title (curriculum)
    assert "What counts as trafficking? The Palermo definition" in text  # a notebook's own heading
    assert "Recruiting workers in a displacement camp" in text  # a question's statement
    assert "(answer)" not in text and "Trainee edition" in text


def test_facilitator_edition_prints_practice_and_graded_answers(tmp_path):
    """Graded keys come from the hidden tests of the source notebook; a trainee's edition shows none."""
    import shutil

    from ctie_helpers.site.build import build_site

    root = tmp_path / "course"
    (root / SESSION).mkdir(parents=True)
    shutil.copy2(Path(__file__).parents[1] / "notebooks" / SESSION / "01_definitions.ipynb", root / SESSION)
    result = build_site(tmp_path / "site", root=root, facilitator=True, handouts=False)
    page = (result.out / SESSION / "01_definitions.html").read_text(encoding="utf-8")
    assert stat.S_IMODE(result.out.stat().st_mode) == 0o700  # every answer: facilitators only
    assert "Facilitator edition" in (result.out / "index.html").read_text(encoding="utf-8")
    # s1_amp_practice (key in the package) and s1_amp_elements (key only in the hidden test cell)
    assert "Recruiting workers in a displacement camp → <strong>Act</strong>" in page
    assert "Harbouring girls in a rented house near the port → <strong>Act</strong>" in page
    assert "BEGIN HIDDEN TESTS" not in page
