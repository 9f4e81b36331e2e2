"""``key_informants``: every KI's answers behind ``sites_assessment`` (2-4 KIs per site and round).

Same simulation and seed as the site assessment, so that each site's value there is :func:`consensus` of the
answers here. KIs disagree as real ones do: a KI with direct knowledge reports a true risk 90% of the time and
raises a false alarm 3% of the time (hearsay: 78% and 8%); any KI says "don't know" (blank) 4% of the time.
"""

from __future__ import annotations

import pandas as pd

from ctie_helpers.data.geography import ADMIN1, ADMIN2
from ctie_helpers.data.synthetic import site_assessment
from ctie_helpers.data.synthetic.schema import Column, coerce
from ctie_helpers.data.synthetic.sites import INDICATORS, KI_ROLES, consensus, simulate_sites

__all__ = ["COLUMNS", "DEFAULT_SEED", "KEY", "consensus", "key_informants"]

#: Shared with ``sites_assessment``: the KIs and the site consensus come from one simulation.
DEFAULT_SEED = site_assessment.DEFAULT_SEED
KEY = ("ki_id",)

COLUMNS: tuple[Column, ...] = (
    Column("ki_id", "string", "#meta+ki+id", "KI interview id: <site>-R<round>-K<n> (no names)"),
    Column("round", "Int8", "#date+round", "1 = before the crisis shock, 2 = after", allowed=(1, 2)),
    Column("site_pcode", "string", "#loc+code", "site P-code"),
    Column("admin1_pcode", "string", "#adm1+code", "province P-code", allowed=tuple(a.pcode for a in ADMIN1)),
    Column("admin2_pcode", "string", "#adm2+code", "district P-code", allowed=tuple(a.pcode for a in ADMIN2)),
    Column("ki_role", "string", "#contact+role", "the KI's role in the community", allowed=KI_ROLES),
    Column("ki_sex", "string", "#contact+sex", "the KI's sex", allowed=("female", "male")),
    Column("knowledge_source", "string", "#meta+knowledge",
           "direct knowledge or hearsay (brief 9.2)", allowed=("direct", "hearsay")),
    *(Column(c.name, "Int8", c.hxl + "+ki",
             c.description.replace("; KI consensus, 1 = yes", "; this KI's answer, 1 = yes, blank = don't know"),
             allowed=(0, 1), nullable=True)
      for c in site_assessment.COLUMNS if c.name in INDICATORS),
)


def key_informants(seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """Generate the KI answers, sorted by round, site and KI number."""
    _, kis = simulate_sites(seed, scale)
    return coerce(kis, COLUMNS)
