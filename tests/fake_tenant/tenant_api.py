"""The endpoints of shared/spec/tenant-api.md: token, user lookup, administrator reset
(change-password), self-service change (change-password-verify) and, in tenant_login, the
user's own login."""

import base64
import hmac
import json
import secrets
import time
import urllib.parse

from tenant_http import (ENDPOINT_METHODS, METHOD_NOT_ALLOWED, NOT_FOUND, REQ_CONTENT_TYPE,
                         REQ_GRANT_TYPE, REQ_INVALID, business_error, classify, error_response,
                         json_response, media_type, parse_json_object, unauthorized)
from tenant_login import login
from tenant_policy import ADMIN_CODES, VERIFY_CODES, policy_violation
from tenant_users import public_record, set_password


def handle_api(state, method, path, headers, body):
    """The Response to an API request; `path` without the query."""
    endpoint, user_id = classify(path)
    if endpoint is None:
        return error_response(NOT_FOUND, status=404)
    if method != ENDPOINT_METHODS[endpoint]:
        return error_response(METHOD_NOT_ALLOWED, status=405,
                              headers={"Allow": ENDPOINT_METHODS[endpoint]})
    if endpoint == "token":
        return token(state, headers, body)
    if endpoint == "login":  # no token: the application is named by X-client-id
        return login(state, headers, body)
    bad = check_bearer(state, headers)
    if bad:
        return bad
    if media_type(headers.get("Content-Type")) != "application/json":
        return error_response(REQ_CONTENT_TYPE, "application/json")
    obj, err = parse_json_object(body)
    if err:
        return err
    if endpoint == "user":
        return lookup(state, obj)
    if endpoint == "change":
        return admin_reset(state, user_id, obj)
    return verify_change(state, user_id, obj)


def check_bearer(state, headers):
    """None if the request carries a valid access token, else the 401."""
    scheme, _, token = (headers.get("Authorization") or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return unauthorized("Access token is missing")
    token_state = state.token_state(token)
    if token_state == "expired":
        return unauthorized("Access token expired")
    if token_state != "ok":
        return unauthorized("Access token is invalid")
    return None


def client_credentials(headers, form):
    """(client_id, client_secret) from the form or else HTTP Basic; None for a missing one."""
    client_id = form.get("client_id")
    client_secret = form.get("client_secret")
    auth = headers.get("Authorization") or ""
    if client_id is None and auth.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
            client_id, _, client_secret = decoded.partition(":")
            client_id = urllib.parse.unquote(client_id)
            client_secret = urllib.parse.unquote(client_secret)
        except (ValueError, UnicodeError):
            client_id = client_secret = None
    return client_id, client_secret


def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def token(state, headers, body):
    if media_type(headers.get("Content-Type")) != "application/x-www-form-urlencoded":
        return error_response(REQ_CONTENT_TYPE, "application/x-www-form-urlencoded")
    try:
        form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True,
                                     errors="strict")
    except (UnicodeError, ValueError):
        return error_response(REQ_INVALID, "not a valid form")
    first = {k: v[0] for k, v in form.items()}
    if first.get("grant_type") != "client_credentials":
        return error_response(REQ_GRANT_TYPE)
    client_id, client_secret = client_credentials(headers, first)
    ok = (client_id is not None and client_secret is not None
          and hmac.compare_digest(client_id.encode(), state.client_id.encode())
          and hmac.compare_digest(client_secret.encode(), state.client_secret.encode()))
    if not ok:
        return unauthorized("Bad client credentials", token_endpoint=True)
    access_token = state.issue_token()
    now = int(time.time())
    id_token = ".".join([b64url({"alg": "none", "typ": "JWT"}),
                         b64url({"iss": "fake-tenant", "aud": state.client_id, "iat": now,
                                 "exp": now + state.lifetime}),
                         secrets.token_urlsafe(16)])
    return json_response(200, {"access_token": access_token, "token_type": "Bearer",
                               "expires_in": state.lifetime, "scope": "all",
                               "id_token": id_token},
                         headers={"Cache-Control": "no-store"})


def lookup(state, obj):
    name = obj.get("user_name")
    if not isinstance(name, str):
        return error_response(REQ_INVALID, "user_name must be a string")
    with state.lock:
        user = state.users.get(name)
        if user is None:
            return business_error(ADMIN_CODES, "user_not_found")
        return json_response(200, public_record(user))


def text_field(obj, key):
    """(value or "", None) or (None, error) for an optional string field."""
    value = obj.get(key)
    if value is None:
        return "", None
    if not isinstance(value, str):
        return None, error_response(REQ_INVALID, f"{key} must be a string")
    return value, None


def change_to(state, user, password, must_modify, family):
    """Apply the policy and, if `password` passes, make it the user's. Caller holds the lock."""
    violation = policy_violation(user, password)
    if violation:
        return business_error(family, *violation)
    set_password(user, password, must_modify, state.next_stamp())
    return json_response(200, {"user_id": user["user_id"]})


def admin_reset(state, user_id, obj):
    password, err = text_field(obj, "password")
    if err:
        return err
    must_modify = True
    for key in ("must_modify", "pwd_must_modify"):
        if key in obj:
            if not isinstance(obj[key], bool):
                return error_response(REQ_INVALID, f"{key} must be true or false")
            must_modify = obj[key]
            break
    with state.lock:
        user = state.user_by_id(user_id)
        if user is None:
            return business_error(ADMIN_CODES, "user_not_found")
        return change_to(state, user, password, must_modify, ADMIN_CODES)


def verify_change(state, user_id, obj):
    password, err = text_field(obj, "password")
    if err:
        return err
    old, err = text_field(obj, "old_password")
    if err:
        return err
    with state.lock:
        user = state.user_by_id(user_id)
        if user is None:
            return business_error(VERIFY_CODES, "user_not_found")
        if password == "":
            return business_error(VERIFY_CODES, "empty")
        if old == "":
            return business_error(VERIFY_CODES, "old_password_empty")
        if not hmac.compare_digest(old.encode("utf-8"), user["password"].encode("utf-8")):
            return business_error(VERIFY_CODES, "old_password_incorrect")
        return change_to(state, user, password, False, VERIFY_CODES)
