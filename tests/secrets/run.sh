#!/usr/bin/env bash
# No password leaks out of a change or a login: the self-service change (a non-root caller, the
# tenant's change-password-verify), root's administrator reset (change-password), a change the
# tenant refuses and a login whose password goes to the tenant (pam_authenticate as root, the
# host's hash of an older password: the tenant's POST /api/v2/sdk/login answers with a session
# and an id token, and the module writes the new hash with chpasswd -e) run through the real libpam (pam_wrapper, the module debug-logging, the fake tenant
# over TLS, pam_test_store.so as the local store) with passwords that are unique marker
# strings. Each marker (and the client secret, every access token of the run, and every token a
# login answered with: the fake makes them start with TOKEN_MARKER, and tells them) is then
# searched, as bytes, in:
#   - the syslog lines of the process (a private /dev/log in a private mount namespace, with
#     pam_wrapper told to hand pam_syslog to the real syslog(3));
#   - the process's stdout and stderr;
#   - the fake tenant's request log with only the body fields password and old_password taken
#     out (path, query, headers, the rest of the body; passwords only: the client secret and
#     the token belong in the token request and the headers), and the fake's stdout and stderr;
#   - the process environment: /proc/PID/environ while it runs, environ and the PAM
#     environment as the process holds them after the change;
#   - a core dump (gcore) of the process taken after pam_end, and, for the credentials, one
#     taken after pam_chauthtok returned with the handle still open (--hold-handle);
#   - the module's password history file.
# The host process is driver.c (built here with cc): its own conversation reads the answers
# from stdin and wipes its copies, so a marker in the core was left by the PAM stack. Positive
# checks prove each channel is really read: the markers reached the tenant, the module's lines
# reached the syslog capture, the environment read is the driver's. The negative controls: with
# --keep-copy the driver keeps an unwiped copy of each answer, and the core search must find it;
# with no_wipe.so preloaded (explicit_bzero does nothing) a login's tokens must be found in the
# core: they do reach the process in clear, and only the wiping takes them out.
# The login needs alice in the shadow file (getspnam) and writes it: inside the namespaces /etc
# is a copy (the host's /etc is checked unchanged afterwards).
#
# Usage: run.sh PATH/TO/pam_idaas.so PROJECT_SOURCE_DIR
# Environment: PAM_IDAAS_SANITIZED=1 when the module is built with ASan (its runtime is then
#   preloaded first, and the core dump checks are skipped: gcore of an ASan process writes
#   its shadow memory too, 71 GB here); SECRETS_KEEP=1 keeps the temporary directory (cores
#   included).
# Needs root (mount namespace, a non-root caller via setpriv, gcore of that caller); exit
# status 77 (skipped) without root or without unshare, as tests/e2e.
set -uo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: run.sh PATH/TO/pam_idaas.so PROJECT_SOURCE_DIR" >&2
  exit 2
fi
module=$(realpath -- "$1")
src=$(realpath -- "$2")
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

# shellcheck source=../cli/lib.sh
source "$src/tests/cli/lib.sh"
# shellcheck source=../pam/prereq.sh
source "$src/tests/pam/prereq.sh"  # library, require, build (the C helpers, inside)
# shellcheck source=../e2e/devices.sh
source "$src/tests/e2e/devices.sh"

NOBODY=65534
# The markers: each occurs nowhere but where this test puts it. All pass both policies.
SELF_OLD='Kx7!OldMarker-Quokka-3141'    # alice's password at the start of each flow
SELF_NEW='Qz9#NewMarker-Wombat-2718'    # her self-service change
ADMIN_NEW='Wb4+AdminMarker-Numbat-1618'  # root's reset of her password
REFUSED_NEW='Jd2%RefusedMarker-Dingo-577' # in her tenant history: the tenant refuses it
CLIENT_SECRET='ClientSecretMarker-Bilby-4669'
LOGIN_PW='Lv3&LoginMarker-Potoroo-1414'   # alice's password at the tenant, typed at the login
HOST_OLD_PW='Hs5*HostOldMarker-Bettong-173' # the host's older hash of hers: the login is needed
TOKEN_MARKER='LoginTokenMarker-Quoll'      # every login token the fake issues starts with it
TIME_LIMIT=240
MALLOC_KEEPS_MEMORY=GLIBC_TUNABLES=glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=33554432
# Namespaces: a private /dev (and /dev/log) for this run; the pid namespace makes cleanup
# certain (the fake tenant and the syslog listener die with it).
NAMESPACES=(--mount --pid --fork --kill-child=SIGKILL --mount-proc --propagation private)

