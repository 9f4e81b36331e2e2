"""The synthetic datasets as files: typed loading, schema checks, byte-identical regeneration, the CLI, cards."""

from __future__ import annotations

import pandas as pd
import pytest

import ctie_helpers.data as data
from ctie_helpers.cli import main as ctie
from ctie_helpers.data import geography
from ctie_helpers.data.registry import DATASETS, SchemaError, dataset, generate, load, validate_frame
from ctie_helpers.data.synthetic.build import dataset_files, verify, write_datasets
from ctie_helpers.data.synthetic.schema import read_csv_typed, to_csv_bytes
from ctie_helpers.paths import DATA_DIR

NAMES = list(DATASETS)
EXPECTED_ROWS = {"sites_assessment": 1000, "household_survey": 3000, "flow_monitoring": 5000,
                 "case_records": 20000, "service_lists": 15, "secondary_sources": 60}


def test_registry_lists_the_seven_datasets_in_order():
    assert data.list_datasets() == [
        "sites_assessment", "household_survey", "flow_monitoring", "case_records", "service_lists",
        "secondary_sources", "key_informants",
    ]
    with pytest.raises(KeyError, match="known: sites_assessment"):
        dataset("no_such_dataset")


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_loads_with_declared_dtypes_and_passes_its_schema(name):
    spec = dataset(name)
    df = data.load(name)
    assert list(df.columns) == [c.name for c in spec.columns]
    for c in spec.columns:
        got = df[c.name].dtype
        if c.dtype == "date":
            assert pd.api.types.is_datetime64_any_dtype(got), c.name
        elif c.dtype == "string":
            assert isinstance(got, pd.StringDtype), c.name
        else:
            assert str(got) == c.dtype, c.name
    if name in EXPECTED_ROWS:
        assert len(df) == EXPECTED_ROWS[name]
    assert spec.hxl and all(tag.startswith("#") for tag in spec.hxl.values())
    assert spec.description and spec.model and spec.planted


@pytest.mark.parametrize("name", NAMES)
def test_committed_file_is_under_two_megabytes(name):
    assert (DATA_DIR / dataset(name).file_name).stat().st_size < 2_000_000


def test_verify_reproduces_every_committed_file_byte_for_byte():
    assert verify(DATA_DIR) == []


def test_generators_are_pure_functions_of_seed_and_scale():
    a = generate("flow_monitoring", seed=5, scale=0.1)
    b = generate("flow_monitoring", seed=5, scale=0.1)
    c = generate("flow_monitoring", seed=6, scale=0.1)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 500 and not a.equals(c)


@pytest.mark.parametrize("name,base", [("case_records", 20000), ("flow_monitoring", 5000),
                                       ("sites_assessment", 1000), ("household_survey", 3000)])
def test_scale_multiplies_rows_and_output_stays_valid(name, base):
    df = generate(name, scale=0.2)
    assert len(df) == pytest.approx(base * 0.2, rel=0.05)
    validate_frame(name, df)


def test_csv_text_is_deterministic_and_round_trips_through_the_loader():
    spec = dataset("sites_assessment")
    df = generate("sites_assessment", scale=0.1)
    raw = to_csv_bytes(df, spec.columns)
    assert b"\r" not in raw and raw.endswith(b"\n")
    assert raw == to_csv_bytes(generate("sites_assessment", scale=0.1), spec.columns)
    import io

    back = read_csv_typed(io.BytesIO(raw), spec.columns)
    pd.testing.assert_frame_equal(back, df)


def test_verify_names_a_file_that_differs_or_is_missing(tmp_path):
    write_datasets(tmp_path, only=["service_lists", "secondary_sources"])
    assert verify(tmp_path, only=["service_lists", "secondary_sources"]) == []
    csv = tmp_path / "service_lists.csv"
    csv.write_bytes(csv.read_bytes().replace(b"\n", b"\r\n"))
    (tmp_path / "secondary_sources.md").unlink()
    problems = verify(tmp_path, only=["service_lists", "secondary_sources"])
    assert len(problems) == 2
    assert "service_lists.csv: differs" in problems[0]
    assert "secondary_sources.md: missing" in problems[1]


