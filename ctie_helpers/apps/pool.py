"""Preheated Voilà kernels that the culler leaves to the page that took them: every preheated Voilà we run.

Why preheated pages lost their widgets (found 2026-12, reproduced every time; ``tests/test_browser_pool.py``):
a spare kernel runs its page once, then sits idle in the pool, where Voilà's ``cull_kernel_if_idle`` spares
it. The moment a page view takes it (``get_rendered_notebook`` pops it from the pool) it is an ordinary
kernel again, with no websocket yet and with ``last_activity`` still the time its preheat run ended,
perhaps many minutes ago. If the server's culler (``MappingKernelManager.cull_interval``, 60 s) passes
before the page's JavaScript has loaded and opened the kernel websocket (a few seconds, more on a slow
laptop), the kernel has been "idle" longer than ``cull_idle_timeout`` with 0 connections and is shut down.
The page's HTML is already sent, so its text shows, but the widget manager's state request goes to a dead
kernel and every widget stays at "Loading widget..." for ever. The chance is the page's connect time over
the cull interval, and only for spares idle longer than the cull timeout: about 1 in 20 pages in the
``course`` benchmark (900 s / 60 s, a 20-page run longer than 15 minutes) and 2 in 6 in the apps' browser
tests (60 s / 10 s). Fix: taking a spare counts as kernel activity (:func:`awake_on_take` resets
``last_activity``), so the page has the whole ``cull_idle_timeout`` to connect, as a cold kernel has.

``ctie app --preheat`` runs Voilà as ``python -m ctie_helpers.apps.pool <voila arguments>``
(:func:`ctie_helpers.apps.server.voila_command`); course mode's launcher (:mod:`ctie_helpers.course.pool`)
adds its own rule (no spare older than the trainee's answers) on top, through :func:`run_voila`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

__all__ = ["awake_on_take", "main", "run_voila"]


def awake_on_take(base: type) -> type:
    """Wrap Voilà's pooling kernel manager class ``base``: a spare taken by a page counts as kernel activity,
    so the culler leaves it to the page until the page's websocket connects (module docstring)."""

    class AwakeOnTakeKernelManager(base):
        async def get_rendered_notebook(self, notebook_name: str, *args, **kwargs):
            render_task, rendered_cache, kernel_id = await super().get_rendered_notebook(notebook_name, *args,
                                                                                         **kwargs)
            # Out of the pool, the spare is an ordinary kernel for the culler: its idle clock restarts now.
            kernel = self._kernels.get(kernel_id)
            if kernel is not None:
                kernel.last_activity = datetime.datetime.now(datetime.UTC)
            return render_task, rendered_cache, kernel_id

    return AwakeOnTakeKernelManager


def run_voila(argv: list[str] | None = None, wrap: Callable[[type], type] = awake_on_take) -> None:
    """Run Voilà's command line with ``wrap`` around its pooling kernel manager (when preheating is on).

    ``wrap`` must keep :func:`awake_on_take`'s behaviour (course mode's wraps that class).
    """
    # deferred: saves about 1400 ms at import of ctie_helpers.apps.pool (Voilà and jupyter_server)
    import voila.app

    # deferred: Voilà's kernel managers, loaded with voila.app just above
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    def factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
        cls = voila_kernel_manager_factory(base_class, preheat_kernel, default_pool_size, page_config_hook)
        return wrap(cls) if preheat_kernel else cls

    voila.app.voila_kernel_manager_factory = factory  # voila/app.py looks the factory up in its own module
    voila.app.main(argv=argv)


def main(argv: list[str] | None = None) -> None:
    """``python -m ctie_helpers.apps.pool VOILA_ARGS...``: Voilà whose taken spares are not culled before use."""
    run_voila(argv)


if __name__ == "__main__":
    main()
