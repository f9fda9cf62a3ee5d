#!/usr/bin/env bash
# The module's flows through the real libpam: pamtester drives a PAM stack under pam_wrapper
# (service files from a temporary directory, never the host's /etc/pam.d), the module talks
# to the fake tenant over TLS on 127.0.0.1, and pam_test_store.so (built here from
# pam_test_store.c) plays pam_unix's part as the local password store. Each flow checks
# pamtester's exit status and PAM result, the module's output (codes, prompts), what the
# fake tenant received (/_fake/requests) and holds (/_fake/users/NAME), and the local store.
#
# The harness (pamtester, pam_wrapper, the store, the fake, the checks) is in lib.sh, shared
# with faults.sh.
#
# Usage: run.sh PATH/TO/pam_idaas.so PROJECT_SOURCE_DIR
# Environment: see lib.sh (PAM_IDAAS_SANITIZED, PAM_FLOWS_VALGRIND, PAM_FLOWS_DEBUG,
#   PAM_FLOWS_VERBOSE, PAM_FLOWS_KEEP).
set -uo pipefail

# shellcheck source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pam_setup "$@"

# --- flows --------------------------------------------------------------------------------

# 0. The harness alone: pam_wrapper reads our service directory, pamtester runs as nobody,
#    and the store writes what pam_set_items.so put in PAM_AUTHTOK. If this fails, so does
#    everything else, and the module is not to blame.
flow_harness() {
  scenario harness nobody
  printf 'password required %s\npassword required %s passdb=%s/passdb log=%s/store.log\n' \
    "$set_items" "$store" "$dir" "$dir" >"$dir/pam.d/flows"
  out=$(cd / && setpriv "--reuid=$NOBODY" "--regid=$NOBODY" --clear-groups env \
    "LD_PRELOAD=$wrapper" PAM_WRAPPER=1 "PAM_WRAPPER_SERVICE_DIR=$dir/pam.d" \
    PAM_AUTHTOK=Harness-Check-11 pamtester -v flows alice chauthtok </dev/null 2>&1)
  rc=$?
  runs=$((runs + 1))
  last="harness: pam_set_items + store as nobody"
  check "0 harness: pam_wrapper + pamtester as nobody + store" exit_is 0
  check "0 harness: store wrote PAM_AUTHTOK" passdb_is alice Harness-Check-11
}

# 1. Self-service change by an unprivileged caller: the tenant verifies the old password
#    (change-password-verify), the admin endpoint is never used, the local store follows.
flow_self_service() {
  reset_tenant
  scenario self nobody
  pam nobody alice chauthtok "$ALICE_OLD" Blue-Kettle-42 Blue-Kettle-42
  check "1 self-service: success" exit_is 0
  check "1 self-service: PAM result" result_is "$CHANGED"
  check "1 self-service: asks the current password" says 'Current password:'
  check "1 self-service: asks new and retype" says 'New password: Retype new password: '
  check "1 self-service: asks each once" asked 1 'Current password: '
  check "1 self-service: verify endpoint with the old password" \
    sent_is 1 verify ".old_password == \"$ALICE_OLD\" and .password == \"Blue-Kettle-42\""
  check "1 self-service: never the admin endpoint" sent_is 0 change
  check "1 self-service: tenant has the new password" tenant_is alice password Blue-Kettle-42
  check "1 self-service: local store updated" passdb_is alice Blue-Kettle-42
  check "1 self-service: new password handed on in PAM_AUTHTOK" stored_new alice Blue-Kettle-42
  check "1 self-service: old password handed on in PAM_OLDAUTHTOK (pam_unix try_first_pass)" \
    handed_on alice "$ALICE_OLD" Blue-Kettle-42

  # The same password again: the local history refuses it before the tenant is asked.
  ctl DELETE requests >/dev/null
  : >"$dir/store.log"
  pam nobody alice chauthtok Blue-Kettle-42 Blue-Kettle-42
  check "1b local history: reuse refused" failed
  check "1b local history: PWD.0007 shown" shows PWD.0007
  check "1b local history: no tenant change attempted" sent_is 0 verify
  check "1b local history: never the admin endpoint" sent_is 0 change
  check "1b local history: store not reached" store_not_updated
  check "1b local history: local store keeps the first change" passdb_is alice Blue-Kettle-42
}

# 2. Wrong old password: the tenant's PWD.0014, nothing changed anywhere.
flow_wrong_old() {
  reset_tenant
  scenario wrongold nobody
  pam nobody alice chauthtok 'Wrong#Old999' Copper-Lake-58 Copper-Lake-58
  check "2 wrong old password: fails" failed
  check "2 wrong old password: PAM result" result_is "$OLD_REFUSED"
  check "2 wrong old password: PWD.0014 shown" shows PWD.0014
  check "2 wrong old password: never the admin endpoint" sent_is 0 change
  check "2 wrong old password: tenant unchanged" tenant_is alice password "$ALICE_OLD"
  check "2 wrong old password: local store unchanged" passdb_unchanged
}

