"""Plotly figure builders: one module per session, each function returns a ``plotly.graph_objects.Figure``.

Offline only: notebooks call ``fig.show()`` with plotly's default ``plotly_mimetype`` renderer, whose
JavaScript ships with the installed package (STACK_NOTES 5); never a CDN renderer. Builders take data
already computed (by :mod:`ctie_helpers.analysis`, :mod:`ctie_helpers.safeguards` or the content
registries) and know nothing about loading files. Every figure names its source and year.

Submodules are imported on use, so ``import ctie_helpers.plots`` stays cheap::

    from ctie_helpers.plots import session1 as p1
    p1.three_numbers().show()
"""
