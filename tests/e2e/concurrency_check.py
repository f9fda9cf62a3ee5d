#!/usr/bin/env python3
"""The checks of one round of tests/e2e/concurrency.sh, run inside its namespace.

  concurrency_check.py tenant ROUND_DIR MODE   what the fake tenant holds and saw
  concurrency_check.py local ROUND_DIR         /etc/shadow and the module's history store

ROUND_DIR holds plan.tsv (one line per passwd process: user, outcome "changed" or
"refused", old password, new password, the tenant's expected password history
joined by "|", the expected number of entries in the module's history store, the
expected pwd_must_modify), the state taken before the round (shadow.before,
history.before, shadow.stat) and after it (requests.json, users.json from the
fake's control API), and each process's USER.start / USER.end (ns since epoch).
MODE: "self" (the users ran passwd: change-password-verify) or "root" (passwd
USER: change-password).

Prints one line per check, "PASS<TAB>name" or "FAIL<TAB>name<TAB>detail", and
"INFO<TAB>text" for measurements; the shell turns them into ok / not ok. A
check covers every user of the round; a failure names the users, never a
password, hash or token.
"""

import ctypes
import json
import os
import re
import stat
import sys
import urllib.parse

HISTORY_FILE = os.environ["HISTORY_STORE"]  # policy.history.file, set by concurrency.sh
HASH = re.compile(r"\$[./$A-Za-z0-9]+\Z")  # history.cc's is_well_formed_hash


def report(name, failures):
    """One check over all users: `failures` lists what went wrong (empty: passed)."""
    if failures:
        shown = "; ".join(failures[:10]) + (f"; and {len(failures) - 10} more"
                                            if len(failures) > 10 else "")
        print(f"FAIL\t{name}\t{shown}")
    else:
        print(f"PASS\t{name}")


def info(text):
    print(f"INFO\t{text}")


def read_plan(round_dir):
    plan = []
    with open(os.path.join(round_dir, "plan.tsv"), encoding="utf-8") as f:
        for line in f:
            user, outcome, old, new, tenant_history, stored, must = line.rstrip("\n").split("\t")
            plan.append({"user": user, "changed": outcome == "changed", "old": old, "new": new,
                         "tenant_history": tenant_history.split("|"), "stored": int(stored),
                         "must_modify": must == "true"})
    return plan


