#!/usr/bin/env bash
# End to end, many changes at once: 50 accounts, local and at the fake tenant,
# and 50 real setuid passwd(1) processes started together through libpam,
# pam_idaas and pam_unix. Three rounds:
#   1. every user changes their own password (change-password-verify);
#   2. root resets all 50 in parallel (passwd USER: change-password);
#   3. mixed: users change their own again, a few with a weak password
#      (refused: nothing may change for them) among the good ones.
# After each round, for every user: the tenant holds exactly the new password
# (its history exactly the passwords set, in order) and saw exactly one change
# request for the user; the local /etc/shadow hash verifies it and every other
# entry is byte for byte as before; the module's history store (one file on
# disk, flock + atomic rename, policy/history.cc) is well formed with the right
# number of entries per user, the newest verifying the new password; and no
# "password history not updated" error was logged. Refused users: nothing
# changed anywhere. At the end `pam-idaas check` refuses every user's current
# password as reused (PWD.0007). Without the store's lock, lost entries show
# up here (tried: 3 of 45 users short of an entry in one run).
#
# The tenant's token is shared through the module's cache (/run/pam_idaas,
# one file replaced atomically): the first round's processes may each fetch
# one, the later rounds fetch none and all use the cached one; after every
# round the cache is one well-formed root-only entry. Parallelism is measured,
# not assumed: from the fake's request log (sessions open at once, in log order)
# and from each process's start and end time; the round fails if no two
# sessions overlapped at the tenant (the test would then prove nothing).
#
# Private mount, network and pid namespaces (sandbox.sh).
# Usage: concurrency.sh MODULE PROJECT_SOURCE_DIR
#   PAM_IDAAS_CLI: the pam-idaas binary (default: cli/pam-idaas of MODULE's build tree)
#   CONC_USERS: how many accounts and processes (default 50)
# Exit status: 0 all passed, 1 a check failed, 77 skipped (see sandbox.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"

CONC_USERS=${CONC_USERS:-50}
# 3 rounds of 50 processes and their checks take about a minute on a shared
# 2-core machine; the margin is for a loaded one.
E2E_TIMEOUT=${E2E_TIMEOUT:-240}
CHECKER=$e2e_here/concurrency_check.py

# Every password passes both policies: 3+ classes, no user name, no weak word
# or pattern, no 4 equal characters in a row. Distinct per user and per round,
# and 5 edits from the round before (policy.similarity asks 3).
ROUND_TAGS=(Tq Bx Nw Pk Hd Gv Jm Ry Ws Fz)
ROUND_MIDS=(Lm Kv Ws Jh Rc Qb Tn Xd Mp Vk)
password_for() { printf '%s%d#%s-%02d-Zr' "${ROUND_TAGS[$1]}" "$1" "${ROUND_MIDS[$1]}" "$2"; }
user_name() { printf 'conc%02d' "$1"; }

# The mixed round's refusals: a weak-list password, and one containing the user
# name (the local policy refuses both before the tenant is asked to change).
weak_password_for() {
  if (($1 % 20 == 5)); then echo 'password1'; else printf 'X%s#Tide9' "$(user_name "$1")"; fi
}
is_weak_in_mixed_round() { (($1 % 10 == 5)); }

# What each account should hold, kept in step with the rounds' expectations.
declare -a PW TENANT_HISTORY STORED MUST_MODIFY

write_pam_passwd() {
  {
    echo "# pam_idaas e2e: the passwd service (a private copy of /etc)"
    password_stack
  } >"$E2E_DIR/etc/pam.d/passwd"
}

