#!/usr/bin/env bash
# The fault matrix of the login (issue 17): every fault of the fake tenant, striking the login
# call (POST /api/v2/sdk/login) or the user lookup before it, during a real pam_authenticate
# (pamtester under pam_wrapper, as root) of alice, in two host states that both need the login:
#   differs: the host's hash is of an older password; she types the tenant's current one;
#   stale:   the host's hash is of the password she types, but the tenant's pwd_change_at moved
#            since this host's sync record was written (a priming login wrote it, then a
#            portal change with the same password moved the tenant's stamp).
# The module reads the shadow file with getspnam and writes it with chpasswd -e: the run
# happens in a private mount namespace (lib.sh's private /tmp) whose /etc is a copy with alice
# added, and whose /dev (and /dev/log) is its own. The host's /etc is read through a descriptor
# opened before the copy covered it: it must be unchanged at the end.
#
# The stack is the packaged one (pam_idaas, then pam_unix try_first_pass), with pam_echo lines
# in the jumps to show which code the module itself returned when the stack went on:
#   pam_idaas [success=done ignore=ignore authinfo_unavail=1 user_unknown=2 default=die]
#   pam_echo "probe: PAM_IGNORE" (jumps to pam_unix) / PAM_AUTHINFO_UNAVAIL / PAM_USER_UNKNOWN
#   pam_unix try_first_pass nodelay [success=done default=die] (nodelay: the times are the
#   module's, without pam_unix's 2 s delay after a failure)
# For each cell it proves that
#   - the module returns what docs/pam.md says: success only after the tenant's ok, PAM_IGNORE
#     when the tenant cannot say (auth.offline: local_hash, the host's hash decides in
#     pam_unix), PAM_AUTH_ERR for LOGIN.0002 (even when the host's hash matches),
#     PAM_PERM_DENIED for the other refusals;
#   - /etc/shadow is byte-identical after every run but one where the tenant said ok and the
#     host's hash differed (then the hash verifies the typed password);
#   - the user reads a clear message (no raw answer, HTML, trace), the fault struck the
#     intended call (the fake's request log), the password went to the tenant at most once,
#     and the run ended within budget + 1.5 s.
# It writes the matrix as Markdown ($PAM_FAULTS_OUT, default ./auth-fault-matrix.md) and
# compares it, times aside, with the copy in docs/fault-matrix.md (PAM_FAULTS_WRITE=1 rewrites
# the copy instead).
#
# Usage: auth_faults.sh PATH/TO/pam_idaas.so PROJECT_SOURCE_DIR
# Environment: PAM_FAULTS_ONLY="ROW..." runs only those rows (no docs comparison); the
#   PAM_FLOWS_* knobs of lib.sh.
set -uo pipefail

out_file=${PAM_FAULTS_OUT:-$PWD/auth-fault-matrix.md}

BUDGET_MS=2000          # tenant.budget_ms and auth.budget_ms
CONNECT_TIMEOUT_MS=500
LIMIT_MS=$((BUDGET_MS + 1500))
SLOW_S=5                # the "slow" fault's delay: past the budget
TENANT_PW='Lantern#4821'  # alice's password at the fake (users.json): the one she types
HOST_OLD_PW='Harbor!7735Kq' # an older one of hers: the "differs" host's hash
OTHER_PW='Beacon#5507'    # set at the portal for the LOGIN.0002 row
AUTH_UID=47017            # alice's uid in the copy of /etc

here=$(dirname -- "${BASH_SOURCE[0]}")
# shellcheck source=../lib/skip.sh
source "$here/../lib/skip.sh"
# Before pam_setup nothing may have effects (it runs the script again); these only look.
[[ $(id -u) -eq 0 ]] || skip "needs root (namespaces, a copy of /etc over /etc, chpasswd)"
unshare --mount --propagation private true 2>/dev/null ||
  skip "unshare --mount failed (no CAP_SYS_ADMIN here?): no private /etc for the shadow writes"
for tool in chpasswd perl sha256sum mknod; do
  command -v "$tool" >/dev/null || skip "missing tool: $tool"
done

