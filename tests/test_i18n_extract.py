"""The extractors that put exercise text and content data into the interface catalogs."""

from __future__ import annotations

import io
import json

from ctie_helpers.i18n.catalogs import KEYWORDS, extract
from ctie_helpers.i18n.extract import extract_calls, extract_json

EXERCISE = b'''
from ctie_helpers.widgets import SingleChoice, SortIntoBins

BINS = ["Act", "Means"]
KEY = {"Recruiting workers": "Act", "Lying about the wage": "Means"}


def s9_sort(**kw):
    return SortIntoBins("s9_sort", "Sort each statement.", items=list(KEY), bins=BINS, key=KEY,
                        explanation="The Act is what is done.", noun="statements", **kw)


def s9_pick(**kw):
    return SingleChoice("s9_pick", "Which one?", options={"a": "The first", "b": "The second"}, key="a", **kw)
'''


def _messages(extractor, data: bytes, options: dict[str, str]) -> list:
    return [m[2] for m in extractor(io.BytesIO(data), KEYWORDS, [], options)]


def test_exercise_text_is_read_from_the_widget_calls_and_ids_are_not():
    got = _messages(extract_calls, EXERCISE, {"calls": "SingleChoice SortIntoBins", "positions": "1",
                                              "kwargs": "options items bins explanation noun"})
    assert sorted(got) == sorted(["Sort each statement.", "Recruiting workers", "Lying about the wage", "Act",
                                  "Means", "The Act is what is done.", "statements", "Which one?", "The first",
                                  "The second"])
    # exercise ids and option ids never reach a translator
    assert not {"s9_sort", "s9_pick", "a", "b"} & set(got)


def test_content_data_is_read_by_key_with_a_context_for_short_words():
    doc = {"about": "not for trainees", "items": [{"key": "low", "name": "Low", "why": "Because.", "level": "low",
                                                   "figure": "385"}]}
    got = _messages(extract_json, json.dumps(doc).encode(), {"keys": "name why figure"})
    assert got == ["Low", "Because."]  # "385" is a figure, not words; "about" and "key" are not listed
    ctx = list(extract_json(io.BytesIO(json.dumps(doc).encode()), KEYWORDS, [], {"keys": "", "context_keys": "level"}))
    assert ctx == [(0, "pgettext", ("level", "low"), [])]


def test_the_course_catalog_template_holds_exercises_content_widgets_and_feedback():
    template = extract()
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    # one string of each kind, copied from its source file
    assert "Sort each statement into the element of the definition it belongs to." in ids  # exercises/session1
    assert "Recruiting workers in a displacement camp" in ids  # an exercise statement (its answer id)
    assert "Recruitment is the first of the five Acts; where it happens does not change the element." in ids
    assert "Check answer" in ids  # widgets/base.py
    assert "That option is not the best answer. Read the question again." in ids  # grading/checks.py
    assert "Course map" in ids  # course chrome, as before
    assert "s1_amp_practice" not in ids


def test_graded_explanations_never_reach_the_packaged_catalogs():
    """ctie.po ships to every trainee: a graded item's explanation there would give its key away."""
    from ctie_helpers.content.explanations import read_explanations_file
    from tests.notebook_tools import NOTEBOOKS

    template = extract()
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    leaked = []
    for path in sorted(NOTEBOOKS.glob("session*/graded_explanations.json")):
        session = int(path.parent.name.removeprefix("session").split("_")[0])
        for parts in read_explanations_file(path, session).values():
            leaked += [str(e.why) for e in parts.values() if str(e.why) in ids]
    assert not leaked, leaked[:3]
