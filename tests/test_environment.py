"""The three statements of the runtime (pyproject, requirements/runtime.in, environment.yml) and the locks agree.

conda is not available on this machine (STACK_NOTES 3), so environment.yml is checked statically: it parses,
names Python >= 3.11, takes every pyproject runtime requirement that conda-forge packages from conda-forge
(under the conda-forge name where it differs) with the same range, and leaves pip only what conda-forge
lacks and the workbook itself. ``.binder/environment.yml`` is the same minus the workbook.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]


def _reqs(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith(("-r", "-e", "-c")):
            continue
        req = Requirement(line)
        out[canonicalize_name(req.name)] = str(req.specifier)
    return out


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def _lock(name: str) -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements" / name).read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            pkg, ver = line.split("==")
            pins[canonicalize_name(pkg)] = ver.strip()
    return pins


# PyPI name -> conda-forge name, where they differ. nbconvert-core is nbconvert as pip installs it
# (conda-forge's "nbconvert" adds pandoc and TeX helpers the workbook does not use).
CONDA_NAMES = {"nbconvert": "nbconvert-core"}
# Runtime requirements conda-forge has no package for: pip installs them.
PIP_ONLY = {"pyxform"}


def _conda_split(path: Path) -> tuple[dict[str, str], list[str]]:
    """The conda requirements (name -> range, python and pip left out) and the raw pip lines of a file."""
    env = yaml.safe_load(path.read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_lines = next((d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d), [])
    assert env["channels"] == ["conda-forge"], f"{path.name}: conda-forge only (defaults mixes ABIs)"
    # "python>=3.11", or a pin "python=3.1x" (repo2docker reads only that form to choose its Python).
    assert any(re.fullmatch(r"python(>=3\.11|=3\.1[1-9])", d.replace(" ", "")) for d in conda), path.name
    assert "pip" in conda, f"{path.name}: pip must come from conda, not from the base environment"
    return _reqs(d for d in conda if re.match(r"[\w.-]+", d).group() not in ("python", "pip")), pip_lines


def _expected_split() -> tuple[dict[str, str], dict[str, str]]:
    runtime = _reqs(_pyproject()["project"]["dependencies"])
    conda = {CONDA_NAMES.get(name, name): spec for name, spec in runtime.items() if name not in PIP_ONLY}
    pip = {name: spec for name, spec in runtime.items() if name in PIP_ONLY}
    return conda, pip


def test_environment_yml_takes_from_conda_forge_what_it_has():
    assert yaml.safe_load((REPO / "environment.yml").read_text())["name"] == "ctie-workbook"
    conda, pip_lines = _conda_split(REPO / "environment.yml")
    want_conda, want_pip = _expected_split()
    assert conda == want_conda
    assert _reqs(pip_lines) == want_pip
    assert "-e ." in pip_lines, "environment.yml must install the workbook package itself"
    # The pip-only list is what it says: nothing pip installs here is also asked of conda.
    assert not set(want_pip) & set(conda)


def test_binder_environment_is_the_conda_environment_without_the_workbook():
    """repo2docker installs environment.yml before it copies the repository, so ``-e .`` there breaks the
    build; .binder/postBuild installs the workbook instead."""
    conda, pip_lines = _conda_split(REPO / ".binder" / "environment.yml")
    want_conda, want_pip = _expected_split()
    # setuptools builds the workbook in postBuild (pip install --no-build-isolation .).
    assert "setuptools" in conda
    conda.pop("setuptools")
    assert conda == want_conda
    assert _reqs(pip_lines) == want_pip
    assert not [line for line in pip_lines if line.strip().startswith(("-e", ".", "/"))]


def test_runtime_in_matches_pyproject():
    runtime = _reqs((REPO / "requirements" / "runtime.in").read_text().splitlines())
    assert runtime == _reqs(_pyproject()["project"]["dependencies"])


def test_dev_in_matches_pyproject_dev_extra():
    dev = _reqs((REPO / "requirements" / "dev.in").read_text().splitlines())
    assert dev == _reqs(_pyproject()["project"]["optional-dependencies"]["dev"])


def test_locks_satisfy_the_ranges_and_agree():
    full, runtime = _lock("lock.txt"), _lock("lock-runtime.txt")
    ranges = _reqs(_pyproject()["project"]["dependencies"])
    ranges.update(_reqs(_pyproject()["project"]["optional-dependencies"]["dev"]))
    for name, spec in ranges.items():
        assert name in full, f"{name} missing from requirements/lock.txt"
        assert full[name] in Requirement(f"{name}{spec}").specifier, f"{name}=={full[name]} outside {spec}"
    # The runtime lock is the full lock restricted to what the runtime needs: same versions.
    for name, ver in runtime.items():
        assert full.get(name) == ver, f"{name}: lock-runtime {ver} != lock {full.get(name)}"


def test_known_compatibility_constraints():
    """The measured constraints the issue names: nbgrader 0.9 with Lab 4 / Notebook 7, Voilà >= 0.5.6, anywidget."""
    full = _lock("lock.txt")
    major = lambda v: tuple(int(x) for x in v.split(".")[:3])  # noqa: E731
    assert major(full["nbgrader"])[:2] == (0, 9)
    assert (4, 2) <= major(full["jupyterlab"])[:2] < (5, 0)
    assert (7, 2) <= major(full["notebook"])[:2] < (8, 0)
    assert major(full["voila"]) >= (0, 5, 6)
    assert "anywidget" in full


def test_installed_versions_match_the_lock():
    """The environment the tests run in is the locked one (a drifted venv would hide a broken lock)."""
    from importlib.metadata import version

    full = _lock("lock.txt")
    for name in ("nbgrader", "jupyterlab", "voila", "pandas", "plotly", "ipywidgets"):
        assert version(name) == full[canonicalize_name(name)], name
