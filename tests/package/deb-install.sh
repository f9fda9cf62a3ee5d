#!/usr/bin/env bash
# Install test of the Debian package, in an isolated root: the .deb is installed
# with dpkg, its pam-auth-update profile must put pam_idaas in the common PAM
# stacks at the right place, the real passwd must then change passwords through
# the fake tenant (and, for a host-only user, without it), and a purge must give
# the stacks back byte for byte.
#
# Usage: deb-install.sh DEB_DIR PROJECT_SOURCE_DIR
#   DEB_DIR holds libpam-idaas_*.deb (scripts/build-deb's output).
#   PAM_IDAAS_EXTRA_DEBS=DIR (optional): libpam-pwquality and the packages it
#   needs that the host lacks (scripts/test-package downloads them); with it,
#   the test also installs pam_pwquality in front of pam_idaas, checks the
#   stack and changes passwords through both, then purges it again.
#   PKG_TEST_VERBOSE=1 prints every passwd transcript; PKG_TEST_TIMEOUT
#   (seconds, default 300) bounds the whole run.
#
# The isolated root: private mount, network and pid namespaces (unshare); an
# overlayfs whose lower layer is the host's / and whose upper layer is a tmpfs,
# mounted at DIR/root, with its own /proc, /dev, /tmp and /run; then chroot.
# dpkg, pam-auth-update, useradd and passwd write to the tmpfs only; the fake
# tenant listens on the namespace's own loopback. At the end the host's
# /etc/pam.d, accounts, /etc/security and dpkg database are compared with
# their state before the run.
#
# Exit status: 0 all passed, 1 a check failed, 2 usage, 77 skipped (not root,
# no namespaces, no overlayfs, a missing tool).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

# The new passwords the cases move to: they pass pam_idaas's policy and the
# fake tenant's (no user name, no personal data, not in any history).
NEW_ALICE='Copper#Trail58'
NEW_ALICE_ROOT='Amber#Ridge63'
NEW_ALICE_PWQ='Cobalt#Meadow47'
NEW_CARL='Maple#Stone29'
NEW_CARL_PWQ='Orchid#Field74'
NEW_BOB='Willow#Frost36'
NEW_ALICE_AGAIN='Garnet#Vale85'

PKG_NAMESPACES=(--mount --net --pid --fork --kill-child=SIGKILL --mount-proc --propagation private)
PKG_MARKER=/etc/.pam_idaas-deb-install-sandbox

# ================================================================ on the host

