#!/usr/bin/env python3
"""A fake IDaaS tenant for pam_idaas tests and demos.

A real HTTPS server on 127.0.0.1 implementing the four endpoints of
shared/spec/tenant-api.md (token, user lookup, administrator reset,
self-service change) with a small deterministic password policy, plus a
control API under /_fake/ to inject faults, inspect what clients sent and
reset state. Python 3.11 standard library only; TLS material is generated at
start with the openssl command line tool. See README.md beside this file.

Never prints passwords or secrets: stdout carries exactly one line (the ready
JSON), stderr carries one line per request (method, path without query,
status) and short error notes.
"""

import argparse
import base64
import copy
import datetime
import hashlib
import hmac
import http.server
import json
import os
import re
import secrets
import signal
import socket
import socketserver
import ssl
import struct
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_USERS = os.path.join(HERE, "users.json")

MAX_BODY = 1 << 20          # bigger request bodies get 413
DRAIN_LIMIT = 8 << 20       # 413 bodies up to this size are read (so the client sees the 413)
HUGE_SIZE = 64 << 20        # the "huge" fault's body
MAX_LOGGED_REQUESTS = 10000
IDLE_TIMEOUT = 60           # seconds a kept-alive connection may sit idle

# --- The fake's password policy (README.md, "Policy") -----------------------

MIN_LENGTH = 8
MAX_LENGTH = 32
MIN_CLASSES = 3
MAX_REPEATS = 3            # consecutive identical code points
HISTORY_SIZE = 5           # the current password and the 4 before it
PERSONAL_MIN_LENGTH = 3    # username, email prefix, mobile digits
NAME_WORD_MIN_LENGTH = 4   # words of a name written in Latin letters
WEAK_PASSWORDS = ("password", "12345678", "qwerty123", "Password1", "P@ssw0rd",
                  "admin123", "Welcome1!")
_WEAK = frozenset(w.casefold() for w in WEAK_PASSWORDS)
CLASS_NAMES = (("lower", "lowercase letters"), ("upper", "uppercase letters"),
               ("digit", "digits"), ("special", "special characters"))

# Rule -> (code, message) for each family, messages as the vendor seeds word them.
VERIFY_CODES = {
    "user_not_found": ("USER.0001", "User does not exist"),
    "empty": ("PWD.0001", "Password cannot be empty"),
    "length": ("PWD.0002", "Password length is {0}~{1} characters"),
    "equals_username": ("PWD.0003", "Password cannot match username"),
    "reversed_username": ("PWD.0004", "Password does not allow reverse writing of username"),
    "complexity": ("PWD.0005", "The password does not meet the verification rules, {0}"),
    "weak": ("PWD.0006", "The password is weak"),
    "history": ("PWD.0007", "History passwords are not allowed"),
    "repeats": ("PWD.0008", "Maximum number of characters to repeat in password cannot exceed {0}"),
    "personal_data": ("PWD.0009", "Passwords are not allowed to include: username, mobile phone "
                                  "number, email prefix, name pinyin"),
    "old_password_empty": ("PWD.0011", "The original password cannot be empty"),
    "old_password_incorrect": ("PWD.0014", "The old password is incorrect"),
}
ADMIN_CODES = {
    "user_not_found": ("IDAAS.TENANT.USER.0001", "User not found"),
    "history": ("IDAAS.TENANT.PWD.0001", "The password is used before, cannot be used again"),
    "reversed_username": ("IDAAS.TENANT.PWD.0002",
                          "Password cannot be the reverse of the username"),
    "personal_data": ("IDAAS.TENANT.PWD.0003", "Password cannot contain: username, mobile number, "
                                               "email prefix, name in Pinyin"),
    "equals_username": ("IDAAS.TENANT.PWD.0003", "Password cannot contain: username, mobile "
                                                 "number, email prefix, name in Pinyin"),
    "complexity": ("IDAAS.TENANT.PWD.0004", "Your password complexity is low, {0}"),
    "weak": ("IDAAS.TENANT.PWD.0005", "The password is weak"),
    "repeats": ("IDAAS.TENANT.PWD.0006", "Number of character repeat in password should not "
                                         "exceed {0}"),
    "length": ("IDAAS.TENANT.PWD.0007", "The password must contain {0} to {1} characters"),
    "empty": ("IDAAS.TENANT.PWD.0007", "The password must contain {0} to {1} characters"),
}

# Errors of the request itself (the fake's own codes, in the tenant's style).
REQ_INVALID = ("IDAAS.TENANT.REQUEST.0001", "Invalid request body: {0}")
REQ_CONTENT_TYPE = ("IDAAS.TENANT.REQUEST.0002", "Content-Type must be {0}")
REQ_TOO_LARGE = ("IDAAS.TENANT.REQUEST.0003", "Request body too large")
REQ_GRANT_TYPE = ("IDAAS.TENANT.TOKEN.0001", "Unsupported grant_type, use client_credentials")


