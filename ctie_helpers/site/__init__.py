"""The static course site: readable pages, slides and printable handouts, built offline (``ctie site build``).

See :mod:`ctie_helpers.site.build` for the choice of tools. This package may import course content,
course mode's cell filter, the widgets' static view and the facilitator's source-notebook reader;
nothing imports it back except the ``ctie`` command and the certificates (for :mod:`.pdf`).
"""
