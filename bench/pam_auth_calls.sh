#!/usr/bin/env bash
# The auth stack's part of bench/pam_calls.sh: pam_authenticate through the real libpam, the
# real pam_unix and a real /etc/shadow, against the fake tenant that pam_calls.sh started.
# pam_unix and the module read the user's hash with getspnam, which pam_wrapper does not
# redirect, so this part runs in a mount namespace of its own over a copy of /etc (the host's
# /etc is compared before and after: a difference fails the run), with tmpfs over /run (the
# module's caches and sync records), /var/log, /home and /var/mail and a /dev of its own
# (tests/e2e/devices.sh: syslog lines land in a file). The user is made there with useradd and
# chpasswd, so the hash is what this host's pam_unix makes (yescrypt on Debian 12).
#
# Two stacks and a bare crypt(3), in the same process, taking turns call by call (the
# driver's SERVICE,SERVICE,@crypt):
#   bench-idaas  common-auth as pam-auth-update writes it with packaging/pam-configs/idaas
#                enabled: pam_idaas first (Auth-Initial), then pam_unix with try_first_pass;
#   bench-unix   the host's own common-auth (pam_unix alone);
#   @crypt       one crypt(3) of the password with the user's hash, the unit of a local check.
# For alice (the host's yescrypt hash) and again for zhangsan, whose hash is cheap
# (sha512crypt, 1,000 rounds), so that what the stacks do besides hashing stands out. The
# module reads /etc/security/pam_idaas.yaml: packaging/pam_idaas.yaml as shipped plus the
# tenant section. Prints Markdown rows for pam_calls.sh's table (docs/performance.md).
#
# Called by pam_calls.sh with, in the environment: BENCH_WORK (a fresh directory), BENCH_SRC,
# BENCH_MODULE, BENCH_DRIVER, BENCH_PRELOAD (syslog_capture.so, after an ASan module's runtime
# and libcrypt), BENCH_ASAN_OPTIONS, TENANT_URL, TENANT_CA;
# AUTH_LOGINS (steady-state logins per stack), AUTH_TENANT_CALLS (logins per stack that ask
# the tenant), AUTH_CHANGES (logins after a change elsewhere), AUTH_PROCESSES (fresh processes
# per stack and user); AUTH_RAW_DIR, if set, gets each run's "call" lines
# (N-USER-SERVICES.calls).
set -Eeuo pipefail
# A command that fails says where: set -e alone would leave a silent exit status.
trap 'echo "${BASH_SOURCE[0]##*/}:$LINENO: failed (status $?): $BASH_COMMAND" >&2' ERR
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../tests/e2e/sandbox.sh
source "$here/../tests/e2e/sandbox.sh"  # host_digest, private_dev

BENCH_USER=alice
PASSWORD='Lantern#4821'  # alice's password at the fake tenant (users.json)
CONFIG=/etc/security/pam_idaas.yaml
CACHE=/run/pam_idaas     # packaging/pam_idaas.yaml's cache.directory
# How the driver runs a hook between calls: without the driver's preloads (an ASan runtime
# preloaded into curl hung it).
HOOK="exec env -u LD_PRELOAD -u ASAN_OPTIONS"

# ---------------------------------------------------------------- on the host

outer() {
  local before rc=0
  for tool in unshare useradd usermod chpasswd mount jq curl perl; do
    command -v "$tool" >/dev/null || { echo "pam_auth_calls.sh: missing tool: $tool" >&2; exit 1; }
  done
  before=$(host_digest)
  cp -a /etc "$BENCH_WORK/etc"
  echo "$BENCH_WORK" >"$BENCH_WORK/etc/.pam_idaas-bench-sandbox"
  BENCH_INSIDE=1 unshare --mount --propagation private -- "$BASH" "$here/pam_auth_calls.sh" || rc=$?
  if [[ $before != "$(host_digest)" ]]; then
    echo "pam_auth_calls.sh: the host's /etc changed" >&2
    exit 1
  fi
  return "$rc"
}

# ------------------------------------------------------------ inside the namespace

mounts() {
  mount --bind "$BENCH_WORK/etc" /etc
  if [[ $(cat /etc/.pam_idaas-bench-sandbox 2>/dev/null) != "$BENCH_WORK" ]]; then
    echo "pam_auth_calls.sh: /etc is not the private copy; stopping before writing anything" >&2
    exit 1
  fi
  mount -t tmpfs -o mode=755 bench-run /run
  mount -t tmpfs -o mode=755 bench-log /var/log
  mount -t tmpfs -o mode=755 bench-home /home
  if [[ -d /var/mail ]]; then mount -t tmpfs -o mode=2775,gid=mail bench-mail /var/mail; fi
  private_dev "$BENCH_WORK" bench-dev
}

