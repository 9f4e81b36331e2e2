"""Headline figures checked against the published reports (issue 12, content corrections).

Expected values come from the reports themselves (domain brief 3.2), not from the registry: UNODC GLOTiP 2020
(data 2018) gives women 46%, men 20%, girls 19%, boys 15%; GLOTiP 2024 (data 2022) women 39%, men 23%,
girls 22%, boys 16%.
"""

from __future__ import annotations

import re

import pytest

from ctie_helpers import content

PARTS = ("women", "men", "girls", "boys")
GLOTIP_2020 = "UNODC, Global Report on Trafficking in Persons 2020"


def _sex_age_editions() -> dict[str, dict[str, float]]:
    """Report key prefix (e.g. ``glotip2020``) -> {part: share} for every report that stores sex-age shares."""
    out: dict[str, dict[str, float]] = {}
    for f in content.figures():
        m = re.fullmatch(r"(glotip\d{4})_(women|men|girls|boys)_share", f.key)
        if m:
            out.setdefault(m.group(1), {})[m.group(2)] = f.value
    return out


def test_both_reports_with_sex_age_shares_are_present():
    assert {"glotip2020", "glotip2024"} <= set(_sex_age_editions())


@pytest.mark.parametrize("report", sorted(_sex_age_editions()))
def test_sex_and_age_shares_of_a_report_add_up_to_100(report):
    shares = _sex_age_editions()[report]
    assert set(shares) == set(PARTS), f"{report}: a report that gives one sex-age share must give all four"
    years = {content.figure(f"{report}_{p}_share").year for p in PARTS}
    assert len(years) == 1, f"{report}: the four shares must describe the same data year, got {years}"
    assert sum(shares.values()) == pytest.approx(100, abs=1), f"{report}: {shares} (rounding allows +-1)"


def test_glotip_2020_women_share_is_46_percent():
    f = content.figure("glotip2020_women_share")
    assert f.value == 46
    assert f.source == GLOTIP_2020 and f.year == 2018 and "2020" in f.edition


@pytest.mark.parametrize(("part", "value"), [("men", 20), ("girls", 19), ("boys", 15)])
def test_glotip_2020_other_shares(part, value):
    f = content.figure(f"glotip2020_{part}_share")
    assert (f.value, f.source, f.year) == (value, GLOTIP_2020, 2018)
