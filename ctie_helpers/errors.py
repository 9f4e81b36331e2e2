"""The workbook's error family: what the user can fix, told apart from what is our bug.

:class:`UserError` is the one base class for "the user gave us something we cannot use": a bad file, a
bad option, a bad answer. Its message is written for the person in front of the screen (it names the
file, sheet, row and column, or the option, and says what to do), so the command line and the apps
show it as it is, with no traceback. Everything else that escapes is a bug (or a broken installation)
and must look like one: the ``ctie`` commands let the traceback show, and the apps say "this is a bug"
and write the traceback to the server's log.

The family (each keeps its older second base, ``ValueError`` or ``RuntimeError``, so callers that
catch those behave as before):

================================================  =========================================================
user errors (derive from :class:`UserError`)      where
================================================  =========================================================
:class:`BadValueError`                            here: an option, number, column or text the user chose
``InputFileError``                                :mod:`ctie_helpers.data.errors`: an analyst's file
``MappingError``                                  :mod:`ctie_helpers.data.mapping`: columns for indicators
``DisclosureError``                               :mod:`ctie_helpers.safeguards.gate`: unsafe to release
``MissingKeyError``                               :mod:`ctie_helpers.safeguards.pseudonymise`: no key set
``OutputFolderError``, ``TemplateInputError``     :mod:`ctie_helpers.report.runner`: ``--out``, the input
``ReleaseError``                                  :mod:`ctie_helpers.facilitator.release`: the course's sources
``BrokenNotebookError``                           :mod:`ctie_helpers.grading.submit`: a trainee's notebook
``SidecarError``                                  :mod:`ctie_helpers.grading.store`: an answers file
================================================  =========================================================

Internal failures (derive from :class:`InternalError`, never shown as the user's fault): ``ReportFailed``
(:mod:`ctie_helpers.report.runner`, a template stopped for a reason that is not its input) and
``SchemaError`` (:mod:`ctie_helpers.data.synthetic.schema`, the workbook's own synthetic data do not
match their declared schema).

The classes stay beside the code that raises them (the modules import only this small file), so the
traceback of any of them points at the job that failed; this module is where the family is defined.
"""

from __future__ import annotations

__all__ = ["BadValueError", "InternalError", "UserError"]


class UserError(Exception):
    """The user gave us something we cannot use: a bad file, a bad option, a bad answer.

    The message is for people: it says what is wrong and what to do, naming the file, sheet, row and
    column (or the option) where that applies. Catch this class, not ``Exception`` or ``ValueError``,
    where a message should be shown instead of a traceback: whatever else arrives is a bug.
    """


class BadValueError(UserError, ValueError):
    """A value the user typed or chose (an option, a number, a column, a line of text) cannot be used.

    A ``ValueError`` too, so code that validated its arguments with ``ValueError`` keeps its contract.
    """


class InternalError(Exception):
    """Something failed that is not the user's doing: a bug in the workbook or a broken installation.

    Deliberately *not* a :class:`UserError`: it is reported as a bug (with its traceback), never as a
    problem with the user's input.
    """
