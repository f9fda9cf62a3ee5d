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
WRONG='Wrong#Guess77'

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
    E2E_PASSWORD=$ALICE_PW su_on "$name" carl alice
    check "host $name: carl su alice with alice's password" said 'SU-OK-42'
  done
  check "host B's sshd logged B's logins" grep -q 'Accepted keyboard-interactive/pam for alice' \
    "$(host_root B)/sshd.log"
}

e2e_body() {
  add_users
  host_up A "$PORT_A"
  host_up B "$PORT_B"
  case_sandbox
  [[ $E2E_MODE == idaas ]] || return 0
}

sandbox_main "$@"
