#!/usr/bin/env python3
"""Self-test of the fake tenant: every endpoint, both code families, every fault.

Starts fake_tenant.py as a subprocess on loopback and talks to it with
urllib / http.client / ssl, trusting only the CA it generated.
Run: python3 tests/fake_tenant/test_fake_tenant.py
"""

import http.client
import json
import os
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import tenant_policy  # noqa: E402  (for the users.json check)
import tenant_users  # noqa: E402

FAKE = os.path.join(HERE, "fake_tenant.py")
USERS = os.path.join(HERE, "users.json")
ALICE_ID = "20201028102749564-9082-DC8CD2722"
ODD_ID = "id with/slash?&%é"
SECRET = "test-secret"


def start_fake(state_dir, *extra):
    """(process, ready dict, stderr path) of a fake started with --state-dir state_dir."""
    os.makedirs(state_dir, exist_ok=True)
    err_path = os.path.join(state_dir, "stderr.log")
    err = open(err_path, "wb")
    proc = subprocess.Popen([sys.executable, FAKE, "--state-dir", state_dir, *extra],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
    err.close()
    ready, _, _ = select.select([proc.stdout], [], [], 15)
    if not ready:
        proc.kill()
        raise RuntimeError("fake tenant not ready within 15 s")
    line = proc.stdout.readline()
    if not line:
        proc.wait()
        with open(err_path, encoding="utf-8", errors="replace") as f:
            raise RuntimeError("fake tenant did not start:\n" + f.read())
    return proc, json.loads(line), err_path


def stop_fake(proc, timeout=10):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


class Client:
    """A tiny HTTPS client for one fake (urllib + the fake's CA)."""

    def __init__(self, ready):
        self.url = ready["url"]
        self.ctx = ssl.create_default_context(cafile=ready["ca_file"])

    def request(self, method, path, body=None, headers=None, url=None, timeout=10):
        """(status, headers, body bytes); never raises for HTTP statuses."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers = {"Content-Type": "application/json;charset=utf8", **(headers or {})}
        elif isinstance(body, str):
            body = body.encode()
        req = urllib.request.Request((url or self.url) + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, context=self.ctx, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.headers, e.read()

    def json(self, method, path, body=None, headers=None, expect=None):
        status, _, data = self.request(method, path, body, headers)
        if expect is not None and status != expect:
            raise AssertionError(f"{method} {path}: HTTP {status} (want {expect}): {data[:300]!r}")
        return status, json.loads(data)

    def token(self, client_id="test-client", secret=SECRET):
        form = urllib.parse.urlencode({"grant_type": "client_credentials",
                                       "client_id": client_id, "client_secret": secret})
        status, body = self.json("POST", "/api/v2/tenant/token", form,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        return status, body

    def bearer(self):
        status, body = self.token()
        assert status == 200, body
        return {"Authorization": "Bearer " + body["access_token"]}

    def control(self, method, path, body=None):
        status, data = self.json(method, "/_fake/" + path, body)
        assert status == 200, (status, data)
        return data


class FakeTenantTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="fake_tenant_test.")
        cls.state_dir = os.path.join(cls.tmp, "state")
        cls.proc, cls.ready, cls.stderr_path = None, None, None
        cls.proc, cls.ready, cls.stderr_path = start_fake(cls.state_dir)
        cls.c = Client(cls.ready)
        cls.used_passwords = set()

    @classmethod
    def tearDownClass(cls):
        if cls.proc is not None:
            rc = stop_fake(cls.proc)
            cls.proc.stdout.close()
            if rc != 0:
                with open(cls.stderr_path, encoding="utf-8", errors="replace") as f:
                    sys.stderr.write(f.read()[-4000:])
                raise AssertionError(f"fake tenant exited with {rc} on SIGTERM")
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.reset()

    def reset(self):
        """Restore the users; the reset also forgets every token: get a new one."""
        self.c.control("POST", "reset")
        self.auth = self.c.bearer()

    # -- helpers --

    def user_state(self, name):
        return self.c.control("GET", "users/" + urllib.parse.quote(name, safe=""))

    def lookup(self, name, headers=None):
        return self.c.json("POST", "/api/v2/tenant/users/user-by-username", {"user_name": name},
                           headers if headers is not None else self.auth)

    def verify(self, user_id, old, new):
        self.used_passwords.update(p for p in (old, new) if p)
        path = f"/api/v2/tenant/users/{urllib.parse.quote(user_id, safe='')}/change-password-verify"
        return self.c.json("PUT", path, {"password": new, "old_password": old}, self.auth)

    def admin(self, user_id, new, **flags):
        self.used_passwords.add(new)
        path = f"/api/v2/tenant/users/{urllib.parse.quote(user_id, safe='')}/change-password"
        return self.c.json("PUT", path, {"password": new, **flags}, self.auth)

    def login(self, name, password, headers=None, drop=(), client_id="test-client"):
        """(status, body) of a login with every mandatory header unless named in `drop`."""
        self.used_passwords.add(password)
        sent = {"X-client-id": client_id, "X-operating-sys-version": "Linux 6.1.0",
                "X-device-fingerprint": "0123456789abcdef0123456789abcdef",
                "X-agent": "pam_idaas/test", **(headers or {})}
        for name_ in drop:
            sent.pop(name_)
        return self.c.json("POST", "/api/v2/sdk/login", {"user_name": name, "password": password},
                           sent)

    def fault(self, endpoint, fault, **extra):
        return self.c.control("POST", "fault", {"endpoint": endpoint, "fault": fault, **extra})

    def assert_business(self, result, code, msg_part=None):
        status, body = result
        self.assertEqual(status, 400, body)
        self.assertEqual(body["error_code"], code, body)
        if msg_part is not None:
            self.assertIn(msg_part, body["error_msg"])
        self.assertNotIn("{0}", body["error_msg"])
        self.assertNotIn("{1}", body["error_msg"])

    # -- start-up, TLS --

    def test_ready_line_and_files(self):
        r = self.ready
        self.assertEqual(set(r), {"url", "wrong_host_url", "ca_file", "pid"})
        self.assertRegex(r["url"], r"^https://127\.0\.0\.1:\d+$")
        self.assertRegex(r["wrong_host_url"], r"^https://127\.0\.0\.1:\d+$")
        self.assertNotEqual(r["url"], r["wrong_host_url"])
        self.assertEqual(r["pid"], self.proc.pid)
        self.assertEqual(r["ca_file"], os.path.join(self.state_dir, "ca.pem"))
        with open(os.path.join(self.state_dir, "ready.json")) as f:
            self.assertEqual(json.load(f), r)
        for key in ("server.key", "wrong.key"):
            mode = os.stat(os.path.join(self.state_dir, key)).st_mode & 0o777
            self.assertEqual(mode, 0o600, key)

    def tls_connect(self, url, server_hostname, check_hostname=True):
        ctx = ssl.create_default_context(cafile=self.ready["ca_file"])
        ctx.check_hostname = check_hostname
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with ctx.wrap_socket(raw, server_hostname=server_hostname) as s:
                return s.getpeercert()

    def test_good_certificate_names(self):
        self.tls_connect(self.ready["url"], "127.0.0.1")
        self.tls_connect(self.ready["url"], "localhost")
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.tls_connect(self.ready["url"], "wrong.example")

    def test_wrong_host_port_fails_hostname_verification(self):
        with self.assertRaises(urllib.error.URLError) as cm:
            self.c.request("POST", "/api/v2/tenant/token", "", url=self.ready["wrong_host_url"])
        self.assertIsInstance(cm.exception.reason, ssl.SSLCertVerificationError)
        self.assertIn("mismatch", str(cm.exception.reason).lower())
        # Same CA, same handler and state: only the name is wrong.
        self.tls_connect(self.ready["wrong_host_url"], "wrong.example")
        cert = self.tls_connect(self.ready["wrong_host_url"], "127.0.0.1", check_hostname=False)
        self.assertIsNotNone(cert)

    def test_keep_alive(self):
        port = int(self.ready["url"].rsplit(":", 1)[1])
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=self.c.ctx, timeout=5)
        try:
            conn.request("POST", "/api/v2/tenant/token",
                         "grant_type=client_credentials&client_id=test-client&client_secret="
                         + SECRET, {"Content-Type": "application/x-www-form-urlencoded"})
            r = conn.getresponse()
            token = json.loads(r.read())["access_token"]
            sock = conn.sock
            headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
            for name, want in (("alice", 200), ("nobody", 400), ("bob", 200)):
                conn.request("POST", "/api/v2/tenant/users/user-by-username",
                             json.dumps({"user_name": name}), headers)
                r = conn.getresponse()
                r.read()
                self.assertEqual(r.status, want)
                self.assertIs(conn.sock, sock, "the connection was not reused")
        finally:
            conn.close()

    # -- token --

    def test_token(self):
        status, body = self.c.token()
        self.assertEqual(status, 200, body)
        self.assertEqual(body["token_type"], "Bearer")
        self.assertEqual(body["expires_in"], 1800)
        self.assertIsInstance(body["access_token"], str)
        self.assertIsInstance(body["scope"], str)
        self.assertIsInstance(body["id_token"], str)
        first = {"Authorization": "Bearer " + body["access_token"]}
        _, second = self.c.token()
        self.assertNotEqual(second["access_token"], body["access_token"])
        self.assertEqual(self.lookup("alice", first)[0], 200, "a new token revoked the old one")

    def test_token_bad_credentials(self):
        for cid, secret in (("test-client", "wrong"), ("other", SECRET), ("test-client", "")):
            status, body = self.c.token(cid, secret)
            self.assertEqual(status, 401)
            self.assertEqual(body["error"], "invalid_client")
        status, body = self.c.json("POST", "/api/v2/tenant/token", "grant_type=client_credentials",
                                   {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 401)

    def test_token_bad_grant_and_content_type(self):
        form = f"grant_type=password&client_id=test-client&client_secret={SECRET}"
        status, body = self.c.json("POST", "/api/v2/tenant/token", form,
                                   {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn("error_code", body)
        self.assertIn("error_msg", body)
        status, body = self.c.json("POST", "/api/v2/tenant/token",
                                   {"grant_type": "client_credentials", "client_id": "test-client",
                                    "client_secret": SECRET})
        self.assertEqual(status, 400)
        self.assertEqual(body["error_code"], "IDAAS.TENANT.REQUEST.0002")

    def test_expire_tokens(self):
        self.assertEqual(self.lookup("alice")[0], 200)
        self.c.control("POST", "expire-tokens")
        status, body = self.lookup("alice")
        self.assertEqual(status, 401)
        self.assertEqual(body["error"], "invalid_token")
        self.auth = self.c.bearer()
        self.assertEqual(self.lookup("alice")[0], 200)

    # -- lookup --

    def test_lookup(self):
        status, rec = self.lookup("alice")
        self.assertEqual(status, 200)
        self.assertEqual(rec["user_id"], ALICE_ID)
        self.assertEqual(rec["user_name"], "alice")
        self.assertEqual(rec["name"], "Alice Smith")
        self.assertIs(rec["pwd_must_modify"], False)
        self.assertIs(rec["disabled"], False)
        self.assertIs(rec["locked"], False)
        self.assertRegex(rec["pwd_change_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertNotIn("password", rec)
        self.assertNotIn("history", rec)
        _, z = self.lookup("zhangsan")
        self.assertEqual((z["name"], z["mobile"], z["email"]),
                         ("张三", "+86 13800138000", "zhang.san@example.com"))
        self.assertRegex(z["user_id"], r"^\d{17}-\d{4}-[0-9A-F]{9}$")
        self.assertIs(self.lookup("bob")[1]["pwd_must_modify"], True)
        self.assertIs(self.lookup("carol")[1]["disabled"], True)
        dave = self.lookup("dave")[1]
        self.assertIs(dave["locked"], True)
        self.assertIsNone(dave["mobile"])
        self.assertIsNone(dave["email"])
        self.assertEqual(self.lookup("odd")[1]["user_id"], ODD_ID)

    def test_lookup_errors(self):
        self.assert_business(self.lookup("nobody"), "IDAAS.TENANT.USER.0001", "User not found")
        for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eDp5"}):
            status, body = self.lookup("alice", headers)
            self.assertEqual(status, 401)
            self.assertIn("error", body)
        status, body = self.c.json("POST", "/api/v2/tenant/users/user-by-username",
                                   '{"user_name": "alice"}',
                                   {**self.auth, "Content-Type": "text/plain"})
        self.assert_business((status, body), "IDAAS.TENANT.REQUEST.0002")

    # -- self-service change (verify family) --

    def test_verify_change_success(self):
        bob = self.user_state("bob")
        self.assertIs(bob["pwd_must_modify"], True)
        status, body = self.verify(bob["user_id"], "Initial#Set42", "Autumn-Leaf-91")
        self.assertEqual((status, body), (200, {"user_id": bob["user_id"]}))
        after = self.user_state("bob")
        self.assertEqual(after["password"], "Autumn-Leaf-91")
        self.assertIs(after["pwd_must_modify"], False)
        self.assertEqual(after["history"][-2:], ["Initial#Set42", "Autumn-Leaf-91"])
        self.assertNotEqual(after["pwd_change_at"], bob["pwd_change_at"])
        self.assertIs(self.lookup("bob")[1]["pwd_must_modify"], False)
        # Two changes within one second get different, increasing timestamps.
        status, _ = self.verify(bob["user_id"], "Autumn-Leaf-91", "Winter-Fern-92")
        self.assertEqual(status, 200)
        third = self.user_state("bob")
        self.assertGreater(third["pwd_change_at"], after["pwd_change_at"])
        # The old password no longer works.
        self.assert_business(self.verify(bob["user_id"], "Initial#Set42", "Spring-Moss-93"),
                             "PWD.0014")

    def test_verify_error_codes(self):
        z = self.user_state("zhangsan")["user_id"]
        cases = [
            (ALICE_ID, "Lantern#4821", "Lantern#4822", "nobody-id", "USER.0001", None),
            (ALICE_ID, "Lantern#4821", "", None, "PWD.0001", "empty"),
            (ALICE_ID, "", "Good#Pass-51", None, "PWD.0011", None),
            (ALICE_ID, "wrong-old", "Good#Pass-51", None, "PWD.0014", None),
            (ALICE_ID, "wrong-old", "x", None, "PWD.0014", None),  # old checked before policy
            (ALICE_ID, "Lantern#4821", "Ab1#", None, "PWD.0002", "8~32"),
            (ALICE_ID, "Lantern#4821", "Ab1#" * 9, None, "PWD.0002", "8~32"),
            (z, "Qing-Tian-2024", "ZhangSan", None, "PWD.0003", None),
            (z, "Qing-Tian-2024", "nasgnahz", None, "PWD.0004", None),
            (ALICE_ID, "Lantern#4821", "abcdefgh1", None, "PWD.0005",
             "uppercase letters, special characters"),
            (ALICE_ID, "Lantern#4821", "P@ssw0rd", None, "PWD.0006", None),
            (ALICE_ID, "Lantern#4821", "Lantern#4821", None, "PWD.0007", None),
            (ALICE_ID, "Lantern#4821", "Harbor!7735Kq", None, "PWD.0007", None),
            (ALICE_ID, "Lantern#4821", "Abcd1111x", None, "PWD.0008", "exceed 3"),
            (ALICE_ID, "Lantern#4821", "xALICE#2024", None, "PWD.0009", None),
            (ALICE_ID, "Lantern#4821", "Smith#2024x", None, "PWD.0009", None),
            (ALICE_ID, "Lantern#4821", "Xy#12025550143", None, "PWD.0009", None),
            (ALICE_ID, "Lantern#4821", "Alice.Smith#9", None, "PWD.0009", None),
            (z, "Qing-Tian-2024", "Zs#13800138000", None, "PWD.0009", None),
            (z, "Qing-Tian-2024", "Zs#8613800138000", None, "PWD.0009", None),
            (z, "Qing-Tian-2024", "zhang.san#X1", None, "PWD.0009", None),
            # Several rules broken: only the first is reported.
            (ALICE_ID, "Lantern#4821", "aaaa", None, "PWD.0002", None),
            (ALICE_ID, "Lantern#4821", "aaaaalice", None, "PWD.0005", None),
        ]
        for user_id, old, new, override, code, part in cases:
            with self.subTest(new=new, code=code):
                self.assert_business(self.verify(override or user_id, old, new), code, part)
        self.assertEqual(self.user_state("alice")["password"], "Lantern#4821")
        # A password the fake accepts is accepted (and "aAaA" is not a repeat).
        self.assertEqual(self.verify(ALICE_ID, "Lantern#4821", "aAaA#aAaA1")[0], 200)

    def test_missing_old_password_field(self):
        path = f"/api/v2/tenant/users/{ALICE_ID}/change-password-verify"
        self.assert_business(self.c.json("PUT", path, {"password": "Good#Pass-51"}, self.auth),
                             "PWD.0011")

    # -- administrator reset (IDAAS.TENANT family) --

    def test_admin_error_codes(self):
        z = self.user_state("zhangsan")["user_id"]
        cases = [
            ("nobody-id", "Good#Pass-51", "IDAAS.TENANT.USER.0001", "User not found"),
            (ALICE_ID, "", "IDAAS.TENANT.PWD.0007", "8 to 32"),
            (ALICE_ID, "Ab1#", "IDAAS.TENANT.PWD.0007", "8 to 32"),
            (z, "ZHANGSAN", "IDAAS.TENANT.PWD.0003", None),
            (z, "nasgnahz", "IDAAS.TENANT.PWD.0002", None),
            (ALICE_ID, "ABCDEFGH1", "IDAAS.TENANT.PWD.0004", "lowercase letters, special"),
            (ALICE_ID, "Welcome1!", "IDAAS.TENANT.PWD.0005", None),
            (ALICE_ID, "Meadow$2290", "IDAAS.TENANT.PWD.0001", None),
            (ALICE_ID, "Lantern#4821", "IDAAS.TENANT.PWD.0001", None),
            (ALICE_ID, "Zzzzz#12345", "IDAAS.TENANT.PWD.0006", "exceed 3"),
            (ALICE_ID, "My-alice-99", "IDAAS.TENANT.PWD.0003", None),
        ]
        for user_id, new, code, part in cases:
            with self.subTest(new=new, code=code):
                self.assert_business(self.admin(user_id, new), code, part)
        self.assertEqual(self.user_state("alice")["password"], "Lantern#4821")

    def test_admin_reset_sets_must_modify(self):
        for flags, want in (({}, True), ({"must_modify": False}, False),
                            ({"must_modify": True}, True), ({"pwd_must_modify": False}, False),
                            ({"pwd_must_modify": True}, True)):
            with self.subTest(flags=flags):
                self.reset()
                before = self.user_state("alice")
                status, body = self.admin(ALICE_ID, "Reset#Value-77", **flags)
                self.assertEqual((status, body), (200, {"user_id": ALICE_ID}))
                after = self.user_state("alice")
                self.assertIs(after["pwd_must_modify"], want)
                self.assertEqual(after["password"], "Reset#Value-77")
                self.assertEqual(after["history"][-1], "Reset#Value-77")
                self.assertNotEqual(after["pwd_change_at"], before["pwd_change_at"])
                self.assertIs(self.lookup("alice")[1]["pwd_must_modify"], want)
        status, body = self.admin(ALICE_ID, "Reset#Value-78", must_modify="no")
        self.assert_business((status, body), "IDAAS.TENANT.REQUEST.0001")

    def test_history_keeps_five(self):
        # alice: 2 old + current; after 3 resets the two oldest are forgotten.
        for i in range(3):
            self.assertEqual(self.admin(ALICE_ID, f"Rotate#Pw-{i}0")[0], 200)
        hist = self.user_state("alice")["history"]
        self.assertEqual(len(hist), 5)
        self.assertNotIn("Harbor!7735Kq", hist)
        self.assertEqual(self.admin(ALICE_ID, "Harbor!7735Kq")[0], 200)
        self.assert_business(self.admin(ALICE_ID, "Lantern#4821"), "IDAAS.TENANT.PWD.0001")

    def test_change_endpoints_need_token_and_json(self):
        for suffix in ("change-password", "change-password-verify"):
            path = f"/api/v2/tenant/users/{ALICE_ID}/{suffix}"
            body = {"password": "Good#Pass-51", "old_password": "Lantern#4821"}
            status, _ = self.c.json("PUT", path, body)
            self.assertEqual(status, 401)
            status, _ = self.c.json("PUT", path, body, {"Authorization": "Bearer expired-or-not"})
            self.assertEqual(status, 401)
            status, resp = self.c.json("PUT", path, json.dumps(body),
                                       {**self.auth, "Content-Type": "text/plain"})
            self.assert_business((status, resp), "IDAAS.TENANT.REQUEST.0002")
            status, resp = self.c.json("POST", path, body, self.auth)
            self.assertEqual(status, 405)
        self.assertEqual(self.user_state("alice")["password"], "Lantern#4821")

    # -- user ids that need percent-encoding --

    def test_percent_encoded_user_id(self):
        status, body = self.verify(ODD_ID, "Spiral%Moon88", "Comet^Trail55")
        self.assertEqual((status, body), (200, {"user_id": ODD_ID}))
        status, body = self.admin(ODD_ID, "Nebula~Glow66", must_modify=False)
        self.assertEqual((status, body), (200, {"user_id": ODD_ID}))
        self.assertEqual(self.user_state("odd")["password"], "Nebula~Glow66")
        log = self.c.control("GET", "requests")
        paths = [e["path"] for e in log if e["method"] == "PUT"]
        self.assertIn("/api/v2/tenant/users/id%20with%2Fslash%3F%26%25%C3%A9/change-password",
                      paths)
        # Unencoded "/" splits the path: no such endpoint.
        status, _ = self.c.json("PUT", "/api/v2/tenant/users/id%20with/slash/change-password",
                                {"password": "Nebula~Glow67"}, self.auth)
        self.assertEqual(status, 404)

    # -- control API --

    def test_request_log(self):
        self.c.control("DELETE", "requests")
        self.lookup("alice")
        self.verify(ALICE_ID, "Lantern#4821", "Velvet*Road-28")
        log = self.c.control("GET", "requests")
        self.assertEqual([e["endpoint"] for e in log], ["user", "verify"])
        lookup, change = log
        self.assertEqual(lookup["method"], "POST")
        self.assertEqual(lookup["path"], "/api/v2/tenant/users/user-by-username")
        self.assertEqual(lookup["query"], "")
        self.assertTrue(lookup["content_type"].startswith("application/json"))
        self.assertTrue(lookup["authorization_present"])
        self.assertEqual(json.loads(lookup["body"]), {"user_name": "alice"})
        self.assertEqual(json.loads(change["body"]),
                         {"password": "Velvet*Road-28", "old_password": "Lantern#4821"})
        for entry in log:
            for secret in ("Velvet*Road-28", "Lantern#4821"):
                self.assertNotIn(secret, entry["path"] + entry["query"])
                self.assertNotIn(secret, json.dumps(entry["headers"]))
        self.c.control("DELETE", "requests")
        self.assertEqual(self.c.control("GET", "requests"), [])

    # -- the user's login --

    def test_login_session_and_state_tokens(self):
        status, body = self.login("alice", "Lantern#4821")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["status"], "success")
        self.assertEqual(body["expire"], 7200)
        self.assertTrue(body["session_token"] and body["id_token"])
        self.assertNotIn("state_token", body)
        status, body = self.login("bob", "Initial#Set42")  # pwd_must_modify
        self.assertEqual(status, 200, body)
        self.assertTrue(body["state_token"])
        self.assertNotIn("session_token", body)

    def test_login_needs_no_token_but_every_header(self):
        for header in ("X-client-id", "X-operating-sys-version", "X-device-fingerprint",
                       "X-agent"):
            self.assert_business(self.login("alice", "Lantern#4821", drop=(header,)),
                                 "LOGIN.0005", "Missing header: " + header)
        self.assert_business(self.login("alice", "Lantern#4821", {"X-agent": " "}), "LOGIN.0005")
        self.assert_business(self.login("alice", "Lantern#4821", client_id="nobody"),
                             "LOGIN.0001")
        status, body = self.login("alice", "Lantern#4821",
                                  {"X-device-ip": "192.0.2.7", "X-L": "zh"})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.user_state("alice")["locked"], False)

    def test_login_wrong_password_counts_to_a_lock(self):
        for remaining in (4, 3, 2, 1, 0):
            self.assert_business(self.login("alice", "Wrong#Pass123"), "LOGIN.0002",
                                 f"Invalid account name or password. Remaining attempts: "
                                 f"{remaining}.")
        self.assertTrue(self.user_state("alice")["locked"])
        _, rec = self.lookup("alice")
        self.assertTrue(rec["locked"])
        # the right password does not help a locked account
        self.assert_business(self.login("alice", "Lantern#4821"), "LOGIN.0003",
                             "The account is locked.")
        self.c.control("DELETE", "login-failures")
        self.assertFalse(self.user_state("alice")["locked"])
        self.assertEqual(self.login("alice", "Lantern#4821")[0], 200)

    def test_login_success_resets_the_counter(self):
        for _ in range(4):
            self.assert_business(self.login("alice", "Wrong#Pass123"), "LOGIN.0002")
        self.assertEqual(self.login("alice", "Lantern#4821")[0], 200)
        self.assert_business(self.login("alice", "Wrong#Pass123"), "LOGIN.0002",
                             "Remaining attempts: 4.")

    def test_login_unknown_disabled_locked(self):
        self.assert_business(self.login("nobody", "Lantern#4821"), "LOGIN.0002",
                             "Invalid account name or password. Remaining attempts: 4.")
        self.assert_business(self.login("carol", "Crimson&Fox19"), "LOGIN.0004",
                             "The account is disabled.")
        self.assert_business(self.login("dave", "Granite+Owl73"), "LOGIN.0003",
                             "The account is locked.")
        # dave's lock is the users file's, not the counter's: it stays
        self.c.control("DELETE", "login-failures")
        self.assertTrue(self.user_state("dave")["locked"])

    def test_login_bad_bodies(self):
        status, _, _ = self.c.request("POST", "/api/v2/sdk/login", b"user_name=alice",
                                      {"X-client-id": "test-client", "X-agent": "a",
                                       "X-operating-sys-version": "Linux",
                                       "X-device-fingerprint": "f",
                                       "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        status, body = self.c.json("POST", "/api/v2/sdk/login", {"user_name": "alice",
                                                                "password": 7},
                                   {"X-client-id": "test-client", "X-agent": "a",
                                    "X-operating-sys-version": "Linux",
                                    "X-device-fingerprint": "f"})
        self.assertEqual((status, body["error_code"]), (400, "IDAAS.TENANT.REQUEST.0001"))
        self.assertEqual(self.c.request("GET", "/api/v2/sdk/login")[0], 405)

    def test_login_request_log_keeps_no_password(self):
        self.c.control("DELETE", "requests")
        self.login("alice", "Lantern#4821", {"X-device-ip": "192.0.2.7"})
        self.login("alice", "Wrong#Pass123")
        log = self.c.control("GET", "requests")
        self.assertEqual([e["endpoint"] for e in log], ["login", "login"])
        for entry in log:
            self.assertEqual(entry["user_name"], "alice")
            self.assertTrue(entry["password_sent"])
            self.assertEqual(json.loads(entry["body"]), {"user_name": "alice", "password": "***"})
            self.assertFalse(entry["authorization_present"])
            self.assertNotIn("Lantern#4821", json.dumps(entry))
            self.assertNotIn("Wrong#Pass123", json.dumps(entry))
        headers = {k.lower(): v for k, v in log[0]["headers"]}
        self.assertEqual(headers["x-device-ip"], "192.0.2.7")
        self.assertEqual(headers["x-client-id"], "test-client")

    def test_login_faults(self):
        self.fault("login", "500")
        self.assertEqual(self.login("alice", "Lantern#4821")[0], 500)
        self.fault("login", "wrongtypes")
        status, body = self.login("alice", "Lantern#4821")
        self.assertEqual(status, 200)
        self.assertIsInstance(body["session_token"], int)
        self.fault("login", "reset_before")
        with self.assertRaises((ConnectionError, http.client.HTTPException, OSError)):
            self.login("alice", "Wrong#Pass123")
        # nothing was counted: the next failure still has 4 attempts left
        self.assert_business(self.login("alice", "Wrong#Pass123"), "LOGIN.0002",
                             "Remaining attempts: 4.")

    def test_portal_change(self):
        before = self.user_state("bob")
        changed = self.c.control("POST", "portal-change",
                                 {"user_name": "bob", "password": "Portal#Set-77"})
        self.used_passwords.add("Portal#Set-77")
        after = self.user_state("bob")
        self.assertEqual(changed["pwd_change_at"], after["pwd_change_at"])
        self.assertGreater(after["pwd_change_at"], before["pwd_change_at"])
        self.assertEqual(after["password"], "Portal#Set-77")
        self.assertEqual(after["history"][-2:], ["Initial#Set42", "Portal#Set-77"])
        self.assertFalse(after["pwd_must_modify"])
        self.assert_business(self.login("bob", "Initial#Set42"), "LOGIN.0002")
        status, body = self.login("bob", "Portal#Set-77")
        self.assertEqual(status, 200)
        self.assertIn("session_token", body)
        status, _ = self.c.json("POST", "/_fake/portal-change",
                                {"user_name": "nobody", "password": "Portal#Set-77"})
        self.assertEqual(status, 404)
        status, _ = self.c.json("POST", "/_fake/portal-change", {"user_name": "bob"})
        self.assertEqual(status, 400)

    def test_add_user_and_reset(self):
        added = self.c.control("POST", "users", {"user_name": "erin", "password": "Opal!River42",
                                                 "name": "Erin Walsh", "pwd_must_modify": True})
        self.assertRegex(added["user_id"], r"^\d{17}-\d{4}-[0-9A-F]{9}$")
        status, rec = self.lookup("erin")
        self.assertEqual(status, 200)
        self.assertIs(rec["pwd_must_modify"], True)
        self.assert_business(self.verify(added["user_id"], "Opal!River42", "Walsh#Home-12"),
                             "PWD.0009")
        replaced = self.c.control("POST", "users", {"user_name": "alice", "user_id": ALICE_ID,
                                                    "password": "Fresh#Start9"})
        self.assertEqual(replaced["history"], ["Fresh#Start9"])
        status, body = self.c.json("POST", "/_fake/users", {"user_name": "x", "password": 5})
        self.assertEqual(status, 400)
        status, body = self.c.json("POST", "/_fake/users",
                                   {"user_name": "y", "password": "a", "user_id": ALICE_ID})
        self.assertEqual(status, 409)
        self.reset()
        self.assertEqual(self.lookup("erin")[0], 400)
        self.assertEqual(self.user_state("alice")["password"], "Lantern#4821")
        status, _ = self.c.json("GET", "/_fake/users/nobody")
        self.assertEqual(status, 404)

    # -- faults --

    def test_fault_statuses(self):
        for endpoint, fault, want in (("token", "500", 500), ("user", "401", 401),
                                      ("user", "403", 403), ("user", "404", 404),
                                      ("token", "401", 401)):
            with self.subTest(fault=fault):
                self.fault(endpoint, fault)
                if endpoint == "token":
                    status, body = self.c.token()
                else:
                    status, body = self.lookup("alice")
                self.assertEqual(status, want, body)
        self.assertEqual(self.lookup("alice")[0], 200, "one fault, one request")

    def test_fault_429_retry_after(self):
        self.fault("verify", "429", seconds=2)
        status, headers, _ = self.c.request(
            "PUT", f"/api/v2/tenant/users/{ALICE_ID}/change-password-verify",
            {"password": "Good#Pass-51", "old_password": "Lantern#4821"}, self.auth)
        self.assertEqual(status, 429)
        self.assertEqual(headers["Retry-After"], "2")
        self.assertEqual(self.user_state("alice")["password"], "Lantern#4821")
        self.fault("user", "429")
        status, headers, _ = self.c.request("POST", "/api/v2/tenant/users/user-by-username",
                                            {"user_name": "alice"}, self.auth)
        self.assertEqual((status, headers["Retry-After"]), (429, "1"))

    def test_fault_html_bodies(self):
        self.fault("user", "html")
        status, headers, body = self.c.request("POST", "/api/v2/tenant/users/user-by-username",
                                               {"user_name": "alice"}, self.auth)
        self.assertEqual(status, 502)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertIn(b"<html>", body)
        self.fault("change", "html200")
        status, headers, body = self.c.request(
            "PUT", f"/api/v2/tenant/users/{ALICE_ID}/change-password",
            {"password": "Good#Pass-51"}, self.auth)
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertEqual(self.user_state("alice")["password"], "Lantern#4821")

    def test_fault_malformed_and_wrong_types(self):
        self.fault("token", "malformed")
        status, _, body = self.c.request("POST", "/api/v2/tenant/token",
                                         "grant_type=client_credentials&client_id=test-client"
                                         "&client_secret=" + SECRET,
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200)
        with self.assertRaises(ValueError):
            json.loads(body)
        self.fault("token", "wrongtypes")
        status, body = self.c.token()
        self.assertEqual(status, 200)
        self.assertIsInstance(body["expires_in"], str)
        self.assertNotIsInstance(body["access_token"], str)
        self.fault("user", "wrongtypes")
        status, body = self.lookup("alice")
        self.assertEqual(status, 200)
        self.assertIsInstance(body["user_id"], int)
        self.fault("verify", "wrongtypes")
        status, body = self.verify(ALICE_ID, "Lantern#4821", "Good#Pass-51")
        self.assertIsInstance(body["user_id"], int)

    def test_fault_slow(self):
        self.fault("user", "slow", seconds=1)
        t0 = time.monotonic()
        status, body = self.lookup("alice")
        self.assertGreaterEqual(time.monotonic() - t0, 1.0)
        self.assertEqual((status, body["user_name"]), (200, "alice"))

    def test_fault_reset_applies_the_change(self):
        self.fault("verify", "reset")
        with self.assertRaises((OSError, http.client.HTTPException)):
            self.verify(ALICE_ID, "Lantern#4821", "Lost#Answer-31")
        self.assertEqual(self.user_state("alice")["password"], "Lost#Answer-31")
        self.fault("change", "reset")
        with self.assertRaises((OSError, http.client.HTTPException)):
            self.admin(ALICE_ID, "Lost#Answer-32", must_modify=True)
        state = self.user_state("alice")
        self.assertEqual(state["password"], "Lost#Answer-32")
        self.assertIs(state["pwd_must_modify"], True)

    def test_fault_reset_samestamp_keeps_the_stamp(self):
        before = self.user_state("alice")["pwd_change_at"]
        self.fault("verify", "reset_samestamp")
        with self.assertRaises((OSError, http.client.HTTPException)):
            self.verify(ALICE_ID, "Lantern#4821", "Same#Second-34")
        state = self.user_state("alice")
        self.assertEqual((state["password"], state["pwd_change_at"]), ("Same#Second-34", before))
        status, body = self.c.json("POST", "/_fake/fault",
                                   {"endpoint": "user", "fault": "reset_samestamp"})
        self.assertEqual(status, 400, body)

    def test_fault_otheruser_answers_with_bob(self):
        self.fault("user", "otheruser")
        status, body = self.lookup("alice")
        self.assertEqual((status, body["user_name"]), (200, "bob"))
        self.assertEqual(self.lookup("alice")[1]["user_name"], "alice", "one fault, one request")
        status, body = self.c.json("POST", "/_fake/fault",
                                   {"endpoint": "token", "fault": "otheruser"})
        self.assertEqual(status, 400, body)

    def test_fault_reset_before_does_not_apply(self):
        self.fault("change", "reset_before")
        with self.assertRaises((OSError, http.client.HTTPException)):
            self.admin(ALICE_ID, "Never#Applied-33")
        self.assertEqual(self.user_state("alice")["password"], "Lantern#4821")
        self.fault("token", "reset_before")
        with self.assertRaises((OSError, http.client.HTTPException)):
            self.c.token()
        self.assertEqual(self.c.token()[0], 200)

    def test_fault_huge(self):
        self.fault("user", "huge")
        port = int(self.ready["url"].rsplit(":", 1)[1])
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=self.c.ctx, timeout=10)
        try:
            conn.request("POST", "/api/v2/tenant/users/user-by-username",
                         json.dumps({"user_name": "alice"}),
                         {**self.auth, "Content-Type": "application/json"})
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            self.assertGreaterEqual(int(r.headers["Content-Length"]), 64 << 20)
            total = 0
            while True:
                chunk = r.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
            self.assertGreaterEqual(total, 64 << 20)
        finally:
            conn.close()

    def test_fault_queue_count_none_and_any(self):
        self.fault("user", "none")
        self.fault("user", "500", count=2)
        self.assertEqual([self.lookup("alice")[0] for _ in range(4)], [200, 500, 500, 200])
        self.fault("any", "404", count=-1)
        self.assertEqual(self.c.token()[0], 404)
        self.assertEqual(self.lookup("alice")[0], 404)
        self.assertEqual(self.lookup("alice")[0], 404)
        queues = self.c.control("GET", "fault")
        self.assertEqual(queues["any"][0]["count"], -1)
        self.c.control("DELETE", "fault")
        self.assertEqual(self.lookup("alice")[0], 200)
        # Control requests are never faulted.
        self.fault("any", "500", count=-1)
        self.c.control("GET", "requests")
        self.reset()
        self.assertEqual(self.lookup("alice")[0], 200)

    def test_fault_validation(self):
        for body in ({"endpoint": "user", "fault": "explode"},
                     {"endpoint": "nowhere", "fault": "500"},
                     {"endpoint": "user", "fault": "500", "count": 0},
                     {"endpoint": "user", "fault": "slow", "seconds": "1"}):
            status, _ = self.c.json("POST", "/_fake/fault", body)
            self.assertEqual(status, 400, body)

    # -- robustness --

    def test_bad_bodies(self):
        lookup = "/api/v2/tenant/users/user-by-username"
        json_headers = {**self.auth, "Content-Type": "application/json"}
        for raw in ('{"user_name": ', "[1, 2]", "\xff\xfe", '{"user_name": 5}'):
            with self.subTest(raw=raw):
                data = raw.encode("latin-1") if raw.startswith("\xff") else raw
                status, body = self.c.json("POST", lookup, data, json_headers)
                self.assert_business((status, body), "IDAAS.TENANT.REQUEST.0001")
        status, body = self.c.json("PUT", f"/api/v2/tenant/users/{ALICE_ID}/change-password",
                                   {"password": 12345678}, self.auth)
        self.assert_business((status, body), "IDAAS.TENANT.REQUEST.0001")
        status, body = self.c.json("POST", lookup, b"{" + b" " * (1 << 20) + b"}", json_headers)
        self.assertEqual(status, 413)
        self.assertEqual(body["error_code"], "IDAAS.TENANT.REQUEST.0003")
        self.assertEqual(self.lookup("alice")[0], 200)

    def raw_exchange(self, data):
        port = int(self.ready["url"].rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with self.c.ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
                s.sendall(data)
                out = b""
                while True:
                    try:
                        chunk = s.recv(65536)
                    except (ssl.SSLError, ConnectionError):
                        break
                    if not chunk:
                        break
                    out += chunk
                return out

    def test_garbage_and_framing(self):
        self.raw_exchange(b"\x00\x01garbage\r\n\r\n")  # an HTTP/0.9-style error, or nothing
        self.assertTrue(self.raw_exchange(b"\x00\x01 / HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 5"))
        resp = self.raw_exchange(b"POST /api/v2/tenant/token HTTP/1.1\r\nHost: x\r\n"
                                 b"Content-Length: 99999999999\r\nConnection: close\r\n\r\n")
        self.assertTrue(resp.startswith(b"HTTP/1.1 413"), resp[:100])
        resp = self.raw_exchange(b"POST /api/v2/tenant/token HTTP/1.1\r\nHost: x\r\n"
                                 b"Content-Length: abc\r\nConnection: close\r\n\r\n")
        self.assertTrue(resp.startswith(b"HTTP/1.1 400"), resp[:100])
        form = f"grant_type=client_credentials&client_id=test-client&client_secret={SECRET}"
        chunked = (b"POST /api/v2/tenant/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"Content-Type: application/x-www-form-urlencoded\r\n"
                   b"Transfer-Encoding: chunked\r\n\r\n"
                   + b"%x\r\n%s\r\n0\r\n\r\n" % (len(form), form.encode()))
        resp = self.raw_exchange(chunked)
        self.assertTrue(resp.startswith(b"HTTP/1.1 200"), resp[:100])
        resp = self.raw_exchange(b"PUT /api/v2/tenant/users/%ff%fe/change-password HTTP/1.1\r\n"
                                 b"Host: x\r\nConnection: close\r\nAuthorization: "
                                 + self.auth["Authorization"].encode()
                                 + b"\r\nContent-Type: application/json\r\n"
                                   b"Content-Length: 2\r\n\r\n{}")
        self.assertIn(b"IDAAS.TENANT.USER.0001", resp)
        self.assertEqual(self.lookup("alice")[0], 200, "the server survived")

    def test_users_json(self):
        users = {u["user_name"]: u for u in tenant_users.load_users(USERS)}
        self.assertTrue({"alice", "zhangsan", "bob", "carol", "odd"} <= set(users))
        self.assertEqual(users["alice"]["name"], "Alice Smith")
        self.assertEqual(users["zhangsan"]["name"], "张三")
        self.assertEqual(users["zhangsan"]["mobile"], "+86 13800138000")
        self.assertEqual(users["zhangsan"]["email"], "zhang.san@example.com")
        self.assertIs(users["bob"]["pwd_must_modify"], True)
        self.assertIs(users["carol"]["disabled"], True)
        self.assertEqual(users["odd"]["user_id"], ODD_ID)
        for name, user in users.items():
            with self.subTest(user=name):
                self.assertIsNone(tenant_policy.policy_violation(user, user["password"],
                                                                 check_history=False))

    def test_zz_nothing_secret_on_stderr(self):
        # Runs last (alphabetical order): everything above has been logged by now.
        time.sleep(0.2)
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
        self.assertIn("/api/v2/tenant/token", log)
        for secret in {SECRET, *(p for p in self.used_passwords if len(p) >= 6)}:
            self.assertNotIn(secret, log)
        for user in tenant_users.load_users(USERS):
            for p in user["history"]:
                self.assertNotIn(p, log)


class SecondInstanceTest(unittest.TestCase):
    """Options, real token expiry, a users file of one's own, clean exit on SIGTERM."""

    def test_options_expiry_and_sigterm(self):
        with tempfile.TemporaryDirectory(prefix="fake_tenant_test2.") as tmp:
            users = os.path.join(tmp, "users.json")
            with open(users, "w", encoding="utf-8") as f:
                json.dump([{"user_name": "solo", "password": "Lone#Wolf-44"}], f)
            state_dir = os.path.join(tmp, "state")
            proc, ready, err_path = start_fake(state_dir, "--users", users, "--client-id",
                                               "other-client", "--client-secret", "s3cret-Two",
                                               "--token-lifetime", "1",
                                               "--login-client-id", "login-app",
                                               "--login-attempts", "2",
                                               "--login-token-marker", "TokMark")
            try:
                c = Client(ready)
                status, body = c.token("other-client", "s3cret-Two")
                self.assertEqual(status, 200)
                self.assertEqual(body["expires_in"], 1)
                self.assertEqual(c.token()[0], 401)
                auth = {"Authorization": "Bearer " + body["access_token"]}
                status, rec = c.json("POST", "/api/v2/tenant/users/user-by-username",
                                     {"user_name": "solo"}, auth)
                self.assertEqual(status, 200)
                status, _ = c.json("POST", "/api/v2/tenant/users/user-by-username",
                                   {"user_name": "alice"}, auth)
                self.assertEqual(status, 400)
                device = {"X-operating-sys-version": "Linux 6.1", "X-agent": "pam_idaas/test",
                          "X-device-fingerprint": "f" * 32}
                answers = []
                for app in ("login-app", "other-client"):
                    status, answer = c.json("POST", "/api/v2/sdk/login",
                                            {"user_name": "solo", "password": "Lone#Wolf-44"},
                                            {"X-client-id": app, **device})
                    self.assertEqual(status, 200)
                    self.assertRegex(answer["session_token"], r"^TokMark-session-[\w-]{32}$")
                    self.assertRegex(answer["id_token"], r"^TokMark-id-[\w-]{43}$")
                    answers += [answer["session_token"], answer["id_token"]]
                self.assertEqual(c.control("GET", "login-tokens"), answers)
                codes = [c.json("POST", "/api/v2/sdk/login",
                                {"user_name": "solo", "password": "Wrong#Pass-1"},
                                {"X-client-id": "login-app", **device})[1]["error_code"]
                         for _ in range(3)]
                self.assertEqual(codes, ["LOGIN.0002", "LOGIN.0002", "LOGIN.0003"])
                time.sleep(1.2)
                status, body = c.json("POST", "/api/v2/tenant/users/user-by-username",
                                      {"user_name": "solo"}, auth)
                self.assertEqual(status, 401)
                self.assertIn("expired", body["error_description"])
            finally:
                rc = stop_fake(proc)
                rest = proc.stdout.read()
                proc.stdout.close()
            self.assertEqual(rc, 0)
            self.assertEqual(rest, b"", "stdout must carry only the ready line")
            self.assertFalse(os.path.exists(os.path.join(state_dir, "ready.json")))
            with open(err_path, encoding="utf-8") as f:
                log = f.read()
            self.assertNotIn("s3cret-Two", log)
            self.assertNotIn("Lone#Wolf-44", log)

    def test_bad_users_file(self):
        with tempfile.TemporaryDirectory(prefix="fake_tenant_test3.") as tmp:
            users = os.path.join(tmp, "users.json")
            with open(users, "w", encoding="utf-8") as f:
                json.dump([{"user_name": "x", "password": "Sekr3t#pw", "must_modify": True}], f)
            r = subprocess.run([sys.executable, FAKE, "--state-dir", tmp, "--users", users],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
            self.assertEqual(r.returncode, 2)
            self.assertEqual(r.stdout, b"")
            self.assertIn(b"unknown keys", r.stderr)
            self.assertNotIn(b"Sekr3t#pw", r.stderr)


class ScriptsTest(unittest.TestCase):
    def test_start_and_stop_scripts(self):
        with tempfile.TemporaryDirectory(prefix="fake_tenant_test4.") as tmp:
            state_dir = os.path.join(tmp, "fake")
            r = subprocess.run([os.path.join(HERE, "start.sh"), state_dir],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
            self.assertEqual(r.returncode, 0, r.stderr)
            ready = json.loads(r.stdout)
            try:
                with open(os.path.join(state_dir, "pid")) as f:
                    self.assertEqual(int(f.read()), ready["pid"])
                self.assertEqual(Client(ready).token()[0], 200)
            finally:
                r = subprocess.run([os.path.join(HERE, "stop.sh"), state_dir], timeout=20)
            self.assertEqual(r.returncode, 0)
            self.assertFalse(os.path.exists(f"/proc/{ready['pid']}"))
            # Stopping twice is harmless.
            r = subprocess.run([os.path.join(HERE, "stop.sh"), state_dir], timeout=20)
            self.assertEqual(r.returncode, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
