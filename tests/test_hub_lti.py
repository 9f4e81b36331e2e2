"""LTI 1.3 login from a learning platform (deploy/jupyterhub_config.py, ``CTIE_HUB_AUTH=lti13``).

A real JupyterHub with jupyterhub-ltiauthenticator, and a simulated platform: a test RSA key pair, its
public half served as a JSON Web Key Set on 127.0.0.1, and the platform's side of the OpenID Connect
launch played by the test (login initiation, then the signed ``id_token`` posted back), as Moodle or
Canvas would do it (IMS Security Framework 1.0, section 5.1.1). The roles are the IMS LIS v2 URIs the
platforms send.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.hub_support import CHP, Hub

ISSUER = "https://moodle.example.org"
CLIENT_ID = "ctie-test-client"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
KID = "ctie-test-key"


class Platform:
    """The platform's key pair and JWKS endpoint; :meth:`id_token` signs what the platform would send."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        body = json.dumps({"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                self.send_response(200 if self.path == "/jwks" else 404)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body if self.path == "/jwks" else b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def id_token(self, sub: str, roles: list[str], nonce: str, target: str, key=None) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER, "aud": CLIENT_ID, "azp": CLIENT_ID, "sub": sub, "iat": now, "exp": now + 300,
            "nonce": nonce, "name": f"User {sub}",
            "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest",
            "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
            "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "1",
            "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": target,
            "https://purl.imsglobal.org/spec/lti/claim/resource_link": {"id": "ctie-session-1"},
            "https://purl.imsglobal.org/spec/lti/claim/context": {"id": "c1", "label": "CTiE", "title": "CTiE IM"},
            "https://purl.imsglobal.org/spec/lti/claim/roles": roles,
        }
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": KID})


def launch(hub: Hub, platform: Platform, sub: str, roles: list[str], key=None) -> requests.Session:
    """Play one launch as the platform and the user's browser; return the browser's session."""
    browser = requests.Session()
    target = f"{hub.url}/hub/"
    # 1. The platform sends the browser to the tool's login initiation URL.
    r = browser.post(f"{hub.url}/hub/lti13/oauth_login", timeout=30, allow_redirects=False,
                     data={"iss": ISSUER, "login_hint": sub, "target_link_uri": target, "client_id": CLIENT_ID,
                           "lti_message_hint": "msg-1", "lti_deployment_id": "1"})
    assert r.status_code == 302, r.text[:300]
    # 2. The tool redirects to the platform's authorization endpoint with state, nonce and redirect_uri.
    auth = urlparse(r.headers["Location"])
    assert f"{auth.scheme}://{auth.netloc}{auth.path}" == f"{platform.url}/authorize"
    q = {k: v[0] for k, v in parse_qs(auth.query).items()}
    assert q["client_id"] == CLIENT_ID and q["login_hint"] == sub and q["response_mode"] == "form_post"
    # 3. The platform posts the signed id_token back to the tool's redirect_uri.
    token = platform.id_token(sub, roles, q["nonce"], target, key=key)
    return browser, browser.post(q["redirect_uri"], data={"id_token": token, "state": q["state"]},
                                 timeout=30, allow_redirects=False)


def whoami(hub: Hub, browser: requests.Session) -> dict:
    r = browser.get(f"{hub.url}/hub/api/user", timeout=30)
    r.raise_for_status()
    return r.json()


@pytest.mark.hub
@pytest.mark.slow
def test_lti13_launch_logs_in_trainee_and_facilitator_with_platform_roles(tmp_path):
    if not CHP.exists():
        pytest.fail(f"configurable-http-proxy missing at {CHP}: run ./workbook test (it installs it with npm)")
    platform = Platform()
    hub = Hub(tmp_path / "hub", {"CTIE_HUB_AUTH": "lti13", "CTIE_LTI_ISSUER": ISSUER, "CTIE_LTI_CLIENT_ID": CLIENT_ID,
                                 "CTIE_LTI_AUTHORIZE_URL": f"{platform.url}/authorize",
                                 "CTIE_LTI_JWKS_URL": f"{platform.url}/jwks", "CTIE_HUB_HOMES": str(tmp_path / "homes")})
    (tmp_path / "hub").mkdir()
    try:
        hub.start()
        # A trainee: the platform's user id is the hub name, no admin rights; lands on the hub.
        trainee, r = launch(hub, platform, "learner-4711", [LEARNER])
        assert r.status_code == 302 and urlparse(r.headers["Location"]).path == "/hub/", (r.status_code, r.text[:300])
        me = whoami(hub, trainee)
        assert (me["name"], me["admin"]) == ("learner-4711", False)
        # A facilitator: Instructor in the platform's course -> hub admin.
        facilitator, r = launch(hub, platform, "teacher-12", [INSTRUCTOR, LEARNER])
        assert r.status_code == 302, r.text[:300]
        me = whoami(hub, facilitator)
        assert (me["name"], me["admin"]) == ("teacher-12", True)
        # The same person relaunched as a learner loses the admin role: the platform's role decides.
        again, r = launch(hub, platform, "teacher-12", [LEARNER])
        assert whoami(hub, again)["admin"] is False
        # A token signed by anyone but the platform is refused, and nobody is logged in.
        forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        forger, r = launch(hub, platform, "intruder", [INSTRUCTOR], key=forged_key)
        assert r.status_code in (400, 401), r.status_code
        assert forger.get(f"{hub.url}/hub/api/user", timeout=30).status_code == 403
        listing = requests.get(f"{hub.url}/hub/api/users", timeout=30,
                               headers={"Authorization": "token " + str(uuid.uuid4())})
        assert listing.status_code == 403
    finally:
        ports = hub.stop()
        platform.server.shutdown()
    assert ports == [], f"hub left ports open: {ports}"
