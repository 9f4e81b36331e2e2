"""Course mode's preheated kernels: Voilà's pool, sized for memory, never older than the trainee's answers,
and never culled between being handed to a page and that page connecting.

A preheated kernel has already run its page when the trainee asks for it, so the page's widgets show the
answers that were in the sidecar *at preheat time*. In course mode the trainee writes those sidecars
from the pages themselves, so a spare kernel made before the trainee's last save would show a page
with answers missing (they are safe on disk; the page is not). Voilà 0.5 cannot know that, so this
module runs Voilà with its kernel manager wrapped: a spare kernel started before the newest change to a
sidecar its page reads is shut down and replaced instead of used, and that one visit waits for a kernel
started there and then (as slow as the cold path). Each spare kernel serves one page view only (Voilà pops it from
the pool), so no session's state reaches another.

Every spare also counts as active when a page takes it, so the culler cannot shut it down before the page
connects (the preheated pages that never showed their widgets): :func:`ctie_helpers.apps.pool.awake_on_take`,
shared with ``ctie app --preheat``, which :func:`fresh_pool` builds on.

Sizes (``benchmarks`` ``course``): one spare per session page (19 pages) and :data:`HOME_POOL_SIZE` for the
course map, where every trainee of a class lands at the same time; a spare course kernel holds about
105-150 MB (median 106 MB over 30 kernels, 2026-12-06), so about 22 x 106 MB = 2.3 GB (up to 3.3 GB) for
the course; app notebooks and facilitator notebooks get none. Memory stays bounded: never more spares than
these, plus one kernel per open page view, which the culler frees 15 minutes after its tab is closed
(10 trainees on one server: 32 kernels, about 3.4 GB). ``ctie course --no-preheat`` runs without spares.

Refills: a taken spare is replaced :data:`FILL_DELAY_SECONDS` later, so that the new spare's notebook run
does not compete for the 2 cores with the page the trainee has just opened. When a whole class opens its
pages together the refills still fall inside the rush (measured 2026-12-06, load 9-14: 10 refills took 10-11
of the 60-67 CPU seconds spent while 10 trainees waited for their widgets; the browsers, on the same machine
in the benchmark, took 40). A replacement still waiting out its delay is not offered to the next visitor of
the same page (Voilà would make them wait for the delay, then for the kernel): they get a kernel started
there and then, as without a pool.

Run as ``python -m ctie_helpers.course.pool <voila arguments>`` (see :func:`ctie_helpers.course.server.course_command`).
"""

from __future__ import annotations

import asyncio
import time
import weakref
from pathlib import Path
from typing import Any

from ctie_helpers.apps.pool import awake_on_take, run_voila
from ctie_helpers.course.page import HOME
from ctie_helpers.course.wire import wired
from ctie_helpers.grading.store import SUFFIX
from ctie_helpers.i18n.choice import SETTINGS_FILE

__all__ = ["FILL_DELAY_SECONDS", "HOME_POOL_SIZE", "POOL_SIZE", "PREHEAT_DENYLIST", "answers_changed", "fresh_pool",
           "main", "pool_config"]

#: Spare kernels kept per course page.
POOL_SIZE = 1
#: Spare kernels kept for the course map (START_HERE), the page a whole class opens first.
HOME_POOL_SIZE = 3
#: Seconds between a spare being taken and its replacement starting.
FILL_DELAY_SECONDS = 5.0
#: Notebooks under the course folder that are not course pages: no spare kernel for them.
#: (Voilà matches them with ``re.match``, i.e. from the start of the path relative to the course folder.)
PREHEAT_DENYLIST = [r"(.*/)?app_[^/]*\.ipynb$", r"facilitator/", r"(.*/)?submissions/"]


def pool_config() -> dict[str, Any]:
    """The ``VoilaKernelManager`` part of course mode's ``voila.json``."""
    pools = {"default": {"pool_size": POOL_SIZE}, f"{HOME}.ipynb": {"pool_size": HOME_POOL_SIZE}}
    return {"VoilaKernelManager": {"fill_delay": FILL_DELAY_SECONDS, "preheat_denylist": PREHEAT_DENYLIST,
                                   "kernel_pools_config": pools}}


