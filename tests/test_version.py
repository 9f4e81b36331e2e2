"""One version number: pyproject.toml's, printed by ``ctie --version`` and dated in CHANGELOG.md."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]


def _version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]


def test_ctie_version_prints_the_pyproject_version():
    ctie = Path(sys.executable).parent / "ctie"
    out = subprocess.run([str(ctie), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"ctie {_version()}"
    import ctie_helpers

    assert ctie_helpers.__version__ == _version()


def test_the_version_is_written_once():
    """No second copy to forget at release time: the package reads it from its installed metadata."""
    source = (REPO / "ctie_helpers" / "__init__.py").read_text()
    assert _version() not in source
    assert not re.search(r"^__version__\s*=", source, re.M)


def test_changelog_has_a_dated_section_for_the_current_version():
    text = (REPO / "CHANGELOG.md").read_text()
    assert text.startswith("# Changelog") and "## [Unreleased]" in text
    sections = re.findall(r"^## \[(\d[^\]]*)\] - (\d{4}-\d{2}-\d{2})$", text, re.M)
    assert sections, "no released section (## [X.Y.Z] - YYYY-MM-DD)"
    # Newest first, and the newest is the version being built.
    assert sections[0][0] == _version()
    versions = [Version(v) for v, _ in sections]
    assert versions == sorted(versions, reverse=True)
    dates = [d for _, d in sections]
    assert dates == sorted(dates, reverse=True)
    # Unreleased stays on top, and every section says what changed in Keep a Changelog's words.
    assert text.index("## [Unreleased]") < text.index(f"## [{_version()}]")
    first = text.split(f"## [{_version()}]", 1)[1].split("\n## [", 1)[0]
    assert re.search(r"^### (Added|Changed|Deprecated|Removed|Fixed|Security)$", first, re.M)