# What the test must never change on the host: names, types, modes, owners and
# contents of the accounts, the PAM stacks and profiles, the module directory,
# pam-auth-update's state and the dpkg database's status file.
host_digest() {
  local paths=() p
  for p in /etc/passwd /etc/shadow /etc/group /etc/gshadow /etc/pam.d /etc/security \
    /usr/share/pam-configs /var/lib/pam /var/lib/dpkg/status /usr/sbin/pam-idaas \
    /usr/lib/*/security /var/lib/pam_idaas; do
    [[ -e $p ]] && paths+=("$p")
  done
  find "${paths[@]}" -printf '%p %y %m %u:%g %l\n' | LC_ALL=C sort
  find "${paths[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
}

host_preflight() {
  [[ $(id -u) == 0 ]] || skip "needs root (unshare, mount, chroot, dpkg)"
  local tool
  for tool in unshare mount chroot mountpoint setpriv expect ip curl python3 perl openssl \
    useradd chpasswd passwd su dpkg dpkg-query pam-auth-update sha256sum; do
    type -P "$tool" >/dev/null || skip "missing tool: $tool"
  done
  unshare "${PKG_NAMESPACES[@]}" true 2>/dev/null ||
    skip "unshare ${PKG_NAMESPACES[*]} failed (no CAP_SYS_ADMIN here?)"
  # An overlay over / with a tmpfs upper layer, tried in a throwaway namespace.
  local probe
  probe=$(mktemp -d /tmp/pam_idaas-deb-probe.XXXXXX)
  # shellcheck disable=SC2016 # $1 is the inner shell's
  if ! unshare --mount --propagation private sh -c '
      mkdir "$1/ovl" "$1/root" && mount -t tmpfs -o mode=755 probe "$1/ovl" &&
      mkdir "$1/ovl/upper" "$1/ovl/work" &&
      mount -t overlay probe -o "lowerdir=/,upperdir=$1/ovl/upper,workdir=$1/ovl/work" "$1/root" &&
      test -x "$1/root/bin/sh"' sh "$probe" 2>/dev/null; then
    rm -rf "$probe"
    skip "cannot mount an overlayfs over / here (no overlay module?)"
  fi
  rm -rf "$probe"
}

host_cleanup() {
  if [[ -n ${PKG_DIR:-} && -d $PKG_DIR ]]; then rm -rf "$PKG_DIR"; fi
}

host_main() {
  if [[ $# -ne 2 ]]; then
    echo "usage: $0 DEB_DIR PROJECT_SOURCE_DIR" >&2
    exit 2
  fi
  local deb_dir src extra=${PAM_IDAAS_EXTRA_DEBS:-}
  deb_dir=$(cd "$1" && pwd)
  src=$(cd "$2" && pwd)
  # shellcheck source=../cli/lib.sh
  source "$src/tests/cli/lib.sh"
  # skip REASON: exit 77, or a failure under PAM_IDAAS_REQUIRE_ALL=1 (host_preflight). Sourced
  # here, from the checkout: the later stages run a copy of this script without it.
  # shellcheck source=../lib/skip.sh
  source "$src/tests/lib/skip.sh"
  local debs=("$deb_dir"/libpam-idaas_*.deb)
  if [[ ! -f ${debs[0]} ]]; then
    echo "no libpam-idaas_*.deb in $deb_dir (run scripts/build-deb)" >&2
    exit 2
  fi
  if ((${#debs[@]} > 1)); then
    echo "more than one libpam-idaas_*.deb in $deb_dir: ${debs[*]##*/}" >&2
    exit 2
  fi
  if [[ -n $extra ]]; then extra=$(cd "$extra" && pwd); fi
  host_preflight

  local before after rc=0 script
  script=$(realpath "${BASH_SOURCE[0]}")
  before=$(host_digest)
  trap host_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  PKG_DIR=$(mktemp -d /tmp/pam_idaas-deb-install.XXXXXX)
  chmod 755 "$PKG_DIR"
  mkdir "$PKG_DIR/out"
  cp "$script" "$PKG_DIR/out/deb-install.sh"

  echo "# installing ${debs[0]##*/} in an isolated root (overlay over /, private namespaces)"
  export PKG_STAGE=ns PKG_DIR PKG_SRC=$src PKG_DEB_DIR=$deb_dir PKG_DEB=${debs[0]##*/}
  export PKG_EXTRA=$extra PKG_TEST_VERBOSE
  timeout -k 5 "${PKG_TEST_TIMEOUT:-300}" unshare "${PKG_NAMESPACES[@]}" -- "$BASH" "$script" || rc=$?
  take_counts "$PKG_DIR/out/counts" "$rc" "${PKG_TEST_TIMEOUT:-300}"
  unchanged "host /etc/pam.d, /etc/passwd, /etc/shadow, /etc/security, pam-configs and /var/lib/dpkg/status unchanged" \
    "$before" "$(host_digest)"
  finish
}

# ===================================== in the namespaces, before the chroot

# overlay_mount LOWER TARGET NAME: LOWER's contents at TARGET, writes to the tmpfs.
overlay_mount() {
  local ovl=$PKG_DIR/ovl/$3
  mkdir -p "$ovl/upper" "$ovl/work"
  mount -t overlay "pkgtest-$3" -o "lowerdir=$1,upperdir=$ovl/upper,workdir=$ovl/work" "$2"
}

# A /dev with the few nodes dpkg, passwd, su and expect use; /dev/log is
# served inside the chroot (see start_syslog).
make_dev() {
  dev_nodes "$1" pkgtest-dev
  mount -t tmpfs -o mode=1777 pkgtest-shm "$1/shm"
}

# bind_into SOURCE TARGET [ro]
bind_into() {
  mkdir -p "$2"
  mount --bind "$1" "$2"
  if [[ ${3:-} == ro ]]; then mount -o remount,bind,ro "$2"; fi
}

