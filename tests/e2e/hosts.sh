# shellcheck shell=bash
# Several hosts inside one sandbox (sandbox.sh): sourced after it, defines
# functions only. Each host is a mount namespace of its own inside the
# sandbox's: its own copy of /etc (shadow, PAM stacks, sshd and module
# configuration), its own /run (the module's cache and sync records, sshd's
# privilege separation) and /var/log, its own /dev/log (lines tagged
# "[host NAME] " in DIR/syslog.log) and its own sshd on its own port. They
# share the sandbox's network namespace, so one fake tenant on the loopback
# serves all of them, as one IDaaS tenant serves a fleet; /home is shared,
# as with network home directories.
#
# A host's namespace is kept by a sleeping process of the sandbox's pid
# namespace: gone with the sandbox.
#
#   host_up NAME PORT      copy /etc, write the stacks, mount, start sshd
#   on_host NAME CMD...    run CMD on that host (as root)
#   host_shadow_hash NAME USER, host_verifies NAME USER PASSWORD
#   host_config NAME [YAML-LINES]  rewrite the module's configuration there

# ------------------------------------------------- the stacks of our profile

E2E_PROFILE_NAME=idaas

# profile_line SECTION: "CONTROL ARGS" of the pam_idaas line under SECTION
# ("Auth-Initial", "Password-Initial", "Account") in packaging/pam-configs, or
# nothing when the profile has no such section.
profile_line() {
  awk -v want="$1:" '
    $0 == want { take = 1; next }
    take && /^[ \t]/ {
      sub(/^[ \t]+/, "")
      if (match($0, /^\[[^]]*\]/)) { control = substr($0, 1, RLENGTH); rest = substr($0, RLENGTH + 1) }
      else { control = $1; rest = substr($0, length($1) + 1) }
      sub(/^[ \t]*pam_idaas\.so/, "", rest)
      gsub(/^[ \t]+|[ \t]+$/, "", rest)
      print control (rest == "" ? "" : " " rest)
      exit
    }
    take { exit }' "$E2E_SRC/packaging/pam-configs/$E2E_PROFILE_NAME"
}

# The auth line of issue 17's design, used while the profile has none (the
# check "the profile has the auth line under test" then fails).
E2E_DESIGN_AUTH='[success=end ignore=ignore user_unknown=ignore authinfo_unavail=ignore default=die]'