# The accounts, locally (newusers: one run for all, with their passwords) and
# at the tenant (POST /_fake/users, one connection). Passwords travel on stdin.
create_accounts() {
  local i user
  for ((i = 1; i <= CONC_USERS; i++)); do
    PW[i]=$(password_for 0 "$i")
    TENANT_HISTORY[i]=${PW[i]}
    STORED[i]=0
    MUST_MODIFY[i]=false
  done
  for ((i = 1; i <= CONC_USERS; i++)); do
    user=$(user_name "$i")
    printf '%s:%s::::/home/%s:/bin/bash\n' "$user" "${PW[i]}" "$user"
  done | newusers
  for ((i = 1; i <= CONC_USERS; i++)); do
    printf '%s\t%s\n' "$(user_name "$i")" "${PW[i]}"
  done | python3 -c '
import http.client, json, ssl, sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
conn = http.client.HTTPSConnection(url.hostname, url.port,
                                   context=ssl.create_default_context(cafile=sys.argv[2]))
for line in sys.stdin:
    name, password = line.rstrip("\n").split("\t")
    conn.request("POST", "/_fake/users", json.dumps({"user_name": name, "password": password}),
                 {"Content-Type": "application/json"})
    answer = conn.getresponse()
    answer.read()
    if answer.status != 200:
        sys.exit(f"POST /_fake/users for {name}: HTTP {answer.status}")
' "$TENANT_URL" "$TENANT_CA"
}

# Every account is there, locally and at the tenant, before the rounds start.
check_accounts() {
  local here there
  here=$(grep -c '^conc[0-9]*:\$' /etc/shadow || true)
  there=$(fake GET users | python3 -c '
import json, sys
print(sum(u["user_name"].startswith("conc") for u in json.load(sys.stdin)))')
  if [[ $here == "$CONC_USERS" && $there == "$CONC_USERS" ]]; then
    ok "$CONC_USERS accounts with a password locally and at the tenant (${SECONDS} s since start)"
  else
    not_ok "$CONC_USERS accounts locally and at the tenant" \
      "$here in /etc/shadow, $there at the tenant"
  fi
}

# launch ROUND_DIR USER MODE: one passwd under converse.exp in the background,
# waiting at the barrier (a shared flock) until every process is ready.
# E2E_OLD / E2E_NEW come from the caller's environment; in the root round
# E2E_OLD is unset, so a "Current password" prompt would stop the run (3).
launch() {
  local dir=$1 user=$2 mode=$3
  (
    exec {BARRIER_FD}>&- # the barrier's holder is the main shell only
    local cmd=(passwd "$user") rc=0
    [[ $mode == root ]] && unset E2E_OLD
    [[ $mode == self ]] && cmd=(setpriv --reuid="$user" --regid="$user" --init-groups passwd)
    : >"$dir/$user.ready"
    flock -s "$dir/barrier" true
    date +%s%N >"$dir/$user.start"
    command expect -f "$e2e_here/converse.exp" -- "${cmd[@]}" >"$dir/$user.out" 2>&1 || rc=$?
    date +%s%N >"$dir/$user.end"
    echo "$rc" >"$dir/$user.rc"
  ) &
  ROUND_PIDS+=($!)
}

# The results of the checker (PASS/FAIL/INFO lines) as ok / not ok / comments.
take_results() {
  local prefix=$1 kind name detail
  while IFS=$'\t' read -r kind name detail; do
    case $kind in
      PASS) ok "$prefix: $name" ;;
      FAIL) not_ok "$prefix: $name" "$detail" ;;
      INFO) echo "# $prefix: $name" ;;
      *) not_ok "$prefix: checker output" "$kind $name" ;;
    esac
  done
}

# run_checker PREFIX ARGS...: concurrency_check.py ARGS, its lines as checks;
# a checker that breaks down is a failure too.
run_checker() {
  local prefix=$1 out rc=0
  shift
  out=$(python3 "$CHECKER" "$@" 2>&1) || rc=$?
  take_results "$prefix" <<<"$out"
  if [[ $rc != 0 ]]; then not_ok "$prefix: the $1 checks ran to the end" "exit status $rc"; fi
}

