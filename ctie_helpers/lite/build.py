"""``ctie lite build``: the offline edition, a static site that runs the course in the browser.

Choice: **Voici**. It renders each notebook code-free on JupyterLite's Pyodide kernel, as Voilà renders
course mode on a server, so a trainee sees the same page either way; a JupyterLite notebook app
"configured to hide code" still shows cells, toolbars and a kernel menu, and hides code only by CSS that a
trainee can undo.

The site (issue 16):

- pages are the session notebooks' student versions (``nbgrader generate_assignment``, the facilitator's one
  release) passed through course mode's filter (:func:`ctie_helpers.course.page.course_notebook`), with the
  offline hand-in panel (:mod:`ctie_helpers.course.offline`) at their foot; the student versions themselves
  are under ``files/handin/`` for the hand-in zip;
- Pyodide comes from the site itself (``pyodideUrl``, ``disablePyPIFallback``): the runtime and the
  official wheels the kernel and the course import (from the sources the user names, each wheel checked
  against the official lock, :mod:`ctie_helpers.lite.pyodide_dist`), plus the project's own pure-Python wheel
  and the pure-Python wheels it needs from ``--wheels``; the site's ``pyodide-lock.json`` lists exactly these,
  so importing ``ctie_helpers`` in a page loads them and nothing else;
- every build starts from an empty folder (a cached JupyterLite build once dropped ``pyodideUrl``), and
  the result is checked for it;
- text files are also written gzip-compressed (``NAME.gz``) for servers that serve precompressed files.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctie_helpers.course.offline import HANDIN_DIR as HANDIN
from ctie_helpers.errors import InternalError, UserError
from ctie_helpers.lite.pyodide_dist import LOCK, RUNTIME_FILES, PyodideDist, closure
from ctie_helpers.paths import REPO_ROOT

__all__ = ["COURSE_PACKAGES", "KERNEL_PACKAGES", "PURE_WHEELS", "LiteBuildError", "LiteResult", "build_edition"]

#: What the 0.6 kernel loads from Pyodide's lock when it starts (its worker's initPackageManager/initKernel).
KERNEL_PACKAGES = ("micropip", "ssl", "sqlite3", "jedi", "ipython")
#: Pure-Python wheels the course needs that Pyodide's lock lacks (``--wheels``): distribution -> import names.
PURE_WHEELS = {"ipywidgets": ["ipywidgets"], "comm": ["comm"]}
#: Official Pyodide packages the course's pages import through ctie_helpers (the lessons' tables are pandas
#: DataFrames); a page's cells import only ctie_helpers, so these ride on the project's entry in the lock.
COURSE_PACKAGES = ("pandas",)
#: The project's entry in the site's lock file.
PROJECT = "ctie-workbook"
_PYODIDE_DIR = "static/pyodide"
_EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager")
#: plotly's renderer (1.5 MB of JavaScript on every page's first load), shipped only when a page draws charts.
_CHART_EXTENSION = "jupyterlab-plotly"
_GZIP_SUFFIXES = {".js", ".mjs", ".wasm", ".json", ".html", ".css", ".svg", ".ipynb", ".map", ".txt"}


class LiteBuildError(UserError, RuntimeError):
    """The edition cannot be built from what was given (a missing wheel, an unknown notebook)."""


@dataclass
class LiteResult:
    """The built site: its folder, its pages (URL paths), and what it weighs."""

    out: Path
    pages: list[str] = field(default_factory=list)
    packages: list[str] = field(default_factory=list)
    bytes_total: int = 0


def _labextensions() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "labextensions"


def _site_notebook(released: dict[str, Any], stem: str, session: str, pages: list[str]) -> dict[str, Any]:
    """Course mode's page with the offline hand-in panel instead of the server's (no folder on a server)."""
    # deferred: saves 1036 ms at import of ctie_helpers.lite.build
    import nbformat

    # deferred: saves <1 ms at import of ctie_helpers.lite.build (under 20 ms, loaded machine: may move up)
    from ctie_helpers.course.page import course_notebook

    nb = course_notebook(nbformat.from_dict(copy.deepcopy(released)), stem)
    cells = [c for c in nb.cells if "ctie_helpers.course.nav" not in "".join(c.get("source", ""))]
    panel = f"from ctie_helpers.course.offline import handin_panel\nhandin_panel({stem!r}, {session!r}, {pages!r})"
    cells.append(nbformat.v4.new_code_cell(panel, metadata={"ctie": {"course": True}}))
    nb.cells = cells
    return dict(nb)


def _draws_charts(nb: dict[str, Any]) -> bool:
    """Whether a page draws plotly charts (its cells call ``ctie_helpers.plots`` or ``fig.show()``)."""
    return any("plot" in (src := "".join(c.get("source", ""))) or ".show()" in src
               for c in nb.get("cells", []) if c.get("cell_type") == "code")


def _project_wheel(root: Path, dest: Path) -> Path:
    """The workbook's own pure-Python wheel, built from the package this command runs from."""
    # From a copy of the package only: setuptools writes build/ and *.egg-info into its source folder.
    src = dest / "src"
    shutil.copytree(root / "ctie_helpers", src / "ctie_helpers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(root / "pyproject.toml", src / "pyproject.toml")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(dest), str(src)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise InternalError(f"building the project's wheel failed:\n{proc.stderr[-2000:]}")
    return next(dest.glob("ctie_workbook-*.whl"))


def _lock_entry(name: str, path: Path, imports: list[str], depends: list[str]) -> dict[str, Any]:
    data = path.read_bytes()
    version = path.name.split("-")[1]
    return {"name": name, "version": version, "file_name": path.name, "install_dir": "site", "package_type":
            "package", "sha256": hashlib.sha256(data).hexdigest(), "imports": imports, "depends": depends,
            "unvendored_tests": False, "shared_library": False}


def _pure_wheel(folder: Path, dist: str) -> Path:
    found = sorted(folder.glob(f"{dist.replace('-', '_')}-*-py3-none-any.whl"))
    if not found:
        raise LiteBuildError(f"no pure-Python wheel of {dist} in {folder} (pip download --no-deps "
                             f"--only-binary=:all: {dist} -d {folder})")
    return found[-1]


def _write_pyodide(site: Path, dist: PyodideDist, project_wheel: Path, wheels: Path) -> list[str]:
    target = site / _PYODIDE_DIR
    target.mkdir(parents=True)
    for name in RUNTIME_FILES:
        (target / name).write_bytes(dist.runtime(name))
    official = closure(dist.lock, [*KERNEL_PACKAGES, *COURSE_PACKAGES, "traitlets"])
    packages = {}
    for name in official:
        file_name, data = dist.wheel(name)
        (target / file_name).write_bytes(data)
        packages[name] = dist.lock["packages"][name]
    for name, imports in PURE_WHEELS.items():
        path = shutil.copy2(_pure_wheel(wheels, name), target)
        packages[name] = _lock_entry(name, Path(path), imports, ["traitlets", "ipython"] + (
            ["comm"] if name == "ipywidgets" else []))
    shutil.copy2(project_wheel, target)
    packages[PROJECT] = _lock_entry(PROJECT, target / project_wheel.name, ["ctie_helpers"],
                                    [*PURE_WHEELS, *COURSE_PACKAGES, "traitlets", "ipython"])
    lock = {"info": dist.lock["info"], "packages": packages}
    (target / LOCK).write_text(json.dumps(lock, indent=1), encoding="utf-8")
    return sorted(packages)


_CDN_LINK = re.compile(r'<link[^>]*href="https?://[^"]*"[^>]*/?>')


def _localise_pages(site: Path, pyodide_url: str) -> None:
    """Make each rendered page load Pyodide from the site and nothing from a CDN.

    Voici embeds the configuration in every page and resolves ``pyodideUrl`` against the page's own
    address (it does not rebase ``./`` as JupyterLite's apps do), so each page gets the relative path that
    fits its depth. Its template links Font Awesome from a CDN, which course mode's template drops too
    (``apps/share/voila/templates/ctie``): the course's widgets use no icons.
    """
    for page in sorted((site / "voici" / "render").rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        up = "../" * (len(page.relative_to(site).parts) - 1)
        needle = f'"pyodideUrl": "{pyodide_url}"'
        if needle not in text:
            raise InternalError(f"{page.relative_to(site)} lost pyodideUrl: it would load Pyodide from a CDN")
        text = text.replace(needle, f'"pyodideUrl": "{up}{pyodide_url[2:]}"')
        text = text.replace('"pipliteUrls": ["./', f'"pipliteUrls": ["{up}')  # the kernel's own wheels
        page.write_text(_CDN_LINK.sub("", text), encoding="utf-8")


def _gzip_copies(site: Path) -> None:
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in _GZIP_SUFFIXES and path.stat().st_size > 1024:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))