def char_class(ch):
    cat = unicodedata.category(ch)
    if cat == "Ll":
        return "lower"
    if cat in ("Lu", "Lt"):
        return "upper"
    if cat == "Nd":
        return "digit"
    return "special"


def longest_run(text):
    best = run = 0
    prev = None
    for ch in text:
        run = run + 1 if ch == prev else 1
        prev = ch
        best = max(best, run)
    return best


def mobile_forms(mobile):
    """The mobile number as all its digits and, for "+CC<sep>rest", the national digits."""
    if not mobile:
        return []
    forms = []
    digits = re.sub(r"[^0-9]", "", mobile)
    if digits:
        forms.append(digits)
    m = re.match(r"^\s*\+[0-9]{1,4}[\s.\-/]+(.*)$", mobile)
    if m:
        national = re.sub(r"[^0-9]", "", m.group(1))
        if national:
            forms.append(national)
    return forms


def latin_name_words(name):
    """Words of a name written in Latin letters; [] for other scripts (no Pinyin here)."""
    if not name:
        return []
    letters = [c for c in name if c.isalpha()]
    if not letters or not all("LATIN" in unicodedata.name(c, "") for c in letters):
        return []
    return [w for w in re.findall(r"[^\W\d_]+", name) if len(w) >= NAME_WORD_MIN_LENGTH]


def personal_data_hit(user, password):
    folded = password.casefold()
    uname = user["user_name"].casefold()
    if len(uname) >= PERSONAL_MIN_LENGTH and uname in folded:
        return True
    email = user.get("email") or ""
    if "@" in email:
        local = email.rsplit("@", 1)[0].casefold()
        if len(local) >= PERSONAL_MIN_LENGTH and local in folded:
            return True
    for digits in mobile_forms(user.get("mobile")):
        if len(digits) >= PERSONAL_MIN_LENGTH and digits in password:
            return True
    for word in latin_name_words(user.get("name")):
        if word.casefold() in folded:
            return True
    return False


def policy_violation(user, password, check_history=True):
    """The FIRST rule `password` breaks for `user`, as (rule, args), or None.

    Order: empty, length, equals_username, reversed_username, complexity,
    weak, history, repeats, personal_data (docs/rules.md's table order).
    """
    if password == "":
        return ("empty", (MIN_LENGTH, MAX_LENGTH))
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return ("length", (MIN_LENGTH, MAX_LENGTH))
    folded = password.casefold()
    uname = user["user_name"].casefold()
    if folded == uname:
        return ("equals_username", ())
    if folded == uname[::-1]:
        return ("reversed_username", ())
    present = {char_class(c) for c in password}
    if len(present) < MIN_CLASSES:
        missing = [label for key, label in CLASS_NAMES if key not in present]
        detail = (f"use at least {MIN_CLASSES} kinds of characters, add "
                  f"{MIN_CLASSES - len(present)} more of: {', '.join(missing)}")
        return ("complexity", (detail,))
    if folded in _WEAK:
        return ("weak", ())
    if check_history and password in user["history"][-HISTORY_SIZE:]:
        return ("history", ())
    if longest_run(password) > MAX_REPEATS:
        return ("repeats", (MAX_REPEATS,))
    if personal_data_hit(user, password):
        return ("personal_data", ())
    return None


def fill(template, args):
    for i, arg in enumerate(args):
        template = template.replace("{%d}" % i, str(arg))
    return template


def business_error(family, rule, args=()):
    code, msg = family[rule]
    if rule == "empty" and family is ADMIN_CODES:
        args = (MIN_LENGTH, MAX_LENGTH)
    return json_response(400, {"error_code": code, "error_msg": fill(msg, args)})


def request_error(kind, *args):
    code, msg = kind
    return json_response(400, {"error_code": code, "error_msg": fill(msg, args)})


# --- Users ------------------------------------------------------------------

USER_KEYS = {"user_id", "user_name", "password", "name", "mobile", "email", "pwd_must_modify",
             "disabled", "locked", "history", "pwd_change_at"}


def default_user_id(user_name):
    """Stable id in the vendor's shape, e.g. 20201028102749564-9082-DC8CD2722."""
    h = hashlib.sha256(user_name.encode("utf-8")).hexdigest()
    base = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    ms = int(h[:12], 16) % (4 * 365 * 86400 * 1000)
    stamp = base + datetime.timedelta(milliseconds=ms)
    return "%s%03d-%04d-%s" % (stamp.strftime("%Y%m%d%H%M%S"), stamp.microsecond // 1000,
                               int(h[12:20], 16) % 10000, h[20:29].upper())


