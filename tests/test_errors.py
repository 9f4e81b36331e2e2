"""The error family (ctie_helpers/errors.py): which classes are the user's to fix and which are ours.

The expected split is written out by hand from each class's job (issue 17), not read from the code.
"""

from __future__ import annotations

import importlib

import pytest

from ctie_helpers.errors import BadValueError, InternalError, UserError

USER = [
    ("ctie_helpers.data.errors", "InputFileError", ValueError),
    ("ctie_helpers.data.mapping", "MappingError", ValueError),
    ("ctie_helpers.safeguards.gate", "DisclosureError", RuntimeError),
    ("ctie_helpers.safeguards.pseudonymise", "MissingKeyError", RuntimeError),
    ("ctie_helpers.report.runner", "OutputFolderError", ValueError),
    ("ctie_helpers.report.runner", "TemplateInputError", ValueError),
    ("ctie_helpers.facilitator.release", "ReleaseError", RuntimeError),
    ("ctie_helpers.grading.submit", "BrokenNotebookError", ValueError),
    ("ctie_helpers.grading.store", "SidecarError", ValueError),
]
INTERNAL = [
    ("ctie_helpers.report.runner", "ReportFailed", RuntimeError),
    ("ctie_helpers.data.synthetic.schema", "SchemaError", ValueError),
]


@pytest.mark.parametrize("module, name, old_base", USER)
def test_user_errors_derive_from_user_error_and_keep_their_old_base(module, name, old_base):
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, UserError) and issubclass(cls, old_base)
    assert "user error" in (cls.__doc__ or "").lower()


@pytest.mark.parametrize("module, name, old_base", INTERNAL)
def test_internal_failures_are_not_user_errors(module, name, old_base):
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, InternalError) and issubclass(cls, old_base) and not issubclass(cls, UserError)
    assert "not a user error" in (cls.__doc__ or "").lower()


def test_a_bad_option_is_a_user_error_and_still_a_value_error():
    from ctie_helpers.analysis.sampling import sample_size

    with pytest.raises(BadValueError) as err:
        sample_size(population=-3)
    assert isinstance(err.value, ValueError) and isinstance(err.value, UserError)


def test_plain_exceptions_are_not_user_errors():
    assert not issubclass(ValueError, UserError) and not issubclass(KeyError, UserError)
