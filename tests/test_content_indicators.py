"""Indicator registry: 29 entries (25 course + 4 aggregated-count proxies), valid framework cells, columns from DEVELOPERS.md, HXL hashtags."""

from __future__ import annotations

import re

import pytest

from ctie_helpers import content
from ctie_helpers.content import indicator_registry as reg
from ctie_helpers.content.columns import DATASET_COLUMNS, SYNTHETIC_COLUMNS


def _developers_columns(repo_root) -> dict[str, set[str]]:
    """Columns per dataset as DEVELOPERS.md pins them (case_records: the brief's 27 CTDC variables)."""
    text = (repo_root / "DEVELOPERS.md").read_text(encoding="utf-8")
    block = text.split("## Synthetic dataset columns", 1)[1].split("\n## ", 1)[0]
    out: dict[str, set[str]] = {}
    for bullet in block.split("\n- ")[1:]:
        names = re.findall(r"`([A-Za-z0-9_]+)`", bullet)
        if names:
            out[names[0]] = set(names[1:])
    # DEVELOPERS.md defers case_records to the domain brief's 7.2 table, which lives beside the
    # repository in a development checkout; a bare clone falls back to the committed CSV's header.
    brief = repo_root.parent / "shared/domain/ctie_domain_brief.md"
    if brief.exists():
        table = brief.read_text(encoding="utf-8").split("### 7.2", 1)[1].split("###", 1)[0]
        out["case_records"] = set(re.findall(r"^\| \d+ \| (\w+) \|", table, flags=re.MULTILINE))
    else:
        out["case_records"] = set(_csv_header(repo_root, "case_records"))
    return out


def _csv_header(repo_root, dataset: str) -> list[str]:
    path = repo_root / "data" / "synthetic" / f"{dataset}.csv"
    if not path.exists():
        pytest.skip(f"{path} not generated")
    with path.open(encoding="utf-8") as fh:
        return fh.readline().strip().split(",")


def test_the_column_contract_matches_developers_md(repo_root):
    pinned = _developers_columns(repo_root)
    assert len(pinned["case_records"]) == 27
    for dataset, columns in DATASET_COLUMNS.items():
        assert set(columns) == pinned[dataset], dataset


def test_every_indicator_with_a_dataset_names_only_pinned_columns(repo_root):
    pinned = _developers_columns(repo_root)
    for ind in content.indicators():
        if ind.dataset is None:
            assert not ind.columns and not ind.by_columns
            continue
        used = set(ind.input_columns) | set(ind.by_columns)
        assert used <= pinned[ind.dataset], (ind.id, used - pinned[ind.dataset])


@pytest.mark.parametrize("dataset", sorted(SYNTHETIC_COLUMNS))
def test_committed_synthetic_files_carry_every_indicator_column(repo_root, dataset):
    header = set(_csv_header(repo_root, dataset))
    for ind in content.indicators_for(dataset=dataset):
        assert set(ind.input_columns) | set(ind.by_columns) <= header, ind.id


def test_29_indicators_in_sequence_with_provenance():
    inds = content.indicators()
    assert [i.id for i in inds] == [f"IND-{n:02d}" for n in range(1, 30)]
    assert reg.PROVENANCE == "adapted from IOM practice"
    assert all(i.provenance == "adapted from IOM practice" for i in inds)
    assert all(i.definition and i.numerator and i.denominator and i.unit and i.sources for i in inds)


def test_levels_categories_and_pim_sources_are_valid_keys():
    level_keys = {lv.key for lv in content.levels()}
    cat_keys = {c.key for c in content.categories()}
    pim_keys = {c.key for c in content.matrix()}
    for ind in content.indicators():
        assert set(ind.levels) <= level_keys and set(ind.categories) <= cat_keys
        assert ind.pim_categories and set(ind.pim_categories) <= pim_keys
        assert ind.aggregation in (*reg.AGGREGATIONS, None)


@pytest.mark.parametrize(
    ("ind_id", "level", "categories"),
    [  # brief 6.5
        ("IND-01", "individual", ("risk",)),
        ("IND-03", "individual", ("manifestation",)),
        ("IND-05", "household", ("risk",)),
        ("IND-07", "household", ("risk", "manifestation")),
        ("IND-13", "community", ("protective",)),
        ("IND-16", "structural", ("protective",)),
        ("IND-17", "structural", ("protective", "response")),
        ("IND-19", "structural", ("context",)),
        ("IND-23", "community", ("response",)),
    ],
)
def test_known_framework_placement(ind_id, level, categories):
    ind = content.indicator(ind_id)
    assert ind.level == level and ind.categories == categories


