#!/usr/bin/env bash
# End to end with the real su(1): the tenant's must-modify flag forces a change
# when su opens bob's account. su runs pam_chauthtok with
# PAM_CHANGE_EXPIRED_AUTHTOK, for root as for a user, so even root must present
# bob's current password here: the central invariant from su's side. Private
# mount, network and pid namespaces (sandbox.sh).
#
# Usage: su.sh MODULE PROJECT_SOURCE_DIR
# Exit status: 0 all passed, 1 a check failed, 77 skipped (see sandbox.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"

NEW_VIA_ROOT='Willow#Frost36'
NEW_VIA_ALICE='Cedar#Brook49'

# su's own service, with the stacks under test: root needs no password (pam_rootok).
write_pam_su() {
  {
    echo "# pam_idaas e2e: the su service (a private copy of /etc)"
    echo "auth sufficient pam_rootok.so"
    echo "auth required pam_unix.so"
    account_stack
    password_stack
    echo "session required pam_unix.so"
  } >"$E2E_DIR/etc/pam.d/su"
}

# bob as the tenant ships him (must modify, Initial#Set42), locally in step.
bob_must_modify() {
  fake POST reset >/dev/null
  printf 'bob:%s\n' "$BOB_PW" | chpasswd
}

# $1 names the case; $2 the new password; the su command already ran.
check_forced_change() {
  local name=$1 new=$2
  check "$name: su went on to run the command" said 'SU-OK-42'
  check "$name: the current password was asked" said 'Current password: '
  OLD=$BOB_PW NEW=$new check_tenant "$name: tenant got change-password-verify with bob's old password" \
    'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "bob"))' bob
  check_tenant "$name: tenant never got the admin change-password" 'not calls("change")'
  check_tenant "$name: bob no longer must modify" 'users["bob"]["pwd_must_modify"] is False' bob
  check "$name: shadow verifies the new password" shadow_verifies bob "$new"
}

# (1) root: `su - bob` needs no password, but the forced change does.
case_root_su() {
  bob_must_modify
  E2E_OLD=$BOB_PW E2E_NEW=$NEW_VIA_ROOT converse su - bob -c 'echo SU-OK-$((6*7))'
  check "root su: exit status 0" status_is 0
  check_forced_change "root su" "$NEW_VIA_ROOT"
}

# (1b) root with a wrong current password: refused, no administrator reset.
case_root_su_wrong_old() {
  bob_must_modify
  E2E_OLD='Wrong#Guess77' E2E_NEW=$NEW_VIA_ROOT converse su - bob -c 'echo SU-OK-$((6*7))'
  check "root su, wrong current password: su fails" status_not 0
  check "root su, wrong current password: PWD.0014 shown" said 'PWD\.0014'
  check_tenant "root su, wrong current password: no admin change-password" 'not calls("change")'
  check "root su, wrong current password: shadow unchanged" shadow_verifies bob "$BOB_PW"
}

# (2) alice runs the setuid su: bob's password to get in, then the forced change.
case_user_su() {
  bob_must_modify
  E2E_PASSWORD=$BOB_PW E2E_OLD=$BOB_PW E2E_NEW=$NEW_VIA_ALICE \
    converse setpriv --reuid=alice --regid=alice --init-groups su bob -c 'echo SU-OK-$((6*7))'
  check "alice su bob: exit status 0" status_is 0
  check_forced_change "alice su bob" "$NEW_VIA_ALICE"
}

# (3) pam_idaas comes after the host's own account checks: an expired local
# account stays out even while the tenant asks for a password change (placed
# first, the module's new_authtok_reqd=done would skip pam_unix).
case_expired_local_account() {
  bob_must_modify
  usermod --expiredate 1 bob
  fake DELETE requests >/dev/null
  E2E_OLD=$BOB_PW E2E_NEW=$NEW_VIA_ROOT converse su - bob -c 'echo SU-OK-$((6*7))'
  check "expired local account: su fails" status_not 0
  check "expired local account: no forced change offered" eval '! said "Current password"'
  check_tenant "expired local account: no change request" 'not calls("verify") and not calls("change")'
  check "expired local account: shadow unchanged" shadow_verifies bob "$BOB_PW"
  usermod --expiredate '' bob
}

e2e_body() {
  if [[ $E2E_MODE != idaas ]]; then return; fi
  write_pam_su
  case_root_su
  case_root_su_wrong_old
  case_user_su
  case_expired_local_account
}

sandbox_main "$@"