ns_main() {
  local root=$PKG_DIR/root d
  mkdir "$PKG_DIR/ovl" "$root"
  # Every write to the isolated root lands here (the upper layers).
  mount -t tmpfs -o mode=755 pkgtest-ovl "$PKG_DIR/ovl"
  overlay_mount / "$root" root
  # Parts of the system on file systems of their own are not in /'s lower layer.
  for d in /usr /var /etc /home /opt /srv; do
    if [[ -d $d ]] && mountpoint -q "$d"; then overlay_mount "$d" "$root$d" "${d#/}"; fi
  done
  mount -t proc pkgtest-proc "$root/proc"
  mount -t tmpfs -o mode=1777 pkgtest-tmp "$root/tmp"
  mount -t tmpfs -o mode=755 pkgtest-run "$root/run"
  make_dev "$root/dev"
  bind_into "$PKG_SRC" "$root/mnt/pkgtest/src" ro
  bind_into "$PKG_DEB_DIR" "$root/mnt/pkgtest/debs" ro
  bind_into "$PKG_DIR/out" "$root/mnt/pkgtest/out"
  if [[ -n $PKG_EXTRA ]]; then bind_into "$PKG_EXTRA" "$root/mnt/pkgtest/extra" ro; fi
  ip link set lo up

  # Proof that the chroot's /etc is the overlay, not the host's.
  echo "$PKG_DIR" >"$root$PKG_MARKER"
  if [[ -e $PKG_MARKER ]]; then
    echo "deb-install: the marker reached the host's /etc; stopping" >&2
    exit 1
  fi

  chroot "$root" /usr/bin/env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb \
    LC_ALL=C.UTF-8 LANG=C.UTF-8 PKG_STAGE=root PKG_DIR="$PKG_DIR" PKG_DEB="$PKG_DEB" \
    PKG_EXTRA="$PKG_EXTRA" PKG_TEST_VERBOSE="${PKG_TEST_VERBOSE:-}" \
    /bin/bash /mnt/pkgtest/out/deb-install.sh
}

# ============================================================ inside the chroot

root_cleanup() {
  kill_pidfile "$E2E_DIR/syslog.pid" pam_idaas-pkgtest-syslog
  if [[ -d $E2E_DIR/fake ]]; then tenant_stop; fi
  return 0
}

# /dev/log of our own: the module's and pam_unix's lines go to a file that
# failures show.
start_syslog() { serve_dev_log /dev/log "$E2E_DIR/syslog.log" "$E2E_DIR/syslog.pid"; }

# The PAM lines of a stack file, without comments, blank lines and the type
# column, whitespace squeezed: "requisite pam_idaas.so ask_for_all retry=3".
stack_lines() {
  sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1" |
    awk '{ $1 = ""; sub(/^ /, ""); print }'
}

# line_no FILE REGEX: the number (in stack_lines) of the first matching line, or nothing.
line_no() {
  stack_lines "$1" | grep -En -- "$2" | head -n 1 | cut -d: -f1
}

# in_order FILE REGEX...: each REGEX matches a line after the previous one's.
in_order() {
  local file=$1 prev=0 n
  shift
  for re in "$@"; do
    n=$(line_no "$file" "$re")
    [[ -n $n && $n -gt $prev ]] || return 1
    prev=$n
  done
}

has_line() { stack_lines "$1" | grep -Eq -- "$2"; }

show_stacks() {
  printf 'common-auth:\n%s\ncommon-password:\n%s\ncommon-account:\n%s\n' \
    "$(stack_lines /etc/pam.d/common-auth)" "$(stack_lines /etc/pam.d/common-password)" \
    "$(stack_lines /etc/pam.d/common-account)"
}

# success_lands_on FILE REGEX TARGET: the success=N jump of the line matching REGEX skips
# exactly to the line matching TARGET (pam-auth-update computes N from "success=end").
success_lands_on() {
  local from to jump
  from=$(line_no "$1" "$2")
  to=$(line_no "$1" "$3")
  jump=$(stack_lines "$1" | sed -n "${from}p" | grep -Eo 'success=[0-9]+' | cut -d= -f2)
  [[ -n $from && -n $to && -n $jump ]] && ((from + jump + 1 == to))
}

# check_stack NAME COMMAND...: like check, with the stacks in the failure message.
check_stack() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name" "$(show_stacks)"; fi
}

# dpkg_run NAME COMMAND...: ok when it succeeds, its output otherwise.
dpkg_run() {
  local name=$1 out rc=0
  shift
  out=$("$@" 2>&1) || rc=$?
  if [[ $rc == 0 ]]; then
    ok "$name"
    if [[ -n ${PKG_TEST_VERBOSE:-} ]]; then sed 's/^/# | /' <<<"$out"; fi
  else
    not_ok "$name" "exit status $rc:
$out"
  fi
  return "$rc"
}