def test_multi_level_indicators_place_in_every_cell():
    assert content.indicator("IND-24").levels == ("structural", "community")
    assert set(content.indicator("IND-25").cells) == {("household", "risk"), ("community", "risk")}
    assert content.indicator("IND-21").aggregated


@pytest.mark.parametrize(
    ("ind_id", "dataset", "columns", "aggregation"),
    [
        ("IND-03", "flow_monitoring", ("any_yes",), "proportion"),
        ("IND-05", "household_survey", ("debt_cannot_repay",), "weighted_proportion"),
        ("IND-09", "household_survey", ("female_headed", "child_headed"), "weighted_proportion"),
        ("IND-10", "sites_assessment", ("recruiters_reported",), "proportion"),
        ("IND-16", None, (), None),
        ("IND-21", "case_records", (), "count"),
    ],
)
def test_known_dataset_columns(ind_id, dataset, columns, aggregation):
    ind = content.indicator(ind_id)
    assert (ind.dataset, ind.columns, ind.aggregation) == (dataset, columns, aggregation)


def test_weighted_indicators_read_the_design_weight_and_ratios_their_denominator():
    assert "weight" in content.indicator("IND-25").input_columns
    ind02 = content.indicator("IND-02")
    assert ind02.denominator_column == "pop_total" and ind02.input_columns == ("uasc_count", "pop_total")


def test_indicators_for_filters_on_any_level_or_category():
    community = {i.id for i in content.indicators_for(level="community")}
    assert {"IND-10", "IND-14", "IND-24", "IND-25"} <= community and "IND-01" not in community
    protective = {i.id for i in content.indicators_for(category="protective")}
    assert protective == {"IND-04", "IND-13", "IND-16", "IND-17"}
    assert {i.id for i in content.indicators_for(level="household", category="manifestation")} == {"IND-06", "IND-07"}
    assert len(content.indicators_for(dataset="sites_assessment")) == 7
    with pytest.raises(KeyError):
        content.indicators_for(level="national")


def test_indicator_lookup_is_forgiving_about_spelling():
    assert content.indicator("ind-7") is content.indicator("IND-07")
    with pytest.raises(KeyError, match="IND-30"):
        content.indicator("IND-30")


def test_hxl_tags_are_well_formed_and_one_to_one_with_columns():
    index = content.hxl_index()
    pattern = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")
    assert all(pattern.match(tag) for tag in index)
    columns = [(e.dataset, e.column) for e in index.values() if e.column]
    assert len(columns) == len(set(columns))  # one tag per column
    assert all(len(e.indicator_ids) == 1 for e in index.values() if e.column is None)
    assert all(ind.hxl for ind in content.indicators())


def test_hxl_index_known_entries():
    index = content.hxl_index()
    rec = index["#affected+recruiters+reported"]
    assert (rec.dataset, rec.column, rec.indicator_ids) == ("sites_assessment", "recruiters_reported", ("IND-10",))
    assert index["#population+total+num"].indicator_ids == ("IND-02", "IND-20")
    assert index["#indicator+tip_law+exists"].column is None


def test_registry_frame():
    frame = reg.indicators_frame()
    assert len(frame) == 29 and frame.loc[frame.id == "IND-10", "dataset"].item() == "sites_assessment"


def test_location_count_proxies_are_ratios_of_two_count_columns_with_a_source_note():
    """IND-26 ... IND-29: what a DTM mobility-tracking baseline carries, one row per location."""
    wanted = {"IND-26": "migrants_no_permit", "IND-27": "migrants_shelter_workplace",
              "IND-28": "migrants_children", "IND-29": "migrants_arrived_recent"}
    for ind_id, column in wanted.items():
        ind = content.indicator(ind_id)
        assert (ind.dataset, ind.columns, ind.denominator_column, ind.aggregation) == (
            "mobility_baseline", (column,), "migrants_total", "proportion")
        assert "community" in ind.levels and ind.provenance == "adapted from IOM practice"
        assert ind.note and ind.note.startswith("Source:") and "DTM mobility-tracking baseline" in ind.note
    assert content.hxl_index()["#population+migrants+num"].indicator_ids == tuple(wanted)
