"""JupyterHub configuration for a CTiE Workbook cohort (JupyterHub 5-6), tested by tests/test_hub.py.

One file for three places, driven by environment variables so the test runs the file we ship:

- The Littlest JupyterHub: copy it to ``/opt/tljh/config/jupyterhub_config.d/ctie.py``. TLJH owns
  networking, the proxy, authentication and the systemd spawner; with none of the ``CTIE_HUB_*``
  variables below set, this file adds only the CTiE part (see deploy/README.md).
- A plain JupyterHub: ``jupyterhub -f deploy/jupyterhub_config.py`` with the variables set.
- The integration test: the same, with a dummy authenticator and local processes on 127.0.0.1.

The CTiE part, always applied:

- every user server starts through ``python -m ctie_helpers.facilitator.provision -- python -m
  ctie_helpers.course.hub -- jupyterhub-singleuser``: the first copies the released sessions from
  ``$CTIE_RELEASE_DIR`` into the user's home *as that user*, never overwriting their work, the second
  sets the server up for course mode, then becomes the server;
- the server opens on course mode: the course map (``START_HERE.ipynb`` rendered by Voilà's server extension
  with the ``ctie-course`` template, code and grading cells hidden); JupyterLab stays at ``/user/<name>/lab``;
- ``$CTIE_FACILITATORS`` (comma-separated hub user names) become hub admins.

Hand-ins stay in each trainee's home (``submissions/<session>/``) and the facilitator collects them
with ``ctie collect``: no world-writable nbgrader exchange, and no formgrader inside an iframe.

Variables (each one changes the hub only when it is set):

=========================  ==================================================================
``CTIE_RELEASE_DIR``       folder made by ``ctie_helpers.facilitator.provision.publish_release``
                           (default ``/srv/ctie/release``)
``CTIE_FEEDBACK_DIR``      folder made by ``ctie feedback release`` (default ``/srv/ctie/feedback``);
                           each trainee's server copies its own released feedback from there
``CTIE_USER_PYTHON``       the user environment's python (default: TLJH's
                           ``/opt/tljh/user/bin/python`` if present, else the hub's own)
``CTIE_FACILITATORS``      admin user names, e.g. ``ana,ben``
``CTIE_HUB_IP``            hub address (the test: ``127.0.0.1``)
``CTIE_HUB_PORT``          public (proxy) port; ``CTIE_HUB_API_PORT``: the hub's internal port
``CTIE_HUB_STATE``         folder for the hub database, cookie secret and pid files
``CTIE_HUB_PROXY``         path of ``configurable-http-proxy``
``CTIE_HUB_AUTH``          ``lti13``: log in from Moodle or Canvas (LTI 1.3, jupyterhub-ltiauthenticator), with
                           ``CTIE_LTI_ISSUER``, ``CTIE_LTI_CLIENT_ID`` (comma-separated),
                           ``CTIE_LTI_AUTHORIZE_URL``, ``CTIE_LTI_JWKS_URL`` from the platform's tool
                           registration and ``CTIE_LTI_USERNAME_KEY`` (default ``sub``: the platform's
                           user id); platform Instructors and Administrators become hub admins
                           (facilitators), everyone else a trainee. deploy/README.md says how to register.
                           ``dummy``: tests only, one shared password in ``CTIE_HUB_PASSWORD``
``CTIE_HUB_HOMES``         use SimpleLocalProcessSpawner with homes ``$CTIE_HUB_HOMES/<user>``
                           (tests and single-user demos: every server runs as the hub's OS user)
=========================  ==================================================================
"""

import os
import sys

c = get_config()  # noqa: F821 (injected by traitlets when it executes this file)
env = os.environ.get

# --- The CTiE part ------------------------------------------------------------------------------
_tljh_python = "/opt/tljh/user/bin/python"
user_python = env("CTIE_USER_PYTHON") or (_tljh_python if os.path.exists(_tljh_python) else sys.executable)
release_dir = env("CTIE_RELEASE_DIR", "/srv/ctie/release")
feedback_dir = env("CTIE_FEEDBACK_DIR", "/srv/ctie/feedback")
singleuser = os.path.join(os.path.dirname(user_python), "jupyterhub-singleuser")

# The wrapper runs in the user's environment, as the user, before the server: copies are then owned
# by the trainee whatever the spawner, and a broken copy never stops the server from starting.
# Then ctie_helpers.course.hub starts the server set up for course mode (Voilà pages at /voila/render/).
c.Spawner.cmd = [user_python, "-m", "ctie_helpers.facilitator.provision", "--",
                 user_python, "-m", "ctie_helpers.course.hub", "--", singleuser]