module_in_place() { [[ $1 == /usr/lib/*-*/security/pam_idaas.so && -f $1 ]]; }
installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == 'install ok installed' ]]; }
not_known() { ! dpkg-query -W -f='${Status}' "$1" >/dev/null 2>&1 ||
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == 'unknown ok not-installed' ]]; }

# The sample users, created before the package is installed (chpasswd goes
# through common-password too); local passwords equal to the fake tenant's.
create_users() {
  local user
  for user in alice bob carl; do
    useradd --create-home --shell /bin/bash "$user"
  done
  printf '%s:%s\n' alice "$ALICE_PW" bob "$BOB_PW" carl "$CARL_PW" | chpasswd
}

# The configuration with the tenant (the package's conffile, now changed by
# the administrator) and the root-only secret file beside it.
configure_tenant() {
  install -o root -g root -m 600 /dev/null /etc/security/pam_idaas.secret
  printf 'test-secret\n' >/etc/security/pam_idaas.secret
  {
    cat /etc/security/pam_idaas.yaml
    printf '\ntenant:\n  base_url: %s\n  ca_file: %s\n  client_id: test-client\n' "$TENANT_URL" "$TENANT_CA"
    printf '  client_secret_file: /etc/security/pam_idaas.secret\n'
  } >/etc/security/pam_idaas.yaml.new
  chmod 644 /etc/security/pam_idaas.yaml.new
  mv /etc/security/pam_idaas.yaml.new /etc/security/pam_idaas.yaml
}

passwd_as() {
  local user=$1
  converse setpriv --reuid="$user" --regid="$user" --init-groups passwd
}

# ------------------------------------------------------------------- cases

case_install() {
  dpkg_run "dpkg -i $PKG_DEB" dpkg -i "/mnt/pkgtest/debs/$PKG_DEB" || return 1
  check "package installed" installed libpam-idaas
  local module
  module=$(dpkg-query -L libpam-idaas | grep '/security/pam_idaas\.so$' || true)
  check "module at /usr/lib/<multiarch>/security/pam_idaas.so ($module)" module_in_place "$module"
  check "its tenant client beside it, in security/pam_idaas/tenant.so" \
    test -f "$(dirname -- "$module")/pam_idaas/tenant.so"
  check "admin tool at /usr/sbin/pam-idaas" test -x /usr/sbin/pam-idaas
  check "profile at /usr/share/pam-configs/idaas" test -f /usr/share/pam-configs/idaas
  # shellcheck disable=SC2016 # expanded by dpkg-query
  check "/etc/security/pam_idaas.yaml is a conffile" \
    eval 'dpkg-query -W -f="\${Conffiles}" libpam-idaas | grep -q " /etc/security/pam_idaas.yaml "'
  check "/var/lib/pam_idaas exists, root-only (0700)" \
    test "$(stat -c '%a %U' /var/lib/pam_idaas 2>/dev/null)" == "700 root"
  check "no client secret file shipped" test ! -e /etc/security/pam_idaas.secret
  local out rc=0
  out=$(pam-idaas config check 2>&1) || rc=$?
  if [[ $rc == 0 ]]; then ok "pam-idaas config check accepts the shipped configuration"; else
    not_ok "pam-idaas config check accepts the shipped configuration" "exit $rc: $out"
  fi

  if [[ -n ${PKG_TEST_VERBOSE:-} ]]; then show_stacks | sed 's/^/# /'; fi
  check_stack "common-password has pam_idaas" has_line /etc/pam.d/common-password 'pam_idaas\.so'
  if has_line /etc/pam.d/common-password 'pam_pwquality\.so'; then
    # The host already has a quality module: it asks, pam_idaas takes its password.
    check_stack "common-password: pam_pwquality, then pam_idaas use_authtok, then pam_unix" \
      in_order /etc/pam.d/common-password 'pam_pwquality\.so' '^requisite pam_idaas\.so use_authtok' 'pam_unix\.so'
  else
    check_stack "common-password: pam_idaas first (asks, ask_for_all), then pam_unix use_authtok" \
      in_order /etc/pam.d/common-password '^requisite pam_idaas\.so ask_for_all retry=3$' \
      'pam_unix\.so .*use_authtok' 'pam_deny\.so' 'pam_permit\.so'
  fi
  check_stack "common-account: pam_unix, then pam_idaas in the Additional block" \
    in_order /etc/pam.d/common-account 'pam_unix\.so' 'pam_permit\.so' \
    '^\[success=ok new_authtok_reqd=done ignore=ignore user_unknown=ignore authinfo_unavail=ignore default=bad\] pam_idaas\.so$'
  # Priority 512 > pam_unix's 256: pam_idaas first (the Auth-Initial line), pam_unix after it
  # with try_first_pass; a wrong password dies at pam_idaas, never reaching pam_unix.
  local idaas_auth='^\[success=[0-9]+ ignore=ignore user_unknown=ignore authinfo_unavail=ignore default=die\] pam_idaas\.so$'
  check_stack "common-auth: pam_idaas first, then pam_unix try_first_pass, pam_deny, pam_permit" \
    in_order /etc/pam.d/common-auth "$idaas_auth" 'pam_unix\.so .*try_first_pass' \
    '^requisite pam_deny\.so' '^required pam_permit\.so'
  check_stack "common-auth: pam_idaas's success jumps to pam_permit" \
    success_lands_on /etc/pam.d/common-auth "$idaas_auth" '^required pam_permit\.so'
}