# 3. Local policy refusal, then success within retry=2: the refused password never reaches
#    the tenant.
flow_local_retry() {
  reset_tenant
  scenario retry nobody 2
  # As pam_pwquality: a password the policy refuses is not asked to be retyped.
  pam nobody alice chauthtok "$ALICE_OLD" password1 Copper-Lake-58 Copper-Lake-58
  check "3 local refusal then retry: success" exit_is 0
  check "3 local refusal then retry: PAM result" result_is "$CHANGED"
  check "3 local refusal then retry: codes shown" some_code
  check "3 local refusal then retry: new password asked twice" asked 2 'New password: '
  check "3 local refusal then retry: retype asked once" asked 1 'Retype new password: '
  check "3 local refusal then retry: refused password never sent" \
    sent_is 0 verify '.password == "password1"'
  check "3 local refusal then retry: refused password never sent (admin)" sent_is 0 change
  check "3 local refusal then retry: good password sent once" \
    sent_is 1 verify ".password == \"Copper-Lake-58\" and .old_password == \"$ALICE_OLD\""
  check "3 local refusal then retry: tenant has it" tenant_is alice password Copper-Lake-58
  check "3 local refusal then retry: local store updated" passdb_is alice Copper-Lake-58
}

# 3b. PAM_SILENT (passwd -q): the module's messages are suppressed, its verdict is not.
flow_silent() {
  reset_tenant
  scenario silent nobody
  pam nobody alice 'chauthtok(PAM_SILENT)' "$ALICE_OLD" password1
  check "3b PAM_SILENT: refused" failed
  check "3b PAM_SILENT: no message from the module" never_says 'PWD\.00[0-9][0-9]: '
  check "3b PAM_SILENT: nothing sent" sent_is 0 verify
  pam nobody alice chauthtok "$ALICE_OLD" password1
  check "3b without PAM_SILENT: the same refusal is shown" some_code
}

# 4. The tenant refuses what the local policy accepts: alice's tenant history (the local
#    history store is empty). The tenant's code is shown and nothing changes.
flow_tenant_refusal() {
  reset_tenant
  scenario tenantno nobody
  pam nobody alice chauthtok "$ALICE_OLD" 'Harbor!7735Kq' 'Harbor!7735Kq'
  check "4 tenant refusal: fails" failed
  check "4 tenant refusal: PAM result" result_is "$CHANGE_REFUSED"
  check "4 tenant refusal: tenant's PWD.0007 shown" shows PWD.0007
  check "4 tenant refusal: it was the tenant that said so" sent_is 1 verify '.password == "Harbor!7735Kq"'
  check "4 tenant refusal: tenant unchanged" tenant_is alice password "$ALICE_OLD"
  check "4 tenant refusal: local store unchanged" passdb_unchanged
}

# 5. Root resets a password through passwd(1)'s service, for an account of this host (alice,
#    uid 1000 in host_accounts): no old password asked, the admin endpoint with must_modify true.
flow_root_reset() {
  reset_tenant
  scenario reset root
  SERVICE=passwd pam root alice chauthtok Silver-Pine-63 Silver-Pine-63
  check "5 root reset: success" exit_is 0
  check "5 root reset: PAM result" result_is "$CHANGED"
  check "5 root reset: no current password asked" never_says 'Current password'
  check "5 root reset: admin endpoint, must_modify true" \
    sent_is 1 change '.password == "Silver-Pine-63" and .must_modify == true'
  check "5 root reset: no verify call" sent_is 0 verify
  check "5 root reset: tenant has the password" tenant_is alice password Silver-Pine-63
  check "5 root reset: tenant user must change it" tenant_is alice pwd_must_modify true
  check "5 root reset: local store updated" passdb_is alice Silver-Pine-63
}

