# shellcheck shell=bash
# The generated tables of docs/fault-matrix.md (tests/pam/faults.sh, tests/pam/auth_faults.sh):
# each lives in the doc between two marker lines, and a run of its test compares it with the
# table it just wrote, the times aside. Sourced after tests/cli/lib.sh (ok, not_ok).
#
#   matrix_doc TABLE DOCS BEGIN END ONLY REGENERATE
# ONLY non-empty: only some rows ran, nothing compared. PAM_FAULTS_WRITE=1: the table is
# written into DOCS between the markers instead of compared. REGENERATE: the command line
# a failure names.

# A cell ends in "<br>S.D s": the wall time, which differs from run to run.
matrix_without_times() { sed -E 's#<br>[0-9]+\.[0-9] s \|# |#g' "$@"; }

matrix_doc() {
  local table=$1 docs=$2 begin=$3 end=$4 only=$5 regenerate=$6 difference
  local name=${docs##*/}
  if [[ -n $only ]]; then
    echo "# only some rows: not compared with $docs"
  elif [[ ${PAM_FAULTS_WRITE:-0} == 1 ]]; then
    if grep -qxF "$begin" "$docs" 2>/dev/null && grep -qxF "$end" "$docs"; then
      awk -v begin="$begin" -v end="$end" -v table="$table" '
        $0 == begin { print; while ((getline line < table) > 0) print line; skip = 1; next }
        $0 == end { skip = 0 }
        !skip' "$docs" >"$table.docs" && cat "$table.docs" >"$docs"
      ok "docs/$name rewritten between \"$begin\" and its end"
    else
      not_ok "docs/$name has the markers" "expected lines:
$begin
$end"
    fi
  elif difference=$(diff <(sed -n "\\#^$begin\$#,\\#^$end\$#p" "$docs" | sed '1d;$d' |
    matrix_without_times) <(matrix_without_times "$table")); then
    ok "docs/$name holds this matrix (times aside)"
  else
    not_ok "docs/$name holds this matrix (times aside)" "diff docs generated:
$difference
(regenerate: $regenerate)"
  fi
}
