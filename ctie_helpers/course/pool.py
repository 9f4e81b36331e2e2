"""Course mode's preheated kernels: Voilà's pool, sized for memory, never older than the trainee's answers,
and never culled between being handed to a page and that page connecting.

A preheated kernel has already run its page when the trainee asks for it, so the page's widgets show the
answers that were in the sidecar *at preheat time*. In course mode the trainee writes those sidecars
from the pages themselves, so a spare kernel made before the trainee's last save would show a page
with answers missing (they are safe on disk; the page is not). Voilà 0.5 cannot know that, so this
module runs Voilà with its kernel manager wrapped: a spare kernel started before the newest change to a
sidecar its page reads is shut down and replaced instead of used, and that one visit waits for a kernel
started there and then (as slow as the cold path). So is a spare that cannot serve its page any more: its
start failed, or its kernel died or was restarted blank after its notebook ran (seen when 22 kernels
started at once: one lost a port to another process and never came up, and its page would have opened
with no widgets). Each spare kernel serves one page view only (Voilà pops it from
the pool), so no session's state reaches another.

Every spare also counts as active when a page takes it, so the culler cannot shut it down before the page
connects (the preheated pages that never showed their widgets): :func:`ctie_helpers.apps.pool.awake_on_take`,
shared with ``ctie app --preheat``, which :func:`fresh_pool` builds on.

Sizes (``benchmarks`` ``course``): one spare per session page (19 pages) and :data:`HOME_POOL_SIZE` for the
course map, where every trainee of a class lands at the same time; a spare course kernel holds about
105-150 MB (median 106 MB over 30 kernels, 2026-12-06), so about 22 x 106 MB = 2.3 GB (up to 3.3 GB) for
the course; app notebooks and facilitator notebooks get none. Memory stays bounded: never more spares than
these, plus one kernel per open page view, shut down as soon as its page is left
(:mod:`ctie_helpers.course.leave`; the culler frees it 15 minutes after its tab is closed if the browser
could not say so). ``ctie course --no-preheat`` runs without spares.

Refills wait for a calm server, and run one at a time. When a whole class opens its pages together, a
refill started a fixed few seconds after each take (Voilà's ``fill_delay``, 5 s here) ran its notebook
in the middle of the rush: measured 2026-12-06 on an idle machine, 10 trainees were all interactive in
33.8 s with the refills and 19.9 s with them held back (10 refills, about 13 CPU seconds, started within
a second of one another on 2 cores). So a refill, once its delay is over, also waits until no page has
been requested for :data:`CALM_SECONDS` (at most :data:`FILL_WAIT_MAX_SECONDS` after the delay, so a steady
trickle of visitors still gets its spares back), and then starts only when no other refill is running
its notebook (:func:`refill_turn`). A replacement still waiting is not offered to the next visitor of the
same page (Voilà would make them wait for the wait, then for the kernel): they get a kernel started
there and then, as without a pool. A stale spare's replacement (below) and the spares of a server's
start wait for nothing.

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

__all__ = ["CALM_SECONDS", "FILL_DELAY_SECONDS", "FILL_WAIT_MAX_SECONDS", "HOME_POOL_SIZE", "POOL_SIZE",
           "PREHEAT_DENYLIST", "answers_changed", "fresh_pool", "main", "pool_config", "refill_turn"]

#: Spare kernels kept per course page.
POOL_SIZE = 1
#: Spare kernels kept for the course map (START_HERE), the page a whole class opens first.
HOME_POOL_SIZE = 3
#: Seconds between a spare being taken and its replacement starting, at least (Voilà's ``fill_delay``).
FILL_DELAY_SECONDS = 5.0
#: A refill starts once no page has been requested for this long (a class's rush is over)...
CALM_SECONDS = 10.0
#: ... or this long after its fill delay, whichever comes first.
FILL_WAIT_MAX_SECONDS = 60.0
#: A refill holds its turn until its notebook has run, or this long at most (a page that never finishes).
REFILL_TURN_MAX_SECONDS = 60.0
#: The key :func:`fresh_pool` adds to a refill's arguments (Voilà passes them on to ``_initialize``).
_REFILL = "ctie_refill"
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


async def refill_turn(manager: Any) -> Any:
    """Wait until server ``manager`` is calm (see the module docstring), then for the refills' one turn.

    Returns the turn (an :class:`asyncio.Lock`, held): the caller releases it when its notebook has run.
    """
    if "_ctie_turn" not in vars(manager):
        manager._ctie_turn = asyncio.Lock()
    deadline = time.monotonic() + FILL_WAIT_MAX_SECONDS
    while True:
        calm_at = getattr(manager, "_ctie_last_visit", float("-inf")) + CALM_SECONDS
        wait = min(calm_at, deadline) - time.monotonic()
        if wait <= 0:
            break
        await asyncio.sleep(wait)
    await manager._ctie_turn.acquire()
    return manager._ctie_turn


def _release_after_run(turn: asyncio.Lock, render: asyncio.Future) -> None:
    """Release ``turn`` when the spare's notebook run ``render`` ends, or after :data:`REFILL_TURN_MAX_SECONDS`."""
    loop = asyncio.get_running_loop()

    def release(*_: Any) -> None:
        if turn.locked() and not released:
            released.append(True)
            turn.release()
            timer.cancel()

    released: list[bool] = []
    timer = loop.call_later(REFILL_TURN_MAX_SECONDS, release)
    render.add_done_callback(release)


