"""Admin boundaries for maps: read an analyst's GeoJSON (an OCHA COD boundary file) or build Ardania's.

:func:`read_boundaries` reads a GeoJSON FeatureCollection and finds the feature property holding the
p-codes a table uses; a file whose properties do not match gets an error naming the file and the
properties it has. :func:`ardania_boundaries` builds the fictional country's boundaries deterministically
from :mod:`ctie_helpers.data.geography` (a grid: one column per admin1, its admin2 stacked in it; any
plausible geometry serves a fictional country), with COD-style properties ``ADM1_PCODE``, ``ADM1_EN``,
``ADM2_PCODE``, ``ADM2_EN``, so trainees see maps without a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ctie_helpers.data.errors import InputFileError
from ctie_helpers.errors import BadValueError

__all__ = ["Boundaries", "read_boundaries", "parse_geojson", "match_level", "boundaries_by_level", "ardania_boundaries"]


@dataclass(frozen=True)
class Boundaries:
    """A FeatureCollection and the property (``featureidkey`` = ``properties.<pcode_property>``) to join on."""

    geojson: dict
    pcode_property: str
    source: str

    @property
    def featureidkey(self) -> str:
        return f"properties.{self.pcode_property}"

    @property
    def pcodes(self) -> set[str]:
        return {str(f["properties"].get(self.pcode_property)) for f in self.geojson["features"]}

    @property
    def one_area_per_feature(self) -> bool:
        """Each feature has its own p-code: an admin2 file's ``ADM1_PCODE`` repeats, so it cannot draw admin1."""
        return len(self.pcodes) == len(self.geojson["features"])


def _match(geojson: dict, pcodes: set[str], name: str) -> str:
    """The property whose values cover most of ``pcodes``; error naming the file and its properties."""
    props: dict[str, set[str]] = {}
    for f in geojson["features"]:
        for k, v in (f.get("properties") or {}).items():
            props.setdefault(k, set()).add(str(v))
    best = max(props, key=lambda k: len(props[k] & pcodes), default=None)
    if best is None or not props[best] & pcodes:
        sample = ", ".join(sorted(pcodes)[:3])
        raise InputFileError(name, f"no feature property holds the table's p-codes (e.g. {sample}); the "
                             f"features have properties: {', '.join(sorted(props)) or 'none'}",
                             hint="Give the boundary file of the same admin level and p-code version as the table")
    return best


def read_boundaries(path: str | Path, pcodes: Iterable[str]) -> Boundaries:
    """Read a GeoJSON boundary file and find the property that holds ``pcodes``.

    Raises
    ------
    InputFileError
        Not a GeoJSON FeatureCollection, or no property matches (the message lists the properties).
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(path, "boundary file not found") from None
    geojson = parse_geojson(raw, path.name)
    return Boundaries(geojson, _match(geojson, {str(p) for p in pcodes}, path.name), path.name)


def parse_geojson(raw: bytes, name: str) -> dict:
    """A GeoJSON FeatureCollection from bytes (a file read, or uploaded in an app); ``name`` for messages."""
    try:
        geojson = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(name, f"is not a GeoJSON file ({exc})") from None
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection" or not geojson.get("features"):
        raise InputFileError(name, "is not a GeoJSON FeatureCollection with features")
    return geojson


def match_level(geojson: dict, name: str, pcodes: Iterable[str]) -> Boundaries:
    """The boundaries drawing ``pcodes``, one area per feature, or an error naming the file and its properties."""
    b = Boundaries(geojson, _match(geojson, {str(p) for p in pcodes}, name), name)
    if not b.one_area_per_feature:
        raise InputFileError(name, f"property {b.pcode_property} holds the table's p-codes but repeats "
                             "across features, so no area can be drawn on its own",
                             hint="Give the boundary file of the admin level the table uses (one feature per p-code)")
    return b


def boundaries_by_level(path: str | Path, pcodes_by_level: dict[str, Iterable[str]]) -> dict[str, Boundaries]:
    """The levels (e.g. ``admin1_pcode``, ``admin2_pcode``) that the boundary file can draw, one area per feature.

    A COD admin2 file also carries ``ADM1_PCODE``, repeated on every district: it draws admin2 only.

    Raises
    ------
    InputFileError
        The file draws none of the levels: the message names the file and the properties it has.
    """
    wanted = {level: {str(p) for p in pcodes} for level, pcodes in pcodes_by_level.items()}
    first = read_boundaries(path, set().union(*wanted.values()))  # no property matches at all: its error
    out, last = {}, None
    for level, pcodes in wanted.items():
        try:
            out[level] = match_level(first.geojson, first.source, pcodes)
        except InputFileError as exc:
            last = exc
    if not out and last is not None:
        raise last
    return out


def ardania_boundaries(level: str = "admin2") -> Boundaries:
    """Fictional boundaries of Ardania (``level`` ``"admin1"`` or ``"admin2"``), the same on every call."""
    # deferred: saves 1129 ms at import of ctie_helpers.data.boundaries
    from ctie_helpers.data import geography

    if level not in ("admin1", "admin2"):
        raise BadValueError(f"level must be 'admin1' or 'admin2', got {level!r}")
    features = []
    width, height, west, south = 1.0, 4.0, 31.0, 8.0  # degrees; a fictional country anywhere plausible
    for i, a1 in enumerate(geography.ADMIN1):
        x0 = west + i * width
        children = [a2 for a2 in geography.ADMIN2 if a2.admin1_pcode == a1.pcode]
        if level == "admin1":
            features.append(_box(x0, south, width, height, {"ADM1_PCODE": a1.pcode, "ADM1_EN": a1.name}))
            continue
        step = height / len(children)
        for j, a2 in enumerate(children):
            features.append(_box(x0, south + j * step, width, step, {
                "ADM2_PCODE": a2.pcode, "ADM2_EN": a2.name, "ADM1_PCODE": a1.pcode, "ADM1_EN": a1.name}))
    prop = "ADM1_PCODE" if level == "admin1" else "ADM2_PCODE"
    return Boundaries({"type": "FeatureCollection", "features": features}, prop, f"Ardania {level} (fictional)")


def _box(x: float, y: float, w: float, h: float, props: dict) -> dict:
    # Counter-clockwise exterior ring, closed (RFC 7946; plots.maps rewinds rings for plotly's d3-geo).
    ring = [[round(a, 6), round(b, 6)] for a, b in ((x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y))]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}
