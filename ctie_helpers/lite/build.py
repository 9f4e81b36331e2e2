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
- chart pages (those calling :mod:`ctie_helpers.plots` or a lesson helper that draws with it) load plotly
  and narwhals when they open, the other pages never do (plotly's wheel alone is 10 MB); narwhals is the
  official lock's wheel when a source has it, else the project's pinned one (never PyPI's build of the lock's
  version, which differs from the official file);
- charts are drawn as course mode draws them (:mod:`ctie_helpers.plots.lazy`), not by plotly's JupyterLab
  extension (1.4 MB compressed, which every page of the site would load): the edition ships plotly.js once,
  from the shipped plotly wheel, as ``static/plotly/plotly-VERSION.min.js`` (precompressed, its name carries
  the version so a browser may keep it), and a chart page's first cell names it in
  :data:`~ctie_helpers.plots.lazy.LAZY_PLOTLY_ENV`; the page's first chart fetches it, text-only pages never do;
- the synthetic data the pages read is under ``files/data/synthetic/`` (in the kernel's browser-backed
  folder, ``/drive``): each page first points ``CTIE_ROOT`` at that folder, so :func:`ctie_helpers.data.load`
  finds it;
- each page carries course mode's navigation bar (:func:`ctie_helpers.course.nav.nav_html`) at its top and
  foot, linking the rendered pages and the edition's course map, the site's ``index.html``;
- every build starts from an empty folder (a cached JupyterLite build once dropped ``pyodideUrl``), and
  the result is checked for it;
- text files, and archives that gzip still shrinks by 5% or more, are also written gzip-compressed
  (``NAME.gz``) for servers that serve precompressed files.
"""

from __future__ import annotations

import ast
import copy
import gzip
import hashlib
import html
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
from ctie_helpers.paths import DATA_DIR, PACKAGE_DIR, PACKAGED_COURSE, REPO_ROOT
from ctie_helpers.plots.lazy import LAZY_PLOTLY_ENV

__all__ = ["CHART_PACKAGES", "COURSE_PACKAGES", "KERNEL_PACKAGES", "PURE_WHEELS", "LiteBuildError", "LiteResult",
           "build_edition"]

#: What the 0.6 kernel loads from Pyodide's lock when it starts (its worker's initPackageManager/initKernel).
KERNEL_PACKAGES = ("micropip", "ssl", "sqlite3", "jedi", "ipython")
#: Pure-Python wheels the course needs that Pyodide's lock lacks (``--wheels``, at the versions of
#: ``requirements/lock.txt``): distribution -> (import names, what they need from the site's lock). nbformat is
#: not among them: the course draws charts with plotly's mimebundle (:func:`ctie_helpers.plots.alt.show`),
#: never through ``fig.show()``, so plotly never asks for it.
PURE_WHEELS = {"ipywidgets": (["ipywidgets"], ["traitlets", "ipython", "comm"]),
               "comm": (["comm"], ["traitlets", "ipython"]),
               "plotly": (["plotly", "_plotly_utils"], ["narwhals", "packaging"])}
#: What a chart page loads when it opens (with its depends); the other pages never load it.
CHART_PACKAGES = ("plotly",)
#: Official Pyodide packages plotly needs; narwhals may fall back to the project's pin (module docstring).
_CHART_OFFICIAL = ("packaging",)
_PINNED_FALLBACK = ("narwhals",)
#: Official Pyodide packages the course's pages import through ctie_helpers (the lessons' tables are pandas
#: DataFrames); a page's cells import only ctie_helpers, so these ride on the project's entry in the lock.
COURSE_PACKAGES = ("pandas",)
#: The project's entry in the site's lock file.
PROJECT = "ctie-workbook"
_PYODIDE_DIR = "static/pyodide"
_EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager")
#: What the browser never reads, left out of the wheels the edition ships (paths in the wheel, by prefix):
#: plotly's JupyterLab extension (twice), plotly.js and its widget bundle (charts use the site's one plotly.js),
#: 5.4 of the wheel's 9.7 MB; the project's server-only rooms (commands, this build, the static site) and the
#: notebooks' translation catalogs (pages are rendered at build time).
_BROWSER_NEVER_READS = {"plotly": ("plotly/labextension/", "plotly/package_data/plotly.min.js",
                                   "plotly/package_data/widgetbundle.js", "plotly-"),
                        PROJECT: ("ctie_helpers/commands/", "ctie_helpers/lite/", "ctie_helpers/site/",
                                  "ctie_helpers/i18n/locales/fr/LC_MESSAGES/notebooks/",
                                  "ctie_helpers/i18n/locales/es/LC_MESSAGES/notebooks/")}
#: Where plotly.js sits in the site (the page's Voilà base URL, ``data-base-url``, is the site's ``voila/``).
_PLOTLY_DIR = "static/plotly"
_DATA = Path("data") / "synthetic"
#: The site's course map, linked from every page's navigation bar (pages are ``voici/render/<session>/``).
_MAP = "index.html"
_ARCHIVE_SUFFIXES = {".whl", ".zip"}
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
    notes: list[str] = field(default_factory=list)


def _labextensions() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "labextensions"


#: The first cell of every page: the course root is the folder of the site's browser-backed files that holds
#: ``data/synthetic`` (Voici starts the kernel there, ``/drive``; its parents are searched in case a later
#: version starts it in the page's folder), read by ctie_helpers.paths when a later cell first imports it.
#: The browser's pandas is 2.2, whose FutureWarnings announce the pandas 3 behaviour the package is written for
#: (and the server runs): on a page they would be red boxes a trainee cannot act on.
_PREAMBLE = ("import os\nimport warnings\nfrom pathlib import Path\nwarnings.simplefilter(\"ignore\", FutureWarning)\n"
             "os.environ.setdefault(\"CTIE_ROOT\", str(next((d for d in (Path.cwd(), "
             "*Path.cwd().parents) if (d / \"data\" / \"synthetic\").is_dir()), Path.cwd())))")
#: A chart page's addition: the kernel loads a package from the site only when a cell imports it by name, and
#: the pages import plotly only inside ctie_helpers.
#: plotly.js's path is relative to the page's Voilà base URL (``<site>/voila/``): see plots.lazy.
_LOAD_CHARTS = ("import pyodide_js\nawait pyodide_js.loadPackage({packages!r});"  # ';': the cell shows nothing
                "\nos.environ[{env!r}] = {path!r}")


def _site_notebook(released: dict[str, Any], stem: str, session: str, pages: list[str],
                   plotly_js: str | None) -> dict[str, Any]:
    """Course mode's page with the offline hand-in panel instead of the server's (no folder on a server).

    ``plotly_js``: plotly.js's path under the page's Voilà base URL when the page draws charts, else None.
    """
    # deferred: saves 1036 ms at import of ctie_helpers.lite.build
    import nbformat

    # deferred: saves <1 ms at import of ctie_helpers.lite.build (under 20 ms, loaded machine: may move up)
    from ctie_helpers.course.page import course_notebook

    nb = course_notebook(nbformat.from_dict(copy.deepcopy(released)), stem)
    cells = [c for c in nb.cells if "ctie_helpers.course.nav" not in "".join(c.get("source", ""))]
    panel = f"from ctie_helpers.course.offline import handin_panel\nhandin_panel({stem!r}, {session!r}, {pages!r})"
    cells.append(nbformat.v4.new_code_cell(panel, metadata={"ctie": {"course": True}}))
    preamble = _PREAMBLE + ("\n" + _LOAD_CHARTS.format(packages=list(CHART_PACKAGES), env=LAZY_PLOTLY_ENV,
                                                      path=plotly_js) if plotly_js else "")
    cells.insert(0, nbformat.v4.new_code_cell(preamble, metadata={"ctie": {"course": True}}))
    nb.cells = cells
    return dict(nb)


def _chart_helpers(lessons: Path = PACKAGE_DIR / "lessons") -> set[str]:
    """The lesson helpers that draw charts: they import ``ctie_helpers.plots`` or plotly, or call one that does."""
    found: set[str] = set()
    for module in sorted(lessons.glob("session*.py")):
        funcs = {n.name: n for n in ast.parse(module.read_text(encoding="utf-8")).body if isinstance(n, ast.FunctionDef)}
        draws = {name for name, fn in funcs.items() for n in ast.walk(fn)
                 if isinstance(n, ast.ImportFrom) and (n.module or "").startswith(("ctie_helpers.plots", "plotly"))
                 or isinstance(n, ast.Import) and any(a.name.startswith(("ctie_helpers.plots", "plotly")) for a in n.names)}
        while more := {name for name, fn in funcs.items() if name not in draws
                       and any(isinstance(n, ast.Name) and n.id in draws for n in ast.walk(fn))}:
            draws |= more
        found |= draws
    return found


def _draws_charts(nb: dict[str, Any], helpers: set[str]) -> bool:
    """Whether a page draws plotly charts: its cells use ``ctie_helpers.plots`` or plotly, or a chart helper."""
    code = "\n".join("".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code")
    return ("ctie_helpers.plots" in code or "plotly" in code
            or any(re.search(rf"\blesson\.{name}\(", code) for name in helpers))


def _add_navigation(content: Path, built: list[tuple[str, str]]) -> None:
    """Course mode's navigation bar at the top and foot of every page, linking the rendered pages and the map."""
    # deferred: saves 60 ms at import of ctie_helpers.lite.build
    from ctie_helpers.course.nav import nav_html

    bars = {(session, stem): nav_html(stem, content / session, suffix=".html", home=f"../../../{_MAP}")
            for session, stem in built}  # every title read before any page changes
    for (session, stem), bar in bars.items():
        path = content / session / f"{stem}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = {"cell_type": "markdown", "metadata": {"ctie": {"course": True}}, "source": bar}
        nb["cells"] = [{**cell, "id": "ctie-nav-top"}, *nb["cells"], {**cell, "id": "ctie-nav-foot"}]
        path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def _course_map(content: Path) -> str:
    """The edition's home page: every page of the edition, session by session, in course order."""
    # deferred: saves 40 ms at import of ctie_helpers.lite.build
    from ctie_helpers.content.outline import pages

    items: dict[str, list[str]] = {}
    for page in pages(content):
        items.setdefault(page.session, []).append(
            f'<li><a href="voici/render/{page.session}/{page.stem}.html">{html.escape(page.title)}</a></li>')
    body = "".join(f"<h2>Session {html.escape(session[7:].split('_')[0])}</h2><ul>{''.join(links)}</ul>"
                   for session, links in items.items())
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Course map</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5">'
            f"<h1>Course map</h1>{body}</body></html>")


