"""The XLSForm builder: the form it writes converts with the real pyxform, consent first."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from ctie_helpers.methods.xlsform import build_xlsform, choice_name, convert, xlsform_sheets

OPTS = ("Yes", "No", "Don't know", "Prefer not to answer")
SAMPLE = [
    {"name": "recruiters_offered_jobs", "indicator": "IND-10", "choices": OPTS,
     "label": "In the last 3 months, have people come to this site offering jobs in the city or abroad?"},
    {"name": "children_work_outside", "indicator": "IND-11", "choices": OPTS,
     "label": "In the last 3 months, have children from this site gone to work outside the site?"},
    {"name": "coping", "type": "select_multiple", "indicator": "IND-08",
     "label": "In the last 30 days, what did the household do to cope with a lack of money?",
     "choices": ("Sold assets", "Borrowed money", "Sent a child to work", "None of these", "Don't know",
                 "Prefer not to answer")},
    {"name": "hh_size", "type": "integer", "indicator": "IND-09", "label": "How many people live here?"},
    {"name": "thanks", "type": "note", "label": "Thank you. Here is how to contact the help desk."},
]


def test_sample_converts_with_pyxform(tmp_path):
    path = tmp_path / "form.xlsx"
    data = build_xlsform(SAMPLE, path, form_title="Site KI form", form_id="site_ki")
    assert path.read_bytes() == data
    xform, warnings = convert(path)
    assert warnings == []
    assert 'id="site_ki"' in xform and "recruiters_offered_jobs" in xform
    assert xform.index("consent") < xform.index("recruiters_offered_jobs")
    assert convert(data)[0] == xform  # bytes and path give the same form


def test_sheets_layout_and_choices():
    sheets = xlsform_sheets(SAMPLE)
    assert set(sheets) == {"survey", "choices", "settings"}
    assert sheets["survey"][0][:3] == ["type", "name", "label"]
    names = [row[1] for row in sheets["choices"] if row[0] == "coping_opts"]
    assert names == ["sold_assets", "borrowed_money", "sent_a_child_to_work", "none_of_these", "dont_know",
                     "prefer_not_to_answer"]


def test_workbook_has_the_three_sheets(tmp_path):
    build_xlsform(SAMPLE, tmp_path / "f.xlsx")
    assert load_workbook(tmp_path / "f.xlsx").sheetnames == ["survey", "choices", "settings"]


def test_choice_name():
    assert choice_name("Don't know") == "dont_know" and choice_name("3 or more") == "o_3_or_more"


@pytest.mark.parametrize("bad, message", [
    ({"name": "1st", "label": "x", "type": "text"}, "must start with a letter"),
    ({"name": "loc", "label": "x", "type": "geopoint"}, "not supported"),
    ({"name": "q", "label": "x", "type": "select_one"}, "no choices"),
])
def test_bad_questions_give_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        xlsform_sheets([bad])


def test_duplicate_names_rejected():
    with pytest.raises(ValueError, match="unique"):
        xlsform_sheets([SAMPLE[0], SAMPLE[0]])
