"""Bad content files fail loudly: a ValueError naming the file and the entry, never a silent skip.

Each test copies the bundled JSON to a temporary folder, breaks one thing, and points the loaders at
the copy; caches are cleared before and after so no other test sees the broken data.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest

import ctie_helpers.content as content
from ctie_helpers.content import (
    _base,
    agenda,
    challenges,
    crisis,
    data_responsibility,
    data_types,
    framework,
    headline_figures,
    indicator_registry,
    legal,
    pim,
    reading,
    sources,
)

_MODULES = (agenda, challenges, crisis, data_responsibility, data_types, framework, headline_figures,
            indicator_registry, legal, pim, reading, sources)


def _clear_caches() -> None:
    for module in _MODULES:
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@pytest.fixture
def edit(tmp_path, monkeypatch) -> Callable[[str, Callable[[dict], None]], None]:
    """Return ``edit(file, change)``: apply ``change`` to a private copy of one data file."""
    data = tmp_path / "data"
    shutil.copytree(_base.DATA_DIR, data)
    monkeypatch.setattr(_base, "DATA_DIR", data)
    _clear_caches()

    def _edit(name: str, change: Callable[[dict], None]) -> None:
        doc = json.loads((data / name).read_text(encoding="utf-8"))
        change(doc)
        (data / name).write_text(json.dumps(doc), encoding="utf-8")
        _clear_caches()

    yield _edit
    _clear_caches()


def _session(n: int) -> str:
    return f"curriculum_session{n}.json"


def test_an_untouched_copy_validates(edit):
    content.validate_all()


def test_duplicate_agenda_id(edit):
    edit("curriculum.json", lambda d: d["points"][2].update(id="1.2"))
    with pytest.raises(ValueError, match=r"curriculum\.json: 1\.2: expected id 1\.3"):
        content.curriculum()


def test_missing_agenda_point(edit):
    def drop(d):
        d["points"] = [p for p in d["points"] if p["id"] != "5.8"]
    edit("curriculum.json", drop)
    with pytest.raises(ValueError, match=r"curriculum\.json: session 5: has 7 agenda points, expected 8"):
        content.curriculum()


def test_exercise_id_from_another_session(edit):
    edit(_session(2), lambda d: d["points"][3].update(exercises=["s1_amp_elements"]))
    with pytest.raises(ValueError, match=r"curriculum_session2\.json: 2\.4: .*belongs to session 1"):
        content.curriculum()


@pytest.mark.parametrize("bad", ["S2_caps", "s2-dash", "s2_", "amp_elements", 7])
def test_malformed_exercise_id(edit, bad):
    edit(_session(2), lambda d: d["points"][0].update(exercises=[bad]))
    with pytest.raises(ValueError, match=r"curriculum_session2\.json: 2\.1: exercise id"):
        content.curriculum()


def test_misspelt_teaching_field(edit):
    def typo(d):
        d["points"][0]["exercise"] = d["points"][0].pop("exercises")
    edit(_session(3), typo)
    with pytest.raises(ValueError, match=r"curriculum_session3\.json: 3\.1: missing key\(s\) exercises"):
        content.curriculum()


def test_teaching_map_of_an_unknown_point(edit):
    edit(_session(4), lambda d: d["points"].append({"id": "4.9", "notebook": None, "section": None, "exercises": []}))
    with pytest.raises(ValueError, match=r"curriculum_session4\.json: 4\.9: not an agenda point"):
        content.curriculum()


def test_filled_teaching_map_is_read(edit):
    def fill_first_blank_second(d):
        d["points"][0].update(notebook="01_definitions", section="Act, means, purpose", exercises=["s1_amp_elements"])
        d["points"][1].update(notebook=None, section=None, exercises=[])  # the real map is filled: blank one

    edit(_session(1), fill_first_blank_second)
    point = content.agenda_point("1.1")
    assert point.exercises == ("s1_amp_elements",)
    assert point.notebook_path == "session1_tip_basics/01_definitions.ipynb"
    assert point not in agenda.unmapped() and content.agenda_point("1.2") in agenda.unmapped()


def test_bad_notebook_name(edit):
    edit(_session(1), lambda d: d["points"][0].update(notebook="definitions.ipynb"))
    with pytest.raises(ValueError, match=r"curriculum_session1\.json: 1\.1: notebook"):
        content.curriculum()


def test_indicator_with_an_unknown_column(edit):
    edit("indicators.json", lambda d: d["indicators"][4].update(columns=["debt"]))
    with pytest.raises(ValueError, match=r"indicators\.json: IND-05: columns \['debt'\] are not in household_survey"):
        content.indicators()


def test_indicator_with_an_unknown_category(edit):
    edit("indicators.json", lambda d: d["indicators"][0].update(categories=["vulnerability"]))
    with pytest.raises(ValueError, match=r"indicators\.json: IND-01: categories"):
        content.indicators()


def test_indicator_without_provenance_label(edit):
    edit("indicators.json", lambda d: d["indicators"][9].update(provenance="IOM Guide, chapter 6"))
    with pytest.raises(ValueError, match=r"IND-10: provenance must be 'adapted from IOM practice'"):
        content.indicators()


def test_registry_without_provenance_label(edit):
    edit("indicators.json", lambda d: d.update(provenance=""))
    with pytest.raises(ValueError, match=r"indicators\.json: provenance"):
        content.indicators()


def test_malformed_hxl_tag(edit):
    edit("indicators.json", lambda d: d["indicators"][9]["hxl"][0].update(tag="affected+recruiters"))
    with pytest.raises(ValueError, match=r"IND-10: HXL hashtag 'affected\+recruiters' is malformed"):
        content.indicators()


def test_hxl_tag_reused_for_another_column(edit):
    edit("indicators.json", lambda d: d["indicators"][10]["hxl"][0].update(tag="#affected+recruiters+reported"))
    with pytest.raises(ValueError, match=r"IND-11: HXL hashtag #affected\+recruiters\+reported already names"):
        content.indicators()


def test_column_without_hxl_tag(edit):
    edit("indicators.json", lambda d: d["indicators"][1].update(hxl=d["indicators"][1]["hxl"][:1]))
    with pytest.raises(ValueError, match=r"IND-02: columns \['pop_total'\] have no HXL hashtag"):
        content.indicators()


def test_figure_without_source(edit):
    edit("figures.json", lambda d: d["figures"][0].update(source=" "))
    with pytest.raises(ValueError, match=r"figures\.json: gems2017_total: needs a source"):
        content.figures()


def test_figure_with_a_non_numeric_value(edit):
    edit("figures.json", lambda d: d["figures"][0].update(value="40.3 million"))
    with pytest.raises(ValueError, match=r"figures\.json: gems2017_total: value"):
        content.figures()


def test_factor_with_an_unknown_level(edit):
    edit("factor_bank.json", lambda d: d["factors"][0].update(level="national"))
    with pytest.raises(ValueError, match=r"factor_bank\.json: F001: level 'national'"):
        framework.factors()


def test_pim_principle_out_of_order(edit):
    def swap(d):
        d["principles"][0], d["principles"][1] = d["principles"][1], d["principles"][0]
    edit("pim.json", swap)
    with pytest.raises(ValueError, match=r"pim\.json: principle Do no harm: agenda_point '2\.4', expected '2\.3'"):
        content.principles()


def test_criteria_row_contradicting_article_3(edit):
    edit("legal.json", lambda d: d["criteria"][1].update(trafficking=True))
    with pytest.raises(ValueError, match=r"legal\.json: criteria row 2: .*Art\. 3 gives False"):
        legal.criteria()


def test_reading_for_a_session_that_does_not_exist(edit):
    edit("reading.json", lambda d: d["resources"][0].update(sessions=[6]))
    with pytest.raises(ValueError, match=r"reading\.json: eu_handbook_2009: sessions"):
        content.readings()


def test_broken_json_names_the_line(edit, tmp_path):
    (_base.DATA_DIR / "pim.json").write_text('{\n  "definition": ,\n}', encoding="utf-8")
    _clear_caches()
    with pytest.raises(ValueError, match=r"pim\.json: line 2: not valid JSON"):
        content.principles()


def test_data_type_with_an_unknown_sensitivity(edit):
    edit("data_types.json", lambda d: d["types"][0].update(sensitivity=["secret"]))
    with pytest.raises(ValueError, match=r"data_types\.json: context: sensitivity"):
        data_types.data_types()