# --- on the host: prerequisites, then the same script inside the namespaces -------------

# shellcheck source=../lib/skip.sh
source "$src/tests/lib/skip.sh"  # skip: exit 77, or a failure under PAM_IDAAS_REQUIRE_ALL=1
# shellcheck source=../lib/private_tmp.sh
source "$src/tests/lib/private_tmp.sh"
# shellcheck source=../lib/etc_digest.sh
source "$src/tests/lib/etc_digest.sh"

outer() {
  [[ $(id -u) -eq 0 ]] || skip "needs root (namespaces, a non-root caller, gcore)"
  local tool
  for tool in cc gcore gdb curl jq python3 setpriv unshare mknod logger chpasswd perl; do
    require "$tool" "$(command -v "$tool")"
  done
  require "libpam_wrapper.so (Debian: libpam-wrapper)" "$(library libpam_wrapper.so)"
  require "the module" "$module"
  unshare "${NAMESPACES[@]}" true 2>/dev/null ||
    skip "unshare ${NAMESPACES[*]} failed (no CAP_SYS_ADMIN here?)"
  # pam_wrapper's /tmp/pam.X directories in a /tmp of this test's own (lib/private_tmp.sh).
  private_tmp "$module" "$src"

  local work rc=0 host_before
  host_before=$(etc_digest /etc)
  work=$(mktemp -d /tmp/pam_secrets.XXXXXX)
  chmod 755 "$work"
  # shellcheck disable=SC2064
  trap "[[ -n \${SECRETS_KEEP:-} ]] && echo '# kept $work' || rm -rf -- '$work'" EXIT
  trap 'exit 130' INT TERM
  SECRETS_INSIDE=1 SECRETS_WORK=$work timeout -k 5 "$TIME_LIMIT" \
    unshare "${NAMESPACES[@]}" -- "$BASH" "${BASH_SOURCE[0]}" "$module" "$src" || rc=$?
  take_counts "$work/counts" "$rc" "$TIME_LIMIT"
  unchanged "host /etc/passwd, /etc/shadow, /etc/pam.d (and group, gshadow, ssh, security) unchanged" \
    "$host_before" "$(etc_digest /etc)"
  finish
}

if [[ -z ${SECRETS_INSIDE:-} ]]; then
  outer
  exit
fi

# --- inside: a private /dev/log, the helpers, the fake tenant ----------------------------

work=$SECRETS_WORK
inner_cleanup() {
  "$src/tests/fake_tenant/stop.sh" "$work/fake" >/dev/null 2>&1
  echo "$passed $failed" >"$work/counts"
}
trap inner_cleanup EXIT
trap 'exit 130' INT TERM

# Every syslog(3) line of every process in this namespace lands in $syslog (devices.sh).
syslog=$work/syslog.log
private_dev_log() {
  private_dev "$work" secrets-dev
  logger -p authpriv.notice "secrets-test: syslog capture works"
  local _
  for _ in {1..50}; do
    grep -q 'secrets-test: syslog capture works' "$syslog" && return
    sleep 0.1
  done
  not_ok "prerequisite: syslog(3) lines reach the private /dev/log" "$(cat "$syslog")"
  exit 1
}
private_dev_log
ok "syslog(3) of this namespace is captured (logger's line arrived)"

