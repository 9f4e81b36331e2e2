"""Course facts as validated, typed data: what every notebook, exercise and app reads.

Each topic is a small module over one JSON file in ``data/``; loaders validate on first use (a
``ValueError`` names the file and the entry) and are cached. Importing this package does not import
pandas: the ``*_frame()`` helpers import it when called.

The package exports the main functions (``curriculum()``, ``indicators()``, ``figures()``...); the
modules that define them have different names (``agenda``, ``indicator_registry``,
``headline_figures``) so ``from ctie_helpers.content import pim`` always means a module and
``content.indicators`` always means the function.

==========================  ==============================================================
Module                      Holds
==========================  ==============================================================
``agenda``                  curriculum map: 37 agenda points, 5 sessions, teaching map
``framework``               socio-ecological levels, analysis categories, pathway, factor bank
``pim``                     PIM definition, 8 principles, 8 matrix categories, 4 process steps
``data_responsibility``     IASC principles, sensitivity levels, WHO 10, disclosure norms
``indicator_registry``      IND-01 ... IND-29, dataset columns, HXL hashtags
``legal``                   Palermo elements, child exception, consent, smuggling comparison
``crisis``                  trafficking in emergencies: typology and mechanisms
``data_types``              CTiE data types, IM purpose, programme cycle
``headline_figures``        headline figures with source, year and edition
``challenges``              measurement challenges and MSE
``reading``                 further-reading catalogue
``sources``                 the sources list
``knowledge_checks``        the before/after knowledge check of each session
``reflections``             hand-graded reflection items and their rubrics
==========================  ==============================================================
"""

from ctie_helpers.content._base import PROVENANCE_ADAPTED, as_frame
from ctie_helpers.content.agenda import AgendaPoint, Session, agenda_point, curriculum, session, sessions
from ctie_helpers.content.framework import categories, factor, factors, levels, pathway
from ctie_helpers.content.headline_figures import Figure, figure, figures
from ctie_helpers.content.indicator_registry import (
    Indicator,
    hxl_index,
    indicator,
    indicators,
    indicators_for,
)
from ctie_helpers.content.pim import matrix, pim_definition, principles, process
from ctie_helpers.content.reading import Reading, readings

__all__ = [
    "PROVENANCE_ADAPTED",
    "AgendaPoint",
    "Figure",
    "Indicator",
    "Reading",
    "Session",
    "agenda_point",
    "as_frame",
    "categories",
    "curriculum",
    "factor",
    "factors",
    "figure",
    "figures",
    "hxl_index",
    "indicator",
    "indicators",
    "indicators_for",
    "levels",
    "matrix",
    "pathway",
    "pim_definition",
    "principles",
    "process",
    "readings",
    "session",
    "sessions",
    "validate_all",
]


def validate_all() -> None:
    """Load and validate every registry (used by tests and ``ctie check``); raises ``ValueError``."""
    # deferred: saves 393 ms at import of ctie_helpers.content
    from ctie_helpers.content import (
        challenges,
        crisis,
        data_responsibility,
        data_types,
        knowledge_checks,
        legal,
        reflections,
        sources,
    )

    curriculum()
    levels()
    pathway()
    principles()
    matrix()
    process()
    pim_definition()
    indicators()
    hxl_index()
    figures()
    readings()
    legal.criteria()
    legal.comparison()
    for key in legal.ELEMENTS:
        legal.element(key)
    crisis.typology()
    crisis.evidence()
    data_types.data_types()
    data_responsibility.sensitivity_levels()
    data_responsibility.iasc_principles()
    data_responsibility.who_recommendations()
    data_responsibility.iom_data_protection_principles()
    data_responsibility.ct_red_lines()
    data_responsibility.disclosure_norms()
    challenges.challenges()
    challenges.mse_examples()
    sources.sources()
    for n in knowledge_checks.sessions_with_checks():
        knowledge_checks.constructs(n)
    reflections.reflections()
