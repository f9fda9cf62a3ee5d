#!/usr/bin/env bash
# End to end, issue 17: two hosts, one tenant, the tenant the authority for
# passwords. Hosts A and B (hosts.sh: each its own mount namespace with its own
# /etc, shadow and PAM stacks as pam-auth-update writes them with our profile,
# its own sshd) share one fake tenant on the sandbox's loopback (sandbox.sh).
# The real ssh client (password and keyboard-interactive), su, passwd and a
# pamtester run as the user drive them.
#
# Usage: two_hosts.sh MODULE PROJECT_SOURCE_DIR
#        two_hosts.sh --pam-unix-only PROJECT_SOURCE_DIR   (the two hosts alone)
# Exit status: 0 all passed, 1 a check failed, 77 skipped (see sandbox.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"
source "$(dirname "${BASH_SOURCE[0]}")/hosts.sh"

: "${E2E_TIMEOUT:=170}"
# The tenant's lockout limit: every wrong password counts at the tenant.
LOGIN_ATTEMPTS=4
E2E_TENANT_OPTIONS=(--login-attempts "$LOGIN_ATTEMPTS")

PORT_A=2201
PORT_B=2202
ZHANG_PW='Qing-Tian-2024'

# The passwords alice moves through (all pass the module's and the fake's policy).
PW_BY_PASSWD_A='Copper#Trail58'   # passwd on host A
PW_BY_PASSWD_B='Harvest#Moon64'   # passwd on host B, after B converged
PW_BY_PORTAL='Amber#Ridge63'      # the tenant's portal
PW_BY_ROOT='Cobalt#Wave27'        # root's reset on host A (must modify)
PW_FORCED='Pebble#Creek82'        # the change that reset forces, on host B
PW_UNSEEN='Juniper#Gate39'        # set at the portal, then the tenant goes down
PW_LOCKER='Saffron#Lake47'        # set at the portal, verified by a non-root caller
PW_STALE_A='Marble#Dune58'        # passwd on host A, far behind the tenant
WRONG='Wrong#Guess77'
BOB_NEW='Willow#Frost36'
BOB_OLDER='Quartz#Vale51'         # in bob's history at the tenant only

# ------------------------------------------------------------- the two hosts

# zhangsan is a tenant user of his own for the lockout, so that alice's
# wrong attempts elsewhere never lock him and his never lock her.
add_users() {
  useradd --create-home --shell /bin/bash zhangsan
  printf 'zhangsan:%s\n' "$ZHANG_PW" | chpasswd
}

case_sandbox() {
  check "host A: its own /etc" test "$(on_host A cat /etc/.pam_idaas-e2e-sandbox)" = "$(host_root A)"
  check "host B: its own /etc" test "$(on_host B cat /etc/.pam_idaas-e2e-sandbox)" = "$(host_root B)"
  check "hosts A and B: alice's shadow entries start equal" \
    test "$(host_shadow_hash A alice)" = "$(host_shadow_hash B alice)"
  local b_before
  b_before=$(host_shadow_digest B)
  printf 'carl:%s\n' "$WRONG" | on_host A chpasswd
  check "a write on host A: A's shadow has it" host_verifies A carl "$WRONG"
  check "a write on host A: B's shadow byte-identical" test "$(host_shadow_digest B)" = "$b_before"
  check "a write on host A: the sandbox's /etc untouched" shadow_verifies carl "$CARL_PW"
  printf 'carl:%s\n' "$CARL_PW" | on_host A chpasswd
  local name port
  for name in A B; do
    port=$PORT_A
    [[ $name == B ]] && port=$PORT_B
    E2E_PASSWORD=$ALICE_PW ssh_to "$port" password alice
    check "host $name: ssh password method logs alice in" said 'LOGGED-IN-42'
    E2E_PASSWORD=$ALICE_PW ssh_to "$port" keyboard-interactive alice
    check "host $name: ssh keyboard-interactive logs alice in" said 'LOGGED-IN-42'
    E2E_PASSWORD=$WRONG ssh_to "$port" keyboard-interactive alice
    check "host $name: ssh refuses a wrong password" eval '! said LOGGED-IN-42 && status_not 0'
    E2E_PASSWORD=$ALICE_PW ssh_shell "$port" alice
    check "host $name: ssh keyboard-interactive to a login shell" said 'LOGGED-IN-42'
    E2E_PASSWORD=$ALICE_PW su_on "$name" carl alice
    check "host $name: carl su alice with alice's password" said 'SU-OK-42'
  done
  check "host B's sshd logged B's logins" grep -q 'Accepted keyboard-interactive/pam for alice' \
    "$(host_root B)/sshd.log"
}

