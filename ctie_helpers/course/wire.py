"""What a course page costs on the wire: compressed responses, no unused front-end code, plotly.js on demand.

Measured before this module (benchmarks/README.md, "course"): 9.8 MB for a first visit of any page, sent
uncompressed, of which 4.8 MB was JupyterLab's plotly extension, loaded on every page with or without a chart,
and about 0.4 MB extensions no course page uses. Trainees are often on poor connections. So:

- **compression**: Voilà 0.5 applies ``Voila.tornado_settings`` only after building its Tornado application,
  too late for ``compress_response`` (Tornado adds the gzip transform in the constructor), so
  ``python -m ctie_helpers.course.wire`` runs Voilà with the setting added where it counts
  (:func:`compressing`); kernel websocket frames are compressed too (permessage-deflate). Under JupyterHub
  ``course/hub.py`` passes :data:`WIRE_SETTINGS` to jupyter-server, which applies them in time.
- **unused extensions** (:data:`UNUSED_EXTENSIONS`): anywidget (no course page draws a ``FigureWidget``), the
  Pyodide and xeus kernels (JupyterLite's, never used by a server page), pygments' styles (code is hidden);
- **plotly.js on demand**: :func:`ctie_helpers.course.server.config_folder` deny-lists the plotly extension
  for ``ctie course``, and charts draw from the HTML of :mod:`ctie_helpers.plots.lazy`, which fetches
  plotly.js from this server (:func:`assets_root`) on a page's first chart only, cacheable for good (its
  name and ``?v=`` carry plotly's version).
- **browser cache across pages** (:func:`caching`): a trainee moves from page to page in one browser, and
  every page loads the same widget-manager bundles. Voilà serves its labextensions with ``no-cache``, so
  each page revalidated them (12-14 requests answered 304, 2026-12). Their names carry a hash of their
  content (``remoteEntry.c8c9eed2cdefdeac.js``, ``704.6a820cc839aca480.js``), so course mode serves those
  as immutable for a year: the next page takes them from the browser's cache, compiled code included
  (V8's code cache lives beside the cache entry). Files without a hash in their name (``package.json``,
  ``style.js``) keep ``no-cache``: they may change in place when an extension is upgraded. Voilà's own
  ``/voila/static/*.voila.js`` chunks are left as Voilà serves them (no hash in their names, no
  ``Cache-Control``: browsers already reuse them without asking, by their ``Last-Modified`` age).

- **widgets never lost to a late model** (:mod:`ctie_helpers.course.late_models`): the same route serves the
  widget manager's chunk with ``get_model`` waiting for a state restore still under way.

Both launchers (this module's and :mod:`ctie_helpers.course.pool`'s) install all of this with :func:`wired`.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import re
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ctie_helpers.course.address import remembering_language
from ctie_helpers.course.late_models import serving_patient
from ctie_helpers.course.leave import setting_xsrf_cookie

__all__ = ["CONTENT_HASHED", "IMMUTABLE", "PLOTLY_EXTENSION", "UNUSED_EXTENSIONS", "WIRE_SETTINGS", "assets_root",
           "caching", "compressing", "main", "plotly_js_path", "wired", "wiring_pages"]

#: Labextensions that no course page uses (see the module docstring).
UNUSED_EXTENSIONS = ["anywidget", "@jupyterlite/pyodide-kernel-extension", "@jupyterlite/xeus-extension",
                     "jupyterlab_pygments"]
#: JupyterLab's plotly extension: 4.8 MB on every page; ``ctie course`` draws charts without it.
PLOTLY_EXTENSION = "jupyterlab-plotly"
#: Tornado settings for a smaller wire: gzip for text, JavaScript, JSON and SVG; compressed websocket frames.
WIRE_SETTINGS: dict[str, Any] = {"compress_response": True, "websocket_compression_options": {}}
#: The Cache-Control of a labextension file whose name carries its content's hash.
IMMUTABLE = "public, max-age=31536000, immutable"
#: A webpack content hash in a file name: ``remoteEntry.c8c9eed2cdefdeac.js``, ``883.369fbd92285483263252.js``.
CONTENT_HASHED = re.compile(r"\.[0-9a-f]{16,}\.(?:js|css|wasm|woff2?|ttf|eot|svg|png)$")
# Served as a static file of the ctie-course template, from a folder of its own on JUPYTER_PATH.
_STATIC = Path("voila") / "templates" / "ctie-course" / "static"


def _plotly_js() -> tuple[Path, str]:
    """plotly's own plotly.min.js (shipped in its Python package) and plotly's version, without importing plotly."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("plotly is not installed: course mode's charts need it")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js", version("plotly")


