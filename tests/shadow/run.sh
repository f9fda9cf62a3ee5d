#!/usr/bin/env bash
# SystemAccounts::make_current (pam_module/system_accounts.cc, shadow_writer.cc) writing the real
# /etc/shadow through the real chpasswd -e, driven by shadow_driver (tests/shadow/driver.cc).
#
#   run.sh SHADOW_DRIVER PROJECT_SOURCE_DIR
#
# On the host: copies /etc to DIR/etc, re-runs itself inside private mount and pid namespaces,
# then checks that the host's /etc is unchanged (sandbox.sh's host_digest). Inside: /etc is
# the copy (a marker file proves it before anything writes), /var/log and /home are tmpfs;
# fake chpasswd programs are bind-mounted over /usr/sbin/chpasswd for the failure cases.
# Exit 77 (or a failure under PAM_IDAAS_REQUIRE_ALL=1) when it cannot run: not root, no
# namespaces, a missing tool.
# ok and not_ok always succeed: "A && ok || not_ok" is an if-then-else here; the hashes in
# single quotes are literal crypt settings.
# shellcheck disable=SC2015,SC2016
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../e2e/sandbox.sh
source "$here/../e2e/sandbox.sh"  # host_digest, ok/not_ok, take_counts, finish, skip

NS=(--mount --pid --fork --kill-child=SIGKILL --mount-proc --propagation private)
USER_PW='New#Password2'
OLD_PW='Old#Password1'

# ---------------------------------------------------------------- on the host