def _kernel_pid(manager: Any, kernel_id: str) -> int | None:
    """The process id of kernel ``kernel_id`` of ``manager``; None when the kernel is gone from its map."""
    if kernel_id not in manager:
        return None
    return getattr(manager.get_kernel(kernel_id).provisioner, "pid", None)


def _unusable(manager: Any, spare: asyncio.Future, changed: float) -> str:
    """Why the ready ``spare`` of ``manager`` must not be offered (empty if it may); ``changed``: see :func:`answers_changed`."""
    if not spare.done():
        return ""
    if spare.cancelled() or spare.exception() is not None:
        return "failed to start"
    content = spare.result()
    if content.get("ctie_started", 0.0) <= changed:
        return "predates the trainee's answers"
    # A kernel that died after its notebook ran (seen 2026-12-06: a port taken between the server choosing it
    # and the kernel binding it) is removed from the map, or restarted blank by the restarter: either way the
    # page's widgets would have no kernel behind them.
    if "ctie_pid" in content and _kernel_pid(manager, content["kernel_id"]) != content["ctie_pid"]:
        return "died or was restarted after its notebook ran"
    return ""


def fresh_pool(base: type) -> type:
    """Wrap Voilà's pooling kernel manager class ``base``: stale or dead spares are replaced, not used; a spare
    taken by a page counts as active (the culler leaves it to the page); a replacement still waiting out its
    fill delay is not offered to a visitor (they get a kernel at once)."""

    awake: type = awake_on_take(base)  # the fix every preheated Voilà needs (ctie_helpers.apps.pool)

    class CoursePoolKernelManager(awake):
        def fill_if_needed(self, delay: float | None = None, notebook_name: str | None = None, **kwargs):
            # Voilà passes delay=None only for the refill after a take; mark those (module docstring).
            if delay is None:
                kwargs[_REFILL] = True
            return super().fill_if_needed(delay, notebook_name, **kwargs)

        async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs):
            turn = await refill_turn(self) if kwargs.pop(_REFILL, False) else None
            try:
                started = time.time()  # before the notebook reads any sidecar
                # Here the fill delay (and a refill's wait) is over: from now on this spare is worth waiting for.
                _starting(self).add(asyncio.current_task())
                content = await super()._initialize(notebook_path, kernel_id, **kwargs)
            except BaseException:
                if turn is not None:
                    turn.release()
                raise
            if turn is not None:
                _release_after_run(turn, content["task"])
            content["ctie_started"] = started
            content["ctie_pid"] = _kernel_pid(self, content["kernel_id"])
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
            # Voilà asks this once per page request: refills wait until requests stop coming (refill_turn).
            self._ctie_last_visit = time.monotonic()
            pool = self._pools.get(notebook_name, [])
            changed = answers_changed(self.root_dir, notebook_name) if pool else 0.0
            unusable = [(t, why) for t in pool if (why := _unusable(self, t, changed))]
            for task, why in unusable:
                pool.remove(task)
                kernel_id = task.result()["kernel_id"] if not task.cancelled() and not task.exception() else None
                self.log.info("Spare kernel %s for %s %s: replaced", kernel_id or "(none)", notebook_name, why)
                if kernel_id is not None and kernel_id in self:
                    asyncio.ensure_future(self.shutdown_kernel(kernel_id))
            if unusable:
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