def normalize_user(entry, where):
    """A users.json entry as the fake's internal record; ValueError (no secrets) if malformed."""
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be a JSON object")
    unknown = set(entry) - USER_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    name = entry.get("user_name")
    if not isinstance(name, str) or not name:
        raise ValueError(f"{where}: user_name must be a non-empty string")
    where = f"{where} ({name})"
    password = entry.get("password")
    if not isinstance(password, str):
        raise ValueError(f"{where}: password must be a string")
    user_id = entry.get("user_id", None)
    if user_id is None:
        user_id = default_user_id(name)
    if not isinstance(user_id, str) or not user_id:
        raise ValueError(f"{where}: user_id must be a non-empty string")
    record = {"user_id": user_id, "user_name": name}
    for key in ("name", "mobile", "email"):
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{where}: {key} must be a string or null")
        record[key] = value
    for key in ("pwd_must_modify", "disabled", "locked"):
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise ValueError(f"{where}: {key} must be true or false")
        record[key] = value
    history = entry.get("history", [])
    if not isinstance(history, list) or not all(isinstance(p, str) for p in history):
        raise ValueError(f"{where}: history must be a list of strings")
    change_at = entry.get("pwd_change_at")
    if change_at is not None and not isinstance(change_at, str):
        raise ValueError(f"{where}: pwd_change_at must be a string")
    record["password"] = password
    record["history"] = (list(history) + [password])[-HISTORY_SIZE:]
    record["pwd_change_at"] = change_at
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{where}: text is not valid Unicode") from None
    return record


def load_users(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, list):
        raise ValueError(f"{path}: must be a JSON list of users")
    users = [normalize_user(e, f"{path}: entry {i}") for i, e in enumerate(data)]
    check_unique(users, path)
    return users


def check_unique(users, where):
    for key in ("user_name", "user_id"):
        seen = set()
        for u in users:
            if u[key] in seen:
                raise ValueError(f"{where}: duplicate {key} {u[key]!r}")
            seen.add(u[key])


def public_record(user):
    """The user as user-by-username returns it."""
    return {k: user[k] for k in ("user_id", "user_name", "name", "mobile", "email",
                                 "pwd_must_modify", "pwd_change_at", "disabled", "locked")}


# --- State ------------------------------------------------------------------

ENDPOINTS = ("token", "user", "change", "verify")
FAULTS = ("500", "html", "html200", "malformed", "wrongtypes", "slow", "reset", "reset_before",
          "401", "403", "404", "429", "huge", "none")


class State:
    """Everything mutable, behind one lock."""

    def __init__(self, users, client_id, client_secret, lifetime):
        self.lock = threading.RLock()
        self.initial_users = users
        self.client_id = client_id
        self.client_secret = client_secret
        self.lifetime = lifetime
        self.last_stamp_ms = 0
        self.reset()

    def reset(self):
        with self.lock:
            self.users = {}
            for u in copy.deepcopy(self.initial_users):
                if u["pwd_change_at"] is None:
                    u["pwd_change_at"] = self.next_stamp()
                self.users[u["user_name"]] = u
            self.faults = {e: [] for e in ENDPOINTS + ("any",)}
            self.tokens = {}
            self.requests = []

    def next_stamp(self):
        """pwd_change_at: ISO-8601 UTC with milliseconds, strictly increasing."""
        with self.lock:
            ms = max(time.time_ns() // 1_000_000, self.last_stamp_ms + 1)
            self.last_stamp_ms = ms
        t = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)

    def user_by_id(self, user_id):
        for u in self.users.values():
            if u["user_id"] == user_id:
                return u
        return None

    def issue_token(self):
        token = secrets.token_urlsafe(32)
        with self.lock:
            now = time.monotonic()
            self.tokens = {t: exp for t, exp in self.tokens.items() if exp > now}
            self.tokens[token] = now + self.lifetime
        return token

    def token_state(self, token):
        with self.lock:
            exp = self.tokens.get(token)
        if exp is None:
            return "invalid"
        return "ok" if exp > time.monotonic() else "expired"

    def take_fault(self, endpoint):
        with self.lock:
            for queue in ([self.faults[endpoint]] if endpoint else []) + [self.faults["any"]]:
                if queue:
                    fault = queue[0]
                    if fault["count"] > 0:
                        fault["count"] -= 1
                        if fault["count"] == 0:
                            queue.pop(0)
                    return dict(fault)
        return None

    def log_request(self, entry):
        with self.lock:
            self.requests.append(entry)
            del self.requests[:-MAX_LOGGED_REQUESTS]


# --- HTTP -------------------------------------------------------------------

class Response:
    def __init__(self, status, body=b"", content_type="application/json;charset=UTF-8",
                 headers=None, close=False):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}
        self.close = close


def json_response(status, obj, headers=None, close=False):
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return Response(status, body, headers=headers, close=close)


