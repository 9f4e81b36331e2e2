"""The analysis templates ``ctie report`` can run, and the one way to load an input file for each.

Each template is a papermill notebook shipped in ``ctie_helpers/templates/`` (so ``ctie report`` works
from any folder) with a ``parameters`` cell: ``input_path``, ``sheet``, ``mapping_path``, ``out_dir`` and
``title``. :func:`load_input` is what both the runner (before anything is written, so a bad file fails
fast with exit code 2) and the notebook call, so they see the same table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n import N_

if TYPE_CHECKING:  # pandas is imported by the loaders when a file is read; the CLI's --help stays fast
    import pandas as pd

    from ctie_helpers.data.mapping import ColumnMapping

__all__ = ["Template", "TEMPLATES", "template", "template_path", "load_input"]


@dataclass(frozen=True)
class Template:
    """A report template: its notebook, default title and the function that prepares the input."""

    name: str
    notebook: str
    title: str  # English, marked N_: shown as _(title)
    description: str
    prepare: str  # "module:function" in ctie_helpers.report, imported on use

    def prepare_fn(self) -> Callable:

        module, func = self.prepare.split(":")
        return getattr(importlib.import_module(f"ctie_helpers.report.{module}"), func)


TEMPLATES: dict[str, Template] = {
    "indicators": Template(
        "indicators", "indicators.ipynb", N_("CTiE indicators report"),
        N_("indicators by framework level and admin area, disaggregation, round-to-round change, "
           "survey-weighted estimates"), "indicators:prepare"),
    "mse": Template(
        "mse", "mse.ipynb", N_("Population-size estimation (multiple systems estimation)"),
        N_("population-size estimation on a capture-history table: estimate, interval, models compared"),
        "mse:prepare"),
}


def template(name: str) -> Template:
    """The template called ``name``."""
    try:
        return TEMPLATES[name]
    except KeyError:
        raise BadValueError(f"no template {name!r}; choose one of {', '.join(TEMPLATES)}") from None


def template_path(name: str) -> Path:
    """The packaged notebook of template ``name`` (inside ``ctie_helpers/templates``)."""
    path = Path(str(resources.files("ctie_helpers") / "templates" / template(name).notebook))
    if not path.is_file():
        raise FileNotFoundError(f"template notebook {path} is missing: reinstall the workbook")
    return path


def load_input(name: str, input_path: str | Path, sheet: str | None = None,
               mapping: str | Path | None = None,
               xlsform: str | Path | None = None) -> tuple[pd.DataFrame, ColumnMapping]:
    """Load the analyst's file (:func:`~ctie_helpers.data.loaders.load_table`) and prepare it for a template.

    Returns
    -------
    (DataFrame, ColumnMapping)
        The prepared table (``attrs`` keep the cleaning log and source) and the column mapping used.

    Raises
    ------
    InputFileError, MappingError
        The file, sheet, a row or a column cannot be used; the message says where and what to do.
    """
    # deferred: saves 2195 ms at import of ctie_helpers.report.templates
    from ctie_helpers.data.loaders import load_table

    df = load_table(input_path, sheet=sheet, xlsform=xlsform)
    return template(name).prepare_fn()(df, mapping)