c.Spawner.environment.update({"CTIE_RELEASE_DIR": release_dir, "CTIE_FEEDBACK_DIR": feedback_dir})  # merge: TLJH may set variables of its own
# Course mode's home (ctie_helpers.course.server.HOME_PATH, written out: the hub's Python may lack the
# workbook). The wrapper above sets the server up for it (ctie_helpers.course.hub); /lab is one link away.
c.Spawner.default_url = "/voila/render/START_HERE.ipynb"
# A cold start imports JupyterLab and the workbook on a shared VM: give it time before giving up.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

facilitators = {u.strip() for u in env("CTIE_FACILITATORS", "").split(",") if u.strip()}
if facilitators:
    c.Authenticator.admin_users = facilitators

# --- A standalone hub (skipped under TLJH, which sets all of this itself) ----------------------
if env("CTIE_HUB_IP"):
    c.JupyterHub.ip = env("CTIE_HUB_IP")
    c.JupyterHub.hub_ip = env("CTIE_HUB_IP")
if env("CTIE_HUB_PORT"):
    c.JupyterHub.port = int(env("CTIE_HUB_PORT"))
if env("CTIE_HUB_API_PORT"):
    c.JupyterHub.hub_port = int(env("CTIE_HUB_API_PORT"))
if env("CTIE_HUB_STATE"):
    state = os.path.abspath(env("CTIE_HUB_STATE"))
    os.makedirs(state, mode=0o700, exist_ok=True)
    c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
    c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
    c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "proxy.pid")
if env("CTIE_HUB_PROXY"):
    c.ConfigurableHTTPProxy.command = [env("CTIE_HUB_PROXY")]
# Stopping the hub stops the proxy and every user server: nothing is left listening.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

if env("CTIE_HUB_AUTH") == "dummy":
    if not env("CTIE_HUB_PASSWORD"):
        raise ValueError("CTIE_HUB_AUTH=dummy needs CTIE_HUB_PASSWORD: a hub with no password lets anyone in")
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = env("CTIE_HUB_PASSWORD")
    c.Authenticator.allow_all = True  # JupyterHub 5+: without it nobody may log in
elif env("CTIE_HUB_AUTH") == "lti13":
    def _need(name):
        if not env(name):
            raise ValueError(f"CTIE_HUB_AUTH=lti13 needs {name} (from the tool's registration on the platform)")
        return env(name)

    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    c.LTI13Authenticator.issuer = _need("CTIE_LTI_ISSUER")
    c.LTI13Authenticator.client_id = {i.strip() for i in _need("CTIE_LTI_CLIENT_ID").split(",") if i.strip()}
    c.LTI13Authenticator.authorize_url = _need("CTIE_LTI_AUTHORIZE_URL")
    c.LTI13Authenticator.jwks_endpoint = _need("CTIE_LTI_JWKS_URL")
    # "sub" is the platform's own, stable user id; a name or e-mail can change or clash between people.
    c.LTI13Authenticator.username_key = env("CTIE_LTI_USERNAME_KEY", "sub")
    c.Authenticator.allow_all = True  # who may launch is decided by the platform's course enrolment

    # LTI 1.3 role URIs (IMS LIS v2 vocabulary): the course's teachers and the platform's administrators
    # facilitate; learners (and anyone with no such role) are trainees. Checked at every launch, so a
    # role removed on the platform is removed here at the next login.
    _FACILITATOR_ROLES = {
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
    }

    def _facilitator_from_roles(authenticator, handler, authentication):
        roles = (authentication.get("auth_state") or {}).get("https://purl.imsglobal.org/spec/lti/claim/roles") or []
        authentication["admin"] = bool(_FACILITATOR_ROLES.intersection(roles))
        return authentication

    c.Authenticator.post_auth_hook = _facilitator_from_roles
elif env("CTIE_HUB_AUTH"):
    raise ValueError(f"CTIE_HUB_AUTH={env('CTIE_HUB_AUTH')!r}: 'lti13' and 'dummy' are set here; configure other "
                     "authenticators the TLJH/Helm way (deploy/README.md)")

if env("CTIE_HUB_HOMES"):
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(os.path.abspath(env("CTIE_HUB_HOMES")),
                                                                 "{username}")
    if os.geteuid() == 0:  # every user server runs as the hub's own user here; Jupyter refuses root otherwise
        c.Spawner.args = ["--allow-root"]
