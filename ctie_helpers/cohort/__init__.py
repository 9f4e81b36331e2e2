"""Running the workbook for a cohort on JupyterHub: trainees' copies, hand-ins, a shared gradebook.

- :mod:`~ctie_helpers.cohort.provision`: publish the released sessions to a read-only folder and copy
  them into each trainee's home when their server starts (idempotent, never overwrites their work).
- :mod:`~ctie_helpers.cohort.collect`: the facilitator gathers every trainee's hand-in zip from their
  home (or a per-user hand-in volume) into one folder for ``ctie grade --submissions``; no shared
  world-writable exchange folder is involved.
- :mod:`~ctie_helpers.cohort.gradebook`: grading batches into one PostgreSQL (or other server) gradebook
  through nbgrader's ``db_url``, for several facilitators grading at once.

The deployment files that use these are in the repository's ``deploy/`` folder.
"""

__all__: list[str] = []
