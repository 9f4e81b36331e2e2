"""The three statements of the runtime (pyproject, requirements/runtime.in, environment.yml) and the locks agree.

conda is not available on this machine (STACK_NOTES 3), so environment.yml is checked statically: it parses,
names Python >= 3.11, and lists exactly the pyproject runtime requirements under ``pip:``.
"""

from __future__ import annotations

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


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert env["name"] == "ctie-workbook"
    deps = env["dependencies"]
    assert any(isinstance(d, str) and d.replace(" ", "").startswith("python>=3.11") for d in deps)
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert "-e ." in pip_section, "environment.yml must install the workbook package itself"
    assert _reqs(pip_section) == _reqs(_pyproject()["project"]["dependencies"])


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
