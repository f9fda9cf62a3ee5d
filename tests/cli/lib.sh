# shellcheck shell=bash
# Shared by every shell test suite (cli, pam, e2e, package): TAP-like lines and a closing
# "N passed, N failed" that ctest's log and CI read.
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; printf '%s\n' "$2" | sed 's/^/#   /'; }

# judge NAME STATUS MATCHER WANT -- COMMAND...: runs COMMAND (stdout and stderr together);
# passes when it exits with STATUS and `MATCHER WANT OUTPUT` succeeds.
judge() {
  local name=$1 status=$2 matcher=$3 want=$4
  shift 5
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [[ $rc -eq $status ]] && "$matcher" "$want" "$out"; then
    ok "$name"
  else
    not_ok "$name" "exit $rc (want $status), output:
$out
wanted ($matcher):
$want"
  fi
}
has_line_matching() { grep -Eq -- "$1" <<<"$2"; }
is_exactly() { [[ $2 == "$1" ]]; }

# expect NAME STATUS PATTERN -- COMMAND...: exit status and a line matching PATTERN
expect() { judge "$1" "$2" has_line_matching "$3" "${@:4}"; }
# exactly NAME STATUS EXPECTED -- COMMAND...: the whole output, line for line
exactly() { judge "$1" "$2" is_exactly "$3" "${@:4}"; }

# take_counts FILE RC LIMIT: after checks that ran in a child (in namespaces),
# take over the counts it left in FILE, or fail if it never got to the end
# (exit status RC; 124 means it ran out of its LIMIT seconds).
take_counts() {
  [[ -s $1 ]] && read -r passed failed <"$1"
  # The counts grow check by check: a run cut short (a timeout) left a part of them, and
  # the checks it never reached must not read as passed.
  if [[ ! -s $1 || ($2 -ne 0 && $failed -eq 0) ]]; then
    not_ok "the checks inside the namespaces ran to the end" \
      "exit status $2$([[ $2 == 124 ]] && echo " (timed out after $3 s)")"
  fi
}

# unchanged NAME BEFORE AFTER: one check that two digests (of host files) agree.
unchanged() {
  if [[ $2 == "$3" ]]; then ok "$1"; else not_ok "$1" "$(diff <(echo "$2") <(echo "$3"))"; fi
}

finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}

# install_module MODULE DIR [install(1) OPTIONS...]: DIR/pam_idaas.so and its tenant client,
# DIR/pam_idaas/tenant.so, where the module looks for it (tenant/plugin/tenant_plugin.h).
install_module() {
  local module=$1 dir=$2
  shift 2
  install "$@" -m 0644 -- "$module" "$dir/pam_idaas.so"
  install "$@" -m 0755 -d -- "$dir/pam_idaas"
  install "$@" -m 0644 -- "$(dirname -- "$module")/pam_idaas/tenant.so" "$dir/pam_idaas/tenant.so"
}
