"""The synthetic-dataset column contract that the indicator registry refers to.

A copy of DEVELOPERS.md "Synthetic dataset columns" (and, for ``case_records``, the 27 CTDC 2024
variables of domain brief 7.2). ``tests/test_content_indicators.py`` re-reads DEVELOPERS.md so this copy
cannot drift from the shared contract unnoticed. Only datasets whose columns are pinned there appear here;
:data:`AGGREGATED_COLUMNS` adds the location-level count files analysts bring (no synthetic file).
"""

from __future__ import annotations

__all__ = ["AGGREGATED_COLUMNS", "DATASET_COLUMNS", "SYNTHETIC_COLUMNS", "WEIGHT_COLUMN"]

#: The design-weight column of the household survey, used by "weighted_proportion" indicators.
WEIGHT_COLUMN = "weight"

SYNTHETIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "sites_assessment": (
        "round", "site_pcode", "site_name", "admin1_pcode", "admin1_name", "admin2_pcode", "admin2_name",
        "site_type", "pop_total", "pop_female", "pop_male", "pop_children", "uasc_count",
        "pct_without_documents", "ki_count", "recruiters_reported", "children_working_outside",
        "armed_group_presence", "protection_mechanism_functioning", "safety_concerns_women_girls", "ki_agreement",
    ),
    "household_survey": (
        "hh_id", "stratum", "cluster_id", "admin1_pcode", "admin2_pcode", "weight", "hh_head_sex",
        "hh_head_age", "hh_size", "displacement_status", "female_headed", "child_headed",
        "debt_cannot_repay", "member_lost_contact", "child_marriage_coping", "crisis_coping",
        "children_out_of_school", "aware_reporting", "no_id_documents",
    ),
    "flow_monitoring": (
        "respondent_id", "interview_date", "sex", "age", "age_group", "nationality", "route_type",
        "journey_days", "fm_worked_unpaid", "fm_forced_work", "fm_offered_marriage", "fm_held_against_will",
        "fm_organs_offer", "any_yes", "round",
    ),
    "case_records": (
        "yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation", "traffickMonths",
        "meansDebtBondageEarnings", "meansThreats", "meansAbusePsyPhySex", "meansFalsePromises",
        "meansDrugsAlcohol", "meansDenyBasicNeeds", "meansExcessiveWorkHours", "meansWithholdDocs",
        "isForcedLabour", "isSexualExploit", "isOtherExploit", "typeOfLabourAgriculture",
        "typeOfLabourConstruction", "typeOfLabourDomesticWork", "typeOfLabourHospitality",
        "typeOfSexProstitution", "typeOfSexPornography", "recruiterRelationIntimatePartner",
        "recruiterRelationFriend", "recruiterRelationFamily", "recruiterRelationOther",
    ),
}

#: Location-level count files as aggregated secondary data is published (one row per location, counts of
#: people): the shape of a DTM mobility-tracking baseline. No synthetic file: the analyst brings one (the
#: tests write their own). Pinned in DEVELOPERS.md like the synthetic datasets.
AGGREGATED_COLUMNS: dict[str, tuple[str, ...]] = {
    "mobility_baseline": (
        "round", "location_pcode", "location_name", "admin1_pcode", "admin1_name", "admin2_pcode", "admin2_name",
        "migrants_total", "migrants_no_permit", "migrants_shelter_workplace", "migrants_children",
        "migrants_arrived_recent",
    ),
}

#: Every dataset shape a registry indicator may name.
DATASET_COLUMNS: dict[str, tuple[str, ...]] = {**SYNTHETIC_COLUMNS, **AGGREGATED_COLUMNS}
