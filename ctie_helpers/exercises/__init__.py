"""Exercise factories, one package per session (``session1`` ... ``session5``), one module per notebook.

Each factory is named by its exercise id (``s<N>_<slug>``, DEVELOPERS.md) and returns a configured
widget from :mod:`ctie_helpers.widgets`. Practice factories carry their key; graded factories carry
none (the key lives only in the hidden test cell of the source notebook). Every factory accepts the
widget's shared keyword arguments (``store=`` in tests, ``points=``...).

A notebook imports its session module once, in the locked setup cell::

    from ctie_helpers.exercises import session1 as ex
    ex.s1_amp_elements()
"""

from ctie_helpers.content.explanations import for_exercise as _for_exercise
from ctie_helpers.widgets.base import ExerciseBase as _ExerciseBase

# Widgets know no course content: the course wires its explanations (content data) into them here,
# so every factory's practice feedback explains the options without each factory passing them.
_ExerciseBase.explanation_source = staticmethod(_for_exercise)
