"""Files dropped into an app, and tables pasted into it, read with the workbook's tolerant loader.

An uploaded file arrives as bytes in the kernel's memory (ipywidgets ``FileUpload``). The loader
(:func:`ctie_helpers.data.loaders.load_table`) reads from a path, so the bytes are written to a private
temporary folder (created with mode 0700 by :func:`tempfile.mkdtemp`, under a random name) only for the
time of the read, and the folder is deleted in a ``finally`` block before the result comes back. A
folder left behind by a killed kernel is still removed at interpreter exit. Nothing is ever written
next to the notebooks, and the original name is reduced to a safe base name (no path parts).
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from ctie_helpers.data.loaders import list_sheets, load_table
from ctie_helpers.errors import BadValueError

__all__ = ["MAX_UPLOAD_BYTES", "UploadedFile", "first_upload", "load_bytes", "load_pasted", "private_folder",
           "sheet_names"]

#: Larger files do not fit through the widget channel reliably; the analyst is told to use ``ctie report``.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
_LIVE: set[str] = set()


def _cleanup_all() -> None:
    for folder in list(_LIVE):
        shutil.rmtree(folder, ignore_errors=True)
        _LIVE.discard(folder)


atexit.register(_cleanup_all)


@contextmanager
def private_folder() -> Iterator[Path]:
    """A temporary folder only this user can read, deleted when the block ends (even on error)."""
    folder = tempfile.mkdtemp(prefix="ctie-upload-")  # mkdtemp creates it with mode 0o700
    _LIVE.add(folder)
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _LIVE.discard(folder)


class UploadedFile:
    """Name and bytes of one file from a ``FileUpload`` widget."""

    def __init__(self, name: str, content: bytes):
        self.name = safe_name(name)
        self.content = bytes(content)

    @property
    def size(self) -> int:
        return len(self.content)


def safe_name(name: str) -> str:
    """The file's base name with anything unusual replaced, keeping a known extension (``.csv`` default)."""
    base = Path(str(name).replace("\\", "/")).name or "upload"
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" .") or "upload"
    return stem[:80] + (suffix if suffix in _SUFFIXES else ".csv")


def first_upload(value: Any) -> UploadedFile | None:
    """The first file of a ``FileUpload.value`` (ipywidgets 8: a tuple of dicts), or ``None``."""
    items = list(value.values()) if isinstance(value, Mapping) else list(value or ())
    if not items:
        return None
    item = items[0]
    return UploadedFile(item["name"], item["content"])


def _check_size(upload: UploadedFile) -> None:
    if upload.size == 0:
        raise BadValueError(f"{upload.name}: the file is empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise BadValueError(f"{upload.name}: the file is {upload.size / 1e6:.0f} MB; the app takes files up to "
                         f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB. Use 'ctie report' or 'ctie check' for larger files.")


def load_bytes(upload: UploadedFile, sheet: str | None = None) -> pd.DataFrame:
    """Read an uploaded CSV/XLSX with :func:`~ctie_helpers.data.loaders.load_table`; errors name the file."""
    _check_size(upload)
    with private_folder() as folder:
        path = folder / upload.name
        path.write_bytes(upload.content)
        df = load_table(path, sheet=sheet)
    # The temporary path means nothing to the analyst: report the name they uploaded.
    source = dict(df.attrs.get("source", {}), file=upload.name)
    df.attrs = {**df.attrs, "source": source}
    return df


def sheet_names(upload: UploadedFile) -> list[str]:
    """Sheet names of an uploaded workbook (empty for text files)."""
    if not upload.name.lower().endswith((".xlsx", ".xlsm")):
        return []
    _check_size(upload)
    with private_folder() as folder:
        path = folder / upload.name
        path.write_bytes(upload.content)
        return list_sheets(path)


def load_pasted(text: str, name: str = "pasted table") -> pd.DataFrame:
    """Read a table pasted as text (commas, semicolons or tabs, as copied from a spreadsheet)."""
    if not text or not text.strip():
        raise BadValueError("nothing pasted yet: paste a table with a header row, e.g. copied from Excel")
    return load_bytes(UploadedFile(f"{name}.csv", text.strip().encode("utf-8") + b"\n"))
