"""The answers of the injectable faults (README.md, "Faults").

The handler plays the faults that act on the connection or on time (none, slow, reset,
reset_before, huge); fault_response() builds the others, whole.
"""

import json

from tenant_http import NOT_FOUND, Response, error_response, json_response, unauthorized

FAULTS = ("500", "html", "html200", "malformed", "wrongtypes", "slow", "reset", "reset_before",
          "reset_samestamp", "401", "403", "404", "429", "huge", "otheruser", "none")
# Faults that make sense for some endpoints only.
FAULT_ENDPOINTS = {"otheruser": ("user",), "reset_samestamp": ("verify", "change")}
HUGE_SIZE = 64 << 20        # the "huge" fault's body
SAMPLE_USER_ID = "20201028102749564-9082-DC8CD2722"

NGINX_502 = (b"<html><head><title>502 Bad Gateway</title></head><body>"
             b"<center><h1>502 Bad Gateway</h1></center><hr>"
             b"<center>nginx</center></body></html>\n")
SIGN_IN_PAGE = (b"<!DOCTYPE html><html><head><title>Sign in</title></head>"
                b"<body><form method=\"post\">Please sign in</form></body>"
                b"</html>\n")


def canned(endpoint):
    """A plausible success body for `endpoint`."""
    if endpoint == "token":
        return {"access_token": "x" * 43, "token_type": "Bearer", "expires_in": 1800,
                "scope": "all", "id_token": "y" * 40}
    if endpoint == "user":
        return {"user_id": SAMPLE_USER_ID, "user_name": "alice",
                "name": "Alice Smith", "mobile": "+1 202-555-0143",
                "email": "alice.smith@example.com", "pwd_must_modify": False}
    if endpoint == "login":
        return {"status": "success", "session_token": "s" * 32, "id_token": "i" * 40,
                "expire": 7200}
    return {"user_id": SAMPLE_USER_ID}


def wrong_types(endpoint):
    """A success body for `endpoint` with every field of the wrong JSON type."""
    if endpoint == "token":
        return {"access_token": 12345, "token_type": ["Bearer"], "expires_in": "1800",
                "scope": None, "id_token": False}
    if endpoint == "user":
        return {"user_id": 20201028102749564, "user_name": 42, "name": {"first": "A"},
                "mobile": 13800138000, "email": False, "pwd_must_modify": "true",
                "pwd_change_at": [], "disabled": "false", "locked": 0}
    if endpoint == "login":
        return {"status": 1, "session_token": 12345, "state_token": ["x"], "expire": "7200"}
    return {"user_id": 20201028102749564}


def other_user():
    """A well-formed lookup answer, but the record of another user than the one asked for."""
    return {"user_id": "20190312081522104-4417-AB12CD34E", "user_name": "bob",
            "name": "Bob Jones", "mobile": "+1 202-555-0178", "email": "bob.jones@example.com",
            "pwd_must_modify": False, "pwd_change_at": "2026-01-01T00:00:00.000Z"}


def fault_response(kind, endpoint, seconds):
    """The whole answer of fault `kind` to a request for `endpoint` (None: unknown path)."""
    if kind == "500":
        return error_response(("SYSTEM.0001", "Internal server error"), status=500)
    if kind == "html":
        return Response(502, NGINX_502, content_type="text/html")
    if kind == "html200":
        return Response(200, SIGN_IN_PAGE, content_type="text/html;charset=UTF-8")
    if kind == "malformed":
        text = json.dumps(canned(endpoint)).encode()
        return Response(200, text[:len(text) // 2])
    if kind == "wrongtypes":
        return json_response(200, wrong_types(endpoint))
    if kind == "otheruser":
        return json_response(200, other_user())
    if kind == "401":
        return unauthorized("Access token is invalid", endpoint == "token")
    if kind == "403":
        return error_response(("IDAAS.TENANT.PERMISSION.0001",
                               "The application lacks the user_all or all permission"),
                              status=403)
    if kind == "404":
        return error_response(NOT_FOUND, status=404)
    if kind == "429":
        after = str(int(seconds)) if float(seconds).is_integer() else str(seconds)
        return error_response(("TOO_MANY_REQUESTS", "Too many requests"), status=429,
                              headers={"Retry-After": after})
    raise ValueError(f"fault {kind!r} has no canned answer")


def huge_body():
    """The "huge" fault's body in pieces: a JSON object of exactly HUGE_SIZE bytes."""
    prefix = b'{"user_id":"huge","padding":"'
    suffix = b'"}'
    yield prefix
    chunk = b"A" * (256 * 1024)
    left = HUGE_SIZE - len(prefix) - len(suffix)
    while left > 0:
        part = chunk if left >= len(chunk) else chunk[:left]
        yield part
        left -= len(part)
    yield suffix
