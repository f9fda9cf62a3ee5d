#!/usr/bin/env bash
# End to end with the real setuid passwd(1): pam_idaas in the passwd service's
# password stack, the fake tenant behind it, pam_unix updating the local shadow.
# Everything runs in private mount, network and pid namespaces (sandbox.sh).
#
# Usage: passwd.sh MODULE PROJECT_SOURCE_DIR
#        passwd.sh --pam-unix-only PROJECT_SOURCE_DIR   (the sandbox alone)
# Exit status: 0 all passed, 1 a check failed, 77 skipped (see sandbox.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"

# The passwords each case moves alice to; all pass both pam_idaas's policy and
# the fake's (no "alice", "smith", history, weak word).
NEW_BY_USER='Copper#Trail58'
NEW_BY_ROOT='Amber#Ridge63'
NEW_TENANT_DOWN='Cobalt#Wave27'
WEAK='password1'                 # the fake's and the built-in weak lists
NEW_REFUSED='Saffron#Lake47'   # offered only in the cases that must fail
WRONG_OLD='Wrong#Guess77'
LOCAL_ONLY='Harvest#Moon64'      # a local password the tenant does not know
NEW_UNBRANCHED='Pebble#Creek82'  # the case with the README's first stack
NEW_HOST_FAILS='Juniper#Gate39'  # reaches the tenant; the host's side then fails

write_pam_passwd() {
  {
    echo "# pam_idaas e2e: the passwd service (a private copy of /etc)"
    password_stack
  } >"$E2E_DIR/etc/pam.d/passwd"
}

# passwd as the user itself: setuid root, so PAM asks the current password.
passwd_as() {
  local user=$1
  converse setpriv --reuid="$user" --regid="$user" --init-groups passwd
}

# Each wrong current password the module proves at the tenant (its login call)
# counts toward the tenant's lockout, as it would in production; a case that
# sends some clears the count, so that the later cases do not meet a lock.
fresh_login_failures() { fake DELETE login-failures >/dev/null; }

# -------------------------------------------------------------------- cases

# (1) the user changes their own password: the tenant's self-service endpoint
# with the right old password, never the administrator reset; then shadow.
case_user_changes() {
  local before
  before=$(shadow_hash alice)
  E2E_OLD=$ALICE_PW E2E_NEW=$NEW_BY_USER passwd_as alice
  check "user change: passwd succeeds" status_is 0
  check "user change: passwd asked the current password" said 'Current password: '
  if [[ $E2E_MODE == idaas ]]; then
    OLD=$ALICE_PW NEW=$NEW_BY_USER check_tenant "user change: tenant got change-password-verify with the right old password" \
      'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "alice"))' alice
    check_tenant "user change: tenant never got the admin change-password" 'not calls("change")'
    NEW=$NEW_BY_USER check_tenant "user change: tenant password is the new one" \
      'users["alice"]["password"] == env["NEW"]' alice
    # passwd's effective group is alice's: the store it rewrote must still be root's alone.
    check "user change: the history store is root:root" \
      test "$(stat -c %u:%g /var/log/pam_idaas-history)" = 0:0
  fi
  check "user change: shadow hash changed" test "$(shadow_hash alice)" != "$before"
  check "user change: shadow verifies the new password" shadow_verifies alice "$NEW_BY_USER"
}

# (2) a new password the policy refuses: one "CODE: message" line per
# violation, retried (retry=3) and then given up; nothing changes anywhere.
case_policy_rejects() {
  local before
  before=$(shadow_hash alice)
  fake DELETE requests >/dev/null
  E2E_OLD=$NEW_BY_USER E2E_NEW=$WEAK passwd_as alice
  check "weak password: passwd fails" status_not 0
  check "weak password: a PWD.0006 (weak) or PWD.0005 (complexity) line" \
    said '(^|[^A-Z.])PWD\.000[56]: '
  NEW=$NEW_BY_USER check_tenant "weak password: tenant password unchanged" \
    'users["alice"]["password"] == env["NEW"] and not calls("change")' alice
  check "weak password: shadow unchanged" test "$(shadow_hash alice)" == "$before"
}