def _synthetic_data(root: Path) -> Path | None:
    """The course's synthetic data folder: the course's own, else this package's clone or wheel copy."""
    for folder in (root / _DATA, DATA_DIR, PACKAGED_COURSE / _DATA):
        if folder.is_dir():
            return folder
    return None


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


def _slim_wheel(source: Path, target: Path, drop: tuple[str, ...]) -> Path:
    """Copy the wheel ``source`` into the folder ``target`` without the members whose path starts with one of
    ``drop`` (a ``NAME-VERSION.data/`` folder is matched by ``"NAME-"``; ``.dist-info`` never is), its RECORD
    listing only what is left; the lock's sha256 is taken from the copy."""
    # deferred: saves <1 ms at import of ctie_helpers.lite.build (under 20 ms, loaded machine: may move up)
    import zipfile

    def dropped(name: str) -> bool:
        return not name.split("/")[0].endswith(".dist-info") and name.startswith(drop)

    out = target / source.name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if dropped(info.filename):
                continue
            data = zin.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                lines = data.decode("utf-8").splitlines(keepends=True)
                data = "".join(line for line in lines if not dropped(line.split(",")[0])).encode("utf-8")
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out


def _lock_entry(name: str, path: Path, imports: list[str], depends: list[str]) -> dict[str, Any]:
    data = path.read_bytes()
    version = path.name.split("-")[1]
    return {"name": name, "version": version, "file_name": path.name, "install_dir": "site", "package_type":
            "package", "sha256": hashlib.sha256(data).hexdigest(), "imports": imports, "depends": depends,
            "unvendored_tests": False, "shared_library": False}


