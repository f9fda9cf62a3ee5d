# shellcheck shell=bash
# Shared by the end-to-end scripts (passwd.sh, sshd.sh): the real setuid
# passwd(1) and the real sshd(8) run against a private copy of /etc inside
# mount, network and pid namespaces, so the host's accounts, PAM stacks, logs
# and network are never touched (shared/spec/field-notes.md, "Testing PAM
# without touching the host").
#
# A script using it defines e2e_body (its checks, with ok/not_ok) and calls
#   sandbox_main "$@"        # arguments: MODULE PROJECT_SOURCE_DIR
# sandbox_main runs twice:
#   on the host: prepares DIR (a copy of /etc, the module), re-executes the
#     script inside the namespaces, then checks that the host's /etc is
#     unchanged and prints "N passed, N failed";
#   inside: mounts DIR/etc over /etc, tmpfs over /home, /run and /var/log, a
#     small /dev with its own /dev/log (syslog lines go to DIR/syslog.log),
#     brings up lo, creates the users, starts the fake tenant, writes the
#     module's configuration, then runs e2e_body.
#
# MODULE may be the word --pam-unix-only: no pam_idaas, no tenant, just
# pam_unix, to prove the sandbox itself (e2e_body checks E2E_MODE).
# Knobs: E2E_VERBOSE=1 prints every transcript; E2E_MODULE_ARGS=debug adds
# arguments to the pam_idaas lines; E2E_TIMEOUT (seconds, default 50).
#
# Exit status 77 (ctest: skipped) when the sandbox cannot be built here: not
# root, no CAP_SYS_ADMIN for unshare, a missing tool, PAM_IDAAS_SANITIZED=1 or
# a sanitizer-built module (it cannot load into the setuid passwd or sshd).
# Under PAM_IDAAS_REQUIRE_ALL=1 each of these fails instead, but for the
# sanitizer's when the test is listed in PAM_IDAAS_INHERENT_SKIPS (tests/lib/skip.sh).

e2e_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../cli/lib.sh
source "$e2e_here/../cli/lib.sh"
# shellcheck source=devices.sh
source "$e2e_here/devices.sh"
# lib.sh's expect() helper (for the CLI tests) would shadow expect(1), which
# drives the prompts here.
unset -f expect

# The fake tenant's sample users (tests/fake_tenant/users.json); the local
# passwords are set to the same ones, as if the accounts had been in sync.
ALICE_PW='Lantern#4821'
BOB_PW='Initial#Set42'   # pwd_must_modify at the tenant
CARL_PW='Local#Only123'  # a host-only account: the tenant does not know carl

E2E_CONFIG=/etc/security/pam_idaas.yaml

# Mount and network namespaces keep /etc, /home, /run, /var/log and the
# loopback private. The pid namespace, whose init is the script itself, makes
# cleanup certain: when it exits, or unshare is killed (--kill-child), the
# kernel kills sshd, the fake tenant, expect and passwd with it.
NAMESPACES=(--mount --net --pid --fork --kill-child=SIGKILL --mount-proc --propagation private)

# skip [--inherent] REASON: exit 77, or a failure under PAM_IDAAS_REQUIRE_ALL=1 (tests/lib).
# shellcheck source=../lib/skip.sh
source "$e2e_here/../lib/skip.sh"

# ---------------------------------------------------------------- on the host

