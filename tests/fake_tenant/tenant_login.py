"""The user's own login, POST /api/v2/sdk/login (tenant-api.md section 5): mandatory headers,
the application named by X-client-id, a per-user failure counter that locks the account at
--login-attempts, and a session or state token. The LOGIN.* codes are the fake's invention
(only LOGIN.0002 is the vendor's); README.md lists them."""

import hmac
import json
import secrets

from tenant_http import (REQ_CONTENT_TYPE, REQ_INVALID, error_response, json_response,
                         media_type, parse_json_object)

MANDATORY_HEADERS = ("X-client-id", "X-operating-sys-version", "X-device-fingerprint", "X-agent")
SESSION_LIFETIME = 7200

LOGIN_CODES = {
    "unknown_client": ("LOGIN.0001", "The application does not exist: {0}"),
    "wrong_password": ("LOGIN.0002", "Invalid account name or password. Remaining attempts: {0}."),
    "locked": ("LOGIN.0003", "The account is locked."),
    "disabled": ("LOGIN.0004", "The account is disabled."),
    "missing_header": ("LOGIN.0005", "Missing header: {0}"),
}


def refused(kind, *args):
    return error_response(LOGIN_CODES[kind], *args)


def login(state, headers, body):
    for name in MANDATORY_HEADERS:
        if not (headers.get(name) or "").strip():
            return refused("missing_header", name)
    client_id = headers.get("X-client-id").strip()
    if client_id not in state.login_client_ids():
        return refused("unknown_client", client_id)
    if media_type(headers.get("Content-Type")) != "application/json":
        return error_response(REQ_CONTENT_TYPE, "application/json")
    obj, err = parse_json_object(body)
    if err:
        return err
    name, password = obj.get("user_name"), obj.get("password")
    if not isinstance(name, str) or not isinstance(password, str):
        return error_response(REQ_INVALID, "user_name and password must be strings")
    with state.lock:
        return check_password(state, name, password)


def check_password(state, name, password):
    """The answer to `name` logging in with `password`. Caller holds the lock."""
    user = state.users.get(name)
    if user is not None and user["disabled"]:
        return refused("disabled")
    if user is not None and user["locked"]:
        return refused("locked")
    if user is None or not hmac.compare_digest(password.encode("utf-8"),
                                               user["password"].encode("utf-8")):
        return refused("wrong_password", state.count_login_failure(name, user))
    state.login_failures.pop(name, None)
    if user["pwd_must_modify"]:
        return json_response(200, {"status": "success", "state_token": issue(state, "state", 24),
                                   "data": "pwd_must_modify"})
    return json_response(200, {"status": "success", "session_token": issue(state, "session", 24),
                               "id_token": issue(state, "id", 32),
                               "expire": SESSION_LIFETIME})


def issue(state, kind, nbytes):
    """A fresh token: random, after "<marker>-<kind>-" when the fake has a marker; kept for
    GET /_fake/login-tokens. Caller holds the lock."""
    token = secrets.token_urlsafe(nbytes)
    if state.login_token_marker:
        token = f"{state.login_token_marker}-{kind}-{token}"
    state.login_tokens.append(token)
    return token


def loggable(body):
    """(user_name or None, password_sent, body text with the password as "***")."""
    try:
        obj = json.loads(body.decode("utf-8"))
    except (UnicodeError, ValueError, RecursionError):
        return None, False, "(not JSON)"
    if not isinstance(obj, dict):
        return None, False, "(not a JSON object)"
    sent = "password" in obj
    if sent:
        obj["password"] = "***"
    name = obj.get("user_name")
    return (name if isinstance(name, str) else None), sent, json.dumps(obj, ensure_ascii=False)
