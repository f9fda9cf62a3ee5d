#!/usr/bin/env bash
# rpmlint on the RPM spec (packaging/rpm/pam_idaas.spec): any error (E:) fails; warnings are
# shown, each explained in the spec or in docs/rpm.md. Plus two promises of the spec: its
# Version is the project's, and its one scriptlet removes the cache on erase and leaves the
# PAM stacks alone (authselect owns them).
#
# Usage: rpm.sh PROJECT_SOURCE_DIR
# Exit status: 0 clean, 1 a failed check, 2 usage, 77 rpmlint is not installed
# (a failure under PAM_IDAAS_REQUIRE_ALL=1, tests/lib/skip.sh).
# shellcheck source-path=SCRIPTDIR
set -uo pipefail
# shellcheck source=../cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
# shellcheck source=../lib/skip.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/skip.sh"
if [[ $# -ne 1 ]]; then
  echo "usage: $0 PROJECT_SOURCE_DIR" >&2
  exit 2
fi
spec=$1/packaging/rpm/pam_idaas.spec
command -v rpmlint >/dev/null || skip "rpmlint is not installed (scripts/install-deps installs it)"

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

# Each scriptlet's body: from its %header to the next section.
scriptlet_re='^%(pre|post|preun|postun|pretrans|posttrans|preuntrans|postuntrans|trigger[a-z]*|filetrigger[a-z]*|transfiletrigger[a-z]*)([[:space:]]|$)'
section_re='^%(package|description|prep|build|install|check|clean|files|changelog)([[:space:]]|$)'
scriptlets=$(grep -Eo "$scriptlet_re" "$spec" | sed 's/[[:space:]]*$//' | paste -sd ' ')
bodies=$(awk -v s="$scriptlet_re" -v e="$section_re" '$0 ~ s {on=1} $0 ~ e {on=0} on' "$spec")
if [[ $scriptlets == "%postun" ]]; then
  ok "one scriptlet, %postun"
else
  not_ok "one scriptlet, %postun" "found: ${scriptlets:-none}"
fi
if grep -Eq 'pam\.d|authselect|pam-auth-update' <<<"$bodies"; then
  not_ok "no scriptlet touches the PAM stacks (authselect owns them)" "$bodies"
else
  ok "no scriptlet touches the PAM stacks (authselect owns them)"
fi
# rpm runs %postun with $1 = 0 on erase and 1 on upgrade: the cache goes on erase only.
erase=$(sh -c "set -- 0; $(grep -v '^%' <<<"$bodies" | sed 's/rm -rf/echo rm -rf/')")
upgrade=$(sh -c "set -- 1; $(grep -v '^%' <<<"$bodies" | sed 's/rm -rf/echo rm -rf/')")
if [[ $erase == "rm -rf /run/pam_idaas" && -z $upgrade ]]; then
  ok "%postun removes /run/pam_idaas on erase, nothing on upgrade"
else
  not_ok "%postun removes /run/pam_idaas on erase, nothing on upgrade" "erase: '$erase'; upgrade: '$upgrade'"
fi
finish