# alice is an account of the private /etc below, not of lib.sh's nss_wrapper files.
HOST_ACCOUNTS=etc
# shellcheck source=lib.sh
source "$here/lib.sh"
pam_setup "$@"
# shellcheck source=../e2e/devices.sh
source "$src/tests/e2e/devices.sh"  # private_dev
# shellcheck source=matrix_doc.sh
source "$pam_lib/matrix_doc.sh"
# shellcheck source=../lib/etc_digest.sh
source "$src/tests/lib/etc_digest.sh"

# --- a private /etc and /dev ---------------------------------------------------------------

cleanup_extra() {
  [[ -s $work/syslog.pid ]] && kill "$(<"$work/syslog.pid")" 2>/dev/null
  return 0
}

# The namespace private_tmp made is ours alone (not the parent's): only then /etc is covered.
if [[ $(readlink /proc/self/ns/mnt) == "$(readlink "/proc/$PPID/ns/mnt")" ]]; then
  not_ok "prerequisite: a mount namespace of this test's own" "private_tmp did not make one"
  finish
  exit 1
fi
exec {host_etc}</etc
host_etc_path=/proc/self/fd/$host_etc
host_before=$(etc_digest "$host_etc_path")
cp -a /etc "$work/etc"
echo "$work" >"$work/etc/.pam_idaas-auth-faults"
mount --bind "$work/etc" /etc
if [[ $(cat /etc/.pam_idaas-auth-faults 2>/dev/null) != "$work" ]]; then
  not_ok "prerequisite: /etc is the private copy" "stopping before anything writes"
  finish
  exit 1
fi
# chpasswd and pam_unix log through syslog(3): into $work/syslog.log, not the host's log.
private_dev "$work" auth-faults-dev

# alice as a local account of this /etc only; her shadow line is set per cell.
sed -i '/^alice:/d' /etc/passwd /etc/group /etc/shadow /etc/gshadow
echo "alice:x:$AUTH_UID:$AUTH_UID:Alice:/nonexistent:/usr/sbin/nologin" >>/etc/passwd
echo "alice:x:$AUTH_UID:" >>/etc/group
cp -p /etc/shadow "$work/shadow.base"

