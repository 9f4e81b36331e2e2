"""Sensitivity level (IASC/OCHA style: low, moderate, high, severe) and the sharing decision that follows.

The rules are deliberately simple and printed with their reasons, so an analyst can argue with them:

- **severe**: direct identifiers together with trafficking-case or other sensitive content (a named
  victim and her exploitation type). Do not share; keep within the mandated case-management system.
- **high**: direct identifiers; or case-level trafficking data even without names (CTDC had to suppress
  about 40% of records to reach k = 11); or microdata that fails k-anonymity / the 3% global risk
  threshold and holds sensitive attributes. Restricted: named people with a need to know.
- **moderate**: other microdata (quasi-identifiers present, risk within thresholds), or a table with
  small cells not yet suppressed. Partners under a data-sharing agreement.
- **low**: aggregate tables with no small cells and no identifiers, or microdata without
  quasi-identifiers or sensitive attributes. Public.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n.catalog import N_
from ctie_helpers.i18n.catalog import gettext as _

__all__ = ["LEVELS", "SHARING", "Sensitivity", "sensitivity_level"]

# N_: the level and recommendation are ids in the result, shown to a trainee through _() (apps/safety.py)
LEVELS = (N_("low"), N_("moderate"), N_("high"), N_("severe"))

#: Sharing recommendation per level.
SHARING: dict[str, str] = {
    "low": N_("public"),
    "moderate": N_("partners under a data-sharing agreement"),
    "high": N_("restricted"),
    "severe": N_("do not share"),
}


@dataclass(frozen=True)
class Sensitivity:
    """A level, the sharing recommendation for it, and the reasons behind it."""

    level: str
    recommendation: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        why = "; ".join(self.reasons) if self.reasons else "no identifiers, no small cells"
        return f"sensitivity {self.level.upper()}: share {self.recommendation} ({why})"


def sensitivity_level(*, kind: str, direct_identifiers: list[str] | tuple[str, ...] = (),
                      case_management: bool = False, sensitive_attributes: list[str] | tuple[str, ...] = (),
                      quasi_identifiers: list[str] | tuple[str, ...] = (), disclosive_cells: int = 0,
                      k_satisfied: bool | None = None, risk_flagged: bool | None = None) -> Sensitivity:
    """Classify a table and recommend how widely it may be shared.

    Parameters
    ----------
    kind : ``"table"`` or ``"microdata"``
    direct_identifiers : columns holding names, phones, IDs, birth dates, GPS, addresses, free text.
    case_management : the file looks like a case-management export (trafficking case data).
    sensitive_attributes : columns such as exploitation type, means of control, GBV, legal status.
    quasi_identifiers : columns such as age, sex, location, nationality.
    disclosive_cells : count cells from 1 to threshold - 1 still published (tables).
    k_satisfied, risk_flagged : results of the k-anonymity and global-risk checks (microdata), if run.
    """
    if kind not in ("table", "microdata"):
        raise BadValueError(f"kind must be 'table' or 'microdata', got {kind!r}")
    reasons: list[str] = []
    sensitive = bool(sensitive_attributes) or case_management
    # the reasons are read by the trainee: in the language in force, names and figures as placeholders
    if direct_identifiers:
        reasons.append(_("direct identifiers: %(names)s") % {"names": ", ".join(map(str, direct_identifiers))})
    if case_management:
        reasons.append(_("trafficking case-management data"))
    if sensitive_attributes:
        reasons.append(_("sensitive attributes: %(names)s") % {"names": ", ".join(map(str, sensitive_attributes))})
    if disclosive_cells:
        reasons.append(_("%(n)s small cell(s) published") % {"n": disclosive_cells})
    if k_satisfied is False:
        reasons.append(_("k-anonymity not satisfied"))
    if risk_flagged:
        reasons.append(_("global re-identification risk above threshold"))

    if direct_identifiers and sensitive:
        level = "severe"
    elif direct_identifiers or (kind == "microdata" and case_management) or (
            kind == "microdata" and sensitive and (k_satisfied is False or risk_flagged)):
        level = "high"
    elif kind == "table" and disclosive_cells:
        level = "high" if sensitive else "moderate"
    elif kind == "microdata" and (quasi_identifiers or sensitive or k_satisfied is False or risk_flagged):
        level = "moderate"
    else:
        level = "low"
    return Sensitivity(level=level, recommendation=SHARING[level], reasons=tuple(reasons))