# 5b. The reach of root's reset (password.admin_reset.services, default [passwd]; accounts the
#     host's name service returns): root through another service (Samba's password change runs
#     pam_chauthtok as root) or for a tenant account this host does not know proves the old
#     password like a user; without one it is refused, saying why, and nothing changes.
# refused_reset_checks WHAT USER TENANT_PASSWORD STORE_PASSWORD
refused_reset_checks() {
  local what=$1 user=$2 password=$3 stored=$4
  check "$what: fails" failed
  check "$what: PAM_PERM_DENIED" result_is 'Permission denied'
  check "$what: the current password was asked" says 'Current password:'
  check "$what: never the admin endpoint" sent_is 0 change
  check "$what: no self-service change either" sent_is 0 verify
  check "$what: no login sent" sent_is 0 login
  check "$what: tenant unchanged" tenant_is "$user" password "$password"
  check "$what: store not reached" store_not_updated
  check "$what: local store unchanged" passdb_is "$user" "$stored"
}
flow_root_reset_reach() {
  reset_tenant
  scenario reachsamba root
  cp "$dir/pam.d/flows" "$dir/pam.d/samba"
  SERVICE=samba pam root alice chauthtok '' Silver-Pine-63 Silver-Pine-63
  refused_reset_checks "5b root via samba, no current password" alice "$ALICE_OLD" "$ALICE_OLD"
  check "5b root via samba, no current password: says which services may" \
    says 'only through the programs that password.admin_reset.services'
  check "5b root via samba, no current password: logged with the service" \
    logged 'password change of alice refused: root gave no current password, and the PAM service "samba" is not in password.admin_reset.services'

  SERVICE=samba pam root alice chauthtok
  refused_reset_checks "5b root via samba, no answer at all" alice "$ALICE_OLD" "$ALICE_OLD"

  # Answers as for passwd's reset (new, retype): the first is taken as the current password.
  SERVICE=samba pam root alice chauthtok Silver-Pine-63 Silver-Pine-63
  check "5b root via samba answering as for a reset: fails" failed
  check "5b root via samba answering as for a reset: never the admin endpoint" sent_is 0 change
  check "5b root via samba answering as for a reset: tenant unchanged" \
    tenant_is alice password "$ALICE_OLD"
  check "5b root via samba answering as for a reset: local store unchanged" passdb_unchanged

  reset_tenant
  SERVICE=samba pam root alice chauthtok "$ALICE_OLD" Silver-Pine-63 Silver-Pine-63
  check "5b root via samba with the current password: success" exit_is 0
  check "5b root via samba with the current password: verify endpoint" \
    sent_is 1 verify ".old_password == \"$ALICE_OLD\" and .password == \"Silver-Pine-63\""
  check "5b root via samba with the current password: never the admin endpoint" sent_is 0 change
  check "5b root via samba with the current password: must_modify not set" \
    tenant_is alice pwd_must_modify false
  check "5b root via samba with the current password: local store updated" \
    passdb_is alice Silver-Pine-63

  # zhangsan is the tenant's, not this host's name service's (not in host_accounts): not even
  # through passwd. The store has a line for him, so that only the module stands in the way.
  reset_tenant
  scenario reachunknown root
  echo 'zhangsan:Local#Zhang01' >>"$dir/passdb"
  SERVICE=passwd pam root zhangsan chauthtok '' Silver-Pine-63 Silver-Pine-63
  refused_reset_checks "5b root via passwd, account unknown to the host" zhangsan Qing-Tian-2024 \
    'Local#Zhang01'
  check "5b root via passwd, account unknown to the host: says it is not this host's" \
    says 'This account is not one this host manages'
  check "5b root via passwd, account unknown to the host: logged" \
    logged "root gave no current password, and zhangsan is not known to this host's name service"
  SERVICE=passwd pam root zhangsan chauthtok Silver-Pine-63 Silver-Pine-63
  check "5b root via passwd for zhangsan, answering as for a reset: fails" failed
  check "5b root via passwd for zhangsan, answering as for a reset: never the admin endpoint" \
    sent_is 0 change
  check "5b root via passwd for zhangsan, answering as for a reset: tenant unchanged" \
    tenant_is zhangsan password Qing-Tian-2024
  check "5b root via passwd for zhangsan, answering as for a reset: local store unchanged" \
    passdb_is zhangsan 'Local#Zhang01'

  # The documented way to widen it: samba listed, alice reset through it.
  reset_tenant
  scenario reachwide root 1 tenant $'password:\n  admin_reset:\n    services: [passwd, samba]'
  cp "$dir/pam.d/flows" "$dir/pam.d/samba"
  SERVICE=samba pam root alice chauthtok Silver-Pine-63 Silver-Pine-63
  check "5b samba listed: root resets" exit_is 0
  check "5b samba listed: admin endpoint, must_modify true" \
    sent_is 1 change '.password == "Silver-Pine-63" and .must_modify == true'
  check "5b samba listed: no current password asked" never_says 'Current password'
}

