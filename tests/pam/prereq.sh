# shellcheck shell=bash
# The prerequisite checks of the scripts that drive the module through the real libpam
# (tests/pam/lib.sh, tests/secrets/run.sh): sourced after tests/cli/lib.sh (not_ok, finish);
# defines functions only. A missing prerequisite fails the run (not silently skipped): it
# would otherwise look like a pass.

# A shared library's path as the dynamic loader would find it.
# awk reads to the end: an early exit would kill ldconfig with SIGPIPE, a failure under pipefail.
library() { /sbin/ldconfig -p | awk -v name="$1" '$1 == name && !found { print $NF; found = 1 }'; }

# require WHAT PATH: fails the run unless PATH names something that exists.
require() {
  local what=$1 path=$2
  if [[ -z $path || ! -e $path ]]; then
    not_ok "prerequisite: $what" "not found${path:+: $path}"
    finish
    exit 1
  fi
}

# build OUTPUT SOURCE CC_ARGS...: the test's own few lines of C, built for this run (the
# compiler's messages in $work/cc.log).
# shellcheck disable=SC2154  # work: the sourcing script's work directory
build() {
  local output=$1 source=$2
  shift 2
  if ! cc -O1 -Wall -Werror -o "$output" "$source" "$@" 2>"$work/cc.log"; then
    not_ok "prerequisite: build $(basename -- "$output")" "$(cat "$work/cc.log")"
    finish
    exit 1
  fi
}