def test_cli_generate_then_verify_and_exit_code_on_a_tampered_file(tmp_path, capsys):
    out = tmp_path / "syn"
    assert ctie(["data", "generate", "--out", str(out), "--only", "service_lists"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["service_lists.csv", "service_lists.md"]
    assert ctie(["data", "verify", "--dir", str(out), "--only", "service_lists", "--quiet"]) == 0
    assert capsys.readouterr().out.count("wrote") == 2
    (out / "service_lists.csv").write_text("list_a,list_b,list_c,list_d,count\n")
    assert ctie(["data", "verify", "--dir", str(out), "--only", "service_lists"]) == 1
    assert "service_lists.csv: differs" in capsys.readouterr().err
    assert ctie(["data", "generate", "--scale", "0", "--out", str(out)]) == 2


def test_cli_verify_on_the_committed_files(capsys):
    assert ctie(["data", "verify", "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def _corrupt(tmp_path, name, edit):
    df = load(name)
    df = edit(df)
    path = tmp_path / f"{name}.csv"
    path.write_bytes(to_csv_bytes(df, dataset(name).columns))
    return path


def test_load_rejects_a_value_outside_the_allowed_set(tmp_path):
    path = _corrupt(tmp_path, "sites_assessment", lambda d: d.assign(
        site_type=d["site_type"].where(d.index != 4, "hotel")))
    with pytest.raises(SchemaError, match=r"'site_type' row 5 has 'hotel'"):
        load("sites_assessment", path)


def test_load_rejects_a_zero_in_a_ctdc_binary_block(tmp_path):
    def zero(d):
        d = d.copy()
        d.loc[10, "meansThreats"] = 0
        return d

    with pytest.raises(SchemaError, match="meansThreats"):
        load("case_records", _corrupt(tmp_path, "case_records", zero))


def test_load_rejects_broken_cross_column_rules(tmp_path):
    def labour_without_purpose(d):
        d = d.copy()
        row = d.index[d["typeOfLabourAgriculture"].notna()][0]
        d.loc[row, "isForcedLabour"] = pd.NA
        return d

    with pytest.raises(SchemaError, match="labour type without isForcedLabour"):
        load("case_records", _corrupt(tmp_path, "case_records", labour_without_purpose))
    with pytest.raises(SchemaError, match="pop_female"):
        load("sites_assessment", _corrupt(tmp_path, "sites_assessment",
                                          lambda d: d.assign(pop_male=d["pop_male"] + 1)))


def test_load_rejects_missing_columns_blank_ids_and_missing_files(tmp_path):
    path = tmp_path / "service_lists.csv"
    path.write_text("list_a,list_b,count\n1,0,3\n")
    with pytest.raises(SchemaError, match="missing columns: list_c, list_d"):
        load("service_lists", path)
    blank = _corrupt(tmp_path, "household_survey", lambda d: d.assign(
        hh_id=d["hh_id"].where(d.index != 0, pd.NA)))
    with pytest.raises(SchemaError, match="'hh_id' is blank in row 1"):
        load("household_survey", blank)
    with pytest.raises(FileNotFoundError, match="ctie data generate"):
        load("service_lists", tmp_path / "nope.csv")


@pytest.mark.parametrize("name", NAMES)
def test_data_card_states_synthetic_columns_hxl_seed_and_patterns(name):
    spec = dataset(name)
    card = (DATA_DIR / spec.card_name).read_text(encoding="utf-8")
    assert "Synthetic — not real people or places" in card
    assert f"seed={spec.default_seed}" in card
    for c in spec.columns:
        assert f"| `{c.name}` | {c.dtype}" in card and f"`{c.hxl}`" in card
    for pattern in spec.planted:
        assert pattern in card
    assert card == dataset_files(name)[spec.card_name].decode("utf-8")


def test_no_real_places_every_pcode_and_country_code_is_fictional():
    pcode_cols = {"site_pcode", "admin1_pcode", "admin2_pcode", "cluster_id", "stratum"}
    country_cols = {"nationality", "citizenship", "CountryOfExploitation"}
    names = {a.name for a in geography.ADMIN1} | {a.name for a in geography.ADMIN2}
    sites = geography.site_list()
    for name in NAMES:
        df = load(name)
        for col in pcode_cols & set(df.columns):
            values = set(df[col].dropna())
            assert all(v.startswith("XA") and geography.is_fictional_pcode(v) for v in values), (name, col)
        for col in country_cols & set(df.columns):
            assert set(df[col].dropna()) <= set(geography.COUNTRIES), (name, col)
        for col in {"admin1_name", "admin2_name"} & set(df.columns):
            assert set(df[col]) <= names
        if "site_name" in df.columns:
            assert set(df["site_name"]) <= set(sites["site_name"])
    assert all(code.startswith("X") for code in geography.COUNTRIES)


def test_review_excerpts_are_shown_translated_and_keep_places_and_figures():
    # The data stay English; a trainee in French or Spanish reads the excerpt through its template's translation.
    from ctie_helpers.data import load
    from ctie_helpers.data.synthetic.secondary_sources import excerpt_text, source_type_label

    text = "One household in 37 at sites in Essavin is headed by a woman alone, and a handful by adolescents."
    assert excerpt_text(text, "fr") == ("Dans les sites de Essavin, un ménage sur 37 est dirigé par une femme seule, "
                                        "et quelques-uns par des adolescents.")
    assert excerpt_text(text, "en") == text
    restated = ("Authorities identified 12 victims last year, up from the year before, while prosecutions stayed in "
                "single digits. (Restated in a later update, round 2.)")
    assert excerpt_text(restated, "es").endswith("no pasaron de un dígito. (Reiterado en una actualización posterior, "
                                                 "ronda 2.)")
    assert excerpt_text("A text no template wrote.", "fr") == "A text no template wrote."
    assert source_type_label("ngo_report", "fr") == "rapport d'ONG"
    # every excerpt of the data set is read back into a template, so none is left in English
    texts = load("secondary_sources")["text"]
    assert all(excerpt_text(t, "fr") != t for t in texts)
