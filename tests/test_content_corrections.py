"""Content corrections of issue 12 that users rely on: findable further reading, the PIM resources of
session 2, and the "adapted from IOM practice" label wherever the reconstructed chapter 6 indicators appear.
"""

from __future__ import annotations

import nbformat
import pytest

from ctie_helpers.content import reading
from tests.notebook_tools import NOTEBOOKS

ADAPTED = "adapted from IOM practice"  # the label the domain brief (preamble, 6.1) requires, written out here

# ---------------------------------------------------------------- further reading


@pytest.mark.parametrize("entry", reading.readings(), ids=lambda r: r.key)
def test_every_reading_can_be_found(entry):
    has_link = bool(entry.url) and entry.url.startswith("https://")
    has_publisher = bool((entry.publisher or "").strip()) and bool(entry.title.strip())
    assert has_link or has_publisher, f"{entry.key}: needs a url, or a publisher and a title"


def test_session_2_lists_the_pim_resources_with_their_links():
    by_key = {r.key: r for r in reading.readings_for(2)}
    pack = by_key["pim_training_pack_2018"]
    assert pack.title == "PIM Training Resource Pack" and pack.url == "https://pim.guide/"
    iasc = by_key["iasc_data_responsibility_2023"]
    assert "Data Responsibility in Humanitarian Action" in iasc.title and iasc.year == 2023
    assert iasc.url == "https://interagencystandingcommittee.org/" and "IASC" in iasc.publisher
    table = reading.reading_table(2)
    assert "https://pim.guide/" in table["link"].tolist()


def test_a_reading_without_url_or_publisher_is_refused(monkeypatch):
    import json

    from ctie_helpers.content import _base

    raw = json.loads((_base.DATA_DIR / "reading.json").read_text(encoding="utf-8"))
    raw["resources"][0].update(url=None, publisher=None)
    monkeypatch.setattr(reading, "load_json", lambda name: raw)
    reading.readings.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"reading\.json: eu_handbook_2009: needs a url"):
            reading.readings()
    finally:
        monkeypatch.undo()
        reading.readings.cache_clear()


# ---------------------------------------------------------------- reconstructed indicators are labelled

INDICATOR_NOTEBOOKS = [
    "session3_framework/03_using_the_framework.ipynb",
    "session4_indicators/02_sources_of_indicators.ipynb",
    "session4_indicators/03_indicator_analysis.ipynb",
    "session5_methods/04_questionnaire_design.ipynb",
]


@pytest.mark.parametrize("name", INDICATOR_NOTEBOOKS)
def test_notebooks_showing_the_indicators_say_adapted_from_iom_practice(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").replace("*", "")
    assert ADAPTED in text, f"{name}: the reconstructed indicators must be labelled '{ADAPTED}'"


def test_indicator_table_shown_to_trainees_carries_the_label():
    from ctie_helpers.lessons import session4 as lesson

    table = lesson.registry_table(columns=["indicator", "PIM systems"])
    assert ADAPTED in table.caption
    assert ADAPTED in table.to_html()  # the caption is rendered, not just stored
    # 25 indicators of the course's list (brief 6.5) + 4 community-level proxies for location-count files
    assert list(table.data.columns) == ["indicator", "PIM systems"] and len(table.data) == 25 + 4
