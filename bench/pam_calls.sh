#!/usr/bin/env bash
# What a whole PAM call costs its host: pam_chauthtok and pam_acct_mgmt through the real libpam
# (under pam_wrapper, tests/pam/lib.sh) against the fake tenant on loopback TLS, each call its
# own handle as a login or a passwd run makes it. Counts the tenant's HTTP requests (its request
# log) and the TCP+TLS connections (every connection passes a relaying CONNECT proxy that
# writes it down), and measures wall time per call and the RSS the module adds to the process.
# Prints one Markdown table. Needs root (the self-service change runs as a set-user-ID passwd
# would: real uid 65534, effective uid 0).
#
#   bench/pam_calls.sh [PATH/TO/pam_idaas.so]      (default: build/pam_module/pam_idaas.so)
#
# docs/performance.md explains the numbers.
set -Eeuo pipefail
# A command that fails says where: set -e alone would leave a silent exit status.
trap 'echo "${BASH_SOURCE[0]##*/}:$LINENO: failed (status $?): $BASH_COMMAND" >&2' ERR
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
src=$(dirname -- "$here")
# shellcheck source=../tests/pam/lib.sh
source "$src/tests/pam/lib.sh"
pam_setup "${1:-$src/build/pam_module/pam_idaas.so}" "$src"

LOGINS=${LOGINS:-1000}   # logins of one user within the cache lifetime
CHANGES=${CHANGES:-20}   # password changes with a warm token (at least 6)
PROCESSES=${PROCESSES:-20}  # fresh processes for the cold per-process cost
# pam_auth_calls.sh: AUTH_LOGINS (default LOGINS) steady-state logins per stack, AUTH_TENANT_CALLS
# (default 100) logins per stack that ask the tenant, AUTH_CHANGES (default CHANGES) logins
# after a change at the portal, AUTH_PROCESSES (default PROCESSES) fresh processes per stack.

driver=$work/pam_call_driver
build "$driver" "$here/pam_call_driver.c" -lpam -lcrypt

cleanup_extra() { [[ -n ${proxy_pid:-} ]] && kill "$proxy_pid" 2>/dev/null; return 0; }
python3 "$src/tests/e2e/recording_proxy.py" "$work/proxy.log" "$work/proxy.port" --relay &
proxy_pid=$!
for _ in {1..100}; do [[ -s $work/proxy.port ]] && break; sleep 0.05; done
[[ -s $work/proxy.port ]] || { echo "the recording proxy did not start" >&2; exit 1; }
: >"$work/proxy.log"

export CACHE_DIR=$work/bench/cache
scenario bench root 1 tenant
echo "  proxy: http://127.0.0.1:$(cat "$work/proxy.port")" >>"$dir/pam_idaas.yaml"
# The same process and libpam with the module left out: what the host costs alone.
printf '%s\n' "account required $security/pam_permit.so" >"$dir/pam.d/plain"

passwords=$dir/passwords
{
  echo "$ALICE_OLD"
  for ((i = 1; i <= 3 * CHANGES; i++)); do printf 'Tq%d#Lm-bench-Zr-%d\n' "$i" "$((i * 7919 % 1000))"; done
} >"$passwords"
chmod 600 "$passwords"
changed=0  # lines of $passwords used so far: the next change starts at this one

# drive SERVICE OP COUNT [RUID]: runs the driver; sets $calls (its "call" lines), $start_kib,
# $requests (the tenant's log for these calls), $connections and $libcurl ("loaded" or "not
# loaded": whether the calls mapped libcurl into the process).
drive() {
  local service=$1 op=$2 count=$3 ruid=${4:-} out
  ctl DELETE requests >/dev/null
  local before
  before=$(wc -l <"$work/proxy.log")
  local -a args=("$service" alice "$op" "$count")
  if [[ $op == chauthtok ]]; then
    tail -n "+$((changed + 1))" "$passwords" >"$dir/now"
    args+=("$NOBODY" "$dir/now")
  elif [[ -n $ruid ]]; then
    args+=("$ruid")
  fi
  if ! out=$(cd / && env "LD_PRELOAD=$preload" ${asan_options:+"ASAN_OPTIONS=$asan_options"} \
    PAM_WRAPPER=1 "PAM_WRAPPER_SERVICE_DIR=$dir/pam.d" PAM_WRAPPER_USE_SYSLOG=1 \
    "PAM_TEST_SYSLOG=$dir/syslog" "$driver" "${args[@]}" 2>"$dir/driver.err"); then
    echo "the driver failed ($service $op x$count):" >&2
    cat "$dir/driver.err" "$dir/syslog" >&2
    exit 1
  fi
  [[ $op == chauthtok ]] && changed=$((changed + count))
  start_kib=$(awk '$1 == "start" { print $2, $3, $4 }' <<<"$out")
  calls=$(grep '^call ' <<<"$out")
  libcurl=$(awk '$1 == "libcurl" { print ($2 == 1) ? "loaded" : "not loaded" }' <<<"$out")
  requests=$(ctl GET requests)
  connections=$(($(wc -l <"$work/proxy.log") - before))
}