# A copy of /etc over /etc, with alice in it: the login reads her hash and writes a new one.
private_etc() {
  cp -a /etc "$work/etc"
  echo "$work" >"$work/etc/.pam_idaas-secrets"
  mount --bind "$work/etc" /etc
  if [[ $(cat /etc/.pam_idaas-secrets 2>/dev/null) != "$work" ]]; then
    not_ok "prerequisite: /etc is the private copy" "stopping before anything writes"
    exit 1
  fi
  sed -i '/^alice:/d' /etc/passwd /etc/group /etc/shadow /etc/gshadow
  echo 'alice:x:47018:47018:Alice:/nonexistent:/usr/sbin/nologin' >>/etc/passwd
  echo 'alice:x:47018:' >>/etc/group
  cp -p /etc/shadow "$work/shadow.base"
}
private_etc

# host_hash PASSWORD: alice's shadow line holds a fresh yescrypt hash of PASSWORD (perl reads the
# password from stdin: a marker stays off command lines).
host_hash() {
  local hash
  hash=$(perl -e 'my $p = <STDIN>; chomp $p; print crypt($p, $ARGV[0])' \
    "\$y\$j9T\$$(head -c 12 /dev/urandom | base64 | tr '+' '.')" <<<"$1")
  { cat "$work/shadow.base"; echo "alice:$hash:20000:0:99999:7:::"; } >/etc/shadow
}
host_verifies() {
  perl -e 'my $p = <STDIN>; chomp $p; exit(crypt($p, $ARGV[0]) eq $ARGV[0] ? 0 : 1)' \
    "$(awk -F: '$1 == "alice" { print $2 }' /etc/shadow)" <<<"$1"
}

install_module "$module" "$work"
module=$work/pam_idaas.so
wrapper=$(library libpam_wrapper.so)
security=$(dirname -- "$(realpath -- "$(library libpam.so.0)")")/security
store=$work/pam_test_store.so
build "$store" "$src/tests/pam/pam_test_store.c" -shared -fPIC -lpam
driver=$work/driver
build "$driver" "$here/driver.c" -lpam
no_wipe=$work/no_wipe.so
build "$no_wipe" "$here/no_wipe.c" -shared -fPIC
chmod 755 "$driver" "$store" "$no_wipe"

preload=$wrapper
asan_options=
if [[ ${PAM_IDAAS_SANITIZED:-0} == 1 ]]; then
  asan=$(linked_library "$module" libasan.so)
  libcrypt=$(linked_library "$module" libcrypt.so)
  preload=$asan${libcrypt:+:$libcrypt}:$wrapper
  asan_options=detect_leaks=0
fi

if ! ready=$("$src/tests/fake_tenant/start.sh" "$work/fake" --client-secret "$CLIENT_SECRET" \
  --login-token-marker "$TOKEN_MARKER"); then
  not_ok "prerequisite: the fake tenant starts" "$(cat "$work/fake/stderr.log" 2>/dev/null)"
  exit 1
fi
url=$(jq -r .url <<<"$ready")
install -m 644 "$(jq -r .ca_file <<<"$ready")" "$work/ca.pem"

# ctl METHOD PATH [-]: the fake's control API; with "-", the JSON body from stdin (the
# markers stay off command lines).
ctl() {
  local -a body=()
  [[ ${3:-} == - ]] && body=(-H 'Content-Type: application/json' --data-binary @-)
  curl -sS --fail-with-body --max-time 10 --cacert "$work/ca.pem" -X "$1" "${body[@]}" \
    "$url/_fake/$2"
}

# alice_at_tenant HISTORY_JSON: the fake back to the start, alice's password SELF_OLD and the
# given history (the fake refuses a password from it).
alice_at_tenant() {
  ctl POST reset >/dev/null &&
    ctl GET users/alice | jq --arg p "$SELF_OLD" --argjson h "$1" '.password = $p | .history = $h' |
    ctl POST users - >/dev/null
}

# --- one change, and what it left behind ----------------------------------------------

