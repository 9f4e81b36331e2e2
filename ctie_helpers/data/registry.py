"""Registry of the seven synthetic datasets: what each is, how it is made, and its typed, validated loader.

Every dataset is a pure function of ``(seed, scale)``; the committed CSV in ``data/synthetic/`` is that function
at its default seed and scale 1, written byte-for-byte reproducibly (``ctie data verify`` checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from ctie_helpers.data.synthetic import (
    cases,
    flow,
    household,
    key_informants,
    secondary_sources,
    service_lists,
    site_assessment,
)
from ctie_helpers.data.synthetic.rules import RULES
from ctie_helpers.data.synthetic.schema import Column, SchemaError, read_csv_typed, validate
from ctie_helpers.paths import DATA_DIR

__all__ = ["DATASETS", "Dataset", "SchemaError", "dataset", "generate", "list_datasets", "load", "validate_frame"]


@dataclass(frozen=True)
class Dataset:
    """One synthetic dataset.

    Attributes
    ----------
    name, title, description
        Registry name (also the file stem), a short title and a paragraph for the data card.
    generator
        ``generator(seed, scale) -> DataFrame``, typed and in column order.
    default_seed
        The seed of the committed file.
    columns
        The column contract (dtype, allowed values, range, HXL hashtag).
    key
        Columns that identify a row (empty when rows carry no id).
    model
        How the data are generated, for the data card.
    planted
        The patterns planted on purpose, for the data card and the tests.
    metadata
        Known answers exposed to code (e.g. ``true_population`` of ``service_lists``).
    """

    name: str
    title: str
    description: str
    generator: Callable[[int, float], pd.DataFrame]
    default_seed: int
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    model: str
    planted: tuple[str, ...]
    metadata: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def card_name(self) -> str:
        return f"{self.name}.md"

    @property
    def dtypes(self) -> dict[str, str]:
        """Column -> declared dtype."""
        return {c.name: c.dtype for c in self.columns}

    @property
    def hxl(self) -> dict[str, str]:
        """Column -> HXL hashtag."""
        return {c.name: c.hxl for c in self.columns}


def _entry(name: str, module: Any, generator: Callable, title: str, description: str, model: str,
           planted: tuple[str, ...], **metadata: Any) -> Dataset:
    return Dataset(name=name, title=title, description=description, generator=generator,
                   default_seed=module.DEFAULT_SEED, columns=module.COLUMNS, key=tuple(module.KEY), model=model,
                   planted=planted, metadata=MappingProxyType(metadata))


_ENTRIES = (
    _entry(
        "sites_assessment", site_assessment, site_assessment.sites_assessment,
        "Site / location assessment by key informants, two rounds",
        "About 500 displacement sites and host-community locations in Ardania, each assessed twice: round 1 "
        "before a crisis shock, round 2 after it. Population by sex and age, documentation, and five "
        "community-level CT proxies as the consensus of 2-4 key informants (answers in `key_informants`).",
        "Sites come from `geography.site_list`. Population: lognormal by site type, growing after the shock. "
        "Each CT proxy has a latent true state per site (round-1 probability by site type and province; "
        "round 2 keeps 90% of positive sites and adds new ones to reach the round-2 level). Key informants "
        "report it with errors; the site value is the consensus (at least half of those who answered said yes).",
        (
            "Recruiter reports (`recruiters_reported`) rise markedly after the shock in exactly two districts, "
            "XA0203 Ulvarro and XA0402 Palmerrow (true share of sites 0.68 in round 2); elsewhere the share "
            "stays roughly flat.",
            "Children working outside the site, armed-group presence and safety concerns rise a little "
            "everywhere after the shock; functioning protection mechanisms fall.",
            "Armed-group presence is concentrated in province XA03 Tarnholt.",
            "Small numbers of unaccompanied and separated children per site (small cells for SDC exercises).",
        ),
        recruiter_rise_districts=site_assessment.RECRUITER_RISE_DISTRICTS,
    ),
    _entry(
        "household_survey", household, household.household_survey,
        "Household survey (MSNA-like) with a CT module, two-stage cluster sample",
        "About 3,000 households in 150 sites (clusters) across five strata (provinces), with design weights.",
        "Stage 1: 30 sites per stratum by PPS on the round-2 household count of `sites_assessment` (certainty "
        "sites first, then systematic PPS). Stage 2: 20 households per site by simple random sampling. Weight = "
        "1 / (P(site) x P(household | site)). Binary indicators: each site's prevalence is Beta with "
        "a + b = 1/ICC - 1, tied across indicators by a shared site deprivation score (Gaussian copula).",
        (
            "Intra-cluster correlation near 0.10 for every CT indicator (one-way ANOVA estimate of "
            "`debt_cannot_repay` 0.08-0.12), so the design effect of 20 interviews per cluster is about 2.9.",
            "Weights of each stratum add up to its number of households in the frame.",
            "`children_out_of_school` is blank for households without school-age children (not asked).",
        ),
        planted_icc=household.PLANTED_ICC, households_per_cluster=household.HOUSEHOLDS_PER_CLUSTER,
    ),
    _entry(
        "flow_monitoring", flow, flow.flow_monitoring,
        "Flow-monitoring survey interviews with the DTM CT questions",
        "About 5,000 interviews with people on the move at flow-monitoring points in Ardania in 2023 (12 "
        "monthly rounds), answering the four or five CT questions of brief 6.3.",
        "Journey length: lognormal, longer on irregular routes; neighbours' citizens travel irregularly more "
        "often. Each CT question is logistic in log(journey days) and irregular route, with a respondent "
        "effect shared across questions; the organs question was only in the April-September rounds.",
        (
            "`any_yes` is about 9% overall (within 5-15%).",
            "`any_yes` is about three times as high on irregular routes as on regular ones, and higher for "
            "journeys longer than the median.",
            "`fm_organs_offer` is blank (not asked) in rounds 1-3 and 10-12.",
        ),
        organs_asked_rounds=flow.ORGANS_ASKED_MONTHS,
    ),
    _entry(
        "case_records", cases, cases.case_records,
        "Case records in the CTDC 2024 schema (27 variables)",
        "About 20,000 records of identified or assisted people, registered 2002-2022, with the 27 variables of "
        "the CTDC Global Synthetic Dataset v2 codebook (brief 7.2). Blank means not reported; there is no 0.",
        "A hidden contributor type (case management 65%, hotline 35% from 2010) sets block-wise missingness. "
        "Gender, age band and main purpose are drawn with the shares of brief 11; labour and sex types only "
        "for the matching purpose; means of control by purpose; recruiter relation by child status and purpose.",
        (
            "Shares: ~70% women, <1% trans; children (0—8, 9—17) ~37%; among records with a purpose, forced "
            "labour ~46%, sexual exploitation ~42%, other ~18% (multi-select).",
            "Family recruiters are about three times as common for children as for adults; intimate partners "
            "for sexual exploitation.",
            "Hotline-style records rarely report `traffickMonths` and never `isOtherExploit`.",
            "Rare citizenships (XGV, XHQ) and trans records create unique age x gender x citizenship x year "
            "combinations for disclosure-control exercises.",
        ),
    ),
    _entry(
        "service_lists", service_lists, service_lists.service_lists,
        "Four agency lists of identified persons, as a capture-history table",
        "Capture histories of people identified by four agencies in Ardania (A case management, B shelter, "
        f"C police referrals, D hotline), drawn from a known true population of {service_lists.TRUE_POPULATION}.",
        "Each person has a visibility (normal on the logit scale, sd 0.9) that raises every list at once; "
        "children and sexual exploitation shift lists B, C and D; being on A multiplies the odds of being "
        f"on B by {service_lists.REFERRAL_ODDS_RATIO:g} (referral). Only the aggregated table is released.",
        (
            f"The true population is {service_lists.TRUE_POPULATION} people (`true_population` in the registry "
            "metadata); about 55% of them appear on at least one list.",
            "Positive dependence between lists A and B: a two-list estimate from A and B alone falls far "
            "short of the truth.",
            "Heterogeneous capture probabilities: every two-list estimate is biased downward.",
        ),
        true_population=service_lists.TRUE_POPULATION, base_capture=dict(service_lists.BASE_CAPTURE),
        referral_odds_ratio=service_lists.REFERRAL_ODDS_RATIO,
    ),
    _entry(
        "secondary_sources", secondary_sources, secondary_sources.secondary_sources,
        "Excerpts from fictional reports, tagged for a secondary data review",
        "About 60 short excerpts from fictional reports about Ardania (2022-2024) with source, type, date, "
        "reliability and reference tags: framework level, analysis category and indicator ids.",
        "Thirty excerpt templates written for this workbook, each used twice with districts, figures and "
        "sources drawn from the seed; reliability depends on the source type (media mostly low).",
        (
            "Every one of the 25 indicators of brief 6.5 is evidenced by at least one excerpt; some excerpts "
            "carry several levels, categories or indicators (';'-joined).",
            "Media excerpts are mostly reliability 1, so weighting by reliability changes the picture.",
        ),
        levels=secondary_sources.LEVELS, categories=secondary_sources.CATEGORIES,
    ),
    _entry(
        "key_informants", key_informants, key_informants.key_informants,
        "Key-informant answers behind the site assessment",
        "Every key informant's answers to the five site CT questions, 2-4 KIs per site and round, with their "
        "role, sex and whether they speak from direct knowledge or hearsay. No names.",
        "The same simulation and seed as `sites_assessment`: a KI with direct knowledge reports a true risk "
        "90% of the time and raises a false alarm 3% of the time (hearsay 78% and 8%); 4% of answers are "
        "\"don't know\" (blank).",
        (
            "The site value in `sites_assessment` equals the consensus of the answers here for every site, "
            "round and question (at least half of the KIs who answered said yes).",
            "KIs disagree on about one site-question in five; hearsay answers disagree with the consensus more often.",
        ),
        consensus_rule="yes when at least half of the KIs who answered said yes; don't know left out",
    ),
)

DATASETS: MappingProxyType = MappingProxyType({d.name: d for d in _ENTRIES})


def list_datasets() -> list[str]:
    """Names of the synthetic datasets, in registry order."""
    return list(DATASETS)


def dataset(name: str) -> Dataset:
    """The registry entry for ``name`` (``KeyError`` listing the known names otherwise)."""
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}") from None


def generate(name: str, seed: int | None = None, scale: float = 1.0) -> pd.DataFrame:
    """Generate dataset ``name`` in memory (default seed unless ``seed`` is given)."""
    spec = dataset(name)
    return spec.generator(spec.default_seed if seed is None else seed, scale)


def validate_frame(name: str, df: pd.DataFrame) -> None:
    """Check ``df`` against dataset ``name``'s schema, key and cross-column rules; raise ``SchemaError``."""
    spec = dataset(name)
    validate(df, spec.columns, name=name, key=spec.key)
    rule = RULES.get(name)
    problems = rule(df) if rule else []
    if problems:
        raise SchemaError(f"{name}: " + "; ".join(problems))


def load(name: str, path: str | Path | None = None) -> pd.DataFrame:
    """Read synthetic dataset ``name`` with its declared dtypes and validate it.

    Parameters
    ----------
    name
        One of :func:`list_datasets`.
    path
        A CSV file (default: the committed ``data/synthetic/<name>.csv``).

    Returns
    -------
    pandas.DataFrame
        Nullable ``Int8/Int16/Int64`` where NA means not reported or not asked, ``string`` text, ``float64``
        measures and ``datetime64`` dates, in the declared column order.
    """
    spec = dataset(name)
    file = Path(path) if path is not None else DATA_DIR / spec.file_name
    if not file.exists():
        raise FileNotFoundError(f"{file}: not found; `ctie data generate` writes the synthetic datasets")
    try:
        df = read_csv_typed(file, spec.columns)
    except (ValueError, TypeError) as exc:
        raise SchemaError(f"{name}: {file} cannot be read with the declared dtypes: {exc}") from exc
    validate_frame(name, df)
    return df
