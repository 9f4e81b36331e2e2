"""Safeguards: personal-data detection, pseudonymisation, coarsening, disclosure risk, suppression, the gate.

Every output that leaves the workbook passes :func:`gate` (ARCHITECTURE.md section 5). The pieces are
usable on their own in the data-responsibility notebooks:

- :func:`detect_pii`, :func:`classify_columns`: direct identifiers by name and values (en/fr/es);
- :func:`pseudonymise`: HMAC-SHA256 codes with a key from a file or the environment;
- :func:`age_bands`, :func:`date_to_period`, :func:`pcode_to_admin`, :func:`rare_to_other`: coarsening;
- :func:`k_anonymity`, :func:`l_diversity`, :func:`individual_risk`, :func:`global_risk`: risk;
- :func:`suppress_table`, :func:`safe_percent`, :func:`parse_censored`: tables;
- :func:`dp_count`, :func:`total_epsilon`: the Laplace mechanism and budget accounting, for teaching;
- :func:`sensitivity_level`: low/moderate/high/severe and the sharing recommendation;
- :func:`gate`, :func:`safe_to_csv`: the export gate (files are read by :func:`ctie_helpers.data.load_table`).
"""

from ctie_helpers.safeguards.censored import is_censored_label, parse_censored
from ctie_helpers.safeguards.coarsen import (
    CTDC_AGE_BANDS,
    age_bands,
    date_to_period,
    normalise_age_band,
    pcode_to_admin,
    rare_to_other,
)
from ctie_helpers.safeguards.dp import dp_count, laplace_scale, total_epsilon
from ctie_helpers.safeguards.gate import CONTEXTS, DisclosureError, GateResult, gate, safe_to_csv
from ctie_helpers.safeguards.mask import mask_value
from ctie_helpers.safeguards.percent import SafePercent, safe_percent, wilson_interval
from ctie_helpers.safeguards.pii import DIRECT_KINDS, PiiFinding, PiiReport, classify_columns, detect_pii
from ctie_helpers.safeguards.pseudonymise import MissingKeyError, load_key, pseudonym, pseudonymise
from ctie_helpers.safeguards.risk import (
    HDX_GLOBAL_RISK_THRESHOLD,
    GlobalRisk,
    KAnonymityReport,
    LDiversityReport,
    global_risk,
    individual_risk,
    k_anonymity,
    l_diversity,
)
from ctie_helpers.safeguards.sharing import SHARING, Sensitivity, sensitivity_level
from ctie_helpers.safeguards.suppress import SuppressedTable, find_margins, round_counts, suppress_table
from ctie_helpers.safeguards.tables import count_columns, detect_kind

__all__ = [
    "CONTEXTS", "CTDC_AGE_BANDS", "DIRECT_KINDS", "HDX_GLOBAL_RISK_THRESHOLD", "SHARING", "DisclosureError",
    "GateResult", "GlobalRisk", "KAnonymityReport", "LDiversityReport", "MissingKeyError", "PiiFinding",
    "PiiReport", "SafePercent", "Sensitivity", "SuppressedTable", "age_bands",
    "classify_columns", "count_columns", "date_to_period", "dp_count", "laplace_scale", "total_epsilon", "detect_kind", "detect_pii", "find_margins", "gate",
    "global_risk", "individual_risk", "is_censored_label", "k_anonymity", "l_diversity", "load_key",
    "mask_value", "normalise_age_band", "parse_censored", "pcode_to_admin", "pseudonym", "pseudonymise",
    "rare_to_other", "round_counts", "safe_percent", "safe_to_csv", "sensitivity_level",
    "suppress_table", "wilson_interval",
]