endpoint_count() { jq --arg e "$1" '[.[] | select(.endpoint == $e)] | length' <<<"$requests"; }
request_count() { jq length <<<"$requests"; }
# median of the calls' microseconds (field 3), skipping the first FROM-1 calls
median_us() { awk -v from="${1:-1}" 'NR >= from { print $3 }' <<<"$calls" | sort -n |
  awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
first_us() { awk 'NR == 1 { print $3 }' <<<"$calls"; }
# What the calls added to the process: "total (own A, library pages F)", from VmRSS, RssAnon and
# RssFile before the first call and after the last.
memory_added() {
  local -a before
  read -ra before <<<"$start_kib"
  awk -v r="${before[0]}" -v a="${before[1]}" -v f="${before[2]}" 'END {
    printf "%.2f MiB (own memory %.2f MiB, library pages %.2f MiB)", ($5 - r) / 1024, ($6 - a) / 1024, ($7 - f) / 1024
  }' <<<"$calls"
}
ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }
per_call() { awk -v n="$1" -v d="$2" 'BEGIN { v = n / d; printf (v == int(v)) ? "%d" : "%.3f", v }'; }

row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }

echo "| call | tenant requests per call | connections (TLS handshakes) per call | time per call | notes |"
echo "|---|---|---|---|---|"

# A password change on a host whose caches are empty: token, lookup, change.
drive flows chauthtok 1
row "pam_chauthtok, self-service, cold (no token cached)" \
  "$(request_count) (token $(endpoint_count token), lookup $(endpoint_count user), verify $(endpoint_count verify))" \
  "$connections" "$(ms "$(first_us)")" "dlopen, config, 2 yescrypt hashes included; libcurl $libcurl; RSS added: $(memory_added)"

# With a warm token, once the history holds policy.history.remember (5) entries: each change
# checks the new password against all of them, then hashes it.
drive flows chauthtok "$CHANGES"
row "pam_chauthtok, self-service, token cached, history full (5)" \
  "$(per_call "$(request_count)" "$CHANGES") (token $(endpoint_count token), lookup $(per_call "$(endpoint_count user)" "$CHANGES"), verify $(per_call "$(endpoint_count verify)" "$CHANGES"))" \
  "$(per_call "$connections" "$CHANGES")" "$(ms "$(median_us 6)") median of calls 6-$CHANGES" \
  "the change opens its own connection (docs/performance.md); RSS after $CHANGES: +$(memory_added)"

sed -i 's|^    file: \(.*\)$|    file: \1\n    remember: 0|' "$dir/pam_idaas.yaml"
drive flows chauthtok "$CHANGES"
row "pam_chauthtok, self-service, token cached, no history" "$(per_call "$(request_count)" "$CHANGES")" \
  "$(per_call "$connections" "$CHANGES")" "$(ms "$(median_us 2)") median of $CHANGES" \
  "the difference to the row above: 6 yescrypt computations"

# The login path. The first check of a user: the token is cached, the status not yet.
rm -f "$CACHE_DIR"/status-*
drive flows acct_mgmt 1
row "pam_acct_mgmt, status not cached, token cached" "$(request_count) (lookup $(endpoint_count user))" \
  "$connections" "$(ms "$(first_us)")" "one round trip"

drive flows acct_mgmt "$LOGINS"
warm_us=$(median_us 2)
warm_requests=$(request_count)
warm_connections=$connections
warm_notes="libcurl $libcurl; RSS added: $(memory_added)"
drive plain acct_mgmt "$LOGINS"
plain_us=$(median_us 2)
row "pam_acct_mgmt, status cached: $LOGINS logins" "$warm_requests in all" "$warm_connections" \
  "$(ms "$warm_us") median" "the host alone (pam_permit): $(ms "$plain_us"); the module adds $(ms $((warm_us - plain_us))); $warm_notes"

# Every login asks: what the cache saves.
sed -i 's/^  account_seconds: .*/  account_seconds: 0/' "$dir/pam_idaas.yaml"
drive flows acct_mgmt "$CHANGES"
row "pam_acct_mgmt, cache.account_seconds: 0" \
  "$(per_call "$(request_count)" "$CHANGES") (lookup $(per_call "$(endpoint_count user)" "$CHANGES"))" \
  "$(per_call "$connections" "$CHANGES")" "$(ms "$(median_us 2)") median of $CHANGES" "a round trip per login"
sed -i 's/^  account_seconds: .*/  account_seconds: 60/' "$dir/pam_idaas.yaml"

