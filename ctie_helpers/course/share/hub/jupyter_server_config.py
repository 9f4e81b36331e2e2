"""Course mode in a JupyterHub user server (found through JUPYTER_CONFIG_PATH): see ctie_helpers/course/hub.py."""

from ctie_helpers.course.hub import configure

configure(c)  # type: ignore[name-defined]  # noqa: F821 (traitlets injects c when it runs this file)