# host_hash PASSWORD: alice's shadow line holds a fresh yescrypt hash of PASSWORD.
host_hash() {
  local hash
  hash=$(perl -e 'print crypt($ARGV[0], $ARGV[1])' "$1" "\$y\$j9T\$$(head -c 12 /dev/urandom | base64 | tr '+' '.')")
  { cat "$work/shadow.base"; echo "alice:$hash:20000:0:99999:7:::"; } >/etc/shadow
}
shadow_sum() { sha256sum /etc/shadow | cut -d' ' -f1; }
alice_hash() { awk -F: '$1 == "alice" { print $2 }' /etc/shadow; }
verifies() { perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' "$1" "$(alice_hash)"; }

# --- the faults ---------------------------------------------------------------------------

# Rows: NAME|LABEL|KIND|COUNT|SECONDS. KIND: a fault of the fake (README.md "Faults"), "none",
# or a tenant refusal (LOGIN.0002 wrong password, LOGIN.0003 locked, LOGIN.0004 disabled).
ROWS=(
  "none|no fault (control: the tenant says ok)|none||"
  "500|HTTP 500 (JSON error)|500|-1|"
  "html|HTTP 502 (nginx HTML page)|html|-1|"
  "html200|HTTP 200 with an HTML page|html200|-1|"
  "malformed|HTTP 200, truncated JSON|malformed|-1|"
  "wrongtypes|HTTP 200, JSON of the wrong types|wrongtypes|-1|"
  "slow|slow, past the budget ($SLOW_S s)|slow|-1|$SLOW_S"
  "reset|reset after the request was handled|reset|-1|"
  "reset_before|reset before the request was handled|reset_before|-1|"
  "401|HTTP 401|401|-1|"
  "403|HTTP 403|403|-1|"
  "404|HTTP 404|404|-1|"
  "429short|HTTP 429, Retry-After 1 s|429|1|1"
  "429|HTTP 429, Retry-After 30 s|429|-1|30"
  "huge|HTTP 200, 64 MiB body|huge|-1|"
  "LOGIN.0002|tenant: LOGIN.0002 (wrong password: it holds another)|LOGIN.0002||"
  "LOGIN.0003|tenant: LOGIN.0003 (account locked)|LOGIN.0003||"
  "LOGIN.0004|tenant: LOGIN.0004 (account disabled)|LOGIN.0004||"
)
# Columns: the call the fault strikes, and the host's state.
COLUMNS=(login.differs login.stale user.differs user.stale)
declare -A COLUMN_TITLE=(
  [login.differs]='login; host hash differs'
  [login.stale]='login; hash matches, record stale'
  [user.differs]='user lookup; host hash differs'
  [user.stale]='user lookup; hash matches, record stale'
)
OFFLINE_SAID='The identity service cannot be reached; the password is checked on this host only'
UPDATED_SAID='The identity service holds a password this host did not know'

# --- one cell -----------------------------------------------------------------------------

# The auth stack of the cell's service (pam() runs service "flows").
write_auth_service() {
  local args="config=$dir/pam_idaas.yaml retry=1${MODULE_EXTRA:+ $MODULE_EXTRA}"
  cat >"$dir/pam.d/flows" <<PAM
auth [success=done ignore=ignore authinfo_unavail=1 user_unknown=2 default=die] $module $args
auth [default=2] $security/pam_echo.so probe: PAM_IGNORE
auth [default=1] $security/pam_echo.so probe: PAM_AUTHINFO_UNAVAIL
auth [default=ignore] $security/pam_echo.so probe: PAM_USER_UNKNOWN
auth [success=done default=die] $security/pam_unix.so try_first_pass nodelay
PAM
}

# auth_scenario NAME: $dir for one cell: the config (no status cache: every auth looks the
# user up; sync records in $dir/cache), the stack.
auth_scenario() {
  local yaml=$'auth:\n  budget_ms: '"$BUDGET_MS"
  [[ -n ${AUTH_YAML:-} ]] && yaml+=$'\n  '"$AUTH_YAML"
  CACHE_DIR=$work/$1/cache CACHE_SECONDS=0 scenario "$1" root 1 tenant "$yaml"
  mkdir -m 700 "$dir/cache"
  write_auth_service
}

portal() { ctl POST portal-change "{\"user_name\": \"alice\", \"password\": \"$1\"}" >/dev/null; }
tenant_set() { ctl GET users/alice | jq "$1" | ctl_post_users; }
ctl_post_users() {
  curl -sS --fail-with-body --max-time 10 --cacert "$work/ca.pem" -X POST \
    -H 'Content-Type: application/json' --data-binary @- "$url/_fake/users" >/dev/null
}
# The sync records in the cell's cache directory (beside them: the access token's entry).
records() { grep -rlx 'pam_idaas sync 1' "$dir/cache" | wc -l; }

# prepare STATE: the host and the tenant before the measured run. Both start with a portal
# change (the tenant's pwd_change_at set). stale: a priming login writes the sync record, then
# a second portal change with the same password moves the tenant's stamp.
prepare() {
  portal "$TENANT_PW"
  if [[ $1 == differs ]]; then
    host_hash "$HOST_OLD_PW"
    return 0
  fi
  host_hash "$TENANT_PW"
  pam root alice authenticate "$TENANT_PW"
  check "$what: priming login succeeds and writes the sync record" \
    test "$rc" = 0 -a "$(records)" = 1 -a "$(sent login)" = 1
  portal "$TENANT_PW"
  ctl DELETE requests >/dev/null
}

# strike KIND CALL COUNT SECONDS: the fault, or the tenant's state for a refusal.
strike() {
  case $1 in
    none) ;;
    LOGIN.0002) portal "$OTHER_PW" ;;
    LOGIN.0003) tenant_set '.locked = true' ;;
    LOGIN.0004) tenant_set '.disabled = true' ;;
    *) fault "{\"endpoint\": \"$2\", \"fault\": \"$1\", \"count\": $3${4:+, \"seconds\": $4}}" ;;
  esac
}

# The PAM code the module returned (the probe's line, or the stack's end) and the stack's.
stack_result() {
  local words
  words=$(grep -Eo 'pamtester: .*$' <<<"$out" | tail -n 1 | sed -E 's/^pamtester: //')
  case $words in
    'successfully authenticated') echo PAM_SUCCESS ;;
    'Authentication failure') echo PAM_AUTH_ERR ;;
    'Permission denied') echo PAM_PERM_DENIED ;;
    'Authentication service cannot retrieve authentication info') echo PAM_AUTHINFO_UNAVAIL ;;
    'User not known to the underlying authentication module') echo PAM_USER_UNKNOWN ;;
    '') echo "(no result, exit $rc)" ;;
    *) echo "$words" ;;
  esac
}
module_result() {
  local probe
  probe=$(grep -Eo 'probe: PAM_[A-Z_]+' <<<"$out" | tail -n 1)
  if [[ -n $probe ]]; then echo "${probe#probe: }"; else stack_result; fi
}

