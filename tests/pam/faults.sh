#!/usr/bin/env bash
# The fault matrix (issue 6): every fault of the fake tenant, each striking one call of a
# password change made through the real libpam (pam_wrapper + pamtester, as in run.sh): the
# token, the user lookup, the self-service change (change-password-verify, as uid 65534) and
# the administrator's reset (change-password, as root). For each cell it proves that
#   - the PAM result is a failure, unless the tenant confirmed the change (or the fault allows
#     a confirmed change: a short Retry-After, a change applied before the connection broke);
#   - the user reads a clear message naming the identity service, never a stack trace, raw
#     JSON or HTML;
#   - the run ends within the configured budget (budget_ms 2000, connect_timeout_ms 500):
#     budget + 1.5 s when the fault strikes the preliminary pass, 2 x budget + 1.5 s when it
#     strikes the change (whose outcome may be resolved with a second lookup);
#   - the local store and the tenant's password are both unchanged, or both changed; a tenant
#     that ends up changed alone must be named in the module's syslog (which side holds which
#     password).
# It writes the matrix as Markdown ($PAM_FAULTS_OUT, default ./fault-matrix.md) and compares
# it, times aside, with the copy in docs/fault-matrix.md: a difference fails with a diff.
# PAM_FAULTS_WRITE=1 writes the new matrix into docs/fault-matrix.md instead.
#
# Faults below HTTP (the tenant down, a certificate for the wrong host or from an untrusted
# CA) go through relay.py, which changes where new connections go between two calls.
#
# Usage: faults.sh PATH/TO/pam_idaas.so PROJECT_SOURCE_DIR
# Environment: PAM_FAULTS_ONLY="ROW..." runs only those rows (no docs comparison);
#   the PAM_FLOWS_* knobs of lib.sh.
set -uo pipefail

out_file=${PAM_FAULTS_OUT:-$PWD/fault-matrix.md}

BUDGET_MS=2000
CONNECT_TIMEOUT_MS=500
PRELIM_LIMIT_MS=$((BUDGET_MS + 1500))
CHANGE_LIMIT_MS=$((2 * BUDGET_MS + 1500))
SLOW_S=5         # the "slow" fault's delay: past the budget
NEW_PW='Quiet-Field-26'

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pam_setup "$@"

# --- the relay, a second tenant with its own CA, a CA that signed nothing -----------------

relay_pid=
cleanup_extra() {
  [[ -n $relay_pid ]] && kill "$relay_pid" 2>/dev/null
  "$src/tests/fake_tenant/stop.sh" "$work/fake2" >/dev/null 2>&1
}

port_of() { echo "${1##*:}"; }
fake_port=$(port_of "$url")
wrong_port=$(port_of "$wrong_url")

python3 "$pam_lib/relay.py" "$fake_port" >"$work/relay.json" 2>"$work/relay.log" &
relay_pid=$!
for _ in {1..100}; do
  [[ -s $work/relay.json ]] && break
  sleep 0.1
done
relay_port=$(jq -r .port "$work/relay.json" 2>/dev/null)
relay_control=$(jq -r .control "$work/relay.json" 2>/dev/null)
[[ $relay_port =~ ^[0-9]+$ ]] || require "relay.py started" ""
# relay PATH: target/PORT, cut, down (relay.py)
relay() { curl -sS --fail --max-time 5 -X POST "http://127.0.0.1:$relay_control/$1" >/dev/null; }

# The untrusted server: another fake, with a CA of its own.
if ! ready2=$("$src/tests/fake_tenant/start.sh" "$work/fake2"); then
  require "a second fake tenant" ""
fi
untrusted_port=$(port_of "$(jq -r .url <<<"$ready2")")

# A CA that never signed the fake's certificate, for ca_file.
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj '/CN=pam_idaas faults: unrelated CA' -keyout "$work/other-ca.key" \
  -out "$work/other-ca.pem" >/dev/null 2>&1; then
  require "openssl (an unrelated CA)" ""
fi
chmod 644 "$work/other-ca.pem"

# --- the faults ---------------------------------------------------------------------------

