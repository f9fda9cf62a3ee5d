"""The control API under /_fake/ (README.md, "Control API"): faults, request log, users, reset."""

import urllib.parse

from tenant_faults import FAULT_ENDPOINTS, FAULTS
from tenant_http import ENDPOINTS, decode_json, json_response
from tenant_state import FAULT_TARGETS
from tenant_users import normalize_user, set_password

OK = {"ok": True}


def handle_control(state, method, path, body):
    """The Response to a control request; `path` (/_fake/...) without the query."""
    parts = path.split("/")[2:]
    obj = {}
    if method in ("POST", "PUT") and body.strip():
        try:
            obj = decode_json(body)
        except ValueError:
            return json_response(400, {"error": "body is not valid JSON"})
    if obj is None:
        obj = {}
    if not isinstance(obj, dict):
        return json_response(400, {"error": "body must be a JSON object"})
    route = (method, parts[0] if parts else "", len(parts))
    if route == ("POST", "fault", 1):
        return add_fault(state, obj)
    if route == ("GET", "fault", 1):
        with state.lock:
            return json_response(200, state.faults)
    if route == ("DELETE", "fault", 1):
        state.clear_faults()
        return json_response(200, OK)
    if route == ("GET", "requests", 1):
        with state.lock:
            return json_response(200, state.requests)
    if route == ("DELETE", "requests", 1):
        state.clear_requests()
        return json_response(200, OK)
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
        return put_user(state, obj)
    if route == ("POST", "reset", 1):
        state.reset()
        return json_response(200, OK)
    if route == ("POST", "portal-change", 1):
        return portal_change(state, obj)
    if route == ("DELETE", "login-failures", 1):
        state.clear_login_failures()
        return json_response(200, OK)
    if route == ("GET", "login-tokens", 1):
        with state.lock:
            return json_response(200, state.login_tokens)
    if route == ("POST", "expire-tokens", 1):
        state.expire_tokens()
        return json_response(200, OK)
    return json_response(404, {"error": "unknown control request"})


def add_fault(state, obj):
    endpoint = obj.get("endpoint", "any")
    kind = obj.get("fault")
    count = obj.get("count", 1)
    seconds = obj.get("seconds", 1)
    if endpoint not in FAULT_TARGETS:
        return json_response(400, {"error": f"endpoint must be one of {list(ENDPOINTS)} "
                                            "or any"})
    if kind not in FAULTS:
        return json_response(400, {"error": f"fault must be one of {list(FAULTS)}"})
    if kind in FAULT_ENDPOINTS and endpoint not in FAULT_ENDPOINTS[kind]:
        return json_response(400, {"error": f"fault {kind} strikes only "
                                            f"{list(FAULT_ENDPOINTS[kind])}"})
    if isinstance(count, bool) or not isinstance(count, int) or (count < 1 and count != -1):
        return json_response(400, {"error": "count must be a positive integer or -1"})
    if (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
            or not 0 <= seconds <= 600):
        return json_response(400, {"error": "seconds must be a number from 0 to 600"})
    fault = {"fault": kind, "count": count, "seconds": seconds}
    with state.lock:
        state.faults[endpoint].append(fault)
        return json_response(200, {"endpoint": endpoint, **fault,
                                   "queue": state.faults[endpoint]})


def portal_change(state, obj):
    """The user changes the password on the tenant's own portal: no policy check (the fake
    plays a change already accepted), history and pwd_change_at as any change."""
    name, password = obj.get("user_name"), obj.get("password")
    if not isinstance(name, str) or not isinstance(password, str) or not password:
        return json_response(400, {"error": "user_name and a non-empty password are needed"})
    with state.lock:
        user = state.users.get(name)
        if user is None:
            return json_response(404, {"error": "no such user"})
        set_password(user, password, False, state.next_stamp())
        return json_response(200, {"user_id": user["user_id"],
                                   "pwd_change_at": user["pwd_change_at"]})


def put_user(state, obj):
    try:
        user = normalize_user(obj, "user")
    except ValueError as e:
        return json_response(400, {"error": str(e)})
    with state.lock:
        if not state.put_user(user):
            return json_response(409, {"error": "user_id belongs to another user"})
        return json_response(200, user)
