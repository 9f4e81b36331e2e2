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

Sizes (``benchmarks`` ``course``): one spare per course page (20 pages); a spare course kernel holds
about 105-150 MB (median 106 MB over 30 kernels, 2026-12-06), so 2.1-2.5 GB for the course; app notebooks
and facilitator notebooks get none. Memory stays bounded: never more than one spare per page, plus one
kernel per open page view, which the culler frees 15 minutes after its tab is closed (10 trainees on one
server: 30 kernels, 3.5 GB). ``ctie course --no-preheat`` runs without spares.
The refill waits :data:`FILL_DELAY_SECONDS` after a spare is taken so that the new spare's notebook run
does not compete for the 2 cores with the page the trainee has just opened.

Run as ``python -m ctie_helpers.course.pool <voila arguments>`` (see :func:`ctie_helpers.course.server.course_command`).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from ctie_helpers.apps.pool import awake_on_take, run_voila
from ctie_helpers.course.address import remembering_language
from ctie_helpers.course.page import HOME
from ctie_helpers.course.wire import compressing
from ctie_helpers.grading.store import SUFFIX
from ctie_helpers.i18n.choice import SETTINGS_FILE

__all__ = ["FILL_DELAY_SECONDS", "POOL_SIZE", "PREHEAT_DENYLIST", "answers_changed", "fresh_pool", "main",
           "pool_config"]

#: Spare kernels kept per course page.
POOL_SIZE = 1
#: Seconds between a spare being taken and its replacement starting.
FILL_DELAY_SECONDS = 5.0
#: Notebooks under the course folder that are not course pages: no spare kernel for them.
#: (Voilà matches them with ``re.match``, i.e. from the start of the path relative to the course folder.)
PREHEAT_DENYLIST = [r"(.*/)?app_[^/]*\.ipynb$", r"facilitator/", r"(.*/)?submissions/"]


def pool_config() -> dict[str, Any]:
    """The ``VoilaKernelManager`` part of course mode's ``voila.json``."""
    return {"VoilaKernelManager": {"fill_delay": FILL_DELAY_SECONDS, "preheat_denylist": PREHEAT_DENYLIST}}


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


def fresh_pool(base: type) -> type:
    """Wrap Voilà's pooling kernel manager class ``base``: stale spares are replaced, not used, and a spare
    taken by a page counts as active (the culler leaves it to the page)."""

    awake: type = awake_on_take(base)  # the fix every preheated Voilà needs (ctie_helpers.apps.pool)

    class CoursePoolKernelManager(awake):
        async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs):
            started = time.time()  # before the notebook reads any sidecar
            content = await super()._initialize(notebook_path, kernel_id, **kwargs)
            content["ctie_started"] = started
            return content

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
            return len(pool)  # spares still starting are awaited by Voilà, as before

    return CoursePoolKernelManager


def main(argv: list[str] | None = None) -> None:
    """Run Voilà with :func:`fresh_pool` around its pooling kernel manager."""
    # deferred: saves 1445 ms at import of ctie_helpers.course.pool
    import voila.app

    # deferred: Voilà's page handler, loaded with voila.app just above
    import voila.handler

    remembering_language(voila.handler.VoilaHandler)  # the switch's ?lang= counts for the page it opens
    compressing(voila.app.Voila)  # the same wire as course/wire.py's launcher: gzip, compressed frames
    run_voila(argv, wrap=fresh_pool)


if __name__ == "__main__":
    main()
