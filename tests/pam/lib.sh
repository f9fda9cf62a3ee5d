# shellcheck shell=bash
# shellcheck disable=SC2034  # variables for the scripts that source this file
# Shared by the scripts that drive the module through the real libpam (tests/pam/run.sh, the
# flows; tests/pam/faults.sh, the fault matrix): pamtester runs a PAM stack under pam_wrapper
# (service files from a temporary directory, never the host's /etc/pam.d), the module talks
# to the fake tenant over TLS on 127.0.0.1, pam_test_store.so plays pam_unix's part as the
# local password store, and syslog_capture.so catches the module's syslog lines in a file
# (this machine's /dev/log is neither needed nor written).
#
# A script sources this file, then calls
#   pam_setup "$@"     # arguments: PATH/TO/pam_idaas.so PROJECT_SOURCE_DIR
# which checks the prerequisites, starts the script again in a mount namespace whose /tmp is
# its own (pam_wrapper's per-process directories there: tests/lib/private_tmp.sh), makes the
# work directory $work, builds the C helpers, and starts the fake tenant ($url, $wrong_url,
# $work/ca.pem). The work directory and the fake go on exit; a script that starts more defines
# cleanup_extra to stop it. Nothing before pam_setup may have effects: it runs twice.
#
# The host's accounts, as the module's getpwnam sees them, come from nss_wrapper's files in
# $work (host_accounts below): alice, bob, carol and dave are this host's users; zhangsan (a
# tenant user) and nosuchuser (in the local store only) are not. A script whose accounts come
# from a private /etc instead sets HOST_ACCOUNTS=etc before sourcing this file.
#
# Environment: PAM_IDAAS_SANITIZED=1 when the module is built with ASan (its libasan is then
#   preloaded first); PAM_FLOWS_VALGRIND=1 runs every pamtester under valgrind memcheck (an
#   error in any of them fails the run); PAM_FLOWS_DEBUG=1 adds the module's "debug"
#   argument; PAM_FLOWS_VERBOSE=1 shows every run, its output and syslog lines (stderr);
#   PAM_FLOWS_KEEP=1 keeps the temporary directory.

pam_lib=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

NOBODY=65534              # the unprivileged caller of the self-service flows
ALICE_OLD='Lantern#4821'  # users.json
VALGRIND_ERROR=99         # memcheck's exit status when it found an error

# --- prerequisites ------------------------------------------------------------------------

# shellcheck source=prereq.sh
source "$pam_lib/prereq.sh"  # library, require, build

pam_cleanup() {
  declare -F cleanup_extra >/dev/null && cleanup_extra
  "$src/tests/fake_tenant/stop.sh" "$work/fake" >/dev/null 2>&1
  [[ -n ${PAM_FLOWS_KEEP:-} ]] && { echo "# kept $work"; return; }
  rm -rf -- "$work"
}