# Rows: NAME|LABEL|FAULT|COUNT|SECONDS[|CALLS]. FAULT is the fake's fault name, or a word
# handled by connection_fault (down, wronghost, untrusted). COUNT -1: the tenant keeps failing,
# so the module's retries meet the fault too. CALLS: the only calls the fault can strike
# (default: every one); the other cells say "n/a".
ROWS=(
  "down|down (connection refused)|down||"
  "slow|slow, past the budget ($SLOW_S s)|slow|-1|$SLOW_S"
  "500|HTTP 500 (JSON error)|500|-1|"
  "html|HTTP 502 (nginx HTML page)|html|-1|"
  "html200|HTTP 200 with an HTML page|html200|-1|"
  "malformed|HTTP 200, truncated JSON|malformed|-1|"
  "wrongtypes|HTTP 200, JSON of the wrong types|wrongtypes|-1|"
  "reset|reset after the request was handled|reset|-1|"
  "samestamp|reset after the request was handled, pwd_change_at unchanged in whole seconds|reset_samestamp|-1||verify change"
  "reset_before|reset before the request was handled|reset_before|-1|"
  "401|HTTP 401 (also after a fresh token)|401|-1|"
  "429short|HTTP 429, Retry-After 1 s (fits the budget)|429|1|1"
  "429long|HTTP 429, Retry-After 30 s (does not fit)|429|-1|30"
  "huge|HTTP 200, 64 MiB body|huge|-1|"
  "otheruser|HTTP 200, the record of another user (bob)|otheruser|-1||user"
  "wronghost|certificate for another host|wronghost||"
  "untrusted|certificate from an untrusted CA|untrusted||"
)
# Columns: the call the fault strikes. verify: the self-service change as uid 65534;
# change: root's reset (admin endpoint).
CALLS=(token user verify change)
declare -A CALL_TITLE=(
  [token]='token'
  [user]='user lookup'
  [verify]='change (self-service, uid 65534)'
  [change]='change (admin reset, root)'
)
# Cells that end in a confirmed change; every other cell must fail.
declare -A SUCCEEDS=(
  [429short.token]=1 [429short.user]=1 [429short.verify]=1 [429short.change]=1
  [reset.verify]=1 [reset.change]=1
)

# When the tenant holds a new password that the local store did not get, the module must
# have logged which side holds which ("... this host keeps the old password ...").
SIDES_LOGGED='host keeps? the old (password|one)'
# A change the tenant may still apply after the module gave up (the "slow" fault) must be
# logged as such.
LATE_LOGGED='should the request still arrive, the tenant would hold the new one'

# --- one cell -----------------------------------------------------------------------------

# The stage of a connection fault on a later call: once the lookup has reached the tenant,
# the relay sends new connections elsewhere (or refuses them). The change opens a fresh
# connection, which meets the fault; the lookup is held at the tenant by a "slow" fault and
# its connection cut, so that the module's retry meets it. (Cutting while a lookup is
# answered would strike the lookup instead of the change.)
wait_for_lookup() {
  local _
  for _ in {1..200}; do
    [[ $(ctl GET requests | jq '[.[] | select(.endpoint == "user")] | length') -ge 1 ]] &&
      return 0
    sleep 0.05
  done
  return 1
}
cut_held_lookup() { [[ $call != user ]] || relay cut; }
stage_down() { wait_for_lookup && relay down && cut_held_lookup; }
stage_wronghost() { wait_for_lookup && relay "target/$wrong_port" && cut_held_lookup; }
stage_untrusted() { wait_for_lookup && relay "target/$untrusted_port" && cut_held_lookup; }

# The PAM result by name, from pam_strerror's words on pamtester's last line.
pam_result_name() {
  local words
  words=$(grep -Eo '(pamtester|driver): .*$' <<<"$out" | tail -n 1 | sed -E 's/^[a-z]+: //')
  case $words in
    "$CHANGED") echo PAM_SUCCESS ;;
    'Authentication token manipulation error') echo PAM_AUTHTOK_ERR ;;
    'Failed preliminary check by password service') echo PAM_TRY_AGAIN ;;
    'Authentication service cannot retrieve authentication info') echo PAM_AUTHINFO_UNAVAIL ;;
    'Authentication information cannot be recovered') echo PAM_AUTHTOK_RECOVERY_ERR ;;
    'Have exhausted maximum number of retries for service') echo PAM_MAXTRIES ;;
    'Authentication token lock busy') echo PAM_AUTHTOK_LOCK_BUSY ;;
    'System error') echo PAM_SYSTEM_ERR ;;
    '') echo "(no result, exit $rc)" ;;
    *) echo "$words" ;;
  esac
}