outer() {
  [[ $# -eq 2 ]] || { echo "usage: $0 SHADOW_DRIVER PROJECT_SOURCE_DIR" >&2; exit 2; }
  [[ $(id -u) == 0 ]] || skip "needs root (unshare, useradd, chpasswd)"
  local tool
  for tool in unshare setpriv useradd usermod chage chpasswd perl getent sha256sum stat \
    timeout; do
    command -v "$tool" >/dev/null || skip "missing tool: $tool"
  done
  unshare "${NS[@]}" true 2>/dev/null || skip "unshare ${NS[*]} failed (no CAP_SYS_ADMIN here?)"
  [[ -x $1 ]] || { echo "no such driver: $1" >&2; exit 2; }

  local before rc=0
  before=$(host_digest)
  SHADOW_DIR=$(mktemp -d /tmp/pam_idaas-shadow.XXXXXX)
  trap 'rm -rf "$SHADOW_DIR"' EXIT
  chmod 755 "$SHADOW_DIR"  # nobody runs the driver from here
  cp -a /etc "$SHADOW_DIR/etc"
  echo "$SHADOW_DIR" >"$SHADOW_DIR/etc/.pam_idaas-shadow-sandbox"
  install -m 0755 "$1" "$SHADOW_DIR/shadow_driver"
  export SHADOW_INSIDE=1 SHADOW_DIR
  timeout -k 5 100 unshare "${NS[@]}" -- "$BASH" "$(realpath "$0")" || rc=$?
  take_counts "$SHADOW_DIR/counts" "$rc" 100
  unchanged "host /etc/passwd, /etc/shadow, /etc/pam.d (and group, gshadow, ssh, security) unchanged" \
    "$before" "$(host_digest)"
  finish
}

# ------------------------------------------------------- inside the namespaces

driver() { "$SHADOW_DIR/shadow_driver" "$@"; }
shadow_field() { getent shadow "$1" | cut -d: -f"$2"; }
verifies() { perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' "$1" "$2"; }
shadow_sum() { sha256sum /etc/shadow | cut -d' ' -f1; }
today() { echo $(($(date +%s) / 86400)); }

# new_user NAME SETTING: a user whose hash is OLD_PW crypted with SETTING (a valid one: libcrypt
# answers "*0" to a bad salt), aged 2020-01-01, min 2, max 90, warn 10, inactive 5.
new_user() {
  local hash
  hash=$(perl -e 'print crypt($ARGV[0], $ARGV[1])' "$OLD_PW" "$2")
  [[ $hash == "$2"* ]] || return 1
  useradd -M -s /bin/sh "$1" && usermod -p "$hash" "$1" &&
    chage -d 2020-01-01 -m 2 -M 90 -W 10 -I 5 "$1"
}

# A program bind-mounted over /usr/sbin/chpasswd: NAME BODY (sh), root-owned, 0755.
fake_chpasswd() {
  printf '#!/bin/sh\n%s\n' "$2" >"$SHADOW_DIR/$1"
  chmod 0755 "$SHADOW_DIR/$1"
  mount --bind "$SHADOW_DIR/$1" /usr/sbin/chpasswd
}

case_yescrypt_keeps_its_cost() {
  new_user yuser '$y$jBT$BgpzVmwPSpC/OkGVQ9JBS1' || { not_ok "useradd yuser" ""; return; }
  local old mode_before out hash
  old=$(shadow_field yuser 2)
  mode_before=$(stat -c '%a %U:%G' /etc/shadow)
  out=$(driver make-current yuser <<<"$USER_PW")
  if [[ $? == 0 && $out == written:* ]]; then ok "make_current writes yuser"; else
    not_ok "make_current writes yuser" "$out"; fi
  hash=$(shadow_field yuser 2)
  if [[ $hash == '$y$jBT$'* && $hash != "$old" && ${hash:7:22} != "${old:7:22}" ]]; then
    ok "the new hash is yescrypt with the same parameters (jBT) and a new salt"
  else not_ok "the new hash is yescrypt with the same parameters and a new salt" "$old -> $hash"; fi
  if verifies "$USER_PW" "$hash" && ! verifies "$OLD_PW" "$hash"; then
    ok "the new hash verifies the new password (perl crypt), not the old one"
  else not_ok "the new hash verifies the new password" "$hash"; fi
  [[ $(driver check yuser <<<"$USER_PW") == matches && $(driver check yuser <<<"$OLD_PW") == differs ]] &&
    ok "check_password: the new password matches, the old one differs" ||
    not_ok "check_password: matches, differs" "$(driver check yuser <<<"$USER_PW")"
  [[ $(shadow_field yuser 3) == "$(today)" ]] && ok "the last-change day is today" ||
    not_ok "the last-change day is today" "$(shadow_field yuser 3) vs $(today)"
  [[ $(getent shadow yuser | cut -d: -f4-7) == 2:90:10:5 ]] && ok "min, max, warn, inactive kept" ||
    not_ok "min, max, warn, inactive kept" "$(getent shadow yuser)"
  [[ $(stat -c '%a %U:%G' /etc/shadow) == "$mode_before" ]] &&
    ok "/etc/shadow mode and owner unchanged ($mode_before)" ||
    not_ok "/etc/shadow mode and owner unchanged" "$(stat -c '%a %U:%G' /etc/shadow)"
  local left
  left=$(ls -d /etc/shadow.lock /etc/passwd.lock /etc/shadow+ /etc/passwd+ /etc/nshadow 2>/dev/null)
  [[ -z $left ]] && ok "no lock or temporary file left" || not_ok "no lock or temporary file left" "$left"
  [[ $(driver fingerprint yuser) == "$(printf '%s' "$hash" | sha256sum | cut -c1-32)" ]] &&
    ok "hash_fingerprint: the first 32 hex digits of the hash's SHA-256" ||
    not_ok "hash_fingerprint" "$(driver fingerprint yuser)"
}

case_other_methods() {
  new_user suser '$6$rounds=7000$saltsalt' || { not_ok "useradd suser" ""; return; }
  driver make-current suser <<<"$USER_PW" >/dev/null
  local hash
  hash=$(shadow_field suser 2)
  [[ $hash == '$6$rounds=7000$'* ]] && verifies "$USER_PW" "$hash" &&
    ok "SHA-512 with rounds=7000 stays SHA-512 with rounds=7000" ||
    not_ok "SHA-512 keeps its rounds" "$hash"
  new_user muser '$1$saltsalt' || { not_ok "useradd muser" ""; return; }
  driver make-current muser <<<"$USER_PW" >/dev/null
  hash=$(shadow_field muser 2)
  [[ $hash == '$y$'* ]] && verifies "$USER_PW" "$hash" &&
    ok "an MD5 hash is replaced by the default method (yescrypt)" ||
    not_ok "MD5 -> default method" "$hash"
}

# expect_refused NAME WANT USER [setpriv args]: refused with WANT in the output, shadow unchanged.
expect_refused() {
  local name=$1 want=$2 user=$3 before out rc
  shift 3
  before=$(shadow_sum)
  out=$("$@" "$SHADOW_DIR/shadow_driver" make-current "$user" <<<"$USER_PW" 2>&1)
  rc=$?
  if [[ $rc == 1 && $out == *"$want"* && $(shadow_sum) == "$before" ]]; then ok "$name"; else
    not_ok "$name" "exit $rc, output: $out"; fi
}

case_refusals() {
  new_user ruser '$y$j9T$qS.FKxV97TsZkIodCoP9I0' || { not_ok "useradd ruser" ""; return; }
  expect_refused "a non-root caller is refused (not root), shadow unchanged" "not root" ruser \
    setpriv --reuid 65534 --regid 65534 --clear-groups
  expect_refused "a user name with ':' is refused" "unfit" 'ruser:0:0' env
  expect_refused "a user name with a newline is refused" "unfit" $'ruser\nroot' env
  usermod -L ruser
  expect_refused "an admin-locked password is left locked" "locked" ruser env
  [[ $(driver check ruser <<<"$OLD_PW") == no_local_hash && -z $(driver fingerprint ruser) ]] &&
    ok "a locked hash: check_password no_local_hash, no fingerprint" ||
    not_ok "a locked hash: no_local_hash, no fingerprint" "$(driver check ruser <<<"$OLD_PW")"
  usermod -U ruser
}

case_setuid_caller() {
  # A set-user-ID caller (passwd): real uid nobody, effective uid 0. A tmpfs of our own: the
  # host's /tmp may be nosuid.
  mkdir -p "$SHADOW_DIR/suid" && mount -t tmpfs -o mode=755 shadow-suid "$SHADOW_DIR/suid"
  install -m 4755 "$SHADOW_DIR/shadow_driver" "$SHADOW_DIR/suid/driver"
  local out
  out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$SHADOW_DIR/suid/driver" \
    make-current ruser <<<"$USER_PW" 2>&1)
  [[ $? == 0 && $out == written:* ]] && verifies "$USER_PW" "$(shadow_field ruser 2)" &&
    ok "a setuid caller (real uid nobody, euid 0) writes" || not_ok "a setuid caller writes" "$out"
}

case_child_environment() {
  fake_chpasswd spy "tr '\\0' '\\n' </proc/\$\$/environ >$SHADOW_DIR/env
for fd in /proc/\$\$/fd/*; do readlink \"\$fd\"; done >$SHADOW_DIR/fds
echo \"\$(id -ru) \$*\" >$SHADOW_DIR/args
cat >$SHADOW_DIR/stdin"
  driver make-current ruser <<<"$USER_PW" >/dev/null
  umount /usr/sbin/chpasswd
  [[ $(cat "$SHADOW_DIR/env") == "PATH=/usr/sbin:/usr/bin:/sbin:/bin" ]] &&
    ok "chpasswd's environment is PATH alone" || not_ok "chpasswd's environment" "$(cat "$SHADOW_DIR/env")"
  [[ $(cat "$SHADOW_DIR/args") == "0 -e" ]] && ok "chpasswd -e, real uid 0" ||
    not_ok "chpasswd -e, real uid 0" "$(cat "$SHADOW_DIR/args")"
  local fds line
  # Beside those: the shell's own script (/usr/sbin/chpasswd) and its redirection to fds.
  fds=$(grep -v -e '^socket:' -e '^/dev/null$' -e '^/usr/sbin/chpasswd$' -e "^$SHADOW_DIR/fds\$" \
    "$SHADOW_DIR/fds")
  [[ -z $fds && $(grep -c '^socket:' "$SHADOW_DIR/fds") == 1 ]] &&
    ok "chpasswd inherits only its input socket and /dev/null (not the driver's /dev/zero)" ||
    not_ok "chpasswd inherits only its input and /dev/null" "$(cat "$SHADOW_DIR/fds")"
  line=$(cat "$SHADOW_DIR/stdin")
  [[ $line == 'ruser:$y$'* && $line != *"$USER_PW"* ]] && verifies "$USER_PW" "${line#ruser:}" &&
    ok "its input is user:hash, never the password" || not_ok "its input is user:hash" "$line"
}

case_hanging_chpasswd() {
  local before start elapsed out
  before=$(shadow_sum)
  fake_chpasswd hang 'exec sleep 300'
  start=$(date +%s%N)
  out=$(driver make-current ruser <<<"$USER_PW")
  elapsed=$((($(date +%s%N) - start) / 1000000))
  umount /usr/sbin/chpasswd
  [[ $out == *"killed after 10000 ms"* && $elapsed -ge 9900 && $elapsed -lt 13000 ]] &&
    ok "a hanging chpasswd is killed after 10 s and reported ($elapsed ms)" ||
    not_ok "a hanging chpasswd is killed and reported" "$out ($elapsed ms)"
  # The namespace's own /proc: only its processes.
  local running
  running=$(grep -lx sleep /proc/[0-9]*/comm 2>/dev/null)
  [[ -z $running && $(shadow_sum) == "$before" ]] &&
    ok "nothing left running, shadow unchanged" || not_ok "nothing left running" "$running"
}

case_sigchld_ignored() {
  local out rc
  fake_chpasswd fails 'cat >/dev/null; exit 3'
  out=$(driver make-current-ign ruser <<<"$USER_PW")
  rc=$?
  umount /usr/sbin/chpasswd
  [[ $rc == 1 && $out == *"chpasswd exited 3"* && $out == *"restored to SIG_IGN"* ]] &&
    ok "SIGCHLD ignored by the caller: the exit status (3) still arrives, SIG_IGN restored" ||
    not_ok "SIGCHLD ignored: exit status and restore" "exit $rc: $out"
  out=$(driver make-current-ign ruser <<<"$OLD_PW")
  [[ $? == 0 && $out == *written:* ]] && verifies "$OLD_PW" "$(shadow_field ruser 2)" &&
    ok "SIGCHLD ignored by the caller: the real chpasswd writes" ||
    not_ok "SIGCHLD ignored: the real chpasswd writes" "$out"
  install -m 0775 "$SHADOW_DIR/fails" "$SHADOW_DIR/open"
  mount --bind "$SHADOW_DIR/open" /usr/sbin/chpasswd
  expect_refused "a group-writable chpasswd is not run" "writable" ruser env
  umount /usr/sbin/chpasswd
}

inside() {
  mount --bind "$SHADOW_DIR/etc" /etc
  if [[ $(cat /etc/.pam_idaas-shadow-sandbox 2>/dev/null) != "$SHADOW_DIR" ]]; then
    echo "/etc is not the private copy; stopping before writing anything" >&2
    exit 1
  fi
  mount -t tmpfs -o mode=755 shadow-log /var/log
  mount -t tmpfs -o mode=755 shadow-home /home
  if [[ -d /var/mail ]]; then mount -t tmpfs -o mode=2775 shadow-mail /var/mail; fi
  export LC_ALL=C
  case_yescrypt_keeps_its_cost
  case_other_methods
  case_refusals
  case_setuid_caller
  case_child_environment
  case_hanging_chpasswd
  case_sigchld_ignored
  echo "$passed $failed" >"$SHADOW_DIR/counts"
}

if [[ -n ${SHADOW_INSIDE:-} ]]; then inside; else outer "$@"; fi