stop_syslog() { kill_pidfile "$BENCH_WORK/syslog.pid" 'pam_idaas test syslog'; }

# The user, its password hashed by chpasswd through the host's own common-password (pam_unix).
make_user() {
  useradd -M -s /bin/bash "$BENCH_USER"
  printf '%s:%s\n' "$BENCH_USER" "$PASSWORD" | chpasswd
  # "$y$j9T": the method and its cost, without the salt
  HASH_METHOD=$(shadow_hash "$BENCH_USER" | cut -d'$' -f1-3)
}

# The shipped configuration with the tenant section filled in.
write_config() {
  printf 'test-secret\n' >/etc/security/pam_idaas.secret
  chmod 600 /etc/security/pam_idaas.secret
  {
    cat "$BENCH_SRC/packaging/pam_idaas.yaml"
    printf '%s\n' "tenant:" "  base_url: $TENANT_URL" "  ca_file: $TENANT_CA" \
      "  client_id: test-client" "  client_secret_file: /etc/security/pam_idaas.secret"
  } >"$CONFIG"
  chown root:root "$CONFIG"
  chmod 644 "$CONFIG"
}

# ask_tenant VALUE: auth.ask_tenant in the configuration, whether or not it has an auth section.
ask_tenant() {
  if grep -q '^  ask_tenant:' "$CONFIG"; then
    sed -i "s/^  ask_tenant: [a-z_]*/  ask_tenant: $1/" "$CONFIG"
  elif grep -q '^auth:' "$CONFIG"; then
    sed -i "s/^auth:.*/&\n  ask_tenant: $1/" "$CONFIG"
  else
    printf 'auth:\n  ask_tenant: %s\n' "$1" >>"$CONFIG"
  fi
}

# profile_auth FILE SECTION: "CONTROL MODULE ARGS" of a pam-auth-update profile's SECTION.
profile_auth() {
  awk -v want="$2:" '$0 == want { getline; sub(/^[ \t]+/, ""); gsub(/\t+/, " "); print; exit }' "$1"
}

# The two stacks. pam-auth-update orders the primary modules by priority (pam_idaas 512,
# pam_unix 256), gives the first its -Initial line, and turns each "=end" into the jump past
# the pam_deny that closes the block; what follows pam_permit in the host's file stays.
write_stacks() {
  local ours unix
  ours=$(profile_auth "$BENCH_SRC/packaging/pam-configs/idaas" Auth-Initial)
  [[ -n $ours ]] || ours=$(profile_auth "$BENCH_SRC/packaging/pam-configs/idaas" Auth)
  [[ -n $ours ]] || { echo "pam_auth_calls.sh: packaging/pam-configs/idaas has no Auth line" >&2; exit 1; }
  unix=$(profile_auth /usr/share/pam-configs/unix Auth 2>/dev/null || true)
  [[ -n $unix ]] || unix='[success=end default=ignore] pam_unix.so nullok try_first_pass'
  grep -v '^#' /etc/pam.d/common-auth | grep . >/etc/pam.d/bench-unix
  {
    echo "auth ${ours//=end/=2}" | sed "s| pam_idaas\.so| $BENCH_MODULE|"
    echo "auth ${unix//=end/=1}"
    echo "auth requisite pam_deny.so"
    echo "auth required pam_permit.so"
    awk 'seen && !/^#/ && NF { print } /pam_permit\.so/ { seen = 1 }' /etc/pam.d/common-auth
  } >/etc/pam.d/bench-idaas
}

ctl() {
  curl -sS --fail --max-time 10 --cacert "$TENANT_CA" -X "$1" "${@:3}" "$TENANT_URL/_fake/$2"
}

# Before each call of the reboot row: what a reboot empties (the token kept: the first user's
# login after a boot fetches it, the others' find it).
forget_user() { rm -f "$CACHE"/status-* "$CACHE"/sync-*; }

# Before call N of a change elsewhere: the user changes the password to line N of the file at
# the tenant's portal (the password through stdin, never argv), and the status this host
# cached has expired.
portal_change() {
  sed -n "${PAM_DRIVER_CALL}p" "$BENCH_WORK/changes" |
    jq -Rc --arg u "$BENCH_USER" '{user_name: $u, password: .}' |
    ctl POST portal-change -H 'Content-Type: application/json' --data @- >/dev/null
  rm -f "$CACHE"/status-*
}