# What the module told the user: its lines without the prompts, each cut at the end of its
# first clause.
user_message() {
  sed -E -e 's/(Current|New|Retype new) password: //g' <<<"$out" |
    grep -Ev '^(pamtester|driver|PWRAP_)|^ *$' |
    sed -E -e 's/^([^;.]*).*/\1/' -e 's/\|/\\|/g' |
    paste -sd '/' - | sed 's|/| / |g'
}

# The state after the run: the tenant's password and the local store's.
end_state() {
  local tenant_new=0 local_new=0
  [[ $(tenant_field alice password) == "$NEW_PW" ]] && tenant_new=1
  passdb_is alice "$NEW_PW" && local_new=1
  case $tenant_new$local_new in
    00) echo unchanged ;;
    11) echo "changed both" ;;
    10) if logged "$SIDES_LOGGED"; then echo "tenant only (logged)"; else echo "tenant only"; fi ;;
    01) echo "local only" ;;
  esac
}

# struck KIND CALL: the requests the fake saw show that the fault met CALL and not an
# earlier one: an HTTP fault was taken by a request for CALL; a connection fault on the
# token let nothing through, on the lookup only the held lookup, on a change the token and
# lookup but no change.
struck() {
  local kind=$1 call=$2
  case $kind in
    down | wronghost | untrusted)
      case $call in
        token) [[ $(jq length <<<"$requests") -eq 0 ]] ;;
        user) sent_is 1 user && sent_is 0 verify && sent_is 0 change ;;
        *) [[ $(sent token) -ge 1 ]] && sent_is 1 user && sent_is 0 verify && sent_is 0 change ;;
      esac
      ;;
    *) [[ $(sent "$call") -ge 1 ]] ;;
  esac
}

# sleep_until MS: until the given $EPOCHREALTIME in milliseconds
sleep_until() {
  local left=$(($1 - ${EPOCHREALTIME/./} / 1000))
  ((left > 0)) && sleep "$((left / 1000)).$(printf '%03d' $((left % 1000)))"
  return 0
}

# whole_second_stamp USER: the user's pwd_change_at as a tenant with second resolution has it.
whole_second_stamp() {
  ctl POST users "$(ctl GET "users/$1" | jq -c '.pwd_change_at = "2026-01-01T00:00:00Z"')" >/dev/null
}