# ---------------------------------------------------------- helpers

# Every wrong password counts toward the tenant's lockout: alice's refusals
# start from a clean counter so that only the lockout case reaches the limit.
fresh_failures() { fake DELETE login-failures >/dev/null; }
fresh_log() { fake DELETE requests >/dev/null; }

# Host B sees every change at its next login: with the default status cache
# (cache.account_seconds 60) a change made elsewhere reaches B once B's cached
# status expires, which the steady-state case measures on its own.
b_asks_every_time() {
  host_config B "cache:
  directory: /run/pam_idaas
  account_seconds: 0"
}

logged_in() { said 'LOGGED-IN-42' && status_is 0; }
# acknowledged PATTERN: the line right before "Press Enter to continue." matches
# PATTERN: the last message reached the ssh user through that prompt.
acknowledged() {
  grep -B1 'Press Enter to continue\.' <<<"$OUT" | head -n 1 | grep -Eq -- "$1"
}
refused() { ! said 'LOGGED-IN-42' && ! said 'SU-OK-42' && status_not 0; }
su_ok() { said 'SU-OK-42' && status_is 0; }
# The tenant's own words for a wrong password, as the module shows them.
LOGIN_0002='LOGIN\.0002: Invalid account name or password\. Remaining attempts: [0-9]+\.'
TOLD_NEW='holds a password this host did not know'

# refused_on_b CASE PASSWORD: ssh (password method and keyboard-interactive) and
# su on host B all refuse alice's PASSWORD, the tenant's reason shown where the
# program can show it, and nothing is written to B's shadow.
refused_on_b() {
  local name=$1 pw=$2 shadow
  shadow=$(host_shadow_digest B)
  fresh_failures
  fresh_log
  E2E_PASSWORD=$pw ssh_to "$PORT_B" password alice
  check "$name: ssh password method on B refuses the old password" refused
  fresh_failures
  E2E_PASSWORD=$pw ssh_to "$PORT_B" keyboard-interactive alice
  check "$name: ssh keyboard-interactive on B refuses the old password" refused
  check "$name: ssh keyboard-interactive shows the tenant's reason" said "$LOGIN_0002"
  fresh_failures
  E2E_PASSWORD=$pw su_on B carl alice
  check "$name: su on B refuses the old password" refused
  check "$name: su shows the tenant's reason" said "$LOGIN_0002"
  fresh_failures
  check_tenant "$name: the tenant decided each refusal (a login for alice per program)" \
    'len(logins("alice")) >= 3 and all(r.get("password_sent") for r in logins("alice"))'
  check "$name: B's shadow byte-identical after the refusals" test "$(host_shadow_digest B)" = "$shadow"
}

# also_accepted_on_b CASE PASSWORD: after the first login made it current, the
# other two programs accept it too.
also_accepted_on_b() {
  local name=$1 pw=$2
  E2E_PASSWORD=$pw ssh_to "$PORT_B" password alice
  check "$name: then ssh password method on B accepts it" logged_in
  E2E_PASSWORD=$pw ssh_to "$PORT_B" keyboard-interactive alice
  check "$name: then ssh keyboard-interactive on B accepts it" logged_in
  E2E_PASSWORD=$pw su_on B carl alice
  check "$name: then su on B accepts it" su_ok
}

# ------------------------------------------------------------------ cases