def load_json(round_dir, name):
    with open(os.path.join(round_dir, name), encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- the tenant

def bearer(request):
    for name, value in request.get("headers") or []:
        if name.lower() == "authorization":
            return value
    return None


def body(request):
    try:
        parsed = json.loads(request.get("body") or "null")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def target_user(request, names_by_id):
    """The user a lookup or change request is about (None for a token request)."""
    if request.get("endpoint") == "user":
        return body(request).get("user_name")
    if request.get("endpoint") in ("change", "verify"):
        user_id = urllib.parse.unquote(request["path"].split("/")[5])
        return names_by_id.get(user_id)
    return None


def max_open(spans):
    """The largest number of [first, last] spans that share a point."""
    events = sorted([(s, 0) for s, _ in spans] + [(e, 1) for _, e in spans])
    most = current = 0
    for _, kind in events:
        current += 1 if kind == 0 else -1
        most = max(most, current)
    return most


def check_tenant(round_dir, mode):
    plan = read_plan(round_dir)
    requests = load_json(round_dir, "requests.json")
    users = {u["user_name"]: u for u in load_json(round_dir, "users.json")}
    names_by_id = {u["user_id"]: name for name, u in users.items()}
    endpoint = "verify" if mode == "self" else "change"
    other = "change" if mode == "self" else "verify"
    n = len(plan)
    changed = sum(p["changed"] for p in plan)

    wrong_password, wrong_history, wrong_flag = [], [], []
    wrong_count, wrong_body, wrong_lookups = [], [], []
    for p in plan:
        user, state = p["user"], users.get(p["user"])
        if state is None:
            wrong_password.append(f"{user}: unknown to the tenant")
            continue
        expected = p["new"] if p["changed"] else p["old"]
        if state["password"] != expected:
            wrong_password.append(f"{user}: not the {'new' if p['changed'] else 'old'} password")
        if state["history"] != p["tenant_history"]:
            wrong_history.append(f"{user}: {len(state['history'])} entries, "
                                 f"{len(p['tenant_history'])} expected, or out of order")
        if state["pwd_must_modify"] is not p["must_modify"]:
            wrong_flag.append(f"{user}: {state['pwd_must_modify']}")
        mine = [r for r in requests if target_user(r, names_by_id) == user]
        lookups = [r for r in mine if r.get("endpoint") == "user"]
        changes = [r for r in mine if r.get("endpoint") == endpoint]
        others = [r for r in mine if r.get("endpoint") == other]
        if len(lookups) != 1:
            wrong_lookups.append(f"{user}: {len(lookups)}")
        if len(changes) != (1 if p["changed"] else 0) or others:
            wrong_count.append(f"{user}: {len(changes)} {endpoint}, {len(others)} {other}")
        for r in changes:
            b = body(r)
            good = b.get("password") == p["new"] and (
                b.get("old_password") == p["old"] if mode == "self"
                else b.get("must_modify") is True)
            if not good:
                wrong_body.append(f"{user}: wrong password fields or must_modify")

    report(f"tenant holds exactly the expected password ({changed} changed, "
           f"{n - changed} unchanged)", wrong_password)
    report("tenant's password history is exactly the passwords set, in order", wrong_history)
    report(f"tenant's pwd_must_modify as expected after {endpoint}", wrong_flag)
    report(f"exactly one {endpoint} request per changed user, none for the others, "
           f"no {other}", wrong_count)
    report(f"each {endpoint} request carries the user's own passwords", wrong_body)
    report("exactly one user lookup per user", wrong_lookups)

    # The token cache (/run/pam_idaas, shared by every process on the host):
    # the first round's processes start together before any token is cached,
    # so each may fetch one; later rounds find it cached and fetch none. Every
    # API request carries a bearer token; a 401 would show up as an extra
    # lookup or change below.
    tokens = [r for r in requests if r.get("endpoint") == "token"]
    first_round = os.path.basename(os.path.normpath(round_dir)) == "round1"
    if first_round:
        report(f"tokens issued: at least 1, at most one per passwd process ({n})",
               [] if 1 <= len(tokens) <= n else [f"{len(tokens)} token requests"])
    else:
        report("no token issued: every process used the cached one",
               [] if not tokens else [f"{len(tokens)} token requests"])
    sessions = {}
    for index, r in enumerate(requests):
        if r.get("endpoint") == "token":
            continue
        sessions.setdefault(bearer(r), []).append((index, target_user(r, names_by_id)))
    unsent = [f"{len(sessions[None])} requests without a token"] if None in sessions else []
    if first_round:
        report(f"every API request carried a bearer token ({len(sessions)} tokens used)",
               unsent + ([] if len(sessions) <= max(len(tokens), 1) else
                         [f"{len(sessions)} bearer tokens, {len(tokens)} issued"]))
    else:
        report("every API request carried the one cached token",
               unsent + ([] if len(sessions) == 1 else [f"{len(sessions)} bearer tokens"]))
    expected_total = len(tokens) + n + changed  # a lookup each, + one change per changed user
    report(f"nothing retried or extra at the tenant ({expected_total} API requests)",
           [] if len(requests) == expected_total else [f"{len(requests)} API requests"])

    # Parallelism at the tenant, from the order of its request log: a process's
    # session runs from its user's lookup to its change; sessions open at once overlap.
    by_user = {}
    for index, r in enumerate(requests):
        user = target_user(r, names_by_id)
        if user is not None:
            by_user.setdefault(user, []).append(index)
    spans = [(s[0], s[-1]) for s in by_user.values()]
    overlap = max_open(spans) if spans else 0
    info(f"tenant: up to {overlap} of {n} processes' sessions open at once (request log order)")
    report("the processes overlapped at the tenant (at least 2 sessions open at once)",
           [] if overlap >= 2 else [f"at most {overlap} open at once"])

    times = []
    for p in plan:
        with open(os.path.join(round_dir, p["user"] + ".start")) as s, \
                open(os.path.join(round_dir, p["user"] + ".end")) as e:
            times.append((int(s.read()), int(e.read())))
    wall = (max(e for _, e in times) - min(s for s, _ in times)) / 1e9
    slowest = max(e - s for s, e in times) / 1e9
    info(f"processes: {n} passwd in {wall:.1f} s wall, slowest {slowest:.1f} s, "
         f"up to {max_open(times)} running at once (their start/end timestamps)")


# ------------------------------------------------------ shadow and the store

libcrypt = ctypes.CDLL("libcrypt.so.1")
libcrypt.crypt.restype = ctypes.c_char_p
libcrypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]


def verifies(hash_text, password):
    """crypt(3) from libxcrypt, yescrypt included: the hash accepts the password."""
    out = libcrypt.crypt(password.encode(), hash_text.encode())
    return out is not None and out.decode() == hash_text


def shadow_entries(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split(":") for line in f if line.strip()]


