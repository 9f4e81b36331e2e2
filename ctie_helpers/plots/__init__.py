"""Plotly figure builders: one module per session, each function returns a ``plotly.graph_objects.Figure``.

Offline only: notebooks show a figure with :func:`ctie_helpers.plots.alt.show` (plotly's own mimetype, whose
JavaScript ships with the installed package, STACK_NOTES 5; never a CDN renderer), which puts the figure's
text alternative under it. Every builder writes that alternative, one or two sentences from the values it
plots, into ``fig.layout.meta["alt"]`` (:mod:`ctie_helpers.plots.alt`). Builders take data
already computed (by :mod:`ctie_helpers.analysis`, :mod:`ctie_helpers.safeguards` or the content
registries) and know nothing about loading files. Every figure names its source and year.

Submodules are imported on use, so ``import ctie_helpers.plots`` stays cheap::

    from ctie_helpers.plots import session1 as p1
    from ctie_helpers.plots.alt import show
    show(p1.three_numbers())
"""
