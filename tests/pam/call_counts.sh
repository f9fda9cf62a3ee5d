#!/usr/bin/env bash
# The tenant calls whole PAM calls make, from the benchmark of bench/pam_calls.sh run small:
# a cold change asks for a token, a warm one does not; a login whose status is cached makes no
# call at all, and does not even load the tenant client (libcurl); one that is not cached costs
# one lookup. The auth stack (bench/pam_auth_calls.sh, real pam_unix and shadow in a mount
# namespace): a user's first login on a host sends the password once, then logins with
# nothing changed send none and make no call; auth.ask_tenant: always sends it at every login;
# the first login after a change at the portal looks the user up and sends it once. Times are
# the benchmark's to report, not this test's to judge.
# Usage: call_counts.sh PATH/TO/pam_idaas.so PROJECT_SOURCE_DIR
set -uo pipefail
src=$2
# shellcheck source=../cli/lib.sh
source "$src/tests/cli/lib.sh"
table=$(LOGINS=50 CHANGES=6 PROCESSES=2 AUTH_LOGINS=50 AUTH_TENANT_CALLS=5 AUTH_CHANGES=2 bash "$src/bench/pam_calls.sh" "$1" 2>&1)
rc=$?
if [[ $rc != 0 ]]; then
  not_ok "bench/pam_calls.sh runs to the end" "exit $rc: $table"
  finish
  exit 1
fi
ok "bench/pam_calls.sh runs to the end"

# cell ROW_PREFIX COLUMN: one cell of the table (columns from 1)
cell() {
  awk -F' [|] ' -v row="| $1" -v col="$2" 'index($0, row) == 1 { print $(col + 1); exit }' <<<"$table"
}
# expect_cell NAME ROW_PREFIX COLUMN PATTERN: the cell matches the glob PATTERN
expect_cell() {
  local name=$1 row=$2 col=$3 want=$4 got
  got=$(cell "$row" "$col")
  # shellcheck disable=SC2053 # a glob on purpose
  if [[ $got == $want ]]; then ok "$name"; else not_ok "$name" "got '$got', want '$want'"; fi
}
expect_cell "a cold change: token, lookup and verify" "pam_chauthtok, self-service, cold" 1 \
  "3 (token 1, lookup 1, verify 1)"
expect_cell "a change with the token cached: lookup and verify only" \
  "pam_chauthtok, self-service, token cached, history full" 1 "2 (token 0, lookup 1, verify 1)"
expect_cell "the first login of a user: one lookup" "pam_acct_mgmt, status not cached" 1 \
  "1 (lookup 1)"
expect_cell "50 more logins within the cache lifetime: no tenant call" \
  "pam_acct_mgmt, status cached" 1 "0 in all"
expect_cell "... and no connection" "pam_acct_mgmt, status cached" 2 "0"
expect_cell "without the status cache, every login is one lookup" \
  "pam_acct_mgmt, cache.account_seconds: 0" 1 "1 (lookup 1)"
expect_cell "a change loads the tenant client and libcurl" \
  "pam_chauthtok, self-service, cold" 4 "*libcurl loaded*"
expect_cell "logins with the status cached leave libcurl unloaded" \
  "pam_acct_mgmt, status cached" 4 "*libcurl not loaded*"
expect_cell "... in a fresh process too" "pam_acct_mgmt, first call of a fresh process" 4 \
  "*libcurl not loaded*"
expect_cell "auth: the first login on a host: token, lookup and login, the password sent once" \
  "pam_authenticate, first call of a fresh process" 1 "3 (token 1, lookup 1, login 1)"
expect_cell "auth: a user's first login after a reboot: lookup and login" \
  "pam_authenticate, a user's first login after a reboot" 1 "2 (token 0, lookup 1, login 1)"
expect_cell "auth: 50 logins with nothing changed: no call, no password sent" \
  "pam_authenticate, steady state, 50 logins: the tenant's share" 1 "0 (token 0, lookup 0, login 0) in all"
expect_cell "... the same with a cheap hash" \
  "pam_authenticate, steady state, 50 logins, a sha512crypt hash of 1,000 rounds: pam_idaas + pam_unix" 1 \
  "0 (token 0, lookup 0, login 0)"
expect_cell "... and libcurl stays unloaded" \
  "pam_authenticate, steady state, 50 logins: pam_idaas + pam_unix" 4 "*libcurl not loaded*"
expect_cell "auth.ask_tenant: always: one login request per login, no lookup" \
  "pam_authenticate, auth.ask_tenant: always, 5 logins: pam_idaas + pam_unix" 1 \
  "1 (token 0, lookup 0, login 1)"
expect_cell "after a change at the portal: a lookup and a login, the hash made current" \
  "pam_authenticate, first login after a change at the portal" 1 "2 (token 0, lookup 1, login 1)"
finish