# A tenant user changes the password: self-service endpoint with the right
# old password, then pam_unix writes the local copy.
case_alice_changes() {
  local new=$1 label=$2 before
  before=$(shadow_hash alice)
  fake DELETE requests >/dev/null
  E2E_OLD=$ALICE_OLD E2E_NEW=$new passwd_as alice
  check "$label alice: passwd succeeds" status_is 0
  check "$label alice: the current password was asked" said 'Current password: '
  OLD=$ALICE_OLD NEW=$new check_tenant \
    "$label alice: tenant got change-password-verify with the right old password" \
    'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "alice"))' alice
  check_tenant "$label alice: no admin change-password" 'not calls("change")'
  check "$label alice: /etc/shadow changed" test "$(shadow_hash alice)" != "$before"
  check "$label alice: shadow verifies the new password" shadow_verifies alice "$new"
  ALICE_OLD=$new
}

# A weak password: refused with its code, nothing changes.
case_alice_weak() {
  local before
  before=$(shadow_hash alice)
  fake DELETE requests >/dev/null
  E2E_OLD=$ALICE_OLD E2E_NEW='password1' passwd_as alice
  check "weak password: passwd fails" status_not 0
  # (pam_pwquality, when the host has it in front, refuses it first.)
  check "weak password: a PWD.0005/PWD.0006 line" said '(^|[^A-Z.])PWD\.000[56]: |BAD PASSWORD'
  check_tenant "weak password: no change at the tenant" 'not calls("change") and not calls("verify")'
  check "weak password: shadow unchanged" test "$(shadow_hash alice)" == "$before"
}

# Root resets alice: the admin endpoint, no old password.
case_root_resets_alice() {
  fake DELETE requests >/dev/null
  E2E_NEW=$NEW_ALICE_ROOT converse passwd alice
  check "root passwd alice: succeeds" status_is 0
  check "root passwd alice: no current password asked" eval '! said "Current password"'
  NEW=$NEW_ALICE_ROOT check_tenant "root passwd alice: tenant got change-password (admin)" \
    'any(b.get("password") == env["NEW"] for b in calls("change", "alice"))' alice
  check "root passwd alice: shadow verifies the new password" shadow_verifies alice "$NEW_ALICE_ROOT"
  ALICE_OLD=$NEW_ALICE_ROOT
}

# A host-only user (the tenant does not know carl) changes the password: the
# module leaves him to pam_unix (it asks the new password for it: ask_for_all).
case_carl_changes() {
  local new=$1 label=$2 before
  before=$(shadow_hash carl)
  fake DELETE requests >/dev/null
  E2E_OLD=$CARL_OLD E2E_NEW=$new passwd_as carl
  check "$label carl (host-only): passwd succeeds" status_is 0
  check "$label carl (host-only): /etc/shadow changed" test "$(shadow_hash carl)" != "$before"
  check "$label carl (host-only): shadow verifies the new password" shadow_verifies carl "$new"
  check_tenant "$label carl (host-only): no change request at the tenant" \
    'not calls("change") and not calls("verify")'
  if status_is 0; then CARL_OLD=$new; fi
}

