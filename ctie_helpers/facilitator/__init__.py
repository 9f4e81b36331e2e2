"""What a facilitator runs: release, hand-ins, repair, autograde, the gradebook, feedback, the dashboard.

The trainee's side (answer store, checks, ``grade()``, submit) is :mod:`ctie_helpers.grading`, which runs
in every trainee's kernel; this package may import it, never the other way round
(``tests/test_import_graph.py`` checks it).

- :mod:`~ctie_helpers.facilitator.course`: a course root, its sessions and the graded items parsed from the
  source notebooks' hidden tests; the nbgrader course id and the one loader of ``nbgrader_config.py``.
- :mod:`~ctie_helpers.facilitator.release`: ``nbgrader generate_assignment`` into ``build/release/``.
- :mod:`~ctie_helpers.facilitator.provision`: publish the released sessions to a read-only folder and copy
  them into each trainee's home when their server starts (idempotent, never overwrites their work).
- :mod:`~ctie_helpers.facilitator.handins`: gather every trainee's hand-in zip from their home (or a
  per-user hand-in volume) into one folder for ``ctie grade --submissions``; no shared world-writable
  exchange folder is involved.
- :mod:`~ctie_helpers.facilitator.submissions`: find each trainee's hand-in (folder or zip) in such a folder.
- :mod:`~ctie_helpers.facilitator.repair`: restore a hand-in's structure before autograde.
- :mod:`~ctie_helpers.facilitator.autograde`, :mod:`~ctie_helpers.facilitator.batch`: ``ctie grade``, in
  parallel workers; :mod:`~ctie_helpers.facilitator.feedback` publishes the checked feedback.
- :mod:`~ctie_helpers.facilitator.grade_sheets`: the grades CSV and the free-text sheet graded by hand.
- :mod:`~ctie_helpers.facilitator.gradebook_db`: grading batches into one PostgreSQL (or other server)
  gradebook through nbgrader's ``db_url``, for several facilitators grading at once.
- :mod:`~ctie_helpers.facilitator.simulated_trainees`: made-up hand-ins for tests and benchmarks.
- :mod:`~ctie_helpers.facilitator.dashboard`: the cohort dashboard's tables.

Nothing is imported here, so ``python -m ctie_helpers.facilitator.provision`` stays cheap at every server
start. The deployment files are in the repository's ``deploy/`` folder.
"""

__all__: list[str] = []