def _pinned_versions(lock: Path = REPO_ROOT / "requirements" / "lock.txt") -> dict[str, str]:
    """The project's pins (``name==version`` lines of its lock file), by lower-case name; empty without a clone."""
    if not lock.is_file():
        return {}
    pins = (line.split("#")[0].strip().split("==") for line in lock.read_text(encoding="utf-8").splitlines())
    return {p[0].strip().lower(): p[1].strip() for p in pins if len(p) == 2}


def _pure_wheel(folder: Path, dist: str, version: str | None, spare: Path) -> Path:
    """``dist``'s pure-Python wheel at the project's pinned ``version``: from ``folder``, else downloaded into
    ``spare`` when this machine reaches PyPI (the edition itself never downloads anything)."""
    pattern = f"{dist.replace('-', '_')}-{version or '*'}-py3-none-any.whl"
    found = sorted(folder.glob(pattern)) or sorted(spare.glob(pattern))
    if found:
        return found[-1]
    spec = f"{dist}=={version}" if version else dist
    if version:
        proc = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q",
                               "--disable-pip-version-check", "--retries", "1", "--timeout", "20", "-d", str(spare),
                               spec], capture_output=True, text=True)
        found = sorted(spare.glob(pattern)) if proc.returncode == 0 else []
        if found:
            return found[-1]
    raise LiteBuildError(f"no pure-Python wheel of {spec} in {folder}, and it could not be downloaded (put it "
                         f"there: pip download --no-deps --only-binary=:all: {spec} -d {folder})")