# drive SERVICES COUNT PASSWORDS [BEFORE_CALL]: the driver as root, sshd's way; sets $calls
# ("call" lines), $requests (the tenant's log of these calls), $libcurl.
drive() {
  local out
  ctl DELETE requests >/dev/null
  local -a environment=(LC_ALL=C "LD_PRELOAD=$BENCH_PRELOAD" "PAM_TEST_SYSLOG=$BENCH_WORK/syslog"
    "PAM_DRIVER_BEFORE_CALL=${4:-}")
  [[ -n $BENCH_ASAN_OPTIONS ]] && environment+=("ASAN_OPTIONS=$BENCH_ASAN_OPTIONS")
  if ! out=$(cd / && env "${environment[@]}" "$BENCH_DRIVER" "$1" "${DRIVE_USER:-$BENCH_USER}" \
    authenticate "$2" - "$3" 2>"$BENCH_WORK/driver.err"); then
    echo "the driver failed ($1 authenticate x$2):" >&2
    cat "$BENCH_WORK/driver.err" "$BENCH_WORK/syslog" >&2
    exit 1
  fi
  calls=$(grep '^call ' <<<"$out")
  if [[ -n ${AUTH_RAW_DIR:-} ]]; then
    raw=$((${raw:-0} + 1))
    printf '%s\n' "$calls" >"$AUTH_RAW_DIR/$raw-${DRIVE_USER:-$BENCH_USER}-$1.calls"
  fi
  libcurl=$(awk '$1 == "libcurl" { print ($2 == 1) ? "loaded" : "not loaded" }' <<<"$out")
  requests=$(ctl GET requests)
}

# What the tenant got: "N (token a, lookup b, login c)", per call when a divisor is given.
endpoint() { jq --arg e "$1" '[.[] | select(.endpoint == $e)] | length' <<<"$requests"; }
per() { awk -v n="$1" -v d="${2:-1}" 'BEGIN { v = n / d; printf (v == int(v)) ? "%d" : "%.3f", v }'; }
tenant_got() {
  printf '%s (token %s, lookup %s, login %s)' "$(per "$(jq length <<<"$requests")" "${1:-1}")" \
    "$(per "$(endpoint token)" "${1:-1}")" "$(per "$(endpoint user)" "${1:-1}")" \
    "$(per "$(endpoint login)" "${1:-1}")"
}

# times SERVICE FROM [FIELD]: SERVICE's microseconds (FIELD 3, wall-clock; 9, the process's CPU
# time) from call FROM on, one a line
times() { awk -v s="$1" -v from="$2" -v f="${3:-3}" '$2 >= from && $8 == s { print $f }' <<<"$calls"; }
# turns FROM EXPRESSION [FIELD]: per turn of the three services (bench-idaas, bench-unix,
# @crypt) from call FROM on, EXPRESSION of their microseconds i, u and c, one a line
turns() {
  awk -v from="$1" -v f="${3:-3}" '$2 >= from { t[$8] = $f }
    $2 >= from && $8 == "@crypt" { i = t["bench-idaas"]; u = t["bench-unix"]; c = $f; print '"$2"' }' \
    <<<"$calls"
}
# quantile Q: of the numbers on stdin (nearest rank)
quantile() {
  sort -n | awk -v q="$1" '{ v[NR] = $1 } END { i = int(q * NR + 0.999999); if (i < 1) i = 1; print v[i] }'
}
ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }
spread() {
  local values
  values=$(cat)
  printf '%s (10th to 90th percentile: %s to %s)' "$(ms "$(quantile 0.5 <<<"$values")")" \
    "$(ms "$(quantile 0.1 <<<"$values")")" "$(ms "$(quantile 0.9 <<<"$values")")"
}
elapsed_s() { awk '{ us += $3 } END { printf "%.0f", us / 1e6 }' <<<"$calls"; }

row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }

# Both stacks and one crypt(3), COUNT times each, taking turns; the first turn (loading the
# module) is left out. A local check here is one crypt(3) for pam_idaas, which ends the stack
# when it succeeds, and two for pam_unix (Linux-PAM 1.5.2: x_strdup(crypt_r(...)) in
# verify_pwd_hash, a macro that evaluates its argument twice).
compare() {
  local label=$1 count=$2 n
  drive bench-idaas,bench-unix,@crypt $((3 * count)) "${3:-$BENCH_WORK/password}"
  n="median of $((count - 1))"
  row "$label: pam_idaas + pam_unix" "$(tenant_got "$count")" "-" "$(times bench-idaas 4 | spread)" \
    "$n; pam_idaas ends the stack on success; libcurl $libcurl"
  row "$label: pam_unix alone" "0" "-" "$(times bench-unix 4 | spread)" \
    "$n; the host's common-auth, in the same turns"
  row "$label: added by pam_idaas" "-" "-" "$(turns 4 'i - u' | spread)" \
    "$n turns, each the stack minus pam_unix alone. One crypt(3) with this hash: $(times @crypt 4 | spread); per turn, besides hashing: pam_idaas's stack (minus one crypt) $(turns 4 'i - c' | spread), pam_unix alone (minus two) $(turns 4 'u - 2 * c' | spread)"
  row "$label: added by pam_idaas, in CPU time" "-" "-" "$(turns 4 'i - u' 9 | spread)" \
    "the same in the driver's CPU time (a busy machine's waits left out): the stack $(times bench-idaas 4 9 | spread), pam_unix alone $(times bench-unix 4 9 | spread), one crypt(3) $(times @crypt 4 9 | spread); besides hashing: pam_idaas $(turns 4 'i - c' 9 | spread), pam_unix $(turns 4 'u - 2 * c' 9 | spread)"
}

inside() {
  trap stop_syslog EXIT
  export LC_ALL=C
  mounts
  make_user
  write_config
  write_stacks
  printf '%s\n' "$PASSWORD" >"$BENCH_WORK/password"
  chmod 600 "$BENCH_WORK/password"
  local seconds
  seconds=$(awk '$1 == "account_seconds:" { print $2 }' "$CONFIG")

  drive bench-idaas 1 "$BENCH_WORK/password"
  row "pam_authenticate, first call of a fresh process, caches empty" \
    "$(tenant_got)" "-" "$(ms "$(times bench-idaas 1)")" \
    "loading the module and the tenant client included; the password sent once: the host's $HASH_METHOD hash matches, the record is made"
  drive bench-idaas "$AUTH_CHANGES" "$BENCH_WORK/password" "$HOOK $(printf %q "$here/pam_auth_calls.sh") forget-user"
  row "pam_authenticate, a user's first login after a reboot (no record, status not cached, token cached): $AUTH_CHANGES logins" \
    "$(tenant_got "$AUTH_CHANGES")" "-" "$(times bench-idaas 2 | spread)" \
    "median of $((AUTH_CHANGES - 1)) in a running process; /run is a tmpfs: the records go at boot"

  compare "pam_authenticate, steady state, $AUTH_LOGINS logins" "$AUTH_LOGINS"
  local took periods
  took=$(elapsed_s)
  periods=$(awk -v t="$took" -v s="$seconds" 'BEGIN { p = int(t / s); print (p < t / s) ? p + 1 : p }')
  row "pam_authenticate, steady state, $AUTH_LOGINS logins: the tenant's share" "$(tenant_got) in all" "-" \
    "$took s of calls: $periods cache period(s) of $seconds s" \
    "password transmissions (login requests): $(endpoint login); status lookups per cache period: $(per "$(endpoint user)" "$periods")"

  cheap_user
  compare_cheap "pam_authenticate, steady state, $AUTH_LOGINS logins" "$AUTH_LOGINS"

  fresh_processes

  ask_tenant always
  compare "pam_authenticate, auth.ask_tenant: always, $AUTH_TENANT_CALLS logins" "$AUTH_TENANT_CALLS"
  compare_cheap "pam_authenticate, auth.ask_tenant: always, $AUTH_TENANT_CALLS logins" "$AUTH_TENANT_CALLS"
  ask_tenant when_needed

  first_after_change
}