# Lines joined with " / " for one table cell ("|" escaped).
one_cell() { sed -E 's/\|/\\|/g' | awk 'NF { printf "%s%s", (n++ ? " / " : ""), $0 }'; }

# What the module told the user: its lines without the prompt and the probe's.
user_message() {
  sed -E 's/Password: //g' <<<"$out" | grep -Ev '^(pamtester|PWRAP_|probe: )' | one_cell
}

# The module's syslog lines ("PRIORITY pam_idaas(SERVICE:auth): TEXT", syslog_capture.c),
# with the priority's name, without the port and curl's timings of this run.
syslog_lines() {
  grep -E '^[0-7] pam_idaas\(' <<<"$syslog" |
    sed -E -e 's/^([0-7]) pam_idaas\([^)]*\): /\1 /' \
      -e 's/^0 /emerg: /; s/^1 /alert: /; s/^2 /crit: /; s/^3 /err: /' \
      -e 's/^4 /warning: /; s/^5 /notice: /; s/^6 /info: /; s/^7 /debug: /' \
      -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:PORT/g' -e 's/after [0-9]+ milliseconds/after N milliseconds/g' |
    one_cell
}

# cell ROW COLUMN: one pam_authenticate with the row's fault striking the column's call;
# checks; sets $cell.
cell() {
  local row=$1 column=$2 name label kind count seconds
  IFS='|' read -r name label kind count seconds <<<"$row"
  local call=${column%.*} state=${column#*.}
  local what="$name x $column"
  if [[ $kind == LOGIN.* && $call == user ]]; then
    cell='—'
    return
  fi
  reset_tenant
  auth_scenario "a-$name-$column"
  prepare "$state"
  strike "$kind" "$call" "$count" "$seconds"
  local before
  before=$(shadow_sum)
  cp -p /etc/shadow "$dir/shadow.before"
  pam root alice authenticate "$TENANT_PW"
  local result stack message logline shadow
  result=$(module_result)
  stack=$(stack_result)
  message=$(user_message)
  logline=$(syslog_lines)
  if [[ $(shadow_sum) == "$before" ]] && cmp -s /etc/shadow "$dir/shadow.before"; then
    shadow=unchanged
  else
    shadow=written
  fi

  local want_result=PAM_IGNORE want_stack want_shadow=unchanged
  [[ $state == differs ]] && want_stack=PAM_AUTH_ERR || want_stack=PAM_SUCCESS
  case $kind in
    none)
      want_result=PAM_SUCCESS want_stack=PAM_SUCCESS
      [[ $state == differs ]] && want_shadow=written
      ;;
    LOGIN.0002) want_result=PAM_AUTH_ERR want_stack=PAM_AUTH_ERR ;;
    LOGIN.0003 | LOGIN.0004) want_result=PAM_PERM_DENIED want_stack=PAM_PERM_DENIED ;;
  esac
  # A short Retry-After may fit the budget: the lookup's retry then gets its answer.
  if [[ $name == 429short && $result == PAM_SUCCESS ]]; then
    want_result=PAM_SUCCESS want_stack=PAM_SUCCESS
    [[ $state == differs ]] && want_shadow=written
  fi
  check "$what: the module returns $want_result" test "$result" = "$want_result"
  check "$what: the stack ends in $want_stack" test "$stack" = "$want_stack"
  check "$what: /etc/shadow $want_shadow" test "$shadow" = "$want_shadow"
  if [[ $shadow == written ]]; then
    check "$what: the new hash verifies the typed password" verifies "$TENANT_PW"
    check "$what: the user is told the host took the tenant's password" says "$UPDATED_SAID"
  fi
  if [[ $want_result == PAM_IGNORE ]]; then
    check "$what: the user is told the password is checked here only" says "$OFFLINE_SAID"
    check "$what: the log says the host's hash decides" logged 'left to this host.s hash'
  fi
  [[ $kind == LOGIN.* ]] && check "$what: the tenant's $kind and reason are shown" says "$kind: "
  check "$what: no raw answer, trace or crash in the output" \
    never_says '[{}<>]|DOCTYPE|nginx|SYSTEM\.0001|AAAAAAAA|terminate called|what\(\)|Traceback|Segmentation|Aborted|core dumped'
  check "$what: within $LIMIT_MS ms (took $took_ms ms)" test "$took_ms" -le "$LIMIT_MS"
  # A 429 is an answer to a request the tenant did not handle: the login may be sent again
  # after a Retry-After that fits the budget, and only then.
  local unhandled=0
  [[ $name == 429short && $call == login ]] && unhandled=1
  check "$what: the tenant handled the password at most once" \
    test "$(($(sent login) - unhandled))" -le 1
  if [[ $call == login ]]; then
    check "$what: the login was sent (again after a 429: $unhandled)" \
      test "$(sent login)" -eq $((1 + unhandled))
  elif [[ $name != none ]]; then
    check "$what: the fault struck the lookup" test "$(sent user)" -ge 1
    [[ $result != PAM_SUCCESS ]] &&
      check "$what: no login without the lookup's answer" test "$(sent login)" -eq 0
  fi

  local seconds_taken
  seconds_taken=$(printf '%d.%d' $((took_ms / 1000)) $(((took_ms % 1000) / 100)))
  local summary="$result → $stack<br>${message:-(no message)}<br>${logline:-(no log line)}"
  summary+="<br>shadow $shadow<br>$seconds_taken s"
  [[ $kind == none ]] && in_sync_after
  cell=$summary
}