# 6. The central invariant: the admin endpoint only for real uid 0 without
#    PAM_CHANGE_EXPIRED_AUTHTOK. Root with the flag (an expired password at login) proves the
#    old password like anyone else; non-root never reaches the admin endpoint.
flow_admin_invariant() {
  reset_tenant
  scenario rootexpired root
  pam root alice 'chauthtok(PAM_CHANGE_EXPIRED_AUTHTOK)' "$ALICE_OLD" Amber-Cove-71 Amber-Cove-71
  check "6 root + CHANGE_EXPIRED: success" exit_is 0
  check "6 root + CHANGE_EXPIRED: asks the current password" says 'Current password:'
  check "6 root + CHANGE_EXPIRED: verify endpoint with the old password" \
    sent_is 1 verify ".old_password == \"$ALICE_OLD\" and .password == \"Amber-Cove-71\""
  check "6 root + CHANGE_EXPIRED: never the admin endpoint" sent_is 0 change
  check "6 root + CHANGE_EXPIRED: local store updated" passdb_is alice Amber-Cove-71

  # A wrong old password must not fall back to the admin endpoint.
  reset_tenant
  scenario rootexpiredwrong root
  pam root alice 'chauthtok(PAM_CHANGE_EXPIRED_AUTHTOK)' 'Wrong#Old999' Amber-Cove-71 Amber-Cove-71
  check "6 root + CHANGE_EXPIRED, wrong old: fails with PWD.0014" shows PWD.0014
  check "6 root + CHANGE_EXPIRED, wrong old: exit status" failed
  check "6 root + CHANGE_EXPIRED, wrong old: never the admin endpoint" sent_is 0 change
  check "6 root + CHANGE_EXPIRED, wrong old: tenant unchanged" tenant_is alice password "$ALICE_OLD"
  check "6 root + CHANGE_EXPIRED, wrong old: local store unchanged" passdb_unchanged

  reset_tenant
  scenario nobodyexpired nobody
  pam nobody alice 'chauthtok(PAM_CHANGE_EXPIRED_AUTHTOK)' "$ALICE_OLD" Violet-Ridge-84 Violet-Ridge-84
  check "6 non-root + CHANGE_EXPIRED: success" exit_is 0
  check "6 non-root + CHANGE_EXPIRED: verify endpoint" \
    sent_is 1 verify ".old_password == \"$ALICE_OLD\" and .password == \"Violet-Ridge-84\""
  check "6 non-root + CHANGE_EXPIRED: never the admin endpoint" sent_is 0 change

  # A set-user-ID-root passwd started by nobody: effective uid 0, real uid 65534. The real uid
  # decides: the old password is proven, the admin endpoint never used.
  for flag in '' '(PAM_CHANGE_EXPIRED_AUTHTOK)'; do
    reset_tenant
    scenario "setuid${flag:+-expired}" root
    pam setuid-nobody alice "chauthtok$flag" "$ALICE_OLD" Violet-Ridge-84 Violet-Ridge-84
    local what="6 real uid nobody, effective uid 0${flag:+ + CHANGE_EXPIRED}"
    check "$what: runs with ruid 65534, euid 0" says 'uids real=65534 effective=0'
    check "$what: success" exit_is 0
    check "$what: asks the current password" says 'Current password: '
    check "$what: verify endpoint with the old password" \
      sent_is 1 verify ".old_password == \"$ALICE_OLD\" and .password == \"Violet-Ridge-84\""
    check "$what: never the admin endpoint" sent_is 0 change
    check "$what: local store updated" passdb_is alice Violet-Ridge-84
  done

  # Non-root answering nothing for the current password does not turn into a reset.
  reset_tenant
  scenario nobodyempty nobody
  pam nobody alice chauthtok '' Violet-Ridge-84 Violet-Ridge-84 Violet-Ridge-84
  check "6 non-root, empty old password: fails" failed
  check "6 non-root, empty old password: never the admin endpoint" sent_is 0 change
  check "6 non-root, empty old password: tenant unchanged" tenant_is alice password "$ALICE_OLD"
  check "6 non-root, empty old password: local store unchanged" passdb_unchanged
}

# 7. The tenant unreachable or failing: a clear message, nothing changed locally.
#    $1 names the case; the fault (if any) is already queued.
tenant_unavailable_checks() {
  local what=$1
  check "7 $what: fails" failed
  check "7 $what: PAM result" result_is "$CHANGE_REFUSED"
  check "7 $what: message names the identity service" says '[Ii]dentity service'
  check "7 $what: message says not changed" says 'not changed'
  check "7 $what: local store unchanged" passdb_unchanged
}

flow_tenant_faults() {
  reset_tenant
  scenario resetbefore nobody
  fault '{"endpoint": "any", "fault": "reset_before", "count": -1}'
  pam nobody alice chauthtok "$ALICE_OLD" Quiet-Field-26 Quiet-Field-26
  tenant_unavailable_checks "tenant resets every connection"
  check "7 tenant resets every connection: tenant unchanged" tenant_is alice password "$ALICE_OLD"

  reset_tenant
  scenario verify500 nobody
  fault '{"endpoint": "verify", "fault": "500", "count": -1}'
  pam nobody alice chauthtok "$ALICE_OLD" Quiet-Field-26 Quiet-Field-26
  tenant_unavailable_checks "verify answers 500"
  check "7 verify answers 500: no admin fallback" sent_is 0 change
  check "7 verify answers 500: tenant unchanged" tenant_is alice password "$ALICE_OLD"
  ctl DELETE fault >/dev/null

  # password.on_tenant_unavailable: local_only: the host's password changes alone, said so.
  # No current password is asked: nothing here can check it, pam_unix after the module does.
  reset_tenant
  scenario localonly nobody 1 tenant $'password:\n  on_tenant_unavailable: local_only'
  fault '{"endpoint": "any", "fault": "reset_before", "count": -1}'
  pam nobody alice chauthtok Quiet-Field-26 Quiet-Field-26
  check "7 tenant failing, local_only: success" exit_is 0
  check "7 tenant failing, local_only: says only this host changes" says 'only the password on this host'
  check "7 tenant failing, local_only: local store updated" passdb_is alice Quiet-Field-26
  check "7 tenant failing, local_only: never the admin endpoint" sent_is 0 change
  check "7 tenant failing, local_only: tenant unchanged" tenant_is alice password "$ALICE_OLD"
  ctl DELETE fault >/dev/null
}

