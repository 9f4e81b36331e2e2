"""A widget whose model is still arriving from the kernel is waited for, never shown as lost for good.

Found 2026-12-06 with ``benchmarks/bench_course.py`` (10 trainees on the course map follow a link at once):
2 to 5 of the 10 pages showed "Error displaying widget: model not found" in place of their controls, and
the trainee could not answer. The kernel was not at fault: the page's kernel websocket, recorded, carried
every model the page shows in its one ``update_states`` reply. The widget manager's front end was:

- a widget view asks ``get_model`` for its model as soon as the page is parsed. ``get_model``
  (``@jupyter-widgets/base-manager`` 8.1.9) looks every 100 ms, for 2 s, and then throws *without a
  last look*;
- the models come with the state restore, once the kernel's websocket is open (1.4 s to open on a
  server busy with 10 pages), and the restore of hundreds of models blocks the page for a few hundred ms;
- so a poll's last 100 ms sleep ends late, past its 2 s, just after the restore registered every model
  and marked the manager "restored". ``get_model`` gives up without looking again. The view then sees a
  restored manager, concludes the model will never come, and shows the error for good. Had it given up
  before the restore ended, the view would have waited for the manager's ``restored`` signal and drawn
  itself then.

Pages that render their outputs fast (the widget bundles already in the browser's cache, as on a
trainee's second page) while the server is slow to open the websocket (a class at once) meet it; cold
browsers did not. Upstream knows the race (jupyter-widgets/ipywidgets#4026, open: "fails permanently";
#4033 added the 2 s poll that narrowed it). Course mode serves that front-end file with the poll changed
(:func:`patient`): it keeps looking while the manager is still restoring from the kernel (at most
:data:`RESTORE_WAIT_MS`), and it looks a last time before it gives up. A model the kernel never sent still
fails, as before.

The file is one of the widget manager's webpack chunks, served by Voilà's labextensions route; course
mode's handler for that route (:func:`ctie_helpers.course.wire.caching`) serves it changed, from memory.
The pattern is minified code of one ipywidgets release, so ``tests/test_course_late_models.py`` fails
when an upgrade no longer has it: then read ipywidgets' ``get_model`` again and either drop this module
(fixed upstream) or adapt :data:`POLL`.
"""

from __future__ import annotations

import functools
import os
import re

__all__ = ["POLL", "RESTORE_WAIT_MS", "patient", "served_content", "serving_patient"]

#: How long a view may wait for its model while the manager is still restoring from the kernel (ms).
RESTORE_WAIT_MS = 60_000
#: ``get_model``'s poll as minified in ``@jupyter-widgets/jupyterlab-manager`` 3.0 (ipywidgets 8.1):
#: ``for(;Date.now()-o<2e3;){if(void 0!==(t=this._models[e]))return t;await new Promise(e=>setTimeout(e,100))}
#: throw Error("widget model not found")``, with the minifier's variable names captured.
POLL = re.compile(
    rb"for\(;Date\.now\(\)-(?P<start>\w+)<2e3;\)"
    rb"\{if\(void 0!==\((?P<model>\w+)=this\._models\[(?P<id>\w+)\]\)\)return (?P=model);"
    rb"await new Promise\((?P<go>\w+)=>setTimeout\((?P=go),100\)\)\}"
    rb"throw Error\(\"widget model not found\"\)")
# Only the widget manager's own chunks can hold it: no other file is read to look.
_WHERE = re.compile(r"[\\/]@jupyter-widgets[\\/][^\\/]+[\\/]static[\\/][^\\/]+\.js$")


def _patient_poll(match: re.Match[bytes]) -> bytes:
    start, model, model_id, go = (match[k].decode() for k in ("start", "model", "id", "go"))
    look = f"if(void 0!==({model}=this._models[{model_id}]))return {model};"
    # `_kernelRestoreInProgress` is the jupyterlab manager's own flag (KernelWidgetManager.restoreWidgets).
    return (f"for(;Date.now()-{start}<2e3||this._kernelRestoreInProgress&&Date.now()-{start}<{RESTORE_WAIT_MS};)"
            f"{{{look}await new Promise({go}=>setTimeout({go},100))}}"
            f"{look}throw Error(\"widget model not found\")").encode()


def patient(source: bytes) -> bytes | None:
    """``source`` (a widget-manager chunk) with ``get_model``'s poll made patient; None if it has no such poll."""
    changed, count = POLL.subn(_patient_poll, source)
    return changed if count else None


@functools.lru_cache(maxsize=64)
def _served(path: str, mtime_ns: int, size: int) -> bytes | None:
    with open(path, "rb") as f:
        return patient(f.read())


def served_content(path: str) -> bytes | None:
    """What course mode serves for labextension file ``path`` in place of its bytes; None: the file as it is.

    Read once per version of the file (its modification time and size), then kept in memory.
    """
    if not _WHERE.search(path):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _served(path, st.st_mtime_ns, st.st_size)


@functools.cache
def serving_patient(base: type) -> type:
    """``base`` (Tornado's static file handler, as Voilà's labextensions route uses it) serving
    :func:`served_content` in place of a file's bytes where there is one. A class that already does is returned
    as it is, so the wire can be applied twice (the hub's config may be loaded more than once in a process)."""
    if getattr(base, "_ctie_patient", False):
        return base

    class PatientModelsHandler(base):
        _ctie_patient = True

        @classmethod
        def get_content(cls, abspath: str, start: int | None = None, end: int | None = None):
            changed = served_content(abspath)
            if changed is None:
                return super().get_content(abspath, start, end)
            return changed[start:end]  # a range request gets its slice of what is served

        def get_content_size(self) -> int:
            changed = served_content(self.absolute_path)
            return super().get_content_size() if changed is None else len(changed)

    return PatientModelsHandler