# scenario NAME OWNER: $dir with the config, secret, history, passdb and PAM service.
scenario() {
  local name=$1 owner=$2
  dir=$work/$name
  mkdir -p "$dir/pam.d"
  printf 'alice:%s\n' "$SELF_OLD" >"$dir/passdb"
  printf '%s\n' "$CLIENT_SECRET" >"$dir/secret"
  chmod 600 "$dir/secret"
  cat >"$dir/pam_idaas.yaml" <<YAML
language: en
users:
  min_uid: 0
policy:
  history:
    file: $dir/history
cache:
  directory: $dir/cache
tenant:
  base_url: $url
  ca_file: $work/ca.pem
  client_id: test-client
  client_secret_file: $dir/secret
  budget_ms: 5000
YAML
  local args="config=$dir/pam_idaas.yaml retry=1 debug"
  mkdir -m 700 "$dir/cache"
  # "secrets", and "passwd" for root's reset (password.admin_reset.services: passwd).
  tee "$dir/pam.d/passwd" >"$dir/pam.d/secrets" <<PAM
auth [success=done default=die] $module $args
password requisite $module $args
password required $store passdb=$dir/passdb log=$dir/store.log
PAM
  printf '%s required %s/pam_deny.so\n' auth "$security" account "$security" \
    password "$security" session "$security" >"$dir/pam.d/other"
  local id=0
  [[ $owner == nobody ]] && id=$NOBODY
  chown -R "$id:$id" "$dir"
}

# change AS [DRIVER_OPTION...] -- ANSWER...: the driver as AS (root or nobody) changes alice's
# password with these answers on stdin, through the PAM service SERVICE (default secrets);
# after pam_end, the environment is read and the core dumped, then the driver is stopped. Leaves in $dir: stdout, stderr, environ (from /proc),
# env-out (the driver's), core (unless sanitized), syslog (the lines of this run), requests
# (the fake's log, password fields out) and tenant-stderr.
change() {
  local as=$1
  shift
  local -a opts=()
  while [[ $1 != -- ]]; do opts+=("$1"); shift; done
  shift
  printf '%s\n' "$@" >"$dir/answers"
  chmod 600 "$dir/answers"
  ctl DELETE requests >/dev/null
  local mark
  mark=$(wc -l <"$syslog")
  # glibc keeps freed heap memory (no trimming) and serves large blocks from the heap (no
  # mmap, whose blocks vanish at free): a freed, unwiped copy stays in the core instead of
  # depending on where the allocator happened to put it.
  local -a cmd=(env "LD_PRELOAD=$preload${EXTRA_PRELOAD:+:$EXTRA_PRELOAD}" PAM_WRAPPER=1 "PAM_WRAPPER_SERVICE_DIR=$dir/pam.d"
    PAM_WRAPPER_USE_SYSLOG=1 "$MALLOC_KEEPS_MEMORY")
  [[ -n $asan_options ]] && cmd+=("ASAN_OPTIONS=$asan_options")
  cmd+=("$driver" "${opts[@]}" --env-out "$dir/env-out" "${SERVICE:-secrets}" alice)
  [[ $as == nobody ]] && cmd=(setpriv "--reuid=$NOBODY" "--regid=$NOBODY" --clear-groups "${cmd[@]}")
  (cd / && exec "${cmd[@]}" <"$dir/answers" >"$dir/stdout" 2>"$dir/stderr") &
  local pid=$! _
  for _ in {1..300}; do
    grep -q '^driver: waiting$' "$dir/stderr" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tr '\0' '\n' <"/proc/$pid/environ" >"$dir/environ" 2>/dev/null
  if [[ ${PAM_IDAAS_SANITIZED:-0} != 1 ]] && kill -0 "$pid" 2>/dev/null; then
    gcore -o "$dir/core" "$pid" >"$dir/gcore.log" 2>&1 && mv "$dir/core.$pid" "$dir/core"
  fi
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  sleep 0.2 # the listener writes what it received a moment later
  tail -n "+$((mark + 1))" "$syslog" >"$dir/syslog"
  ctl GET requests >"$dir/requests.raw"
  ctl GET login-tokens >"$dir/login-tokens"
  jq '[.[] | .body |= (try (fromjson | del(.password, .old_password) | tojson) catch .)]' \
    "$dir/requests.raw" >"$dir/requests"
  cat "$work/fake/stderr.log" "$work/fake/stdout.log" >"$dir/tenant-stderr"
}

# --- checks -------------------------------------------------------------------------------