# 8. Account management: must-change, known, unknown, disabled, tenant failing.
flow_account() {
  reset_tenant
  scenario account root
  pam root bob acct_mgmt
  check "8 acct bob (must modify): fails" failed
  check "8 acct bob: PAM_NEW_AUTHTOK_REQD" \
    result_is 'Authentication token is no longer valid; new one required'
  check "8 acct bob: the module says why" module_spoke

  pam root alice acct_mgmt
  check "8 acct alice: success" exit_is 0
  check "8 acct alice: PAM result" result_is 'account management done.'

  pam root nosuchuser acct_mgmt
  check "8 acct unknown user: ignored (success through the stack)" exit_is 0
  check "8 acct unknown user: looked up" sent_is 1 user '.user_name == "nosuchuser"'

  pam root carol acct_mgmt
  check "8 acct carol (disabled): denied" failed
  check "8 acct carol: PAM_PERM_DENIED" result_is 'Permission denied'

  pam root dave acct_mgmt
  check "8 acct dave (locked; account.locked defaults to ignore): success" exit_is 0

  fault '{"endpoint": "any", "fault": "reset_before", "count": -1}'
  pam root bob acct_mgmt
  check "8 acct tenant failing: ignored (success through the stack)" exit_is 0

  # An operator who prefers to refuse logins the tenant cannot vouch for.
  ACCOUNT_YAML='on_tenant_unavailable: deny' scenario accountdeny root
  pam root alice acct_mgmt
  check "8 acct tenant failing, on_tenant_unavailable deny: denied" result_is 'Permission denied'
  check "8 acct tenant failing, on_tenant_unavailable deny: says why" says '[Ii]dentity service'
  ctl DELETE fault >/dev/null
}

# 8b. A configuration the module cannot use (issue 18, item 10): the account and auth checks fail
#     open by default, and refuse with on_error=deny on the stack line, which no YAML error can
#     break.
flow_on_error() {
  reset_tenant
  local extra
  for extra in '' on_error=deny; do
    MODULE_EXTRA=$extra scenario "onerror${extra:+-deny}" root
    printf 'tenant: [not, a, mapping]\n' >"$dir/pam_idaas.yaml"
    printf 'auth [success=done ignore=ignore user_unknown=ignore authinfo_unavail=ignore default=die] %s config=%s/pam_idaas.yaml %s\nauth required %s/pam_permit.so\n' \
      "$module" "$dir" "$extra" "$security" >>"$dir/pam.d/flows"
    pam root alice acct_mgmt
    if [[ -z $extra ]]; then
      check "8b broken config: the account check is left to the stack (success)" exit_is 0
      check "8b broken config: logged" logged 'left to the stack \(on_error=ignore\)'
    else
      check "8b broken config, on_error=deny: the account check denies" result_is 'Permission denied'
      check "8b broken config, on_error=deny: says why" says '[Ii]dentity service'
      check "8b broken config, on_error=deny: logged" logged 'denied, as on_error=deny says'
    fi
    pam root alice authenticate "$ALICE_OLD"
    if [[ -z $extra ]]; then
      check "8b broken config: the login is left to the stack (pam_permit)" exit_is 0
    else
      check "8b broken config, on_error=deny: the login is refused" result_is 'Permission denied'
    fi
    check "8b broken config: no tenant call" sent_is 0 user
  done
}