# The account stack: the tenant says bob must change his password; root's
# `su - bob` runs the forced change (common-account, then common-password
# with PAM_CHANGE_EXPIRED_AUTHTOK: bob's current password is asked).
case_bob_forced() {
  fake DELETE requests >/dev/null
  # shellcheck disable=SC2016 # bob's shell expands it
  E2E_OLD=$BOB_PW E2E_NEW=$NEW_BOB converse su - bob -c 'echo SU-OK-$((6*7))'
  check "forced change (su - bob): su ran the command" said 'SU-OK-42'
  check "forced change (su - bob): the current password was asked" said 'Current password: '
  OLD=$BOB_PW NEW=$NEW_BOB check_tenant "forced change (su - bob): tenant got change-password-verify" \
    'any(b.get("old_password") == env["OLD"] and b.get("password") == env["NEW"] for b in calls("verify", "bob"))' bob
  check_tenant "forced change (su - bob): bob no longer must modify" \
    'users["bob"]["pwd_must_modify"] is False' bob
  check "forced change (su - bob): shadow verifies the new password" shadow_verifies bob "$NEW_BOB"
}

# pam_pwquality (priority 1024) in front: it asks, pam_idaas takes its password.
case_pwquality() {
  local debs=(/mnt/pkgtest/extra/*.deb)
  if [[ ! -f ${debs[0]} ]]; then
    echo "# (no libpam-pwquality packages given: the pam_pwquality stage is not run)"
    return 0
  fi
  dpkg_run "dpkg -i libpam-pwquality and its dependencies" dpkg -i "${debs[@]}" || return 0
  # Without cracklib-runtime there is no dictionary: the check is off here.
  if [[ -f /etc/security/pwquality.conf ]]; then echo 'dictcheck = 0' >>/etc/security/pwquality.conf; fi
  if [[ -n ${PKG_TEST_VERBOSE:-} ]]; then show_stacks | sed 's/^/# /'; fi
  check_stack "with pwquality: pam_pwquality, then pam_idaas use_authtok, then pam_unix use_authtok" \
    in_order /etc/pam.d/common-password '^requisite pam_pwquality\.so retry=3$' \
    '^requisite pam_idaas\.so use_authtok retry=3$' 'pam_unix\.so .*use_authtok' 'pam_deny\.so'
  case_alice_changes "$NEW_ALICE_PWQ" "with pwquality:"
  case_carl_changes "$NEW_CARL_PWQ" "with pwquality:"
  local names
  names=$(dpkg-deb -f "${debs[0]}" Package)
  for d in "${debs[@]:1}"; do names+=" $(dpkg-deb -f "$d" Package)"; done
  # shellcheck disable=SC2086 # one word per package
  dpkg_run "dpkg --purge libpam-pwquality and its dependencies" dpkg --purge $names || true
  check_stack "pwquality purged: pam_idaas first again (ask_for_all)" \
    has_line /etc/pam.d/common-password '^requisite pam_idaas\.so ask_for_all retry=3$'
}

# Reinstalling the same version (dpkg's upgrade path: prerm upgrade) keeps the
# stacks; removing takes pam_idaas out of them and keeps the configuration;
# installing again puts it back, with the administrator's configuration.
case_reinstall_remove() {
  dpkg_run "dpkg -i again (reinstall)" dpkg -i "/mnt/pkgtest/debs/$PKG_DEB" || return 1
  check_stack "reinstall: pam_idaas still in common-auth" has_line /etc/pam.d/common-auth 'pam_idaas\.so$'
  check_stack "reinstall: pam_idaas still in common-password" \
    has_line /etc/pam.d/common-password '^requisite pam_idaas\.so'
  dpkg_run "dpkg -r libpam-idaas" dpkg -r libpam-idaas || return 1
  check "removed: dpkg keeps the configuration (config-files)" \
    test "$(dpkg-query -W -f='${Status}' libpam-idaas)" == "deinstall ok config-files"
  local f
  for f in common-auth common-password common-account; do
    if cmp -s "/etc/pam.d/$f" "$E2E_DIR/before/$f"; then
      ok "removed: /etc/pam.d/$f byte-identical to before the install"
    else
      not_ok "removed: /etc/pam.d/$f byte-identical to before the install" \
        "$(diff -u "$E2E_DIR/before/$f" "/etc/pam.d/$f")"
    fi
  done
  check "removed: the module is gone" eval '! compgen -G "/usr/lib/*/security/pam_idaas.so" >/dev/null'
  check "removed: its tenant client too" eval '! compgen -G "/usr/lib/*/security/pam_idaas" >/dev/null'
  check "removed: the administrator's configuration stays" grep -q '^tenant:' /etc/security/pam_idaas.yaml
  dpkg_run "dpkg -i after remove" dpkg -i "/mnt/pkgtest/debs/$PKG_DEB" || return 1
  check_stack "installed again: pam_idaas back in common-password" \
    has_line /etc/pam.d/common-password '^requisite pam_idaas\.so'
  check_stack "installed again: pam_idaas back in common-account" \
    has_line /etc/pam.d/common-account 'pam_idaas\.so$'
  check "installed again: the configuration kept its tenant section" \
    grep -q '^tenant:' /etc/security/pam_idaas.yaml
  case_alice_changes "$NEW_ALICE_AGAIN" "installed again:"
}

case_purge() {
  dpkg_run "dpkg --purge libpam-idaas" dpkg --purge libpam-idaas || return 1
  check "package unknown to dpkg after purge" not_known libpam-idaas
  local f
  for f in common-auth common-password common-account; do
    if cmp -s "/etc/pam.d/$f" "$E2E_DIR/before/$f"; then
      ok "/etc/pam.d/$f byte-identical to before the install"
    else
      not_ok "/etc/pam.d/$f byte-identical to before the install" \
        "$(diff -u "$E2E_DIR/before/$f" "/etc/pam.d/$f")"
    fi
  done
  local gone=(/usr/lib/*/security/pam_idaas.so /usr/lib/*/security/pam_idaas /usr/sbin/pam-idaas /usr/share/pam-configs/idaas
    /etc/security/pam_idaas.yaml /var/lib/pam_idaas /usr/share/doc/libpam-idaas
    /usr/share/man/man8/pam_idaas.8.gz /var/lib/dpkg/info/libpam-idaas.*)
  local left=()
  for f in "${gone[@]}"; do [[ -e $f ]] && left+=("$f"); done
  if ((${#left[@]} == 0)); then
    ok "the package's files, its changed conffile and the history store are gone"
  else
    not_ok "the package's files, its changed conffile and the history store are gone" "left: ${left[*]}"
  fi
  check "the administrator's secret file stays" test -f /etc/security/pam_idaas.secret
}

root_main() {
  if [[ $(cat "$PKG_MARKER" 2>/dev/null) != "$PKG_DIR" ]]; then
    echo "deb-install: / is not the isolated root; stopping before writing anything" >&2
    exit 1
  fi
  E2E_DIR=/run/pkgtest E2E_SRC=/mnt/pkgtest/src
  mkdir -m 755 "$E2E_DIR" "$E2E_DIR/before"
  # The e2e helpers: ok/not_ok/finish, converse (converse.exp), check,
  # the fake tenant's control API, shadow_hash/shadow_verifies.
  # shellcheck source=../e2e/sandbox.sh
  source "$E2E_SRC/tests/e2e/sandbox.sh"
  # shellcheck disable=SC2034 # read by converse
  E2E_VERBOSE=${PKG_TEST_VERBOSE:-}
  trap root_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  export LC_ALL=C.UTF-8 LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive
  start_syslog

  cp -p /etc/pam.d/common-auth /etc/pam.d/common-password /etc/pam.d/common-account \
    "$E2E_DIR/before/"
  create_users
  ALICE_OLD=$ALICE_PW CARL_OLD=$CARL_PW

  if case_install; then
    tenant_start
    configure_tenant
    case_alice_changes "$NEW_ALICE" "user passwd:"
    check "the password history went to /var/lib/pam_idaas/history (root, 0600)" \
      test "$(stat -c '%a %U' /var/lib/pam_idaas/history 2>/dev/null)" == "600 root"
    case_alice_weak
    case_root_resets_alice
    case_carl_changes "$NEW_CARL" "user passwd:"
    case_bob_forced
    case_pwquality
    case_reinstall_remove
    case_purge
  fi
  echo "$passed $failed" >/mnt/pkgtest/out/counts
}

case ${PKG_STAGE:-host} in
host) host_main "$@" ;;
ns)
  # shellcheck source=../e2e/devices.sh
  source "$PKG_SRC/tests/e2e/devices.sh"
  ns_main
  ;;
root) root_main ;;
*)
  echo "deb-install: unknown PKG_STAGE=$PKG_STAGE" >&2
  exit 2
  ;;
esac
