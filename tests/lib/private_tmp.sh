# shellcheck shell=bash
# private_tmp ARGS...: runs the calling script ($0 ARGS...) again, from the start, in a mount
# namespace of its own whose /tmp is an empty tmpfs; returns at once when already there.
#
# Why: pam_wrapper (libpam-wrapper 1.1.x) copies the service files of every process that loads
# it into a directory named /tmp/pam.X, X one of 62 letters and digits picked from the pid.
# The path is compiled in (neither TMPDIR nor any variable moves it), and it is chosen by
# lstat() then mkdir(): two processes that start together can pick the same X, and the loser
# goes on with "Failed to create pam_wrapper config dir: /tmp/pam.X - File exists", in a
# directory the winner deletes when it exits. A killed process leaves its directory behind.
# With a /tmp of its own, a test's pam_wrapper directories meet no other test's (ctest runs
# them in parallel) nor anyone else's, and all of them go when the namespace does.
#
# What the script needs from the shared /tmp stays where it was: the top-level entries of /tmp
# that hold the script, an argument (the module, the checkout) or the working directory (a
# checkout or build tree under /tmp) are bound back at the same paths.
#
# Needs root and unshare(1); the caller checks root first. Without a mount namespace the test
# goes on with the shared /tmp after a note (skip_part: a failure under PAM_IDAAS_REQUIRE_ALL=1).
private_tmp() {
  [[ -n ${PAM_IDAAS_PRIVATE_TMP:-} ]] && return 0
  if ! unshare --mount --propagation private true 2>/dev/null; then
    skip_part "no private /tmp (unshare --mount failed): pam_wrapper's /tmp/pam.X directories may collide with other processes'"
    return 0
  fi
  local -a keep=()
  local path
  for path in "$0" "$@" "$PWD"; do
    [[ -e $path ]] || continue
    path=$(realpath -- "$path")
    [[ $path == /tmp/?* ]] || continue
    path=${path#/tmp/}
    keep+=("${path%%/*}")
  done
  export PAM_IDAAS_PRIVATE_TMP=1
  # The shared /tmp stays open as a file descriptor, the way back to what it held once the
  # tmpfs covers it (mount --no-canonicalize: the path through /proc/self/fd, not its name).
  # shellcheck disable=SC2016 # expanded by the inner shell
  exec unshare --mount --propagation private -- "$BASH" -c '
    set -e
    exec {shared}</tmp
    mount -t tmpfs -o mode=1777 pam-idaas-tmp /tmp
    for ((; $# > 0; )); do
      entry=$1
      shift
      [[ $entry == -- ]] && break
      [[ -e /tmp/$entry ]] && continue
      if [[ -d /proc/self/fd/$shared/$entry ]]; then mkdir "/tmp/$entry"; else : >"/tmp/$entry"; fi
      mount --no-canonicalize --bind "/proc/self/fd/$shared/$entry" "/tmp/$entry"
    done
    exec {shared}<&-
    exec "$BASH" "$@"' private_tmp "${keep[@]}" -- "$0" "$@"
}