# 8c. The messages' language (issue 18, item 12): sshd's process has no LANG of the user's (here
#     LANG=C), the user's arrives in the PAM environment (pam_env, the application). Without
#     a language in the configuration the module speaks the user's; with one, the file's.
flow_session_language() {
  reset_tenant
  scenario language root
  sed -i '/^language: en$/d' "$dir/pam_idaas.yaml"
  LANG=C LC_ALL='' LC_MESSAGES='' PAM_ENV_VAR=LANG=zh_CN.UTF-8 pam root bob acct_mgmt
  check "8c PAM environment LANG=zh_CN.UTF-8, process LANG=C: the must-change message in Chinese" \
    says '身份认证服务要求您立即修改密码。'
  check "8c ...: PAM_NEW_AUTHTOK_REQD" \
    result_is 'Authentication token is no longer valid; new one required'
  LANG=C LC_ALL='' LC_MESSAGES='' pam root bob acct_mgmt
  check "8c nothing in the PAM environment, process LANG=C: in English" \
    says 'The identity service requires you to change your password now\.'
  LANG=zh_CN.UTF-8 LC_ALL='' LC_MESSAGES='' pam root bob acct_mgmt
  check "8c nothing in the PAM environment, process LANG=zh_CN.UTF-8: in Chinese" \
    says '身份认证服务要求您立即修改密码。'
  LANG=zh_CN.UTF-8 LC_ALL='' LC_MESSAGES='' PAM_ENV_VAR=LC_ALL=C pam root bob acct_mgmt
  check "8c PAM environment LC_ALL=C over the process's LANG=zh_CN.UTF-8: in English" \
    says 'The identity service requires you to change your password now\.'
  printf 'language: en\n' >>"$dir/pam_idaas.yaml"
  LANG=C LC_ALL='' LC_MESSAGES='' PAM_ENV_VAR=LANG=zh_CN.UTF-8 pam root bob acct_mgmt
  check "8c language: en in the configuration overrides the PAM environment" \
    says 'The identity service requires you to change your password now\.'
}

# 9. chauthtok for a user the tenant does not know: the module stays out of it; no tenant
#    change is attempted, and the stack's outcome is the local store's.
flow_unknown_user() {
  reset_tenant
  scenario unknown nobody
  pam nobody nosuchuser chauthtok 'Local#Only123' Ocean-Drift-47 Ocean-Drift-47
  check "9 unknown user: no verify call" sent_is 0 verify
  check "9 unknown user: no admin call" sent_is 0 change
  if [[ $rc -eq 0 ]]; then
    check "9 unknown user: success means the store got the password" \
      passdb_is nosuchuser Ocean-Drift-47
  else
    check "9 unknown user: failure means the store is unchanged" passdb_unchanged
  fi
  echo "# 9 unknown user: stack result \"$(tail -n 1 <<<"$out")\" (exit $rc)"

  # ask_for_all (the first line pam-auth-update writes): the module still asks for an
  # ignored account's new password, retyped and unchecked, and the store after it writes it.
  reset_tenant
  MODULE_EXTRA=ask_for_all scenario unknown_all nobody
  pam nobody nosuchuser chauthtok weakpw1 weakpw1   # the store asks no current password
  check "9b ask_for_all: the stack succeeds" exit_is 0
  check "9b ask_for_all: new password and retype asked once" asked 1 'Retype new password: '
  check "9b ask_for_all: the store got the unchecked password" passdb_is nosuchuser weakpw1
  check "9b ask_for_all: no verdict from the module" never_says 'PWD\.00'
  check "9b ask_for_all: no verify call" sent_is 0 verify
  check "9b ask_for_all: no admin call" sent_is 0 change
}

# 10. Policy-only (no tenant section): the local policy alone decides; the store follows.
flow_policy_only() {
  scenario policyweak root 1 notenant
  pam root alice chauthtok password1 password1
  check "10 policy-only weak: fails" failed
  check "10 policy-only weak: PAM result" result_is "$CHANGE_REFUSED"
  check "10 policy-only weak: codes shown" some_code
  check "10 policy-only weak: local store unchanged" passdb_unchanged

  scenario policygood root 1 notenant
  pam root alice chauthtok Maple-Stone-39 Maple-Stone-39
  check "10 policy-only good: success" exit_is 0
  check "10 policy-only good: PAM result" result_is "$CHANGED"
  check "10 policy-only good: local store updated" passdb_is alice Maple-Stone-39

  # An ordinary user: as with pam_pwquality, no current password is asked here; pam_unix after
  # the module proves it (PAM_OLDAUTHTOK stays unset for it to ask).
  scenario policyuser nobody 1 notenant
  pam nobody alice chauthtok Maple-Stone-39 Maple-Stone-39
  check "10 policy-only, non-root: success" exit_is 0
  check "10 policy-only, non-root: no current password asked" never_says 'Current password'
  check "10 policy-only, non-root: new password handed on" handed_on alice - Maple-Stone-39
  check "10 policy-only, non-root: local store updated" passdb_is alice Maple-Stone-39
}