def answers_changed(root: str | Path, notebook: str) -> float:
    """The newest modification time (epoch seconds; 0 if none) of the sidecars page ``notebook`` shows.

    The course map (``START_HERE``) shows progress over every session, so every sidecar under ``root``
    counts; a session page shows its own answers and its session's hand-in panel, so its folder's sidecars.
    The course folder's language choice counts for every page: a spare run before the trainee switched
    language would show the page in the old one.
    """
    root = Path(root)
    rel = Path(notebook)
    files = root.rglob(f"*{SUFFIX}") if rel.stem == HOME else (root / rel.parent).glob(f"*{SUFFIX}")
    newest = 0.0
    for f in [*files, root / SETTINGS_FILE]:
        try:
            newest = max(newest, f.stat().st_mtime)
        except OSError:  # removed between listing and stat (or no language chosen yet)
            continue
    return newest


def _starting(manager: Any) -> weakref.WeakSet:
    """The pool tasks of ``manager`` whose fill delay is over (their kernel is starting or ready)."""
    if "_ctie_starting" not in vars(manager):
        manager._ctie_starting = weakref.WeakSet()
    return manager._ctie_starting


def fresh_pool(base: type) -> type:
    """Wrap Voilà's pooling kernel manager class ``base``: stale spares are replaced, not used; a spare
    taken by a page counts as active (the culler leaves it to the page); a replacement still waiting out its
    fill delay is not offered to a visitor (they get a kernel at once)."""

    awake: type = awake_on_take(base)  # the fix every preheated Voilà needs (ctie_helpers.apps.pool)

    class CoursePoolKernelManager(awake):
        async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs):
            started = time.time()  # before the notebook reads any sidecar
            # A pool task reaches this once its fill delay is over: from now on it is worth waiting for.
            _starting(self).add(asyncio.current_task())
            content = await super()._initialize(notebook_path, kernel_id, **kwargs)
            content["ctie_started"] = started
            return content

        async def get_rendered_notebook(self, notebook_name: str, *args, **kwargs):
            # Voilà takes the first spare: make it a ready one, else one starting, never a refill still delayed.
            # (awake_on_take's override, below this one, then marks the taken spare active for the culler.)
            pool = self._pools.get(notebook_name, [])
            best = min(pool, key=lambda t: 0 if t.done() else 1 if t in _starting(self) else 2, default=None)
            if best is not None and best is not pool[0]:
                pool.remove(best)
                pool.insert(0, best)
            return await super().get_rendered_notebook(notebook_name, *args, **kwargs)

        def get_pool_size(self, notebook_name: str) -> int:
            pool = self._pools.get(notebook_name, [])
            changed = answers_changed(self.root_dir, notebook_name) if pool else 0.0
            stale = [t for t in pool if t.done() and not t.exception()
                     and t.result().get("ctie_started", 0.0) <= changed]
            for task in stale:
                pool.remove(task)
                kernel_id = task.result()["kernel_id"]
                self.log.info("Spare kernel %s for %s predates the trainee's answers: replaced", kernel_id,
                              notebook_name)
                asyncio.ensure_future(self.shutdown_kernel(kernel_id))
            if stale:
                self.fill_if_needed(delay=0, notebook_name=notebook_name)
            # A spare still starting is awaited by Voilà; one still waiting out its fill delay is not offered.
            return len([t for t in pool if t.done() or t in _starting(self)])

    return CoursePoolKernelManager


def main(argv: list[str] | None = None) -> None:
    """Run Voilà with :func:`fresh_pool` around its pooling kernel manager."""
    # deferred: saves 1445 ms at import of ctie_helpers.course.pool
    import voila.app

    # the same wire as course/wire.py's launcher: gzip, compressed frames, cacheable bundles, and ?lang=
    # remembered before a spare is picked, so a spare never waits for its page's address
    wired(voila.app)
    run_voila(argv, wrap=fresh_pool)


if __name__ == "__main__":
    main()
