"""Session 3, notebook ``03_using_the_framework``: using the framework: tagging excerpts of the (synthetic)
secondary data review (3.6).

Excerpts and their reference tags come from the ``secondary_sources`` data set; the evidence matrices from
:mod:`ctie_helpers.methods.evidence`.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import indicator
from ctie_helpers.data import load
from ctie_helpers.data.synthetic.secondary_sources import excerpt_text, source_type_label
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets import MatchPairs, SingleChoice, SortIntoBins

__all__ = ["s3_tag_practice", "s3_tag_excerpts", "s3_indicator_practice", "s3_tag_indicators", "s3_gap_practice",
           "s3_gap_reading"]


# --------------------------------------------------------------------------------------------
# 3.6 Using the framework: tagging excerpts of the (synthetic) secondary data review
# --------------------------------------------------------------------------------------------
#: Excerpts of `secondary_sources` used in the lab; each has a single reference cell.
TAG_PRACTICE_IDS = ["SRC-027", "SRC-021", "SRC-033"]
TAG_GRADED_IDS = ["SRC-002", "SRC-004", "SRC-007", "SRC-009", "SRC-012", "SRC-015", "SRC-045", "SRC-017"]
TAG_INDICATOR_IDS = ["SRC-002", "SRC-007", "SRC-015", "SRC-045", "SRC-009"]
TAG_INDICATOR_OPTIONS = ["IND-05", "IND-06", "IND-10", "IND-12", "IND-13", "IND-14", "IND-22"]
#: Practice matching: excerpts and indicators that the graded item does not use.
INDICATOR_PRACTICE_KEY = {"SRC-026": "IND-11", "SRC-048": "IND-08", "SRC-030": "IND-15"}
INDICATOR_PRACTICE_OPTIONS = ["IND-03", "IND-08", "IND-11", "IND-15", "IND-25"]


def _excerpts(ids: list[str]) -> dict[str, str]:
    # The label is shown in the language in force (the id stays the excerpt id that is graded): the data are
    # English, so the text and source type are translated here, through the generator's templates.
    df = load("secondary_sources").set_index("excerpt_id")
    return {eid: f"{eid} ({source_type_label(df.loc[eid, 'source_type'])}): {excerpt_text(df.loc[eid, 'text'])}"
            for eid in ids}


def _reference_cells(ids: list[str]) -> dict[str, str]:
    # deferred: saves 24 ms at import of ctie_helpers.exercises.session3.using_the_framework
    from ctie_helpers.methods.evidence import cell_label

    df = load("secondary_sources").set_index("excerpt_id")
    return {eid: cell_label(df.loc[eid, "level"], df.loc[eid, "category"]) for eid in ids}


def s3_tag_practice(**kw: Any) -> SortIntoBins:
    """Practice: tag three excerpts with their framework cell (level × category)."""
    # deferred: saves 18 ms at import of ctie_helpers.exercises.session3.using_the_framework
    from ctie_helpers.methods.evidence import cell_labels

    return SortIntoBins(
        "s3_tag_practice",
        "Tag each excerpt with the cell of the framework (level × category) it gives evidence for.",
        items=_excerpts(TAG_PRACTICE_IDS), bins=cell_labels(), key=_reference_cells(TAG_PRACTICE_IDS),
        noun="excerpts",
        explanation="Missing papers are a person's characteristic that raises risk (Individual × Risk); a single "
                    "service point is a gap in the response around the site (Community × Response); a household "
                    "headed by a woman alone or by a child is a household-level risk factor.",
        **kw)


def s3_tag_excerpts(**kw: Any) -> SortIntoBins:
    """Graded: tag eight excerpts with their framework cell; scored by agreement with the reference tags."""
    # deferred: saves 26 ms at import of ctie_helpers.exercises.session3.using_the_framework
    from ctie_helpers.methods.evidence import cell_labels

    return SortIntoBins(
        "s3_tag_excerpts",
        "Graded. Tag each excerpt with the cell of the framework (level × category) it gives evidence for.",
        items=_excerpts(TAG_GRADED_IDS), bins=cell_labels(), graded=True, points=4, noun="excerpts", **kw)


def s3_indicator_practice(**kw: Any) -> MatchPairs:
    """Practice: match three excerpts to the indicator they inform (not the graded excerpts)."""
    return MatchPairs(
        "s3_indicator_practice",
        "Practice. Match each excerpt to the indicator it gives evidence for (indicators adapted from IOM "
        "practice).",
        left=_excerpts(list(INDICATOR_PRACTICE_KEY)),
        right={i: f"{i} {_(indicator(i).name)}" for i in INDICATOR_PRACTICE_OPTIONS}, key=INDICATOR_PRACTICE_KEY,
        explanation="Ask what the excerpt counts, among whom: sites, households or reports. The indicator whose "
                    "numerator and denominator the excerpt could fill is the match.",
        **kw)


def s3_tag_indicators(**kw: Any) -> MatchPairs:
    """Graded: match five excerpts to the indicator they inform."""

    return MatchPairs(
        "s3_tag_indicators",
        "Graded. Match each excerpt to the indicator it gives evidence for.",
        left=_excerpts(TAG_INDICATOR_IDS),
        right={i: f"{i} {_(indicator(i).name)}" for i in TAG_INDICATOR_OPTIONS}, graded=True, points=2, **kw)


#: Practice gap reading: a small made-up matrix column, described in the stem (not the review's heatmap).
GAP_PRACTICE_OPTIONS = {
    "zero": "Community: no excerpt speaks to it, so the review can say nothing about it yet",
    "weak": "Structural: its single excerpt, of low reliability, is the real gap in this column",
    "none": "Community: the sites of Riverside have no services at all",
    "most": "Individual: with four excerpts on it, this is where the service gap in Riverside is largest",
}


def s3_gap_practice(**kw: Any) -> SingleChoice:
    """Practice: read one column of a (made-up) evidence matrix for the empty cell."""
    return SingleChoice(
        "s3_gap_practice",
        "Practice. A review for Riverside district (made up for this exercise) counts, in the column Response & "
        "service gaps: Individual 4 excerpts, Household/family 2, Community 0, Structural 1 (reliability 1). "
        "Which reading is right?",
        options=GAP_PRACTICE_OPTIONS, key="zero",
        explanation="A gap is a cell with no evidence: it says what the review does not know, not what the "
                    "situation is. A weak cell (few or unreliable excerpts) is different again.",
        **kw)


def s3_gap_reading(**kw: Any) -> SingleChoice:
    """Graded: read the gap heatmap of the whole review."""
    return SingleChoice(
        "s3_gap_reading",
        "Graded. Look at the heatmap of the whole review. At which level is there no evidence at all on "
        "protective factors and capacities?",
        options={
            "individual": "Individual (a person's own characteristics and history)",
            "household": "Household/family (the people a person lives and shares income with)",
            "community": "Community (the site, village or neighbourhood and its groups)",
            "structural": "Structural (the country's laws, institutions, economy and policies)",
        },
        graded=True, points=1, **kw)