# A second user whose hash is cheap (sha512crypt, 1,000 rounds): a local check costs little,
# so what the stacks do besides hashing stands out of the hashing's noise.
CHEAP_USER=zhangsan
CHEAP_PASSWORD=$BENCH_WORK/cheap
cheap_user() {
  local hash
  useradd -M -s /bin/bash "$CHEAP_USER"
  ctl GET "users/$CHEAP_USER" | jq -r .password >"$CHEAP_PASSWORD"
  chmod 600 "$CHEAP_PASSWORD"
  hash=$(perl -e 'chomp(my $p = <STDIN>);
    print crypt($p, q($6$rounds=1000$) . join("", map { ("a" .. "z")[rand 26] } 1 .. 16))' <"$CHEAP_PASSWORD")
  usermod -p "$hash" "$CHEAP_USER"
  DRIVE_USER=$CHEAP_USER drive bench-idaas 1 "$CHEAP_PASSWORD"  # the first login makes the record
}
# compare_cheap LABEL COUNT: compare for the second user
compare_cheap() {
  DRIVE_USER=$CHEAP_USER compare "$1, a sha512crypt hash of 1,000 rounds" "$2" "$CHEAP_PASSWORD"
}

# A fresh process per login, as sshd forks one: each stack's first call, for both users, in
# AUTH_PROCESSES processes each (loading the modules included; the steady state otherwise).
fresh_processes() {
  local i user file label sent
  for user in "$BENCH_USER" "$CHEAP_USER"; do
    : >"$BENCH_WORK/fresh-idaas" && : >"$BENCH_WORK/fresh-unix"
    sent=0
    file=$BENCH_WORK/password
    [[ $user == "$CHEAP_USER" ]] && file=$CHEAP_PASSWORD
    for ((i = 0; i < AUTH_PROCESSES; i++)); do
      DRIVE_USER=$user drive bench-idaas 1 "$file"
      times bench-idaas 1 >>"$BENCH_WORK/fresh-idaas"
      sent=$((sent + $(jq length <<<"$requests")))
      DRIVE_USER=$user drive bench-unix 1 "$file"
      times bench-unix 1 >>"$BENCH_WORK/fresh-unix"
    done
    label="pam_authenticate, steady state, first call of a fresh process"
    [[ $user == "$CHEAP_USER" ]] && label+=", a sha512crypt hash of 1,000 rounds"
    row "$label" "$sent in all" "-" "$(spread <"$BENCH_WORK/fresh-idaas")" \
      "median of $AUTH_PROCESSES; pam_unix alone's first call: $(spread <"$BENCH_WORK/fresh-unix"); libcurl $libcurl (the last process)"
  done
}

# The first login after a change elsewhere (the portal): the host's hash differs, the tenant
# accepts, chpasswd -e makes the hash current, the record is made.
first_after_change() {
  local i before after got took
  for ((i = 1; i <= AUTH_CHANGES; i++)); do printf 'Pq%d#Vn-bench-Ks\n' "$i"; done >"$BENCH_WORK/changes"
  tail -n 1 "$BENCH_WORK/changes" >"$BENCH_WORK/last"
  chmod 600 "$BENCH_WORK/changes" "$BENCH_WORK/last"
  before=$(shadow_hash "$BENCH_USER")
  drive bench-idaas "$AUTH_CHANGES" "$BENCH_WORK/changes" "$HOOK $(printf %q "$here/pam_auth_calls.sh") portal-change"
  after=$(shadow_hash "$BENCH_USER")
  got=$(tenant_got "$AUTH_CHANGES")
  took=$(times bench-idaas 1 | spread)
  # The driver fails unless pam_unix alone accepts the last password: the hash was written.
  drive bench-unix 1 "$BENCH_WORK/last"
  [[ $after != "$before" && $after == "$HASH_METHOD\$"* ]] || {
    echo "pam_auth_calls.sh: the hash was not made current in $HASH_METHOD: $after" >&2
    exit 1
  }
  row "pam_authenticate, first login after a change at the portal (status expired): $AUTH_CHANGES logins" \
    "$got" "-" "$took" \
    "lookup + login + a new $HASH_METHOD hash written by chpasswd -e; pam_unix alone accepts the new password afterwards"
  row "... of which chpasswd -e alone" "-" "-" "$(chpasswd_times | spread)" \
    "$AUTH_CHANGES runs from the shell writing the hash as it stands"
}

# chpasswd_times: microseconds of AUTH_CHANGES runs of chpasswd -e writing the user's hash as
# it stands (the same work as a new one: fork, exec, lock, shadow replaced).
chpasswd_times() {
  local hash i start
  hash=$(shadow_hash "$BENCH_USER")
  for ((i = 0; i < AUTH_CHANGES; i++)); do
    start=${EPOCHREALTIME/./}
    printf '%s:%s\n' "$BENCH_USER" "$hash" | /usr/sbin/chpasswd -e
    echo $((${EPOCHREALTIME/./} - start))
  done
}

if [[ ${1:-} == portal-change ]]; then
  portal_change
elif [[ ${1:-} == forget-user ]]; then
  forget_user
elif [[ -n ${BENCH_INSIDE:-} ]]; then
  inside
else
  outer
fi