# (1) alice changes her password on host A with passwd; host B, whose shadow
# still holds the old one, refuses it at the first login and takes the new one.
case_change_on_a() {
  local name="change on A"
  E2E_OLD=$ALICE_PW E2E_NEW=$PW_BY_PASSWD_A passwd_on A alice
  check "$name: passwd on A succeeds" status_is 0
  NEW=$PW_BY_PASSWD_A check_tenant "$name: the tenant has the new password" \
    'users["alice"]["password"] == env["NEW"]' alice
  check "$name: B's shadow still holds the old password" host_verifies B alice "$ALICE_PW"
  refused_on_b "$name" "$ALICE_PW"
  fresh_log
  E2E_PASSWORD=$PW_BY_PASSWD_A ssh_to "$PORT_B" password alice
  check "$name: the new password logs in on B at the first try (ssh password method)" logged_in
  check "$name: B's shadow now verifies the new password" host_verifies B alice "$PW_BY_PASSWD_A"
  check_tenant "$name: that first login sent the password to the tenant once" \
    'len(logins("alice")) == 1 and logins("alice")[0].get("password_sent")'
  also_accepted_on_b "$name" "$PW_BY_PASSWD_A"
  # passwd on B with the tenant's current password: proven and changed at the tenant.
  fresh_log
  E2E_OLD=$PW_BY_PASSWD_A E2E_NEW=$PW_BY_PASSWD_B passwd_on B alice
  check "$name: passwd on B with the current tenant password succeeds" status_is 0
  OLD=$PW_BY_PASSWD_A NEW=$PW_BY_PASSWD_B check_tenant "$name: passwd on B landed at the tenant (change-password-verify)" \
    'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "alice"))' alice
  check "$name: B's shadow verifies the password set on B" host_verifies B alice "$PW_BY_PASSWD_B"
}

# (2) alice changes her password at the tenant's portal: B refuses the
# password it had made current and takes the portal's, telling the user.
case_portal() {
  local name="portal change"
  fake POST portal-change "{\"user_name\":\"alice\",\"password\":\"$PW_BY_PORTAL\"}" >/dev/null
  refused_on_b "$name" "$PW_BY_PASSWD_B"
  E2E_PASSWORD=$PW_BY_PORTAL ssh_shell "$PORT_B" alice
  check "$name: the portal's password logs in on B at the first try (ssh keyboard-interactive)" logged_in
  check "$name: over ssh the user is told the tenant held a password B did not know" said "$TOLD_NEW"
  check "$name: B's shadow now verifies the portal's password" host_verifies B alice "$PW_BY_PORTAL"
  also_accepted_on_b "$name" "$PW_BY_PORTAL"
}

# (3) root resets alice's password on host A (the tenant then wants it
# changed: tenant.must_modify stays at its default, true). On B the password
# before it is refused; root's password is accepted at the first login and the
# change it forces goes to the tenant with root's password as the current one.
case_root_reset() {
  local name="root reset on A"
  E2E_NEW=$PW_BY_ROOT converse nsenter --mount="$(host_ns A)" -- passwd alice
  check "$name: passwd alice as root on A succeeds" status_is 0
  NEW=$PW_BY_ROOT check_tenant "$name: the tenant has root's password and wants it changed" \
    'users["alice"]["password"] == env["NEW"] and users["alice"]["pwd_must_modify"] is True' alice
  refused_on_b "$name" "$PW_BY_PORTAL"
  fresh_log
  E2E_PASSWORD=$PW_BY_ROOT E2E_OLD=$PW_BY_ROOT E2E_NEW=$PW_FORCED su_on B carl alice
  check "$name: root's password logs in on B at the first try (su), through the forced change" su_ok
  check "$name: su tells the user the tenant held a password B did not know" said "$TOLD_NEW"
  check "$name: su asked for the forced change" said 'Current password: '
  OLD=$PW_BY_ROOT NEW=$PW_FORCED check_tenant "$name: the forced change reached the tenant with root's password as the current one" \
    'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "alice"))' alice
  check_tenant "$name: alice no longer must change her password" 'users["alice"]["pwd_must_modify"] is False' alice
  check "$name: B's shadow verifies the password of the forced change" host_verifies B alice "$PW_FORCED"
  also_accepted_on_b "$name" "$PW_FORCED"
}