def plotly_js_path() -> str:
    """plotly.js's path under a Voilà page's base URL (``<base>voila/``), version-stamped so browsers keep it."""
    ver = _plotly_js()[1]
    return f"templates/ctie-course/static/plotly-{ver}.min.js?v={ver}"


def assets_root(parent: str | os.PathLike | None = None) -> Path:
    """A Jupyter data folder holding plotly.js as a static file of the ``ctie-course`` template.

    A hard link to the plotly package's own file (a copy across file systems), made once per plotly
    version in ``parent`` (default: the Jupyter runtime folder, private to the user).
    """
    if parent is None:
        # deferred: saves 9 ms at import of ctie_helpers.course.wire (under 20 ms, loaded machine: may move up)
        from jupyter_core.paths import jupyter_runtime_dir

        parent = jupyter_runtime_dir()
    source, ver = _plotly_js()
    root = Path(parent) / "ctie-course-assets"
    target = root / _STATIC / f"plotly-{ver}.min.js"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        try:
            os.link(source, tmp)  # not a symlink: Tornado 6.6's static handler refuses one leaving its folder
        except OSError:  # another file system, or no hard links there: a copy
            shutil.copyfile(source, tmp)
        os.replace(tmp, target)  # atomic: a second server starting at once sees a whole file or none
    return root


def compressing(voila_class: Any) -> Any:
    """Make ``voila_class`` (Voilà's application) build its Tornado application with :data:`WIRE_SETTINGS`."""
    if getattr(voila_class, "_ctie_wire", False):
        return voila_class
    plain = voila_class.init_settings

    def init_settings(self: Any) -> dict[str, Any]:
        return {**plain(self), **WIRE_SETTINGS}

    voila_class.init_settings = init_settings
    voila_class._ctie_wire = True
    return voila_class


@functools.cache
def _hashed_immutable(base: type) -> type:
    """``base`` (jupyter_server's ``FileFindHandler``) serving content-hashed names as :data:`IMMUTABLE`."""

    class HashedImmutableHandler(base):
        def set_headers(self) -> None:
            super().set_headers()  # no-cache for everything under Voilà's labextensions route
            if CONTENT_HASHED.search(self.request.path):
                self.set_header("Cache-Control", IMMUTABLE)

    return HashedImmutableHandler


def caching(voila_class: Any) -> Any:
    """Make ``voila_class`` serve its labextensions' content-hashed files as immutable (module docstring), and
    the widget manager's chunk that loses late models with :mod:`ctie_helpers.course.late_models`' fix."""
    if getattr(voila_class, "_ctie_cache", False):
        return voila_class
    plain = voila_class.init_handlers

    def init_handlers(self: Any) -> list:
        handlers = []
        for route in plain(self):
            if route[0].endswith("/voila/labextensions/(.*)"):
                # the widget manager's get_model made patient as well (ctie_helpers.course.late_models)
                route = (route[0], _hashed_immutable(serving_patient(route[1])), *route[2:])
            handlers.append(route)
        return handlers

    voila_class.init_handlers = init_handlers
    voila_class._ctie_cache = True
    return voila_class


def wiring_pages(handler_class: Any) -> None:
    """Course mode's steps on Voilà's page handler ``handler_class``: ``?lang=`` remembered before the page's text
    is translated, and the XSRF cookie that lets a left page free its kernel (:mod:`ctie_helpers.course.leave`).

    The one list of them, for ``ctie course`` (:func:`wired`) and the hub (:mod:`ctie_helpers.course.hub`).
    """
    remembering_language(handler_class)
    setting_xsrf_cookie(handler_class)


def wired(voila_app: Any) -> None:
    """Install course mode's wire on Voilà's ``voila.app`` module: gzip, browser caching, and the page steps of
    :func:`wiring_pages`."""
    compressing(voila_app.Voila)
    caching(voila_app.Voila)
    wiring_pages(voila_app.TornadoVoilaHandler)


def main(argv: list[str] | None = None) -> None:
    """``python -m ctie_helpers.course.wire VOILA_ARGS...``: Voilà with compressed, cacheable responses."""
    # deferred: saves about 1400 ms at import of ctie_helpers.course.wire (Voilà and jupyter_server)
    import voila.app

    wired(voila.app)
    voila.app.main(argv=argv)


if __name__ == "__main__":
    main()
