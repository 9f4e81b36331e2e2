"""Pseudonymisation with a keyed hash (HMAC-SHA256): the same person gets the same code in every file.

Why a key: a plain hash of a name or phone number is reversed in seconds by hashing every plausible
value (a dictionary attack), so it is not a pseudonym at all. With HMAC the code can only be recomputed
by whoever holds the key. The key therefore never lives in a notebook: it comes from a file or from an
environment variable, and nothing runs without it.

- ``CTIE_PSEUDONYM_KEY``: the key itself (at least 16 characters).
- ``CTIE_PSEUDONYM_KEY_FILE``: a path to a file holding the key (first line, or the whole file if binary).

Make a key once per project with ``python -c "import secrets; print(secrets.token_hex(32))" > key.txt``,
keep the file out of shared folders and of version control, and share it only with the people who must
link records across files.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from pathlib import Path

import pandas as pd

from ctie_helpers.errors import BadValueError, UserError

__all__ = ["KEY_ENV", "KEY_FILE_ENV", "MissingKeyError", "load_key", "normalise_identifier", "pseudonym",
           "pseudonymise"]

KEY_ENV = "CTIE_PSEUDONYM_KEY"
KEY_FILE_ENV = "CTIE_PSEUDONYM_KEY_FILE"
MIN_KEY_BYTES = 16


class MissingKeyError(UserError, RuntimeError):
    """No usable pseudonymisation key was found; the message says how to provide one.

    A user error: the key is the user's to set (a file or an environment variable).
    """


def load_key(key_file: str | os.PathLike | None = None) -> bytes:
    """Return the pseudonymisation key from ``key_file``, ``$CTIE_PSEUDONYM_KEY_FILE`` or ``$CTIE_PSEUDONYM_KEY``.

    Raises
    ------
    MissingKeyError
        When no key is configured, the key file is missing, or the key is shorter than 16 bytes.
    """
    path = key_file or os.environ.get(KEY_FILE_ENV)
    if path:
        p = Path(path).expanduser()
        if not p.is_file():
            raise MissingKeyError(f"pseudonymisation key file not found: {p} (set {KEY_FILE_ENV} to an existing file)")
        raw = p.read_bytes()
        try:
            key = raw.decode("utf-8").splitlines()[0].strip().encode("utf-8") if raw.strip() else b""
        except UnicodeDecodeError:
            key = raw  # a binary key file is used as it is
    else:
        key = os.environ.get(KEY_ENV, "").strip().encode("utf-8")
    if not key:
        raise MissingKeyError(
            "no pseudonymisation key: set the environment variable "
            f"{KEY_FILE_ENV} to a file that holds a secret key (or {KEY_ENV} to the key itself) before "
            "pseudonymising. Never write the key in a notebook. Make one with: "
            "python -c \"import secrets; print(secrets.token_hex(32))\" > pseudonym_key.txt")
    if len(key) < MIN_KEY_BYTES:
        raise MissingKeyError(f"pseudonymisation key too short ({len(key)} bytes; use at least {MIN_KEY_BYTES})")
    return key


def normalise_identifier(value: object) -> str:
    """Canonical form of an identifier so trivial differences give the same code.

    Unicode NFKC, case folded, whitespace collapsed: ``"  Amina  DIALLO"`` and ``"amina diallo"`` match.
    Accents are kept: "Léa" and "Lea" may be different people, and merging them is a linkage decision,
    not a formatting one.
    """
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return " ".join(text.split())


def pseudonym(value: object, key: bytes, prefix: str = "P", length: int = 10) -> str:
    """The code for one identifier: ``prefix-`` followed by ``length`` characters of the HMAC (base32).

    Ten base32 characters carry 50 bits: the chance that two of 100 000 people share a code is about
    1 in 20 million (birthday bound n^2 / 2^51).
    """
    if not 6 <= length <= 52:
        raise BadValueError("length must be between 6 and 52 characters")
    digest = hmac.new(key, normalise_identifier(value).encode("utf-8"), hashlib.sha256).digest()
    return f"{prefix}-{base64.b32encode(digest).decode('ascii')[:length]}"


def pseudonymise(df: pd.DataFrame, columns: list[str] | str, *, key: bytes | None = None,
                 key_file: str | os.PathLike | None = None, prefix: str = "P", length: int = 10,
                 suffix: str = "") -> pd.DataFrame:
    """Return a copy of ``df`` with ``columns`` replaced by keyed codes; missing values stay missing.

    Parameters
    ----------
    df : pandas.DataFrame
        Not modified.
    columns : str or list of str
        Identifier columns to replace (names, phone numbers, case ids...).
    key : bytes, optional
        The secret key. Default: :func:`load_key` (file or environment variable). A key typed into a
        notebook would end up in the notebook file and its history, hence no default literal anywhere.
    key_file : path, optional
        Read the key from this file instead of the environment.
    prefix : str
        Readable prefix of every code (e.g. ``"CASE"`` gives ``CASE-7K2M...``).
    length : int
        Characters of the hash kept (default 10, see :func:`pseudonym`).
    suffix : str
        Appended to each replaced column's name (e.g. ``"_code"``); default keeps the name.

    Raises
    ------
    MissingKeyError
        When no key is given or configured.
    KeyError
        When a column is not in ``df``.
    """
    cols = [columns] if isinstance(columns, str) else list(columns)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError(f"columns not in the table: {', '.join(map(str, missing))}")
    secret = key if key is not None else load_key(key_file)
    if len(secret) < MIN_KEY_BYTES:
        raise MissingKeyError(f"pseudonymisation key too short ({len(secret)} bytes; use at least {MIN_KEY_BYTES})")
    out = df.copy()
    for c in cols:
        blank = out[c].isna() | (out[c].astype(str).str.strip() == "")
        codes = [None if b else pseudonym(v, secret, prefix, length) for v, b in zip(out[c], blank, strict=True)]
        out[c] = pd.Series(codes, index=out.index, dtype="string")
        if suffix:
            out = out.rename(columns={c: f"{c}{suffix}"})
    return out
