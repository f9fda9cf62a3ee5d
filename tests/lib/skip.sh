# shellcheck shell=bash
# The one way a shell test says it cannot run here (sourced by every test script that may).
#
#   skip REASON...            exit 77 (ctest: skipped) with "SKIP: REASON"
#   skip --inherent REASON... the same, for a skip that comes with the build itself (a
#                             sanitizer-built module cannot load into setuid passwd or sshd)
#   skip_part REASON...       a part of a test cannot run: a note, and the test goes on
#
# Under PAM_IDAAS_REQUIRE_ALL=1 (.ci/run sets it) a skip is a failure: exit 1 (skip_part too)
# with the reason, so that a CI runner without root, namespaces or a tool cannot pass by
# running nothing. The one exception: skip --inherent in a test whose ctest name
# (PAM_IDAAS_TEST, set by tests/CMakeLists.txt) is listed in PAM_IDAAS_INHERENT_SKIPS
# (space-separated names; .ci/run lists them for the sanitizer build).

# skip_is_inherent: this test's name is in PAM_IDAAS_INHERENT_SKIPS
skip_is_inherent() {
  local name
  [[ -n ${PAM_IDAAS_TEST:-} ]] || return 1
  # shellcheck disable=SC2086 # a list of names, split on spaces
  for name in ${PAM_IDAAS_INHERENT_SKIPS:-}; do
    [[ $name == "$PAM_IDAAS_TEST" ]] && return 0
  done
  return 1
}

skip() {
  local inherent=0
  if [[ ${1:-} == --inherent ]]; then
    inherent=1
    shift
  fi
  if [[ ${PAM_IDAAS_REQUIRE_ALL:-0} == 1 ]] && ! { ((inherent)) && skip_is_inherent; }; then
    local why="PAM_IDAAS_REQUIRE_ALL=1: a test that cannot run fails"
    ((inherent)) && why+=" (${PAM_IDAAS_TEST:-this test} is not in PAM_IDAAS_INHERENT_SKIPS)"
    echo "FAIL: cannot run: $*"
    echo "# $why"
    exit 1
  fi
  echo "SKIP: $*"
  exit 77
}

skip_part() {
  if [[ ${PAM_IDAAS_REQUIRE_ALL:-0} == 1 ]]; then
    echo "FAIL: cannot run: $*"
    echo "# PAM_IDAAS_REQUIRE_ALL=1: a part of a test that cannot run fails the test"
    exit 1
  fi
  echo "# skipped: $*"
}
