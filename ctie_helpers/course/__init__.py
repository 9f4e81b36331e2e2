"""Course mode: the site that serves the sessions code-free, with navigation, progress and hand-in.

``ctie course`` runs Voilà (hardened as in :mod:`ctie_helpers.apps.server`) over the course folder
with the ``ctie-course`` template. The home page is ``START_HERE.ipynb`` (the course map, minutes and
progress); every session notebook is a page with its code hidden, a bar to the map and to the previous
and next notebook, and at its foot the session's hand-in button (the same zip as ``ctie submit``).

Why a template filter, not ``VoilaConfiguration.prelaunch_hook``
----------------------------------------------------------------
Both can rewrite the notebook before its kernel runs it. Voilà 0.5.13 refuses to start with a
``prelaunch_hook`` and ``preheat_kernel`` together (``voila/app.py``: "incompatible"), and the
course's speed target needs preheated kernels. The template is applied on every path instead: a
normal page view and a preheated pool render both go through the exporter and the template's cell
loop, so the rewrite is the same for both, and a page served from the pool was rewritten too.
So the ``ctie-course`` template passes the notebook through the Jinja filter
:func:`ctie_helpers.course.page.course_notebook` (registered as ``ctie_course`` through
``VoilaExporter.filters`` in the server's config) before ``kernel_start``: the grading test cells
are removed before execution (the trainee's kernel never imports the grader), ``NBVAL`` markers and
lab-only cells go, and a navigation cell and a hand-in cell are added. The files on disk are never
changed, so ``ctie grade`` and JupyterLab see the notebooks exactly as before.

This package may import the trainee side of :mod:`ctie_helpers.grading` (store, submit, progress), never a
facilitator module.
"""

from ctie_helpers.course.page import course_notebook

__all__ = ["course_notebook"]
