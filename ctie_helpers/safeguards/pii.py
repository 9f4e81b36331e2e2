"""Find personal data in a table: by column name (English, French, Spanish) and by the values themselves.

Two kinds of evidence, reported separately so an analyst can judge: a column *named* like a phone number,
and a column whose values *look like* phone numbers whatever it is called. Examples are always masked
(:func:`ctie_helpers.safeguards.mask.mask_value`). A file with several columns typical of case files
(case id, victim/survivor, referral, means of control, exploitation type, CTDC variables) is recognised
as a case-management export, which changes the thresholds the gate applies (11; CTDC's k = 11 is a record-level
k-anonymity rule, borrowed as a size, not a CTDC threshold for table cells).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from ctie_helpers.safeguards.mask import mask_value
from ctie_helpers.safeguards.vocab import (
    CASE_TERMS,
    CTDC_VARIABLES,
    DIRECT_TERMS,
    PLACE_WORDS,
    QUASI_TERMS,
    RECORD_ID_TERMS,
    SENSITIVE_TERMS,
    matches,
    normalise_name,
)

__all__ = ["DIRECT_KINDS", "PiiFinding", "PiiReport", "classify_columns", "detect_pii"]

DIRECT_KINDS = ("name", "phone", "email", "id_number", "date_of_birth", "gps", "address", "narrative")

# Column-name terms too ambiguous to flag on their own ("mobile_money", "long_stay", "cell"): they count
# only when the values agree (or the column is empty, where the name is all we have).
_WEAK_TERMS = {"mobile", "cell", "portable", "long", "lat", "lon", "mail", "born", "nid", "nin", "cni",
               "alias", "details", "description", "note", "notes", "specify", "explain", "documento",
               "identity", "statement", "story", "historia", "tel", "nombre", "nombres"}
# French "nombre de ..." is "number of ...", Spanish "nombre de la/del ..." is "name of ...".
_FRENCH_COUNT = re.compile(r"\bnombre (de|d) (?!la |las |los |pila)")

_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(\.[\w-]+)+$")
_DATE = re.compile(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ T].*)?$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_PASSPORT = re.compile(r"^[A-Z]{1,2}\d{6,9}$")
_GEOPOINT = re.compile(r"^-?\d{1,2}\.\d{3,}[,;\s]+-?\d{1,3}\.\d{3,}(\s+-?[\d.]+)*$")
_PERSON = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+(?:de |da |del |la |van |bin |ben |el )?[A-ZÀ-Ý][a-zà-ÿ'’-]+){1,3}$")
_STREET = re.compile(
    r"(\d+\w?,?\s+(\w+\s+){0,3}(street|st|road|rd|avenue|ave|lane|ln|blvd|boulevard|way|drive|dr)\b)"
    r"|\b(rue|avenue|av|boulevard|bd|chemin|impasse|allee|calle|avenida|av|carrera|calzada|pasaje|"
    r"street|road)\b\.?\s+\S+.*\d|\d+.*\b(rue|calle|avenida|chemin)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PiiFinding:
    """One column that holds personal data.

    Attributes
    ----------
    column : the column label, as in the table.
    kind : one of :data:`DIRECT_KINDS`, or ``"record_id"`` (a linkage key: pseudonymise, do not publish).
    evidence : ``"name"``, ``"values"`` or ``"name+values"``.
    share : share of the non-empty values that match the kind's value pattern (0 when unknown).
    examples : up to three masked examples; never a raw value.
    direct : True for direct identifiers (the gate drops them).
    term : the column-name term that matched, if any.
    """

    column: str
    kind: str
    evidence: str
    share: float
    examples: tuple[str, ...]
    direct: bool
    term: str | None = None

    @property
    def action(self) -> str:
        """What to do with the column before sharing."""
        return "pseudonymise (keyed hash) or drop" if self.kind == "record_id" else "drop"


@dataclass
class PiiReport:
    """All findings on one table, plus whether it looks like a case-management export."""

    findings: list[PiiFinding] = field(default_factory=list)
    case_management: bool = False
    case_signals: tuple[str, ...] = ()
    quasi_identifiers: tuple[str, ...] = ()
    sensitive: tuple[str, ...] = ()

    @property
    def direct_columns(self) -> list[str]:
        """Columns holding direct identifiers (names, phones, IDs, exact birth dates, GPS, addresses, free text)."""
        return [f.column for f in self.findings if f.direct]

    def to_dict(self) -> dict:
        """JSON-ready form (examples are already masked)."""
        return {"findings": [asdict(f) | {"action": f.action} for f in self.findings],
                "case_management": self.case_management, "case_signals": list(self.case_signals),
                "quasi_identifiers": list(self.quasi_identifiers), "sensitive": list(self.sensitive)}


def _text_values(s: pd.Series, limit: int = 2000) -> pd.Series:
    """Non-empty values as stripped strings (a sample of at most ``limit`` for speed on big files)."""
    if len(s) > 4 * limit:  # a big column: sample before dropping missing values (1M rows: one cheap pass)
        picks = np.random.default_rng(0).integers(0, len(s), 4 * limit)  # no permutation of a million rows
        sampled = s.iloc[np.unique(picks)].dropna()
        s = sampled if len(sampled) >= limit else s.dropna()  # mostly empty: look at every value there is
    else:
        s = s.dropna()
    if len(s) > limit:
        s = s.sample(limit, random_state=0)
    t = s.astype(str).str.strip()
    return t[t != ""]


def _is_phone(v: str) -> bool:
    digits = sum(c.isdigit() for c in v)
    if not 7 <= digits <= 15 or not re.fullmatch(r"\+?[\d\s().-]+", v) or _DATE.match(v) or _DECIMAL.match(v):
        return False
    return v.startswith(("+", "0")) or bool(re.search(r"\d[\s.-]\d", v)) or digits >= 9


def _looks_like_birth_dates(values: pd.Series) -> float:
    """Share of values that are exact dates, if the dates span 15+ years in the past (else 0)."""
    exact = values[values.str.match(_DATE)]
    if len(exact) < 3:
        return 0.0
    parsed = pd.to_datetime(exact, errors="coerce", format="mixed", dayfirst=True)
    parsed = parsed.dropna()
    if len(parsed) < 3 or parsed.max() > pd.Timestamp.now() or parsed.min().year < 1900:
        return 0.0
    span_years = (parsed.max() - parsed.min()).days / 365.25
    return len(parsed) / len(values) if span_years >= 15 else 0.0


def _value_shares(values: pd.Series, numeric: bool) -> dict[str, float]:
    """Share of values matching each kind's pattern."""
    n = len(values)
    if n == 0:
        return {}
    shares: dict[str, float] = {}
    unique_ratio = values.nunique() / n
    if numeric:
        # A number column can only be a coordinate (checked with the name) or a phone/ID stored as a number.
        decimals = values.str.extract(r"\.(\d+)$")[0].str.len().fillna(0)
        shares["gps_precision"] = float((decimals >= 3).mean())
        return shares
    shares["email"] = values.str.match(_EMAIL).mean()
    shares["phone"] = values.map(_is_phone).mean()
    shares["id_number"] = values.str.match(_PASSPORT).mean() if unique_ratio >= 0.8 else 0.0
    shares["gps"] = values.str.match(_GEOPOINT).mean()
    shares["date_of_birth"] = _looks_like_birth_dates(values)
    shares["address"] = values.map(lambda v: bool(_STREET.search(v))).mean()
    lengths = values.str.len()
    words = values.str.split().str.len()
    long_text = (lengths.mean() >= 40 and words.mean() >= 6 and unique_ratio >= 0.7)
    shares["narrative"] = float((words >= 6).mean()) if long_text else 0.0
    person = values.str.match(_PERSON).mean()
    shares["name"] = person if unique_ratio >= 0.5 and values.nunique() >= 5 else 0.0
    return {k: float(v) for k, v in shares.items()}