# 11. The tenant client, pam_idaas/tenant.so beside the module, missing, writable by others or
#     of another build: the tenant counts as misconfigured, the log names the file and the
#     fault, nothing changes anywhere. A login whose status is cached never needs the client.
#     client_variant IDENTITY [CFLAGS...]: other_build_client.c built as the client.
client_variant() {
  local identity=$1
  shift
  build "$plugin" "$pam_lib/other_build_client.c" -shared -fPIC "-I$src" \
    "-DIDENTITY=\"$identity\"" "-DMARKER=\"$marker\"" "$@"
  chmod 0644 "$plugin"
}
# refused_client WHAT SCENARIO PATTERN: with the client in place a change fails, the log says
# PATTERN, nothing of the client ran and nothing changed.
refused_client() {
  local what=$1 name=$2 pattern=$3
  rm -f "$marker"
  reset_tenant
  scenario "$name" nobody
  pam nobody alice chauthtok "$ALICE_OLD" Quiet-Field-26 Quiet-Field-26
  check "11 client $what: change fails" failed
  check "11 client $what: logged" logged "$pattern"
  [[ $name == clientsame ]] && return
  check "11 client $what: none of its code ran (no constructor marker)" not test -e "$marker"
  check "11 client $what: local store unchanged" passdb_unchanged
  check "11 client $what: tenant unchanged" tenant_is alice password "$ALICE_OLD"
}
flow_tenant_client() {
  local installed=$module copy=$work/client marker=$work/markers/client-constructor-ran
  mkdir -m 755 "$copy"
  mkdir -m 1777 "$work/markers"  # the constructor runs as the caller, nobody too
  install_module "$installed" "$copy"
  module=$copy/pam_idaas.so
  local plugin=$copy/pam_idaas/tenant.so

  reset_tenant
  CACHE_DIR=$copy/cache scenario clientcache root
  pam root alice acct_mgmt
  check "11 client present: the first login of alice is looked up" sent_is 1 user
  mv "$plugin" "$plugin.away"
  pam root alice acct_mgmt
  check "11 no client, alice's status cached: success" result_is 'account management done.'
  check "11 no client, alice's status cached: no request (still the one lookup)" sent_is 1 user
  check "11 no client, alice's status cached: nothing logged about the client" \
    not logged 'tenant client'
  pam root bob acct_mgmt
  check "11 no client, bob not cached: ignored (success through the stack)" exit_is 0
  check "11 no client, bob not cached: logged with the file" \
    logged "tenant client $plugin: No such file"

  reset_tenant
  scenario noclient nobody
  pam nobody alice chauthtok "$ALICE_OLD" Quiet-Field-26 Quiet-Field-26
  check "11 no client: change fails" failed
  check "11 no client: PAM_AUTHINFO_UNAVAIL, as for any misconfigured tenant" \
    result_is 'Authentication service cannot retrieve authentication info'
  check "11 no client: tells the user to ask the administrator" says 'Ask your administrator'

  check "11 no client: logged with the file" logged "tenant client $plugin: No such file"
  check "11 no client: local store unchanged" passdb_unchanged
  check "11 no client: tenant unchanged" tenant_is alice password "$ALICE_OLD"
  mv "$plugin.away" "$plugin"

  chmod 0664 "$plugin"
  reset_tenant
  scenario clientwritable nobody
  pam nobody alice chauthtok "$ALICE_OLD" Quiet-Field-26 Quiet-Field-26
  check "11 client writable by its group: change fails" failed
  check "11 client writable by its group: logged" logged "tenant client $plugin: writable by group or others"
  check "11 client writable by its group: no request" sent_is 0 user
  check "11 client writable by its group: local store unchanged" passdb_unchanged
  chmod 0644 "$plugin"

  # Issue 18, item 11: the identity is read from the file before the loader runs anything of
  # it. other_build_client.c's constructor leaves a marker: absent for every refused client.
  local real=$work/tenant.so.real identity
  cp -p "$plugin" "$real"
  identity=$(strings -a "$real" | grep -m1 -E '^pam_idaas [^ ]+ abi [0-9]+ [0-9a-f]{16}$')
  client_variant "$identity"
  refused_client "of this build (the control: its constructor runs)" clientsame \
    'tenant client could not be created'
  check "11 client of this build: loaded, the constructor ran (the marker works)" test -e "$marker"
  client_variant "pam_idaas 0.0.0-other abi 1 0123456789abcdef"
  refused_client "of another version" clientother \
    "tenant client $plugin is 'pam_idaas 0\\.0\\.0-other abi 1 0123456789abcdef', the module 'pam_idaas [0-9.]+ abi [0-9]+ [0-9a-f]{16}': reinstall the package"
  client_variant "$(sed -E 's/ abi [0-9]+ / abi 999 /' <<<"$identity")"
  refused_client "of another ABI, same version" clientabi \
    "tenant client $plugin is 'pam_idaas [0-9.]+ abi 999 [0-9a-f]{16}', the module 'pam_idaas [0-9.]+ abi [0-9]+ "
  client_variant "" -DNO_NOTE
  refused_client "without an identity note" clientnonote \
    "tenant client $plugin: no pam_idaas identity note: not a pam_idaas tenant client"
  printf '#!/bin/sh\n' >"$plugin"
  refused_client "that is not an ELF file" clientnotelf "tenant client $plugin: not an ELF file"
  head -c 8192 "$real" >"$plugin"
  chmod 0644 "$plugin"
  refused_client "truncated" clienttruncated "tenant client $plugin: truncated"
  rm -f "$plugin"
  ln -s "$real" "$plugin"
  refused_client "as a symbolic link" clientlink "tenant client $plugin: a symbolic link"
  rm -f "$plugin"
  install -m 0644 "$real" "$plugin"
  module=$installed
}