def check_shadow(round_dir, plan):
    before = shadow_entries(os.path.join(round_dir, "shadow.before"))
    after = shadow_entries("/etc/shadow")
    by_user = {p["user"]: p for p in plan}
    names_before, names_after = [e[0] for e in before], [e[0] for e in after]
    report(f"/etc/shadow: same {len(before)} entries in the same order",
           [] if names_before == names_after
           else [f"{len(after)} entries now; {sorted(set(names_after) ^ set(names_before))} "
                 "differ, or the order changed"])
    after_by_user = {e[0]: e for e in after}
    intact, changed_bad, not_verified = [], [], []
    for old in before:
        new = after_by_user.get(old[0])
        p = by_user.get(old[0])
        if new is None:
            continue
        if p is None or not p["changed"]:
            if new != old:
                intact.append(old[0])
        elif new[3:] != old[3:]:
            changed_bad.append(f"{old[0]}: fields other than the hash and lastchg changed")
        elif new[1] == old[1]:
            changed_bad.append(f"{old[0]}: hash not changed")
        elif not verifies(new[1], p["new"]):
            not_verified.append(old[0])
    report("/etc/shadow: every entry of a user not changed this round is byte for byte the same",
           intact)
    report("/etc/shadow: changed users have a new hash and the rest of their entry kept",
           changed_bad)
    report("/etc/shadow: each changed user's hash verifies the new password", not_verified)
    with open(os.path.join(round_dir, "shadow.stat")) as f:
        st = os.stat("/etc/shadow")
        now = f"{stat.S_IMODE(st.st_mode):o} {st.st_uid}:{st.st_gid}"
        was = f.read().strip()
        report(f"/etc/shadow: mode and owner unchanged ({was})",
               [] if now == was else [f"now {now}"])
    leftovers = [n for n in ("nshadow", "npasswd", "shadow+") if os.path.exists("/etc/" + n)]
    report("/etc: no temporary file of pam_unix left behind", leftovers)


def read_store(path):
    """history.cc's format: "user:hash,hash" per line, newest first; {} if absent."""
    lines, problems = {}, []
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return {}, problems
    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        user, sep, hashes = line.partition(":")
        if not sep or not user or "," in user:
            problems.append(f"line {number}: no user name")
            continue
        if user in lines:
            problems.append(f"line {number}: {user} repeated")
        if not all(HASH.match(h) for h in hashes.split(",")):
            problems.append(f"line {number}: a malformed hash")
        lines[user] = hashes.split(",")
    if text and not text.endswith("\n"):
        problems.append("no final newline (a half-written file?)")
    return lines, problems


def check_store(round_dir, plan):
    st = os.lstat(HISTORY_FILE)
    mode = stat.S_IMODE(st.st_mode)
    report("history store: a regular file, root's, mode 0600",
           [] if stat.S_ISREG(st.st_mode) and st.st_uid == 0 and mode == 0o600
           else [f"mode {mode:o}, uid {st.st_uid}"])
    after, problems = read_store(HISTORY_FILE)
    before, _ = read_store(os.path.join(round_dir, "history.before"))
    report("history store: well formed (user:hash,... once per user, whole lines)", problems)
    wrong_count, not_newest, not_second, touched = [], [], [], []
    for p in plan:
        hashes = after.get(p["user"], [])
        if len(hashes) != p["stored"]:
            wrong_count.append(f"{p['user']}: {len(hashes)} of {p['stored']}")
            continue
        if not p["changed"]:
            if hashes != before.get(p["user"], []):
                touched.append(p["user"])
            continue
        if not verifies(hashes[0], p["new"]):
            not_newest.append(p["user"])
        # Before this round's entry: the password the module set last round.
        if len(hashes) > 1 and not verifies(hashes[1], p["old"]):
            not_second.append(p["user"])
    report("history store: the expected number of entries for every user", wrong_count)
    report("history store: each changed user's newest entry verifies the new password",
           not_newest)
    report("history store: the entry before it verifies the previous password", not_second)
    report("history store: refused users' lines untouched", touched)
    others = sorted(set(before) - {p["user"] for p in plan})
    report("history store: lines of users outside the round untouched",
           [u for u in others if after.get(u) != before[u]])
    temps = [n for n in os.listdir(os.path.dirname(HISTORY_FILE))
             if n.startswith("." + os.path.basename(HISTORY_FILE) + ".")]
    report("history store: no temporary file left behind", temps)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "tenant":
        check_tenant(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "local":
        plan = read_plan(sys.argv[2])
        check_shadow(sys.argv[2], plan)
        check_store(sys.argv[2], plan)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