# module_stack_line TYPE SECTION JUMP [DEFAULT]: our profile's line of SECTION as
# pam-auth-update writes it: ACTION=end becomes ACTION=JUMP (the number of
# primary lines to skip to reach pam_permit), the module by its path here.
module_stack_line() {
  local type=$1 line control args
  # pam-auth-update takes the -Initial line for the first module of a stack, or
  # the plain one when the profile has no -Initial variant.
  line=$(profile_line "$2")
  [[ -n $line ]] || line=$(profile_line "${2%-Initial}")
  [[ -n $line ]] || line=${4:?}
  if [[ $line == \[* ]]; then
    control=${line%%]*}]
    args=${line#"$control"}
  else
    control=${line%% *}
    args=${line#"$control"}
    [[ $args == "$line" ]] && args=
  fi
  control=${control//=end/=$3}
  echo "$type $control $(e2e_module_line)$args"
}

# after_primary FILE: the lines pam-auth-update keeps after the primary block
# (the "Additional" modules, e.g. pam_cap), from Debian's own file.
after_primary() {
  awk 'seen && !/^#/ && NF { print } /pam_permit\.so/ { seen = 1 }' "$1"
}

# common_auth ORIGINAL: pam_idaas first (priority 512 > pam_unix's 256, so it
# gets the Auth-Initial line), pam_unix's Auth line with try_first_pass after it.
common_auth() {
  module_stack_line auth Auth-Initial 2 "$E2E_DESIGN_AUTH"
  echo "auth [success=1 default=ignore] pam_unix.so nullok try_first_pass"
  echo "auth requisite pam_deny.so"
  echo "auth required pam_permit.so"
  after_primary "$1"
}

common_password() {
  module_stack_line password Password-Initial 2
  echo "password [success=1 default=ignore] pam_unix.so obscure use_authtok try_first_pass yescrypt"
  echo "password requisite pam_deny.so"
  echo "password required pam_permit.so"
  after_primary "$1"
}

# pam_unix is the primary account module; ours is Additional, after the block.
common_account() {
  echo "account [success=1 new_authtok_reqd=done default=ignore] pam_unix.so"
  echo "account requisite pam_deny.so"
  echo "account required pam_permit.so"
  module_stack_line account Account 1
  after_primary "$1" | grep -v pam_idaas || true
}

# host_stacks PAMD: the common-* files pam-auth-update writes with our profile
# enabled (in --pam-unix-only mode: Debian's own, untouched), and sshd's service
# with pam_loginuid optional (no audit loginuid to set in a namespace).
host_stacks() {
  local pamd=$1 kind
  if [[ $E2E_MODE == idaas ]]; then
    for kind in auth password account; do
      "common_$kind" "$pamd/common-$kind" >"$pamd/common-$kind.new"
      mv "$pamd/common-$kind.new" "$pamd/common-$kind"
    done
  fi
  sed -i 's/^session[[:space:]]\+required[[:space:]]\+pam_loginuid\.so/session optional pam_loginuid.so/' \
    "$pamd/sshd"
  grep -q '^@include common-auth' "$pamd/sshd"
  grep -q '^@include common-auth' "$pamd/su"
  grep -q '^@include common-password' "$pamd/passwd"
}

# ---------------------------------------------------------------- the hosts

host_root() { echo "$E2E_DIR/host-$1"; }
host_ns() { echo "/proc/$(<"$E2E_DIR/host-$1/holder.pid")/ns/mnt"; }

# on_host NAME COMMAND...: COMMAND in the host's mount namespace.
on_host() {
  local name=$1
  shift
  nsenter --mount="$(host_ns "$name")" -- "$@"
}

# Runs in the host's fresh mount namespace: its /etc, /run, /var/log, /dev/log.
host_mounts() {
  local root=$1 name=$2
  mount --bind "$root/etc" /etc
  [[ $(cat /etc/.pam_idaas-e2e-sandbox 2>/dev/null) == "$root" ]] || return 1
  mount -t tmpfs -o mode=755 "e2e-run-$name" /run
  mkdir -m 755 /run/sshd
  mount -t tmpfs -o mode=755 "e2e-log-$name" /var/log
  mount --bind "$root/log" /dev/log
}

# host_up NAME PORT: a copy of the sandbox's /etc as it is now (users, module
# configuration), the stacks of our profile, the namespace, sshd on PORT.
host_up() {
  local name=$1 port=$2 root
  root=$(host_root "$name")
  mkdir -m 755 "$root"
  cp -a /etc "$root/etc"
  echo "$root" >"$root/etc/.pam_idaas-e2e-sandbox"
  host_stacks "$root/etc/pam.d"
  serve_dev_log "$root/log" "$E2E_DIR/syslog.log" "$root/syslog.pid" "[host $name] "
  host_namespace "$root" "$name"
  host_sshd "$name" "$port"
}

# host_namespace ROOT NAME: a process unshares a mount namespace, mounts the
# host's directories in it and then sleeps, keeping the namespace for the
# sandbox's lifetime (the pid namespace ends it); its pid is in ROOT/holder.pid.
# (Binding the ns file instead, as unshare --mount=FILE does, failed now and
# then with EINVAL on 6.18 on two cores: the kernel refuses to bind a namespace
# it does not see as newer than the caller's.)
host_namespace() {
  local root=$1 name=$2 pid _
  unshare --mount --propagation private -- "$BASH" -c \
    "$(declare -f host_mounts); host_mounts \"\$@\" && touch \"\$1/ready\" && exec sleep infinity" \
    host_mounts "$root" "$name" </dev/null &
  pid=$!
  for _ in {1..100}; do
    [[ -e $root/ready ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [[ ! -e $root/ready ]]; then
    echo "host $name: could not set up its mount namespace" >&2
    return 1
  fi
  echo "$pid" >"$root/holder.pid"
}

host_sshd() {
  local name=$1 port=$2 root _
  root=$(host_root "$name")
  ssh-keygen -q -t ed25519 -N '' -C "pam_idaas-e2e-$name" -f "$root/ssh_host_ed25519_key"
  cat >"$root/sshd_config" <<CONFIG
# pam_idaas e2e, host $name: password and keyboard-interactive through PAM, loopback only.
ListenAddress 127.0.0.1
Port $port
HostKey $root/ssh_host_ed25519_key
PidFile $root/sshd.pid
UsePAM yes
KbdInteractiveAuthentication yes
PasswordAuthentication yes
PubkeyAuthentication no
HostbasedAuthentication no
PermitRootLogin no
AllowUsers alice bob zhangsan
UseDNS no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
CONFIG
  on_host "$name" /usr/sbin/sshd -t -f "$root/sshd_config"
  on_host "$name" /usr/sbin/sshd -D -f "$root/sshd_config" -E "$root/sshd.log" </dev/null &
  for _ in {1..100}; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "host $name: sshd did not listen on 127.0.0.1:$port:" >&2
  cat "$root/sshd.log" >&2
  return 1
}

# ------------------------------------------------------------ on a host

host_shadow_hash() { awk -F: -v u="$2" '$1 == u { print $2 }' "$(host_root "$1")/etc/shadow"; }
host_verifies() { hash_verifies "$(host_shadow_hash "$1" "$2")" "$3"; }
host_lacks() { ! host_verifies "$@"; }
host_shadow_digest() { sha256sum <"$(host_root "$1")/etc/shadow"; }

# host_config NAME [LINES]: the module's configuration on that host: the
# sandbox's (module_yaml) with LINES (top-level YAML, e.g. a cache: or auth:
# section) in place of its cache section. The tenant's CA is copied into the
# host's /etc, readable by all as CA files are: a non-root caller (a screen
# locker) reads it too, not the fake's private state directory.
host_config() {
  local file security
  security="$(host_root "$1")/etc/security"
  file=$security/pam_idaas.yaml
  install -m 644 "$TENANT_CA" "$security/pam_idaas-ca.pem"
  {
    module_yaml "  ca_file: /etc/security/pam_idaas-ca.pem" | awk '
      /^cache:/ { skip = 1; next }
      skip && /^  / { next }
      { skip = 0; print }'
    printf '%s\n' "${2:-"cache:
  directory: /run/pam_idaas"}"
  } >"$file.new"
  chmod 644 "$file.new"
  mv "$file.new" "$file"
}

# ssh_to PORT METHOD USER: one login with ssh METHOD (password or
# keyboard-interactive), one attempt, a fresh host key accepted and not kept;
# the remote command shows the shell really ran (LOGGED-IN-42).
ssh_to() {
  # shellcheck disable=SC2016  # $((6*7)) is for the remote shell
  converse ssh -F /dev/null -tt -p "$1" \
    -o PreferredAuthentications="$2" -o NumberOfPasswordPrompts=1 \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
    -o ConnectTimeout=5 "$3@127.0.0.1" \
    'echo LOGGED-IN-$((6*7))'
}

# su_on NAME CALLER USER: CALLER (not root: su asks USER's password) runs su on
# host NAME; the command shows it ran (SU-OK-42).
su_on() {
  # shellcheck disable=SC2016
  converse nsenter --mount="$(host_ns "$1")" -- \
    setpriv --reuid="$2" --regid="$2" --init-groups su "$3" -c 'echo SU-OK-$((6*7))'
}

# passwd_on NAME USER: USER changes their own password with the setuid passwd.
passwd_on() {
  converse nsenter --mount="$(host_ns "$1")" -- \
    setpriv --reuid="$2" --regid="$2" --init-groups passwd
}

# ssh_shell PORT USER: a keyboard-interactive login to a login shell (no
# command: only then does sshd show the messages PAM gave during a successful
# authentication); the shell is told to print LOGGED-IN-42 and exit.
ssh_shell() {
  # shellcheck disable=SC2016
  E2E_SHELL_INPUT='echo LOGGED-IN-$((6*7)); exit' converse ssh -F /dev/null -tt -p "$1" \
    -o PreferredAuthentications=keyboard-interactive -o NumberOfPasswordPrompts=1 \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
    -o ConnectTimeout=5 "$2@127.0.0.1"
}