def unauthorized(description, token_endpoint=False):
    if token_endpoint:
        return json_response(401, {"error": "invalid_client", "error_description": description})
    return json_response(401, {"error": "invalid_token", "error_description": description},
                         headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def media_type(value):
    return (value or "").split(";", 1)[0].strip().lower()


def parse_json_text(body):
    """(object, None) or (None, error Response) for a JSON request body."""
    try:
        obj = json.loads(body.decode("utf-8"))
        json.dumps(obj, ensure_ascii=False).encode("utf-8")  # lone surrogates
    except (UnicodeError, ValueError, RecursionError):
        return None, request_error(REQ_INVALID, "not valid JSON")
    if not isinstance(obj, dict):
        return None, request_error(REQ_INVALID, "a JSON object is expected")
    return obj, None


def classify(path):
    """(endpoint, user_id) for an API path, (None, None) if unknown. path: raw, no query."""
    if path == "/api/v2/tenant/token":
        return "token", None
    if path == "/api/v2/tenant/users/user-by-username":
        return "user", None
    parts = path.split("/")
    if (len(parts) == 7 and parts[:5] == ["", "api", "v2", "tenant", "users"] and parts[5]
            and parts[6] in ("change-password", "change-password-verify")):
        try:
            user_id = urllib.parse.unquote(parts[5], encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            user_id = None
        return ("change" if parts[6] == "change-password" else "verify"), user_id
    return None, None


ENDPOINT_METHODS = {"token": "POST", "user": "POST", "change": "PUT", "verify": "PUT"}


def printable(text, limit=200):
    """User-controlled text made safe for one log line."""
    text = "".join(c if c.isprintable() else "?" for c in str(text))
    return text if len(text) <= limit else text[:limit] + "..."


def log(msg):
    try:
        print(f"fake_tenant: {msg}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Small answers must not wait for the delayed-ACK dance (~40 ms each).
    disable_nagle_algorithm = True
    server_version = "fake-tenant/1.0"
    sys_version = ""
    timeout = IDLE_TIMEOUT

    # -- plumbing --

    def handle(self):
        try:
            self.connection.do_handshake()
            super().handle()
        except OSError as e:  # includes ssl.SSLError, resets, timeouts
            log(f"connection closed: {type(e).__name__}")
        except Exception as e:  # never let a thread die noisily
            log(f"connection error: {type(e).__name__}")

    def log_request(self, code="-", size="-"):
        path = (getattr(self, "path", "") or "").split("?", 1)[0]
        log(f"{printable(self.command or '-')} {printable(path)} -> "
            f"{getattr(code, 'value', code)}")

    def log_error(self, format, *args):  # noqa: A002 - may carry the raw request line
        if args and isinstance(args[0], int):
            log(f"error response {args[0]}")

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def handle_expect_100(self):
        length = self.headers.get("Content-Length", "")
        if re.fullmatch(r"[0-9]+", length.strip() or "x") and int(length) > MAX_BODY:
            if not self.path.startswith("/_fake/"):
                self.record(b"", int(length))
            self.send(json_response(413, {"error_code": REQ_TOO_LARGE[0],
                                          "error_msg": REQ_TOO_LARGE[1]}, close=True))
            return False
        return super().handle_expect_100()

    def send(self, resp):
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        for k, v in resp.headers.items():
            self.send_header(k, v)
        if resp.close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)

    def abort(self):
        """Close the TCP connection without an answer (RST)."""
        path = (self.path or "").split("?", 1)[0]
        log(f"{printable(self.command)} {printable(path)} -> connection reset, no answer")
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self.rfile.close()  # drops the socket's last io reference
            self.connection.close()
        except OSError:
            pass

    def read_body(self):
        """(bytes, None), (None, declared_size) if too large, or raises ValueError if malformed."""
        te = self.headers.get("Transfer-Encoding")
        if te is not None:
            if te.strip().lower() != "chunked":
                raise ValueError("unsupported Transfer-Encoding")
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                if not line.endswith(b"\n"):
                    raise ValueError("bad chunk")
                size = int(line.split(b";", 1)[0].strip(), 16)
                if size < 0:
                    raise ValueError("bad chunk")
                if size == 0:
                    while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                total += size
                if total > MAX_BODY:
                    return None, total
                data = self.rfile.read(size)
                if len(data) != size:
                    raise ConnectionError("short body")
                chunks.append(data)
                self.rfile.readline(8)
            return b"".join(chunks), None
        length = self.headers.get("Content-Length")
        if length is None:
            return b"", None
        if not re.fullmatch(r"[0-9]{1,18}", length.strip()):
            raise ValueError("bad Content-Length")
        n = int(length)
        if n > MAX_BODY:
            if n <= DRAIN_LIMIT:
                left = n
                while left:
                    got = self.rfile.read(min(left, 65536))
                    if not got:
                        raise ConnectionError("short body")
                    left -= len(got)
            return None, n
        data = self.rfile.read(n)
        if len(data) != n:
            raise ConnectionError("short body")
        return data, None

    def record(self, body, size):
        path, _, query = self.path.partition("?")
        self.server.state.log_request({
            "method": self.command,
            "path": path,
            "query": query,
            "content_type": self.headers.get("Content-Type"),
            "authorization_present": self.headers.get("Authorization") is not None,
            "body": body.decode("utf-8", errors="replace"),
            "body_bytes": size,
            "headers": [[k, v] for k, v in self.headers.items()],
            "endpoint": classify(path)[0],
        })

    def dispatch(self):
        try:
            try:
                body, too_large = self.read_body()
            except ValueError:
                self.send(request_error(REQ_INVALID, "malformed message framing"))
                self.close_connection = True
                return
            is_control = self.path.startswith("/_fake/")
            if body is None:
                if not is_control:
                    self.record(b"", too_large)
                self.send(json_response(413, {"error_code": REQ_TOO_LARGE[0],
                                              "error_msg": REQ_TOO_LARGE[1]}, close=True))
                return
            if is_control:
                self.send(self.control(body))
                return
            self.record(body, len(body))
            path = self.path.split("?", 1)[0]
            endpoint, _ = classify(path)
            fault = self.server.state.take_fault(endpoint)
            if fault is not None:
                self.run_fault(fault, endpoint, body)
            else:
                self.send(self.api(body))
        except (ConnectionError, TimeoutError, ssl.SSLError):
            self.close_connection = True
        except Exception as e:
            log(f"internal error handling {printable(self.command)}: {type(e).__name__}")
            try:
                self.send(json_response(500, {"error_code": "FAKE.INTERNAL",
                                              "error_msg": "fake tenant internal error"},
                                        close=True))
            except Exception:
                self.close_connection = True

    # -- faults --

    def run_fault(self, fault, endpoint, body):
        kind = fault["fault"]
        seconds = fault.get("seconds", 1)
        if kind == "none":
            self.send(self.api(body))
        elif kind == "slow":
            time.sleep(seconds)
            self.send(self.api(body))
        elif kind == "reset":
            self.api(body)  # the tenant acts, the answer is lost
            self.abort()
        elif kind == "reset_before":
            self.abort()
        elif kind == "500":
            self.send(json_response(500, {"error_code": "SYSTEM.0001",
                                          "error_msg": "Internal server error"}))
        elif kind == "html":
            self.send(Response(502, b"<html><head><title>502 Bad Gateway</title></head><body>"
                                    b"<center><h1>502 Bad Gateway</h1></center><hr>"
                                    b"<center>nginx</center></body></html>\n",
                               content_type="text/html"))
        elif kind == "html200":
            self.send(Response(200, b"<!DOCTYPE html><html><head><title>Sign in</title></head>"
                                    b"<body><form method=\"post\">Please sign in</form></body>"
                                    b"</html>\n",
                               content_type="text/html;charset=UTF-8"))
        elif kind == "malformed":
            text = json.dumps(self.canned(endpoint)).encode()
            self.send(Response(200, text[:len(text) // 2]))
        elif kind == "wrongtypes":
            self.send(json_response(200, self.wrong_types(endpoint)))
        elif kind == "401":
            self.send(unauthorized("Access token is invalid", endpoint == "token"))
        elif kind == "403":
            self.send(json_response(403, {"error_code": "IDAAS.TENANT.PERMISSION.0001",
                                          "error_msg": "The application lacks the user_all or "
                                                       "all permission"}))
        elif kind == "404":
            self.send(json_response(404, {"error_code": "NOT_FOUND",
                                          "error_msg": "Resource not found"}))
        elif kind == "429":
            after = str(int(seconds)) if float(seconds).is_integer() else str(seconds)
            self.send(json_response(429, {"error_code": "TOO_MANY_REQUESTS",
                                          "error_msg": "Too many requests"},
                                    headers={"Retry-After": after}))
        elif kind == "huge":
            self.send_huge()

    @staticmethod
    def canned(endpoint):
        if endpoint == "token":
            return {"access_token": "x" * 43, "token_type": "Bearer", "expires_in": 1800,
                    "scope": "all", "id_token": "y" * 40}
        if endpoint == "user":
            return {"user_id": "20201028102749564-9082-DC8CD2722", "user_name": "alice",
                    "name": "Alice Smith", "mobile": "+1 202-555-0143",
                    "email": "alice.smith@example.com", "pwd_must_modify": False}
        return {"user_id": "20201028102749564-9082-DC8CD2722"}

    @staticmethod
    def wrong_types(endpoint):
        if endpoint == "token":
            return {"access_token": 12345, "token_type": ["Bearer"], "expires_in": "1800",
                    "scope": None, "id_token": False}
        if endpoint == "user":
            return {"user_id": 20201028102749564, "user_name": 42, "name": {"first": "A"},
                    "mobile": 13800138000, "email": False, "pwd_must_modify": "true",
                    "pwd_change_at": [], "disabled": "false", "locked": 0}
        return {"user_id": 20201028102749564}

    def send_huge(self):
        prefix = b'{"user_id":"huge","padding":"'
        suffix = b'"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(HUGE_SIZE))
        self.end_headers()
        if self.command == "HEAD":
            return
        self.wfile.write(prefix)
        chunk = b"A" * (256 * 1024)
        left = HUGE_SIZE - len(prefix) - len(suffix)
        while left > 0:
            part = chunk if left >= len(chunk) else chunk[:left]
            self.wfile.write(part)
            left -= len(part)
        self.wfile.write(suffix)

    # -- the tenant API --

    def api(self, body):
        path = self.path.split("?", 1)[0]
        endpoint, user_id = classify(path)
        if endpoint is None:
            return json_response(404, {"error_code": "NOT_FOUND",
                                       "error_msg": "Resource not found"})
        if self.command != ENDPOINT_METHODS[endpoint]:
            return json_response(405, {"error_code": "METHOD_NOT_ALLOWED",
                                       "error_msg": "Method not allowed"},
                                 headers={"Allow": ENDPOINT_METHODS[endpoint]})
        if endpoint == "token":
            return self.token(body)
        bad = self.check_bearer()
        if bad:
            return bad
        if media_type(self.headers.get("Content-Type")) != "application/json":
            return request_error(REQ_CONTENT_TYPE, "application/json")
        obj, err = parse_json_text(body)
        if err:
            return err
        if endpoint == "user":
            return self.lookup(obj)
        if endpoint == "change":
            return self.admin_reset(user_id, obj)
        return self.verify_change(user_id, obj)

    def check_bearer(self):
        scheme, _, token = (self.headers.get("Authorization") or "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return unauthorized("Access token is missing")
        state = self.server.state.token_state(token)
        if state == "expired":
            return unauthorized("Access token expired")
        if state != "ok":
            return unauthorized("Access token is invalid")
        return None

    def token(self, body):
        state = self.server.state
        if media_type(self.headers.get("Content-Type")) != "application/x-www-form-urlencoded":
            return request_error(REQ_CONTENT_TYPE, "application/x-www-form-urlencoded")
        try:
            form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True,
                                         errors="strict")
        except (UnicodeError, ValueError):
            return request_error(REQ_INVALID, "not a valid form")
        first = {k: v[0] for k, v in form.items()}
        if first.get("grant_type") != "client_credentials":
            return request_error(REQ_GRANT_TYPE)
        client_id = first.get("client_id")
        client_secret = first.get("client_secret")
        auth = self.headers.get("Authorization") or ""
        if client_id is None and auth.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
                client_id, _, client_secret = decoded.partition(":")
                client_id = urllib.parse.unquote(client_id)
                client_secret = urllib.parse.unquote(client_secret)
            except (ValueError, UnicodeError):
                client_id = client_secret = None
        ok = (client_id is not None and client_secret is not None
              and hmac.compare_digest(client_id.encode(), state.client_id.encode())
              and hmac.compare_digest(client_secret.encode(), state.client_secret.encode()))
        if not ok:
            return unauthorized("Bad client credentials", token_endpoint=True)
        token = state.issue_token()
        now = int(time.time())

        def b64(obj):
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

        id_token = ".".join([b64({"alg": "none", "typ": "JWT"}),
                             b64({"iss": "fake-tenant", "aud": state.client_id, "iat": now,
                                  "exp": now + state.lifetime}),
                             secrets.token_urlsafe(16)])
        return json_response(200, {"access_token": token, "token_type": "Bearer",
                                   "expires_in": state.lifetime, "scope": "all",
                                   "id_token": id_token},
                             headers={"Cache-Control": "no-store"})

    def lookup(self, obj):
        name = obj.get("user_name")
        if not isinstance(name, str):
            return request_error(REQ_INVALID, "user_name must be a string")
        state = self.server.state
        with state.lock:
            user = state.users.get(name)
            if user is None:
                return business_error(ADMIN_CODES, "user_not_found")
            return json_response(200, public_record(user))

    @staticmethod
    def text_field(obj, key):
        """(value or "", None) or (None, error) for an optional string field."""
        value = obj.get(key)
        if value is None:
            return "", None
        if not isinstance(value, str):
            return None, request_error(REQ_INVALID, f"{key} must be a string")
        return value, None

    def apply(self, user, password, must_modify):
        state = self.server.state
        user["password"] = password
        user["history"] = (user["history"] + [password])[-HISTORY_SIZE:]
        user["pwd_must_modify"] = must_modify
        user["pwd_change_at"] = state.next_stamp()

    def admin_reset(self, user_id, obj):
        password, err = self.text_field(obj, "password")
        if err:
            return err
        must_modify = True
        for key in ("must_modify", "pwd_must_modify"):
            if key in obj:
                if not isinstance(obj[key], bool):
                    return request_error(REQ_INVALID, f"{key} must be true or false")
                must_modify = obj[key]
                break
        state = self.server.state
        with state.lock:
            user = state.user_by_id(user_id) if user_id is not None else None
            if user is None:
                return business_error(ADMIN_CODES, "user_not_found")
            violation = policy_violation(user, password)
            if violation:
                return business_error(ADMIN_CODES, *violation)
            self.apply(user, password, must_modify)
            return json_response(200, {"user_id": user["user_id"]})

    def verify_change(self, user_id, obj):
        password, err = self.text_field(obj, "password")
        if err:
            return err
        old, err = self.text_field(obj, "old_password")
        if err:
            return err
        state = self.server.state
        with state.lock:
            user = state.user_by_id(user_id) if user_id is not None else None
            if user is None:
                return business_error(VERIFY_CODES, "user_not_found")
            if password == "":
                return business_error(VERIFY_CODES, "empty")
            if old == "":
                return business_error(VERIFY_CODES, "old_password_empty")
            if not hmac.compare_digest(old.encode("utf-8"), user["password"].encode("utf-8")):
                return business_error(VERIFY_CODES, "old_password_incorrect")
            violation = policy_violation(user, password)
            if violation:
                return business_error(VERIFY_CODES, *violation)
            self.apply(user, password, False)
            return json_response(200, {"user_id": user["user_id"]})

    # -- the control API --

    def control(self, body):
        state = self.server.state
        path = self.path.split("?", 1)[0]
        parts = path.split("/")[2:]
        method = self.command
        obj = {}
        if method in ("POST", "PUT") and body.strip():
            try:
                obj = json.loads(body.decode("utf-8"))
                json.dumps(obj, ensure_ascii=False).encode("utf-8")
            except (UnicodeError, ValueError, RecursionError):
                return json_response(400, {"error": "body is not valid JSON"})
        if obj is None:
            obj = {}
        if not isinstance(obj, dict):
            return json_response(400, {"error": "body must be a JSON object"})
        route = (method, parts[0] if parts else "", len(parts))
        if route == ("POST", "fault", 1):
            return self.add_fault(obj)
        if route == ("GET", "fault", 1):
            with state.lock:
                return json_response(200, state.faults)
        if route == ("DELETE", "fault", 1):
            with state.lock:
                state.faults = {e: [] for e in ENDPOINTS + ("any",)}
            return json_response(200, {"ok": True})
        if route == ("GET", "requests", 1):
            with state.lock:
                return json_response(200, state.requests)
        if route == ("DELETE", "requests", 1):
            with state.lock:
                state.requests = []
            return json_response(200, {"ok": True})
        if route == ("GET", "users", 2):
            name = urllib.parse.unquote(parts[1])
            with state.lock:
                user = state.users.get(name)
                if user is None:
                    return json_response(404, {"error": "no such user"})
                return json_response(200, user)
        if route == ("GET", "users", 1):
            with state.lock:
                return json_response(200, list(state.users.values()))
        if route == ("POST", "users", 1):
            try:
                user = normalize_user(obj, "user")
            except ValueError as e:
                return json_response(400, {"error": str(e)})
            with state.lock:
                other = state.user_by_id(user["user_id"])
                if other is not None and other["user_name"] != user["user_name"]:
                    return json_response(409, {"error": "user_id belongs to another user"})
                if user["pwd_change_at"] is None:
                    user["pwd_change_at"] = state.next_stamp()
                state.users[user["user_name"]] = user
                return json_response(200, user)
        if route == ("POST", "reset", 1):
            state.reset()
            return json_response(200, {"ok": True})
        if route == ("POST", "expire-tokens", 1):
            with state.lock:
                state.tokens = {}
            return json_response(200, {"ok": True})
        return json_response(404, {"error": "unknown control request"})

    def add_fault(self, obj):
        endpoint = obj.get("endpoint", "any")
        kind = obj.get("fault")
        count = obj.get("count", 1)
        seconds = obj.get("seconds", 1)
        if endpoint not in ENDPOINTS + ("any",):
            return json_response(400, {"error": f"endpoint must be one of {list(ENDPOINTS)} "
                                                "or any"})
        if kind not in FAULTS:
            return json_response(400, {"error": f"fault must be one of {list(FAULTS)}"})
        if isinstance(count, bool) or not isinstance(count, int) or (count < 1 and count != -1):
            return json_response(400, {"error": "count must be a positive integer or -1"})
        if (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                or not 0 <= seconds <= 600):
            return json_response(400, {"error": "seconds must be a number from 0 to 600"})
        fault = {"fault": kind, "count": count, "seconds": seconds}
        state = self.server.state
        with state.lock:
            state.faults[endpoint].append(fault)
            return json_response(200, {"endpoint": endpoint, **fault,
                                       "queue": state.faults[endpoint]})


class TLSServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port, context, state):
        self.state = state
        super().__init__(("127.0.0.1", port), Handler)
        # The handshake runs in the connection's thread (Handler.handle), not in accept().
        self.socket = context.wrap_socket(self.socket, server_side=True,
                                          do_handshake_on_connect=False)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)  # no reverse DNS lookup
        self.server_name = "127.0.0.1"
        self.server_port = self.server_address[1]

    def handle_error(self, request, client_address):
        log(f"connection error: {type(sys.exc_info()[1]).__name__}")


# --- TLS material -------------------------------------------------------------

def openssl(state_dir, *args):
    r = subprocess.run(["openssl", *args], cwd=state_dir, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {r.stderr.decode(errors='replace')}")


def write_file(path, text, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def generate_tls(state_dir):
    """ca.pem, server.{pem,key} (127.0.0.1, localhost), wrong.{pem,key} (wrong.example)."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    write_file(os.path.join(state_dir, "req.cnf"),
               "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = placeholder\n"
               "[v3_ca]\nbasicConstraints = critical,CA:TRUE\n"
               "keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n")
    old_umask = os.umask(0o077)
    try:
        openssl(state_dir, "req", "-x509", "-config", "req.cnf", "-extensions", "v3_ca", *ec,
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
                "-subj", "/CN=pam_idaas fake tenant CA " + secrets.token_hex(4),
                "-set_serial", "0x" + secrets.token_hex(8))
        for name, cn, san in (("server", "localhost", "IP:127.0.0.1,DNS:localhost"),
                              ("wrong", "wrong.example", "DNS:wrong.example")):
            write_file(os.path.join(state_dir, name + ".ext"),
                       "basicConstraints = critical,CA:FALSE\n"
                       "keyUsage = critical,digitalSignature\n"
                       "extendedKeyUsage = serverAuth\n"
                       f"subjectAltName = {san}\n"
                       "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n")
            openssl(state_dir, "req", "-new", "-config", "req.cnf", *ec,
                    "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn)
            openssl(state_dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem",
                    "-CAkey", "ca.key", "-set_serial", "0x" + secrets.token_hex(8),
                    "-days", "30", "-extfile", name + ".ext", "-out", name + ".pem")
    finally:
        os.umask(old_umask)
    for name in ("req.cnf", "server.ext", "wrong.ext", "server.csr", "wrong.csr", "ca.key"):
        try:
            os.unlink(os.path.join(state_dir, name))  # the CA key is not needed any more
        except FileNotFoundError:
            pass
    for name in ("server.key", "wrong.key"):
        os.chmod(os.path.join(state_dir, name), 0o600)
    for name in ("ca.pem", "server.pem", "wrong.pem"):
        os.chmod(os.path.join(state_dir, name), 0o644)


def server_context(state_dir, name):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(state_dir, name + ".pem"),
                        os.path.join(state_dir, name + ".key"))
    return ctx


# --- main ---------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description="Fake IDaaS tenant (HTTPS on 127.0.0.1) for tests.")
    p.add_argument("--state-dir", required=True,
                   help="where TLS material and ready.json are written")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    p.add_argument("--users", default=DEFAULT_USERS, help="users JSON file")
    p.add_argument("--client-id", default="test-client")
    p.add_argument("--client-secret", default="test-secret")
    p.add_argument("--token-lifetime", type=int, default=1800, help="seconds")
    args = p.parse_args(argv)
    if not 0 <= args.port <= 65535:
        p.error("--port must be 0-65535")
    if args.token_lifetime < 1:
        p.error("--token-lifetime must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, mode=0o700, exist_ok=True)
    ready_path = os.path.join(state_dir, "ready.json")
    try:
        os.unlink(ready_path)
    except FileNotFoundError:
        pass

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    try:
        users = load_users(args.users)
    except (OSError, ValueError) as e:
        log(f"cannot load users: {e}")
        return 2
    try:
        generate_tls(state_dir)
        state = State(users, args.client_id, args.client_secret, args.token_lifetime)
        good = TLSServer(args.port, server_context(state_dir, "server"), state)
        wrong = TLSServer(0, server_context(state_dir, "wrong"), state)
    except (OSError, RuntimeError, ssl.SSLError) as e:
        log(f"cannot start: {e}")
        return 1

    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2},
                                daemon=True) for s in (good, wrong)]
    for t in threads:
        t.start()
    ready = {"url": f"https://127.0.0.1:{good.server_port}",
             "wrong_host_url": f"https://127.0.0.1:{wrong.server_port}",
             "ca_file": os.path.join(state_dir, "ca.pem"),
             "pid": os.getpid()}
    line = json.dumps(ready)
    tmp = ready_path + ".tmp"
    write_file(tmp, line + "\n", 0o644)
    os.replace(tmp, ready_path)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    sys.stdout = sys.stderr  # nothing else ever goes to stdout
    log(f"ready on {ready['url']} (wrong host: {ready['wrong_host_url']})")

    while not stop.wait(0.5):
        pass
    for s in (good, wrong):
        s.shutdown()
        s.server_close()
    try:
        os.unlink(ready_path)
    except FileNotFoundError:
        pass
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
