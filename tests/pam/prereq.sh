# shellcheck shell=bash
# The prerequisite checks of the scripts that drive the module through the real libpam
# (tests/pam/lib.sh, tests/secrets/run.sh): sourced after tests/cli/lib.sh (not_ok, finish);
# defines functions only. A missing prerequisite fails the run (not silently skipped): it
# would otherwise look like a pass.

# A shared library's path as the dynamic loader would find it.
# awk reads to the end: an early exit would kill ldconfig with SIGPIPE, a failure under pipefail.
library() { /sbin/ldconfig -p | awk -v name="$1" '$1 == name && !found { print $NF; found = 1 }'; }

# linked_library FILE NAME: the path of the library FILE links whose name starts with NAME
# (libasan.so), as ldd resolves it. ldd's output is taken whole first: an awk that exits at
# the first match can kill the loader with SIGPIPE, ldd then exits 1, and under pipefail and
# set -e the caller stops there without a word (the sanitizer CI's pam_call_counts did).
linked_library() {
  local libraries
  libraries=$(ldd "$1")
  awk -v name="$2" 'index($1, name) == 1 && !found { print $3; found = 1 }' <<<"$libraries"
}

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
