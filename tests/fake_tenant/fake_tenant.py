#!/usr/bin/env python3
"""A fake IDaaS tenant for pam_idaas tests and demos.

A real HTTPS server on 127.0.0.1 implementing the five endpoints of
shared/spec/tenant-api.md (token, user lookup, administrator reset,
self-service change, the user's login) with a small deterministic password policy, plus a
control API under /_fake/ to inject faults, inspect what clients sent and
reset state. Python 3.11 standard library only; TLS material is generated at
start with the openssl command line tool. See README.md beside this file.

Never prints passwords or secrets: stdout carries exactly one line (the ready
JSON), stderr carries one line per request (method, path without query,
status) and short error notes.

This file is the entry point (options, start-up, the ready line, signals); the rest lives in
the tenant_*.py modules beside it: tenant_tls (certificates), tenant_policy (password rules
and error codes), tenant_users, tenant_state, tenant_http (responses, routing), tenant_api,
tenant_login, tenant_faults, tenant_control and tenant_handler (the HTTPS server).
"""

import argparse
import json
import os
import signal
import ssl
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:  # e.g. under PYTHONSAFEPATH
    sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from tenant_handler import TLSServer  # noqa: E402
from tenant_log import log  # noqa: E402
from tenant_state import State  # noqa: E402
from tenant_tls import generate_tls, remove_file, server_context, write_file  # noqa: E402
from tenant_users import load_users  # noqa: E402

DEFAULT_USERS = os.path.join(HERE, "users.json")


def parse_args(argv):
    p = argparse.ArgumentParser(description="Fake IDaaS tenant (HTTPS on 127.0.0.1) for tests.")
    p.add_argument("--state-dir", required=True,
                   help="where TLS material and ready.json are written")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    p.add_argument("--users", default=DEFAULT_USERS, help="users JSON file")
    p.add_argument("--client-id", default="test-client")
    p.add_argument("--client-secret", default="test-secret")
    p.add_argument("--token-lifetime", type=int, default=1800, help="seconds")
    p.add_argument("--login-client-id", default=None,
                   help="another application a login may name in X-client-id")
    p.add_argument("--login-attempts", type=int, default=5,
                   help="failed logins in a row that lock a user")
    p.add_argument("--login-token-marker", default="",
                   help="a word every session, id and state token of a login starts with "
                        "(a test then recognises them in memory)")
    args = p.parse_args(argv)
    if not 0 <= args.port <= 65535:
        p.error("--port must be 0-65535")
    if args.token_lifetime < 1:
        p.error("--token-lifetime must be at least 1")
    if args.login_attempts < 1:
        p.error("--login-attempts must be at least 1")
    return args


def announce_ready(ready_path, ready):
    """The ready JSON: to ready_path (atomically) and as the only line ever on stdout."""
    line = json.dumps(ready)
    tmp = ready_path + ".tmp"
    write_file(tmp, line + "\n", 0o644)
    os.replace(tmp, ready_path)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    sys.stdout = sys.stderr  # nothing else ever goes to stdout


def main(argv=None):
    args = parse_args(argv)
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, mode=0o700, exist_ok=True)
    ready_path = os.path.join(state_dir, "ready.json")
    remove_file(ready_path)

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
        state = State(users, args.client_id, args.client_secret, args.token_lifetime,
                      args.login_client_id, args.login_attempts, args.login_token_marker)
        good = TLSServer(args.port, server_context(state_dir, "server"), state)
        wrong = TLSServer(0, server_context(state_dir, "wrong"), state)
    except (OSError, RuntimeError, ssl.SSLError) as e:
        log(f"cannot start: {e}")
        return 1

    servers = (good, wrong)
    for s in servers:
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2},
                         daemon=True).start()
    ready = {"url": f"https://127.0.0.1:{good.server_port}",
             "wrong_host_url": f"https://127.0.0.1:{wrong.server_port}",
             "ca_file": os.path.join(state_dir, "ca.pem"),
             "pid": os.getpid()}
    announce_ready(ready_path, ready)
    log(f"ready on {ready['url']} (wrong host: {ready['wrong_host_url']})")

    while not stop.wait(0.5):
        pass
    for s in servers:
        s.shutdown()
        s.server_close()
    remove_file(ready_path)
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