# (4) the tenant out of reach: B accepts the last password it made current
# (the host's hash decides, auth.offline local_hash) and nothing else, not
# even the tenant's newer password, set at the portal before it went down.
case_tenant_down() {
  local name="tenant down" shadow
  fake POST portal-change "{\"user_name\":\"alice\",\"password\":\"$PW_UNSEEN\"}" >/dev/null
  shadow=$(host_shadow_digest B)
  fake POST fault '{"endpoint":"any","fault":"reset_before","count":-1}' >/dev/null
  E2E_PASSWORD=$PW_FORCED su_on B carl alice
  check "$name: su on B accepts the password B made current" su_ok
  check "$name: su says the identity service cannot be reached" said_i 'identity service cannot be reached'
  E2E_PASSWORD=$PW_FORCED ssh_to "$PORT_B" keyboard-interactive alice
  check "$name: ssh keyboard-interactive on B accepts it" logged_in
  E2E_PASSWORD=$PW_FORCED ssh_to "$PORT_B" password alice
  check "$name: ssh password method on B accepts it" logged_in
  E2E_PASSWORD=$PW_UNSEEN su_on B carl alice
  check "$name: su on B refuses the tenant's newer password it never saw" refused
  E2E_PASSWORD=$PW_UNSEEN ssh_to "$PORT_B" keyboard-interactive alice
  check "$name: ssh on B refuses the tenant's newer password it never saw" refused
  E2E_PASSWORD=$PW_BY_ROOT su_on B carl alice
  check "$name: su on B refuses an older password" refused
  check "$name: B's shadow byte-identical" test "$(host_shadow_digest B)" = "$shadow"
  fake DELETE fault >/dev/null
  # Back online: the newer password is the tenant's, B takes it at once.
  E2E_PASSWORD=$PW_UNSEEN su_on B carl alice
  check "$name, then back: su on B accepts the tenant's newer password" su_ok
  check "$name, then back: B's shadow verifies it" host_verifies B alice "$PW_UNSEEN"
  fresh_failures
}

# (5) nothing changes anywhere: after one login, logins send no password to
# the tenant and make at most one tenant call per cache period.
case_steady_state() {
  local name="steady state" period=3 start elapsed calls i rounds=6
  host_config B "cache:
  directory: /run/pam_idaas
  account_seconds: $period"
  E2E_PASSWORD=$PW_UNSEEN su_on B carl alice
  check "$name: a first login on B" su_ok
  fresh_log
  start=$(date +%s%N)
  local ok_logins=0
  for ((i = 0; i < rounds; i++)); do
    E2E_PASSWORD=$PW_UNSEEN su_on B carl alice
    su_ok && ok_logins=$((ok_logins + 1))
    E2E_PASSWORD=$PW_UNSEEN ssh_to "$PORT_B" keyboard-interactive alice
    logged_in && ok_logins=$((ok_logins + 1))
  done
  elapsed=$((($(date +%s%N) - start) / 1000000))
  check "$name: all $((2 * rounds)) logins (su and ssh) succeed" test "$ok_logins" = $((2 * rounds))
  # Vacuous unless every login succeeded: they count as steady state only then.
  LOGINS_OK=$ok_logins check_tenant "$name: no password sent to the tenant (no login call)" \
    "int(env['LOGINS_OK']) == $((2 * rounds)) and not logins()"
  check_tenant "$name: no change call" 'not calls("change") and not calls("verify")'
  calls=$(tenant_value 'len([r for r in reqs if r.get("endpoint")])')
  # Each status lookup is kept for the period, so lookups are a period apart:
  # at most one per period begun. The module counts whole seconds, so a period
  # may end up to 1 s early: lookups are at least period - 1 s apart.
  check "$name: $calls tenant calls in $elapsed ms, at most 1 per ${period} s cache period" \
    test "$calls" -le $((elapsed / ((period - 1) * 1000) + 1))
  echo "# measured: steady state, $((2 * rounds)) logins in $elapsed ms: $calls tenant calls," \
    "$(tenant_value 'len(logins())') password transmissions (cache.account_seconds $period)"
  b_asks_every_time
}