# (3a) the current password is right locally but not at the tenant (the two
# drifted apart): pam_unix lets it through, the tenant answers PWD.0014.
case_tenant_refuses_old() {
  local synced
  synced=$(shadow_hash alice)
  printf 'alice:%s\n' "$LOCAL_ONLY" | chpasswd
  local before
  before=$(shadow_hash alice)
  fake DELETE requests >/dev/null
  E2E_OLD=$LOCAL_ONLY E2E_NEW=$NEW_REFUSED passwd_as alice
  check "old password wrong at the tenant: passwd fails" status_not 0
  check "old password wrong at the tenant: PWD.0014 shown" said 'PWD\.0014'
  NEW=$NEW_BY_USER check_tenant "old password wrong at the tenant: tenant password unchanged" \
    'users["alice"]["password"] == env["NEW"] and not calls("change")' alice
  check "old password wrong at the tenant: shadow unchanged" test "$(shadow_hash alice)" == "$before"
  # Back in sync for the next cases (usermod -p keeps the very same hash).
  usermod -p "$synced" alice
  fresh_login_failures
}

# (3b) a current password wrong everywhere: PWD.0014 (the module may tell
# from the local hash alone), nothing changes, no administrator reset.
case_wrong_old() {
  local before
  before=$(shadow_hash alice)
  if [[ $E2E_MODE == idaas ]]; then fake DELETE requests >/dev/null; fi
  E2E_OLD=$WRONG_OLD E2E_NEW=$NEW_REFUSED passwd_as alice
  check "wrong old password: passwd fails" status_not 0
  check "wrong old password: shadow unchanged" test "$(shadow_hash alice)" == "$before"
  if [[ $E2E_MODE == idaas ]]; then
    NEW=$NEW_BY_USER check_tenant "wrong old password: tenant password unchanged, no admin reset" \
      'users["alice"]["password"] == env["NEW"] and not calls("change")' alice
    check "wrong old password: PWD.0014 shown" said 'PWD\.0014'
    fresh_login_failures
  fi
}

# (4) root resets alice's password: no old password; the tenant's
# administrator endpoint with must_modify true; shadow updated.
case_root_resets() {
  local before
  before=$(shadow_hash alice)
  if [[ $E2E_MODE == idaas ]]; then fake DELETE requests >/dev/null; fi
  E2E_NEW=$NEW_BY_ROOT converse passwd alice
  check "root reset: passwd alice succeeds" status_is 0
  check "root reset: no current password asked" eval '! said "Current password"'
  if [[ $E2E_MODE == idaas ]]; then
    NEW=$NEW_BY_ROOT check_tenant "root reset: tenant got change-password with must_modify true" \
      'any(b.get("password") == env["NEW"] and b.get("must_modify", b.get("pwd_must_modify")) is True for b in calls("change", "alice"))' alice
    check_tenant "root reset: no change-password-verify" 'not calls("verify")'
    NEW=$NEW_BY_ROOT check_tenant "root reset: tenant has the password, must-modify set" \
      'users["alice"]["password"] == env["NEW"] and users["alice"]["pwd_must_modify"] is True' alice
  fi
  check "root reset: shadow hash changed" test "$(shadow_hash alice)" != "$before"
  check "root reset: shadow verifies the new password" shadow_verifies alice "$NEW_BY_ROOT"
}

# (5) the tenant is down: a clear message, and the local password stays (the
# module is requisite, so pam_unix never runs).
case_tenant_down() {
  local before
  before=$(shadow_hash alice)
  tenant_stop
  E2E_OLD=$NEW_UNBRANCHED E2E_NEW=$NEW_TENANT_DOWN passwd_as alice   # alice's password since (7)
  check "tenant down: passwd fails" status_not 0
  check "tenant down: the message names the identity service" said_i 'identity service'
  check "tenant down: the message says the password was not changed" said_i 'not( been)? changed'
  check "tenant down: shadow unchanged" test "$(shadow_hash alice)" == "$before"
}

# (6) a host-only account (carl, unknown to the tenant): pam_idaas stays out
# (PAM_IGNORE), the stack's other pam_unix line asks and writes, as without
# pam_idaas; no change request reaches the tenant. Then root resets carl.
case_host_only_account() {
  local before
  before=$(shadow_hash carl)
  fake DELETE requests >/dev/null
  E2E_OLD=$CARL_PW E2E_NEW=$NEW_BY_USER passwd_as carl
  check "host-only user: passwd succeeds" status_is 0
  check "host-only user: shadow verifies the new password" shadow_verifies carl "$NEW_BY_USER"
  check_tenant "host-only user: no change request at the tenant" \
    'not calls("change") and not calls("verify")'
  E2E_NEW=$NEW_BY_ROOT converse passwd carl
  check "host-only user, root reset: passwd carl succeeds" status_is 0
  check "host-only user, root reset: shadow verifies" shadow_verifies carl "$NEW_BY_ROOT"
  check_tenant "host-only user, root reset: no change request at the tenant" \
    'not calls("change") and not calls("verify")'
  check "host-only user: shadow changed" test "$(shadow_hash carl)" != "$before"
}