def _finding(column: object, kind: str, evidence: str, share: float, values: pd.Series, term: str | None,
             pattern_ok: pd.Series | None = None) -> PiiFinding:
    sample = values if pattern_ok is None or not pattern_ok.any() else values[pattern_ok]
    examples = tuple(mask_value(v, kind) for v in sample.drop_duplicates().head(3))
    return PiiFinding(column=str(column), kind=kind, evidence=evidence, share=round(share, 3),
                      examples=examples, direct=kind in DIRECT_KINDS, term=term)


# Longest term first, so "nombre completo" (a person's name, whatever the values) wins over the weak "nombre".
_LONGEST_FIRST = {kind: tuple(sorted(terms, key=len, reverse=True)) for kind, terms in DIRECT_TERMS.items()}
# Letters only (any script), at least two: a person's name, or a word; never a count or a code.
_WORDS = re.compile(r"^[^\W\d_]{2,}(?:[\s'’.-]+[^\W\d_]+)*$")


def _name_kind(name: str) -> tuple[str | None, str | None]:
    """Kind suggested by the column name alone, and the term that matched."""
    if _FRENCH_COUNT.search(name):
        name = _FRENCH_COUNT.sub(" ", name)
    for kind, terms in _LONGEST_FIRST.items():
        term = matches(name, terms)
        if term is None:
            continue
        if kind == "name" and matches(name, PLACE_WORDS):
            continue
        return kind, term
    term = matches(name, RECORD_ID_TERMS)
    return ("record_id", term) if term else (None, None)


