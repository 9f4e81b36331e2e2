"""Shared machinery of the content registries: the bundled JSON files, strict validation, tables.

Every registry module reads one JSON file from ``data/`` through :func:`load_json`, checks each entry
with :func:`check_keys` and the ``fail`` helper (so a typo in a session author's file names the file and
the entry), and caches the result. Nothing here imports pandas until :func:`as_frame` is called, so
``import ctie_helpers.content`` stays cheap for notebooks, Voilà apps and the CLI.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas

__all__ = [
    "CONFIDENCE",
    "DATA_DIR",
    "PROVENANCE_ADAPTED",
    "as_frame",
    "check_keys",
    "fail",
    "load_json",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Confidence tags of the domain brief: verified, known background, reconstructed.
CONFIDENCE = ("V", "K", "R")

#: The label every reconstructed list carries in course material (domain brief, preamble).
PROVENANCE_ADAPTED = "adapted from IOM practice"


def fail(file: str, entry: object, message: str) -> ValueError:
    """Build the one error shape all registries raise: ``<file>: <entry>: <message>``."""
    return ValueError(f"{file}: {entry}: {message}")


def load_json(name: str) -> Any:
    """Read a bundled JSON file by name, with a clear error for a missing or malformed file."""
    path = DATA_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(name, "file", f"not found in {DATA_DIR}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(name, f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None


def check_keys(
    record: object,
    required: Iterable[str],
    optional: Iterable[str] = (),
    *,
    file: str,
    entry: object,
) -> Mapping[str, Any]:
    """Check that ``record`` is an object with all ``required`` keys and nothing unexpected.

    Unknown keys are errors on purpose: a misspelt ``"exercise"`` for ``"exercises"`` would otherwise
    vanish silently and the consistency tests would blame the wrong file.
    """
    if not isinstance(record, Mapping):
        raise fail(file, entry, f"expected an object, got {type(record).__name__}")
    required = tuple(required)
    missing = [k for k in required if k not in record]
    if missing:
        raise fail(file, entry, f"missing key(s) {', '.join(missing)}")
    unknown = sorted(set(record) - set(required) - set(optional))
    if unknown:
        raise fail(file, entry, f"unknown key(s) {', '.join(unknown)}")
    return record


def _cell(value: Any) -> Any:
    # Tuples of plain strings read best in a table as one "a; b" cell; anything richer stays as is.
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return value


def as_frame(items: Iterable[Any]) -> pandas.DataFrame:
    """Turn registry entries (dataclasses) into a pandas DataFrame, importing pandas only now."""
    # deferred: saves 1075 ms at import of ctie_helpers.content._base
    import pandas as pd

    rows = []
    for item in items:
        row = {f.name: _cell(getattr(item, f.name)) for f in dataclasses.fields(item)}
        rows.append(row)
    return pd.DataFrame(rows)
