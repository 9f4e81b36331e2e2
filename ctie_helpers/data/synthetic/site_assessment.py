"""``sites_assessment``: ~500 sites x 2 rounds of a KI site/location assessment (DTM-style baseline).

Columns follow the contract in DEVELOPERS.md; the five CT proxies are the site-level consensus of the
``key_informants`` answers (same simulation, same seed).
"""

from __future__ import annotations

import pandas as pd

from ctie_helpers.data.geography import ADMIN1, ADMIN2, SITE_TYPES
from ctie_helpers.data.synthetic.schema import Column, coerce
from ctie_helpers.data.synthetic.sites import INDICATORS, RECRUITER_RISE_DISTRICTS, simulate_sites

__all__ = ["COLUMNS", "DEFAULT_SEED", "KEY", "sites_assessment"]

DEFAULT_SEED = 410
KEY = ("round", "site_pcode")

_PROXY_TEXT = {
    "recruiters_reported": ("#affected+recruiters+reported", "KIs report recruiters/brokers offering jobs abroad or in cities (IND-10)"),
    "children_working_outside": ("#affected+children+working_outside+reported", "KIs report children working outside the site (IND-11)"),
    "armed_group_presence": ("#affected+armed_groups+reported", "KIs report presence or recruitment by armed groups (IND-12)"),
    "protection_mechanism_functioning": (
        "#capacity+protection+community+functioning", "a community-based protection mechanism is functioning (IND-13)"),
    "safety_concerns_women_girls": (
        "#affected+f+safety_concerns+reported", "KIs report safety concerns for women and girls (IND-14)"),
}

COLUMNS: tuple[Column, ...] = (
    Column("round", "Int8", "#date+round", "1 = before the crisis shock, 2 = after", allowed=(1, 2)),
    Column("site_pcode", "string", "#loc+code", "site P-code (XA0101S001...)"),
    Column("site_name", "string", "#loc+name", "site name (fictional)"),
    Column("admin1_pcode", "string", "#adm1+code", "province P-code", allowed=tuple(a.pcode for a in ADMIN1)),
    Column("admin1_name", "string", "#adm1+name", "province name", allowed=tuple(a.name for a in ADMIN1)),
    Column("admin2_pcode", "string", "#adm2+code", "district P-code", allowed=tuple(a.pcode for a in ADMIN2)),
    Column("admin2_name", "string", "#adm2+name", "district name", allowed=tuple(a.name for a in ADMIN2)),
    Column("site_type", "string", "#loc+type", "kind of site", allowed=tuple(SITE_TYPES)),
    Column("pop_total", "Int64", "#population+total+num", "people living at the site", minimum=1),
    Column("pop_female", "Int64", "#population+f", "women and girls", minimum=0),
    Column("pop_male", "Int64", "#population+m", "men and boys", minimum=0),
    Column("pop_children", "Int64", "#population+children", "children under 18", minimum=0),
    Column("uasc_count", "Int64", "#affected+children+uasc+num", "unaccompanied or separated children", minimum=0),
    Column("pct_without_documents", "float64", "#indicator+nodocs+pct",
           "% of residents without identity documents (KI estimate)", minimum=0, maximum=100, decimals=1),
    Column("ki_count", "Int8", "#meta+ki+num", "key informants interviewed at the site this round", minimum=2, maximum=4),
    *(Column(name, "Int8", tag, text + "; KI consensus, 1 = yes", allowed=(0, 1))
      for name, (tag, text) in _PROXY_TEXT.items()),
    Column("ki_agreement", "float64", "#meta+ki+agreement",
           "mean share of answering KIs who agree with the consensus, over the five questions",
           minimum=0, maximum=1, decimals=2),
)

assert tuple(_PROXY_TEXT) == INDICATORS


def sites_assessment(seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """Generate the site assessment: ``round(500 * scale)`` sites x 2 rounds, sorted by round and site.

    Recruiter reports rise after the shock in the districts :data:`RECRUITER_RISE_DISTRICTS`.
    """
    sites, _ = simulate_sites(seed, scale)
    return coerce(sites, COLUMNS)


__all__ += ["RECRUITER_RISE_DISTRICTS"]