# check NAME COMMAND...: ok when COMMAND succeeds; the run's output with a failure.
check() {
  local name=$1
  shift
  if "$@"; then
    ok "$name"
  else
    not_ok "$name" "failed: $*
driver stderr:
$(cat "$dir/stderr" 2>/dev/null)
driver stdout:
$(cat "$dir/stdout" 2>/dev/null)"
  fi
}

# absent WHAT FILE PASSWORD: one check that PASSWORD's bytes are nowhere in FILE (which must
# exist and not be empty: an empty capture would prove nothing); a finding says how often and
# where.
absent() {
  local what=$1 file=$2 password=$3
  if [[ ! -s $file ]]; then
    not_ok "$what" "nothing to search: $file is missing or empty"
  elif grep -qaF -- "$password" "$file"; then
    not_ok "$what" "found $(grep -caF -- "$password" "$file") time(s) in $file, at byte offsets: $(
      grep -aboF -- "$password" "$file" | cut -d: -f1 | head -n 10 | tr '\n' ' ')"
  else
    ok "$what"
  fi
}

found() { grep -qaF -- "$2" "$1"; }
succeeded() { grep -qxF 'driver: authentication token altered successfully.' "$dir/stderr"; }
# tenant_got ENDPOINT JQ_FILTER: the fake received a request there whose body matches
tenant_got() {
  jq -e --arg e "$1" \
    "[.[] | select(.endpoint == \$e) | .body | try fromjson catch {} | select($2)] | length > 0" \
    "$dir/requests.raw" >/dev/null
}
got_token() { jq -e 'any(.[].headers[]; .[0] == "Authorization")' "$dir/requests.raw" >/dev/null; }
module_logged() { grep -q "pam_idaas(${SERVICE:-secrets}:${PAM_OP:-chauthtok}): .*$1" "$dir/syslog"; }
authenticated() { grep -qxF 'driver: authenticated successfully.' "$dir/stderr"; }
# The tokens the fake's logins answered with in this run, one a line.
login_tokens() { jq -r '.[]' "$dir/login-tokens"; }
core_dumped() { [[ -s $dir/core ]]; }

# nowhere WHAT SECRET NAME [password|credential]: SECRET in none of the places a leak could
# show. A credential (the client secret, an access token) travels in the token request's body
# and in the Authorization header: the request log is not searched for it.
nowhere() {
  local what=$1 password=$2 name=$3 kind=${4:-password}
  absent "$what: $name not in syslog" "$dir/syslog" "$password"
  absent "$what: $name not on stdout" "$dir/stdout" "$password"
  absent "$what: $name not on stderr" "$dir/stderr" "$password"
  if [[ $kind == password ]]; then
    absent "$what: $name not in the tenant's request log outside the password fields" \
      "$dir/requests" "$password"
  fi
  absent "$what: $name not in the tenant's own stderr/stdout" "$dir/tenant-stderr" "$password"
  absent "$what: $name not in /proc/PID/environ" "$dir/environ" "$password"
  absent "$what: $name not in the process or PAM environment after the change" \
    "$dir/env-out" "$password"
  if [[ -e $dir/history ]]; then
    absent "$what: $name not in the password history file" "$dir/history" "$password"
  fi
  if [[ ${PAM_IDAAS_SANITIZED:-0} == 1 ]]; then
    echo "# $what: core dump checks skipped (PAM_IDAAS_SANITIZED=1)"
  else
    absent "$what: $name not in a core dump of the process ${CORE_WHEN:-after pam_end}" \
      "$dir/core" "$password"
  fi
}

# The client secret and the access tokens the fake issued in this run: no password, but as
# secret (a token grants the tenant's admin API until it expires).
credentials_nowhere() {
  local what=$1 token
  nowhere "$what" "$CLIENT_SECRET" "client secret" credential
  check "$what: the run got an access token" got_token
  for token in $(jq -r '.[].headers[] | select(.[0] == "Authorization") | .[1]' \
    "$dir/requests.raw" | sed 's/^Bearer //' | sort -u); do
    nowhere "$what" "$token" "access token" credential
  done
}

