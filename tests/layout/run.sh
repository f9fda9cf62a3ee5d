#!/usr/bin/env bash
# The folders depend one way, as the table of docs/architecture.md says
# (tests/layout/includes.py): the tree as it is, and scratch trees with an include
# against the order or a folder the page does not know, which the check must refuse.
#   run.sh PROJECT_SOURCE_DIR
set -uo pipefail
src=$1
# shellcheck source=../cli/lib.sh
source "$src/tests/cli/lib.sh"
here=$src/tests/layout

if out=$(python3 "$here/includes.py" "$src" 2>&1); then ok "no include goes against the order: ${out#ok - }"; else not_ok "no include goes against the order" "$out"; fi

# refused NAME LINE...: the check of $scratch exits 1 and its output holds every LINE.
refused() {
  local name=$1 out rc line
  shift
  out=$(python3 "$here/includes.py" "$scratch" 2>&1)
  rc=$?
  for line in "$@"; do [[ $out == *"$line"* ]] || rc=-1; done
  if [[ $rc -eq 1 ]]; then ok "$name"; else not_ok "$name" "exit $rc: $out"; fi
}

scratch=$(mktemp -d)
trap 'rm -rf -- "$scratch"' EXIT
for folder in base policy config tenant pam_module cli docs; do mkdir "$scratch/$folder"; done
cp -- "$src/docs/architecture.md" "$scratch/docs/"
printf '#include "base/secure_string.h"\n' >"$scratch/policy/rule.h"
if out=$(python3 "$here/includes.py" "$scratch" 2>&1); then ok "an include downwards passes"; else not_ok "an include downwards passes" "$out"; fi
printf '#pragma once\n\n#include "policy/rule.h"\n' >"$scratch/base/upward.h"
printf '#include "pam_module/host.h"\n' >"$scratch/cli/sideways.cc"
refused "an include upwards and one sideways are refused, each named with its line" \
  "base/upward.h:3: base/ includes policy/" "cli/sideways.cc:1: cli/ includes pam_module/"
# A folder of sources the page does not know, and a folder the page names that is gone.
mkdir "$scratch/extra"
printf 'int x;\n' >"$scratch/extra/x.cc"
rmdir "$scratch/config"
refused "the tree must match the page: a folder missing from either is named" \
  "extra/ holds sources but is not in docs/architecture.md" \
  "config/ is in docs/architecture.md but not in the tree"
finish