# A fresh process per login, as sshd forks one: the module loaded, the config read, the
# cached status read, each time.
fresh=() plain_fresh=()
fresh_libcurl="not loaded"
for ((i = 0; i < PROCESSES; i++)); do
  drive flows acct_mgmt 1
  fresh+=("$(first_us)")
  [[ $libcurl == "not loaded" ]] || fresh_libcurl=$libcurl
  drive plain acct_mgmt 1
  plain_fresh+=("$(first_us)")
done
median_of() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
f=$(median_of "${fresh[@]}")
p=$(median_of "${plain_fresh[@]}")
row "pam_acct_mgmt, first call of a fresh process, status cached" "0" "0" \
  "$(ms "$f") median of $PROCESSES" "the host alone: $(ms "$p"); dlopen + config + cache read add $(ms $((f - p))); libcurl $fresh_libcurl"

# Of that, loading the module and the libraries it needs, in a fresh process and in one that
# already holds sshd's libraries (libcrypto, libz, Kerberos among them), as sshd's monitor does.
dlopen_cost=$work/dlopen_cost
build "$dlopen_cost" "$here/dlopen_cost.c" -ldl
dlopen_median() {
  local -a times=()
  for ((i = 0; i < PROCESSES; i++)); do times+=("$("$dlopen_cost" "$@")"); done
  median_of "${times[@]}"
}
plugin=$(dirname -- "$module")/pam_idaas/tenant.so
alone=$(dlopen_median "$module")
row "dlopen of pam_idaas.so, fresh process" "-" "-" "$(ms "$alone") median of $PROCESSES" \
  "$(ldd "$module" | grep -c '=>') libraries"
then_plugin=$(dlopen_median "$module" "$plugin")
row "dlopen of pam_idaas/tenant.so after the module" "-" "-" "$(ms "$then_plugin") median of $PROCESSES" \
  "the tenant client: $(ldd "$plugin" | grep -c '=>') libraries, most of them libcurl's; only when a call needs the tenant"
if [[ -x /usr/sbin/sshd ]]; then
  mapfile -t sshd_libraries < <(ldd /usr/sbin/sshd | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
  beside=$(dlopen_median "${sshd_libraries[@]}" "$module")
  row "dlopen of pam_idaas.so beside sshd's libraries" "-" "-" "$(ms "$beside") median of $PROCESSES" \
    "what an sshd login pays to load the module"
  beside_plugin=$(dlopen_median "${sshd_libraries[@]}" "$module" "$plugin")
  row "dlopen of pam_idaas/tenant.so beside sshd's libraries" "-" "-" \
    "$(ms "$beside_plugin") median of $PROCESSES" "what an sshd login pays when it asks the tenant"
fi

# The auth stack, pam_authenticate against real shadow hashes: bench/pam_auth_calls.sh, in a
# mount namespace of its own over a copy of /etc. The tenant's users back to their file first
# (the changes above moved alice's password on).
# (nm's output taken whole: grep -q's early exit would kill it with SIGPIPE, under pipefail.)
if grep -qw pam_sm_authenticate <<<"$(nm -D --defined-only "$module")"; then
  ctl POST reset >/dev/null
  mkdir -m 755 "$work/auth"
  # What pam_setup preloads (an ASan module's runtime and libcrypt first), pam_wrapper left out:
  # real service files there.
  BENCH_WORK=$work/auth BENCH_SRC=$src BENCH_MODULE=$module BENCH_DRIVER=$driver \
    BENCH_PRELOAD=${preload//$wrapper:/} BENCH_ASAN_OPTIONS=$asan_options \
    TENANT_URL=$url TENANT_CA=$work/ca.pem \
    AUTH_LOGINS=${AUTH_LOGINS:-$LOGINS} AUTH_TENANT_CALLS=${AUTH_TENANT_CALLS:-100} \
    AUTH_CHANGES=${AUTH_CHANGES:-$CHANGES} AUTH_PROCESSES=${AUTH_PROCESSES:-$PROCESSES} \
    "$here/pam_auth_calls.sh"
else
  row "pam_authenticate" "-" "-" "-" "this module has no pam_sm_authenticate"
fi

# What one history hash costs (libxcrypt, its default cost for each method), the unit the rows
# above are made of.
python3 - <<'PY'
import ctypes, statistics, time
crypt = ctypes.CDLL("libcrypt.so.1")
crypt.crypt.restype = crypt.crypt_gensalt.restype = ctypes.c_char_p
crypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
crypt.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]
for name, prefix in (("yescrypt", b"$y$"), ("sha512crypt", b"$6$")):
    salt = crypt.crypt_gensalt(prefix, 0, None, 0)
    times = []
    for _ in range(10):
        start = time.perf_counter()
        crypt.crypt(b"Tq1#Lm-bench-Zr", salt)
        times.append(time.perf_counter() - start)
    print(f"| one {name} hash (libxcrypt default cost) | - | - | "
          f"{statistics.median(times) * 1000:.2f} ms median of 10 | policy.history.hash: {name} |")
PY