# Proves each capture is real before its absence checks count.
channels_work() {
  local what=$1
  check "$what: the module's lines reached the syslog capture" module_logged ''
  check "$what: stdout holds the prompts" found "$dir/stdout" 'New password: '
  check "$what: the environment read is the driver's" found "$dir/environ" PAM_WRAPPER_SERVICE_DIR=
  check "$what: the driver wrote its environments" found "$dir/env-out" 'process: PAM_WRAPPER=1'
  check "$what: the fake's stderr logs requests" found "$dir/tenant-stderr" 'change-password'
  if [[ ${PAM_IDAAS_SANITIZED:-0} != 1 ]]; then
    check "$what: a core dump was taken" core_dumped
  fi
}

# --- flows --------------------------------------------------------------------------------

# 1. Self-service: a non-root caller proves the old password at change-password-verify.
flow_self_service() {
  alice_at_tenant '[]'
  scenario self nobody
  change nobody -- "$SELF_OLD" "$SELF_NEW" "$SELF_NEW"
  check "self-service: the change succeeds" succeeded
  check "self-service: both markers reached change-password-verify" \
    tenant_got verify ".old_password == \"$SELF_OLD\" and .password == \"$SELF_NEW\""
  check "self-service: the module logged the change" module_logged 'password of alice changed'
  channels_work "self-service"
  nowhere "self-service" "$SELF_OLD" "old password"
  nowhere "self-service" "$SELF_NEW" "new password"
  credentials_nowhere "self-service"
}

# 2. Root's administrator reset: no old password, the change-password endpoint.
flow_admin_reset() {
  alice_at_tenant '[]'
  scenario admin root
  local SERVICE=passwd  # the admin reset's service; the checks read its syslog prefix
  change root -- "$ADMIN_NEW" "$ADMIN_NEW"
  check "admin reset: the change succeeds" succeeded
  check "admin reset: the marker reached change-password" \
    tenant_got change ".password == \"$ADMIN_NEW\""
  check "admin reset: the module logged the change" module_logged 'password of alice changed'
  channels_work "admin reset"
  nowhere "admin reset" "$ADMIN_NEW" "new password"
  credentials_nowhere "admin reset"
}

# 3. The tenant refuses the new password (alice's tenant history): the error path, with the
#    tenant's message logged and shown.
flow_refused() {
  alice_at_tenant "[\"$REFUSED_NEW\"]"
  scenario refused nobody
  change nobody -- "$SELF_OLD" "$REFUSED_NEW" "$REFUSED_NEW"
  check "refused change: fails" eval '! succeeded'
  check "refused change: the tenant's PWD.0007 is shown" found "$dir/stdout" 'PWD.0007'
  check "refused change: both markers reached change-password-verify" \
    tenant_got verify ".old_password == \"$SELF_OLD\" and .password == \"$REFUSED_NEW\""
  channels_work "refused change"
  nowhere "refused change" "$SELF_OLD" "old password"
  nowhere "refused change" "$REFUSED_NEW" "new password"
  credentials_nowhere "refused change"
}

# 4. The negative control: the driver keeps unwiped copies; the core search must find them.
flow_negative_control() {
  [[ ${PAM_IDAAS_SANITIZED:-0} == 1 ]] && return
  alice_at_tenant '[]'
  scenario control nobody
  change nobody --keep-copy -- "$SELF_OLD" "$SELF_NEW" "$SELF_NEW"
  check "negative control: the change succeeds" succeeded
  check "negative control: a core dump was taken" core_dumped
  check "negative control: the kept old password is found in the core" found "$dir/core" "$SELF_OLD"
  check "negative control: the kept new password is found in the core" found "$dir/core" "$SELF_NEW"
}

# alice_logs_in NAME [DRIVER_OPTION...]: the tenant holds LOGIN_PW (a portal change: the marker
# in the body, from stdin), the host a hash of HOST_OLD_PW; root's driver logs her in with
# LOGIN_PW, so the password goes to the tenant's login and its ok answer carries the tokens.
alice_logs_in() {
  local name=$1
  shift
  ctl POST reset >/dev/null &&
    jq -n --arg p "$LOGIN_PW" '{user_name: "alice", password: $p}' | ctl POST portal-change - >/dev/null
  host_hash "$HOST_OLD_PW"
  scenario "$name" root
  change root --auth "$@" -- "$LOGIN_PW"
}

