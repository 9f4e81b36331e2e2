"""The static course site: readable pages, slides and printable handouts, built offline (``ctie site build``).

See :mod:`ctie_helpers.site.build` for the choice of tools. This package may import course content,
course mode's cell filter, the widgets' static view and the facilitator's source-notebook reader;
nothing imports it back but the ``ctie`` command. PDFs are made by :mod:`ctie_helpers.pdf`, which
the certificates share (a room of its own, so ``facilitator/`` never imports the site).
"""
