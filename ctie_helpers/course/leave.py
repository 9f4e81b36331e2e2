"""A course page that is left frees its kernel at once, instead of 15 minutes later.

When a trainee leaves a page (the "next" link, closing the tab), Voilà's widget manager sends
``POST voila/api/shutdown/<kernel>`` with ``navigator.sendBeacon``, carrying the ``_xsrf`` cookie's value as a
form field. But Voilà's page handler never asks Tornado for an XSRF token, so no ``_xsrf`` cookie is ever
set on a course page: the beacon carried an empty token, the server answered 403 (reproduced 2026-12-06,
Voilà 0.5.13), and every page a trainee had seen kept its kernel (about 105 MB) until the idle culler,
15 minutes later. A class of 20 moving through a session's five pages held about 100 such kernels.

:func:`setting_xsrf_cookie` makes the page handler ask for the token while it prepares the page, which
makes Tornado set the cookie (before any of the page is sent), so the beacon is accepted and the kernel
shuts down when the page is left. The token is the standard Tornado one: nothing is loosened, a request
without the cookie's value is still refused.
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.course.hook import after_prepare

__all__ = ["setting_xsrf_cookie"]


def _set_xsrf_cookie(handler: Any) -> None:
    handler.xsrf_token  # noqa: B018 - reading it sets the cookie (tornado.web.RequestHandler.xsrf_token)


def setting_xsrf_cookie(handler_class: Any) -> Any:
    """Make ``handler_class`` (Voilà's page handler) set the ``_xsrf`` cookie on every page it serves."""
    return after_prepare(handler_class, "_ctie_xsrf", _set_xsrf_cookie)