def _write_pyodide(site: Path, dist: PyodideDist, project_wheel: Path, wheels: Path, charts: bool,
                   spare: Path) -> tuple[list[str], list[str]]:
    """Write the runtime, the wheels and the site's lock; return the packages and notes for the user."""
    target = site / _PYODIDE_DIR
    target.mkdir(parents=True)
    for name in RUNTIME_FILES:
        (target / name).write_bytes(dist.runtime(name))
    pins, notes = _pinned_versions(), []
    wanted = [*KERNEL_PACKAGES, *COURSE_PACKAGES, "traitlets", *(_CHART_OFFICIAL if charts else ())]
    pure = {n: v for n, v in PURE_WHEELS.items() if charts or n not in CHART_PACKAGES}
    for name in _PINNED_FALLBACK if charts else ():
        if dist.has_wheel(name):
            wanted.append(name)
            continue
        official = dist.lock["packages"][name]
        pinned = _pure_wheel(wheels, name, pins.get(name), spare)
        if pinned.name == official["file_name"]:
            # Same name as the official wheel but not from a Pyodide source: PyPI's build, which differs.
            raise LiteBuildError(f"{official['file_name']} (Pyodide package {name!r}) is in none of the Pyodide "
                                 f"sources, and {pinned} is not the official file (PyPI's build of that version "
                                 "differs): name a source that has it (the official release archive)")
        pure[name] = ([name], [])
        notes.append(f"{name}: the official {official['file_name']} is in none of the Pyodide sources; shipped "
                     f"the project's pinned {pinned.name} instead")
    packages = {}
    for name in closure(dist.lock, wanted):
        file_name, data = dist.wheel(name)
        (target / file_name).write_bytes(data)
        packages[name] = dist.lock["packages"][name]
    for name, (imports, depends) in pure.items():
        path = _slim_wheel(_pure_wheel(wheels, name, pins.get(name), spare), target, _BROWSER_NEVER_READS.get(name, ()))
        packages[name] = _lock_entry(name, path, imports, depends)
    _slim_wheel(project_wheel, target, _BROWSER_NEVER_READS[PROJECT])
    packages[PROJECT] = _lock_entry(PROJECT, target / project_wheel.name, ["ctie_helpers"],
                                    [*(n for n in PURE_WHEELS if n not in CHART_PACKAGES), *COURSE_PACKAGES,
                                     "traitlets", "ipython"])
    lock = {"info": dist.lock["info"], "packages": packages}
    (target / LOCK).write_text(json.dumps(lock, indent=1), encoding="utf-8")
    return sorted(packages), notes


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


