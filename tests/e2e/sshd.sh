#!/usr/bin/env bash
# End to end with the real sshd(8): keyboard-interactive login through PAM,
# pam_idaas in the account stack (the tenant's must-modify flag forces a
# change) and in the password stack (the change goes to the tenant's
# self-service endpoint, then to the local shadow). Everything runs in
# private mount, network and pid namespaces (sandbox.sh).
#
# Usage: sshd.sh MODULE PROJECT_SOURCE_DIR
#        sshd.sh --pam-unix-only PROJECT_SOURCE_DIR   (the sandbox alone: chage -d 0)
# Exit status: 0 all passed, 1 a check failed, 77 skipped (see sandbox.sh).
# The transcript of the forced-change login is printed as "# |" lines.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"

BOB_NEW='Willow#Frost36'   # passes pam_idaas's policy and the fake's
# A fresh network namespace has nothing listening, and the fake tenant takes
# ephemeral ports (32768 and up), so a fixed low port is always free.
SSH_PORT=2222

# The sshd service as Debian ships it, with pam_loginuid optional (no audit
# loginuid to set in a namespace) and the account and password includes
# replaced by the stacks under test.
write_pam_sshd() {
  local line
  while IFS= read -r line; do
    case $line in
      '@include common-account') account_stack ;;
      '@include common-password') password_stack ;;
      session*pam_loginuid.so*) echo "session optional pam_loginuid.so" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done </etc/pam.d/sshd >"$E2E_DIR/sshd.pam"
  # Debian's file must have had both includes, or the test would not test the module.
  grep -q "^account.*pam_unix.so" "$E2E_DIR/sshd.pam"
  grep -q "^password.*pam_unix.so" "$E2E_DIR/sshd.pam"
  install -m 644 "$E2E_DIR/sshd.pam" "$E2E_DIR/etc/pam.d/sshd"
}

start_sshd() {
  ssh-keygen -q -t ed25519 -N '' -C pam_idaas-e2e -f "$E2E_DIR/ssh_host_ed25519_key"
  cat >"$E2E_DIR/sshd_config" <<CONFIG
# pam_idaas e2e: keyboard-interactive through PAM only, loopback only.
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $E2E_DIR/ssh_host_ed25519_key
PidFile $E2E_DIR/sshd.pid
UsePAM yes
KbdInteractiveAuthentication yes
PasswordAuthentication no
PubkeyAuthentication no
HostbasedAuthentication no
PermitRootLogin no
AllowUsers alice bob
UseDNS no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
CONFIG
  /usr/sbin/sshd -t -f "$E2E_DIR/sshd_config"
  /usr/sbin/sshd -D -f "$E2E_DIR/sshd_config" -E "$E2E_DIR/sshd.log" </dev/null &
  local _
  for _ in {1..50}; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "sshd did not listen on 127.0.0.1:$SSH_PORT:" >&2
  cat "$E2E_DIR/sshd.log" >&2
  return 1
}

# ssh_login USER: keyboard-interactive only, the host key unknown and not
# kept, one attempt; the remote command shows the shell really ran.
ssh_login() {
  # shellcheck disable=SC2016  # $((6*7)) is for bob's shell, not this one
  converse ssh -F /dev/null -tt -p "$SSH_PORT" \
    -o PreferredAuthentications=keyboard-interactive -o NumberOfPasswordPrompts=1 \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
    -o ConnectTimeout=5 "$1@127.0.0.1" \
    'echo LOGGED-IN-$((6*7))'
}

# For a failed login: what sshd said about it.
show_sshd_log() {
  if [[ $RC != 0 ]]; then
    echo "# sshd log:"
    sed 's/^/#   /' "$E2E_DIR/sshd.log"
  fi
}

# The first login: the password is right but must be changed; the change
# happens inside the same keyboard-interactive conversation.
case_forced_change() {
  local before
  before=$(shadow_hash bob)
  [[ $E2E_MODE == unix ]] && chage -d 0 bob
  E2E_PASSWORD=$BOB_PW E2E_OLD=$BOB_PW E2E_NEW=$BOB_NEW ssh_login bob
  FORCED_OUT=$OUT
  check "forced change: logged in, the shell ran" said 'LOGGED-IN-42'
  check "forced change: ssh exit status 0" status_is 0
  check "forced change: told the password must be changed" \
    said_i 'change (your|the) password|must be changed|expired'
  check "forced change: current password asked again" said 'Current password: '
  check "forced change: new password asked and retyped" said 'Retype new password: '
  show_sshd_log
  if [[ $E2E_MODE == idaas ]]; then
    OLD=$BOB_PW NEW=$BOB_NEW check_tenant "forced change: tenant got change-password-verify with the right old password" \
      'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "bob"))' bob
    check_tenant "forced change: tenant never got the admin change-password" 'not calls("change")'
    NEW=$BOB_NEW check_tenant "forced change: tenant has the new password, no longer must-modify" \
      'users["bob"]["password"] == env["NEW"] and users["bob"]["pwd_must_modify"] is False' bob
  fi
  check "forced change: shadow hash changed" test "$(shadow_hash bob)" != "$before"
  check "forced change: shadow verifies the new password" shadow_verifies bob "$BOB_NEW"
}

# The second login with the new password goes straight in.
case_second_login() {
  E2E_PASSWORD=$BOB_NEW ssh_login bob
  check "second login: logged in, the shell ran" said 'LOGGED-IN-42'
  check "second login: ssh exit status 0" status_is 0
  check "second login: not forced to change" eval '! said "Current password|New password"'
  show_sshd_log
}

# The tenant out of reach: the account check fails open (the stack's
# authinfo_unavail=ignore), so pam_unix alone decides and bob still gets in.
case_tenant_down() {
  tenant_stop
  E2E_PASSWORD=$BOB_NEW ssh_login bob
  check "tenant down: login still works (account check fails open)" said 'LOGGED-IN-42'
  check "tenant down: not forced to change" eval '! said "Current password|New password"'
  show_sshd_log
}

print_transcript() {
  echo "# --- transcript: forced change over ssh (bob) ---"
  local line
  while IFS= read -r line; do echo "# | $line"; done <<<"$FORCED_OUT"
  echo "# --- end of transcript ---"
}

e2e_body() {
  write_pam_sshd
  start_sshd
  case_forced_change
  case_second_login
  if [[ $E2E_MODE == idaas ]]; then case_tenant_down; fi
  print_transcript
}

sandbox_main "$@"