# run_round NUMBER NAME MODE: every account's passwd at once; MODE self or root.
run_round() {
  local number=$1 name=$2 mode=$3 dir=$E2E_DIR/round$1
  local i user new outcome ready started finished
  mkdir -m 700 "$dir"
  fake DELETE requests >/dev/null
  cp /etc/shadow "$dir/shadow.before"
  stat -c '%a %u:%g' /etc/shadow >"$dir/shadow.stat"
  if [[ -e $HISTORY_STORE ]]; then cp "$HISTORY_STORE" "$dir/history.before"; fi
  local syslog_mark
  syslog_mark=$(wc -l <"$E2E_DIR/syslog.log")

  # The plan: who gets which password and what must come of it.
  (
    umask 077
    for ((i = 1; i <= CONC_USERS; i++)); do
      new=$(password_for "$number" "$i")
      outcome=changed
      if [[ $name == mixed ]] && is_weak_in_mixed_round "$i"; then
        new=$(weak_password_for "$i")
        outcome=refused
      fi
      printf '%s\t%s\t%s\t%s\n' "$(user_name "$i")" "$outcome" "${PW[i]}" "$new"
    done >"$dir/passwords.tsv"
  )

  # The barrier: held exclusively here until all processes wait for it.
  exec {BARRIER_FD}>"$dir/barrier"
  flock -x "$BARRIER_FD"
  ROUND_PIDS=()
  while IFS=$'\t' read -r user outcome old new; do
    E2E_OLD=$old E2E_NEW=$new launch "$dir" "$user" "$mode"
  done <"$dir/passwords.tsv"
  for _ in {1..600}; do
    ready=$(find "$dir" -name '*.ready' | wc -l)
    ((ready >= CONC_USERS)) && break
    sleep 0.05
  done
  started=$(date +%s%N)
  flock -u "$BARRIER_FD"
  exec {BARRIER_FD}>&-
  wait "${ROUND_PIDS[@]}" || true
  finished=$(date +%s%N)
  echo "# round $number ($name): $CONC_USERS passwd processes ($ready waited at the barrier)" \
    "done in $(((finished - started) / 1000000)) ms wall"

  record_expectations "$dir" "$mode"
  check_transcripts "round $number ($name)" "$dir" "$mode"
  fake GET requests >"$dir/requests.json"
  fake GET users >"$dir/users.json"
  run_checker "round $number ($name)" tenant "$dir" "$mode"
  run_checker "round $number ($name)" local "$dir"
  check_syslog "round $number ($name)" "$syslog_mark" "$dir"
  check_token_cache "round $number ($name)"
  echo "# round $number ($name): checked, ${SECONDS} s since start"
}

# The model moves on with the round: the plan the checker reads (plan.tsv)
# says what every account must hold now.
record_expectations() {
  local dir=$1 mode=$2 i user outcome old new
  i=0
  while IFS=$'\t' read -r user outcome old new; do
    i=$((i + 1))
    if [[ $outcome == changed ]]; then
      PW[i]=$new
      TENANT_HISTORY[i]="${TENANT_HISTORY[i]}|$new"
      STORED[i]=$((STORED[i] + 1))
      # An administrator reset asks for the next change (tenant.must_modify's
      # default); the user's own change clears the flag.
      if [[ $mode == root ]]; then MUST_MODIFY[i]=true; else MUST_MODIFY[i]=false; fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$user" "$outcome" "$old" "$new" \
      "${TENANT_HISTORY[i]}" "${STORED[i]}" "${MUST_MODIFY[i]}"
  done <"$dir/passwords.tsv" >"$dir/plan.tsv"
  chmod 600 "$dir/plan.tsv"
}

