#!/usr/bin/env bash
# rpmlint on the RPM spec (packaging/rpm/pam_idaas.spec): any error (E:) fails; warnings are
# shown, each explained in the spec or in docs/rpm.md. Plus the spec's promises: its Version
# is the project's, the main package's one scriptlet removes the cache on erase, the SELinux
# subpackage's scriptlets use selinux-policy's macros only, and none touches the PAM stacks
# (authselect owns them).
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

# Each scriptlet's body: from its %header to the next section. The main package's headers
# have no argument; the SELinux subpackage's name it ("%post selinux").
scriptlet_re='^%(pre|post|preun|postun|pretrans|posttrans|preuntrans|postuntrans|trigger[a-z]*|filetrigger[a-z]*|transfiletrigger[a-z]*)([[:space:]]|$)'
section_re='^%(package|description|prep|build|install|check|clean|files|changelog|if|endif)([[:space:]]|$)'
headers=$(grep -E "$scriptlet_re" "$spec" | sed 's/[[:space:]]*$//')
scriptlets=$(grep -Ev '[[:space:]]' <<<"$headers" | paste -sd ' ')
selinux_scriptlets=$(grep -E '[[:space:]]selinux$' <<<"$headers" | paste -sd ' ')
bodies_of() { # bodies_of ARGUMENT_RE: the bodies of the scriptlets whose header matches
  awk -v s="$scriptlet_re" -v e="$section_re" -v a="$1" '
    $0 ~ s { on = ($0 ~ a) } $0 ~ e && $0 !~ s { on = 0 } on' "$spec"
}
all_bodies=$(awk -v s="$scriptlet_re" -v e="$section_re" '$0 ~ s {on=1} $0 ~ e && $0 !~ s {on=0} on' "$spec")
bodies=$(bodies_of '^%[a-z]+[[:space:]]*$')
selinux_bodies=$(bodies_of '[[:space:]]selinux[[:space:]]*$')
if [[ $scriptlets == "%postun" ]]; then
  ok "one scriptlet of the main package, %postun"
else
  not_ok "one scriptlet of the main package, %postun" "found: ${scriptlets:-none}"
fi
if grep -Eq 'pam\.d|authselect|pam-auth-update' <<<"$all_bodies"; then
  not_ok "no scriptlet touches the PAM stacks (authselect owns them)" "$all_bodies"
else
  ok "no scriptlet touches the PAM stacks (authselect owns them)"
fi
# The SELinux subpackage: selinux-policy's macros only (Fedora's guidelines for a package's
# own policy module), the module removed on erase only.
# shellcheck disable=SC2016 # the spec's literal "$1"
others=$(grep -Ev '^%(pre|post|postun|posttrans) selinux$|^ *%selinux_(relabel_pre|relabel_post|modules_install|modules_uninstall) -s %\{selinuxtype\}( |$)|^if \[ "\$1" -eq 0 \]; then$|^fi$|^$' <<<"$selinux_bodies")
# shellcheck disable=SC2016 # the spec's literal "$1"
if [[ $selinux_scriptlets == "%pre selinux %post selinux %postun selinux %posttrans selinux" && -z $others ]] &&
  grep -Pzq 'if \[ "\$1" -eq 0 \]; then\n +%selinux_modules_uninstall -s %\{selinuxtype\} %\{modulename\}\nfi' <<<"$selinux_bodies"; then
  ok "the selinux subpackage: %pre, %post, %postun (on erase), %posttrans with selinux-policy's macros only"
else
  not_ok "the selinux subpackage: %pre, %post, %postun (on erase), %posttrans with selinux-policy's macros only" \
    "headers: ${selinux_scriptlets:-none}; other lines: ${others:-none}"
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
