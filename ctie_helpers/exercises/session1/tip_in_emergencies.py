"""Session 1, notebook ``04_tip_in_emergencies``: trafficking in persons in emergencies (1.5).

The crisis typology is adapted from IOM practice (domain brief 2.4), read from
:mod:`ctie_helpers.content.crisis`. Practice items carry their key; graded items carry none
(DEVELOPERS.md). Scenarios are fictional and set in Ardania.
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import crisis
from ctie_helpers.widgets import MultiSelect, SortIntoBins

__all__ = ["s1_crisis_mechanisms", "s1_crisis_typology_practice", "s1_crisis_typology"]


# --------------------------------------------------------------------------------------------
# 1.5 Trafficking in persons in emergencies (adapted from IOM practice, brief 2.4)
# --------------------------------------------------------------------------------------------

CRISIS_MECHANISM_OPTIONS = [
    "Loss of livelihoods and savings",
    "Families separated during flight",
    "Lost identity documents",
    "Police and courts stop working in the area",
    "More humanitarian funding arrives",
    "Schools close",
]
CRISIS_MECHANISM_KEY = [o for o in CRISIS_MECHANISM_OPTIONS if o != "More humanitarian funding arrives"]


def s1_crisis_mechanisms(**kw: Any):
    """Practice: which crisis effects raise the risk of trafficking."""
    return MultiSelect(
        "s1_crisis_mechanisms", "After floods hit eastern Ardania, which of these raise the risk of trafficking?",
        options=CRISIS_MECHANISM_OPTIONS, key=CRISIS_MECHANISM_KEY,
        explanation=("Each ticked item either pushes people to take risky offers or removes a protection. "
                     "Funding is not a risk mechanism in itself (though aid diversion can be)."),
        **kw)


def _crisis_types() -> list[str]:
    """The five types of crisis-related trafficking (content registry, adapted from IOM practice)."""

    return [t.name for t in crisis.typology()]


CRISIS_TYPOLOGY_PRACTICE = [  # four of the five types, none of the graded scenarios
    "A network that ran child begging in the capital before the floods brings in many more children after them",
    "Young men in a displacement site take 'jobs' from a site broker and are then held at a quarry",
    "Drivers of an aid convoy demand sex from displaced women before handing over food",
    "Seasonal workers from abroad, stuck when the border closes, are made to work unpaid for a 'ride home'",
]


def s1_crisis_typology_practice(**kw: Any):
    """Practice: sort four scenarios into the crisis typology (before the graded ``s1_crisis_typology``)."""
    names = _crisis_types()
    return SortIntoBins(
        "s1_crisis_typology_practice", "Sort each scenario into the type of crisis-related trafficking.",
        items=CRISIS_TYPOLOGY_PRACTICE, bins=names,
        key=dict(zip(CRISIS_TYPOLOGY_PRACTICE, [names[0], names[2], names[4], names[3]], strict=True)),
        explanation="Ask who exploits whom and what the crisis changed: an old pattern that grew, armed actors, "
                    "displaced people, stranded migrants, or the crisis economy itself.",
        noun="scenarios", **kw)


CRISIS_TYPOLOGY_ITEMS = [
    "An armed group takes boys from a village to serve as fighters",
    "Families in Camp Rilo marry off daughters young to cope with debt",
    "Borvian workers trapped in Ardania when fighting starts are held for ransom",
    "Brokers who already sent domestic workers abroad recruit far more after the floods",
    "A contractor rebuilding bridges brings in workers who cannot leave until 'fees' are repaid",
    "A commander keeps abducted women as 'wives'",
    "Displaced teenagers in a host town are offered 'jobs' that turn into forced begging",
    "Migrants held in a detention centre are sold to farm owners",
]


def s1_crisis_typology(**kw: Any):
    """Graded: sort Ardanian scenarios into the crisis typology (adapted from IOM practice)."""
    return SortIntoBins(
        "s1_crisis_typology", "Graded. Sort each Ardanian scenario into the type of crisis-related trafficking.",
        items=CRISIS_TYPOLOGY_ITEMS, bins=_crisis_types(), graded=True, points=4, noun="scenarios", **kw)