# (6) a non-root caller (a screen locker: pamtester run as alice) verifies at
# the tenant and writes nothing, even where root would have.
case_non_root() {
  local name="non-root caller" shadow cache
  cat >"$(host_root B)/etc/pam.d/idaas-locker" <<'PAM'
# pam_idaas e2e: a screen locker's service, the auth stack of common-auth
@include common-auth
PAM
  fake POST portal-change "{\"user_name\":\"alice\",\"password\":\"$PW_LOCKER\"}" >/dev/null
  shadow=$(host_shadow_digest B)
  cache=$(on_host B find /run/pam_idaas -printf '%p %s %T@\n' | sort)
  fresh_log
  E2E_PASSWORD=$PW_UNSEEN converse nsenter --mount="$(host_ns B)" -- \
    setpriv --reuid=alice --regid=alice --init-groups pamtester idaas-locker alice authenticate
  check "$name: the password B's hash holds is refused (the tenant's moved on)" \
    eval '! said "successfully authenticated" && status_not 0'
  fresh_failures
  E2E_PASSWORD=$PW_LOCKER converse nsenter --mount="$(host_ns B)" -- \
    setpriv --reuid=alice --regid=alice --init-groups pamtester idaas-locker alice authenticate
  check "$name: the tenant's current password is accepted" said 'successfully authenticated'
  check_tenant "$name: both verified at the tenant (a login each)" \
    'len(logins("alice")) == 2 and all(r.get("password_sent") for r in logins("alice"))'
  check "$name: B's shadow byte-identical" test "$(host_shadow_digest B)" = "$shadow"
  check "$name: B's shadow still without the tenant's password" host_lacks B alice "$PW_LOCKER"
  check "$name: no record or cache file created or changed" \
    test "$(on_host B find /run/pam_idaas -printf '%p %s %T@\n' | sort)" = "$cache"
}

# (7) the dead end of the issue: on host A, far behind the tenant, passwd with
# the tenant's current password works.
case_stale_host_passwd() {
  local name="passwd on a stale host"
  check "$name: A's shadow is stale" host_lacks A alice "$PW_LOCKER"
  fresh_log
  E2E_OLD=$PW_LOCKER E2E_NEW=$PW_STALE_A passwd_on A alice
  check "$name: passwd on A with the tenant's current password succeeds" status_is 0
  OLD=$PW_LOCKER NEW=$PW_STALE_A check_tenant "$name: the change landed at the tenant" \
    'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "alice"))' alice
  check "$name: A's shadow verifies the new password" host_verifies A alice "$PW_STALE_A"
}

# (8) wrong passwords: the tenant's reason each time, its lockout after its
# limit, then shown as such even for the right password.
case_lockout() {
  local name="lockout" transcripts="" shadow i
  shadow=$(host_shadow_digest B)
  fresh_failures
  E2E_PASSWORD=$WRONG ssh_to "$PORT_B" keyboard-interactive zhangsan
  check "$name: ssh keyboard-interactive shows LOGIN.0002 with the attempts left" \
    said 'LOGIN\.0002: Invalid account name or password\. Remaining attempts: [0-9]+\.'
  transcripts+=$OUT$'\n'
  for ((i = 0; i < LOGIN_ATTEMPTS + 1; i++)); do
    grep -q 'LOGIN\.0003' <<<"$transcripts" && break
    E2E_PASSWORD=$WRONG su_on B carl zhangsan
    transcripts+=$OUT$'\n'
  done
  OUT=$transcripts
  check "$name: su shows the tenant's count down to 0 attempts left" \
    eval "said 'Remaining attempts: $((LOGIN_ATTEMPTS - 1))\\.' && said 'Remaining attempts: 0\\.'"
  check "$name: exactly $LOGIN_ATTEMPTS wrong passwords before the lock" \
    test "$(grep -Eo 'Remaining attempts: [0-9]+' <<<"$transcripts" | sort -u | wc -l)" = "$LOGIN_ATTEMPTS"
  check "$name: then the lock is shown (LOGIN.0003)" said 'LOGIN\.0003: The account is locked\.'
  E2E_PASSWORD=$ZHANG_PW su_on B carl zhangsan
  check "$name: the right password is refused while locked, by su" refused
  check "$name: su shows the lock" said 'LOGIN\.0003: The account is locked\.'
  E2E_PASSWORD=$ZHANG_PW ssh_to "$PORT_B" keyboard-interactive zhangsan
  check "$name: and by ssh keyboard-interactive" refused
  check "$name: ssh shows the lock" said 'LOGIN\.0003: The account is locked\.'
  check "$name: B's shadow byte-identical" test "$(host_shadow_digest B)" = "$shadow"
  fresh_failures
}