def _scan_column(column: object, s: pd.Series) -> PiiFinding | None:
    name = normalise_name(column)
    numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
    values = _text_values(s)
    shares = _value_shares(values, numeric)
    kind, term = _name_kind(name)
    # "cluster_id", "no_id_documents": shared by many rows, so not a record key. Counted on the whole column:
    # in a 2,000-value sample of a million rows, 500 clusters look almost unique.
    if kind == "record_id" and len(values) and s.nunique() / max(int(s.notna().sum()), 1) < 0.5:
        return None
    if kind is not None:
        if kind == "gps":
            share = shares.get("gps_precision", shares.get("gps", 0.0))
            # A coordinate column rounded to 1-2 decimals (1-11 km) is a location, not an exact position.
            if len(values) and share < 0.5:
                return None if term in _WEAK_TERMS else _finding(column, "gps", "name", share, values, term)
            return _finding(column, kind, "name+values" if len(values) else "name", share, values, term)
        share = shares.get(kind, 0.0)
        if numeric and kind in ("name", "email", "address", "narrative"):
            return None  # a number column called "nombre"/"notes score" is not a name or free text
        if kind == "name" and len(values):
            # The value pattern above needs five distinct names, which a two-row file lacks; for a header
            # that names a person, words are enough evidence. (A strong term such as "nombre completo" is
            # flagged whatever the values; the weak "nombre", French for "number", needs them to agree.)
            share = max(share, float(values.str.match(_WORDS).mean()))
        if term in _WEAK_TERMS and len(values) and share < 0.5:
            return None
        evidence = "name+values" if share >= 0.5 else "name"
        return _finding(column, kind, evidence, share, values, term)
    # No telling name: trust the values when most of them match one kind.
    best = max(((k, v) for k, v in shares.items() if k in DIRECT_KINDS), key=lambda kv: kv[1], default=None)
    if best and best[1] >= (0.5 if best[0] in ("narrative", "address") else 0.7):
        if best[0] == "name" and matches(name, PLACE_WORDS):
            return None
        return _finding(column, best[0], "values", best[1], values, None)
    return None


def _case_signals(columns: list[str]) -> tuple[str, ...]:
    signals = []
    normalised = [normalise_name(c) for c in columns]
    for signal, terms in CASE_TERMS.items():
        if any(matches(n, terms) for n in normalised):
            signals.append(signal)
    ctdc = [c for c in columns if str(c).strip().lower() in CTDC_VARIABLES]
    if len(ctdc) >= 3:
        signals.append(f"CTDC variables ({len(ctdc)})")
    return tuple(signals)


def detect_pii(df: pd.DataFrame) -> PiiReport:
    """Scan every column of ``df`` for personal data.

    Parameters
    ----------
    df : pandas.DataFrame
        Any table (microdata or aggregate). Only read, never modified.

    Returns
    -------
    PiiReport
        Findings per column (kind, evidence, share of matching values, masked examples), whether the
        table looks like a case-management export (three or more case-file signals, or three or more
        CTDC variable names), and the columns that look like quasi-identifiers or sensitive attributes.
    """
    findings = [f for c in df.columns if (f := _scan_column(c, df[c])) is not None]
    findings += _dropped_meta(df)
    signals = _case_signals([str(c) for c in df.columns])
    ctdc = any(s.startswith("CTDC") for s in signals)
    tags = classify_columns(df, findings)
    return PiiReport(findings=findings, case_management=ctdc or len(signals) >= 3, case_signals=signals,
                     quasi_identifiers=tuple(c for c, t in tags.items() if t == "quasi"),
                     sensitive=tuple(c for c, t in tags.items() if t == "sensitive"))


def _dropped_meta(df: pd.DataFrame) -> list[PiiFinding]:
    """Personal meta columns of a Kobo/ODK export (device ids, enumerator accounts) that the loader took out
    of the analysis table: still in the file, so still reported (by name; their values were not kept)."""
    kinds = {"phonenumber": "phone", "deviceid": "id_number", "subscriberid": "id_number", "simserial": "id_number"}
    out = []
    for col in (df.attrs.get("source") or {}).get("personal_meta", []):
        if col in df.columns:
            continue
        leaf = re.split(r"[/:-]", str(col).casefold())[-1]
        out.append(PiiFinding(column=str(col), kind=kinds.get(leaf, "name"), evidence="name", share=0.0,
                              examples=(), direct=True, term=leaf))
    return out


def classify_columns(df: pd.DataFrame, findings: list[PiiFinding] | None = None) -> dict[str, str]:
    """Tag each column ``"direct"``, ``"record_id"``, ``"quasi"``, ``"sensitive"`` or ``"other"`` (brief 10.2.1).

    Quasi-identifiers and sensitive attributes are recognised by name only, in English, French and Spanish.
    """
    if findings is None:
        findings = [f for c in df.columns if (f := _scan_column(c, df[c])) is not None]
    by_column = {f.column: ("direct" if f.direct else f.kind) for f in findings}
    tags: dict[str, str] = {}
    for c in df.columns:
        key = str(c)
        name = normalise_name(c)
        if key in by_column:
            tags[key] = by_column[key]
        elif matches(name, SENSITIVE_TERMS) or key.lower().startswith(("means", "isforced", "issexual",
                                                                         "typeof", "recruiterrelation")):
            tags[key] = "sensitive"
        elif matches(name, QUASI_TERMS) and not name.endswith(" name"):
            tags[key] = "quasi"
        else:
            tags[key] = "other"
    return tags
