"""The six mini-apps: name, builder, the session folder whose notebook serves it, and where that notebook is.

Each app notebook (``notebooks/<session>/app_<name>.ipynb``) holds one cell that calls its builder. A
workbook installed as a package, without the repository, still has copies of the six notebooks inside
``ctie_helpers/apps/notebooks/`` (kept identical by a test), so ``ctie app`` works from any folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctie_helpers.errors import BadValueError
from ctie_helpers.paths import NOTEBOOKS_DIR, PACKAGE_DIR

__all__ = ["APPS", "AppSpec", "PACKAGED_NOTEBOOKS", "app", "notebook_path"]

PACKAGED_NOTEBOOKS = PACKAGE_DIR / "apps" / "notebooks"


@dataclass(frozen=True)
class AppSpec:
    """One mini-app."""

    name: str
    title: str
    session: str
    builder: str
    packaged: bool = True  # a copy ships inside ctie_helpers/apps/notebooks/

    @property
    def notebook_name(self) -> str:
        return f"app_{self.name}.ipynb"

    @property
    def source(self) -> str:
        """The one code cell of its notebook."""
        return f"from ctie_helpers.apps import {self.builder}\n{self.builder}()"


APPS: dict[str, AppSpec] = {a.name: a for a in (
    AppSpec("indicators", "Indicator dashboard", "session4_indicators", "build_indicators"),
    AppSpec("evidence", "Evidence matrix: secondary data review", "session3_framework", "build_evidence"),
    AppSpec("sampling", "Sampling planner", "session5_methods", "build_sampling"),
    AppSpec("questionnaire", "Questionnaire builder", "session5_methods", "build_questionnaire"),
    AppSpec("safety", "Data-sharing safety check", "session2_pim", "build_safety"),
    AppSpec("mse", "Population-size (MSE) lab", "session1_tip_basics", "build_mse"),
    # For facilitators only; outside every session folder, so never released to trainees; not packaged.
    AppSpec("dashboard", "Cohort dashboard (facilitators)", "facilitator", "build_dashboard", packaged=False),
    AppSpec("grading", "Free-text grading (facilitators)", "facilitator", "build_grading", packaged=False),
)}


def app(name: str) -> AppSpec:
    """The app called ``name``; ``ValueError`` lists the names when it is unknown."""
    try:
        return APPS[name]
    except KeyError:
        raise BadValueError(f"unknown app {name!r}; choose one of {', '.join(APPS)}") from None


def notebook_path(name: str, notebooks_dir: Path | None = None) -> Path:
    """The app's notebook in the workbook's session folder, else the copy packaged with ``ctie_helpers``."""
    spec = app(name)
    in_repo = (notebooks_dir or NOTEBOOKS_DIR) / spec.session / spec.notebook_name
    if in_repo.is_file():
        return in_repo
    packaged = PACKAGED_NOTEBOOKS / spec.notebook_name
    if spec.packaged and packaged.is_file():
        return packaged
    raise FileNotFoundError(f"the notebook of app {name!r} is missing: neither {in_repo} nor {packaged} exists")
