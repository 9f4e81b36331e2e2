"""The fictional Republic of Ardania: the only place in the workbook that names places.

Every synthetic dataset, scenario and exercise takes its countries, admin units, P-codes and site names from
here, so that nothing in the workbook can point at a real place or community. Country codes use the ISO 3166
user-assigned ``X..`` range, which is never given to a real country; P-codes all start ``XA``.

Admin levels: admin1 ``XA01``…``XA05`` (provinces), admin2 ``XA0101``… (districts, 14 in all),
sites ``XA0101S001``… (displacement sites and host-community locations, built by :func:`site_list`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "ADMIN1",
    "ADMIN2",
    "COUNTRIES",
    "COUNTRY_CODE",
    "COUNTRY_NAME",
    "NEIGHBOURS",
    "OTHER_COUNTRIES",
    "SITE_TYPES",
    "Admin1",
    "Admin2",
    "admin1_name",
    "admin2_name",
    "admin2_of",
    "is_fictional_pcode",
    "site_list",
]

COUNTRY_CODE = "XAR"
COUNTRY_NAME = "Republic of Ardania"

#: Neighbours, used for citizenship and nationality.
NEIGHBOURS: dict[str, str] = {"XBR": "Borvia", "XCA": "Calvera", "XDN": "Dunmark"}

#: Further-away fictional countries: rare citizenships/destinations in case and flow data, so that
#: disclosure-control exercises meet small groups.
OTHER_COUNTRIES: dict[str, str] = {
    "XEL": "Elmoria",
    "XFN": "Fennhaven",
    "XGV": "Gravonia",
    "XHQ": "Halqueria",
}

COUNTRIES: dict[str, str] = {COUNTRY_CODE: "Ardania", **NEIGHBOURS, **OTHER_COUNTRIES}


@dataclass(frozen=True)
class Admin1:
    """A province of Ardania."""

    pcode: str
    name: str


@dataclass(frozen=True)
class Admin2:
    """A district of Ardania; ``weight`` is its share of the site list (more sites where more people live)."""

    pcode: str
    name: str
    admin1_pcode: str
    weight: float


ADMIN1: tuple[Admin1, ...] = (
    Admin1("XA01", "Velmora"),
    Admin1("XA02", "Quessary"),
    Admin1("XA03", "Tarnholt"),
    Admin1("XA04", "Ostrevan"),
    Admin1("XA05", "Lysandar"),
)

ADMIN2: tuple[Admin2, ...] = (
    Admin2("XA0101", "Korvessa", "XA01", 1.2),
    Admin2("XA0102", "Mirraden", "XA01", 0.9),
    Admin2("XA0103", "Thalvenor", "XA01", 0.7),
    Admin2("XA0201", "Quessary Central", "XA02", 1.4),
    Admin2("XA0202", "Brennwick", "XA02", 0.8),
    Admin2("XA0203", "Ulvarro", "XA02", 1.1),
    Admin2("XA0301", "Tarnholt Lowlands", "XA03", 1.0),
    Admin2("XA0302", "Essavin", "XA03", 0.8),
    Admin2("XA0303", "Drevokar", "XA03", 0.6),
    Admin2("XA0401", "Ostrevan Coast", "XA04", 1.3),
    Admin2("XA0402", "Palmerrow", "XA04", 1.1),
    Admin2("XA0403", "Zhovenka", "XA04", 0.7),
    Admin2("XA0501", "Lysandar Plateau", "XA05", 0.9),
    Admin2("XA0502", "Orvanne", "XA05", 0.5),
)

#: Site types with the label used in site names and the share of sites of that type.
SITE_TYPES: dict[str, tuple[str, float]] = {
    "camp": ("Camp", 0.30),
    "collective_centre": ("Collective Centre", 0.20),
    "informal_settlement": ("Informal Settlement", 0.25),
    "host_community": ("Host Community", 0.25),
}

# The site list does not depend on any dataset's seed: every dataset that mentions a site (assessment,
# household survey clusters, key informants) must agree on its P-code, name, district and type.
_SITE_SEED = 20200101
_BASE_SITES = 500

_ADMIN1_BY_CODE = {a.pcode: a for a in ADMIN1}
_ADMIN2_BY_CODE = {a.pcode: a for a in ADMIN2}


def admin1_name(pcode: str) -> str:
    """Name of the province with P-code ``pcode`` (``KeyError`` if it is not an Ardanian admin1)."""
    return _ADMIN1_BY_CODE[pcode].name


def admin2_name(pcode: str) -> str:
    """Name of the district with P-code ``pcode`` (``KeyError`` if it is not an Ardanian admin2)."""
    return _ADMIN2_BY_CODE[pcode].name


def admin2_of(admin1_pcode: str) -> list[Admin2]:
    """Districts of one province, in P-code order."""
    return [a for a in ADMIN2 if a.admin1_pcode == admin1_pcode]


def is_fictional_pcode(code: str) -> bool:
    """True when ``code`` is an Ardanian P-code (admin1, admin2 or site) known to this registry's format."""
    if not isinstance(code, str) or not code.startswith("XA"):
        return False
    if code in _ADMIN1_BY_CODE or code in _ADMIN2_BY_CODE:
        return True
    head, sep, tail = code.partition("S")
    return bool(sep) and head in _ADMIN2_BY_CODE and tail.isdigit() and len(tail) >= 3


def site_list(scale: float = 1.0) -> pd.DataFrame:
    """The master list of sites: ``round(500 * scale)`` sites spread over the 14 districts.

    Parameters
    ----------
    scale
        Multiplies the number of sites (benchmarks use large scales; the committed data use 1).

    Returns
    -------
    pandas.DataFrame
        ``site_pcode, site_name, admin1_pcode, admin1_name, admin2_pcode, admin2_name, site_type``,
        sorted by P-code. Site names are ``"<district> <type label> <nn>"``: plainly fictional.
    """
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    n_sites = max(len(ADMIN2), int(round(_BASE_SITES * scale)))
    rng = np.random.default_rng(_SITE_SEED)
    weights = np.array([a.weight for a in ADMIN2])
    # Every district gets at least one site, the rest in proportion to the weights (largest remainders).
    quota = weights / weights.sum() * (n_sites - len(ADMIN2))
    counts = 1 + np.floor(quota).astype(int)
    short = n_sites - counts.sum()
    counts[np.argsort(-(quota - np.floor(quota)), kind="stable")[:short]] += 1

    type_keys = list(SITE_TYPES)
    type_p = np.array([SITE_TYPES[k][1] for k in type_keys])
    rows = []
    for district, n in zip(ADMIN2, counts, strict=True):
        types = rng.choice(len(type_keys), size=n, p=type_p)
        per_type: dict[str, int] = {}
        for i, t in enumerate(types, start=1):
            key = type_keys[t]
            per_type[key] = per_type.get(key, 0) + 1
            rows.append(
                (
                    f"{district.pcode}S{i:03d}",
                    f"{district.name} {SITE_TYPES[key][0]} {per_type[key]:02d}",
                    district.admin1_pcode,
                    admin1_name(district.admin1_pcode),
                    district.pcode,
                    district.name,
                    key,
                )
            )
    columns = ["site_pcode", "site_name", "admin1_pcode", "admin1_name", "admin2_pcode", "admin2_name", "site_type"]
    return pd.DataFrame(rows, columns=columns).astype("string")