def _plotly_js(wheels: Path, spare: Path) -> tuple[bytes, str]:
    """plotly.js as shipped in the edition's own plotly wheel (so it matches the kernel's plotly), and its
    path under a page's Voilà base URL (``<site>/voila/``), version-stamped so browsers may keep it."""
    # deferred: saves <1 ms at import of ctie_helpers.lite.build (under 20 ms, loaded machine: may move up)
    import zipfile

    wheel = _pure_wheel(wheels, "plotly", _pinned_versions().get("plotly"), spare)
    version = wheel.name.split("-")[1]
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read("plotly/package_data/plotly.min.js")
    return data, f"../{_PLOTLY_DIR}/plotly-{version}.min.js?v={version}"


def _gzip_copies(site: Path) -> None:
    """``NAME.gz`` beside each text file, and beside each archive (wheel, zip) that gzip makes 5% smaller.

    Some archives are stored barely compressed: Pyodide's ``openssl-*.zip``, which every page's kernel loads,
    is 2.0 MB and 0.8 MB gzipped; jedi's and pytz's wheels lose a fifth. The browser undoes the
    ``Content-Encoding``, so Pyodide checks the sha256 of the very file of the lock.
    """
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.stat().st_size <= 1024:
            continue
        if path.suffix in _GZIP_SUFFIXES:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
        elif path.suffix in _ARCHIVE_SUFFIXES:
            data = path.read_bytes()
            packed = gzip.compress(data, 9, mtime=0)
            if len(packed) <= 0.95 * len(data):
                path.with_name(path.name + ".gz").write_bytes(packed)


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
        plotly: tuple[bytes, str] | None = None  # plotly.js and its path, read when a page first draws charts
        charts = False
        helpers = _chart_helpers()
        built: list[tuple[str, str]] = []
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
                draws = _draws_charts(data, helpers)
                charts = charts or draws
                if draws and plotly is None:
                    plotly = _plotly_js(Path(wheels), work / "downloaded")
                (content / HANDIN / session).mkdir(parents=True, exist_ok=True)
                shutil.copy2(student, content / HANDIN / session / nb.name)
                (content / session).mkdir(parents=True, exist_ok=True)
                page = _site_notebook(data, nb.stem, session, [p.stem for p in paths],
                                      plotly[1] if draws and plotly else None)
                (content / session / nb.name).write_text(json.dumps(page, indent=1), encoding="utf-8")
                result.pages.append(f"voici/render/{session}/{nb.stem}.html")
                built.append((session, nb.stem))
        _add_navigation(content, built)
        data_dir = _synthetic_data(course.root)
        if data_dir is None:
            raise LiteBuildError(f"no synthetic data (data/synthetic) in {course.root} or with this package")
        (content / _DATA).mkdir(parents=True)
        for csv in sorted(data_dir.glob("*.csv")):  # what ctie_helpers.data.load reads; the cards are for people
            shutil.copy2(csv, content / _DATA / csv.name)
        lite = work / "lite"
        settings = {"pyodideUrl": f"./{_PYODIDE_DIR}/pyodide.js", "disablePyPIFallback": True}
        (lite / "jupyter-lite.json").write_text(json.dumps({"jupyter-lite-schema-version": 0, "jupyter-config-data": {
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": settings}}}), encoding="utf-8")
        labext = _labextensions()
        config = {"LiteBuildConfig": {"ignore_sys_prefix": True, "disable_addons": ["jupyterlite-xeus"],
                                      "federated_extensions": [str(labext / e) for e in _EXTENSIONS],
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
        if plotly is not None:
            (site / _PLOTLY_DIR).mkdir(parents=True)
            (site / _PLOTLY_DIR / plotly[1].split("/")[-1].split("?")[0]).write_bytes(plotly[0])
        (site / _MAP).write_text(_course_map(content), encoding="utf-8")
        result.packages, result.notes = _write_pyodide(site, dist, _project_wheel(REPO_ROOT, work), Path(wheels),
                                                       charts, work / "downloaded")
        _gzip_copies(site)
        result.bytes_total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and p.suffix != ".gz")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(site), str(out))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)

