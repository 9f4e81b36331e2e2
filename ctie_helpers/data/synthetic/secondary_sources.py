"""``secondary_sources``: ~60 short excerpts from fictional reports about Ardania, tagged for a tagging lab.

Each excerpt has a fictional source, its type, a publication date, a reliability rating (1 = low: single or
unverified account; 2 = medium; 3 = high: documented method), an optional location and reference tags: the
framework level(s), analysis category(ies) (brief 5.4) and indicator id(s) (brief 6.5) it gives evidence for,
each ";"-joined when there are several. The texts are our own, written for this workbook from templates; the
generator fills in districts and figures, so the same situation reads differently from place to place.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from ctie_helpers.data.geography import ADMIN1, ADMIN2, admin1_name
from ctie_helpers.data.synthetic.schema import Column, coerce
from ctie_helpers.i18n.catalog import N_, gettext

__all__ = ["CATEGORIES", "COLUMNS", "DEFAULT_SEED", "KEY", "LEVELS", "SOURCE_TYPES", "excerpt_text",
           "secondary_sources", "source_type_label"]

DEFAULT_SEED = 60
KEY = ("excerpt_id",)
LEVELS = ("individual", "household", "community", "structural")
#: Analysis categories of brief 5.4: context & crisis drivers, risk factors, protective factors & capacities,
#: TIP manifestations, response & service gaps.
CATEGORIES = ("context", "risk", "protective", "manifestation", "response")
SOURCE_TYPES = ("assessment", "protection_monitoring", "media", "government", "academic", "ngo_report")

_SOURCES = {
    "assessment": ("Ardania Site Monitoring Unit", "Inter-Agency Rapid Needs Assessment Team"),
    "protection_monitoring": ("Ardania Protection Working Group", "Border Protection Monitoring Network"),
    "media": ("The Ardanian Courier", "Radio Velmora"),
    "government": ("Ardanian Ministry of Social Affairs", "National Anti-Trafficking Commission of Ardania"),
    "academic": ("Lysandar University Migration Centre", "Tarnholt Institute for Social Research"),
    "ngo_report": ("Women's Forum of Ardania", "Children First Ardania"),
}
# Reliability by source type: media is usually low, documented assessments high.
_RELIABILITY_P = {"assessment": (0.05, 0.35, 0.60), "protection_monitoring": (0.10, 0.50, 0.40),
                  "media": (0.60, 0.35, 0.05), "government": (0.20, 0.50, 0.30),
                  "academic": (0.05, 0.35, 0.60), "ngo_report": (0.25, 0.55, 0.20)}

# (source type, levels, categories, indicator ids, text). {d} district, {p} province, {x}/{y} figures.
_TEMPLATES: tuple[tuple[str, str, str, str, str], ...] = (
    ("assessment", "individual", "risk", "IND-01",
     N_("In {d}, about {x}% of newly arrived families told enumerators they had left their identity papers behind when they fled.")),
    ("assessment", "individual", "risk", "IND-02",
     N_("Site staff in {d} counted {y} children living without a parent or usual caregiver, most of them boys aged 12 to 17.")),
    ("protection_monitoring", "individual", "manifestation", "IND-03",
     N_("Of people interviewed at crossing points near {d}, roughly {x}% said they had worked on the way without being paid what was promised.")),
    ("ngo_report", "individual", "protective", "IND-04",
     N_("After information sessions in {d}, more women could name the hotline number, but few men knew where to report abuse at work.")),
    ("assessment", "household", "risk", "IND-05",
     N_("Households in {d} describe borrowing from shopkeepers and landlords; around {x}% say they see no way of repaying.")),
    ("protection_monitoring", "household", "manifestation", "IND-06",
     N_("Families in {d} reported sons who left for construction jobs in the capital and stopped answering their phones after a few weeks.")),
    ("ngo_report", "household;community", "risk;manifestation", "IND-07",
     N_("Women's groups in {d} say that marrying daughters early is now discussed openly as a way to reduce the number of mouths to feed.")),
    ("assessment", "household", "risk", "IND-08",
     N_("In {p}, {x}% of surveyed households had sold productive assets or sent a child to work in the past month.")),
    ("assessment", "household", "risk", "IND-09",
     N_("One household in {y} at sites in {d} is headed by a woman alone, and a handful by adolescents.")),
    ("protection_monitoring", "community", "manifestation", "IND-10",
     N_("Residents of sites in {d} describe men arriving by car with offers of well-paid work across the border in {c}, asking for no papers.")),
    ("media", "community", "manifestation", "IND-10",
     N_("A radio caller from {d} said recruiters were collecting young people from the camp gate at dawn; the report could not be confirmed.")),
    ("assessment", "community", "risk;manifestation", "IND-11",
     N_("Key informants at {y} sites in {d} said children leave the site every morning to work in fields or at the market.")),
    ("protection_monitoring", "community", "manifestation", "IND-12",
     N_("Community leaders in {d} report that an armed group has been enlisting boys from displaced families with promises of food and pay.")),
    ("ngo_report", "community", "protective", "IND-13",
     N_("The site committee in {d} meets weekly and has referred cases to caseworkers, but it has no women members.")),
    ("assessment", "community", "risk", "IND-14",
     N_("Women in {d} avoid the latrines after dark because there is no lighting along the path; several incidents were mentioned.")),
    ("ngo_report", "community", "manifestation", "IND-15",
     N_("The feedback line received {y} calls from {p} this quarter that mention job offers ending in confinement or unpaid work.")),
    ("government", "structural", "protective", "IND-16",
     N_("Ardania's anti-trafficking law covers all forms of exploitation named in the Protocol, but implementing regulations are still in draft.")),
    ("government", "structural", "protective;response", "IND-17",
     N_("A national referral mechanism exists on paper; in {p} no agency has yet been designated to receive referrals since the crisis.")),
    ("government", "structural", "manifestation", "IND-18",
     N_("Authorities identified {y} victims last year, up from the year before, while prosecutions stayed in single digits.")),
    ("academic", "structural", "context", "IND-19",
     N_("A regional study estimates that forced labour and forced marriage together affect several people per thousand in the region, with wide uncertainty.")),
    ("assessment", "structural", "context", "IND-20",
     N_("Displacement in {p} has roughly doubled since the floods and fighting began, with most people staying with host families.")),
    ("ngo_report", "individual", "manifestation", "IND-21",
     N_("Caseworkers in {p} assisted {y} survivors this year, most of them women exploited in domestic work or in bars.")),
    ("ngo_report", "individual", "response", "IND-22",
     N_("Only about half of people referred in {p} received any service within two weeks, owing to a shortage of shelter places.")),
    ("assessment", "community", "response", "IND-23",
     N_("Service mapping found a single point offering counter-trafficking assistance for the whole of {d}, open two days a week.")),
    ("government", "structural;community", "response", "IND-24",
     N_("Fewer than a third of frontline staff in {p} have had any training on identifying and safely referring trafficking cases.")),
    ("assessment", "household;community", "risk", "IND-25",
     N_("Schools in {d} are being used as shelters, and about {x}% of school-age children at sites have not attended since arrival.")),
    ("academic", "structural", "context;risk", "IND-19;IND-20",
     N_("Crop failure and the collapse of the currency pushed rural families in {p} toward seasonal migration before the crisis deepened.")),
    ("media", "community;structural", "context;manifestation", "IND-10;IND-12",
     N_("Reporters in {d} describe checkpoints controlled by armed men who let buses through only after passengers pay or agree to work.")),
    ("protection_monitoring", "individual;household", "risk;manifestation", "IND-01;IND-06",
     N_("Migrants from {c} stranded in {d} said employers kept their passports; some families have had no news from relatives for months.")),
    ("academic", "community", "protective", "IND-13;IND-04",
     N_("Interviews in {d} suggest that women's savings groups make it easier for members to refuse risky job offers and to report brokers.")),
)

_NEIGHBOURS = ("Borvia", "Calvera", "Dunmark")
#: Appended to a statement with no place or figure when a later round restates it.
_RESTATED = N_(" (Restated in a later update, round {n}.)")
#: How a source type is named to a trainee (the data keep the id).
_SOURCE_TYPE_LABELS = {"assessment": N_("assessment"), "protection_monitoring": N_("protection monitoring"),
                       "media": N_("media"), "government": N_("government"), "academic": N_("academic"),
                       "ngo_report": N_("ngo report")}


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    # A template's text with its fields as named groups: the generated excerpt read back into template + fields.
    found = []
    for *_, text in _TEMPLATES:
        body = re.sub(r"\\\{(\w)\\\}", r"(?P<\1>.+?)", re.escape(text))
        found.append((re.compile(body + r"(?P<restated>" + re.escape(_RESTATED).replace(r"\{n\}", r"(?P<n>\d+)")
                                 + r")?"), text))
    return found


def excerpt_text(text: str, lang: str | None = None) -> str:
    """An excerpt of the data set as a trainee reads it in ``lang`` (default: the language in force).

    The data stay English (the excerpt is a record, and its id and tags are what is graded); the text is
    shown translated by reading it back into its template and fields (places and figures are kept) and
    filling the template's translation from the interface catalog. A text no template made is shown as is.
    """
    for pattern, template in _patterns():
        m = pattern.fullmatch(text)
        if m is None:
            continue
        fields = {k: v for k, v in m.groupdict().items() if k not in {"restated", "n"} and v is not None}
        shown = gettext(template, lang).format(**fields)
        if m.group("restated"):
            shown += gettext(_RESTATED, lang).format(n=m.group("n"))
        return shown
    return text


def source_type_label(source_type: str, lang: str | None = None) -> str:
    """A source type id (``ngo_report``) as a trainee reads it in ``lang``."""
    label = _SOURCE_TYPE_LABELS.get(source_type)
    return gettext(label, lang) if label else source_type.replace("_", " ")

COLUMNS: tuple[Column, ...] = (
    Column("excerpt_id", "string", "#meta+id", "excerpt id SRC-nnn"),
    Column("source", "string", "#org+name", "fictional publishing organisation"),
    Column("source_type", "string", "#meta+source+type", "kind of source", allowed=SOURCE_TYPES),
    Column("publication_date", "date", "#date+published", "publication date"),
    Column("reliability", "Int8", "#meta+reliability", "1 = low, 2 = medium, 3 = high", allowed=(1, 2, 3)),
    Column("admin1_pcode", "string", "#adm1+code", "province the excerpt is about; blank = national",
           allowed=tuple(a.pcode for a in ADMIN1), nullable=True),
    Column("admin2_pcode", "string", "#adm2+code", "district the excerpt is about; blank = province or national",
           allowed=tuple(a.pcode for a in ADMIN2), nullable=True),
    Column("text", "string", "#description+excerpt", "the excerpt, in our own words (fictional)"),
    Column("level", "string", "#meta+tag+level", "framework level(s), ';'-joined"),
    Column("category", "string", "#meta+tag+category", "analysis category(ies), ';'-joined"),
    Column("indicator_ids", "string", "#meta+tag+indicator", "indicator id(s) IND-xx, ';'-joined"),
)


def secondary_sources(seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """Generate ``round(60 * scale)`` excerpts (every template used in turn), sorted by date."""
    rng = np.random.default_rng(seed)
    n = max(len(_TEMPLATES), int(round(2 * len(_TEMPLATES) * scale)))
    rows = []
    last_district: dict[int, str] = {}
    for i in range(n):
        t = i % len(_TEMPLATES)
        stype, levels, cats, inds, text = _TEMPLATES[t]
        district = ADMIN2[int(rng.integers(len(ADMIN2)))]
        while district.pcode == last_district.get(t):  # a template reused must be about another place
            district = ADMIN2[int(rng.integers(len(ADMIN2)))]
        last_district[t] = district.pcode
        if i >= len(_TEMPLATES) and "{" not in text:
            # A statement with no place or figure would repeat word for word; later reports restate it.
            text += _RESTATED.format(n=i // len(_TEMPLATES) + 1)
        rows.append({
            "source": _SOURCES[stype][int(rng.integers(2))],
            "source_type": stype,
            "publication_date": pd.Timestamp("2022-01-01") + pd.Timedelta(days=int(rng.integers(0, 900))),
            "reliability": int(rng.choice([1, 2, 3], p=_RELIABILITY_P[stype])),
            "admin1_pcode": district.admin1_pcode if ("{d}" in text or "{p}" in text) else None,
            "admin2_pcode": district.pcode if "{d}" in text else None,
            "text": text.format(d=district.name, p=admin1_name(district.admin1_pcode),
                                x=int(rng.integers(8, 60)), y=int(rng.integers(5, 40)),
                                c=_NEIGHBOURS[int(rng.integers(3))]),
            "level": levels, "category": cats, "indicator_ids": inds,
        })
    df = pd.DataFrame(rows).sort_values(["publication_date", "text"], kind="stable").reset_index(drop=True)
    df.insert(0, "excerpt_id", [f"SRC-{i:03d}" for i in range(1, len(df) + 1)])
    return coerce(df, COLUMNS)