# bob as the tenant ships him (must modify), with a known older password there.
bob_must_modify() {
  fake POST users "{\"user_name\":\"bob\",
    \"password\":\"$BOB_PW\",\"pwd_must_modify\":true,\"name\":\"Bob Stone\",
    \"history\":[\"$BOB_OLDER\"]}" >/dev/null
}

# (9) over the real ssh client, every refusal during the forced change reaches
# the user; the last through "Press Enter to continue.".
case_forced_change_refusals() {
  local name="forced change over ssh" shadow
  bob_must_modify
  shadow=$(host_shadow_digest B)
  E2E_PASSWORD=$BOB_PW E2E_OLD=$WRONG E2E_NEW=$BOB_NEW ssh_to "$PORT_B" keyboard-interactive bob
  check "$name, wrong current password: refused" refused
  check "$name, wrong current password: PWD.0014 in the transcript" said 'PWD\.0014'
  check "$name, wrong current password: the last PWD.0014 reached the user through Press Enter" \
    acknowledged 'PWD\.0014'
  E2E_PASSWORD=$BOB_PW E2E_OLD=$BOB_PW E2E_NEW=$BOB_OLDER ssh_to "$PORT_B" keyboard-interactive bob
  check "$name, tenant policy: refused" refused
  check "$name, tenant policy: the tenant's PWD.0007 (history) in the transcript" said 'PWD\.0007'
  check "$name, tenant policy: the last PWD.0007 reached the user through Press Enter" \
    acknowledged 'PWD\.0007'
  fake POST fault '{"endpoint":"verify","fault":"reset_before","count":-1}' >/dev/null
  E2E_PASSWORD=$BOB_PW E2E_OLD=$BOB_PW E2E_NEW=$BOB_NEW ssh_to "$PORT_B" keyboard-interactive bob
  fake DELETE fault >/dev/null
  check "$name, tenant down: refused" refused
  check "$name, tenant down: the transcript says the identity service failed and nothing changed" \
    eval 'said_i "identity service" && said_i "not( been)? changed"'
  check "$name, tenant down: that message reached the user through Press Enter" \
    acknowledged 'identity service.*not( been)? changed'
  BOB=$BOB_PW check_tenant "$name: bob's tenant password unchanged, still must modify" \
    'users["bob"]["password"] == env["BOB"] and users["bob"]["pwd_must_modify"] is True' bob
  check "$name: B's shadow byte-identical" test "$(host_shadow_digest B)" = "$shadow"
}

e2e_body() {
  add_users
  host_up A "$PORT_A"
  host_up B "$PORT_B"
  case_sandbox
  [[ $E2E_MODE == idaas ]] || return 0
  check "the profile has the auth line under test" test -n "$(profile_line Auth-Initial)$(profile_line Auth)"
  b_asks_every_time
  case_change_on_a
  case_portal
  case_root_reset
  case_tenant_down
  case_steady_state
  case_non_root
  case_stale_host_passwd
  case_lockout
  case_forced_change_refusals
}

sandbox_main "$@"
