"""Everything the fake tenant remembers, behind one lock: users, tokens, faults, request log.

Callers that read or change several things at once (or serialize a live record) hold
`state.lock` themselves; it is re-entrant, so the methods below may be called with it held.
"""

import copy
import datetime
import secrets
import threading
import time

from tenant_http import ENDPOINTS

FAULT_TARGETS = ENDPOINTS + ("any",)   # a fault is queued for one endpoint or for any
MAX_LOGGED_REQUESTS = 10000


class State:
    def __init__(self, users, client_id, client_secret, lifetime, login_client_id=None,
                 login_attempts=5, login_token_marker=""):
        self.lock = threading.RLock()
        self.initial_users = users
        self.client_id = client_id
        self.client_secret = client_secret
        self.lifetime = lifetime
        self.login_client_id = login_client_id
        self.login_attempts = login_attempts
        self.login_token_marker = login_token_marker
        self.last_stamp_ms = 0
        self.reset()

    def reset(self):
        """Users back to the file; faults, tokens and the request log cleared."""
        with self.lock:
            self.users = {}
            for u in copy.deepcopy(self.initial_users):
                self.put_user(u)
            self.clear_faults()
            self.tokens = {}
            self.requests = []
            self.login_failures = {}        # user_name -> failed logins in a row
            self.login_tokens = []          # every token a login answered with, in order
            self.locked_by_failures = set()

    def next_stamp(self):
        """pwd_change_at: ISO-8601 UTC with milliseconds, strictly increasing."""
        with self.lock:
            ms = max(time.time_ns() // 1_000_000, self.last_stamp_ms + 1)
            self.last_stamp_ms = ms
        t = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)

    # -- users --

    def user_by_id(self, user_id):
        if user_id is None:
            return None
        for u in self.users.values():
            if u["user_id"] == user_id:
                return u
        return None

    def put_user(self, user):
        """Add or replace (by user_name) a user; False if its user_id is another user's."""
        with self.lock:
            other = self.user_by_id(user["user_id"])
            if other is not None and other["user_name"] != user["user_name"]:
                return False
            if user["pwd_change_at"] is None:
                user["pwd_change_at"] = self.next_stamp()
            self.users[user["user_name"]] = user
            return True

    # -- logins --

    def login_client_ids(self):
        """The applications a login may name in X-client-id."""
        return {i for i in (self.client_id, self.login_client_id) if i}

    def count_login_failure(self, name, user):
        """Remaining attempts after one more failed login of `name`; locks `user` at the limit."""
        with self.lock:
            failures = self.login_failures.get(name, 0) + 1
            self.login_failures[name] = failures
            if user is not None and failures >= self.login_attempts:
                user["locked"] = True
                self.locked_by_failures.add(name)
            return max(self.login_attempts - failures, 0)

    def clear_login_failures(self):
        """Every failure counter cleared; users locked by failures unlocked."""
        with self.lock:
            for name in self.locked_by_failures:
                if name in self.users:
                    self.users[name]["locked"] = False
            self.login_failures = {}
            self.locked_by_failures = set()

    # -- access tokens --

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

    def expire_tokens(self):
        with self.lock:
            self.tokens = {}

    # -- faults --

    def clear_faults(self):
        with self.lock:
            self.faults = {e: [] for e in FAULT_TARGETS}

    def take_fault(self, endpoint):
        """The fault to play for a request to `endpoint` (None: unknown path), or None."""
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

    # -- the request log --

    def log_request(self, entry):
        with self.lock:
            self.requests.append(entry)
            del self.requests[:-MAX_LOGGED_REQUESTS]

    def clear_requests(self):
        with self.lock:
            self.requests = []