# check_transcripts PREFIX DIR MODE: exit statuses and prompts, every process.
check_transcripts() {
  local prefix=$1 dir=$2 mode=$3 user outcome old new rc
  local bad_status=() bad_prompt=() bad_refusal=() first_out=
  while IFS=$'\t' read -r user outcome old new; do
    rc=$(cat "$dir/$user.rc" 2>/dev/null || echo none)
    local out
    out=$(tr -d '\r' <"$dir/$user.out" 2>/dev/null || true)
    if [[ $outcome == changed && $rc != 0 ]] ||
      [[ $outcome == refused && ($rc == 0 || $rc == none) ]]; then
      bad_status+=("$user:$rc")
      [[ -z $first_out ]] && first_out="$user:"$'\n'"$out"
    fi
    if [[ $mode == self ]]; then
      grep -q 'Current password: ' <<<"$out" || bad_prompt+=("$user")
    else
      grep -q 'Current password' <<<"$out" && bad_prompt+=("$user")
    fi
    if [[ $outcome == refused ]] && ! grep -Eq '(^|[^A-Z.])PWD\.000[5-9]: ' <<<"$out"; then
      bad_refusal+=("$user")
    fi
  done <"$dir/passwords.tsv"
  if ((${#bad_status[@]} == 0)); then
    ok "$prefix: every passwd exited as expected (0 when changed, non-zero when refused)"
  else
    not_ok "$prefix: every passwd exited as expected (0 when changed, non-zero when refused)" \
      "unexpected exit status: ${bad_status[*]}
first such transcript: $first_out"
  fi
  local what='asked the current password'
  [[ $mode == root ]] && what='never asked a current password'
  if ((${#bad_prompt[@]} == 0)); then ok "$prefix: every passwd $what"; else
    not_ok "$prefix: every passwd $what" "not so for: ${bad_prompt[*]}"
  fi
  local shown="each refused user was shown the rule (PWD.0005-9)"
  if grep -q refused "$dir/passwords.tsv"; then
    if ((${#bad_refusal[@]} == 0)); then ok "$prefix: $shown"; else
      not_ok "$prefix: $shown" "no rule line for: ${bad_refusal[*]}"
    fi
  fi
}

# check_token_cache PREFIX: 50 writers later, the cache directory holds one
# token entry (no temporary file left), root's alone, in the format the module
# reads (tenant/token_cache.cc).
check_token_cache() {
  local prefix=$1 dir=/run/pam_idaas entries problems=()
  mapfile -t entries < <(find "$dir" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort)
  [[ "$(stat -c '%a %U' "$dir" 2>/dev/null)" == "700 root" ]] ||
    problems+=("$dir: $(stat -c '%a %U' "$dir" 2>&1)")
  if [[ ${#entries[@]} != 1 || ${entries[0]} != token-* ]]; then
    problems+=("entries: ${entries[*]:-none}")
  else
    local file=$dir/${entries[0]}
    [[ "$(stat -c '%a %U' "$file")" == "600 root" ]] || problems+=("$file: $(stat -c '%a %U' "$file")")
    awk 'NR==1 && $0!="pam_idaas token 1" {bad=1} (NR==2||NR==3) && $0!~/^[0-9]+$/ {bad=1}
         NR==4 && $0!="Bearer" {bad=1} NR==5 && length($0)==0 {bad=1} END {exit bad || NR!=5}' \
      "$file" || problems+=("$file is not one well-formed token entry")
  fi
  if ((${#problems[@]} == 0)); then
    ok "$prefix: the shared token cache is one well-formed root-only entry"
  else
    not_ok "$prefix: the shared token cache is one well-formed root-only entry" \
      "$(printf '%s\n' "${problems[@]}")"
  fi
}

# A 2-core CI machine runs the other tests beside these 50 processes and the
# fake's TLS handshakes: the timeouts are for the load, not for the module.
allow_for_load() {
  printf '  connect_timeout_ms: 15000\n  budget_ms: 60000\n' >>"$E2E_CONFIG"
}

# check_syslog PREFIX MARK DIR: one "changed at the tenant" line per change and
# no history store failure (the module logs it and goes on: the change stands,
# the store silently loses the entry, which the store checks would then show).
check_syslog() {
  local prefix=$1 mark=$2 dir=$3 lines changed expected
  sleep 0.3 # the catcher writes what it received a moment later
  lines=$(tail -n "+$((mark + 1))" "$E2E_DIR/syslog.log")
  expected=$(grep -c $'\tchanged\t' "$dir/plan.tsv" || true)
  changed=$(grep -c 'changed at the tenant' <<<"$lines" || true)
  if [[ $changed == "$expected" ]]; then
    ok "$prefix: module logged $expected changes at the tenant"
  else
    not_ok "$prefix: module logged $expected changes at the tenant" "logged $changed"
  fi
  if grep -Eq 'history (not updated|unusable)|is held by another process' <<<"$lines"; then
    not_ok "$prefix: no password history error logged" \
      "$(grep -E 'history (not updated|unusable)|is held by another process' <<<"$lines" | head -5)"
  else
    ok "$prefix: no password history error logged"
  fi
}

# After the rounds, the store as the admin tool reads it: every user's current
# password is refused as reused (PWD.0007), and, as a control, an unused one
# passes for one of them.
check_with_cli() {
  local i user out rc refused=() fresh_rc=0
  if [[ ! -x $PAM_IDAAS_CLI ]]; then
    not_ok "pam-idaas check: the tool is there" "no executable $PAM_IDAAS_CLI"
    return
  fi
  for ((i = 1; i <= CONC_USERS; i++)); do
    user=$(user_name "$i")
    rc=0
    out=$(printf '%s\n' "${PW[i]}" |
      "$PAM_IDAAS_CLI" check --user "$user" --config "$E2E_CONFIG" 2>&1) || rc=$?
    if [[ $rc != 1 ]] || ! grep -q '^PWD\.0007: ' <<<"$out"; then refused+=("$user:$rc"); fi
  done
  if ((${#refused[@]} == 0)); then
    ok "pam-idaas check refuses every user's current password as reused (PWD.0007)"
  else
    not_ok "pam-idaas check refuses every user's current password as reused (PWD.0007)" \
      "not so for: ${refused[*]}"
  fi
  printf '%s\n' "$(password_for 9 1)" |
    "$PAM_IDAAS_CLI" check --user "$(user_name 1)" --config "$E2E_CONFIG" >/dev/null 2>&1 ||
    fresh_rc=$?
  if [[ $fresh_rc == 0 ]]; then
    ok "pam-idaas check accepts a password never used (control)"
  else
    not_ok "pam-idaas check accepts a password never used (control)" "exit status $fresh_rc"
  fi
}

# The history store where an installation keeps it, on a disk (E2E_DIR is under
# /tmp), not on the sandbox's tmpfs /var/log: its writers fsync under the lock,
# and a lock waited for too long (5 s) loses the entry.
use_history_store_on_disk() {
  mkdir -m 755 "$E2E_DIR/var-lib" # the module creates pam_idaas/ in it (0700)
  export HISTORY_STORE=$E2E_DIR/var-lib/pam_idaas/history
  sed -i "s|^    file: /var/log/pam_idaas-history\$|    file: $HISTORY_STORE|" "$E2E_CONFIG"
  if grep -qF "file: $HISTORY_STORE" "$E2E_CONFIG"; then
    ok "history store on disk: $(findmnt -no FSTYPE -T "$E2E_DIR")"
  else
    not_ok "history store on disk" "policy.history.file not found in $E2E_CONFIG"
  fi
}

e2e_body() {
  write_pam_passwd
  allow_for_load
  use_history_store_on_disk
  create_accounts
  check_accounts
  run_round 1 self self
  run_round 2 reset root
  run_round 3 mixed self
  check_with_cli
  echo "# all done ${SECONDS} s after the namespace's start"
}

if [[ -z ${E2E_INSIDE:-} && $# -ge 1 ]]; then
  if [[ $1 == --pam-unix-only ]]; then
    echo "$0: needs the module and the tenant; --pam-unix-only is for passwd.sh" >&2
    exit 2
  fi
  export PAM_IDAAS_CLI=${PAM_IDAAS_CLI:-$(dirname "$(realpath -m "$1")")/../cli/pam-idaas}
  export CONC_USERS E2E_TIMEOUT
fi
sandbox_main "$@"