# 12. auth (pam_sm_authenticate) where no answer of the tenant's login is needed: without a
#     tenant, and for an account without a usable hash on this host (under pam_wrapper alice
#     has no shadow entry), the module leaves the login to the stack, sending nothing. Cases
#     with the tenant's login answering need Client::login and the fake's login endpoint.
#     And the ssh acknowledgement (PAM_TTY "ssh"): a failure whose message no prompt followed
#     asks "Press Enter to continue." so that keyboard-interactive shows the message.
auth_service() {
  printf 'auth [success=done ignore=ignore user_unknown=ignore authinfo_unavail=ignore default=die] %s config=%s/pam_idaas.yaml\nauth required %s/pam_permit.so\n' \
    "$module" "$dir" "$security" >"$dir/pam.d/flows"
}
flow_auth_left_to_the_stack() {
  scenario authnotenant nobody 1 notenant
  auth_service
  pam nobody alice authenticate "$ALICE_OLD"
  check "12 auth without a tenant: the stack decides (pam_permit)" exit_is 0
  check "12 auth without a tenant: the module asks nothing" never_says 'Password:'

  reset_tenant
  # The login's own budget (auth.budget_ms, 5 s by default) is lib.sh's longer one under valgrind.
  scenario authnohash root 1 tenant $'auth:\n  budget_ms: '"${AUTH_BUDGET_MS:-5000}"
  auth_service
  pam root alice authenticate "$ALICE_OLD"
  check "12 auth, no usable hash here: the stack decides (pam_permit)" exit_is 0
  check "12 auth, no usable hash here: the password asked once" asked 1 'Password: '
  check "12 auth, no usable hash here: logged" logged 'no usable hash of alice on this host'
  check "12 auth, no usable hash here: nothing sent to the tenant" sent_is 0 verify
}

flow_ssh_acknowledgement() {
  TENANT_URL=$wrong_url scenario sshack nobody
  PAM_TTY_ITEM=ssh pam nobody alice chauthtok ""
  check "12 ssh: the change fails" failed
  check "12 ssh: the reason shown" says "refused this host's request"
  check "12 ssh: then one acknowledgement prompt" asked 1 'Press Enter to continue.'
  pam nobody alice chauthtok
  check "12 not ssh: no acknowledgement prompt" never_says 'Press Enter'
  check "12 not ssh: the reason shown all the same" says "refused this host's request"
}

# 7/8 with the tenant gone: the fake stopped, connections refused. Runs last.
flow_tenant_down() {
  "$src/tests/fake_tenant/stop.sh" "$work/fake" >/dev/null 2>&1
  scenario down nobody
  pam nobody alice chauthtok "$ALICE_OLD" Quiet-Field-26 Quiet-Field-26
  tenant_unavailable_checks "tenant down"

  scenario downacct root
  pam root bob acct_mgmt
  check "8 acct tenant down: ignored (success through the stack)" exit_is 0
}

# Under valgrind: a module that leaks must fail the memcheck verdict (negative control).
flow_memcheck_control() {
  local leaky=$work/pam_leaky.so
  build "$leaky" "$pam_lib/pam_leaky.c" -shared -fPIC
  scenario memcheck root
  printf 'password required %s\n' "$leaky" >"$dir/pam.d/flows"
  MEMCHECK_VERDICT=0 pam root alice chauthtok
  check "memcheck control: the stack itself succeeds" result_is "$CHANGED"
  check "memcheck control: exit status $VALGRIND_ERROR" exit_is "$VALGRIND_ERROR"
  check "memcheck control: a leak in a module fails the verdict" not memcheck_clean
  check "memcheck control: the leak is reported as definite" \
    grep -Eq 'definitely lost: [1-9][0-9,]* bytes' "$dir"/valgrind.*.log
}
not() { ! "$@"; }

[[ ${PAM_FLOWS_VALGRIND:-0} == 1 ]] && flow_memcheck_control
flow_harness
flow_self_service
flow_wrong_old
flow_local_retry
flow_silent
flow_tenant_refusal
flow_root_reset
flow_root_reset_reach
flow_admin_invariant
flow_tenant_faults
flow_account
flow_on_error
flow_session_language
flow_unknown_user
flow_policy_only
flow_tenant_client
flow_auth_left_to_the_stack
flow_ssh_acknowledgement
flow_tenant_down
finish
