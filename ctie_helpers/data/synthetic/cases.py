"""``case_records``: ~20,000 synthetic case records in the CTDC 2024 schema (27 variables, brief 7.2).

Binary blocks hold ``1`` or blank; blank means *not reported*, never "no" (there is no 0 anywhere). Each record
comes from a hidden contributor type, which drives missingness the way it does in CTDC: "hotline" records (35%)
rarely report trafficking duration, often lack age, citizenship, means and recruiter, and never report other
exploitation purposes; "case management" records are fuller.

Rules kept: ``typeOfLabour*`` only when ``isForcedLabour`` is 1; ``typeOfSex*`` only when ``isSexualExploit``
is 1; ``0—8`` and ``9—17`` are the child bands, and no ``0—8`` record has an intimate-partner recruiter.
Shares (brief 11): ~70% women; children ~37%; among records with a purpose, forced labour ~42%, sexual
exploitation ~38%, other ~20%; Family recruiters far more common for children; intimate partners for sexual
exploitation; false promises and debt bondage common in forced labour. Rare citizenships (XGV, XHQ) and the
few trans records leave unique age x gender x citizenship x year combinations for disclosure-control exercises.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctie_helpers.data.geography import COUNTRIES
from ctie_helpers.data.synthetic.schema import Column, coerce

__all__ = ["AGE_BANDS", "BLOCKS", "CHILD_BANDS", "COLUMNS", "DEFAULT_SEED", "GENDERS", "KEY", "case_records"]

DEFAULT_SEED = 7200
KEY: tuple[str, ...] = ()  # case records carry no id on purpose (CTDC releases none)
_BASE_ROWS = 20000

AGE_BANDS = ("0—8", "9—17", "18—20", "21—23", "24—26", "27—29", "30—38", "39—47", "48+")
CHILD_BANDS = AGE_BANDS[:2]
GENDERS = ("Woman", "Man", "Trans/Transgender/NonConforming")
MONTHS = ("0—12", "13—24", "25+")

BLOCKS: dict[str, tuple[str, ...]] = {
    "means": ("meansDebtBondageEarnings", "meansThreats", "meansAbusePsyPhySex", "meansFalsePromises",
              "meansDrugsAlcohol", "meansDenyBasicNeeds", "meansExcessiveWorkHours", "meansWithholdDocs"),
    "purpose": ("isForcedLabour", "isSexualExploit", "isOtherExploit"),
    "labour": ("typeOfLabourAgriculture", "typeOfLabourConstruction", "typeOfLabourDomesticWork",
               "typeOfLabourHospitality"),
    "sex": ("typeOfSexProstitution", "typeOfSexPornography"),
    "recruiter": ("recruiterRelationIntimatePartner", "recruiterRelationFriend", "recruiterRelationFamily",
                  "recruiterRelationOther"),
}

_CITIZENSHIP = {"XAR": 0.52, "XBR": 0.17, "XCA": 0.12, "XDN": 0.10, "XEL": 0.05, "XFN": 0.025, "XGV": 0.01,
                "XHQ": 0.005}
_EXPLOITATION = {"XAR": 0.50, "XBR": 0.17, "XCA": 0.13, "XDN": 0.12, "XEL": 0.05, "XFN": 0.03}

# Share of records with each block blank, by contributor (case management, hotline).
_MISSING = {"age": (0.03, 0.25), "citizenship": (0.02, 0.30), "exploitation": (0.03, 0.10),
            "months": (0.35, 0.92), "purpose": (0.08, 0.15), "means": (0.20, 0.55), "recruiter": (0.35, 0.50),
            "gender": (0.01, 0.04)}

# Probability of each means of control by main purpose (labour, sexual, other), in BLOCKS["means"] order.
_MEANS_P = {
    "labour": (0.45, 0.35, 0.30, 0.50, 0.03, 0.30, 0.30, 0.35),
    "sexual": (0.30, 0.40, 0.50, 0.35, 0.15, 0.30, 0.10, 0.15),
    "other": (0.20, 0.35, 0.35, 0.30, 0.05, 0.25, 0.10, 0.15),
}
# Recruiter relation (intimate partner, friend, family, other) by group.
_RECRUITER_P = {
    "child": (0.03, 0.20, 0.45, 0.32),
    "sexual": (0.30, 0.25, 0.10, 0.35),
    "labour": (0.03, 0.20, 0.10, 0.67),
    "other": (0.10, 0.20, 0.30, 0.40),
}

_BIN_DESC = {
    "means": "means of control reported", "purpose": "purpose of exploitation reported",
    "labour": "type of forced labour (only if isForcedLabour = 1)",
    "sex": "type of sexual exploitation (only if isSexualExploit = 1)", "recruiter": "recruiter's relation",
}
_BIN_HXL = {"means": "#indicator+means", "purpose": "#indicator+purpose", "labour": "#indicator+labour",
            "sex": "#indicator+sexual", "recruiter": "#indicator+recruiter"}

COLUMNS: tuple[Column, ...] = (
    Column("yearOfRegistration", "Int16", "#date+year+registered", "year the person was identified or assisted",
           minimum=2002, maximum=2022),
    Column("gender", "string", "#affected+gender", "gender; blank = not reported", allowed=GENDERS, nullable=True),
    Column("ageBroad", "string", "#affected+age+band", "age band at registration (em-dashes as in the codebook)",
           allowed=AGE_BANDS, nullable=True),
    Column("citizenship", "string", "#affected+citizenship+code", "citizenship (fictional ISO3-style code)",
           allowed=tuple(_CITIZENSHIP), nullable=True),
    Column("CountryOfExploitation", "string", "#country+code+exploitation", "country of exploitation",
           allowed=tuple(_EXPLOITATION), nullable=True),
    Column("traffickMonths", "string", "#indicator+duration+months", "reported duration of trafficking",
           allowed=MONTHS, nullable=True),
    *(Column(name, "Int8", f"{_BIN_HXL[block]}+{name}", f"{_BIN_DESC[block]}: 1 = yes, blank = not reported",
             allowed=(1,), nullable=True)
      for block, names in BLOCKS.items() for name in names),
)

assert len(COLUMNS) == 27 and set(_CITIZENSHIP) <= set(COUNTRIES)


def _draw(rng: np.random.Generator, labels, p, size: int) -> np.ndarray:
    return rng.choice(np.array(labels, dtype=object), size=size, p=np.asarray(p) / np.sum(p))


def _by_group(rng: np.random.Generator, groups: np.ndarray, table: dict, labels) -> np.ndarray:
    """Draw one label per row from ``table[group]`` probabilities (groups in sorted order: reproducible)."""
    out = np.empty(len(groups), dtype=object)
    for g in sorted(table):
        rows = np.flatnonzero(groups == g)
        out[rows] = _draw(rng, labels, table[g], len(rows))
    return out


# np.where's blank: an object array of None, as np.where(mask, None, x) makes (typed for numpy's stubs).
_BLANK = np.array(None, dtype=object)


def case_records(seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """Generate ``round(20000 * scale)`` case records, sorted by year of registration."""
    rng = np.random.default_rng(seed)
    n = max(100, int(round(_BASE_ROWS * scale)))
    years = np.arange(2002, 2023)
    # Registrations grow with capacity, with a surge after the 2016 crisis in Ardania.
    w = np.exp(0.12 * (years - 2002)) * np.where((years >= 2016) & (years <= 2018), 1.6, 1.0)
    year = np.sort(_draw(rng, years, w, n).astype(int))
    hotline = (rng.random(n) < 0.35) & (year >= 2010)
    contrib = hotline.astype(int)

    def missing(block: str) -> np.ndarray:
        return rng.random(n) < np.array(_MISSING[block])[contrib]

    gender = _draw(rng, GENDERS, (0.70, 0.293, 0.007), n)
    child = rng.random(n) < 0.37
    age = np.where(child, _draw(rng, CHILD_BANDS, (0.15, 0.85), n),
                   _draw(rng, AGE_BANDS[2:], (0.16, 0.17, 0.15, 0.13, 0.22, 0.11, 0.06), n))
    group = np.where(gender == "Man", "m", "f") + np.where(child, "c", "a")
    purpose = _by_group(rng, group, {"fa": (0.37, 0.45, 0.18), "fc": (0.22, 0.55, 0.23),
                                     "ma": (0.72, 0.05, 0.23), "mc": (0.45, 0.08, 0.47)},
                        ("labour", "sexual", "other"))
    cols: dict[str, np.ndarray] = {}
    one = lambda mask: np.where(mask, 1.0, np.nan)  # noqa: E731 - 1 or blank, never 0

    # Purpose: a main purpose plus, rarely, sexual and labour exploitation together.
    both = rng.random(n) < 0.06
    fl = (purpose == "labour") | (both & (purpose == "sexual"))
    se = (purpose == "sexual") | (both & (purpose == "labour"))
    ot = purpose == "other"
    no_purpose = missing("purpose") | (hotline & ot & ~fl & ~se)  # hotlines do not report other purposes
    ot &= ~hotline
    fl, se, ot = fl & ~no_purpose, se & ~no_purpose, ot & ~no_purpose
    cols.update(isForcedLabour=fl, isSexualExploit=se, isOtherExploit=ot)

    lab = _by_group(rng, np.where(gender == "Man", "m", "f"),
                    {"f": (0.22, 0.05, 0.45, 0.15, 0.13), "m": (0.35, 0.35, 0.05, 0.12, 0.13)},
                    ("Agriculture", "Construction", "DomesticWork", "Hospitality", "none"))
    for name in BLOCKS["labour"]:
        cols[name] = fl & (lab == name.removeprefix("typeOfLabour"))
    sex_type = _draw(rng, ("Prostitution", "Pornography", "both", "none"), (0.84, 0.08, 0.04, 0.04), n)
    cols["typeOfSexProstitution"] = se & np.isin(sex_type, ["Prostitution", "both"])
    cols["typeOfSexPornography"] = se & np.isin(sex_type, ["Pornography", "both"])

    means_p = np.array([_MEANS_P[p] for p in purpose])
    means = rng.random((n, 8)) < means_p
    none = ~means.any(axis=1)
    means[none, rng.integers(0, 8, n)[none]] = True  # a reported means block has at least one entry
    means &= ~missing("means")[:, None]
    for j, name in enumerate(BLOCKS["means"]):
        cols[name] = means[:, j]

    rec_group = np.where(child, "child", purpose)
    relation = _by_group(rng, rec_group, _RECRUITER_P, ("IntimatePartner", "Friend", "Family", "Other"))
    relation = np.where((age == "0—8") & (relation == "IntimatePartner"), "Family", relation)
    second = np.where(rng.random(n) < 0.07, _draw(rng, ("Friend", "Other"), (0.5, 0.5), n), "")
    no_rec = missing("recruiter")
    for name in BLOCKS["recruiter"]:
        label = name.removeprefix("recruiterRelation")
        cols[name] = ((relation == label) | (second == label)) & ~no_rec

    citizenship = _draw(rng, list(_CITIZENSHIP), list(_CITIZENSHIP.values()), n)
    exploitation = np.where(rng.random(n) < 0.25, citizenship,
                            _draw(rng, list(_EXPLOITATION), list(_EXPLOITATION.values()), n))
    exploitation = np.where(np.isin(exploitation, list(_EXPLOITATION)), exploitation, "XAR")
    months = _draw(rng, MONTHS, (0.60, 0.22, 0.18), n)
    df = pd.DataFrame({
        "yearOfRegistration": year,
        "gender": np.where(missing("gender"), _BLANK, gender),
        "ageBroad": np.where(missing("age"), _BLANK, age),
        "citizenship": np.where(missing("citizenship"), _BLANK, citizenship),
        "CountryOfExploitation": np.where(missing("exploitation"), _BLANK, exploitation),
        "traffickMonths": np.where(missing("months"), _BLANK, months),
    })
    for c in COLUMNS[6:]:
        df[c.name] = pd.array(one(cols[c.name]), dtype="Float64").astype("Int8")
    return coerce(df, COLUMNS)
