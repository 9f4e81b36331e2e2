"""CTiE data types and the purpose of CTiE information management (domain brief 1.3-1.4).

Each data type carries its typical unit, sources and sensitivity range; sensitivity keys are those of
:func:`ctie_helpers.content.data_responsibility.sensitivity_levels`, so a notebook can show the
sharing decision that goes with each type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import PROVENANCE_ADAPTED, as_frame, check_keys, fail, load_json
from ctie_helpers.content.data_responsibility import sensitivity_levels

__all__ = ["PROVENANCE", "DataType", "HpcStep", "data_type", "data_types", "data_types_frame", "distinctions",
           "hpc_steps"]

PROVENANCE = PROVENANCE_ADAPTED
_FILE = "data_types.json"


@dataclass(frozen=True)
class DataType:
    """One CTiE data type; ``sensitivity`` lists the levels it typically spans, lowest first."""

    key: str
    name: str
    describes: str
    unit: str
    sources: tuple[str, ...]
    sensitivity: tuple[str, ...]


@dataclass(frozen=True)
class HpcStep:
    """A humanitarian programme cycle step and what CT IM contributes to it."""

    order: int
    step: str
    ct_contribution: str


@cache
def _raw() -> dict:
    raw = check_keys(load_json(_FILE), ("provenance", "purpose", "stance", "hpc", "types", "distinctions"),
                     ("about",), file=_FILE, entry="top level")
    if raw["provenance"] != PROVENANCE:
        raise fail(_FILE, "provenance", f"must be {PROVENANCE!r}")
    return dict(raw)


@cache
def data_types() -> tuple[DataType, ...]:
    """The six CTiE data types, validated against the sensitivity scale."""
    order = [s.key for s in sensitivity_levels()]
    out = []
    for rec in _raw()["types"]:
        entry = rec.get("key", "?")
        check_keys(rec, ("key", "name", "describes", "unit", "sources", "sensitivity"), file=_FILE, entry=entry)
        sens = rec["sensitivity"]
        if not sens or any(s not in order for s in sens) or sens != sorted(sens, key=order.index):
            raise fail(_FILE, entry, f"sensitivity {sens} must be levels from {order}, lowest first")
        out.append(DataType(rec["key"], rec["name"], rec["describes"], rec["unit"], tuple(rec["sources"]), tuple(sens)))
    return tuple(out)


def data_type(key: str) -> DataType:
    """One data type by key (``"case"``, ``"context"``...)."""
    for d in data_types():
        if d.key == key:
            return d
    raise KeyError(f"no data type {key!r}; keys are {[d.key for d in data_types()]}")


def hpc_steps() -> tuple[HpcStep, ...]:
    """The humanitarian programme cycle steps and CT IM's contribution to each."""
    return tuple(HpcStep(i, r["step"], r["ct_contribution"]) for i, r in enumerate(_raw()["hpc"], start=1))


def distinctions() -> tuple[tuple[str, str], ...]:
    """Cross-cutting distinctions: (name, description) pairs."""
    return tuple((r["name"], r["description"]) for r in _raw()["distinctions"])


def data_types_frame():
    """The data-type table as a pandas DataFrame (pandas imported only now)."""
    return as_frame(data_types())