# After the tenant's ok the record is current again: the next login sends no password.
in_sync_after() {
  ctl DELETE requests >/dev/null
  pam root alice authenticate "$TENANT_PW"
  check "$what: the next login succeeds without sending the password" \
    test "$rc" = 0 -a "$(sent login)" = 0
}

# --- the matrix ---------------------------------------------------------------------------

table=$work/matrix.md
{
  printf '| fault |'
  for column in "${COLUMNS[@]}"; do printf ' %s |' "${COLUMN_TITLE[$column]}"; done
  printf '\n|---|'
  for column in "${COLUMNS[@]}"; do printf -- '---|'; done
  printf '\n'
} >"$table"

only=" ${PAM_FAULTS_ONLY:-} "
for row in "${ROWS[@]}"; do
  name=${row%%|*}
  [[ -n ${PAM_FAULTS_ONLY:-} && $only != *" $name "* ]] && continue
  label=$(cut -d'|' -f2 <<<"$row")
  line="| $label |"
  for column in "${COLUMNS[@]}"; do
    cell "$row" "$column"
    line+=" $cell |"
  done
  echo "$line" >>"$table"
done

# auth.offline: deny, the login failing: the module refuses (PAM_AUTHINFO_UNAVAIL, the stack
# line's authinfo_unavail decides) and writes nothing.
control_deny() {
  local what="auth.offline deny, login 500"
  reset_tenant
  AUTH_YAML='offline: deny' auth_scenario control-deny
  prepare differs
  strike 500 login -1 ''
  local before
  before=$(shadow_sum)
  pam root alice authenticate "$TENANT_PW"
  check "$what: the module returns PAM_AUTHINFO_UNAVAIL" test "$(module_result)" = PAM_AUTHINFO_UNAVAIL
  check "$what: the user is told the login is refused" says 'cannot be reached; login refused'
  check "$what: /etc/shadow unchanged" test "$(shadow_sum)" = "$before"
}
control_deny

cp "$table" "$out_file"
echo "# matrix written to $out_file"
matrix_doc "$table" "$src/docs/fault-matrix.md" \
  '<!-- auth fault matrix: generated by tests/pam/auth_faults.sh -->' \
  '<!-- end of auth fault matrix -->' "${PAM_FAULTS_ONLY:-}" \
  "PAM_FAULTS_WRITE=1 ctest --test-dir BUILD -R pam_auth_faults"

if [[ $(etc_digest "$host_etc_path") == "$host_before" ]]; then
  ok "the host's /etc (passwd, shadow, group, gshadow, pam.d, ssh, security) unchanged"
else
  not_ok "the host's /etc unchanged" "$(diff <(echo "$host_before") <(etc_digest "$host_etc_path"))"
fi
finish
