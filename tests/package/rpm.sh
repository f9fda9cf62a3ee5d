#!/usr/bin/env bash
# rpmlint on the RPM spec (packaging/rpm/pam_idaas.spec): any error (E:) fails; warnings are
# shown, each explained in the spec or in docs/rpm.md. Plus two promises of the spec: its
# Version is the project's, and it has no scriptlet (authselect owns the PAM stacks).
#
# Usage: rpm.sh PROJECT_SOURCE_DIR
# Exit status: 0 clean, 1 a failed check, 2 usage, 77 rpmlint is not installed.
# shellcheck source-path=SCRIPTDIR
set -uo pipefail
# shellcheck source=../cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
if [[ $# -ne 1 ]]; then
  echo "usage: $0 PROJECT_SOURCE_DIR" >&2
  exit 2
fi
spec=$1/packaging/rpm/pam_idaas.spec
command -v rpmlint >/dev/null || { echo "SKIP: rpmlint is not installed"; exit 77; }

out=$(rpmlint "$spec" 2>&1)
summary=$(grep -E '[0-9]+ errors?, [0-9]+ warnings?' <<<"$out" | tail -1 | sed 's/^ *//')
echo "# rpmlint ${spec#"$1"/}: ${summary:-no summary line}"
grep -E ': [EW]: ' <<<"$out" | sed 's/^/# | /'
if [[ -n $summary ]] && ! grep -Eq ': E: ' <<<"$out" && grep -Eq '(^|[^0-9])0 errors' <<<"$summary"; then
  ok "rpmlint: no error"
else
  not_ok "rpmlint: no error" "$out"
fi

spec_version=$(sed -n 's/^Version:[[:space:]]*//p' "$spec")
project_version=$(sed -n 's/^project(pam_idaas VERSION \([0-9.]*\).*/\1/p' "$1/CMakeLists.txt")
if [[ -n $spec_version && $spec_version == "$project_version" ]]; then
  ok "spec Version $spec_version is the project's"
else
  not_ok "spec Version is the project's" "spec: '$spec_version', CMakeLists.txt: '$project_version'"
fi

scriptlets=$(grep -En '^%(pre|post|preun|postun|pretrans|posttrans|preuntrans|postuntrans|trigger[a-z]*|filetrigger[a-z]*|transfiletrigger[a-z]*)([[:space:]]|$)' "$spec")
if [[ -z $scriptlets ]]; then
  ok "no scriptlets: /etc/pam.d is left to authselect"
else
  not_ok "no scriptlets" "$scriptlets"
fi
finish
