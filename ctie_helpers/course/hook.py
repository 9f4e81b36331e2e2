"""One way to add a step to Voilà's page handler: run it after the handler's own ``prepare``.

Course mode adds two such steps (:mod:`ctie_helpers.course.address` remembers ``?lang=``,
:mod:`ctie_helpers.course.leave` sets the XSRF cookie); both must run only for a page that will be
rendered (not for a refused or redirected request) and must be installed once however often the wire is
applied, which is what :func:`after_prepare` guarantees.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["after_prepare"]


def after_prepare(handler_class: Any, mark: str, step: Callable[[Any], None]) -> Any:
    """Make ``handler_class`` call ``step(handler)`` after its ``prepare``, for pages that will be rendered.

    ``mark`` names the step on the class, so installing it again changes nothing.
    """
    if getattr(handler_class, mark, False):
        return handler_class
    plain = handler_class.prepare

    async def prepare(self: Any, *args: Any, **kwargs: Any) -> None:
        result = plain(self, *args, **kwargs)
        if inspect.isawaitable(result):
            await result
        if not self._finished:  # refused or redirected (e.g. not logged in): nothing is rendered
            step(self)

    handler_class.prepare = prepare
    setattr(handler_class, mark, True)
    return handler_class
