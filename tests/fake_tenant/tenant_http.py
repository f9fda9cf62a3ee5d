"""HTTP vocabulary shared by the tenant API, the control API and the faults.

Responses (built whole, then sent by the handler), the JSON error bodies, request-body parsing
and the routing of API paths to the five endpoints.
"""

import json
import urllib.parse

# The tenant API's endpoints and the method each one takes.
ENDPOINT_METHODS = {"token": "POST", "user": "POST", "change": "PUT", "verify": "PUT",
                    "login": "POST"}
ENDPOINTS = tuple(ENDPOINT_METHODS)

# (error_code, error_msg) of errors of the request itself (the fake's own codes, in the
# tenant's style) and of generic answers; "{0}" is filled with the first argument.
REQ_INVALID = ("IDAAS.TENANT.REQUEST.0001", "Invalid request body: {0}")
REQ_CONTENT_TYPE = ("IDAAS.TENANT.REQUEST.0002", "Content-Type must be {0}")
REQ_TOO_LARGE = ("IDAAS.TENANT.REQUEST.0003", "Request body too large")
REQ_GRANT_TYPE = ("IDAAS.TENANT.TOKEN.0001", "Unsupported grant_type, use client_credentials")
NOT_FOUND = ("NOT_FOUND", "Resource not found")
METHOD_NOT_ALLOWED = ("METHOD_NOT_ALLOWED", "Method not allowed")
INTERNAL_ERROR = ("FAKE.INTERNAL", "fake tenant internal error")


class Response:
    def __init__(self, status, body=b"", content_type="application/json;charset=UTF-8",
                 headers=None, close=False):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}
        self.close = close


def json_bytes(obj):
    """`obj` as UTF-8 JSON; UnicodeEncodeError if it holds lone surrogates."""
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def json_response(status, obj, headers=None, close=False):
    return Response(status, json_bytes(obj), headers=headers, close=close)


def fill(template, args):
    for i, arg in enumerate(args):
        template = template.replace("{%d}" % i, str(arg))
    return template


def error_response(kind, *args, status=400, headers=None, close=False):
    """{"error_code", "error_msg"} for `kind` = (code, message template)."""
    code, msg = kind
    return json_response(status, {"error_code": code, "error_msg": fill(msg, args)},
                         headers=headers, close=close)


def business_error(family, rule, args=()):
    """A password-policy or user error of one of tenant_policy's code families."""
    return error_response(family[rule], *args)


def unauthorized(description, token_endpoint=False):
    if token_endpoint:
        return json_response(401, {"error": "invalid_client", "error_description": description})
    return json_response(401, {"error": "invalid_token", "error_description": description},
                         headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def media_type(value):
    return (value or "").split(";", 1)[0].strip().lower()


def bare_path(path):
    """The request target without its query."""
    return (path or "").split("?", 1)[0]


def decode_json(body):
    """The JSON value in the UTF-8 `body`; ValueError if it is none (or holds lone surrogates)."""
    try:
        obj = json.loads(body.decode("utf-8"))
        json_bytes(obj)
    except (UnicodeError, ValueError, RecursionError):
        raise ValueError("not valid JSON") from None
    return obj


def parse_json_object(body):
    """(object, None) or (None, error Response) for an API request's JSON body."""
    try:
        obj = decode_json(body)
    except ValueError:
        return None, error_response(REQ_INVALID, "not valid JSON")
    if not isinstance(obj, dict):
        return None, error_response(REQ_INVALID, "a JSON object is expected")
    return obj, None


def classify(path):
    """(endpoint, user_id) for an API path, (None, None) if unknown. path: raw, no query."""
    if path == "/api/v2/tenant/token":
        return "token", None
    if path == "/api/v2/tenant/users/user-by-username":
        return "user", None
    if path == "/api/v2/sdk/login":
        return "login", None
    parts = path.split("/")
    if (len(parts) == 7 and parts[:5] == ["", "api", "v2", "tenant", "users"] and parts[5]
            and parts[6] in ("change-password", "change-password-verify")):
        try:
            user_id = urllib.parse.unquote(parts[5], encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            user_id = None
        return ("change" if parts[6] == "change-password" else "verify"), user_id
    return None, None
