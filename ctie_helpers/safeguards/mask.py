"""Masked examples: enough shape for an analyst to recognise the kind of data, never the value itself.

Every mask hides the length of words (fixed ``***``) so a masked name cannot be matched back by length,
and keeps at most one leading character of any word.
"""

from __future__ import annotations

import re

__all__ = ["mask_value"]


def _mask_word(word: str) -> str:
    return f"{word[0]}***" if word else ""


def _mask_digits(text: str, keep_last: int = 0) -> str:
    """Replace every digit by ``*`` except the last ``keep_last`` ones; keep separators and ``+``."""
    total = sum(ch.isdigit() for ch in text)
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep_last else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_value(value: object, kind: str) -> str:
    """Return a masked rendering of ``value`` for a finding of ``kind``.

    Parameters
    ----------
    value : object
        The raw cell value. It is never returned, whole or in part beyond the shapes below.
    kind : str
        The finding kind (``"name"``, ``"phone"``, ``"email"``, ``"id_number"``, ``"date_of_birth"``,
        ``"gps"``, ``"address"``, ``"narrative"``, ``"record_id"``).

    Returns
    -------
    str
        ``"J*** D***"`` for a name, ``"+*** *** ***78"`` for a phone number (last two digits kept, as
        banks do), ``"a***@***.org"`` for an e-mail, ``"P***"`` for a document number, ``"198*-**-**"``
        for a date, ``"12.3***"`` for a coordinate, ``"[free text, 143 characters]"`` for a narrative.
    """
    text = str(value).strip()
    if not text:
        return ""
    if kind == "email":
        local, _, domain = text.partition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{_mask_word(local)}@***.{tld}" if tld else f"{_mask_word(local)}@***"
    if kind == "phone":
        return _mask_digits(text, keep_last=2)
    if kind == "date_of_birth":
        # Keep the decade only: an age range is what the analyst needs to recognise a birth date.
        year = re.search(r"(19|20)\d\d", text)
        return f"{year.group(0)[:3]}*-**-**" if year else _mask_digits(text)
    if kind == "gps":
        numbers = re.findall(r"-?\d+(?:\.\d+)?", text)
        return ", ".join(f"{n.split('.')[0]}.{n.split('.')[1][:1] if '.' in n else ''}***" for n in numbers[:2])
    if kind == "narrative":
        return f"[free text, {len(text)} characters]"
    if kind == "address":
        return " ".join("###" if any(c.isdigit() for c in w) else _mask_word(w) for w in text.split()[:4])
    if kind in ("id_number", "record_id"):
        return f"{text[0]}***"
    return " ".join(_mask_word(w) for w in text.split()[:4])
