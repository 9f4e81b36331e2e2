"""nbgrader configuration for the CTiE Workbook (nbgrader 0.9.6).

Layout (all relative to the folder holding this file, whatever the current directory is):

- ``notebooks/<session>/``           SOURCE: instructor versions; the assignment id is the session folder
- ``build/release/<session>/``       student versions (``ctie release``)
- ``build/submitted/<trainee>/<session>/``  hand-ins (``ctie grade`` also unpacks zips here)
- ``build/autograded/``, ``build/feedback/``, ``build/gradebook.db``

Traps measured on this machine (``../shared/design/STACK_NOTES.md`` section 4): the course root
is set explicitly from this file's location (P2: nbgrader otherwise trusts the working directory and
silently grades into an empty gradebook), and ``raise_on_iopub_timeout`` is off (P3: a loop that
swallows KeyboardInterrupt would otherwise drop the trainee's whole submission).
"""

import glob
import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_CATALOGS, GRADED_EXPLANATIONS_FILE
from ctie_helpers.facilitator.course import COURSE_ID
from ctie_helpers.grading.store import SUFFIX as SIDECAR_SUFFIX

c = get_config()  # noqa: F821 (injected by traitlets when it executes this file)

# traitlets defines __file__ when it loads this file; fall back to the cwd only for `python nbgrader_config.py`.
ROOT = os.path.dirname(os.path.abspath(globals().get("__file__", "nbgrader_config.py")))

c.CourseDirectory.root = ROOT
c.CourseDirectory.course_id = COURSE_ID  # the package owns it: its gradebook code opens this course
c.CourseDirectory.source_directory = "notebooks"
c.CourseDirectory.release_directory = os.path.join("build", "release")
c.CourseDirectory.submitted_directory = os.path.join("build", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("build", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("build", "feedback")
c.CourseDirectory.solution_directory = os.path.join("build", "solution")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, "build", "gradebook.db")

# Answer sidecars (NN_topic.answers.json) must never be released from the source folders (an
# instructor who clicked through a source notebook has a sidecar full of keys there), but the
# trainee's own sidecars must travel with a submission into autograde. nbgrader applies the same
# CourseDirectory.ignore list to both copies, so a bare "*.answers.json" would also drop the
# trainee's answers. nbgrader.utils.is_ignored globs os.path.join(dirname, pattern): an absolute
# pattern therefore matches only files under that absolute folder, i.e. the source tree. nbgrader
# builds source paths as <root>/notebooks/./<session> (student id "."), hence both spellings.
_SOURCE = glob.escape(os.path.join(ROOT, "notebooks"))
_SOURCE_SIDECARS = [
    os.path.join(_SOURCE, *middle, "*" + SIDECAR_SUFFIX)
    for middle in ((".", "*"), ("*",), (".", "*", "*"), ("*", "*"))
]
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "*.py",  # a jupytext twin of a source notebook would release its solutions (ARCHITECTURE 7)
    "__pycache__",
    "feedback",
    "*.corrupt-*.json",  # sidecars the answer store moved aside: evidence, not answers
    GRADED_EXPLANATIONS_FILE,  # why each graded option is right or wrong: it gives the keys away
    GRADED_EXPLANATIONS_CATALOGS,  # and its French and Spanish translations, for the same reason
    *_SOURCE_SIDECARS,
]

# Autograde: a small per-cell timeout, so an infinite loop costs that cell, not the batch.
c.Execute.timeout = 10
c.Execute.interrupt_on_timeout = True
c.Execute.raise_on_iopub_timeout = False

# Feedback shows the hints grade() printed, never the hidden test code that printed them.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
