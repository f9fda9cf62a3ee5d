# Shared by the admin tool's test scripts: TAP-like lines and a closing
# "N passed, N failed" that ctest's log and CI read.
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; printf '%s\n' "$2" | sed 's/^/#   /'; }

# expect NAME STATUS PATTERN -- COMMAND...: exit status and a line matching PATTERN
expect() {
  local name=$1 status=$2 pattern=$3
  shift 4
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [[ $rc -eq $status ]] && grep -Eq -- "$pattern" <<<"$out"; then
    ok "$name"
  else
    not_ok "$name" "exit $rc (want $status), output:
$out"
  fi
}

finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
