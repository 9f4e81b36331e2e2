"""Every pattern planted in the synthetic datasets is really there, computed independently of the generators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ctie_helpers.data import geography
from ctie_helpers.data.registry import dataset, generate, load
from ctie_helpers.data.synthetic.key_informants import consensus

KI_QUESTIONS = ["recruiters_reported", "children_working_outside", "armed_group_presence",
                "protection_mechanism_functioning", "safety_concerns_women_girls"]


@pytest.fixture(scope="module")
def sites():
    return load("sites_assessment")


# --- sites_assessment -------------------------------------------------------------------------------------

def test_recruiter_reports_rise_in_exactly_the_two_named_districts(sites):
    share = sites.groupby(["admin2_pcode", "round"])["recruiters_reported"].mean().unstack()
    rise = (share[2] - share[1]).astype(float)
    hot = set(dataset("sites_assessment").metadata["recruiter_rise_districts"])
    assert hot == {"XA0203", "XA0402"}
    assert set(rise.nlargest(2).index) == hot
    assert (rise[list(hot)] >= 0.25).all()
    others = rise.drop(list(hot))
    assert len(others) == 12 and others.abs().max() <= 0.15


def test_sites_have_both_rounds_and_population_adds_up(sites):
    rounds = sites.groupby("site_pcode")["round"].agg(lambda r: tuple(sorted(r.tolist())))
    assert len(rounds) == 500 and all(r == (1, 2) for r in rounds)
    assert (sites["pop_female"] + sites["pop_male"] == sites["pop_total"]).all()
    by_round = sites.groupby("round")["pop_total"].sum()
    assert by_round[2] > by_round[1]  # the shock brings people into sites
    assert (sites["uasc_count"].between(1, 4)).sum() > 50  # small cells for SDC exercises


# --- key_informants ---------------------------------------------------------------------------------------

def test_site_consensus_is_the_majority_of_its_key_informants(sites):
    kis = load("key_informants")
    merged = 0
    for (rnd, site), group in kis.groupby(["round", "site_pcode"], sort=False):
        row = sites[(sites["round"] == rnd) & (sites["site_pcode"] == site)].iloc[0]
        assert row["ki_count"] == len(group)
        assert row["admin2_pcode"] == group["admin2_pcode"].iloc[0]
        for q in KI_QUESTIONS:
            assert consensus(group[q]) == row[q], (rnd, site, q)
        merged += 1
    assert merged == len(sites)


def test_consensus_rule_counts_ties_as_yes_and_ignores_dont_know():
    assert consensus(pd.array([1, 0], dtype="Int8")) == 1
    assert consensus(pd.array([1, 0, 0], dtype="Int8")) == 0
    assert consensus(pd.array([1, pd.NA, 0, 1], dtype="Int8")) == 1
    assert consensus(pd.array([pd.NA, pd.NA], dtype="Int8")) == 0


def test_key_informants_disagree_realistically():
    kis = load("key_informants")
    grouped = kis.groupby(["round", "site_pcode"])
    disagree = np.mean([(grouped[q].nunique() > 1).mean() for q in KI_QUESTIONS])
    assert 0.10 <= disagree <= 0.35
    assert kis["ki_id"].is_unique
    assert kis[KI_QUESTIONS].isna().to_numpy().mean() == pytest.approx(0.04, abs=0.015)
    assert set(kis.loc[kis["ki_role"] == "womens_group_rep", "ki_sex"]) == {"female"}


# --- household_survey -------------------------------------------------------------------------------------

def anova_icc(df: pd.DataFrame, y: str, cluster: str = "cluster_id") -> float:
    """One-way ANOVA estimator of the intra-cluster correlation (unequal cluster sizes)."""
    d = df[[cluster, y]].dropna()
    values = d[y].astype(float)
    groups = values.groupby(d[cluster])
    sizes, means = groups.size(), groups.mean()
    n, a = sizes.sum(), len(sizes)
    msb = (sizes * (means - values.mean()) ** 2).sum() / (a - 1)
    msw = ((values - groups.transform("mean")) ** 2).sum() / (n - a)
    k0 = (n - (sizes**2).sum() / n) / (a - 1)
    return float((msb - msw) / (msb + (k0 - 1) * msw))


def test_household_icc_is_near_point_one_so_design_effects_are_real():
    hh = load("household_survey")
    assert 0.08 <= anova_icc(hh, "debt_cannot_repay") <= 0.12
    for col in ["member_lost_contact", "child_marriage_coping", "crisis_coping", "children_out_of_school",
                "aware_reporting", "no_id_documents"]:
        assert 0.05 <= anova_icc(hh, col) <= 0.16, col
    # Sanity of the estimator: households shuffled across clusters have no ICC.
    shuffled = hh.assign(cluster_id=hh["cluster_id"].sample(frac=1, random_state=0).to_numpy())
    assert abs(anova_icc(shuffled, "debt_cannot_repay")) < 0.03


def test_household_design_two_stages_with_weights_summing_to_the_frame(sites):
    hh = load("household_survey")
    assert hh.groupby("cluster_id").size().eq(20).all()
    assert hh.groupby("stratum")["cluster_id"].nunique().eq(30).all()
    assert (hh["stratum"] == hh["admin1_pcode"]).all()
    round2 = sites[sites["round"] == 2].set_index("site_pcode")
    assert set(hh["cluster_id"]) <= set(round2.index)
    assert (round2.loc[hh["cluster_id"], "admin2_pcode"].to_numpy() == hh["admin2_pcode"].to_numpy()).all()
    frame_households = (round2["pop_total"].astype(float) / 5.5).round().clip(lower=20).groupby(round2["admin1_pcode"]).sum()
    weight_sums = hh.groupby("stratum")["weight"].sum()
    assert np.allclose(weight_sums, frame_households[weight_sums.index], rtol=0.001)
    # Weights are inverse selection probabilities: never below 1, constant inside a cluster.
    assert (hh["weight"] >= 1).all() and hh.groupby("cluster_id")["weight"].nunique().eq(1).all()


def test_household_flags_follow_the_head_and_schooling_blank_means_not_asked():
    hh = load("household_survey")
    assert ((hh["female_headed"] == 1) == (hh["hh_head_sex"] == "female")).all()
    assert ((hh["child_headed"] == 1) == (hh["hh_head_age"] < 18)).all()
    blank = hh["children_out_of_school"].isna()
    assert 0.05 < blank.mean() < 0.4
    assert hh.loc[blank, "hh_size"].le(2).mean() > hh.loc[~blank, "hh_size"].le(2).mean()


# --- flow_monitoring --------------------------------------------------------------------------------------

def test_flow_any_yes_share_and_gradient_by_route_and_journey():
    fm = load("flow_monitoring")
    assert 0.05 <= fm["any_yes"].mean() <= 0.15
    by_route = fm.groupby("route_type")["any_yes"].mean()
    assert by_route["irregular"] >= 2 * by_route["regular"]
    long = fm["journey_days"] > fm["journey_days"].median()
    assert fm.loc[long, "any_yes"].mean() >= 1.5 * fm.loc[~long, "any_yes"].mean()
    quartile = pd.qcut(fm["journey_days"].astype(float), 4, labels=False, duplicates="drop")
    assert fm.groupby(quartile)["any_yes"].mean().is_monotonic_increasing


def test_flow_any_yes_is_the_composite_and_organs_blank_where_not_asked():
    fm = load("flow_monitoring")
    questions = ["fm_worked_unpaid", "fm_forced_work", "fm_offered_marriage", "fm_held_against_will",
                 "fm_organs_offer"]
    composite = fm[questions].fillna(0).max(axis=1)
    assert (composite == fm["any_yes"]).all()
    asked = fm["interview_date"].dt.month.isin([4, 5, 6, 7, 8, 9])
    assert fm.loc[~asked, "fm_organs_offer"].isna().all()
    assert fm.loc[asked, "fm_organs_offer"].notna().all()
    assert fm[questions[:4]].notna().all().all()
    assert (fm["round"] == fm["interview_date"].dt.month).all()
    assert fm["interview_date"].is_monotonic_increasing


# --- case_records -----------------------------------------------------------------------------------------

CTDC_2024 = [
    "yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation", "traffickMonths",
    "meansDebtBondageEarnings", "meansThreats", "meansAbusePsyPhySex", "meansFalsePromises", "meansDrugsAlcohol",
    "meansDenyBasicNeeds", "meansExcessiveWorkHours", "meansWithholdDocs", "isForcedLabour", "isSexualExploit",
    "isOtherExploit", "typeOfLabourAgriculture", "typeOfLabourConstruction", "typeOfLabourDomesticWork",
    "typeOfLabourHospitality", "typeOfSexProstitution", "typeOfSexPornography",
    "recruiterRelationIntimatePartner", "recruiterRelationFriend", "recruiterRelationFamily",
    "recruiterRelationOther",
]


@pytest.fixture(scope="module")
def cases():
    return load("case_records")


def test_case_records_have_the_27_ctdc_variables_and_blank_never_zero(cases):
    assert list(cases.columns) == CTDC_2024
    binary = CTDC_2024[6:]
    assert set(pd.unique(cases[binary].stack().dropna().astype(int))) == {1}
    raw = (dataset("case_records").file_name)
    from ctie_helpers.paths import DATA_DIR

    text = (DATA_DIR / raw).read_text(encoding="utf-8")
    assert ",0," not in text and not any(line.endswith(",0") for line in text.splitlines())
    assert set(cases["ageBroad"].dropna()) == {"0—8", "9—17", "18—20", "21—23", "24—26", "27—29", "30—38",
                                               "39—47", "48+"}  # em-dashes, as in the codebook


def test_case_records_consistency_rules(cases):
    labour = cases.filter(like="typeOfLabour").notna().any(axis=1)
    sex = cases.filter(like="typeOfSex").notna().any(axis=1)
    assert (cases.loc[labour, "isForcedLabour"] == 1).all()
    assert (cases.loc[sex, "isSexualExploit"] == 1).all()
    assert labour.sum() > 3000 and sex.sum() > 3000
    young = cases["ageBroad"] == "0—8"
    assert cases.loc[young, "recruiterRelationIntimatePartner"].isna().all()


def test_case_records_shares_follow_the_brief(cases):
    gender = cases["gender"].value_counts(normalize=True)
    assert 0.65 <= gender["Woman"] <= 0.75 and gender["Trans/Transgender/NonConforming"] < 0.01
    known_age = cases["ageBroad"].dropna()
    assert 0.33 <= known_age.isin(["0—8", "9—17"]).mean() <= 0.41
    purpose = cases[["isForcedLabour", "isSexualExploit", "isOtherExploit"]]
    reported = purpose.notna().any(axis=1)
    shares = purpose[reported].fillna(0).mean()  # the codebook's denominator rule
    assert 0.38 <= shares["isForcedLabour"] <= 0.50 and 0.34 <= shares["isSexualExploit"] <= 0.46
    assert 0.12 <= shares["isOtherExploit"] <= 0.25


def test_family_recruiters_more_common_for_children(cases):
    rec = cases.filter(like="recruiterRelation")
    reported = rec.notna().any(axis=1) & cases["ageBroad"].notna()
    child = cases["ageBroad"].isin(["0—8", "9—17"])
    family_child = rec.loc[reported & child, "recruiterRelationFamily"].notna().mean()
    family_adult = rec.loc[reported & ~child, "recruiterRelationFamily"].notna().mean()
    assert family_child >= 2.5 * family_adult
    partner = rec["recruiterRelationIntimatePartner"].notna()
    assert cases.loc[reported & partner & ~child, "isSexualExploit"].notna().mean() > 0.6


def test_contributor_style_missingness(cases):
    assert cases["traffickMonths"].isna().mean() > 0.4
    assert cases["yearOfRegistration"].notna().all()
    # Missingness hangs together by record (one contributor type), not independently per column.
    months_missing = cases["traffickMonths"].isna()
    assert cases.loc[months_missing, "citizenship"].isna().mean() > 2 * cases.loc[~months_missing,
                                                                                  "citizenship"].isna().mean()


def test_rare_quasi_identifier_combinations_exist_for_disclosure_control(cases):
    qi = ["ageBroad", "gender", "citizenship", "yearOfRegistration"]
    complete = cases.dropna(subset=qi)
    sizes = complete.groupby(qi).size()
    unique = sizes[sizes == 1]
    assert len(unique) >= 3
    rare = unique.reset_index()
    assert rare["citizenship"].isin(["XGV", "XHQ"]).any()
    assert (rare["gender"] == "Trans/Transgender/NonConforming").any()


# --- service_lists ----------------------------------------------------------------------------------------

def test_capture_history_table_is_complete_and_consistent_with_the_true_population():
    table = load("service_lists")
    n_true = dataset("service_lists").metadata["true_population"]
    assert n_true == 1200 == generate("service_lists").attrs["true_population"]
    lists = ["list_a", "list_b", "list_c", "list_d"]
    assert len(table) == 15 and not table.duplicated(lists).any()
    assert not (table[lists] == 0).all(axis=1).any()  # 0000 cannot be observed
    observed = int(table["count"].sum())
    assert 0.4 * n_true < observed < 0.75 * n_true
    for a in lists:
        for b in lists:
            if a < b:
                assert table.loc[(table[a] == 1) & (table[b] == 1), "count"].sum() > 0, (a, b)


def test_lists_a_and_b_depend_positively_and_two_list_estimates_fall_short():
    table = load("service_lists")
    n_true = dataset("service_lists").metadata["true_population"]

    def two_by_two(a, b):
        t = table.groupby([a, b])["count"].sum()
        return {k: int(v) for k, v in t.items()}

    ab = two_by_two("list_a", "list_b")
    # Odds ratio among the observed (the 0,0 cell is only partly observed, which understates it).
    assert ab[(1, 1)] * ab[(0, 0)] / (ab[(1, 0)] * ab[(0, 1)]) > 1.5
    lists = ["list_a", "list_b", "list_c", "list_d"]
    for i, a in enumerate(lists):
        for b in lists[i + 1:]:
            t = two_by_two(a, b)
            n_a, n_b, m = t[(1, 0)] + t[(1, 1)], t[(0, 1)] + t[(1, 1)], t[(1, 1)]
            assert n_a * n_b / m < n_true, (a, b)  # Lincoln-Petersen under heterogeneity
    t = two_by_two("list_a", "list_b")
    assert (t[(1, 0)] + t[(1, 1)]) * (t[(0, 1)] + t[(1, 1)]) / t[(1, 1)] < 0.6 * n_true


# --- secondary_sources ------------------------------------------------------------------------------------

def test_secondary_sources_tags_use_the_framework_keys_and_cover_every_indicator():
    from ctie_helpers.content import categories, levels

    src = load("secondary_sources")
    assert 55 <= len(src) <= 65 and src["text"].is_unique
    level_keys, category_keys = {lv.key for lv in levels()}, {c.key for c in categories()}
    for col, allowed in (("level", level_keys), ("category", category_keys)):
        tags = src[col].str.split(";").explode()
        assert set(tags) <= allowed, col
    ids = set(src["indicator_ids"].str.split(";").explode())
    assert ids == {f"IND-{i:02d}" for i in range(1, 26)}
    assert (src["indicator_ids"].str.contains(";") | src["level"].str.contains(";")).sum() >= 5
    by_type = src.groupby("source_type")["reliability"].mean()
    assert by_type["media"] < by_type["assessment"]
    mentioned = src["admin2_pcode"].dropna()
    assert mentioned.map(geography.admin2_name).notna().all()
    for _, row in src.dropna(subset=["admin2_pcode"]).iterrows():
        assert geography.admin2_name(row["admin2_pcode"]) in row["text"]


def test_hxl_tags_agree_with_the_indicator_registry():
    from ctie_helpers.content.columns import AGGREGATED_COLUMNS
    from ctie_helpers.content.indicator_registry import hxl_index

    for tag, entry in hxl_index().items():
        if entry.dataset in AGGREGATED_COLUMNS:
            # analysts' location-count files have no synthetic twin: the column must be one that shape names
            assert entry.column in AGGREGATED_COLUMNS[entry.dataset], (entry.dataset, entry.column)
        elif entry.dataset:
            assert dataset(entry.dataset).hxl[entry.column] == tag, (entry.dataset, entry.column)
    seen: dict[str, tuple[str, str]] = {}
    for name in ("sites_assessment", "household_survey", "flow_monitoring", "key_informants"):
        for col, tag in dataset(name).hxl.items():
            if tag in seen and col not in {"round", "site_pcode", "admin1_pcode", "admin2_pcode"}:
                raise AssertionError(f"{tag} labels both {seen[tag]} and {(name, col)}")
            seen.setdefault(tag, (name, col))