pam_setup() {
  local script
  script=$(basename -- "$0")
  if [[ $# -ne 2 ]]; then
    echo "usage: $script PATH/TO/pam_idaas.so PROJECT_SOURCE_DIR" >&2
    exit 2
  fi
  # Absolute paths: service files name modules by absolute path, and nothing below may depend
  # on the directory the script was started from.
  module=$(realpath -- "$1")
  src=$(realpath -- "$2")
  # shellcheck source=../cli/lib.sh
  source "$src/tests/cli/lib.sh"

  # shellcheck source=../lib/skip.sh
  source "$src/tests/lib/skip.sh"
  # shellcheck source=../lib/private_tmp.sh
  source "$src/tests/lib/private_tmp.sh"

  if [[ ${PAM_FLOWS_VALGRIND:-0} == 1 && ${PAM_IDAAS_SANITIZED:-0} == 1 ]]; then
    skip --inherent "valgrind and AddressSanitizer do not mix: not run in the sanitizer build"
  fi

  # Root: the flows run pamtester as root and as nobody (setpriv), and chown the scenario files.
  [[ $(id -u) -eq 0 ]] || require "root (to run the flows as root and as uid $NOBODY)" ""
  # pam_wrapper's directories in a /tmp of this test's own (the script starts again there).
  private_tmp "$@"

  # Everything lives in one directory that the nobody runs can traverse; removed on exit
  # together with the fake tenant. Whatever a process running as uid 65534 reads is copied
  # here: the checkout may sit where uid 65534 cannot look (root's 0700 home).
  work=$(mktemp -d "/tmp/pam_${script%.sh}.XXXXXX")
  chmod 755 "$work"
  trap pam_cleanup EXIT
  trap 'exit 130' INT TERM  # through the EXIT trap: the fake stopped, the directory removed
  [[ -e $module ]] || require "the module" "$module"
  install_module "$module" "$work"
  module=$work/pam_idaas.so
  local tool
  for tool in pamtester setpriv cc curl jq; do
    require "$tool" "$(command -v "$tool")"
  done
  wrapper=$(library libpam_wrapper.so)
  require "libpam_wrapper.so (Debian: libpam-wrapper)" "$wrapper"
  libpam=$(library libpam.so.0)
  require "libpam.so.0" "$libpam"
  security=$(dirname -- "$(realpath -- "$libpam")")/security  # pam_permit.so and friends
  require "pam_permit.so" "$security/pam_permit.so"
  set_items=$(dirname -- "$wrapper")/pam_wrapper/pam_set_items.so
  require "pam_set_items.so" "$set_items"

  store=$work/pam_test_store.so
  build "$store" "$pam_lib/pam_test_store.c" -shared -fPIC -lpam
  driver=$work/ruid_driver
  build "$driver" "$pam_lib/ruid_driver.c" -lpam -lpam_misc
  capture=$work/syslog_capture.so
  build "$capture" "$pam_lib/syslog_capture.c" -shared -fPIC
  if [[ ${HOST_ACCOUNTS:-wrapped} == wrapped ]]; then
    local nss_wrapper
    nss_wrapper=$(library libnss_wrapper.so)
    require "libnss_wrapper.so (Debian: libnss-wrapper)" "$nss_wrapper"
    host_accounts "$nss_wrapper"
  fi

  # An ASan module needs its runtime loaded before anything else in pamtester; pamtester's own
  # leaks are not ours. ASan resolves the real function behind each interceptor once, at start:
  # a library that only arrives with the module (dlopen) has none, and the intercepted call
  # jumps to address 0. pamtester does not link libcrypt, so the module's crypt_r (password
  # history) crashed that way: libcrypt is preloaded too.
  preload=$wrapper:$capture
  asan_options=${ASAN_OPTIONS:-}
  if [[ ${PAM_IDAAS_SANITIZED:-0} == 1 ]]; then
    local asan libcrypt
    asan=$(linked_library "$module" libasan.so)
    require "the module's libasan (PAM_IDAAS_SANITIZED=1)" "$asan"
    libcrypt=$(linked_library "$module" libcrypt.so)
    preload=$asan${libcrypt:+:$libcrypt}:$preload
    # Last, so that it wins over the suite's ASAN_OPTIONS (scripts/test sets detect_leaks=1 for
    # the unit tests): at the exit of a process that ran libcurl's threads, LeakSanitizer's
    # tracer itself can crash ("Tracer caught signal 11"), failing a run that leaked nothing.
    # The module's leaks are the unit tests' (ASan) and pam_flows_valgrind's (memcheck) to find.
    asan_options=${asan_options:+$asan_options:}detect_leaks=0
  fi

  # Under valgrind a run takes seconds, not milliseconds: more time per run and per budget.
  valgrind=()
  run_limit=30
  if [[ ${PAM_FLOWS_VALGRIND:-0} == 1 ]]; then
    require "valgrind (Debian: valgrind)" "$(command -v valgrind)"
    valgrind=(valgrind --tool=memcheck --error-exitcode="$VALGRIND_ERROR"
      --errors-for-leak-kinds=definite --leak-check=full --num-callers=40
      "--suppressions=$work/valgrind.supp")
    install -m 644 -- "$pam_lib/valgrind.supp" "$work/valgrind.supp"  # read by the nobody runs
    run_limit=180
    BUDGET_MS=${BUDGET_MS:-30000}
    ACCOUNT_BUDGET_MS=${ACCOUNT_BUDGET_MS:-30000}
    AUTH_BUDGET_MS=${AUTH_BUDGET_MS:-30000}
  fi

  start_fake
}

# host_accounts NSS_WRAPPER_LIBRARY: the host's passwd and group for nss_wrapper, which pam()
# preloads with NSS_WRAPPER_PASSWD/GROUP (not in $preload: other hosts of the module, such as
# bench/pam_auth_calls.sh, have a real /etc): what the module's getpwnam finds, and so which
# accounts root may reset (password.admin_reset).
host_accounts() {
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' "nobody:x:$NOBODY:$NOBODY:nobody:/:/bin/false" \
    'alice:x:1000:1000:Alice Smith:/home/alice:/bin/sh' 'bob:x:1001:1001:Bob Stone:/home/bob:/bin/sh' \
    'carol:x:1002:1002:Carol King:/home/carol:/bin/sh' 'dave:x:1003:1003::/home/dave:/bin/sh' \
    >"$work/passwd"
  printf '%s\n' 'root:x:0:' "nogroup:x:$NOBODY:" 'alice:x:1000:' 'bob:x:1001:' 'carol:x:1002:' \
    'dave:x:1003:' >"$work/group"
  chmod 644 "$work/passwd" "$work/group"
  nss_env=("NSS_WRAPPER_PASSWD=$work/passwd" "NSS_WRAPPER_GROUP=$work/group")
  nss_preload=:$1
}
nss_env=()
nss_preload=''

# --- the fake tenant ----------------------------------------------------------------------

# Starts the fake tenant in $work/fake; $url and $wrong_url are its ports, $work/ca.pem its CA.
start_fake() {
  local ready
  if ! ready=$("$src/tests/fake_tenant/start.sh" "$work/fake"); then
    not_ok "prerequisite: the fake tenant starts" "$(cat "$work/fake/stderr.log" 2>/dev/null)"
    finish
    exit 1
  fi
  url=$(jq -r .url <<<"$ready")
  wrong_url=$(jq -r .wrong_host_url <<<"$ready")
  # start.sh keeps its directory private; the nobody runs need to read the CA.
  install -m 644 "$(jq -r .ca_file <<<"$ready")" "$work/ca.pem"
}

# ctl METHOD PATH [JSON]: the fake's control API
ctl() {
  local -a body=()
  [[ $# -ge 3 ]] && body=(-H 'Content-Type: application/json' --data "$3")
  curl -sS --fail-with-body --max-time 10 --cacert "$work/ca.pem" -X "$1" "${body[@]}" \
    "$url/_fake/$2"
}
# Users, faults, tokens and the request log back to the start: every flow starts clean.
reset_tenant() { ctl POST reset >/dev/null; }
fault() { ctl POST fault "$1" >/dev/null; }
# tenant_field USER FIELD: the fake's state of one user (password, pwd_must_modify, ...)
tenant_field() { ctl GET "users/$1" | jq -r ".$2"; }
# The fake's request log as it was right after the last run (fetched once per run by pam()).
requests='[]'
fetch_requests() { requests=$(ctl GET requests 2>/dev/null) || requests='[]'; }
# sent ENDPOINT [JQ_FILTER]: how many requests for ENDPOINT (token, user, change, verify) the
# fake got whose JSON body matches the filter
sent() {
  jq --arg e "$1" \
    "[.[] | select(.endpoint == \$e) | .body | (try fromjson catch {}) | select(${2:-true})] | length" \
    <<<"$requests"
}
# For failure reports: what the fake received (test passwords only).
tenant_log() { jq -r '.[] | "  \(.method) \(.path) \(.body)"' <<<"$requests" 2>&1; }

# --- scenarios: config, secret, history, passdb and PAM service per flow ------------------

# scenario NAME OWNER [RETRY] [tenant|notenant] [YAML]: a fresh directory $dir for one flow,
# YAML added to the config's top level. Everything in it belongs to OWNER, the user pamtester
# runs as: the module accepts a secret file only if it is owned by root or the effective
# user, and must be able to write its history file.
# The tenant section takes TENANT_URL (default $url), TENANT_CA (default $work/ca.pem),
# BUDGET_MS (default 3000) and CONNECT_TIMEOUT_MS (default: the module's) from the environment;
# the account section ACCOUNT_BUDGET_MS (default 3000) and one more line, ACCOUNT_YAML.
scenario() {
  local name=$1 owner=$2 retry=${3:-1} tenant=${4:-tenant} extra=${5:-}
  dir=$work/$name
  mkdir -p "$dir/pam.d"
  printf '%s\n' "alice:$ALICE_OLD" 'bob:Initial#Set42' 'carol:Crimson&Fox19' \
    'nosuchuser:Local#Only123' >"$dir/passdb"
  printf 'test-secret\n' >"$dir/secret"
  chmod 600 "$dir/secret"
  : >"$dir/syslog"
  write_config "$tenant" "$extra" >"$dir/pam_idaas.yaml"
  chmod 644 "$dir/pam_idaas.yaml"
  # "flows" for most runs; root's resets go through "passwd" (password.admin_reset.services).
  write_service "$retry" | tee "$dir/pam.d/passwd" >"$dir/pam.d/flows"
  # libpam falls back to "other" for anything unconfigured; deny, and no "no default config"
  # noise in the output.
  printf '%s required %s/pam_deny.so\n' auth "$security" account "$security" \
    password "$security" session "$security" >"$dir/pam.d/other"
  local id=0
  [[ $owner == nobody ]] && id=$NOBODY
  chown -R "$id:$id" "$dir"
}

write_config() {
  # English whatever the caller's locale: the checks read the messages.
  cat <<YAML
language: en
${2}
users:
  min_uid: 0          # manage whatever the tests name, known to the host (host_accounts) or not
policy:
  history:
    file: $dir/history
cache:
  directory: "${CACHE_DIR:-}"   # none unless a test asks: each case counts its own tenant calls
  account_seconds: ${CACHE_SECONDS:-60}
YAML
  [[ $1 == notenant ]] && return
  printf 'account:\n  budget_ms: %s\n' "${ACCOUNT_BUDGET_MS:-3000}"
  [[ -n ${ACCOUNT_YAML:-} ]] && printf '  %s\n' "$ACCOUNT_YAML"
  # The tenant section last: scripts add keys to it (bench/pam_calls.sh: proxy).
  cat <<YAML
tenant:
  base_url: ${TENANT_URL:-$url}
  ca_file: ${TENANT_CA:-$work/ca.pem}
  client_id: test-client
  client_secret_file: $dir/secret
  budget_ms: ${BUDGET_MS:-3000}
YAML
  [[ -n ${CONNECT_TIMEOUT_MS:-} ]] && echo "  connect_timeout_ms: $CONNECT_TIMEOUT_MS"
  return 0
}

# The README's stack: the module requisite (a refusal stops the stack before the local store),
# then the store with pam_unix's use_authtok semantics. The account stack lets PAM_IGNORE
# through to pam_permit, as a host whose local accounts do not all live in the tenant would.
write_service() {
  local args="config=$dir/pam_idaas.yaml retry=$1${MODULE_EXTRA:+ $MODULE_EXTRA}"
  [[ ${PAM_FLOWS_DEBUG:-0} == 1 ]] && args+=" debug"
  cat <<PAM
password requisite $module $args
password required $store passdb=$dir/passdb log=$dir/store.log
account [success=ok new_authtok_reqd=done ignore=ignore default=bad] $module $args
account required $security/pam_permit.so
PAM
}

# --- running pamtester --------------------------------------------------------------------

# pam AS USER OPERATION [ANSWER...]: OPERATION (authenticate, chauthtok, chauthtok(FLAGS), acct_mgmt) under
# pam_wrapper with the flow's service directory, the answers on stdin one per line, through the
# PAM service SERVICE (default flows; its file in $dir/pam.d must exist). AS: root;
# nobody (real and effective uid 65534: the module must see getuid() != 0); setuid-nobody
# (ruid_driver: real uid 65534, effective uid 0, as a set-user-ID passwd started by nobody;
# chauthtok only). Sets $out (stdout and stderr), $rc, $took_ms and $syslog (the module's
# syslog lines of this run).
# PAM_TTY_ITEM=VALUE sets PAM_TTY (pamtester -Itty=VALUE; "ssh" as OpenSSH sets it).
# PAM_ENV_VAR=NAME=VALUE puts one variable into the PAM environment (pamtester -E, pam_putenv),
# as pam_env or an application would; the process environment is left as it is.
# With STAGE=FUNCTION, stdin is a pipe: FUNCTION runs while pamtester is already running and
# before the answers are written (to change the world between the module's calls).
pam() {
  local as=$1 user=$2 op=$3
  shift 3
  # pam_wrapper's own pam_syslog hands the lines to libpam's (and so to syslog_capture.so)
  # only with PAM_WRAPPER_USE_SYSLOG=1.
  local service=${SERVICE:-flows}
  local -a cmd=(env "LD_PRELOAD=$preload$nss_preload" PAM_WRAPPER=1
    "PAM_WRAPPER_SERVICE_DIR=$dir/pam.d" PAM_WRAPPER_USE_SYSLOG=1 "PAM_TEST_SYSLOG=$dir/syslog"
    "${nss_env[@]}")
  [[ -n $asan_options ]] && cmd+=("ASAN_OPTIONS=$asan_options")
  if ((${#valgrind[@]})); then
    rm -f "$dir"/valgrind.*.log
    cmd+=("${valgrind[@]}" "--log-file=$dir/valgrind.%p.log")
  fi
  case $as in
    setuid-nobody)
      cmd+=("$driver" "$NOBODY" "$service" "$user")
      [[ $op == *PAM_CHANGE_EXPIRED_AUTHTOK* ]] && cmd+=(expired)
      ;;
    nobody) cmd=(setpriv "--reuid=$NOBODY" "--regid=$NOBODY" --clear-groups "${cmd[@]}"
                 pamtester -v ${PAM_TTY_ITEM:+"-Itty=$PAM_TTY_ITEM"}
                 ${PAM_ENV_VAR:+-E "$PAM_ENV_VAR"} "$service" "$user" "$op") ;;
    *) cmd+=(pamtester -v ${PAM_TTY_ITEM:+"-Itty=$PAM_TTY_ITEM"} ${PAM_ENV_VAR:+-E "$PAM_ENV_VAR"}
             "$service" "$user" "$op") ;;
  esac
  : >"$dir/syslog"
  local started=$EPOCHREALTIME
  if [[ -n ${STAGE:-} ]]; then
    run_staged "$@"
  else
    local input=/dev/null
    if [[ $# -gt 0 ]]; then
      input=$dir/stdin
      printf '%s\n' "$@" >"$input"
    fi
    out=$(cd / && timeout -k 5 "$run_limit" "${cmd[@]}" <"$input" 2>&1)
    rc=$?
  fi
  took_ms=$(((${EPOCHREALTIME/./} - ${started/./}) / 1000))
  syslog=$(cat "$dir/syslog")
  runs=$((runs + 1))
  fetch_requests
  last="$as: $op $user (service $service)"
  [[ $# -gt 0 ]] && last+=" <<< $(printf '%s|' "$@")"
  # A sanitizer report fails the run whatever the flow expected (a crash also "fails").
  if grep -Eq 'ERROR: AddressSanitizer|runtime error: ' <<<"$out"; then
    not_ok "no sanitizer report ($last)" "$out"
  fi
  ((${#valgrind[@]})) && memcheck_verdict
  if [[ ${PAM_FLOWS_VERBOSE:-0} == 1 ]]; then
    printf '# %s\n' "run: $last" "exit $rc, $took_ms ms" >&2
    # shellcheck disable=SC2001
    sed 's/^/#   /' <<<"$out" >&2
    # shellcheck disable=SC2001
    [[ -n $syslog ]] && sed 's/^/#   syslog: /' <<<"$syslog" >&2
  fi
}

# The body of a STAGE run: pamtester reads a FIFO that is written only after the stage.
run_staged() {
  local fifo=$dir/stdin.fifo w pid
  rm -f "$fifo"
  mkfifo -m 600 "$fifo"
  (cd / && exec timeout -k 5 "$run_limit" "${cmd[@]}" <"$fifo" >"$dir/out" 2>&1) &
  pid=$!
  exec {w}>"$fifo"
  "$STAGE"
  # pamtester may be gone already (a failure before the prompts): no SIGPIPE for the script.
  (printf '%s\n' "$@" >&"$w") 2>/dev/null
  exec {w}>&-
  wait "$pid"
  rc=$?
  out=$(cat "$dir/out")
}

# Under valgrind: one check per run that memcheck ran and found nothing (its exit status and
# its log). MEMCHECK_VERDICT=0 leaves the verdict to the caller (the negative control).
memcheck_verdict() {
  [[ ${MEMCHECK_VERDICT:-1} == 1 ]] || return 0
  if memcheck_clean; then
    ok "memcheck clean ($last)"
  else
    not_ok "memcheck clean ($last)" "exit $rc; valgrind's log:
$(cat "$dir"/valgrind.*.log 2>/dev/null)
output:
$out"
  fi
}
memcheck_clean() {
  local logs
  logs=$(cat "$dir"/valgrind.*.log 2>/dev/null)
  [[ $rc -ne $VALGRIND_ERROR ]] && grep -q 'ERROR SUMMARY: 0 errors' <<<"$logs" &&
    ! grep -q 'ERROR SUMMARY: [1-9]' <<<"$logs"
}

# --- checks on the last run ---------------------------------------------------------------

# The last run (pam() sets them).
runs=0
reported=-1
took_ms=0
syslog=''
last=''
rc=0
out=''

# check NAME PREDICATE...: one test line; on the first failure after a run, everything needed
# to see why (the run, its output, the tenant's log, the store).
check() {
  local name=$1
  shift
  if "$@"; then
    ok "$name"
  elif [[ $reported == "$runs" ]]; then
    not_ok "$name" "failed: $* (run and output above)"
  else
    reported=$runs
    not_ok "$name" "failed: $*
run: $last
exit $rc, $took_ms ms, output:
$out
syslog:
$syslog
tenant requests:
$(tenant_log)
store log:
$(cat "$dir/store.log" 2>/dev/null)
passdb:
$(cat "$dir/passdb" 2>/dev/null)"
  fi
}

exit_is() { [[ $rc -eq $1 ]]; }
failed() { [[ $rc -ne 0 ]]; }
says() { grep -Eq -- "$1" <<<"$out"; }
never_says() { ! says "$1"; }
# logged REGEX: one of the module's syslog lines of the last run matches
logged() { grep -Eq -- "$1" <<<"$syslog"; }
# a line that is neither pamtester's nor pam_wrapper's
module_spoke() { grep -Evq '^(pamtester: |driver: |PWRAP_)' <<<"$out"; }
# Prompts end without a newline, so what follows a prompt shares its line ("New password: PWD...").
AFTER_PROMPT='(^|: )'
# pamtester's last line: the PAM result as pam_strerror words it
result_is() { grep -Eq -- "${AFTER_PROMPT}(pamtester|driver): ($1)\$" <<<"$out"; }
# shows CODE: a "CODE: message" line
shows() { says "${AFTER_PROMPT}${1//./\\.}: "; }
# asked N PROMPT: the prompt appeared N times
asked() { [[ $(grep -oF -- "$2" <<<"$out" | wc -l) -eq $1 ]]; }
# shows some PWD.00xx code
some_code() { says "${AFTER_PROMPT}PWD\.00[0-9][0-9]: "; }
sent_is() { [[ $(sent "$2" "${3:-true}") -eq $1 ]]; }
passdb_is() { grep -qxF -- "$1:$2" "$dir/passdb"; }
tenant_is() { [[ $(tenant_field "$1" "$2") == "$3" ]]; }
# handed_on USER OLD NEW: what the module left in PAM_OLDAUTHTOK/PAM_AUTHTOK for the store
# (pam_unix use_authtok/try_first_pass reads the same items); OLD "-" for none
handed_on() { grep -qxF -- "update user=$1 old=$2 new=$3" "$dir/store.log" 2>/dev/null; }
# stored_new USER NEW: the store's update pass saw NEW in PAM_AUTHTOK
stored_new() { grep -q -- "^update user=$1 old=.* new=$2\$" "$dir/store.log" 2>/dev/null; }
# the store's update pass never ran (the module, requisite, stopped the stack before it)
store_not_updated() { ! grep -q '^update' "$dir/store.log" 2>/dev/null; }
passdb_unchanged() {
  cmp -s "$dir/passdb" <(printf '%s\n' "alice:$ALICE_OLD" 'bob:Initial#Set42' \
    'carol:Crimson&Fox19' 'nosuchuser:Local#Only123')
}
# The PAM results a refused or failed change may end in.
CHANGE_REFUSED='Authentication token manipulation error|Failed preliminary check by password service|Have exhausted maximum number of retries for service'
# ... and a wrong or unprovable old password (PAM_AUTHTOK_RECOVERY_ERR, or one of the above)
OLD_REFUSED="Authentication information cannot be recovered|$CHANGE_REFUSED"
CHANGED='authentication token altered successfully.'