# cell ROW CALL: one pam_chauthtok with the row's fault striking CALL; checks; sets $cell.
cell() {
  local row=$1 call=$2 name label kind count seconds calls
  IFS='|' read -r name label kind count seconds calls <<<"$row"
  if [[ -n $calls && " $calls " != *" $call "* ]]; then
    cell="n/a"
    return
  fi
  local what="$name x $call" as=nobody endpoint=$call
  [[ $call == change ]] && as=root
  reset_tenant
  # A tenant that keeps whole seconds: equal stamps before and after prove nothing.
  [[ $kind == reset_samestamp ]] && whole_second_stamp alice
  relay "target/$fake_port"
  # read by scenario (the config) and pam (a staged run)
  local TENANT_URL=https://127.0.0.1:$relay_port TENANT_CA=$work/ca.pem STAGE=
  case $kind in
    down | wronghost | untrusted)
      if [[ $call == token ]]; then
        case $kind in
          down) relay down ;;
          wronghost) relay "target/$wrong_port" ;;
          untrusted) TENANT_CA=$work/other-ca.pem ;;
        esac
      else
        # On the lookup: hold it at the tenant while the stage cuts its connection; the
        # module's retry meets the fault.
        [[ $call == user ]] && fault "{\"endpoint\": \"user\", \"fault\": \"slow\", \"count\": 1, \"seconds\": $SLOW_S}"
        STAGE=stage_$kind
      fi
      ;;
    *)
      fault "{\"endpoint\": \"$endpoint\", \"fault\": \"$kind\", \"count\": $count${seconds:+, \"seconds\": $seconds}}"
      ;;
  esac
  scenario "f-$name-$call" "$as"
  local started_ms=$((${EPOCHREALTIME/./} / 1000))
  if [[ $as == root ]]; then
    SERVICE=passwd pam root alice chauthtok "$NEW_PW" "$NEW_PW"  # the admin reset's service
  else
    pam nobody alice chauthtok "$ALICE_OLD" "$NEW_PW" "$NEW_PW"
  fi
  # A slow change lands at the tenant after the module gave up: look once it has.
  local late=0
  [[ $kind == slow && ($call == verify || $call == change) ]] && late=1
  ((late)) && sleep_until $((started_ms + SLOW_S * 1000 + 1000))
  local result message state
  result=$(pam_result_name)
  message=$(user_message)
  state=$(end_state)

  local limit=$CHANGE_LIMIT_MS
  [[ ($call == token || $call == user) && -z ${SUCCEEDS[$name.$call]:-} ]] &&
    limit=$PRELIM_LIMIT_MS
  if [[ -n ${SUCCEEDS[$name.$call]:-} ]]; then
    check "$what: succeeds" exit_is 0
    check "$what: PAM_SUCCESS" result_is "$CHANGED"
    check "$what: tenant and local store both changed" test "$state" = "changed both"
  else
    check "$what: fails" failed
    check "$what: a PAM error result" result_is "$OLD_REFUSED|Authentication service cannot retrieve authentication info"
    check "$what: the message names the identity service" says '[Ii]dentity service'
    check "$what: local store unchanged" passdb_unchanged
    check "$what: tenant unchanged, or the log says which side holds which password" \
      test "$state" = unchanged -o "$state" = "tenant only (logged)"
  fi
  check "$what: no raw answer, trace or crash in the output" \
    never_says '[{}<>]|DOCTYPE|nginx|SYSTEM\.0001|AAAAAAAA|terminate called|what\(\)|Traceback|Segmentation|Aborted|core dumped'
  check "$what: within $limit ms (took $took_ms ms)" test "$took_ms" -le "$limit"
  check "$what: the fault struck the $call call" struck "$kind" "$call"
  if [[ $as == nobody ]]; then
    check "$what: never the admin endpoint" sent_is 0 change
  else
    check "$what: never the self-service endpoint" sent_is 0 verify
  fi
  ((late)) && check "$what: the log says the tenant may still apply the change" logged "$LATE_LOGGED"

  local seconds_taken
  seconds_taken=$(printf '%d.%d' $((took_ms / 1000)) $(((took_ms % 1000) / 100)))
  cell="$result<br>${message:-(no message)}<br>$state<br>$seconds_taken s"
}

# --- the matrix ---------------------------------------------------------------------------

table=$work/matrix.md
{
  printf '| fault |'
  for call in "${CALLS[@]}"; do printf ' %s |' "${CALL_TITLE[$call]}"; done
  printf '\n|---|'
  for call in "${CALLS[@]}"; do printf -- '---|'; done
  printf '\n'
} >"$table"

only=" ${PAM_FAULTS_ONLY:-} "
for row in "${ROWS[@]}"; do
  name=${row%%|*}
  [[ -n ${PAM_FAULTS_ONLY:-} && $only != *" $name "* ]] && continue
  label=$(cut -d'|' -f2 <<<"$row")
  line="| $label |"
  for call in "${CALLS[@]}"; do
    cell "$row" "$call"
    line+=" $cell |"
  done
  echo "$line" >>"$table"
done

# Negative control: the checks see a one-sided change. With on_tenant_unavailable: local_only
# and the tenant failing, the host's password changes alone (as configured): end_state must
# say so, and the check every failed cell passes ("local store unchanged") must not hold.
not() { ! "$@"; }
control_local_only() {
  reset_tenant
  relay "target/$fake_port"
  local TENANT_URL=https://127.0.0.1:$relay_port
  fault '{"endpoint": "any", "fault": "reset_before", "count": -1}'
  scenario control nobody 1 tenant $'password:\n  on_tenant_unavailable: local_only'
  pam nobody alice chauthtok "$NEW_PW" "$NEW_PW"
  check "control: a change of the local password alone is seen as such" \
    test "$(end_state)" = "local only"
  check "control: ... and fails the \"local store unchanged\" check" not passdb_unchanged
}
control_local_only

cp "$table" "$out_file"
echo "# matrix written to $out_file"

# The docs hold the same table between two markers; the times may differ, nothing else.
# shellcheck source=matrix_doc.sh
source "$pam_lib/matrix_doc.sh"
matrix_doc "$table" "$src/docs/fault-matrix.md" \
  '<!-- fault matrix: generated by tests/pam/faults.sh -->' '<!-- end of fault matrix -->' \
  "${PAM_FAULTS_ONLY:-}" "PAM_FAULTS_WRITE=1 $0 MODULE SOURCE_DIR"

finish