def build_edition(out: str | Path, notebooks: list[Path], *, pyodide: list[str | Path], wheels: str | Path,
                  root: str | Path | None = None) -> LiteResult:
    """Build the offline edition of ``notebooks`` into ``out`` (replaced as a whole when the build succeeds).

    Parameters
    ----------
    out
        The site's folder.
    notebooks
        Source notebooks ``<root>/notebooks/<session>/NN_topic.ipynb``.
    pyodide
        Sources of the Pyodide distribution (:class:`~ctie_helpers.lite.pyodide_dist.PyodideDist`).
    wheels
        A folder with the pure-Python wheels of :data:`PURE_WHEELS`.
    root
        The course root (default: this workbook); its ``nbgrader generate_assignment`` makes the student versions.
    """
    # deferred: saves 1118 ms at import of ctie_helpers.lite.build
    from ctie_helpers.facilitator.course import Course

    # deferred: saves 1083 ms at import of ctie_helpers.lite.build
    from ctie_helpers.facilitator.release import release_session

    course = Course.at(root)
    dist = PyodideDist.open(pyodide)  # first: a wrong source fails before the slow steps
    out = Path(out).resolve()
    work = Path(tempfile.mkdtemp(prefix="ctie-lite-"))
    try:
        content = work / "lite" / "content"
        result = LiteResult(out)
        charts = False
        by_session: dict[str, list[Path]] = {}
        for nb in notebooks:
            by_session.setdefault(Path(nb).parent.name, []).append(Path(nb))
        for session, paths in by_session.items():
            released = release_session(course, session).folder
            for nb in paths:
                student = released / nb.name
                if not student.is_file():
                    raise LiteBuildError(f"{nb}: not a notebook of session {session} ({released} has no {nb.name})")
                data = json.loads(student.read_text(encoding="utf-8"))
                charts = charts or _draws_charts(data)
                (content / HANDIN / session).mkdir(parents=True, exist_ok=True)
                shutil.copy2(student, content / HANDIN / session / nb.name)
                (content / session).mkdir(parents=True, exist_ok=True)
                page = _site_notebook(data, nb.stem, session, [p.stem for p in paths])
                (content / session / nb.name).write_text(json.dumps(page, indent=1), encoding="utf-8")
                result.pages.append(f"voici/render/{session}/{nb.stem}.html")
        lite = work / "lite"
        settings = {"pyodideUrl": f"./{_PYODIDE_DIR}/pyodide.js", "disablePyPIFallback": True}
        (lite / "jupyter-lite.json").write_text(json.dumps({"jupyter-lite-schema-version": 0, "jupyter-config-data": {
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": settings}}}), encoding="utf-8")
        labext = _labextensions()
        config = {"LiteBuildConfig": {"ignore_sys_prefix": True, "disable_addons": ["jupyterlite-xeus"],
                                      "federated_extensions": [str(labext / e) for e in (
                                          *_EXTENSIONS, *([_CHART_EXTENSION] if charts else []))],
                                      "no_sourcemaps": True, "no_unused_shared_packages": True,
                                      "apps": ["voici"]}}
        (lite / "jupyter_lite_config.json").write_text(json.dumps(config), encoding="utf-8")
        site = work / "site"
        voici = Path(sys.executable).with_name("voici")
        proc = subprocess.run([str(voici), "build", "--lite-dir", str(lite), "--contents", str(content),
                               "--output-dir", str(site)], cwd=lite, capture_output=True, text=True)
        if proc.returncode != 0:
            raise InternalError(f"voici build failed (exit {proc.returncode}):\n{(proc.stdout + proc.stderr)[-3000:]}")
        _localise_pages(site, str(settings["pyodideUrl"]))
        result.packages = _write_pyodide(site, dist, _project_wheel(REPO_ROOT, work), Path(wheels))
        _gzip_copies(site)
        result.bytes_total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and p.suffix != ".gz")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(site), str(out))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)

