"""User records: reading and checking users.json (or a control request's user), ids, passwords."""

import datetime
import hashlib
import json

from tenant_policy import HISTORY_SIZE

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


def with_password(history, password):
    """The password history after `password` became the current one."""
    return (list(history) + [password])[-HISTORY_SIZE:]


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
    record["history"] = with_password(history, password)
    record["pwd_change_at"] = change_at
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{where}: text is not valid Unicode") from None
    return record


def check_unique(users, where):
    for key in ("user_name", "user_id"):
        seen = set()
        for u in users:
            if u[key] in seen:
                raise ValueError(f"{where}: duplicate {key} {u[key]!r}")
            seen.add(u[key])


def load_users(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, list):
        raise ValueError(f"{path}: must be a JSON list of users")
    users = [normalize_user(e, f"{path}: entry {i}") for i, e in enumerate(data)]
    check_unique(users, path)
    return users


def public_record(user):
    """The user as user-by-username returns it."""
    return {k: user[k] for k in ("user_id", "user_name", "name", "mobile", "email",
                                 "pwd_must_modify", "pwd_change_at", "disabled", "locked")}


def set_password(user, password, must_modify, stamp):
    """Make `password` the user's current one, changed at `stamp`."""
    user["password"] = password
    user["history"] = with_password(user["history"], password)
    user["pwd_must_modify"] = must_modify
    user["pwd_change_at"] = stamp