# What must never change on the host: accounts, PAM stacks, ssh and security
# settings. Names, types, modes and owners, then the contents.
host_digest() {
  local paths=() p
  for p in passwd shadow group gshadow pam.d ssh security; do
    [[ -e /etc/$p ]] && paths+=("$p")
  done
  (
    cd /etc || exit 1
    find "${paths[@]}" -printf '%p %y %m %u:%g %l\n' | LC_ALL=C sort
    find "${paths[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  )
}

sandbox_preflight() {
  [[ ${PAM_IDAAS_SANITIZED:-0} == 1 ]] &&
    skip --inherent "PAM_IDAAS_SANITIZED=1: a sanitizer-built module cannot load into setuid passwd or sshd"
  [[ $(id -u) == 0 ]] || skip "needs root (unshare, useradd, sshd)"
  local tool
  for tool in expect unshare setpriv ip useradd chpasswd passwd chage curl perl python3 \
    ssh ssh-keygen /usr/sbin/sshd; do
    command -v "$tool" >/dev/null || skip "missing tool: $tool"
  done
  # The module is loaded from DIR, under /tmp.
  findmnt -no OPTIONS -T /tmp | grep -qw noexec && skip "/tmp is mounted noexec: no module can load from it"
  unshare "${NAMESPACES[@]}" true 2>/dev/null ||
    skip "unshare ${NAMESPACES[*]} failed (no CAP_SYS_ADMIN here?)"
  if [[ $E2E_MODE == idaas ]]; then
    [[ -f $E2E_MODULE ]] || { echo "no such module: $E2E_MODULE" >&2; exit 2; }
    # An ASan runtime must be the first library of the process: never so in passwd.
    # ldd's output whole: grep -q's early exit would kill ldd and read as "no sanitizer".
    [[ $(ldd "$E2E_MODULE" 2>/dev/null) =~ lib(a|ub|t)san ]] &&
      skip --inherent "$E2E_MODULE is built with a sanitizer"
  fi
  return 0
}

# Nothing of the namespace can outlive it (see NAMESPACES), so only DIR is left.
# The pid files in DIR hold pids of the inner pid namespace: never used here.
sandbox_outer_cleanup() {
  if [[ -n ${E2E_DIR:-} && -d $E2E_DIR ]]; then rm -rf "$E2E_DIR"; fi
}

# kill_pidfile FILE NAME: SIGTERM the pid in FILE if it still is NAME (pids get reused).
kill_pidfile() {
  local pid
  [[ -s $1 ]] || return 0
  pid=$(<"$1")
  if grep -qa "$2" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
  fi
}

sandbox_main() {
  if [[ -n ${E2E_INSIDE:-} ]]; then
    sandbox_inside
    return
  fi
  if [[ $# -ne 2 ]]; then
    echo "usage: $0 MODULE|--pam-unix-only PROJECT_SOURCE_DIR" >&2
    exit 2
  fi
  E2E_MODE=idaas E2E_MODULE=$1
  if [[ $1 == --pam-unix-only ]]; then E2E_MODE=unix E2E_MODULE=; fi
  E2E_SRC=$(cd "$2" && pwd)
  sandbox_preflight

  local script before after rc=0
  script=$(realpath "$0")
  before=$(host_digest)
  trap sandbox_outer_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  E2E_DIR=$(mktemp -d /tmp/pam_idaas-e2e.XXXXXX)
  # The setuid tools and sshd's unprivileged child must traverse it.
  chmod 755 "$E2E_DIR"
  cp -a /etc "$E2E_DIR/etc"
  # Checked inside before anything writes to /etc: proves the bind mount took.
  echo "$E2E_DIR" >"$E2E_DIR/etc/.pam_idaas-e2e-sandbox"
  if [[ $E2E_MODE == idaas ]]; then
    mkdir -m 755 "$E2E_DIR/lib"
    install_module "$E2E_MODULE" "$E2E_DIR/lib" -o root -g root
  fi

  export E2E_INSIDE=1 E2E_DIR E2E_MODE E2E_SRC E2E_MODULE_ARGS E2E_VERBOSE
  timeout -k 5 "${E2E_TIMEOUT:-50}" unshare "${NAMESPACES[@]}" -- "$BASH" "$script" || rc=$?
  take_counts "$E2E_DIR/counts" "$rc" "${E2E_TIMEOUT:-50}"
  unchanged "host /etc/passwd, /etc/shadow, /etc/pam.d (and group, gshadow, ssh, security) unchanged" \
    "$before" "$(host_digest)"
  finish
}

# ------------------------------------------------------- inside the namespace

sandbox_inner_cleanup() {
  kill_pidfile "$E2E_DIR/sshd.pid" sshd
  kill_pidfile "$E2E_DIR/syslog.pid" pam_idaas-e2e-syslog
  [[ -d $E2E_DIR/fake ]] && "$E2E_SRC/tests/fake_tenant/stop.sh" "$E2E_DIR/fake" >/dev/null 2>&1
  return 0
}

sandbox_inside() {
  trap sandbox_inner_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # The checks read the English messages (the module picks the language from
  # LC_ALL, LC_MESSAGES, LANG; passwd and sshd pass this environment on).
  export LC_ALL=C.UTF-8 LANG=C.UTF-8
  unset LC_MESSAGES LANGUAGE
  sandbox_mounts
  sandbox_users
  if [[ $E2E_MODE == idaas ]]; then
    tenant_start
    write_module_config
  fi
  e2e_body
  echo "$passed $failed" >"$E2E_DIR/counts"
}

sandbox_mounts() {
  mount --bind "$E2E_DIR/etc" /etc
  # Refuse to go on unless /etc now is our copy: useradd, chpasswd and passwd write there.
  if [[ $(cat /etc/.pam_idaas-e2e-sandbox 2>/dev/null) != "$E2E_DIR" ]]; then
    echo "sandbox: /etc is not the private copy; stopping before writing anything" >&2
    exit 1
  fi
  # Home directories, utmp and sshd's privilege-separation directory, and the
  # logs that useradd, passwd and sshd write (lastlog, faillog, wtmp, btmp).
  mount -t tmpfs -o mode=755 e2e-home /home
  mount -t tmpfs -o mode=755 e2e-run /run
  mkdir -m 755 /run/sshd
  mount -t tmpfs -o mode=755 e2e-log /var/log
  if [[ -d /var/mail ]]; then mount -t tmpfs -o mode=2775,gid=mail e2e-mail /var/mail; fi
  sandbox_dev
  ip link set lo up
}

# A private /dev with the few nodes passwd, sshd, ssh and expect use, plus a
# /dev/log of our own: the module's pam_syslog lines land in DIR/syslog.log
# (shown with failures) instead of the host's syslog, or nowhere.
sandbox_dev() { private_dev "$E2E_DIR" e2e-dev; }

sandbox_users() {
  local user
  for user in alice bob carl; do
    useradd --create-home --shell /bin/bash "$user"
  done
  # chpasswd's own PAM service (common-password: pam_unix) is left untouched.
  printf '%s:%s\n' alice "$ALICE_PW" bob "$BOB_PW" carl "$CARL_PW" | chpasswd
}

# The fake tenant listens inside this network namespace only. A script may set
# the array E2E_TENANT_OPTIONS (fake_tenant.py options, e.g. --login-attempts 4).
tenant_start() {
  local ready
  ready=$("$E2E_SRC/tests/fake_tenant/start.sh" "$E2E_DIR/fake" ${E2E_TENANT_OPTIONS[@]+"${E2E_TENANT_OPTIONS[@]}"})
  TENANT_URL=$(json_get "$ready" url)
  TENANT_CA=$(json_get "$ready" ca_file)
}

tenant_stop() {
  "$E2E_SRC/tests/fake_tenant/stop.sh" "$E2E_DIR/fake" >/dev/null 2>&1
}

json_get() {
  python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"
}

# fake METHOD PATH [JSON]: the fake's control API (/_fake/PATH), the JSON answer on
# stdout. JSON (which may hold a password) goes through stdin, not curl's argv.
fake() {
  if [[ -n ${3:-} ]]; then
    printf '%s' "$3" | curl -sS --fail --max-time 5 --cacert "$TENANT_CA" -X "$1" \
      -H 'Content-Type: application/json' --data-binary @- "$TENANT_URL/_fake/$2"
  else
    curl -sS --fail --max-time 5 --cacert "$TENANT_CA" -X "$1" "$TENANT_URL/_fake/$2"
  fi
}

# tenant_check PYTHON-EXPRESSION: true when the expression holds over the fake's
# state. In scope: users (name -> full state, password included), reqs (the
# request log, each with its JSON body parsed into "json"), env (os.environ),
# calls(endpoint, user=None): the parsed bodies sent to endpoint ("verify",
# "change", ...) for that user's id, and logins(user=None): the log entries of
# the user's own logins (user_name, password_sent; never the password).
# tenant_value PYTHON-EXPRESSION prints the expression's value instead.
tenant_check() { tenant_eval "$1" check; }
tenant_value() { tenant_eval "$1" print; }
tenant_eval() {
  local reqs users
  reqs=$(fake GET requests) && users=$(fake GET users) || return 1
  python3 - "$1" "$reqs" "$users" "$2" <<'PY'
import json, os, sys
expr, reqs, users = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
users = {u["user_name"]: u for u in users}
env = os.environ
for r in reqs:
    try:
        r["json"] = json.loads(r.get("body") or "null")
    except ValueError:
        r["json"] = None
def calls(endpoint, user=None):
    return [r["json"] or {} for r in reqs if r.get("endpoint") == endpoint
            and (user is None or users[user]["user_id"] in r["path"])]
def logins(user=None):
    return [r for r in reqs if r.get("endpoint") == "login"
            and (user is None or r.get("user_name") == user)]
if sys.argv[4] == "print":
    print(eval(expr))
    sys.exit(0)
sys.exit(0 if eval(expr) else 1)
PY
}

# What the fake saw, for failure messages: one line per API request, and the users' state.
tenant_summary() {
  fake GET requests | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print("request:", r["method"], r["path"], r.get("endpoint"), r.get("body") or "")'
  local user
  for user in "$@"; do
    echo "user $user: $(fake GET "users/$user")"
  done
}

# module_yaml [TENANT_LINES]: the module's configuration on stdout: the tenant found at start
# (plus TENANT_LINES, each "  key: value", in its section), the password history on the
# namespace's tmpfs, the client secret of write_module_config.
module_yaml() {
  cat <<YAML
# Written by tests/e2e/sandbox.sh for one run; /etc is a private copy.
users:
  min_uid: 1000
policy:
  history:
    file: /var/log/pam_idaas-history
cache:
  directory: /run/pam_idaas   # the namespace's tmpfs, as on a host
tenant:
  base_url: $TENANT_URL
  client_id: test-client
  client_secret_file: /etc/security/pam_idaas.secret
${1:-}
YAML
}

# The module's configuration: the tenant found at start, the password history
# on the namespace's tmpfs, the client secret readable by root only.
write_module_config() {
  local sec=$E2E_DIR/etc/security
  printf 'test-secret\n' >"$sec/pam_idaas.secret"
  chown root:root "$sec/pam_idaas.secret"
  chmod 600 "$sec/pam_idaas.secret"
  module_yaml "  ca_file: $TENANT_CA" >"$sec/pam_idaas.yaml"
  chown root:root "$sec/pam_idaas.yaml"
  chmod 644 "$sec/pam_idaas.yaml"
}

# ---------------------------------------------------------------- PAM stacks

# E2E_MODULE_ARGS (e.g. debug) is added to every pam_idaas line.
e2e_module_line() {
  echo "$E2E_DIR/lib/pam_idaas.so config=$E2E_CONFIG${E2E_MODULE_ARGS:+ $E2E_MODULE_ARGS}"
}

# The password stack of the README and docs/pam.md: the tenant first (any
# failure ends the stack), then pam_unix writes the new password the tenant
# confirmed (use_authtok); an account the module ignores (host-only, unknown
# to the tenant) takes the other pam_unix line, which asks for itself.
# try_first_pass reuses the current password the module asked for.
password_stack() {
  if [[ $E2E_MODE == idaas ]]; then
    echo "password [success=1 ignore=ignore default=die] $(e2e_module_line) retry=3"
    echo "password [success=2 default=die] pam_unix.so obscure try_first_pass yescrypt"
    echo "password [success=1 default=ignore] pam_unix.so use_authtok try_first_pass yescrypt"
    echo "password requisite pam_deny.so"
  else
    echo "password required pam_unix.so yescrypt"
  fi
  echo "password required pam_permit.so"
}

# The account stack of docs/pam.md: the host's own checks first (pam_idaas's
# new_authtok_reqd=done must not skip them), then the tenant's must-modify flag;
# an unknown or unmanaged user, or a tenant out of reach, changes nothing.
account_stack() {
  echo "account [success=1 new_authtok_reqd=done default=ignore] pam_unix.so"
  echo "account requisite pam_deny.so"
  echo "account required pam_permit.so"
  if [[ $E2E_MODE == idaas ]]; then
    echo "account [success=ok new_authtok_reqd=done ignore=ignore user_unknown=ignore" \
      "authinfo_unavail=ignore default=bad] $(e2e_module_line)"
  fi
}

# ---------------------------------------------------------- running and checks

# converse COMMAND...: runs COMMAND under converse.exp, which answers the
# prompts from E2E_PASSWORD, E2E_OLD and E2E_NEW (pass them as VAR=... before
# the call). Sets OUT (the transcript, without carriage returns) and RC.
# E2E_VERBOSE=1 prints every transcript as "# |" lines.
converse() {
  RC=0
  SYSLOG_MARK=$(wc -l <"$E2E_DIR/syslog.log")
  OUT=$(command expect -f "$e2e_here/converse.exp" -- "$@" 2>&1) || RC=$?
  OUT=${OUT//$'\r'/}
  if [[ -n ${E2E_VERBOSE:-} ]]; then # every transcript, not only failures
    local line
    echo "# \$ $* (exit status $RC)"
    while IFS= read -r line; do echo "# | $line"; done <<<"$OUT"
  fi
}

# check NAME COMMAND...: ok when COMMAND succeeds; otherwise not_ok with the
# last transcript, so a failure shows what the user saw.
check() {
  local name=$1
  shift
  if "$@"; then
    ok "$name"
  else
    not_ok "$name" "exit status ${RC:-}; transcript:
${OUT:-}$(syslog_since_converse)"
  fi
}

# check_tenant NAME EXPRESSION [USER...]: tenant_check; on failure the fake's log and users.
check_tenant() {
  local name=$1 expr=$2
  shift 2
  if tenant_check "$expr"; then
    ok "$name"
  else
    not_ok "$name" "not true at the tenant: $expr
$(tenant_summary "$@" 2>&1)"
  fi
}

# The syslog lines (module, pam_unix, passwd) logged since the last converse.
syslog_since_converse() {
  local lines
  sleep 0.2 # the catcher writes what it received a moment later
  lines=$(tail -n "+$((${SYSLOG_MARK:-0} + 1))" "$E2E_DIR/syslog.log")
  [[ -n $lines ]] && printf '\nsyslog:\n%s' "$lines"
  return 0
}

said() { grep -Eq -- "$1" <<<"$OUT"; }
said_i() { grep -Eiq -- "$1" <<<"$OUT"; }
status_is() { [[ $RC == "$1" ]]; }
status_not() { [[ $RC != "$1" ]]; }

shadow_hash() { awk -F: -v u="$1" '$1 == u { print $2 }' /etc/shadow; }

# hash_verifies HASH PASSWORD: crypt(3) (libxcrypt, so yescrypt too) through perl.
hash_verifies() {
  perl -e 'exit(crypt($ARGV[1], $ARGV[0]) eq $ARGV[0] ? 0 : 1)' "$1" "$2"
}

# shadow_verifies USER PASSWORD: the local hash accepts PASSWORD.
shadow_verifies() { hash_verifies "$(shadow_hash "$1")" "$2"; }
