"""Cross-column rules each synthetic dataset keeps, beyond what a per-column schema can say.

Each rule function takes the typed frame and returns a list of problems (empty when the data are sound);
``ctie_helpers.data.load`` raises on the first list that is not empty.
"""

from __future__ import annotations

import pandas as pd

from ctie_helpers.data.synthetic.cases import BLOCKS, CHILD_BANDS

__all__ = ["RULES", "case_record_rules", "household_rules", "service_list_rules", "site_rules"]


def _rows(mask: pd.Series) -> str:
    rows = (mask[mask.fillna(False).astype(bool)].index[:5] + 1).tolist()
    return ", ".join(map(str, rows))


def site_rules(df: pd.DataFrame) -> list[str]:
    """Population by sex adds up; children and UASC fit inside the population."""
    problems = []
    if (bad := df["pop_female"] + df["pop_male"] != df["pop_total"]).any():
        problems.append(f"pop_female + pop_male != pop_total in rows {_rows(bad)}")
    if (bad := df["pop_children"] > df["pop_total"]).any():
        problems.append(f"pop_children > pop_total in rows {_rows(bad)}")
    if (bad := df["uasc_count"] > df["pop_children"]).any():
        problems.append(f"uasc_count > pop_children in rows {_rows(bad)}")
    return problems


def household_rules(df: pd.DataFrame) -> list[str]:
    """Head-of-household flags agree with the head's sex and age."""
    problems = []
    if (bad := (df["female_headed"] == 1) != (df["hh_head_sex"] == "female")).any():
        problems.append(f"female_headed disagrees with hh_head_sex in rows {_rows(bad)}")
    if (bad := (df["child_headed"] == 1) != (df["hh_head_age"] < 18)).any():
        problems.append(f"child_headed disagrees with hh_head_age in rows {_rows(bad)}")
    return problems


def case_record_rules(df: pd.DataFrame) -> list[str]:
    """CTDC consistency: labour types need forced labour, sex types need sexual exploitation; no 0 codes."""
    problems = []
    for block, flag in (("labour", "isForcedLabour"), ("sex", "isSexualExploit")):
        typed = df[list(BLOCKS[block])].notna().any(axis=1)
        if (bad := typed & df[flag].isna()).any():
            problems.append(f"{block} type without {flag} = 1 in rows {_rows(bad)}")
    binary = [c for names in BLOCKS.values() for c in names]
    if (bad := (df[binary] == 0).any(axis=1)).any():
        problems.append(f"0 in a binary block (blank means not reported) in rows {_rows(bad)}")
    young = df["ageBroad"] == CHILD_BANDS[0]
    if (bad := young & df["recruiterRelationIntimatePartner"].notna()).any():
        problems.append(f"intimate-partner recruiter for a child aged 0—8 in rows {_rows(bad)}")
    return problems


def service_list_rules(df: pd.DataFrame) -> list[str]:
    """A capture-history table: no 0000 row, each history once."""
    lists = [c for c in df.columns if c.startswith("list_")]
    problems = []
    if (bad := (df[lists] == 0).all(axis=1)).any():
        problems.append(f"unobservable all-zero history in rows {_rows(bad)}")
    return problems


RULES = {
    "sites_assessment": site_rules,
    "household_survey": household_rules,
    "case_records": case_record_rules,
    "service_lists": service_list_rules,
}