# 5. A login: the password goes to the tenant, whose answer has a session and an id token; the
#    host's hash is made current. Neither the password nor a token may stay anywhere.
flow_login() {
  local PAM_OP=auth token kind
  alice_logs_in login
  check "login: succeeds" authenticated
  check "login: the password went to the tenant's login once" \
    test "$(jq '[.[] | select(.endpoint == "login" and .password_sent)] | length' "$dir/requests.raw")" = 1
  check "login: the tenant answered with a session and an id token, both marked" \
    test "$(login_tokens | grep -cE "^$TOKEN_MARKER-(session|id)-")" = 2
  check "login: the module logged the tenant's ok" module_logged 'accepted by the tenant'
  check "login: the host's hash was made current (it verifies the password)" host_verifies "$LOGIN_PW"
  check "login: the module's lines reached the syslog capture" module_logged ''
  check "login: stdout holds the prompt" found "$dir/stdout" 'Password: '
  check "login: the environment read is the driver's" found "$dir/environ" PAM_WRAPPER_SERVICE_DIR=
  check "login: the driver wrote its environments" found "$dir/env-out" 'process: PAM_WRAPPER=1'
  check "login: the fake's stderr logs requests" found "$dir/tenant-stderr" 'sdk/login'
  if [[ ${PAM_IDAAS_SANITIZED:-0} != 1 ]]; then
    check "login: a core dump was taken" core_dumped
  fi
  nowhere "login" "$LOGIN_PW" "login password"
  absent "login: login password not in /etc/shadow (its hash only)" /etc/shadow "$LOGIN_PW"
  for token in $(login_tokens); do
    kind=${token#"$TOKEN_MARKER"-}
    nowhere "login" "$token" "${kind%%-*} token" credential
  done
  # What is left of any token, should a copy have lost its end: its marker.
  nowhere "login" "$TOKEN_MARKER-" "any login token's marker" credential
  credentials_nowhere "login"
}

# 6. The negative control of the tokens: explicit_bzero made a no-op (no_wipe.so), the same
#    login leaves its tokens in the process, and the core search finds them.
flow_login_negative_control() {
  [[ ${PAM_IDAAS_SANITIZED:-0} == 1 ]] && return
  local PAM_OP=auth
  EXTRA_PRELOAD=$no_wipe alice_logs_in login-control
  check "token control: the login succeeds" authenticated
  check "token control: a core dump was taken" core_dumped
  local session id
  session=$(login_tokens | grep -m1 "^$TOKEN_MARKER-session-")
  id=$(login_tokens | grep -m1 "^$TOKEN_MARKER-id-")
  check "token control: unwiped, the session token is found in the core" found "$dir/core" "$session"
  check "token control: unwiped, the id token is found in the core" found "$dir/core" "$id"
}

# 7. The handle kept open after the change, as su, login and display managers keep it for the
#    whole session: the core is dumped before pam_end. The client secret and every access
#    token go with the pass that used them (issue 18, item 8), not with pam_end.
flow_handle_open() {
  local as what
  for as in nobody root; do
    what="handle open ($as)"
    alice_at_tenant '[]'
    scenario "open-$as" "$as"
    local SERVICE=secrets
    if [[ $as == root ]]; then
      SERVICE=passwd  # the admin reset's service (password.admin_reset.services)
      change root --hold-handle -- "$ADMIN_NEW" "$ADMIN_NEW"
    else
      change nobody --hold-handle -- "$SELF_OLD" "$SELF_NEW" "$SELF_NEW"
    fi
    check "$what: the change succeeds" succeeded
    if [[ ${PAM_IDAAS_SANITIZED:-0} != 1 ]]; then
      check "$what: a core dump was taken before pam_end" core_dumped
    fi
    CORE_WHEN="with the handle open" credentials_nowhere "$what"
  done
}

flow_self_service
flow_admin_reset
flow_refused
flow_handle_open
flow_negative_control
flow_login
flow_login_negative_control
