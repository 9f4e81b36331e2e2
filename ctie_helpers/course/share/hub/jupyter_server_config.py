"""Course mode in a JupyterHub user server (found through JUPYTER_CONFIG_PATH): see ctie_helpers/course/hub.py."""

from ctie_helpers.course.hub import configure

configure(c)  # noqa: F821 (c is injected by traitlets when it executes this file)
