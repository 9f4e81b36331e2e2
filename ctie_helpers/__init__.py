"""CTiE Workbook helpers: every piece of logic behind the notebooks, apps and the ``ctie`` command.

Importing the package is cheap on purpose (notebooks, Voilà apps and the CLI all start with it):
sub-packages are imported only when they are used.
"""

__version__ = "0.1.0"

from ctie_helpers.paths import DATA_DIR, NOTEBOOKS_DIR, REPO_ROOT  # noqa: E402

__all__ = ["DATA_DIR", "NOTEBOOKS_DIR", "REPO_ROOT", "__version__"]