# (7) the README's first stack (the shape pam-auth-update writes): one
# requisite pam_idaas line with ask_for_all, then pam_unix use_authtok. A
# tenant user's change goes through the tenant; a host-only account gets its
# password asked by pam_idaas (unchecked) and written by pam_unix.
case_ask_for_all_stack() {
  {
    echo "# pam_idaas e2e: the passwd service, stack without a branch"
    echo "password requisite $(e2e_module_line) ask_for_all retry=3"
    echo "password [success=1 default=ignore] pam_unix.so use_authtok try_first_pass yescrypt"
    echo "password requisite pam_deny.so"
    echo "password required pam_permit.so"
  } >"$E2E_DIR/etc/pam.d/passwd"
  fake DELETE requests >/dev/null
  local carl_before
  carl_before=$(shadow_hash carl)
  E2E_OLD=$NEW_BY_ROOT E2E_NEW=$NEW_UNBRANCHED passwd_as carl
  check "ask_for_all stack, host-only user: passwd succeeds" status_is 0
  check "ask_for_all stack, host-only user: shadow verifies the new password" \
    shadow_verifies carl "$NEW_UNBRANCHED"
  check "ask_for_all stack, host-only user: shadow changed" test "$(shadow_hash carl)" != "$carl_before"
  check_tenant "ask_for_all stack, host-only user: no change request at the tenant" \
    'not calls("change") and not calls("verify")'
  E2E_OLD=$NEW_BY_ROOT E2E_NEW=$NEW_UNBRANCHED passwd_as alice
  check "ask_for_all stack, tenant user: passwd succeeds" status_is 0
  OLD=$NEW_BY_ROOT NEW=$NEW_UNBRANCHED check_tenant "ask_for_all stack, tenant user: change-password-verify with the old password" \
    'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "alice"))' alice
  check "ask_for_all stack, tenant user: shadow verifies the new password" \
    shadow_verifies alice "$NEW_UNBRANCHED"
  write_pam_passwd
}

# (8) the tenant accepts, then the host's side of the stack fails (a pam_unix
# whose minlen the new password misses refuses it in the update pass): the
# two sides now differ, and the module's cleanup at pam_end logs which side
# holds which password.
case_stack_fails_after_the_tenant() {
  {
    echo "# pam_idaas e2e: the passwd service, a host side that fails"
    echo "password requisite $(e2e_module_line) retry=1"
    echo "password requisite pam_unix.so use_authtok minlen=40 yescrypt"
  } >"$E2E_DIR/etc/pam.d/passwd"
  local before
  before=$(shadow_hash alice)
  fake DELETE requests >/dev/null
  E2E_OLD=$NEW_UNBRANCHED E2E_NEW=$NEW_HOST_FAILS passwd_as alice
  check "host side fails after the tenant: passwd fails" status_not 0
  NEW=$NEW_HOST_FAILS check_tenant "host side fails after the tenant: the tenant holds the new password" \
    'users["alice"]["password"] == env["NEW"]' alice
  check "host side fails after the tenant: shadow unchanged" test "$(shadow_hash alice)" == "$before"
  OUT=$(syslog_since_converse)
  check "host side fails after the tenant: the log says which side holds which" \
    said 'the tenant holds the new password of alice, but the password stack ended with .*this host keeps the old one'
  write_pam_passwd
}

e2e_body() {
  write_pam_passwd
  case_user_changes
  if [[ $E2E_MODE == idaas ]]; then
    case_policy_rejects
    case_tenant_refuses_old
  fi
  case_wrong_old
  case_root_resets
  if [[ $E2E_MODE == idaas ]]; then
    case_host_only_account
    case_ask_for_all_stack
    case_stack_fails_after_the_tenant
    case_tenant_down
  fi
}

sandbox_main "$@"
