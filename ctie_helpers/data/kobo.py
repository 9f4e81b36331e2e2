"""KoboToolbox and ODK exports as analysts receive them: meta columns out, group paths off, answers as data.

A Kobo export names columns by their path in the form (``household/hh_size``; ODK Central writes
``household-hh_size``, some tools ``household:hh_size``), adds meta columns that describe the submission,
not the household (``_uuid``, ``_submission_time``, ``start``, ``deviceid``...), splits each
select_multiple question into one 0/1 column per option (``coping/crisis``) next to the question's own
column of space-separated answers, and writes yes/no questions as ``yes``/``no``. :func:`prepare_export`
turns that into a table :func:`ctie_helpers.data.map_columns` maps like any other file, logging every
step in ``df.attrs["cleaning_log"]``. Given the XLSForm, headers and answers exported as *labels* are
turned back into question and choice names. :func:`ctie_helpers.data.load_table` calls it for a file
it recognises as such an export, or when given ``xlsform=``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ctie_helpers.data.errors import InputFileError

__all__ = ["META_COLUMNS", "XLSForm", "is_export", "prepare_export", "read_xlsform"]

# Submission metadata written by KoboToolbox, ODK Collect/Central and Enketo (compared case-folded, after
# the group path is removed): facts about the interview, never about the household.
META_COLUMNS = frozenset({
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "audit",
    "instanceid", "instancename", "rootuuid", "deprecatedid", "uuid",
    "_id", "_uuid", "_submission_time", "_index", "_parent_index", "_parent_table_name", "_validation_status",
    "_status", "_submitted_by", "__version__", "_version_", "_notes", "_tags", "_xform_id_string",
    "_attachments", "_geolocation", "_submission__id", "_submission__uuid", "_submission__submission_time",
    # ODK Central's CSV export
    "submissiondate", "key", "parent_key", "submitterid", "submittername", "attachmentspresent",
    "attachmentsexpected", "status", "reviewstate", "edits", "formversion",
})
# Meta columns that are personal data (an enumerator's account, a phone's IMEI or number): dropped from
# analysis, but named in ``attrs["source"]["meta_columns"]`` so ``ctie check`` still reports them.
PERSONAL_META = frozenset({"deviceid", "subscriberid", "simserial", "phonenumber", "username",
                           "_submitted_by", "submitterid", "submittername"})
# Any one of these marks a file as a Kobo/ODK export (``start``/``end`` alone do not: too common).
_MARKERS = frozenset({"_uuid", "_submission_time", "__version__", "_xform_id_string", "_validation_status",
                      "meta/instanceid", "meta-instanceid", "meta:instanceid", "formhub/uuid"})
_SEPARATORS = ("/", "-", ":")
_YES = {"yes", "oui", "si", "sí", "true", "1"}
_NO = {"no", "non", "false", "0"}
_YES_NO_WORDS = {"yes", "oui", "si", "sí", "no", "non"}  # a text column of only these is a yes/no question


@dataclass
class XLSForm:
    """What an export needs from its form: question name -> type and label, list name -> choices.

    Attributes
    ----------
    questions : dict
        Question name -> ``(type, list_name, label)``; ``list_name`` is ``None`` outside selects.
    choices : dict
        List name -> {choice name: label}.
    path : the form's file.
    """

    questions: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    path: str = ""

    def select_multiple(self, name: str) -> bool:
        return self.questions.get(name, ("",))[0] == "select_multiple"


def _label_column(frame: pd.DataFrame) -> str | None:
    """``label``, else the first ``label::Language`` column (the form's default language comes first)."""
    cols = [c for c in frame.columns if str(c).strip().casefold().startswith("label")]
    plain = [c for c in cols if str(c).strip().casefold() == "label"]
    return (plain or cols or [None])[0]


def read_xlsform(path: str | Path) -> XLSForm:
    """Read the ``survey`` and ``choices`` sheets of an XLSForm (``.xlsx``).

    Raises
    ------
    InputFileError
        The form is missing, unreadable, or has no ``survey`` sheet with ``type`` and ``name`` columns.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(path, "XLSForm not found", hint="Give the form the data were collected with (.xlsx)")
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="calamine")
    except Exception as exc:  # noqa: BLE001 - any reader failure is "not a readable form"
        raise InputFileError(path, f"is not a readable XLSForm ({type(exc).__name__})") from None
    by_name = {k.strip().casefold(): v for k, v in sheets.items()}
    survey = by_name.get("survey")
    if survey is None or not {"type", "name"} <= {str(c).strip().casefold() for c in survey.columns}:
        raise InputFileError(path, "has no 'survey' sheet with 'type' and 'name' columns",
                             hint="Sheets in this file: " + ", ".join(f"'{k}'" for k in sheets))
    survey = survey.rename(columns=lambda c: str(c).strip().casefold())
    label = _label_column(survey)
    form = XLSForm(path=str(path))
    for _, row in survey.fillna("").iterrows():
        kind, name = " ".join(str(row["type"]).split()), str(row["name"]).strip()
        if not name or kind.split(" ")[0] in ("begin", "end", "begin_group", "end_group", "begin_repeat",
                                               "end_repeat", "note", ""):
            continue
        parts = kind.split(" ")
        list_name = parts[1] if parts[0] in ("select_one", "select_multiple") and len(parts) > 1 else None
        form.questions[name] = (parts[0], list_name, str(row[label]).strip() if label else "")
    choices = by_name.get("choices")
    if choices is not None:
        choices = choices.rename(columns=lambda c: str(c).strip().casefold())
        label = _label_column(choices)
        for _, row in choices.fillna("").iterrows():
            list_name, name = str(row.get("list_name", "")).strip(), str(row.get("name", "")).strip()
            if list_name and name:
                form.choices.setdefault(list_name, {})[name] = str(row[label]).strip() if label else name
    return form


def _fold(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def is_export(columns: list[str]) -> bool:
    """True when the headers carry KoboToolbox/ODK submission metadata (``_uuid``, ``meta/instanceID``...)."""
    folded = {_fold(c) for c in columns}
    return bool(folded & _MARKERS) or {"submissiondate", "key"} <= folded


def _separator(columns: list[str]) -> str:
    """The group separator: the one in ``meta?instanceID`` if present, else the commonest in the headers."""
    for c in columns:
        m = re.fullmatch(r"meta([/:-])instanceid", _fold(c))
        if m:
            return m.group(1)
    counts = {s: sum(s in str(c) for c in columns) for s in _SEPARATORS}
    return max(_SEPARATORS, key=lambda s: (counts[s], s == "/"))


def _is_meta(column: str, sep: str) -> bool:
    folded = _fold(column)
    return folded in META_COLUMNS or folded.split(sep)[-1] in META_COLUMNS or folded.startswith(
        ("meta" + sep, "formhub" + sep))


def prepare_export(df: pd.DataFrame, xlsform: str | Path | XLSForm | None = None) -> pd.DataFrame:
    """Make a KoboToolbox/ODK export an ordinary analysis table.

    Parameters
    ----------
    df : DataFrame
        The export as :func:`ctie_helpers.data.load_table` read it (its ``attrs`` are kept and extended).
    xlsform : path or XLSForm, optional
        The form the data were collected with. Headers exported as labels are renamed to question names,
        answers exported as labels are turned into choice names, and select_multiple questions are known
        for sure rather than recognised by their ``question/option`` columns.

    Returns
    -------
    DataFrame
        Meta columns dropped (named in ``attrs["source"]["meta_columns"]``), group paths removed
        (``household/hh_size`` -> ``hh_size``; kept where two groups ask the same question name), one 0/1
        column per select_multiple option named ``question/option`` (the question's space-separated
        column dropped once its options are present), and yes/no answers as 1/0.
    """
    form = read_xlsform(xlsform) if isinstance(xlsform, (str, Path)) else xlsform
    attrs = dict(df.attrs)
    log = list(attrs.get("cleaning_log", []))
    columns = [str(c) for c in df.columns]
    sep = _separator(columns)
    meta = [c for c in columns if _is_meta(c, sep)]
    out = df.drop(columns=meta)
    if meta:
        log.append(f"KoboToolbox/ODK export: {len(meta)} submission meta column(s) dropped from analysis "
                   f"({', '.join(meta)})")
    names = _question_names([str(c) for c in out.columns], sep, form)
    groups = {c: n for c, n in names.items() if n != c}
    if groups:
        log.append(f"group paths removed from {len(groups)} column name(s) (e.g. '{next(iter(groups))}' -> "
                   f"'{next(iter(groups.values()))}')")
    out = out.rename(columns=names)
    out = _options(out, form, log)
    out = _answers(out, form, log)
    source = dict(attrs.get("source", {}))
    source["meta_columns"] = meta
    source["personal_meta"] = [c for c in meta if _fold(c).split(sep)[-1] in PERSONAL_META]
    out.attrs = {**attrs, "cleaning_log": log, "source": source,
                 "hxl": {names.get(c, c): t for c, t in attrs.get("hxl", {}).items() if c not in meta},
                 "kobo": {"separator": sep, "xlsform": form.path if form else None}}
    return out


def _question_names(columns: list[str], sep: str, form: XLSForm | None) -> dict[str, str]:
    """Each header's question name (``question/option`` for select_multiple options), group path removed."""
    labels = {_fold(lab): q for q, (_, _, lab) in form.questions.items() if lab} if form else {}
    paths = {c: [p for p in re.split("[" + re.escape(sep) + "/]", c) if p] or [c] for c in columns}
    leaf = {c: p[-1] for c, p in paths.items()}
    full = {"/".join(p) for p in paths.values()}
    names: dict[str, str] = {}
    for c, p in paths.items():
        if form is not None:
            if c in form.questions or _fold(c) in labels:  # an exact name, or a whole label
                names[c] = c if c in form.questions else labels[_fold(c)]
                continue
            q = p[-1] if p[-1] in form.questions else labels.get(_fold(p[-1]))
            if q is None and len(p) >= 2:
                parent = p[-2] if p[-2] in form.questions else labels.get(_fold(p[-2]))
                if parent and form.select_multiple(parent):
                    option = _choice_name(form, parent, p[-1])
                    names[c] = f"{parent}/{option}"
                    continue
            names[c] = q or c
            continue
        # Without the form: a path whose parent path is itself a column is a select_multiple option.
        if len(p) >= 2 and "/".join(p[:-1]) in full:
            names[c] = f"{p[-2]}/{p[-1]}"
        else:
            names[c] = leaf[c]
    # Two groups asking a question of the same name keep their paths (joined by "_") rather than collide.
    counts: dict[str, int] = {}
    for n in names.values():
        counts[n] = counts.get(n, 0) + 1
    return {c: (n if counts[n] == 1 else "_".join(paths[c])) for c, n in names.items()}


def _choice_name(form: XLSForm, question: str, value: str) -> str:
    """A choice's name from its name or its label (labels exported instead of names)."""
    choices = form.choices.get(form.questions[question][1] or "", {})
    if value in choices:
        return value
    by_label = {_fold(lab): name for name, lab in choices.items()}
    return by_label.get(_fold(value), value)


def _flags(s: pd.Series) -> pd.Series:
    """yes/no, true/false, 1/0 answers (any case, any spaces) as a nullable 0/1 column; anything else missing."""
    folded = s.astype("string").str.strip().str.casefold()
    flag = pd.Series(pd.NA, index=s.index, dtype="Int64")
    flag[folded.isin(_YES).fillna(False).to_numpy()] = 1
    flag[folded.isin(_NO).fillna(False).to_numpy()] = 0
    return flag


def _options(df: pd.DataFrame, form: XLSForm | None, log: list[str]) -> pd.DataFrame:
    """select_multiple: option columns as 0/1 numbers; the space-separated question column dropped."""
    options = [c for c in df.columns if "/" in str(c)]
    questions = sorted({str(c).split("/")[0] for c in options})
    for c in options:
        s = df[c]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            df[c] = _flags(s)
    dropped = [q for q in questions if q in df.columns]
    if questions:
        log.append(f"select_multiple question(s) {', '.join(questions)}: one 0/1 column per option "
                   f"({len(options)} columns)"
                   + (f"; the space-separated answer column(s) {', '.join(dropped)} dropped (same information)"
                      if dropped else ""))
    return df.drop(columns=dropped)


def _answers(df: pd.DataFrame, form: XLSForm | None, log: list[str]) -> pd.DataFrame:
    """Answers exported as labels back to choice names (with the form); yes/no answers to 1/0."""
    relabelled, yes_no = [], []
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s) or "/" in str(c):
            continue
        if form is not None and c in form.questions and form.questions[c][0] == "select_one":
            choices = form.choices.get(form.questions[c][1] or "", {})
            by_label = {_fold(lab): name for name, lab in choices.items()}
            text = s.astype("string").str.strip()
            lookup = {v: v if v in choices else by_label.get(_fold(v), v) for v in text.dropna().unique()}
            mapped = text.map(lookup).astype("string")
            if not mapped.equals(text):
                relabelled.append(str(c))
            s = df[c] = mapped.astype(object)
        folded = s.dropna().astype(str).str.strip().str.casefold()
        folded = folded[folded != ""]
        if len(folded) and folded.isin(_YES_NO_WORDS).all():
            df[c] = _flags(s)
            yes_no.append(str(c))
    if relabelled:
        log.append(f"answers exported as labels turned back into the form's choice names: {', '.join(relabelled)}")
    if yes_no:
        log.append(f"yes/no answers read as 1/0: {', '.join(yes_no)}")
    return df
